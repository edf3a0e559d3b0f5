// Typed getters for the aitre.* settings: one place reads configuration.
import * as vscode from 'vscode';
import { BOT_TYPES, MJ_MODES, type BotType, type MjMode } from '../core/gateway/config';
import { QUOTA_UNITS, type QuotaUnit } from '../core/quota/format';
import { Settings } from '../constants';

function section(): vscode.WorkspaceConfiguration {
  return vscode.workspace.getConfiguration(Settings.section);
}

export const config = {
  baseUrl: (): string => section().get<string>(Settings.baseUrl, '').trim(),
  mode: (): MjMode => {
    const value = section().get<string>(Settings.mode, 'default');
    return (MJ_MODES as readonly string[]).includes(value) ? value as MjMode : 'default';
  },
  botType: (): BotType => {
    const value = section().get<string>(Settings.botType, 'MID_JOURNEY');
    return (BOT_TYPES as readonly string[]).includes(value) ? value as BotType : 'MID_JOURNEY';
  },
  pollIntervalMs: (): number => Math.max(250, Math.round(1000 * section().get<number>(Settings.pollIntervalSeconds, 5))),
  stallAfterMs: (): number => Math.max(1, section().get<number>(Settings.stallMinutes, 10)) * 60_000,
  outputFolder: (): string => section().get<string>(Settings.outputFolder, 'assets/aitre').trim().replace(/^[/\\]+|[/\\]+$/g, '') || 'assets/aitre',
  groupByDay: (): boolean => section().get<boolean>(Settings.groupByDay, false),
  historyLimit: (): number => Math.max(10, Math.round(section().get<number>(Settings.historyLimit, 500))),
  affects: (event: vscode.ConfigurationChangeEvent, key: string): boolean => event.affectsConfiguration(`${Settings.section}.${key}`),
  // Prompts in the editor; the lens and diagnostics switches may be set per language ("[markdown]": {...}).
  promptFiles: (): string[] => section().get<unknown[]>(Settings.promptFiles, []).filter((g): g is string => typeof g === 'string' && g.trim() !== ''),
  promptDefaultVersion: (): string => section().get<string>(Settings.promptDefaultVersion, '7'),
  promptCodeLens: (document: vscode.TextDocument): boolean => vscode.workspace.getConfiguration(Settings.section, document).get<boolean>(Settings.promptCodeLens, true),
  quotaUnit: (): QuotaUnit => {
    const value = section().get<string>(Settings.quotaUnit, 'USD');
    return (QUOTA_UNITS as readonly string[]).includes(value) ? value as QuotaUnit : 'USD';
  },
  promptDiagnostics: (document: vscode.TextDocument): boolean => vscode.workspace.getConfiguration(Settings.section, document).get<boolean>(Settings.promptDiagnostics, true),
};
