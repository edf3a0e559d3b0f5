// Which gateway gets the key: the questions a person answers. The gateway client refuses to send
// the key to an origin the user has not confirmed (untrusted-origin); this module asks, in a modal
// that names the origin, and records the answer next to the key. Background work (the tracker)
// never opens the modal: it gets one notification per origin, with a button to review.
import * as vscode from 'vscode';
import { Settings } from '../constants';
import type { Logger } from '../core/base/log';
import { checkBaseUrl } from '../core/gateway/config';
import type { GatewayError } from '../core/gateway/errors';
import { hostOf, isCleartext, originOf } from '../core/gateway/trust';
import type { ApiKeyStore } from '../platform/secrets';

// Functions, not constants: the button texts are read in the UI language once activation set it up.
const USE = (): string => vscode.l10n.t('Use This Gateway');
const USE_HTTP = (): string => vscode.l10n.t('Send over HTTP');
const SETTINGS = (): string => vscode.l10n.t('Open Settings');

export class GatewayTrust {
  private readonly asking = new Map<string, Promise<boolean>>();
  private readonly notified = new Set<string>();

  constructor(
    private readonly keys: ApiKeyStore,
    private readonly baseUrl: () => string,
    private readonly logger: Logger,
  ) {}

  /** The origin requests go to now, or undefined while the setting is empty or malformed. */
  currentOrigin(): string | undefined {
    const check = checkBaseUrl(this.baseUrl());
    return check.ok ? originOf(check.url) : undefined;
  }

  /**
   * Asks whether the key may go to `origin` (one modal at a time per origin); records a yes.
   * Returns true when the user confirmed and that origin is still the configured one.
   */
  ask(origin: string): Promise<boolean> {
    let pending = this.asking.get(origin);
    if (!pending) {
      pending = this.askOnce(origin).finally(() => this.asking.delete(origin));
      this.asking.set(origin, pending);
    }
    return pending;
  }

  /**
   * Set API Key: the key is bound to the current gateway (the input box named it). Plain http to
   * another machine is asked about first. Returns the origin to bind, or undefined.
   */
  async originForNewKey(): Promise<string | undefined> {
    const origin = this.currentOrigin();
    if (!origin || !isCleartext(origin)) return origin;
    return (await this.question(origin, undefined)) ? origin : undefined;
  }

  /** The tracker cannot ask: say so once per origin, with a way to answer. */
  notifyOnce(error: GatewayError): void {
    const origin = error.origin;
    if (!origin || this.notified.has(origin)) return;
    this.notified.add(origin);
    void vscode.window.showWarningMessage(vscode.l10n.t('{0} Running tasks are not checked until then.', error.message), vscode.l10n.t('Review Gateway…')).then(async (choice) => {
      if (choice) await this.ask(origin);
    });
  }

  private async askOnce(origin: string): Promise<boolean> {
    const confirmed = await this.keys.origin();
    if (confirmed === origin) return true;
    if (!(await this.question(origin, confirmed))) return false;
    // The setting may have moved on while the modal was open: confirm only what is still configured.
    if (this.currentOrigin() !== origin) return false;
    await this.keys.confirmOrigin(origin);
    this.notified.delete(origin);
    this.logger.info(`The API key is now confirmed for ${origin}.`);
    return true;
  }

  private async question(origin: string, confirmed: string | undefined): Promise<boolean> {
    const host = hostOf(origin);
    const cleartext = isCleartext(origin);
    const message = cleartext
      ? vscode.l10n.t('Send your AITRE API key to {0} over plain HTTP?', host)
      : vscode.l10n.t('Send your AITRE API key to {0}?', host);
    const detail = [
      vscode.l10n.t('The gateway setting "aitre.baseUrl" points at {0}{1}.', origin, confirmed ? vscode.l10n.t(', but your key was confirmed for {0}', confirmed) : ''),
      confirmed ? vscode.l10n.t('It may have been changed by you, by Settings Sync or by another extension.') : vscode.l10n.t('AITRE sends the key only to a gateway you confirm.'),
      cleartext
        ? vscode.l10n.t('{0} is not encrypted: the key, your prompts and the results would travel in clear text, readable by anyone on the network. Prefer https:// if the gateway offers it.', origin)
        : vscode.l10n.t('Confirm only if {0} is your AITRE gateway.', host),
    ].join(' ');
    const choice = await vscode.window.showWarningMessage(message, { modal: true, detail }, cleartext ? USE_HTTP() : USE(), SETTINGS());
    if (choice === SETTINGS()) {
      await vscode.commands.executeCommand('workbench.action.openSettings', `${Settings.section}.${Settings.baseUrl}`);
      return false;
    }
    return choice === USE() || choice === USE_HTTP();
  }
}
