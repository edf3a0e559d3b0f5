// One poller for every window of a profile: a lease file in the task folder names the window whose
// tracker polls the gateway, and that window rewrites it (a heartbeat) every few seconds. Another
// window takes the lease when it is released (its window closed) or when its heartbeat stops
// (its host was killed). Staleness is judged on the reader's own clock, from when it last saw the
// heartbeat change, so no two clocks are ever compared (docs/task-store.md).
import { realClock, type Clock } from '../base/clock';
import { Emitter, type Disposable } from '../base/events';
import { decodeJson, encodeJson, writeAtomic, type FileArea } from '../base/files';
import { silentLogger, type Logger } from '../base/log';

export const LEASE_FILE = 'poller.json';

interface LeaseContent {
  owner: string;
  /** Incremented by every heartbeat: a reader that sees it change knows the owner is alive. */
  beat: number;
  /** The owner's clock at the heartbeat; for people reading the file, never compared. */
  at: number;
}

export interface LeaseOptions {
  /** Time between heartbeats (the extension uses half the poll interval, so a take-over fits in two ticks). */
  heartbeatMs: () => number;
  /** A lease whose heartbeat has not changed for this many heartbeats is dead (default 2). */
  staleBeats?: number;
  clock?: Clock;
  logger?: Logger;
  /** This window's name in the file (default: random). */
  owner?: string;
}

/** What the tracker needs to know. */
export interface PollPermit {
  /** True while this window is the one that polls. */
  isHolder(): boolean;
  readonly onDidChange: (listener: (holding: boolean) => void) => Disposable;
}

export class PollerLease implements PollPermit, Disposable {
  readonly owner: string;
  private holding = false;
  private timer: unknown;
  private seen: { owner: string; beat: number; at: number } | undefined;
  private beat = 0;
  private stopped = false;
  private checking: Promise<void> | undefined;
  private readonly clock: Clock;
  private readonly logger: Logger;
  private readonly changed = new Emitter<boolean>();
  readonly onDidChange = this.changed.event;

  constructor(private readonly area: FileArea, private readonly options: LeaseOptions) {
    this.clock = options.clock ?? realClock;
    this.logger = options.logger ?? silentLogger;
    this.owner = options.owner ?? `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;
  }

  isHolder(): boolean {
    return this.holding && !this.stopped;
  }

  /** Checks the lease now (taking it if it is free) and then at every heartbeat. */
  start(): Promise<void> {
    this.stopped = false;
    return this.check();
  }

  /** One heartbeat: the holder renews; the others watch for a lease that is free or dead. */
  check(): Promise<void> {
    this.checking ??= this.checkOnce().finally(() => {
      this.checking = undefined;
      this.arm();
    });
    return this.checking;
  }

  private arm(): void {
    if (this.stopped) return;
    if (this.timer !== undefined) this.clock.clearTimeout(this.timer);
    this.timer = this.clock.setTimeout(() => { this.timer = undefined; void this.check(); }, this.heartbeat());
  }

  private heartbeat(): number {
    return Math.max(50, this.options.heartbeatMs());
  }

  private async checkOnce(): Promise<void> {
    if (this.stopped) return;
    try {
      const current = await this.read();
      const now = this.clock.now();
      if (!current) return await this.acquire('free');
      if (current.owner === this.owner) {
        await this.write();
        this.set(true);
        return;
      }
      // Someone else's lease: alive while its heartbeat keeps changing.
      if (!this.seen || this.seen.owner !== current.owner || this.seen.beat !== current.beat) {
        this.seen = { owner: current.owner, beat: current.beat, at: now };
        this.set(false);
        return;
      }
      const silentFor = now - this.seen.at;
      if (silentFor >= this.heartbeat() * (this.options.staleBeats ?? 2)) {
        this.logger.info(`Poller lease: ${current.owner} stopped its heartbeat ${Math.round(silentFor)} ms ago; this window takes over.`);
        await this.acquire('stale');
        return;
      }
      this.set(false);
    } catch (error) {
      // A lease that cannot be read or written: keep the last decision, try again at the next heartbeat.
      this.logger.warn(`Poller lease: ${String(error)}`);
    }
  }

  /** Writes our name, then reads back: of two windows taking it at once, the last writer holds it. */
  private async acquire(why: 'free' | 'stale'): Promise<void> {
    await this.write();
    const back = await this.read();
    const mine = back?.owner === this.owner;
    if (mine) this.logger.info(`Poller lease: this window polls the gateway (${why === 'free' ? 'no other window did' : 'the previous poller went away'}).`);
    else if (back) this.seen = { owner: back.owner, beat: back.beat, at: this.clock.now() };
    this.set(mine);
  }

  /** The lease, or undefined when there is none. A replace may delete before it renames, so "none" is checked twice. */
  private async read(): Promise<LeaseContent | undefined> {
    const first = await this.readOnce();
    if (first || this.stopped) return first;
    await new Promise((resolve) => setTimeout(resolve, 100));
    return this.readOnce();
  }

  private async readOnce(): Promise<LeaseContent | undefined> {
    const bytes = await this.area.read(LEASE_FILE);
    const raw = bytes ? decodeJson(bytes) as Partial<LeaseContent> | undefined : undefined;
    if (!raw || typeof raw.owner !== 'string' || typeof raw.beat !== 'number') return undefined;
    return { owner: raw.owner, beat: raw.beat, at: typeof raw.at === 'number' ? raw.at : 0 };
  }

  private async write(): Promise<void> {
    this.beat++;
    await writeAtomic(this.area, LEASE_FILE, encodeJson({ owner: this.owner, beat: this.beat, at: this.clock.now() }));
  }

  private set(holding: boolean): void {
    if (this.stopped || holding === this.holding) return;
    this.holding = holding;
    if (!holding) this.logger.info('Poller lease: another window polls the gateway; this one shows what it finds.');
    this.changed.fire(holding);
  }

  /** Gives the lease up (window closing), so another window takes over at its next heartbeat. */
  async release(): Promise<void> {
    const wasHolding = this.holding;
    this.stop();
    if (!wasHolding) return;
    try {
      const current = await this.read();
      if (current?.owner === this.owner) await this.area.remove(LEASE_FILE);
    } catch {
      // The others notice the missing heartbeat instead.
    }
  }

  /** Stops heartbeating without touching the file (what a killed host does). */
  stop(): void {
    this.stopped = true;
    this.holding = false;
    if (this.timer !== undefined) this.clock.clearTimeout(this.timer);
    this.timer = undefined;
  }

  dispose(): void {
    void this.release();
    this.changed.dispose();
  }
}
