// The "Get Started with AITRE" walkthrough: the context keys its steps tick on (the gateway URL is
// valid, a first task exists, a result was saved) and the command that opens it.
import * as vscode from 'vscode';
import { Commands, ContextKeys, Settings, WALKTHROUGH_ID } from '../constants';
import { checkBaseUrl } from '../core/gateway/config';
import type { TaskStore } from '../core/tasks/store';
import { config } from '../platform/config';

export function registerWalkthrough(context: vscode.ExtensionContext, store: TaskStore): void {
  const known = new Map<string, boolean>();
  const set = (key: string, value: boolean) => {
    if (known.get(key) === value) return;
    known.set(key, value);
    void vscode.commands.executeCommand('setContext', key, value);
  };
  const fromSettings = () => set(ContextKeys.hasGatewayUrl, checkBaseUrl(config.baseUrl()).ok);
  const fromTasks = () => {
    let saved = false;
    for (const task of store.values()) if (task.saved?.length) { saved = true; break; }
    set(ContextKeys.hasTasks, store.size > 0);
    set(ContextKeys.hasSavedResult, saved);
  };
  context.subscriptions.push(
    vscode.workspace.onDidChangeConfiguration((event) => { if (config.affects(event, Settings.baseUrl)) fromSettings(); }),
    { dispose: store.onDidChange(fromTasks).dispose },
    vscode.commands.registerCommand(Commands.getStarted, () => vscode.commands.executeCommand('workbench.action.openWalkthrough', WALKTHROUGH_ID, false)),
  );
  fromSettings();
  fromTasks();
}
