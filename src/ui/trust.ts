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

const USE = 'Use This Gateway';
const USE_HTTP = 'Send over HTTP';
const SETTINGS = 'Open Settings';

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
    void vscode.window.showWarningMessage(`${error.message} Running tasks are not checked until then.`, 'Review Gateway…').then(async (choice) => {
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
      ? `Send your AITRE API key to ${host} over plain HTTP?`
      : `Send your AITRE API key to ${host}?`;
    const detail = [
      `The gateway setting "aitre.baseUrl" points at ${origin}${confirmed ? `, but your key was confirmed for ${confirmed}` : ''}.`,
      confirmed ? 'It may have been changed by you, by Settings Sync or by another extension.' : 'AITRE sends the key only to a gateway you confirm.',
      cleartext
        ? `${origin} is not encrypted: the key, your prompts and the results would travel in clear text, readable by anyone on the network. Prefer https:// if the gateway offers it.`
        : `Confirm only if ${host} is your AITRE gateway.`,
    ].join(' ');
    const choice = await vscode.window.showWarningMessage(message, { modal: true, detail }, cleartext ? USE_HTTP : USE, SETTINGS);
    if (choice === SETTINGS) {
      await vscode.commands.executeCommand('workbench.action.openSettings', `${Settings.section}.${Settings.baseUrl}`);
      return false;
    }
    return choice === USE || choice === USE_HTTP;
  }
}
