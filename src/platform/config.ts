// Typed getters for the aitre.* settings: one place reads configuration.
import * as vscode from 'vscode';
import { BOT_TYPES, MJ_MODES, type BotType, type MjMode } from '../core/gateway/config';
import { Settings } from '../constants';

/** The most finished tasks kept (the manifest's maximum for aitre.historyLimit). */
export const HISTORY_LIMIT_MAX = 10_000;

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
  historyLimit: (): number => Math.min(HISTORY_LIMIT_MAX, Math.max(10, Math.round(section().get<number>(Settings.historyLimit, 500)))),
  /** aitre.imageCacheMB in bytes (16 MB to 8 GB, the manifest's bounds). */
  imageCacheBytes: (): number => Math.min(8192, Math.max(16, section().get<number>(Settings.imageCacheMB, 512))) * 1024 * 1024,
  affects: (event: vscode.ConfigurationChangeEvent, key: string): boolean => event.affectsConfiguration(`${Settings.section}.${key}`),
};
