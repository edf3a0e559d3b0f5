// Set-up the integration suites share: the extension pointed at an in-process simulator.
import * as vscode from 'vscode';
import type { AitreApi } from '../../src/extension';
import type { Simulator } from '../simulator';

export const EXTENSION_ID = 'aitre.aitre-vscode';
export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Polls `read` until it returns something truthy. */
export async function until<T>(read: () => T | undefined | false, what: string, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = read();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(25);
  }
}

/** Accepts the quick pick / input box a command opened, as Enter would. */
export async function acceptQuickInput(): Promise<void> {
  await sleep(400);
  await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
}

/** Activates AITRE and takes its test probe (handed out only to an extension test run). */
export async function probe(): Promise<AitreApi> {
  const api = await vscode.extensions.getExtension<AitreApi | undefined>(EXTENSION_ID)!.activate();
  if (!api) throw new Error('AITRE returned no test probe: the extension host is not in ExtensionMode.Test');
  return api;
}

/**
 * Activates AITRE, points it at the simulator with fast polling and the simulator's key (bound to
 * the simulator's origin, as Set API Key does).
 */
export async function connect(sim: Simulator): Promise<AitreApi> {
  const api = await probe();
  const settings = vscode.workspace.getConfiguration('aitre');
  await settings.update('baseUrl', sim.url, vscode.ConfigurationTarget.Global);
  await settings.update('pollIntervalSeconds', 0.25, vscode.ConfigurationTarget.Global);
  await api.setKey(sim.apiKey);
  return api;
}

/** Undoes connect(): key removed, settings back to their defaults, editors closed. */
export async function disconnect(api: AitreApi | undefined): Promise<void> {
  await api?.clearKey();
  const settings = vscode.workspace.getConfiguration('aitre');
  await settings.update('baseUrl', undefined, vscode.ConfigurationTarget.Global);
  await settings.update('pollIntervalSeconds', undefined, vscode.ConfigurationTarget.Global);
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
}
