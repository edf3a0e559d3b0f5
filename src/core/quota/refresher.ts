// When the quota is asked for: once at start (and after the gateway or key changes), on the user's
// click, and after paid calls, at most once a minute (a burst of submits is one refresh). A gateway
// that does not answer hides the quota with one log line; one without the routes (404) is not asked
// again after paid calls until the gateway or key changes.
import { realClock, type Clock } from '../base/clock';
import { Emitter } from '../base/events';
import { silentLogger, type Logger } from '../base/log';
import { GatewayError } from '../gateway/errors';
import type { Quota } from './billing';
import { t } from '../base/l10n';

export interface QuotaState {
  /** The last quota the gateway reported; undefined while unknown or unavailable. */
  quota?: Quota;
  /** When it was reported (epoch ms). */
  at?: number;
  /** A refresh is in flight. */
  loading: boolean;
  /** Why there is no quota to show: nothing asked yet (no key or URL), or the gateway did not answer. */
  missing?: 'not-asked' | 'unavailable';
  /** The sentence for a person when the gateway did not answer (shown on an explicit refresh). */
  problem?: string;
}

export interface QuotaRefresherOptions {
  load: () => Promise<Quota>;
  clock?: Clock;
  logger?: Logger;
  /** Shortest time between refreshes caused by paid calls (default one minute). */
  minIntervalMs?: number;
  /** Wait after a paid call before asking, so the gateway has booked it (default 2 s). */
  settleMs?: number;
}

export const QUOTA_MIN_INTERVAL_MS = 60_000;
export const QUOTA_SETTLE_MS = 2_000;

/**
 * Not a gateway failure: nothing to log, the quota is simply not asked for yet (no key, no usable
 * URL, or the key is not confirmed for this gateway yet).
 */
const NOT_READY = new Set(['no-key', 'config', 'cancelled', 'untrusted-origin']);

export class QuotaRefresher {
  private current: QuotaState = { loading: false, missing: 'not-asked' };
  private inFlight: Promise<QuotaState> | undefined;
  private timer: unknown;
  private lastPaidRefresh = -Infinity;
  /** The gateway has no billing routes: paid calls stop asking until reset(). */
  private routesMissing = false;
  /** One log line per outage, not one per refresh. */
  private loggedOutage = false;
  /** Bumped by reset(): an answer for an older gateway or key is dropped. */
  private generation = 0;
  private readonly changed = new Emitter<QuotaState>();
  readonly onDidChange = this.changed.event;
  private readonly clock: Clock;
  private readonly logger: Logger;

  constructor(private readonly options: QuotaRefresherOptions) {
    this.clock = options.clock ?? realClock;
    this.logger = options.logger ?? silentLogger;
  }

  get state(): QuotaState {
    return this.current;
  }

  /** Asks now (a click, the palette, the start). A refresh already in flight is joined, not repeated. */
  refresh(): Promise<QuotaState> {
    if (this.inFlight) return this.inFlight;
    this.cancelTimer();
    const generation = this.generation;
    this.set({ ...this.current, loading: true });
    const run = this.load(generation).finally(() => { if (this.inFlight === run) this.inFlight = undefined; });
    this.inFlight = run;
    return run;
  }

  /** A call that may have cost money was answered: refresh soon, at most once a minute. */
  paidCall(): void {
    if (this.routesMissing || this.timer !== undefined) return;
    const now = this.clock.now();
    const delay = Math.max(this.options.settleMs ?? QUOTA_SETTLE_MS, this.lastPaidRefresh + (this.options.minIntervalMs ?? QUOTA_MIN_INTERVAL_MS) - now);
    this.timer = this.clock.setTimeout(() => {
      this.timer = undefined;
      this.lastPaidRefresh = this.clock.now();
      // A refresh that started before the call was booked would miss it: ask once more after it.
      void (this.inFlight ?? Promise.resolve()).then(() => this.refresh());
    }, delay);
  }

  /** The gateway URL or the key changed: forget what was known and ask again. */
  reset(): Promise<QuotaState> {
    this.generation++;
    this.cancelTimer();
    this.inFlight = undefined;
    this.routesMissing = false;
    this.loggedOutage = false;
    this.lastPaidRefresh = -Infinity;
    this.set({ loading: false, missing: 'not-asked' });
    return this.refresh();
  }

  dispose(): void {
    this.generation++;
    this.cancelTimer();
    this.changed.dispose();
  }

  private async load(generation: number): Promise<QuotaState> {
    try {
      const quota = await this.options.load();
      if (generation !== this.generation) return this.current;
      if (this.loggedOutage) this.logger.info('Quota: the gateway reports it again.');
      this.loggedOutage = false;
      this.set({ quota, at: this.clock.now(), loading: false });
    } catch (error) {
      if (generation !== this.generation) return this.current;
      const gatewayError = error instanceof GatewayError ? error : undefined;
      if (gatewayError && NOT_READY.has(gatewayError.kind)) {
        // An unconfirmed gateway is a question for the user, asked by the commands they run (the
        // quota is background work and never opens the modal): a click says so.
        const problem = gatewayError.kind === 'untrusted-origin' ? gatewayError.message : undefined;
        this.set({ loading: false, missing: 'not-asked', ...(problem && { problem }) });
        return this.current;
      }
      this.routesMissing = gatewayError?.kind === 'route-missing' || gatewayError?.status === 404;
      if (!this.loggedOutage) {
        this.loggedOutage = true;
        const detail = gatewayError ? gatewayError.detail : String(error);
        this.logger.info(this.routesMissing
          ? t('Quota hidden: this gateway does not offer the billing routes ({0}).', detail)
          : t('Quota hidden: the gateway did not report it ({0}).', detail));
      }
      const problem = this.routesMissing
        ? t('This gateway does not report the quota of a key.')
        : gatewayError?.message ?? t('The gateway did not report the quota.');
      this.set({ loading: false, missing: 'unavailable', problem });
    }
    return this.current;
  }

  private set(state: QuotaState): void {
    this.current = state;
    this.changed.fire(state);
  }

  private cancelTimer(): void {
    if (this.timer !== undefined) this.clock.clearTimeout(this.timer);
    this.timer = undefined;
  }
}
