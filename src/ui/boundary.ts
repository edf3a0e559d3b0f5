// The one error boundary for commands: domain errors become one clear message (with the action
// that fixes them), details go to the log, and nothing raw reaches the user.
import * as vscode from 'vscode';
import { Commands, Settings } from '../constants';
import { GatewayError, userMessageOf } from '../core/gateway/errors';
import type { Logger } from '../core/base/log';

/** A message the boundary put in front of the user (kept so tests can see what a person saw). */
export interface ShownMessage {
  level: 'error' | 'warning';
  text: string;
  /** The GatewayError kind, or 'unexpected'. */
  kind: string;
  /** 1, 2, 3… in the order shown. */
  seq: number;
}

export class CommandBoundary {
  private readonly recent: ShownMessage[] = [];
  private shownCount = 0;

  constructor(private readonly logger: Logger, private readonly askForKey: () => Promise<boolean>) {}

  /** The last messages shown, oldest first (at most 50). */
  get shown(): readonly ShownMessage[] {
    return this.recent;
  }

  private note(level: ShownMessage['level'], kind: string, text: string): void {
    this.recent.push({ level, kind, text, seq: ++this.shownCount });
    if (this.recent.length > 50) this.recent.shift();
  }

  /** Registers a command whose errors are handled here. */
  register(id: string, handler: (...args: unknown[]) => unknown): vscode.Disposable {
    return vscode.commands.registerCommand(id, (...args: unknown[]) => this.run(id, () => handler(...args)));
  }

  /**
   * Runs `work`; when it fails only because no key is set, offers to set one and runs it again
   * (nothing was sent the first time, so this cannot double-charge).
   */
  async run<T>(label: string, work: () => T | Promise<T>): Promise<T | undefined> {
    try {
      return await work();
    } catch (error) {
      if (error instanceof GatewayError && error.kind === 'no-key') {
        this.note('warning', error.kind, error.message);
        const choice = await vscode.window.showWarningMessage(error.message, 'Set API Key');
        if (choice === 'Set API Key' && (await this.askForKey())) {
          try {
            return await work();
          } catch (again) {
            await this.report(label, again);
            return undefined;
          }
        }
        return undefined;
      }
      await this.report(label, error);
      return undefined;
    }
  }

  async report(label: string, error: unknown): Promise<void> {
    if (error instanceof GatewayError) {
      this.logger.error(`${label}: ${error.kind}: ${error.detail}`);
      if (error.kind === 'cancelled') return;
      await this.show(error);
      return;
    }
    this.logger.error(`${label}: unexpected error: ${error instanceof Error ? error.stack ?? error.message : String(error)}`);
    this.note('error', 'unexpected', userMessageOf(error));
    void this.showWithLog(userMessageOf(error));
  }

  private async show(error: GatewayError): Promise<void> {
    const warning = ['banned-word', 'validation', 'queue-full', 'rate-limited'].includes(error.kind);
    this.note(warning ? 'warning' : 'error', error.kind, error.message);
    switch (error.kind) {
      case 'config': {
        const choice = await vscode.window.showErrorMessage(error.message, 'Open Settings');
        if (choice) await vscode.commands.executeCommand('workbench.action.openSettings', `${Settings.section}.${Settings.baseUrl}`);
        return;
      }
      case 'auth': {
        const choice = await vscode.window.showErrorMessage(error.message, 'Set API Key');
        if (choice) await vscode.commands.executeCommand(Commands.setApiKey);
        return;
      }
      case 'banned-word':
      case 'validation':
      case 'queue-full':
      case 'rate-limited':
        void vscode.window.showWarningMessage(error.message);
        return;
      default:
        void this.showWithLog(error.message);
    }
  }

  private async showWithLog(message: string): Promise<void> {
    const choice = await vscode.window.showErrorMessage(message, 'Show Log');
    if (choice) await vscode.commands.executeCommand(Commands.showLog);
  }
}
