// Task list commands: open, copy id, remove, refresh, clear finished, re-check, stop tracking.
import * as vscode from 'vscode';
import type { MidjourneyService } from '../../core/tasks/service';
import type { TaskRecord } from '../../shared/task';
import type { ViewProgress } from '../progress';

/** Tree commands pass the TaskRecord; the palette and keybindings pass an id string. */
export function taskIdOf(arg: unknown): string | undefined {
  if (typeof arg === 'string') return arg;
  if (typeof arg === 'object' && arg !== null && typeof (arg as TaskRecord).id === 'string') return (arg as TaskRecord).id;
  return undefined;
}

export class TaskCommands {
  constructor(
    private readonly service: MidjourneyService,
    private readonly showResult: (id: string) => void,
    /** The Tasks view's progress bar, shown while Refresh waits for the gateway. */
    private readonly refreshProgress?: ViewProgress,
  ) {}

  private async pick(arg: unknown, placeHolder: string): Promise<TaskRecord | undefined> {
    const id = taskIdOf(arg);
    if (id) {
      const task = this.service.store.get(id);
      if (!task) void vscode.window.showWarningMessage(vscode.l10n.t('That task is no longer in the list.'));
      return task;
    }
    const tasks = this.service.store.all();
    if (tasks.length === 0) {
      void vscode.window.showInformationMessage(vscode.l10n.t('The AITRE task list is empty.'));
      return undefined;
    }
    const choice = await vscode.window.showQuickPick(
      tasks.map((t) => ({ label: t.prompt || t.id, description: `${t.action} · ${t.status || vscode.l10n.t('pending')}`, detail: t.id, task: t })),
      { placeHolder, matchOnDetail: true },
    );
    return choice?.task;
  }

  async openResult(arg?: unknown): Promise<void> {
    const task = await this.pick(arg, vscode.l10n.t('Open the result of which task?'));
    if (task) this.showResult(task.id);
  }

  async copyTaskId(arg?: unknown): Promise<void> {
    const task = await this.pick(arg, vscode.l10n.t('Copy the id of which task?'));
    if (!task) return;
    await vscode.env.clipboard.writeText(task.id);
    vscode.window.setStatusBarMessage(vscode.l10n.t('AITRE: copied task id {0}.', task.id), 3000);
  }

  async removeTask(arg?: unknown): Promise<void> {
    const task = await this.pick(arg, vscode.l10n.t('Remove which task from the list?'));
    if (!task) return;
    this.service.store.remove([task.id]);
    vscode.window.setStatusBarMessage(vscode.l10n.t('AITRE: task removed from the list (it still exists on the gateway; "Open Task by ID" brings it back).'), 5000);
  }

  async refresh(): Promise<void> {
    const poll = () => this.service.tracker.pollNow();
    await (this.refreshProgress ? this.refreshProgress.run(poll) : poll());
  }

  /** "Show older tasks": the next page of finished tasks from disk. */
  async loadOlder(): Promise<void> {
    const read = await this.service.store.loadMore();
    const left = this.service.store.unloadedCount;
    vscode.window.setStatusBarMessage(vscode.l10n.t('AITRE: showing {0} older task(s){1}.', read, left ? vscode.l10n.t('; {0} more on disk', left) : ''), 4000);
  }

  clearFinished(): void {
    const removed = this.service.store.clearFinished();
    vscode.window.setStatusBarMessage(removed ? vscode.l10n.t('AITRE: cleared {0} finished task(s).', removed) : vscode.l10n.t('AITRE: no finished tasks to clear.'), 4000);
  }

  async recheck(arg?: unknown): Promise<void> {
    const task = await this.pick(arg, vscode.l10n.t('Re-check which task?'));
    if (!task) return;
    const fresh = await this.service.tracker.recheck(task.id);
    vscode.window.setStatusBarMessage(vscode.l10n.t('AITRE: task {0} is {1}.', fresh.id, fresh.status || 'pending'), 4000);
  }

  async stopTracking(arg?: unknown): Promise<void> {
    const task = await this.pick(arg, vscode.l10n.t('Stop tracking which task?'));
    if (task) this.service.tracker.untrack(task.id);
  }
}
