// A manual clock for the tracker and the poller lease (their injected Clock): time moves only when
// a test says so, timers fire in time order, so polling tests are exact and take no real seconds.
// The simulator can share it (SimulatorOptions.now), so task phases follow the same time.
import type { Clock } from '../../src/core/base/clock';

interface Timer { at: number; seq: number; fn: () => void }

export class FakeClock implements Clock {
  private time: number;
  private seq = 0;
  private readonly timers = new Map<number, Timer>();

  constructor(start = 1_750_000_000_000) {
    this.time = start;
  }

  now(): number {
    return this.time;
  }

  setTimeout(fn: () => void, ms: number): unknown {
    const id = ++this.seq;
    this.timers.set(id, { at: this.time + Math.max(0, ms), seq: id, fn });
    return id;
  }

  clearTimeout(handle: unknown): void {
    this.timers.delete(handle as number);
  }

  /** Timers waiting to fire. */
  get pending(): number {
    return this.timers.size;
  }

  /** Delay until the next timer, or undefined when none is set. */
  nextDelay(): number | undefined {
    const next = this.next();
    return next ? next.at - this.time : undefined;
  }

  /** Moves time to the next timer and runs it; false when no timer is set. */
  runNext(): boolean {
    const next = this.next();
    if (!next) return false;
    this.timers.delete(next.seq);
    this.time = Math.max(this.time, next.at);
    next.fn();
    return true;
  }

  /** Moves time forward by `ms`, running every timer due on the way, in order. */
  advance(ms: number): void {
    const target = this.time + ms;
    for (let next = this.next(); next && next.at <= target; next = this.next()) {
      this.timers.delete(next.seq);
      this.time = Math.max(this.time, next.at);
      next.fn();
    }
    this.time = target;
  }

  private next(): Timer | undefined {
    let best: Timer | undefined;
    for (const timer of this.timers.values()) if (!best || timer.at < best.at || (timer.at === best.at && timer.seq < best.seq)) best = timer;
    return best;
  }
}
