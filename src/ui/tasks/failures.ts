// A failed task is announced once: one notification with Open and Re-run, whether it failed while
// this window watched it or in the background (tracked after a reload). The record remembers the
// notice, so a reload, a second window or a re-read never shows it again.
import * as vscode from 'vscode';
import { isRerunnable, shorten, taskTitle } from '../../core/tasks/presentation';
import type { TaskStore } from '../../core/tasks/store';
import type { TaskRecord } from '../../shared/task';

export interface FailureActions {
  open(taskId: string): void;
  rerun(taskId: string): Promise<unknown>;
  /** Only the window that polls announces (it sees the failure first; the others read it from disk). */
  isPoller(): boolean;
}

const OPEN = 'Open';
const RERUN = 'Re-run';

export class FailureNotices implements vscode.Disposable {
  /** Status last seen per task: a failure is a change from something else. */
  private readonly seen = new Map<string, string>();
  private readonly subscription: { dispose(): void };
  private readonly startedAt = Date.now();

  constructor(private readonly store: TaskStore, private readonly actions: FailureActions) {
    for (const task of store.values()) this.seen.set(task.id, task.status);
    this.subscription = store.onDidChange((change) => {
      for (const id of change.removed) this.seen.delete(id);
      for (const id of change.changed) this.check(id);
    });
  }

  private check(id: string): void {
    const task = this.store.get(id);
    if (!task) return;
    const before = this.seen.get(id);
    this.seen.set(id, task.status);
    if (task.status !== 'FAILURE' || task.failureNoticed || before === 'FAILURE') return;
    // First seen already failed: only a task added since this window started (not history read from disk).
    if (before === undefined && task.addedAt < this.startedAt) return;
    if (!this.actions.isPoller()) return;
    this.store.patch(id, { failureNoticed: true });
    this.announce(task);
  }

  private announce(task: TaskRecord): void {
    const title = taskTitle(task, 60);
    const sentence = task.failReason ? vscode.l10n.t('{0} failed: {1}', title, shorten(task.failReason, 160)) : vscode.l10n.t('{0} failed.', title);
    const buttons = isRerunnable(task) ? [OPEN, RERUN] : [OPEN];
    void vscode.window.showErrorMessage(sentence, ...buttons).then(async (choice) => {
      if (choice === OPEN) this.actions.open(task.id);
      if (choice === RERUN) await this.actions.rerun(task.id);
    });
  }

  dispose(): void {
    this.subscription.dispose();
  }
}
