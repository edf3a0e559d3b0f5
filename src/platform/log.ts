// The AITRE output channel. Every line passes through `redact`, so the key never reaches the log.
import * as vscode from 'vscode';
import { redact, type Logger } from '../core/base/log';

export class OutputLog implements Logger {
  readonly channel: vscode.LogOutputChannel;
  /** A true private field: whoever holds the log cannot call it to read the key. */
  readonly #secrets: () => readonly (string | undefined)[];

  constructor(secrets: () => readonly (string | undefined)[]) {
    this.#secrets = secrets;
    this.channel = vscode.window.createOutputChannel('AITRE', { log: true });
  }

  debug(message: string): void { this.channel.debug(this.clean(message)); }
  info(message: string): void { this.channel.info(this.clean(message)); }
  warn(message: string): void { this.channel.warn(this.clean(message)); }
  error(message: string): void { this.channel.error(this.clean(message)); }

  private clean(message: string): string {
    return redact(message, this.#secrets());
  }

  dispose(): void { this.channel.dispose(); }
}
