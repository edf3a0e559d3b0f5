// The one task store: every task the user submitted or opened, persisted through a Memento-like
// key-value store with debounced writes, a versioned schema and a history limit.
import { Emitter } from '../base/events';
import { silentLogger, type Logger } from '../base/log';
import { taskChanged } from '../midjourney/normalise';
import { isTerminalStatus, type MjTask, type TaskRecord, type TextSource } from '../../shared/task';

/** The part of vscode.Memento the store needs (tests pass a Map-backed fake). */
export interface KeyValueStore {
  get<T>(key: string): T | undefined;
  update(key: string, value: unknown): PromiseLike<void>;
}

export interface StoreChange {
  /** Tasks added or changed. */
  changed: string[];
  removed: string[];
}

export const STORE_KEY = 'aitre.tasks';
export const STORE_VERSION = 1;

interface PersistedV1 { version: 1; tasks: TaskRecord[] }

export interface TaskStoreOptions {
  logger?: Logger;
  /** Writes are coalesced: a change that matters (new task, new status, result) is saved this soon. */
  saveDelayMs?: number;
  /**
   * Progress-only changes (46% → 85%) are saved at most this often: after a reload the tracker
   * asks the gateway again anyway, so rewriting the whole history for each tick buys nothing.
   */
  progressSaveDelayMs?: number;
  /** Finished tasks beyond this count are dropped, oldest first. Running tasks are never dropped. */
  maxHistory?: () => number;
  now?: () => number;
}

export interface LoadReport { loaded: number; skipped: number; migratedFrom?: number }

export class TaskStore {
  private readonly tasks = new Map<string, TaskRecord>();
  private readonly changes = new Emitter<StoreChange>();
  private saveTimer: ReturnType<typeof setTimeout> | undefined;
  private childIndex: Map<string, string[]> | undefined;
  private saveAt: number | undefined;
  private saving: Promise<void> = Promise.resolve();
  private readonly logger: Logger;
  private readonly now: () => number;
  /** Number of writes to the backing store, for tests and the benchmark. */
  writes = 0;

  readonly onDidChange = this.changes.event;

  constructor(private readonly backing: KeyValueStore, private readonly options: TaskStoreOptions = {}) {
    this.logger = options.logger ?? silentLogger;
    this.now = options.now ?? Date.now;
  }

  /** Reads the persisted tasks; anything unreadable is skipped and reported in the log, never thrown. */
  load(): LoadReport {
    const raw = this.backing.get<unknown>(STORE_KEY);
    const report: LoadReport = { loaded: 0, skipped: 0 };
    let records: unknown[];
    if (raw === undefined || raw === null) return report;
    if (Array.isArray(raw)) {
      // Version 0 (before the schema had a version) stored the bare array.
      records = raw;
      report.migratedFrom = 0;
    } else if (typeof raw === 'object' && Array.isArray((raw as PersistedV1).tasks)) {
      const version = (raw as { version?: unknown }).version;
      if (typeof version === 'number' && version > STORE_VERSION) {
        this.logger.warn(`Task store: version ${version} is newer than this extension understands (${STORE_VERSION}); reading what it can.`);
      }
      records = (raw as PersistedV1).tasks;
    } else {
      this.logger.warn('Task store: the saved history is unreadable; starting with an empty list.');
      return report;
    }
    for (const entry of records) {
      const record = reviveRecord(entry, this.now());
      if (record) {
        this.childIndex = undefined;
        this.tasks.set(record.id, record);
        report.loaded++;
      } else {
        report.skipped++;
      }
    }
    if (report.skipped) this.logger.warn(`Task store: skipped ${report.skipped} unreadable saved task(s).`);
    if (report.migratedFrom !== undefined) this.scheduleSave();
    this.logger.info(`Task store: loaded ${report.loaded} task(s).`);
    return report;
  }

  get size(): number { return this.tasks.size; }
  get(id: string): TaskRecord | undefined { return this.tasks.get(id); }
  has(id: string): boolean { return this.tasks.has(id); }

  /** Every task, in no particular order (cheaper than all() when order does not matter). */
  values(): IterableIterator<TaskRecord> {
    return this.tasks.values();
  }

  /** Newest first. */
  all(): TaskRecord[] {
    return [...this.tasks.values()].sort((a, b) => b.addedAt - a.addedAt);
  }

  /** Tasks without a parent in the store, newest first. */
  roots(): TaskRecord[] {
    return this.all().filter((t) => !t.parentId || !this.tasks.has(t.parentId));
  }

  /** Direct children, oldest first (the order the buttons were pressed). */
  children(id: string): TaskRecord[] {
    return (this.childIds().get(id) ?? []).map((c) => this.tasks.get(c)).filter((t): t is TaskRecord => t !== undefined);
  }

  /**
   * parent id → child ids, rebuilt only when tasks are added, removed or re-parented, so a tree
   * of thousands of tasks does not scan the whole store for every row.
   */
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

  /** Adds a task (or merges into the known one) from what the gateway said. */
  upsert(task: MjTask, local: Partial<TaskRecord> = {}): TaskRecord {
    const now = this.now();
    const existing = this.tasks.get(task.id);
    if (existing) {
      const changed = taskChanged(existing, task);
      const merged: TaskRecord = {
        ...existing,
        ...task,
        ...local,
        // A gateway that forgets the prompt (new-api returns "" for some actions) does not erase ours.
        prompt: task.prompt || existing.prompt,
        updatedAt: now,
        lastChangeAt: changed ? now : existing.lastChangeAt,
        stalled: changed ? false : (local.stalled ?? existing.stalled),
      };
      this.tasks.set(task.id, merged);
      if (merged.parentId !== existing.parentId) this.childIndex = undefined;
      const progressOnly = changed && !Object.keys(local).length && existing.status === merged.status
        && existing.buttons.length === merged.buttons.length && existing.failReason === merged.failReason && existing.finalPrompt === merged.finalPrompt;
      if (changed || Object.keys(local).length) this.emit([task.id], [], progressOnly);
      return merged;
    }
    const record: TaskRecord = { ...task, addedAt: now, updatedAt: now, lastChangeAt: now, ...local };
    this.tasks.set(task.id, record);
    this.childIndex = undefined;
    this.enforceHistoryLimit();
    this.emit([task.id], []);
    return record;
  }

  /** Records a successful poll without announcing a change (it is saved with the next real change). */
  markPolled(ids: readonly string[], at: number): void {
    for (const id of ids) {
      const task = this.tasks.get(id);
      if (task) task.lastPolledAt = at;
    }
  }

  /** Local bookkeeping changes (stalled, untracked, notes...). */
  patch(id: string, patch: Partial<TaskRecord>): TaskRecord | undefined {
    const existing = this.tasks.get(id);
    if (!existing) return undefined;
    const next = { ...existing, ...patch, id };
    this.tasks.set(id, next);
    if (next.parentId !== existing.parentId) this.childIndex = undefined;
    this.emit([id], []);
    return next;
  }

  /** Removes tasks; their children move up to the removed task's parent so no task is lost from view. */
  remove(ids: readonly string[]): void {
    const removed: string[] = [];
    const reparented: string[] = [];
    this.childIndex = undefined;
    for (const id of ids) {
      const task = this.tasks.get(id);
      if (!task) continue;
      this.tasks.delete(id);
      removed.push(id);
      for (const child of this.tasks.values()) {
        if (child.parentId === id) {
          child.parentId = task.parentId;
          reparented.push(child.id);
        }
      }
    }
    if (removed.length) this.emit(reparented.filter((id) => this.tasks.has(id)), removed);
  }

  /** Removes every finished task that has no unfinished descendant. Returns how many went. */
  clearFinished(): number {
    const keep = new Set<string>();
    for (const task of this.tasks.values()) {
      if (!isTerminalStatus(task.status)) {
        // Keep the running task and its ancestors, so the tree still shows where it came from.
        for (let t: TaskRecord | undefined = task; t && !keep.has(t.id); t = t.parentId ? this.tasks.get(t.parentId) : undefined) keep.add(t.id);
      }
    }
    const doomed = [...this.tasks.keys()].filter((id) => !keep.has(id));
    this.remove(doomed);
    return doomed.length;
  }

  /** Writes pending changes now (on deactivate, before a reload). */
  async flush(): Promise<void> {
    if (this.saveTimer) {
      clearTimeout(this.saveTimer);
      this.saveTimer = undefined;
      this.saveAt = undefined;
      await this.write();
    }
    await this.saving;
  }

  dispose(): void {
    void this.flush();
    this.changes.dispose();
  }

  private emit(changed: string[], removed: string[], progressOnly = false): void {
    this.scheduleSave(progressOnly ? this.options.progressSaveDelayMs ?? 30_000 : this.options.saveDelayMs ?? 500);
    this.changes.fire({ changed, removed });
  }

  /** One pending write at a time; a more urgent change pulls it earlier, never later. */
  private scheduleSave(delayMs = this.options.saveDelayMs ?? 500): void {
    const at = Date.now() + delayMs;
    if (this.saveTimer && this.saveAt !== undefined && this.saveAt <= at) return;
    if (this.saveTimer) clearTimeout(this.saveTimer);
    this.saveAt = at;
    this.saveTimer = setTimeout(() => {
      this.saveTimer = undefined;
      this.saveAt = undefined;
      void this.write();
    }, delayMs);
  }

  private write(): Promise<void> {
    const snapshot: PersistedV1 = { version: STORE_VERSION, tasks: this.all() };
    this.saving = this.saving.then(async () => {
      try {
        this.writes++;
        await this.backing.update(STORE_KEY, snapshot);
      } catch (error) {
        this.logger.error(`Task store: saving failed: ${String(error)}`);
      }
    });
    return this.saving;
  }

  private enforceHistoryLimit(): void {
    const max = this.options.maxHistory?.() ?? 1000;
    if (this.tasks.size <= max) return;
    const finishedOldestFirst = this.all().reverse().filter((t) => isTerminalStatus(t.status));
    const excess = this.tasks.size - max;
    const doomed = finishedOldestFirst.slice(0, excess).map((t) => t.id);
    if (doomed.length) {
      this.logger.info(`Task store: history limit ${max} reached; dropping ${doomed.length} oldest finished task(s).`);
      this.remove(doomed);
    }
  }
}

/** Accepts a saved record if it has what the tree needs; fills in what older versions lacked. */
function reviveRecord(entry: unknown, now: number): TaskRecord | undefined {
  if (typeof entry !== 'object' || entry === null) return undefined;
  const r = entry as Partial<TaskRecord>;
  if (typeof r.id !== 'string' || !r.id) return undefined;
  return {
    id: r.id,
    action: typeof r.action === 'string' ? r.action : 'IMAGINE',
    status: typeof r.status === 'string' ? r.status : '',
    progress: typeof r.progress === 'number' ? r.progress : 0,
    prompt: typeof r.prompt === 'string' ? r.prompt : '',
    promptEn: typeof r.promptEn === 'string' ? r.promptEn : '',
    finalPrompt: typeof r.finalPrompt === 'string' ? r.finalPrompt : '',
    description: typeof r.description === 'string' ? r.description : '',
    imageUrl: typeof r.imageUrl === 'string' ? r.imageUrl : '',
    videoUrls: Array.isArray(r.videoUrls) ? r.videoUrls.filter((u): u is string => typeof u === 'string') : [],
    failReason: typeof r.failReason === 'string' ? r.failReason : '',
    buttons: Array.isArray(r.buttons) ? r.buttons.filter((b) => b && typeof b.customId === 'string') : [],
    submitTime: typeof r.submitTime === 'number' ? r.submitTime : null,
    startTime: typeof r.startTime === 'number' ? r.startTime : null,
    finishTime: typeof r.finishTime === 'number' ? r.finishTime : null,
    botType: typeof r.botType === 'string' ? r.botType : '',
    properties: typeof r.properties === 'object' && r.properties !== null ? r.properties : {},
    parentId: typeof r.parentId === 'string' ? r.parentId : undefined,
    originLabel: typeof r.originLabel === 'string' ? r.originLabel : undefined,
    originCustomId: typeof r.originCustomId === 'string' ? r.originCustomId : undefined,
    subject: typeof r.subject === 'string' ? r.subject : undefined,
    source: isTextSource(r.source) ? r.source : undefined,
    saved: Array.isArray(r.saved) ? r.saved.filter((f) => f && typeof f.uri === 'string').map((f) => ({ uri: f.uri, ...(typeof f.part === 'number' ? { part: f.part } : {}) })) : undefined,
    mode: typeof r.mode === 'string' ? r.mode : undefined,
    addedAt: typeof r.addedAt === 'number' ? r.addedAt : now,
    updatedAt: typeof r.updatedAt === 'number' ? r.updatedAt : now,
    lastChangeAt: typeof r.lastChangeAt === 'number' ? r.lastChangeAt : now,
    lastPolledAt: typeof r.lastPolledAt === 'number' ? r.lastPolledAt : undefined,
    stalled: r.stalled === true ? true : undefined,
    untracked: r.untracked === true ? true : undefined,
    modalSubmitted: r.modalSubmitted === true ? true : undefined,
    localNote: typeof r.localNote === 'string' ? r.localNote : undefined,
  };
}

function isTextSource(value: unknown): value is TextSource {
  const v = value as Partial<TextSource> | undefined;
  return typeof v === 'object' && v !== null && typeof v.uri === 'string' && typeof v.text === 'string'
    && [v.startLine, v.startCharacter, v.endLine, v.endCharacter].every((n) => typeof n === 'number');
}
