// What changes at once when a setting changes (the rest reads settings when it needs them): the
// tree's grouping, and the gateway: a malformed URL is reported once, when it is set, with the fix
// (a "Use https://host" button where one is known); a good one restarts tracking there. The
// tracker's and the quota's checks of the same bad URL then stay quiet: one message per bad URL.
import * as vscode from 'vscode';
import { Settings } from '../constants';
import { checkBaseUrl } from '../core/gateway/config';
import { GatewayError } from '../core/gateway/errors';
import type { Tracker } from '../core/tasks/tracker';
import { config } from '../platform/config';
import type { CommandBoundary } from './boundary';
import type { TaskTreeProvider } from './tasks/tree';

export class SettingsFollower implements vscode.Disposable {
  private urlProblemShown: string | undefined;
  private readonly subscription: vscode.Disposable;

  constructor(tree: TaskTreeProvider, tracker: Tracker, boundary: CommandBoundary) {
    this.subscription = vscode.workspace.onDidChangeConfiguration((event) => {
      if (config.affects(event, Settings.groupByDay)) tree.refresh();
      if (config.affects(event, Settings.baseUrl)) {
        const check = checkBaseUrl(config.baseUrl());
        this.urlProblemShown = undefined;
        if (!check.ok && config.baseUrl()) {
          this.urlProblemShown = check.message;
          void boundary.report('settings', new GatewayError({ kind: 'config', message: check.message, fixUrl: check.fix }));
        } else {
          tracker.start();
        }
      }
    });
  }

  /** This error is the bad gateway URL already reported when it was set. */
  readonly alreadySaid = (error: GatewayError): boolean => error.kind === 'config' && error.message === this.urlProblemShown;

  dispose(): void {
    this.subscription.dispose();
  }
}
