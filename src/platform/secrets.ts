// The API key lives in SecretStorage only. This module is the one reader and writer, and keeps the
// `aitre.hasApiKey` context key (which drives the welcome view) in step. Next to the key it keeps
// the gateway origin the user confirmed the key for: SecretStorage is this extension's own, so no
// workspace, Settings Sync or other extension can move that confirmation.
import * as vscode from 'vscode';
import { ContextKeys, SecretKeys } from '../constants';

export class ApiKeyStore implements vscode.Disposable {
  /** Kept in memory only so the log can redact it; never written anywhere else. */
  private cached: string | undefined;
  private readonly subscription: vscode.Disposable;
  private readonly changed = new vscode.EventEmitter<boolean>();
  /** Fires after the key or its confirmed origin changed (true when a key is set). */
  readonly onDidChange = this.changed.event;

  constructor(private readonly secrets: vscode.SecretStorage) {
    this.subscription = secrets.onDidChange(async (e) => {
      if (e.key === SecretKeys.apiKey || e.key === SecretKeys.apiKeyOrigin) await this.refresh();
    });
  }

  async refresh(): Promise<boolean> {
    this.cached = (await this.secrets.get(SecretKeys.apiKey)) || undefined;
    const has = Boolean(this.cached);
    await vscode.commands.executeCommand('setContext', ContextKeys.hasApiKey, has);
    this.changed.fire(has);
    return has;
  }

  async get(): Promise<string | undefined> {
    this.cached = (await this.secrets.get(SecretKeys.apiKey)) || undefined;
    return this.cached;
  }

  /** The gateway origin the key was confirmed for, e.g. `https://api.example.com`. */
  async origin(): Promise<string | undefined> {
    return (await this.secrets.get(SecretKeys.apiKeyOrigin)) || undefined;
  }

  /** For redaction only. */
  known(): string | undefined {
    return this.cached;
  }

  /** Stores the key, bound to `origin` (undefined: not confirmed for any gateway yet). */
  async set(key: string, origin: string | undefined): Promise<void> {
    // The origin first: a key never sits next to a confirmation that was meant for another key.
    if (origin) await this.secrets.store(SecretKeys.apiKeyOrigin, origin);
    else await this.secrets.delete(SecretKeys.apiKeyOrigin);
    await this.secrets.store(SecretKeys.apiKey, key);
    await this.refresh();
  }

  /** The user confirmed the key may go to `origin` (from now on, only there). */
  async confirmOrigin(origin: string): Promise<void> {
    await this.secrets.store(SecretKeys.apiKeyOrigin, origin);
    await this.refresh();
  }

  async clear(): Promise<void> {
    await this.secrets.delete(SecretKeys.apiKey);
    await this.secrets.delete(SecretKeys.apiKeyOrigin);
    await this.refresh();
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}
