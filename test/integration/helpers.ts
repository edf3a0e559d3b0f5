// Set-up the integration suites share: the extension pointed at an in-process simulator, and ways
// to drive the quick inputs a command opens and to wait for what it showed — always on a
// condition, never on a fixed time.
import * as vscode from 'vscode';
import type { AitreApi } from '../../src/extension';
import type { Simulator } from '../simulator';

export const EXTENSION_ID = 'aitre.aitre-vscode';
const tick = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Polls `read` until it returns something truthy. */
export async function until<T>(read: () => T | undefined | false, what: string, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = read();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await tick(25);
  }
}

/** Like until(), for reads that ask VS Code (provider commands and other async reads). */
export async function eventually<T>(read: () => Promise<T | undefined | false>, what: string, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await tick(50);
  }
}

/**
 * Presses Enter in whatever quick input the command opened (input box or quick pick, step after
 * step), as a person would, until the command's promise settles. Enter with no quick input open
 * does nothing, so it is safe to press before the input shows.
 */
export async function acceptUntilDone<T>(pending: Thenable<T>, what = 'the command', timeoutMs = 15_000): Promise<T> {
  return driveUntilDone(pending, 'workbench.action.acceptSelectedQuickOpenItem', what, timeoutMs);
}

/** Presses Escape on the command's quick inputs until it settles (a person cancelling). */
export async function cancelUntilDone<T>(pending: Thenable<T>, what = 'the command', timeoutMs = 15_000): Promise<T> {
  return driveUntilDone(pending, 'workbench.action.closeQuickOpen', what, timeoutMs);
}

async function driveUntilDone<T>(pending: Thenable<T>, command: string, what: string, timeoutMs: number): Promise<T> {
  let settled = false;
  const result = Promise.resolve(pending).finally(() => { settled = true; });
  const deadline = Date.now() + timeoutMs;
  while (!settled) {
    if (Date.now() > deadline) throw new Error(`${what} did not finish after its quick inputs were answered`);
    await vscode.commands.executeCommand(command);
    await Promise.race([result.catch(() => undefined), tick(100)]);
  }
  return result;
}

/**
 * A mark in the error boundary's messages; the returned function waits until a message matching
 * `text` was shown after the mark (the command refused, and said so).
 */
export function messagesFrom(api: AitreApi): (text: RegExp, timeoutMs?: number) => Promise<void> {
  const after = api.shownMessages().at(-1)?.seq ?? 0;
  return async (text, timeoutMs = 15_000) => {
    const fresh = () => api.shownMessages().filter((m) => m.seq > after);
    await until(() => fresh().some((m) => text.test(m.text)), `a message matching ${text} (saw ${JSON.stringify(fresh().map((m) => m.text))})`, timeoutMs);
  };
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
  await reconnect(api, sim);
  return api;
}

/** Precondition for a test: the settings and key connect() sets, whatever an earlier test changed. */
export async function reconnect(api: AitreApi, sim: Simulator): Promise<void> {
  const settings = vscode.workspace.getConfiguration('aitre');
  if (settings.get('baseUrl') !== sim.url) await settings.update('baseUrl', sim.url, vscode.ConfigurationTarget.Global);
  if (settings.get('pollIntervalSeconds') !== 0.25) await settings.update('pollIntervalSeconds', 0.25, vscode.ConfigurationTarget.Global);
  await api.setKey(sim.apiKey);
  sim.clearFaults();
}

/** Undoes connect(): key removed, settings back to their defaults, editors closed. */
export async function disconnect(api: AitreApi | undefined): Promise<void> {
  await api?.clearKey();
  const settings = vscode.workspace.getConfiguration('aitre');
  await settings.update('baseUrl', undefined, vscode.ConfigurationTarget.Global);
  await settings.update('pollIntervalSeconds', undefined, vscode.ConfigurationTarget.Global);
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
}
