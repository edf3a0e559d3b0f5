// One tracker keeps every unfinished MidJourney task up to date with ONE request per tick
// (POST /mj/task/list-by-condition for all of them), falls back to per-task fetch when the
// gateway lacks that route (detected once per gateway), backs off with jitter on errors, honours
// Retry-After, and does not poll at all while nothing runs. With several windows open, only the
// window holding the poller lease polls; the others see its updates through the task store.
import { GatewayError } from '../gateway/errors';
import { realClock, type Clock } from '../base/clock';
import { Emitter, type Disposable } from '../base/events';
import { silentLogger, type Logger } from '../base/log';
import type { MidjourneyClient } from '../midjourney/client';
import type { PollPermit } from './lease';
import type { TaskStore } from './store';
import { needsPolling, type MjTask, type TaskRecord } from '../../shared/task';
import { t } from '../base/l10n';

/** The tracker's clock: every age it measures (stall, give-up) is on this one local clock. */
export type TrackerClock = Clock;

export interface TrackerOptions {
  /** Normal poll interval (setting `aitre.pollIntervalSeconds`). */
  intervalMs: () => number;
  /** The first poll after a submit comes this soon (to catch MODAL and the first progress). */
  firstPollDelayMs?: number;
  /** No visible change for this long → the task is flagged "stalled" (it keeps being polled). */
  stallAfterMs?: () => number;
  /** new-api fails tasks after one hour; past this age (local time since we first saw the task) we stop polling and say so. */
  giveUpAfterMs?: number;
  /** Longest backoff after repeated errors. */
  maxBackoffMs?: number;
  /** A task missing from this many list answers in a row is fetched alone to learn why. */
  missesBeforeFetch?: number;
  /** Which gateway is configured: when it changes, what was learnt about the old one (routes, misses) is forgotten. */
  gateway?: () => string | undefined;
  /** Several windows: only the holder polls on its own (a refresh the user asks for always runs). */
  permit?: PollPermit;
  clock?: TrackerClock;
  random?: () => number;
  logger?: Logger;
}

export interface PollReport {
  ids: string[];
  /** Requests sent in this tick. */
  requests: number;
  error?: GatewayError;
  /** Delay until the next tick (undefined: nothing left to poll). */
  nextDelayMs?: number;
}

export class Tracker {
  private timer: unknown;
  private nextAt: number | undefined;
  private running: Promise<void> | undefined;
  private consecutiveErrors = 0;
  /** undefined: not known yet; false: the gateway answered 404, use per-task fetch from now on. */
  private listRouteAvailable: boolean | undefined;
  private gatewayKey: string | undefined;
  private readonly subscriptions: Disposable[] = [];
  private readonly misses = new Map<string, number>();
  private readonly clock: TrackerClock;
  private readonly logger: Logger;
  private readonly random: () => number;
  private readonly polled = new Emitter<PollReport>();
  private disposed = false;
  /** Total requests sent by the tracker (benchmark and tests). */
  requestCount = 0;

  readonly onDidPoll = this.polled.event;

  constructor(private readonly mj: MidjourneyClient, private readonly store: TaskStore, private readonly options: TrackerOptions) {
    this.clock = options.clock ?? realClock;
    this.logger = options.logger ?? silentLogger;
    this.random = options.random ?? Math.random;
    this.gatewayKey = options.gateway?.();
    // A task another window submitted (or one loaded later) needs polling too: start if idle.
    this.subscriptions.push(store.onDidChange((change) => {
      if (this.running || this.timer !== undefined || this.disposed) return;
      if (change.changed.some((id) => { const t = store.get(id); return t !== undefined && needsPolling(t); })) this.start();
    }));
    if (options.permit) {
      this.subscriptions.push(options.permit.onDidChange((holding) => {
        if (holding) this.start();
        else this.cancelTimer();
      }));
    }
  }

  /** True when this tracker may poll on its own (no lease, or this window holds it). */
  get isPoller(): boolean {
    return !this.options.permit || this.options.permit.isHolder();
  }

  /** Tasks the next tick would poll. */
  activeTasks(): TaskRecord[] {
    return this.store.all().filter(needsPolling);
  }

  /** Starts (or resumes after a reload) polling if anything is unfinished. */
  start(): void {
    if (this.activeTasks().length) this.schedule(this.options.firstPollDelayMs ?? 1000);
  }

  /** After a submit: poll soon, not after a whole interval. */
  kick(): void {
    this.schedule(this.options.firstPollDelayMs ?? 1000);
  }

  /** Refresh now (the tree's refresh button): the user asked, so this window polls once even if another one is the poller. */
  async pollNow(): Promise<void> {
    this.cancelTimer();
    await this.tick(true);
  }

  /**
   * "Re-check": one fetch of this task, whatever its flags, then normal tracking resumes if it
   * is still unfinished. Throws the gateway's error so the caller can say what happened.
   */
  async recheck(id: string): Promise<TaskRecord> {
    this.requestCount++;
    const task = await this.mj.fetch(id);
    this.misses.delete(id);
    const record = this.store.upsert(task, { stalled: false, untracked: undefined, localNote: undefined });
    if (needsPolling(record)) this.schedule(this.options.intervalMs());
    return record;
  }

  /** The user stopped tracking this task; it stays in history and can be re-checked. */
  untrack(id: string): void {
    this.store.patch(id, { untracked: true });
  }

  dispose(): void {
    this.disposed = true;
    this.cancelTimer();
    this.subscriptions.forEach((s) => s.dispose());
    this.polled.dispose();
  }

  /** Schedules the next tick no later than `delayMs` from now (an earlier scheduled tick wins). */
  private schedule(delayMs: number): void {
    if (this.disposed || !this.isPoller) return;
    const at = this.clock.now() + delayMs;
    if (this.timer !== undefined && this.nextAt !== undefined && this.nextAt <= at) return;
    this.cancelTimer();
    this.nextAt = at;
    this.timer = this.clock.setTimeout(() => {
      this.timer = undefined;
      this.nextAt = undefined;
      void this.tick();
    }, Math.max(0, delayMs));
  }

  private cancelTimer(): void {
    if (this.timer !== undefined) this.clock.clearTimeout(this.timer);
    this.timer = undefined;
    this.nextAt = undefined;
  }

  private tick(asked = false): Promise<void> {
    // Never two ticks at once: a slow gateway must not cause overlapping polls.
    if (!this.running) {
      this.running = this.poll(asked).finally(() => { this.running = undefined; });
    }
    return this.running;
  }

  private async poll(asked: boolean): Promise<void> {
    if (this.disposed) return;
    if (!asked && !this.isPoller) {
      this.polled.fire({ ids: [], requests: 0 });
      return; // another window polls; its results arrive through the store
    }
    this.noticeGatewayChange();
    const tasks = this.activeTasks();
    this.expireOverdue(tasks);
    const ids = this.activeTasks().map((t) => t.id);
    if (ids.length === 0) {
      this.polled.fire({ ids, requests: 0 });
      return; // nothing runs: no timer at all
    }
    const before = this.requestCount;
    try {
      const fresh = await this.fetchAll(ids);
      await this.apply(ids, fresh);
      this.consecutiveErrors = 0;
      const delay = this.activeTasks().length && this.isPoller ? this.options.intervalMs() : undefined;
      if (delay !== undefined) this.schedule(delay);
      this.polled.fire({ ids, requests: this.requestCount - before, nextDelayMs: delay });
    } catch (error) {
      const mapped = error instanceof GatewayError ? error : new GatewayError({ kind: 'network', message: t('Polling failed.'), detail: String(error) });
      if (mapped.kind === 'no-key' || mapped.kind === 'untrusted-origin') {
        // Nothing was sent and retrying cannot help: wait for start() (a key, a confirmed gateway).
        this.logger.info(`Tracker: paused, ${ids.length} task(s) wait (${mapped.kind}).`);
        this.polled.fire({ ids, requests: this.requestCount - before, error: mapped });
        return;
      }
      this.consecutiveErrors++;
      const delay = this.backoffDelay(mapped);
      this.logger.warn(`Tracker: polling ${ids.length} task(s) failed (${mapped.kind}: ${mapped.detail}); next try in ${Math.round(delay / 1000)} s`);
      this.schedule(delay);
      this.polled.fire({ ids, requests: this.requestCount - before, error: mapped, nextDelayMs: delay });
    }
  }

  /** A different gateway may well have the list route (or lack it): detect again, forget old misses. */
  private noticeGatewayChange(): void {
    const key = this.options.gateway?.();
    if (key === this.gatewayKey) return;
    this.gatewayKey = key;
    if (this.listRouteAvailable !== undefined) this.logger.info('Tracker: the gateway changed; checking again whether it offers /mj/task/list-by-condition.');
    this.listRouteAvailable = undefined;
    this.misses.clear();
  }

  private async fetchAll(ids: string[]): Promise<MjTask[]> {
    if (this.listRouteAvailable !== false) {
      try {
        this.requestCount++;
        const tasks = await this.mj.listByCondition(ids, { background: true });
        this.listRouteAvailable = true;
        return tasks;
      } catch (error) {
        if (!(error instanceof GatewayError && error.kind === 'route-missing')) throw error;
        this.listRouteAvailable = false;
        this.logger.info('Tracker: this gateway has no /mj/task/list-by-condition; polling tasks one by one from now on.');
      }
    }
    const found: MjTask[] = [];
    for (const id of ids) {
      try {
        this.requestCount++;
        found.push(await this.mj.fetch(id, { background: true }));
      } catch (error) {
        if (error instanceof GatewayError && error.kind === 'not-found') continue; // counted as a miss below
        throw error;
      }
    }
    return found;
  }

  private async apply(ids: string[], fresh: MjTask[]): Promise<void> {
    const now = this.clock.now();
    const seen = new Set<string>();
    for (const task of fresh) {
      if (!ids.includes(task.id)) continue;
      seen.add(task.id);
      this.misses.delete(task.id);
      this.store.upsert(task);
    }
    this.store.markPolled([...seen], now);
    for (const id of ids) {
      if (seen.has(id)) continue;
      const misses = (this.misses.get(id) ?? 0) + 1;
      this.misses.set(id, misses);
      if (misses >= (this.options.missesBeforeFetch ?? 3)) await this.fetchMissing(id, misses);
    }
    const stallAfter = this.options.stallAfterMs?.() ?? 10 * 60_000;
    for (const task of this.activeTasks()) {
      const stalled = now - task.lastChangeAt > stallAfter;
      if (stalled && !task.stalled) {
        this.store.patch(task.id, { stalled: true });
        this.logger.warn(`Tracker: task ${task.id} has not changed for ${Math.round((now - task.lastChangeAt) / 60_000)} min; flagged as stalled.`);
      }
    }
  }

  /**
   * A list answer that leaves a task out is thin evidence (a gateway's list may lag or filter):
   * the task is fetched alone, and only a "no such task" stops tracking it. Other errors keep it
   * tracked; the next tick tries again.
   */
  private async fetchMissing(id: string, misses: number): Promise<void> {
    try {
      this.requestCount++;
      const task = await this.mj.fetch(id);
      this.misses.delete(id);
      this.store.upsert(task);
      this.store.markPolled([id], this.clock.now());
      this.logger.info(`Tracker: task ${id} was missing from ${misses} list answers but the gateway still has it; tracking goes on.`);
    } catch (error) {
      if (!(error instanceof GatewayError && error.kind === 'not-found')) {
        this.logger.warn(`Tracker: checking task ${id} alone failed (${error instanceof GatewayError ? error.detail : String(error)}); trying again next time.`);
        return;
      }
      this.misses.delete(id);
      this.store.patch(id, { untracked: true, localNote: t('The gateway no longer reports this task (it may have expired or belong to another key). Use "Re-check" to try again.') });
      this.logger.warn(`Tracker: task ${id} missing from ${misses} answers in a row and unknown when fetched alone; stopped tracking it.`);
    }
  }

  /**
   * new-api fails any task older than one hour; past that (plus grace) polling only wastes calls.
   * The age is local: since this extension first saw the task (addedAt, on this machine's clock),
   * never the gateway's submitTime against our clock, which a skewed gateway clock would break.
   */
  private expireOverdue(tasks: TaskRecord[]): void {
    const limit = this.options.giveUpAfterMs ?? 65 * 60_000;
    const now = this.clock.now();
    for (const task of tasks) {
      if (now - task.addedAt > limit) {
        this.store.patch(task.id, {
          untracked: true,
          stalled: true,
          localNote: t('No result after more than an hour, so AITRE stopped checking. The gateway gives up on tasks after one hour. Use "Re-check" to ask once more.'),
        });
      }
    }
  }

  private backoffDelay(error: GatewayError): number {
    const interval = this.options.intervalMs();
    const max = this.options.maxBackoffMs ?? 5 * 60_000;
    if (error.retryAfterMs !== undefined) return Math.min(max, Math.max(error.retryAfterMs, interval));
    const exp = Math.min(max, interval * 2 ** Math.min(this.consecutiveErrors, 10));
    return Math.round(exp / 2 + (this.random() * exp) / 2);
  }
}
