// Progress for work that waits on the gateway: one notification while MidJourney submits and uploads
// are in flight (however many: a double click does not stack two), shown once a submit has waited a
// moment and gone as soon as the gateway answered; and the Tasks view's own progress bar while a
// refresh runs.
import * as vscode from 'vscode';
import type { SubmitInfo } from '../core/midjourney/client';

/** A submit the gateway answers faster than this shows no notification at all (no flash). */
const SHOW_AFTER_MS = 400;

export class SubmitProgress {
  private readonly active = new Map<number, SubmitInfo>();
  private seq = 0;
  private shown: { report(message: string): void; close(): void } | undefined;
  private pending: ReturnType<typeof setTimeout> | undefined;

  /** Runs `work` (one submit) under the shared notification. */
  readonly run = async <T>(info: SubmitInfo, work: () => Promise<T>): Promise<T> => {
    const id = ++this.seq;
    this.active.set(id, info);
    if (this.shown) this.shown.report(this.message());
    else this.pending ??= setTimeout(() => { this.pending = undefined; if (this.active.size) this.show(); }, SHOW_AFTER_MS);
    try {
      return await work();
    } finally {
      this.active.delete(id);
      if (this.active.size === 0) this.close();
      else this.shown?.report(this.message());
    }
  };

  private show(): void {
    // Set before withProgress runs its task, so a second submit in the same tick joins this one.
    let latest = this.message();
    let report: ((message: string) => void) | undefined;
    let close!: () => void;
    const closed = new Promise<void>((resolve) => { close = resolve; });
    this.shown = { report: (message) => { latest = message; report?.(message); }, close };
    // Not cancellable: a submit that left cannot be called back, and it may already be paid.
    void vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: 'AITRE' }, (progress) => {
      report = (message) => progress.report({ message });
      report(latest);
      return closed;
    });
  }

  private close(): void {
    if (this.pending !== undefined) clearTimeout(this.pending);
    this.pending = undefined;
    const shown = this.shown;
    this.shown = undefined;
    shown?.close();
  }

  private message(): string {
    const all = [...this.active.values()];
    if (all.length !== 1) return vscode.l10n.t('Sending {0} MidJourney requests to the gateway…', all.length);
    const [{ label, images }] = all as [SubmitInfo];
    const what = WHAT()[label] ?? label;
    if (images === 1) return vscode.l10n.t('Uploading 1 image for {0}…', what);
    if (images > 1) return vscode.l10n.t('Uploading {0} images for {1}…', images, what);
    return vscode.l10n.t('Sending {0} to the gateway…', what);
  }
}

/** The client's submit labels as a person names them (a function: read in the UI language when shown). */
const WHAT = (): Record<string, string> => ({
  imagine: vscode.l10n.t('Imagine'),
  blend: vscode.l10n.t('Blend'),
  describe: vscode.l10n.t('Describe'),
  shorten: vscode.l10n.t('Shorten'),
  action: vscode.l10n.t('the button press'),
  modal: vscode.l10n.t('the follow-up'),
  'face swap': vscode.l10n.t('Face Swap'),
});

/** Runs a refresh with the progress bar of a view; a second click while it runs joins the first. */
export class ViewProgress {
  private running: Promise<void> | undefined;

  constructor(private readonly viewId: string) {}

  run(work: () => Promise<void>): Promise<void> {
    if (!this.running) {
      this.running = Promise.resolve(vscode.window.withProgress({ location: { viewId: this.viewId } }, work))
        .finally(() => { this.running = undefined; });
    }
    return this.running;
  }
}
