// The disk side of the task store: the index of every task file, one queue of work per task
// (our writes and re-reads of what other windows wrote never interleave), compare-and-write, and
// the checks that tell a file another window is replacing from one it removed
// (docs/task-store.md, "Writing" and "Many windows").
import type { Clock } from '../base/clock';
import type { Disposable } from '../base/events';
import type { Logger } from '../base/log';
import type { TaskRecord } from '../../shared/task';
import { keyFor, slimFinished } from './records';
import type { DiskRecord, ListedFile, ReadResult, TaskFiles } from './task-files';

export interface IndexEntry {
  key: string;
  addedAt: number;
  /** Where the listing (or our last write) saw it: done/ holds finished tasks. */
  done: boolean;
  /** The rev and writer of the copy we last read or wrote; undefined when never read. */
  rev?: number;
  writer?: string;
  /** Other files found for the same id (two windows opened it at once): removed with it. */
  others?: string[];
}

/** A change waiting to be written: applied to whatever is on disk then, so nothing another window wrote is lost. */
export type Op = { kind: 'put'; create: boolean; apply: (base: TaskRecord | undefined) => TaskRecord } | { kind: 'delete' };

/** What the sync needs of the store's memory. */
export interface StoreMemory {
  has(id: string): boolean;
  /** Take this record as the task's current state (and tell the views if it differs). */
  adopt(id: string, record: TaskRecord): void;
  /** The task was removed in another window. */
  removedElsewhere(id: string): void;
  /** Should a task another window wrote be read into memory? */
  shouldLoad(record: DiskRecord): boolean;
  /** A task another window added was read in. */
  added(id: string): void;
}

export interface SyncOptions {
  clock: Clock;
  logger: Logger;
  verifyAfterMs?: number;
  confirmMissingMs?: number;
}

export class TaskSync implements Disposable {
  readonly index = new Map<string, IndexEntry>();
  readonly corrupt = new Set<string>();
  private readonly pending = new Map<string, Op[]>();
  private readonly chains = new Map<string, Promise<boolean>>();
  private readonly queued = new Set<string>();
  private readonly retryTimers = new Set<unknown>();
  /** Verifications waiting for their moment; dispose() lets them go at once. */
  private readonly waiters = new Set<() => void>();
  private disposed = false;
  /** Names this window's writes in the files (one per window and start). */
  private readonly writer = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`;
  /** Files written, for tests and the benchmark. */
  writes = 0;

  constructor(private readonly files: TaskFiles, private readonly memory: StoreMemory, private readonly options: SyncOptions) {}

  private get clock(): Clock { return this.options.clock; }
  private get logger(): Logger { return this.options.logger; }

  hasPending(id: string): boolean {
    return this.pending.has(id);
  }

  /** Resolves when what was changed on this task so far is on disk: true when it was written. */
  saved(id: string): Promise<boolean> {
    return this.chains.get(id) ?? Promise.resolve(!this.pending.has(id));
  }

  /** Waits for every pending write. */
  async flush(): Promise<void> {
    while (this.chains.size) await Promise.all([...this.chains.values()]);
  }

  dispose(): void {
    this.disposed = true;
    for (const timer of this.retryTimers) this.clock.clearTimeout(timer);
    this.retryTimers.clear();
    for (const release of this.waiters) release();
    this.waiters.clear();
  }

  /** Adds a listed file to the index. Two files of one id: the older one is the task, the other is kept as a duplicate to remove with it. */
  indexFile(file: ListedFile): void {
    const known = this.index.get(file.id);
    if (known && known.key === file.key) {
      known.done ||= file.folder === 'done';
      return;
    }
    if (known) {
      const [keep, extra] = known.addedAt <= file.addedAt ? [known, file.key] : [{ key: file.key, addedAt: file.addedAt, done: file.folder === 'done' } as IndexEntry, known.key];
      keep.others = [...new Set([...(known.others ?? []), extra])];
      this.index.set(file.id, keep);
      return;
    }
    this.index.set(file.id, { key: file.key, addedAt: file.addedAt, done: file.folder === 'done' });
  }

  async readEntry(id: string): Promise<DiskRecord | undefined> {
    const entry = this.index.get(id);
    if (!entry) return undefined;
    // A finished task is read from done/ alone (one read per task for a page of history); only
    // when it is not there are both folders looked at (it may be moving).
    const quick = entry.done ? await this.files.read('done', entry.key) : 'missing';
    const result = quick === 'missing' ? await this.readSettled(entry.key) : quick;
    if (result === 'corrupt') {
      if (!this.corrupt.has(id)) this.logger.warn(`Task store: the file of task ${id} (${entry.key}.json) is unreadable; skipped.`);
      this.corrupt.add(id);
      return undefined;
    }
    if (result === 'missing') {
      this.index.delete(id);
      return undefined;
    }
    this.corrupt.delete(id);
    entry.rev = result.rev;
    entry.writer = result.writer;
    entry.done = result.folder === 'done';
    return result;
  }

  // ------------------------------------------------------------------------------------------
  // Writing: one chain per task, so writes and re-reads of one task never interleave.

  enqueue(id: string, op: Op): void {
    const ops = this.pending.get(id) ?? [];
    ops.push(op);
    this.pending.set(id, ops);
    this.schedule(id);
  }

  private schedule(id: string): void {
    if (this.queued.has(id)) return; // the queued write picks up this op too
    this.queued.add(id);
    void this.chain(id, () => {
      this.queued.delete(id);
      return this.writeOne(id);
    });
  }

  private chain(id: string, step: () => Promise<boolean>): Promise<boolean> {
    const previous = this.chains.get(id) ?? Promise.resolve(true);
    // A step that throws must not break the chain of that task (nor go unhandled).
    const next = previous.then(step, step).catch((error: unknown) => {
      this.logger.error(`Task store: work on task ${id} failed: ${String(error)}`);
      return false;
    });
    this.chains.set(id, next);
    void next.finally(() => { if (this.chains.get(id) === next) this.chains.delete(id); });
    return next;
  }


  /**
   * Compare-and-write: reads the task's current file, applies our pending changes to it (so a
   * field another window changed meanwhile survives), writes the result with the next rev and
   * takes the result as our copy. A task whose file vanished after we had seen it was removed
   * elsewhere: it is not written back.
   */
  private async writeOne(id: string): Promise<boolean> {
    const ops = this.pending.get(id);
    this.pending.delete(id);
    if (!ops?.length) return true;
    const entry = this.index.get(id);
    try {
      // A copy we have seen that reads as missing may be mid-replace in another window: look twice.
      const disk = !entry ? 'missing' : entry.rev !== undefined ? await this.readSettled(entry.key) : await this.files.readEither(entry.key);
      const last = ops[ops.length - 1]!;
      if (last.kind === 'delete') {
        if (entry) for (const key of [entry.key, ...(entry.others ?? [])]) await this.files.remove(key);
        if (!this.memory.has(id)) this.index.delete(id);
        return true;
      }
      const base = typeof disk === 'object' ? disk.task : undefined;
      const startsAfterDelete = ops.some((op) => op.kind === 'delete');
      const seenBefore = entry?.rev !== undefined;
      if (disk === 'missing' && seenBefore && !startsAfterDelete && !ops.some((op) => op.kind === 'put' && op.create)) {
        this.dropRemovedElsewhere(id);
        return true;
      }
      let result: TaskRecord | undefined = startsAfterDelete ? undefined : base;
      for (const op of ops) result = op.kind === 'delete' ? undefined : op.apply(result);
      if (!result) return true;
      result = slimFinished(result);
      const rev = (typeof disk === 'object' ? disk.rev : entry?.rev ?? 0) + 1;
      if (entry && keyFor(result.id, result.addedAt) !== entry.key && typeof disk === 'object') await this.files.remove(entry.key);
      const written = await this.files.write(result, rev, this.writer, disk);
      this.writes++;
      this.index.set(id, { key: written.key, addedAt: result.addedAt, done: written.folder === 'done', rev, writer: this.writer, ...(entry?.others && { others: entry.others }) });
      this.corrupt.delete(id);
      if (!this.disposed && !this.pending.has(id)) this.memory.adopt(id, result);
      this.verifyLater(id, written, ops);
      return true;
    } catch (error) {
      this.logger.error(`Task store: saving task ${id} failed (${String(error)}); trying again in a few seconds.`);
      this.pending.set(id, [...ops, ...(this.pending.get(id) ?? [])]);
      this.retryLater(id);
      return false;
    }
  }

  /**
   * Some platforms replace a file by deleting it and then renaming the new one in (VS Code's
   * workspace.fs.rename does): for a moment it is missing. Missing twice, a moment apart, is gone.
   */
  private async readSettled(key: string): Promise<ReadResult> {
    const first = await this.files.readEither(key);
    if (first !== 'missing' || this.disposed) return first;
    await new Promise((resolve) => setTimeout(resolve, this.options.confirmMissingMs ?? 300));
    return this.files.readEither(key);
  }

  /**
   * Two windows that write one task at the same moment both read rev n and both write rev n+1;
   * the file keeps one of them. A moment later each writer reads the file back: the one whose
   * write was replaced applies its changes again, on top of the other one's.
   */
  private verifyLater(id: string, written: DiskRecord, ops: Op[]): void {
    if (this.disposed) return;
    let release: () => void = () => undefined;
    const waited = new Promise<void>((resolve) => { release = resolve; });
    this.waiters.add(release);
    const timer = this.clock.setTimeout(() => { this.retryTimers.delete(timer); this.waiters.delete(release); release(); }, this.options.verifyAfterMs ?? 50);
    this.retryTimers.add(timer);
    void this.chain(id, async () => {
      await waited;
      if (this.disposed) return true;
      const disk = await this.files.readEither(written.key);
      if (typeof disk === 'object' && disk.rev === written.rev && disk.writer !== this.writer) {
        this.logger.debug(`Task store: another window wrote task ${id} at the same moment; applying this window's change again on top.`);
        this.pending.set(id, [...ops, ...(this.pending.get(id) ?? [])]);
        this.schedule(id);
      }
      return true;
    });
  }

  private retryLater(id: string): void {
    if (this.disposed) return;
    const timer = this.clock.setTimeout(() => {
      this.retryTimers.delete(timer);
      if (this.pending.has(id)) this.schedule(id);
    }, 5_000);
    this.retryTimers.add(timer);
  }

  // ------------------------------------------------------------------------------------------
  // Other windows

  /** A file changed in the folder (the watcher). */
  onExternal(file: ListedFile): void {
    if (this.disposed) return;
    void this.chain(file.id, () => this.refresh(file, false));
  }

  /** Re-reads a task another window (or this one) changed; a vanished file is confirmed before it counts as removed. */
  private async refresh(file: ListedFile, confirming: boolean): Promise<boolean> {
    if (this.disposed || this.pending.has(file.id)) return true; // our queued write re-reads anyway
    const entry = this.index.get(file.id);
    if (entry && entry.key !== file.key) {
      // A second file for a known id (e.g. opened by id in two windows at once): keep ours.
      return true;
    }
    const result = await this.files.readEither(file.key);
    if (result === 'missing' || result === 'corrupt') {
      if (!entry) return true;
      if (!confirming) {
        const timer = this.clock.setTimeout(() => {
          this.retryTimers.delete(timer);
          if (!this.disposed) void this.chain(file.id, () => this.refresh(file, true));
        }, this.options.confirmMissingMs ?? 300);
        this.retryTimers.add(timer);
        return true;
      }
      if (result === 'missing') this.dropRemovedElsewhere(file.id);
      else if (!this.corrupt.has(file.id)) this.logger.warn(`Task store: task file ${file.key}.json became unreadable; keeping the copy in memory.`);
      return true;
    }
    if (entry?.rev === result.rev && entry.writer === result.writer && (this.memory.has(file.id) || !this.memory.shouldLoad(result))) return true;
    this.index.set(file.id, { key: result.key, addedAt: result.task.addedAt, done: result.folder === 'done', rev: result.rev, writer: result.writer, ...(entry?.others && { others: entry.others }) });
    this.corrupt.delete(file.id);
    if (this.memory.has(file.id) || this.memory.shouldLoad(result)) {
      const isNew = !this.memory.has(file.id);
      this.memory.adopt(file.id, result.task);
      if (isNew) this.memory.added(file.id);
    }
    return true;
  }


  private dropRemovedElsewhere(id: string): void {
    this.index.delete(id);
    this.pending.delete(id);
    this.memory.removedElsewhere(id);
  }
}
