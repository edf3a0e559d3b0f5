// Typed getters for the aitre.* settings: one place reads configuration.
import * as vscode from 'vscode';
import { BOT_TYPES, MJ_MODES, type BotType, type MjMode } from '../core/gateway/config';
import { QUOTA_UNITS, type QuotaUnit } from '../core/quota/format';
import { Settings } from '../constants';

/** The most finished tasks kept (the manifest's maximum for aitre.historyLimit). */
export const HISTORY_LIMIT_MAX = 10_000;

function section(): vscode.WorkspaceConfiguration {
  return vscode.workspace.getConfiguration(Settings.section);
}

/**
 * Settings that decide where requests go (and so who gets the key) are the user's choice: only
 * the User settings value or the default counts, never a workspace or folder value, whatever the
 * manifest's scope makes VS Code do with them.
 */
function userChoice<T>(key: string, fallback: T): T {
  const info = section().inspect<T>(key);
  return info?.globalValue ?? info?.defaultValue ?? fallback;
}

/** A folder setting as a path relative to the first workspace folder, never out of it (`.`/`..` dropped). */
function workspaceFolderSetting(key: string, fallback: string): string {
  const value = section().get<unknown>(key, fallback);
  const segments = (typeof value === 'string' ? value : '').replace(/\\/g, '/').split('/').map((s) => s.trim()).filter((s) => s && s !== '.' && s !== '..');
  return segments.join('/') || fallback;
}

export const config = {
  baseUrl: (): string => {
    const value = userChoice<unknown>(Settings.baseUrl, '');
    return typeof value === 'string' ? value.trim() : '';
  },
  mode: (): MjMode => {
    const value = userChoice<unknown>(Settings.mode, 'default');
    return typeof value === 'string' && (MJ_MODES as readonly string[]).includes(value) ? value as MjMode : 'default';
  },
  botType: (): BotType => {
    const value = section().get<string>(Settings.botType, 'MID_JOURNEY');
    return (BOT_TYPES as readonly string[]).includes(value) ? value as BotType : 'MID_JOURNEY';
  },
  pollIntervalMs: (): number => Math.max(250, Math.round(1000 * section().get<number>(Settings.pollIntervalSeconds, 5))),
  stallAfterMs: (): number => Math.max(1, section().get<number>(Settings.stallMinutes, 10)) * 60_000,
  /** Where images are saved, relative to the first workspace folder. */
  outputFolder: (): string => workspaceFolderSetting(Settings.outputFolder, 'assets/aitre'),
  /** How Insert writes a saved video into Markdown: a link, or an HTML <video> tag. */
  videoMarkdown: (): 'link' | 'html' => (section().get<string>(Settings.videoMarkdown, 'link') === 'html' ? 'html' : 'link'),
  /** Where Speak Selection saves audio, relative to the first workspace folder. */
  audioFolder: (): string => workspaceFolderSetting(Settings.audioFolder, 'assets/aitre/audio'),
  transcriptionFormat: (): string => {
    const value = section().get<unknown>(Settings.transcriptionFormat, 'text');
    return typeof value === 'string' ? value : 'text';
  },
  /** What a MidJourney submit does with the result panel: open it, offer it in a notification, or only say so in the status bar. */
  resultsOpenPanel: (): 'open' | 'offer' | 'quiet' => {
    const value = section().get<string>(Settings.resultsOpenPanel, 'offer');
    return value === 'open' || value === 'quiet' ? value : 'offer';
  },
  groupByDay: (): boolean => section().get<boolean>(Settings.groupByDay, false),
  setGroupByDay: (value: boolean): Thenable<void> => section().update(Settings.groupByDay, value, vscode.ConfigurationTarget.Global),
  /** A model setting (`models.chat`, …), trimmed; '' when unset. */
  modelName: (key: string): string => {
    const value = section().get<unknown>(key, '');
    return typeof value === 'string' ? value.trim() : '';
  },
  /** Stores a model choice where it takes effect: the folder or workspace when that already sets it, else the user settings. */
  setModelName: (key: string, model: string): Thenable<void> => {
    const inspected = section().inspect<string>(key);
    const target = inspected?.workspaceFolderValue !== undefined ? vscode.ConfigurationTarget.WorkspaceFolder
      : inspected?.workspaceValue !== undefined ? vscode.ConfigurationTarget.Workspace : vscode.ConfigurationTarget.Global;
    return section().update(key, model.trim(), target);
  },
  historyLimit: (): number => Math.min(HISTORY_LIMIT_MAX, Math.max(10, Math.round(section().get<number>(Settings.historyLimit, 500)))),
  /** aitre.imageCacheMB in bytes (16 MB to 8 GB, the manifest's bounds). */
  imageCacheBytes: (): number => Math.min(8192, Math.max(16, section().get<number>(Settings.imageCacheMB, 512))) * 1024 * 1024,
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
