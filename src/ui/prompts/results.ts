// What a prompt already made: its tasks (opened from the "Open result (n)" lens) and a thumbnail of
// its last result for the hover.
import * as vscode from 'vscode';
import type { Logger } from '../../core/base/log';
import type { GatewayClient } from '../../core/gateway/client';
import { imageExtension } from '../../core/files/outputs';
import { resolveImageUrl, statusText, taskTitle } from '../../core/tasks/presentation';
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
    void vscode.window.showInformationMessage('Nothing was imagined from this prompt yet (or its tasks were removed from the list).');
    return undefined;
  }
  let task: TaskRecord | undefined = tasks[0];
  if (tasks.length > 1) {
    const picked = await vscode.window.showQuickPick(tasks.map((t) => ({
      label: taskTitle(t),
      description: statusText(t),
      detail: `Submitted ${new Date(t.submitTime ?? t.addedAt).toLocaleString()} · task ${t.id}`,
      task: t,
    })), { title: 'AITRE: Results of this prompt', placeHolder: 'Which result? (newest first)' });
    task = picked?.task;
  }
  if (!task) return undefined;
  await ui.reveal(task.id);
  ui.showResult(task.id);
  return task.id;
}

export interface ThumbnailDeps {
  gateway: GatewayClient;
  results: ResultCommands;
  gatewayRoot: () => string | undefined;
  /** Where copies of http images are kept (extension storage, not the workspace). */
  cacheFolder: vscode.Uri;
  log: Logger;
}

const KEEP_THUMBNAILS = 100;

/**
 * The image the hover shows for a task: a saved copy, else the https image itself. The workbench
 * loads only https images, so an http gateway's image (a gateway on the local network) is fetched
 * once through the gateway client (the key goes only to the gateway) and kept in extension storage.
 */
export class Thumbnails {
  private readonly pending = new Map<string, Promise<vscode.Uri | undefined>>();

  constructor(private readonly deps: ThumbnailDeps) {}

  async uriFor(task: TaskRecord): Promise<vscode.Uri | undefined> {
    const saved = await this.deps.results.savedCopy(task) ?? (task.saved?.[0] ? await this.deps.results.savedCopy(task, task.saved[0].part) : undefined);
    if (saved) return saved;
    const url = resolveImageUrl(task.imageUrl, this.deps.gatewayRoot());
    if (!url) return undefined;
    if (url.startsWith('https:')) return vscode.Uri.parse(url, true);
    let copy = this.pending.get(task.id);
    if (!copy) {
      copy = this.download(task, url);
      this.pending.set(task.id, copy);
    }
    const uri = await copy;
    if (!uri) this.pending.delete(task.id); // try again on the next hover
    return uri;
  }

  private async download(task: TaskRecord, url: string): Promise<vscode.Uri | undefined> {
    const folder = this.deps.cacheFolder;
    const base = task.id.replace(/[^\w-]/g, '_');
    try {
      await vscode.workspace.fs.createDirectory(folder);
      const existing = (await vscode.workspace.fs.readDirectory(folder)).find(([name]) => name.startsWith(`${base}.`));
      if (existing) return vscode.Uri.joinPath(folder, existing[0]);
      const { bytes, contentType } = await this.deps.gateway.fetchImage(url);
      const file = vscode.Uri.joinPath(folder, `${base}.${imageExtension(bytes, contentType)}`);
      await vscode.workspace.fs.writeFile(file, bytes);
      await this.prune();
      return file;
    } catch (error) {
      this.deps.log.warn(`prompt hover: no thumbnail for task ${task.id}: ${error instanceof Error ? error.message : String(error)}`);
      return undefined;
    }
  }

  /** Keeps the newest copies only: the cache is for hovers, not an archive. */
  private async prune(): Promise<void> {
    const folder = this.deps.cacheFolder;
    const entries = await vscode.workspace.fs.readDirectory(folder);
    if (entries.length <= KEEP_THUMBNAILS) return;
    const stats = await Promise.all(entries.map(async ([name]) => ({ name, mtime: (await vscode.workspace.fs.stat(vscode.Uri.joinPath(folder, name))).mtime })));
    stats.sort((a, b) => a.mtime - b.mtime);
    for (const { name } of stats.slice(0, stats.length - KEEP_THUMBNAILS)) {
      await vscode.workspace.fs.delete(vscode.Uri.joinPath(folder, name)).then(undefined, () => undefined);
    }
  }
}
