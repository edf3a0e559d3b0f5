// The result panel's page as the host sees it: whether it said it is ready, and the requests that
// wait for its answer. Cutting a 2x2 grid into its four images happens in the page (its canvas decodes
// PNG, JPEG and WebP; a decoder in the host would add a bundle per format, and the page is there
// anyway). A request waits for the page to be ready (an event, not a poll), each answer is matched to
// its request, and every waiting request fails at once when the panel closes.
import * as vscode from 'vscode';
import type { HostToWebview } from '../../shared/protocol';

/** How long one split may take once the page has the bytes (a slow machine decodes a 4 MB PNG in ~1 s). */
const SPLIT_TIMEOUT_MS = 30_000;
/** How long a page that is opening may take to say it is ready. */
const READY_TIMEOUT_MS = 20_000;

interface Pending {
  resolve(parts: Uint8Array[]): void;
  reject(error: Error): void;
}

interface PendingSplit extends Pending {
  message: HostToWebview;
}

export class PanelPage {
  private nextId = 1;
  private ready = false;
  private readonly pending = new Map<number, PendingSplit>();
  private waiters: Pending[] = [];

  constructor(private readonly send: (message: HostToWebview) => void) {}

  get isReady(): boolean {
    return this.ready;
  }

  /** A new page was loaded into the panel: nothing can be sent until it says it is ready. */
  opened(): void {
    this.ready = false;
  }

  /**
   * The page said it is ready. Requests still unanswered go out again: VS Code drops a hidden
   * panel's page and loads a new one when it is shown, and the old page took them along.
   */
  readied(): void {
    this.ready = true;
    for (const request of this.pending.values()) this.send(request.message);
    const waiters = this.waiters;
    this.waiters = [];
    for (const waiter of waiters) waiter.resolve([]);
  }

  /** The panel closed: nothing will answer, so every request fails now rather than at its timeout. */
  closed(): void {
    this.ready = false;
    const error = new Error(vscode.l10n.t('The result panel was closed before the grid was split.'));
    for (const waiter of this.waiters.splice(0)) waiter.reject(error);
    for (const request of this.pending.values()) request.reject(error);
    this.pending.clear();
  }

  /** Sends the image to the page (once it is ready) and resolves with the four parts. */
  async split(bytes: Uint8Array, mime: string): Promise<Uint8Array[]> {
    if (!this.ready) await this.whenReady();
    const requestId = this.nextId++;
    const message: HostToWebview = { type: 'split', requestId, base64: Buffer.from(bytes).toString('base64'), mime };
    return new Promise<Uint8Array[]>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(requestId);
        reject(new Error(vscode.l10n.t('Splitting the grid took too long.')));
      }, SPLIT_TIMEOUT_MS);
      this.pending.set(requestId, {
        message,
        resolve: (parts) => { clearTimeout(timer); resolve(parts); },
        reject: (error) => { clearTimeout(timer); reject(error); },
      });
      this.send(message);
    });
  }

  /** The page's answer to request `requestId`. */
  answered(requestId: number, outcome: { parts: string[] } | { message: string }): void {
    const request = this.pending.get(requestId);
    if (!request) return;
    this.pending.delete(requestId);
    if ('parts' in outcome) request.resolve(outcome.parts.map((part) => new Uint8Array(Buffer.from(part, 'base64'))));
    else request.reject(new Error(outcome.message));
  }

  private whenReady(): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        reject(new Error(vscode.l10n.t('The result panel did not open.')));
      }, READY_TIMEOUT_MS);
      const waiter: Pending = {
        resolve: () => { clearTimeout(timer); resolve(); },
        reject: (error) => { clearTimeout(timer); reject(error); },
      };
      this.waiters.push(waiter);
    });
  }
}
