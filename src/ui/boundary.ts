// The one error boundary for commands: domain errors become one clear message (with the action
// that fixes them), details go to the log, and nothing raw reaches the user.
import * as vscode from 'vscode';
import { Commands, Settings } from '../constants';
import { GatewayError, userMessageOf } from '../core/gateway/errors';
import type { Logger } from '../core/base/log';

/** What the boundary needs to fix "nothing was sent" failures with the user's help. */
export interface BoundaryPrompts {
  /** Set API Key; true when a key was stored. */
  askForKey(): Promise<boolean>;
}

export type Attempt<T> = { ok: true; value: T | undefined } | { ok: false; message: string };

/** A message the boundary put in front of the user (kept so tests can see what a person saw). */
export interface ShownMessage {
  level: 'error' | 'warning' | 'status';
  text: string;
  /** The GatewayError kind, or 'unexpected'. */
  kind: string;
  /** 1, 2, 3… in the order shown. */
  seq: number;
}

export class CommandBoundary {
  private readonly recent: ShownMessage[] = [];
  private shownCount = 0;

  constructor(private readonly logger: Logger, private readonly prompts: BoundaryPrompts) {}

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
   * (nothing was sent the first time, so this cannot double-charge). An unconfirmed gateway is
   * asked about by the gateway client itself, in place, so the same request simply continues.
   */
  async run<T>(label: string, work: () => T | Promise<T>): Promise<T | undefined> {
    const outcome = await this.attempt(label, work);
    if (!outcome.ok) return undefined;
    return outcome.value;
  }

  /**
   * As run(), but a failure is handed back as its sentence instead of being shown: for a UI that
   * shows the reason itself (the mask editor keeps the painting and says why it was refused).
   */
  async attempt<T>(label: string, work: () => T | Promise<T>, options: { show?: boolean } = {}): Promise<Attempt<T>> {
    const show = options.show ?? true;
    try {
      return { ok: true, value: await this.withPrompts(work) };
    } catch (error) {
      if (error instanceof GatewayError && error.kind === 'cancelled') {
        this.logger.info(`${label}: cancelled`);
        return { ok: false, message: error.message };
      }
      if (show) await this.report(label, error);
      else this.log(label, error);
      return { ok: false, message: userMessageOf(error) };
    }
  }

  /** One Set API Key prompt at most: a second no-key failure after it is final. */
  private async withPrompts<T>(work: () => T | Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      if (!(error instanceof GatewayError) || error.kind !== 'no-key') throw error;
      this.note('warning', error.kind, error.message);
      const choice = await vscode.window.showWarningMessage(error.message, vscode.l10n.t('Set API Key'));
      if (choice === vscode.l10n.t('Set API Key') && (await this.prompts.askForKey())) return work();
      throw new GatewayError({ kind: 'cancelled', message: vscode.l10n.t('Nothing was sent: no API key is set.') });
    }
  }

  async report(label: string, error: unknown): Promise<void> {
    this.log(label, error);
    if (error instanceof GatewayError) {
      if (error.kind === 'cancelled') return;
      this.show(error);
      return;
    }
    this.note('error', 'unexpected', userMessageOf(error));
    this.showWithLog(userMessageOf(error));
  }

  /**
   * A problem that mends itself (the gateway down while polls retry): a notification with a
   * running progress bar that goes away when `close()` is called, so the notification center does
   * not keep a problem that is already over. `title` is short, so the collapsed notification (one
   * line, as VS Code shows one without buttons) still says what is wrong; VS Code shows
   * "title: error.message" when it is expanded. Logged like any report.
   */
  showUntilMended(label: string, title: string, error: GatewayError): { close(): void } {
    this.log(label, error);
    this.note('warning', error.kind, `${title}: ${error.message}`);
    let close: () => void = () => undefined;
    const mended = new Promise<void>((resolve) => { close = resolve; });
    void vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title }, (progress) => {
      progress.report({ message: error.message });
      return mended;
    });
    return { close: () => close() };
  }

  private log(label: string, error: unknown): void {
    if (error instanceof GatewayError) this.logger.error(`${label}: ${error.kind}: ${error.detail}`);
    else this.logger.error(`${label}: unexpected error: ${error instanceof Error ? error.stack ?? error.message : String(error)}`);
  }

  /** Shows the sentence with the action that fixes it; never waits for the click (the command is over). */
  private show(error: GatewayError): void {
    const level = error.kind === 'duplicate' ? 'status'
      : ['banned-word', 'validation', 'queue-full', 'rate-limited', 'untrusted-origin'].includes(error.kind) ? 'warning' : 'error';
    this.note(level, error.kind, error.message);
    switch (error.kind) {
      case 'config':
      case 'redirected': {
        // The fix itself as a button when the check knows the URL that was meant.
        const use = error.fixUrl ? vscode.l10n.t('Use {0}', error.fixUrl) : undefined;
        void vscode.window.showErrorMessage(error.message, ...(use ? [use] : []), vscode.l10n.t('Open Settings')).then((choice) => {
          if (use && choice === use) {
            void vscode.workspace.getConfiguration(Settings.section).update(Settings.baseUrl, error.fixUrl, vscode.ConfigurationTarget.Global);
          } else if (choice) {
            void vscode.commands.executeCommand('workbench.action.openSettings', `${Settings.section}.${Settings.baseUrl}`);
          }
        });
        return;
      }
      case 'auth':
        void vscode.window.showErrorMessage(error.message, vscode.l10n.t('Set API Key')).then((choice) => {
          if (choice) void vscode.commands.executeCommand(Commands.setApiKey);
        });
        return;
      case 'duplicate':
        // A second click on something already on its way: say it quietly, it is not a failure.
        vscode.window.setStatusBarMessage(vscode.l10n.t('AITRE: {0}', error.message), 5000);
        return;
      case 'banned-word':
      case 'validation':
      case 'queue-full':
      case 'rate-limited':
      case 'untrusted-origin':
        void vscode.window.showWarningMessage(error.message);
        return;
      default:
        this.showWithLog(error.message);
    }
  }

  private showWithLog(message: string): void {
    void vscode.window.showErrorMessage(message, vscode.l10n.t('Show Log')).then((choice) => {
      if (choice) void vscode.commands.executeCommand(Commands.showLog);
    });
  }
}
