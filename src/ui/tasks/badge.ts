// The Tasks view's badge: how many tasks are running, kept in step with the store.
import * as vscode from 'vscode';
import { isRunning } from '../../core/tasks/presentation';
import type { TaskStore } from '../../core/tasks/store';

export function showRunningCount(treeView: vscode.TreeView<unknown>, store: TaskStore): vscode.Disposable {
  const update = () => {
    let running = 0;
    for (const task of store.values()) if (isRunning(task)) running++;
    treeView.badge = running ? { value: running, tooltip: vscode.l10n.t('{0} AITRE task(s) running', running) } : undefined;
  };
  update();
  return store.onDidChange(update);
}
