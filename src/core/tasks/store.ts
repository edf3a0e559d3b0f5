// The one task store: every task the user submitted or opened, one file per task in a folder that
// every window of the profile shares (docs/task-store.md). Views read it synchronously from
// memory; each change is written, task by task, as soon as it happens; changes other windows
// make arrive through a file watcher. Only unfinished tasks and the newest page are read at
// start; older ones load on demand.
import { realClock, type Clock } from '../base/clock';
import type { Disposable } from '../base/events';
import { Emitter } from '../base/events';
import type { FileArea } from '../base/files';
import { silentLogger, type Logger } from '../base/log';
import { taskChanged } from '../midjourney/normalise';
import { isTerminalStatus, type MjTask, type TaskRecord } from '../../shared/task';
import { keyFor, slimFinished } from './records';
import { migrateLegacy, type LegacyHistory } from './migration';
import { TaskFiles, type DiskRecord, type ListedFile, type ReadResult } from './task-files';

export interface StoreChange {
  /** Tasks added or changed. */
  changed: string[];
  removed: string[];
}

export interface TaskStoreOptions {
  logger?: Logger;
  /** Finished tasks beyond this count are dropped, oldest first. Running tasks are never dropped. */
  maxHistory?: () => number;
  /** Finished tasks read at start (and per "load older"); the rest stays on disk until asked for. */
  pageSize?: number;
  /** Local time for addedAt / updatedAt / lastChangeAt (tests share the tracker's fake clock). */
  now?: () => number;
  /** Timers for retries and re-checks (real ones by default: they pace file I/O, not task ages). */
  clock?: Clock;
  /** How long after a write the store re-reads it to catch another window's write at the same moment. */
  verifyAfterMs?: number;
  /** How long a file that vanished must stay gone before it counts as removed (a replace may delete first). */
  confirmMissingMs?: number;
  /** false: do not watch the folder (tests of what a window that has not noticed a change does). */
  watch?: boolean;
}

export interface LoadReport {
  /** Tasks read into memory. */
  loaded: number;
  /** Tasks in the store, read or not. */
  total: number;
  /** Files that could not be read (logged). */
  skipped: number;
  /** Tasks copied from the old globalState history this time. */
  migrated?: number;
}

interface IndexEntry {
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
type Op = { kind: 'put'; create: boolean; apply: (base: TaskRecord | undefined) => TaskRecord } | { kind: 'delete' };

const READ_CONCURRENCY = 16;

export class TaskStore implements Disposable {
  private readonly files: TaskFiles;
  private readonly index = new Map<string, IndexEntry>();
  private readonly tasks = new Map<string, TaskRecord>();
  private readonly pending = new Map<string, Op[]>();
  private readonly chains = new Map<string, Promise<boolean>>();
  private readonly queued = new Set<string>();
  private readonly corrupt = new Set<string>();
  private readonly changes = new Emitter<StoreChange>();
  private childIndex: Map<string, string[]> | undefined;
  /** Finished tasks added at or after this time are in memory (+Infinity: none yet, -Infinity: all). */
  private loadedFrom = Number.POSITIVE_INFINITY;
  private watcher: Disposable | undefined;
  private readonly retryTimers = new Set<unknown>();
  /** Verifications waiting for their moment; dispose() lets them go at once. */
  private readonly waiters = new Set<() => void>();
  private disposed = false;
  private readonly logger: Logger;
  private readonly clock: Clock;
  private readonly now: () => number;
  /** Names this store's writes in the files (one per window and start). */
  private readonly writer = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`;
  /** Files written and bytes written, for tests and the benchmark. */
  writes = 0;

  readonly onDidChange = this.changes.event;

  constructor(area: FileArea, private readonly options: TaskStoreOptions = {}) {
    this.logger = options.logger ?? silentLogger;
    this.clock = options.clock ?? realClock;
    this.now = options.now ?? (() => this.clock.now());
    this.files = new TaskFiles(area, this.logger, this.now);
  }

  /** Finished tasks read per page (at start and per "Show older tasks"). */
  get pageSize(): number { return this.options.pageSize ?? 200; }

  /**
   * Reads what the views and the tracker need: every unfinished task, the newest page of finished
   * ones and the parents they hang under. Migrates the old globalState history once. Starts
   * watching the folder, so other windows' changes arrive. Never throws for bad files.
   */
  async open(legacy?: LegacyHistory): Promise<LoadReport> {
    await this.files.init();
    // Watch before listing, so nothing another window writes meanwhile is missed.
    if (this.options.watch !== false) this.watcher = this.files.watch((file) => this.onExternal(file));
    await this.files.recoverTemps();
    const listed = await this.files.list();
    for (const file of listed) this.indexFile(file);
    const report: LoadReport = { loaded: 0, total: 0, skipped: 0 };
    if (legacy) {
      const migrated = await migrateLegacy(legacy, this.files, this.index, this.logger, this.now);
      for (const entry of migrated.written) this.index.set(entry.task.id, { key: entry.key, addedAt: entry.task.addedAt, done: entry.folder === 'done', rev: entry.rev, writer: entry.writer });
      if (migrated.written.length) report.migrated = migrated.written.length;
    }
    const active = [...this.index].filter(([, e]) => !e.done).map(([id]) => id);
    await this.readInto(active);
    await this.loadMore(this.pageSize, false);
    this.enforceHistoryLimit();
    report.loaded = this.tasks.size;
    report.total = this.index.size;
    report.skipped = this.corrupt.size;
    if (report.skipped) this.logger.warn(`Task store: skipped ${report.skipped} unreadable task file(s); they stay on disk untouched.`);
    this.logger.info(`Task store: ${report.total} task(s), ${report.loaded} read at start${report.migrated ? `, ${report.migrated} migrated from the old history` : ''}.`);
    return report;
  }

  /** Tasks in the store, loaded or not. */
  get size(): number { return this.index.size; }
  /** Tasks in memory. */
  get loadedCount(): number { return this.tasks.size; }
  /** Finished tasks still on disk only. */
  get unloadedCount(): number { return Math.max(0, this.index.size - this.tasks.size); }
  get(id: string): TaskRecord | undefined { return this.tasks.get(id); }
  has(id: string): boolean { return this.tasks.has(id); }

  /** Every loaded task, in no particular order (cheaper than all() when order does not matter). */
  values(): IterableIterator<TaskRecord> {
    return this.tasks.values();
  }

  /** Loaded tasks, newest first. */
  all(): TaskRecord[] {
    return [...this.tasks.values()].sort((a, b) => b.addedAt - a.addedAt);
  }

  /** Loaded tasks without a parent in memory, newest first. */
  roots(): TaskRecord[] {
    return this.all().filter((t) => !t.parentId || !this.tasks.has(t.parentId));
  }

  /** True when the task has a child in memory (cheaper than children().length for every tree row). */
  hasChildren(id: string): boolean {
    return (this.childIds().get(id)?.length ?? 0) > 0;
  }

  /** Direct children, oldest first (the order the buttons were pressed). */
  children(id: string): TaskRecord[] {
    return (this.childIds().get(id) ?? []).map((c) => this.tasks.get(c)).filter((t): t is TaskRecord => t !== undefined);
  }

  /** parent id → child ids, rebuilt only when tasks are added, removed or re-parented. */
  private childIds(): Map<string, string[]> {
    if (this.childIndex) return this.childIndex;
    const index = new Map<string, TaskRecord[]>();
    for (const task of this.tasks.values()) {
      if (!task.parentId) continue;
      const list = index.get(task.parentId) ?? [];
      list.push(task);
      index.set(task.parentId, list);
    }
    this.childIndex = new Map([...index].map(([parent, list]) => [parent, list.sort((a, b) => a.addedAt - b.addedAt).map((t) => t.id)]));
    return this.childIndex;
  }

  /** Reads one more page of older finished tasks (with the parents they need). Returns how many were read. */
  async loadMore(count = this.pageSize, announce = true): Promise<number> {
    const older = [...this.index].filter(([id, e]) => e.done && !this.tasks.has(id) && !this.corrupt.has(id) && e.addedAt <= this.loadedFrom)
      .sort((a, b) => b[1].addedAt - a[1].addedAt);
    const page = older.slice(0, count);
    const read = await this.readInto(page.map(([id]) => id));
    const rest = older.length - page.length;
    this.loadedFrom = rest > 0 && page.length ? page[page.length - 1]![1].addedAt : Number.NEGATIVE_INFINITY;
    if (announce && read.length) this.changes.fire({ changed: read, removed: [] });
    return read.length;
  }

  /** Reads every task still on disk only (filters, export). */
  async loadAll(): Promise<void> {
    if (this.unloadedCount > 0) await this.loadMore(Number.POSITIVE_INFINITY);
  }

  /** The task, read from disk if it exists there but is not in memory yet. */
  async load(id: string): Promise<TaskRecord | undefined> {
    if (!this.tasks.has(id) && this.index.has(id)) {
      const read = await this.readInto([id]);
      if (read.length) this.changes.fire({ changed: read, removed: [] });
    }
    return this.tasks.get(id);
  }

  /** Reads tasks into memory, then the parents they hang under; returns the ids read. */
  private async readInto(ids: readonly string[]): Promise<string[]> {
    const read: string[] = [];
    let batch = ids.filter((id) => !this.tasks.has(id));
    while (batch.length) {
      for (let i = 0; i < batch.length; i += READ_CONCURRENCY) {
        const slice = batch.slice(i, i + READ_CONCURRENCY);
        const results = await Promise.all(slice.map((id) => this.readEntry(id)));
        for (const record of results) {
          if (record && !this.tasks.has(record.task.id)) {
            this.tasks.set(record.task.id, record.task);
            read.push(record.task.id);
          }
        }
      }
      // A child shows under its parent: read parents that are on disk but not in memory yet.
      batch = [...new Set(batch.map((id) => this.tasks.get(id)?.parentId)
        .filter((p): p is string => !!p && !this.tasks.has(p) && this.index.has(p) && !this.corrupt.has(p)))];
    }
    if (read.length) this.childIndex = undefined;
    return read;
  }

  private async readEntry(id: string): Promise<DiskRecord | undefined> {
    const entry = this.index.get(id);
    if (!entry) return undefined;
    const result = await this.readSettled(entry.key);
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

  /** Adds a listed file to the index. Two files of one id: the older one is the task, the other is kept as a duplicate to remove with it. */
  private indexFile(file: ListedFile): void {
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

  // ------------------------------------------------------------------------------------------
  // Changes

  /** Adds a task (or merges into the known one) from what the gateway said. */
  upsert(task: MjTask, local: Partial<TaskRecord> = {}): TaskRecord {
    const now = this.now();
    const existing = this.tasks.get(task.id);
    const apply = (base: TaskRecord | undefined): TaskRecord => merge(base, task, local, now);
    const merged = apply(existing);
    if (existing) {
      const changed = taskChanged(existing, task);
      this.tasks.set(task.id, merged);
      // Nothing anyone sees changed (an unchanged poll): kept in memory, written with the next real change.
      if (!changed && !Object.keys(local).length) return merged;
      if (merged.parentId !== existing.parentId) this.childIndex = undefined;
      this.enqueue(task.id, { kind: 'put', create: false, apply });
      this.changes.fire({ changed: [task.id], removed: [] });
      return merged;
    }
    this.tasks.set(task.id, merged);
    this.childIndex = undefined;
    if (!this.index.has(task.id)) this.index.set(task.id, { key: keyFor(merged.id, merged.addedAt), addedAt: merged.addedAt, done: isTerminalStatus(merged.status) });
    this.enqueue(task.id, { kind: 'put', create: true, apply });
    this.enforceHistoryLimit();
    this.changes.fire({ changed: [task.id], removed: [] });
    return merged;
  }

  /** Records a successful poll without writing it (it goes to disk with the next real change). */
  markPolled(ids: readonly string[], at: number): void {
    for (const id of ids) {
      const task = this.tasks.get(id);
      if (task) task.lastPolledAt = at;
    }
  }

  /** Local bookkeeping changes (stalled, untracked, notes, saved copies...). */
  patch(id: string, patch: Partial<TaskRecord>): TaskRecord | undefined {
    const existing = this.tasks.get(id);
    if (!existing) return undefined;
    const apply = (base: TaskRecord | undefined): TaskRecord => slimFinished({ ...(base ?? existing), ...patch, id });
    const next = apply(existing);
    this.tasks.set(id, next);
    if (next.parentId !== existing.parentId) this.childIndex = undefined;
    this.enqueue(id, { kind: 'put', create: false, apply });
    this.changes.fire({ changed: [id], removed: [] });
    return next;
  }

  /** Removes tasks (loaded or not); loaded children move up to the removed task's parent. */
  remove(ids: readonly string[]): void {
    const removed: string[] = [];
    const reparented: string[] = [];
    const doomed = new Set(ids);
    for (const id of ids) {
      if (!this.tasks.has(id) && !this.index.has(id)) continue;
      const task = this.tasks.get(id);
      this.tasks.delete(id);
      removed.push(id);
      this.enqueue(id, { kind: 'delete' });
      for (const childId of this.childIds().get(id) ?? []) {
        if (doomed.has(childId)) continue;
        const parentId = task?.parentId;
        const child = this.tasks.get(childId);
        if (!child) continue;
        this.tasks.set(childId, { ...child, parentId });
        this.enqueue(childId, { kind: 'put', create: false, apply: (base) => ({ ...(base ?? child), parentId }) });
        reparented.push(childId);
      }
    }
    this.childIndex = undefined;
    if (removed.length) this.changes.fire({ changed: reparented.filter((id) => this.tasks.has(id)), removed });
  }

  /** Removes every finished task (loaded or not) that has no unfinished descendant. Returns how many went. */
  clearFinished(): number {
    const keep = new Set<string>();
    for (const task of this.tasks.values()) {
      if (!isTerminalStatus(task.status)) {
        // Keep the running task and its ancestors, so the tree still shows where it came from.
        for (let t: TaskRecord | undefined = task; t && !keep.has(t.id); t = t.parentId ? this.tasks.get(t.parentId) : undefined) keep.add(t.id);
      }
    }
    const doomed = [...this.index.keys()].filter((id) => !keep.has(id) && (this.tasks.has(id) ? isTerminalStatus(this.tasks.get(id)!.status) : this.index.get(id)!.done));
    this.remove(doomed);
    return doomed.length;
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
    this.watcher?.dispose();
    for (const timer of this.retryTimers) this.clock.clearTimeout(timer);
    this.retryTimers.clear();
    for (const release of this.waiters) release();
    this.waiters.clear();
    void this.flush().finally(() => this.changes.dispose());
  }

  // ------------------------------------------------------------------------------------------
  // Writing: one chain per task, so writes and re-reads of one task never interleave.

  private enqueue(id: string, op: Op): void {
    const ops = this.pending.get(id) ?? [];
    ops.push(op);
    this.pending.set(id, ops);
    this.schedule(id);
  }

  private schedule(id: string): void {
    if (this.queued.has(id)) return; // the queued write picks up this op too
    this.queued.add(id);
    this.chain(id, () => {
      this.queued.delete(id);
      return this.writeOne(id);
    });
  }

  private chain(id: string, step: () => Promise<boolean>): Promise<boolean> {
    const previous = this.chains.get(id) ?? Promise.resolve(true);
    const next = previous.then(step, step);
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
        if (!this.tasks.has(id)) this.index.delete(id);
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
      const written = await this.files.write(result, rev, this.writer);
      this.writes++;
      this.index.set(id, { key: written.key, addedAt: result.addedAt, done: written.folder === 'done', rev, writer: this.writer, ...(entry?.others && { others: entry.others }) });
      this.corrupt.delete(id);
      if (!this.disposed) this.adopt(id, result);
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

  /** Takes the written (or re-read) record as ours; tells the views when it differs from what they showed. */
  private adopt(id: string, record: TaskRecord): void {
    const before = this.tasks.get(id);
    if (this.pending.has(id)) return; // newer local changes follow; their write adopts
    this.tasks.set(id, before?.lastPolledAt && !record.lastPolledAt ? { ...record, lastPolledAt: before.lastPolledAt } : record);
    if (!before || before.parentId !== record.parentId) this.childIndex = undefined;
    if (!before || !sameRecord(before, record)) this.changes.fire({ changed: [id], removed: [] });
  }

  private dropRemovedElsewhere(id: string): void {
    this.index.delete(id);
    if (this.tasks.delete(id)) {
      this.childIndex = undefined;
      this.logger.info(`Task store: task ${id} was removed in another window; not writing it back.`);
      this.changes.fire({ changed: [], removed: [id] });
    }
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
    this.chain(id, async () => {
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

  private onExternal(file: ListedFile): void {
    if (this.disposed) return;
    this.chain(file.id, () => this.refresh(file, false));
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
          if (!this.disposed) this.chain(file.id, () => this.refresh(file, true));
        }, this.options.confirmMissingMs ?? 300);
        this.retryTimers.add(timer);
        return true;
      }
      if (result === 'missing') this.dropRemovedElsewhere(file.id);
      else if (!this.corrupt.has(file.id)) this.logger.warn(`Task store: task file ${file.key}.json became unreadable; keeping the copy in memory.`);
      return true;
    }
    if (entry?.rev === result.rev && entry.writer === result.writer && (this.tasks.has(file.id) || !this.shouldLoad(result))) return true;
    this.index.set(file.id, { key: result.key, addedAt: result.task.addedAt, done: result.folder === 'done', rev: result.rev, writer: result.writer, ...(entry?.others && { others: entry.others }) });
    this.corrupt.delete(file.id);
    if (this.tasks.has(file.id) || this.shouldLoad(result)) {
      const isNew = !this.tasks.has(file.id);
      this.adopt(file.id, result.task);
      if (isNew) this.enforceHistoryLimit();
    }
    return true;
  }

  /** A task another window wrote is read into memory when it is unfinished or within the loaded pages. */
  private shouldLoad(record: DiskRecord): boolean {
    return record.folder === 'active' || record.task.addedAt >= this.loadedFrom || this.loadedFrom === Number.POSITIVE_INFINITY;
  }

  /** Drops the oldest finished tasks beyond the limit, straight from the index (they need not be read). */
  private enforceHistoryLimit(): void {
    const max = this.options.maxHistory?.() ?? 1000;
    if (this.index.size <= max) return;
    const finishedOldestFirst = [...this.index]
      .filter(([id, e]) => (this.tasks.has(id) ? isTerminalStatus(this.tasks.get(id)!.status) : e.done))
      .sort((a, b) => a[1].addedAt - b[1].addedAt)
      .map(([id]) => id);
    const doomed = finishedOldestFirst.slice(0, this.index.size - max);
    if (doomed.length) {
      this.logger.info(`Task store: history limit ${max} reached; dropping ${doomed.length} oldest finished task(s).`);
      this.remove(doomed);
    }
  }
}

/** The gateway's view of a task merged into what we know; a new task starts its local times now. */
function merge(existing: TaskRecord | undefined, task: MjTask, local: Partial<TaskRecord>, now: number): TaskRecord {
  if (!existing) return slimFinished({ ...task, addedAt: now, updatedAt: now, lastChangeAt: now, ...local });
  const changed = taskChanged(existing, task);
  return slimFinished({
    ...existing,
    ...task,
    ...local,
    // A gateway that forgets the prompt (new-api returns "" for some actions) does not erase ours.
    prompt: task.prompt || existing.prompt,
    // The first sighting stays the task's local start (its file name and its age both use it).
    addedAt: existing.addedAt,
    updatedAt: now,
    lastChangeAt: changed ? now : existing.lastChangeAt,
    stalled: changed ? false : (local.stalled ?? existing.stalled),
  });
}

function sameRecord(a: TaskRecord, b: TaskRecord): boolean {
  const { lastPolledAt: _a, ...restA } = a;
  const { lastPolledAt: _b, ...restB } = b;
  return JSON.stringify(restA) === JSON.stringify(restB);
}
