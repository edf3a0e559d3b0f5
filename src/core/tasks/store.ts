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
import { TaskSync, type Op, type StoreMemory } from './store-sync';
import { TaskFiles, type DiskRecord } from './task-files';

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

/** Reads in flight at once: through workspace.fs each read is a round trip, so they are overlapped. */
const READ_CONCURRENCY = 64;

export class TaskStore implements Disposable {
  private readonly files: TaskFiles;
  private readonly sync: TaskSync;
  private readonly tasks = new Map<string, TaskRecord>();
  private readonly changes = new Emitter<StoreChange>();
  private childIndex: Map<string, string[]> | undefined;
  private newestFirst: string[] | undefined;
  private rootIds: string[] | undefined;
  /** Finished tasks added at or after this time are in memory (+Infinity: none yet, -Infinity: all). */
  private loadedFrom = Number.POSITIVE_INFINITY;
  private shape = 0;
  /** Removed tasks whose files may not be deleted yet. */
  private readonly removing = new Set<string>();
  private watcher: Disposable | undefined;
  private readonly logger: Logger;
  private readonly now: () => number;

  readonly onDidChange = this.changes.event;

  constructor(area: FileArea, private readonly options: TaskStoreOptions = {}) {
    this.logger = options.logger ?? silentLogger;
    const clock = options.clock ?? realClock;
    this.now = options.now ?? (() => clock.now());
    this.files = new TaskFiles(area, this.logger, this.now);
    this.sync = new TaskSync(this.files, this.memory(), { clock, logger: this.logger, verifyAfterMs: options.verifyAfterMs, confirmMissingMs: options.confirmMissingMs });
  }

  /** Files written so far (tests and the benchmark). */
  get writes(): number { return this.sync.writes; }
  private get index() { return this.sync.index; }
  private get corrupt() { return this.sync.corrupt; }

  /** How the disk side reaches the memory: what other windows wrote comes in through here. */
  private memory(): StoreMemory {
    return {
      has: (id) => this.tasks.has(id),
      adopt: (id, record) => {
        const before = this.tasks.get(id);
        this.tasks.set(id, before?.lastPolledAt && !record.lastPolledAt ? { ...record, lastPolledAt: before.lastPolledAt } : record);
        if (!before || before.parentId !== record.parentId) this.invalidate();
        if (!before || !sameRecord(before, record)) this.changes.fire({ changed: [id], removed: [] });
      },
      removedElsewhere: (id) => {
        if (!this.tasks.delete(id)) return;
        this.invalidate();
        this.logger.info(`Task store: task ${id} was removed in another window; not writing it back.`);
        this.changes.fire({ changed: [], removed: [id] });
      },
      shouldLoad: (record) => this.shouldLoad(record),
      added: () => this.enforceHistoryLimit(),
    };
  }

  /** Finished tasks read per page (at start and per "Show older tasks"). */
  get pageSize(): number { return this.options.pageSize ?? 200; }

  /**
   * Reads what the views and the tracker need: every unfinished task, then the newest page of
   * finished ones and the parents they hang under. Migrates the old globalState history once.
   * Starts watching the folder, so other windows' changes arrive. Never throws for bad files.
   * `background`: return once the unfinished tasks are read; listing and reading the finished
   * ones follows (`ready`), so a start costs the same whatever the size of the history.
   */
  async open(legacy?: LegacyHistory, options: { background?: boolean } = {}): Promise<LoadReport> {
    await this.files.init();
    // Watch before listing, so nothing another window writes meanwhile is missed.
    if (this.options.watch !== false) this.watcher = this.files.watch((file) => this.sync.onExternal(file));
    const running = await this.files.listFolder('active');
    for (const file of running) this.sync.indexFile(file);
    await this.readInto(running.map((f) => f.id));
    const report: LoadReport = { loaded: 0, total: 0, skipped: 0 };
    const rest = async () => {
      for (const file of await this.files.listFolder('done')) this.sync.indexFile(file);
      // Running tasks show under the (finished) tasks they came from.
      const parents = await this.readInto([...this.tasks.values()].map((t) => t.parentId).filter((p): p is string => p !== undefined));
      if (parents.length && options.background) this.changes.fire({ changed: parents, removed: [] });
      if (legacy) {
        const migrated = await migrateLegacy(legacy, this.files, this.index, this.logger, this.now);
        for (const entry of migrated.written) this.index.set(entry.task.id, { key: entry.key, addedAt: entry.task.addedAt, done: entry.folder === 'done', rev: entry.rev, writer: entry.writer });
        if (migrated.written.length) report.migrated = migrated.written.length;
        const migratedRunning = await this.readInto(migrated.written.filter((e) => e.folder === 'active').map((e) => e.task.id));
        if (migratedRunning.length && options.background) this.changes.fire({ changed: migratedRunning, removed: [] });
      }
      await this.loadMore(this.pageSize, options.background === true);
      this.enforceHistoryLimit();
      if (this.corrupt.size) this.logger.warn(`Task store: skipped ${this.corrupt.size} unreadable task file(s); they stay on disk untouched.`);
      this.logger.info(`Task store: ${this.index.size} task(s), ${this.tasks.size} read at start${report.migrated ? `, ${report.migrated} migrated from the old history` : ''}.`);
      this.isReady = true;
    };
    // In the background the finished tasks are listed after the caller has gone on (a macrotask later).
    const settled = async () => {
      try {
        await rest();
      } catch (error) {
        this.logger.error(`Task store: reading the finished tasks failed (${String(error)}); the running ones are shown.`);
      } finally {
        this.isReady = true;
      }
    };
    this.ready = options.background ? new Promise<void>((resolve) => setTimeout(resolve, 0)).then(settled) : settled();
    if (!options.background) await this.ready;
    report.loaded = this.tasks.size;
    report.total = this.index.size;
    report.skipped = this.corrupt.size;
    return report;
  }

  /** The newest page has been read (open() with `background` returns before that). */
  isReady = false;
  ready: Promise<void> = Promise.resolve();

  /** Tasks in the store, loaded or not. */
  get size(): number { return this.index.size; }
  /** Tasks in memory. */
  get loadedCount(): number { return this.tasks.size; }
  /** Finished tasks still on disk only. */
  get unloadedCount(): number {
    // A removed task stays in the index until its file is deleted: it is gone, not "on disk".
    let removing = 0;
    for (const id of this.removing) {
      if (!this.index.has(id)) this.removing.delete(id);
      else if (!this.tasks.has(id)) removing++;
    }
    return Math.max(0, this.index.size - this.tasks.size - removing);
  }
  get(id: string): TaskRecord | undefined { return this.tasks.get(id); }
  has(id: string): boolean { return this.tasks.has(id); }

  /** Every loaded task, in no particular order (cheaper than all() when order does not matter). */
  values(): IterableIterator<TaskRecord> {
    return this.tasks.values();
  }

  /** Loaded tasks, newest first (the order is kept until tasks come or go: addedAt never changes). */
  all(): TaskRecord[] {
    this.newestFirst ??= [...this.tasks.values()].sort((a, b) => b.addedAt - a.addedAt).map((t) => t.id);
    return this.newestFirst.map((id) => this.tasks.get(id)).filter((t): t is TaskRecord => t !== undefined);
  }

  /**
   * Counts the times tasks came, went or moved under another parent. A view compares it across
   * changes: the same number means every task kept its place, so only the changed rows need redrawing.
   */
  get shapeVersion(): number { return this.shape; }

  /** Tasks came, went or moved under another parent: the derived indexes are rebuilt when next asked for. */
  private invalidate(): void {
    this.shape++;
    this.childIndex = undefined;
    this.newestFirst = undefined;
    this.rootIds = undefined;
  }

  /** Loaded tasks without a parent in memory, newest first (kept until tasks come, go or move). */
  roots(): TaskRecord[] {
    this.rootIds ??= this.all().filter((t) => !t.parentId || !this.tasks.has(t.parentId)).map((t) => t.id);
    return this.rootIds.map((id) => this.tasks.get(id)).filter((t): t is TaskRecord => t !== undefined);
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
    await this.ready;
    if (this.unloadedCount > 0) await this.loadMore(Number.POSITIVE_INFINITY);
  }

  /** The task, read from disk if it exists there but is not in memory yet. */
  async load(id: string): Promise<TaskRecord | undefined> {
    if (!this.tasks.has(id)) await this.ready; // the folder of finished tasks may still be being listed
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
        const results = await Promise.all(slice.map((id) => this.sync.readEntry(id)));
        for (const record of results) {
          if (record && !this.tasks.has(record.task.id)) {
            this.tasks.set(record.task.id, record.task);
            read.push(record.task.id);
          }
        }
        this.invalidate();
      }
      // A child shows under its parent: read parents that are on disk but not in memory yet.
      batch = [...new Set(batch.map((id) => this.tasks.get(id)?.parentId)
        .filter((p): p is string => !!p && !this.tasks.has(p) && this.index.has(p) && !this.corrupt.has(p)))];
    }
    if (read.length) this.invalidate();
    return read;
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
      if (merged.parentId !== existing.parentId) this.invalidate();
      this.enqueue(task.id, { kind: 'put', create: false, apply });
      this.changes.fire({ changed: [task.id], removed: [] });
      return merged;
    }
    this.tasks.set(task.id, merged);
    this.invalidate();
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
    if (next.parentId !== existing.parentId) this.invalidate();
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
      this.removing.add(id);
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
    this.invalidate();
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
    return this.sync.saved(id);
  }

  /** Waits for every pending write. */
  flush(): Promise<void> {
    return this.sync.flush();
  }

  dispose(): void {
    this.watcher?.dispose();
    this.sync.dispose();
    void this.flush().finally(() => this.changes.dispose());
  }

  private enqueue(id: string, op: Op): void {
    this.sync.enqueue(id, op);
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
