// What a prompt already made: its tasks (opened from the "Open result (n)" lens) and a thumbnail of
// its last result for the hover.
import * as vscode from 'vscode';
import { uiLocale } from '../../core/base/l10n';
import { statusText, taskTitle } from '../../core/tasks/presentation';
import type { ResultImages } from '../../core/tasks/result-images';
import type { PromptTaskIndex } from '../../core/tasks/promptTasks';
import type { TaskRecord } from '../../shared/task';
import type { ResultCommands } from '../results/commands';

export interface PromptResultsUi {
  reveal(taskId: string): Promise<void>;
  showResult(taskId: string, preserveFocus?: boolean): void;
}

/** "Open result (n)": one task opens at once; several are offered newest first. */
export async function openPromptResults(index: PromptTaskIndex, ui: PromptResultsUi, prompt: unknown): Promise<string | undefined> {
  if (typeof prompt !== 'string') return undefined;
  const tasks = index.tasksFor(prompt);
  if (tasks.length === 0) {
    void vscode.window.showInformationMessage(vscode.l10n.t('Nothing was imagined from this prompt yet (or its tasks were removed from the list).'));
    return undefined;
  }
  let task: TaskRecord | undefined = tasks[0];
  if (tasks.length > 1) {
    const picked = await vscode.window.showQuickPick(tasks.map((t) => ({
      label: taskTitle(t),
      description: statusText(t),
      detail: vscode.l10n.t('Submitted {0} · task {1}', new Date(t.submitTime ?? t.addedAt).toLocaleString(uiLocale()), t.id),
      task: t,
    })), { title: vscode.l10n.t('AITRE: Results of this prompt'), placeHolder: vscode.l10n.t('Which result? (newest first)') });
    task = picked?.task;
  }
  if (!task) return undefined;
  await ui.reveal(task.id);
  ui.showResult(task.id);
  return task.id;
}

export interface ThumbnailDeps {
  /** The host's one copy of each result image (the cache the result panel shows from). */
  images: ResultImages;
  /** Where that cache lives (`CachedImage.path` is relative to it). */
  storageRoot: vscode.Uri;
  results: ResultCommands;
}

/**
 * The image the hover shows for a task: a saved copy in the workspace, else the host's cached copy
 * (downloaded once, through the gateway client, as for the result panel: the key goes only to the
 * gateway). No second cache: the image cache decides what is kept (aitre.imageCacheMB).
 */
export class Thumbnails {
  constructor(private readonly deps: ThumbnailDeps) {}

  async uriFor(task: TaskRecord): Promise<vscode.Uri | undefined> {
    const saved = await this.deps.results.savedCopy(task) ?? (task.saved?.[0] ? await this.deps.results.savedCopy(task, task.saved[0].part) : undefined);
    if (saved) return saved;
    if (this.deps.images.state(task).kind !== 'cached') await this.deps.images.ensure(task);
    const state = this.deps.images.state(task);
    return state.kind === 'cached' ? vscode.Uri.joinPath(this.deps.storageRoot, ...state.path.split('/')) : undefined;
  }
}
