// The API key lives in SecretStorage only. This module is the one reader and writer, and keeps the
// `aitre.hasApiKey` context key (which drives the welcome view) in step.
import * as vscode from 'vscode';
import { ContextKeys, SecretKeys } from '../constants';

export class ApiKeyStore implements vscode.Disposable {
  /** Kept in memory only so the log can redact it; never written anywhere else. */
  private cached: string | undefined;
  private readonly subscription: vscode.Disposable;
  private readonly changed = new vscode.EventEmitter<boolean>();
  readonly onDidChange = this.changed.event;

  constructor(private readonly secrets: vscode.SecretStorage) {
    this.subscription = secrets.onDidChange(async (e) => {
      if (e.key === SecretKeys.apiKey) await this.refresh();
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

  /** For redaction only. */
  known(): string | undefined {
    return this.cached;
  }

  async set(key: string): Promise<void> {
    await this.secrets.store(SecretKeys.apiKey, key);
    await this.refresh();
  }

  async clear(): Promise<void> {
    await this.secrets.delete(SecretKeys.apiKey);
    await this.refresh();
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}
