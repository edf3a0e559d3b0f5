// Tasks seen from a prompt in the editor: which Imagine tasks a prompt already made (matched on the
// exact prompt sent), its last result, and the recent image URLs worth offering after --sref/--oref.
// Only store.values() and onDidChange are used, so the store can change underneath.
import { Emitter, type Disposable } from '../base/events';
import type { ReferenceUrl } from '../midjourney/promptAssist';
import { normalisePrompt } from '../midjourney/prompts';
import type { TaskRecord } from '../../shared/task';
import { resolveImageUrl, taskTitle } from './presentation';

export interface TaskSource {
  values(): Iterable<TaskRecord>;
  onDidChange(listener: () => void): Disposable;
}

const newestFirst = (a: TaskRecord, b: TaskRecord): number => (b.submitTime ?? b.addedAt) - (a.submitTime ?? a.addedAt);

/** Imagine tasks by the prompt they were sent with (normalised as Imagine sends it), newest first. */
export function imaginesByPrompt(tasks: Iterable<TaskRecord>): Map<string, TaskRecord[]> {
  const index = new Map<string, TaskRecord[]>();
  for (const task of tasks) {
    if (task.action !== 'IMAGINE' || !task.prompt) continue;
    const key = normalisePrompt(task.prompt);
    const list = index.get(key) ?? [];
    list.push(task);
    index.set(key, list);
  }
  for (const list of index.values()) list.sort(newestFirst);
  return index;
}

/** The newest finished task of a list that has an image to show. */
export function lastResult(tasks: readonly TaskRecord[]): TaskRecord | undefined {
  return tasks.find((t) => t.status === 'SUCCESS' && (t.imageUrl || t.saved?.length));
}

/**
 * Image URLs the user made recently (finished tasks with an http(s) image), newest first, one per URL.
 * The one source of "recent reference URLs": uploads join here when they are recorded as tasks.
 */
export function recentReferenceUrls(tasks: Iterable<TaskRecord>, gatewayRoot: string | undefined, limit = 20): ReferenceUrl[] {
  const finished = [...tasks].filter((t) => t.status === 'SUCCESS' && t.imageUrl)
    .sort((a, b) => (b.finishTime ?? b.addedAt) - (a.finishTime ?? a.addedAt));
  const seen = new Set<string>();
  const urls: ReferenceUrl[] = [];
  for (const task of finished) {
    const url = resolveImageUrl(task.imageUrl, gatewayRoot);
    if (!url || seen.has(url)) continue;
    seen.add(url);
    urls.push({ url, label: taskTitle(task) });
    if (urls.length >= limit) break;
  }
  return urls;
}

/** The prompt → tasks index, rebuilt lazily after the store changes. */
export class PromptTaskIndex implements Disposable {
  private index: Map<string, TaskRecord[]> | undefined;
  private readonly subscription: Disposable;
  private readonly changes = new Emitter<void>();
  /** After the tasks changed (the index is already stale by then). */
  readonly onDidChange = this.changes.event;

  constructor(private readonly source: TaskSource) {
    this.subscription = source.onDidChange(() => {
      this.index = undefined;
      this.changes.fire();
    });
  }

  /** The Imagine tasks of a prompt, newest first. */
  tasksFor(prompt: string): TaskRecord[] {
    this.index ??= imaginesByPrompt(this.source.values());
    return this.index.get(normalisePrompt(prompt)) ?? [];
  }

  /** "prompt:count" for every imagined prompt: changes only when a lens would change. */
  signature(): string {
    this.index ??= imaginesByPrompt(this.source.values());
    return [...this.index].map(([prompt, tasks]) => `${tasks.length}:${prompt}`).sort().join('\n');
  }

  dispose(): void {
    this.subscription.dispose();
    this.changes.dispose();
  }
}
