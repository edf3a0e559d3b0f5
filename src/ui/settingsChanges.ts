// What changes at once when a setting changes (the rest reads settings when it needs them): the
// tree's grouping, and the gateway: a malformed URL is reported once, when it is set, with the fix;
// a good one restarts tracking there.
import * as vscode from 'vscode';
import { Settings } from '../constants';
import { checkBaseUrl } from '../core/gateway/config';
import type { Tracker } from '../core/tasks/tracker';
import { config } from '../platform/config';
import type { TaskTreeProvider } from './tasks/tree';

export function followSettings(tree: TaskTreeProvider, tracker: Tracker): vscode.Disposable {
  return vscode.workspace.onDidChangeConfiguration((event) => {
    if (config.affects(event, Settings.groupByDay)) tree.refresh();
    if (config.affects(event, Settings.baseUrl)) {
      const check = checkBaseUrl(config.baseUrl());
      if (!check.ok && config.baseUrl()) void vscode.window.showWarningMessage(check.message);
      else tracker.start();
    }
  });
}
