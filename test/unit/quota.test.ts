// Quota: parsing new-api's billing answers, asking the simulator through the one gateway client,
// the status-bar wording, and when refreshes happen (on a clock the test steps).
import assert from 'node:assert/strict';
import type { Clock } from '../../src/core/base/clock';
import { GatewayError } from '../../src/core/gateway/errors';
import { fetchQuota, parseQuota, usageRange, type Quota } from '../../src/core/quota/billing';
import { formatAmount, formatQuota, quotaLevel } from '../../src/core/quota/format';
import { QuotaRefresher } from '../../src/core/quota/refresher';
import { PRICES } from '../simulator';
import { harness, rejects, type Harness } from './helpers';

/** A clock whose time only moves when the test says so; due timers run in order. */
class StepClock implements Clock {
  private time = 1_700_000_000_000;
  private timers: { at: number; fn: () => void; id: number }[] = [];
  private nextId = 1;
  now(): number { return this.time; }
  setTimeout(fn: () => void, ms: number): unknown {
    const id = this.nextId++;
    this.timers.push({ at: this.time + ms, fn, id });
    return id;
  }
  clearTimeout(handle: unknown): void { this.timers = this.timers.filter((t) => t.id !== handle); }
  get pending(): number { return this.timers.length; }
  /** Moves time forward, running every timer that falls due. */
  advance(ms: number): void {
    const end = this.time + ms;
    for (;;) {
      const due = this.timers.filter((t) => t.at <= end).sort((a, b) => a.at - b.at)[0];
      if (!due) break;
      this.timers = this.timers.filter((t) => t !== due);
      this.time = due.at;
      due.fn();
    }
    this.time = end;
  }
}

const settle = () => new Promise((r) => setImmediate(r));
const quota = (used: number, limit = 25): Quota => ({ limit, used, left: limit - used, unlimited: false });

suite('Quota: parsing the billing answers', () => {
  test('new-api for a token key: limit = remaining + used, usage in cents, expiry in seconds', () => {
    const q = parseQuota(
      { object: 'billing_subscription', has_payment_method: true, soft_limit_usd: 25, hard_limit_usd: 25, system_hard_limit_usd: 25, access_until: 1_900_000_000 },
      { object: 'list', total_usage: 342.00000000000006 },
    );
    assert.equal(q.limit, 25);
    assert.ok(Math.abs(q.used - 3.42) < 1e-9);
    assert.ok(Math.abs(q.left! - 21.58) < 1e-9);
    assert.equal(q.unlimited, false);
    assert.equal(q.expiresAt, 1_900_000_000_000);
  });

  test('an unlimited key (100000000) has no limit and nothing "left"; access_until 0 never expires', () => {
    const q = parseQuota({ hard_limit_usd: 100_000_000, access_until: 0 }, { total_usage: 150 });
    assert.deepEqual(q, { limit: undefined, used: 1.5, left: undefined, unlimited: true });
  });

  test('used beyond the limit leaves 0, not a negative amount', () => {
    assert.equal(parseQuota({ hard_limit_usd: 1 }, { total_usage: 250 }).left, 0);
  });

  test('an HTTP 200 error body (new-api) and unreadable answers are GatewayErrors with a sentence', () => {
    assert.throws(() => parseQuota({ error: { message: '获取配额失败', type: 'upstream_error' } }, { total_usage: 1 }), (e: unknown) => {
      assert.ok(e instanceof GatewayError);
      assert.equal(e.kind, 'server');
      assert.match(e.message, /could not report the quota: 获取配额失败/);
      return true;
    });
    assert.throws(() => parseQuota({ hard_limit_usd: 'lots' }, { total_usage: 1 }), (e: unknown) => e instanceof GatewayError && e.kind === 'bad-response');
    assert.throws(() => parseQuota([], { total_usage: 1 }), (e: unknown) => e instanceof GatewayError && e.kind === 'bad-response');
    assert.throws(() => parseQuota({ hard_limit_usd: 5 }, { total_usage: -1 }), (e: unknown) => e instanceof GatewayError && /cannot read/.test(e.message));
  });

  test('the usage period is this month to tomorrow, in UTC dates', () => {
    assert.deepEqual(usageRange(Date.UTC(2025, 0, 31, 23, 30)), { start: '2025-01-01', end: '2025-02-01' });
    assert.deepEqual(usageRange(Date.UTC(2024, 11, 31, 0, 0)), { start: '2024-12-01', end: '2025-01-01' });
  });
});

suite('Quota: asking the simulator through the gateway client', () => {
  let h: Harness;
  teardown(async () => { await h?.sim.close(); });

  test('reads both routes with the key and the dates, and follows paid calls down', async () => {
    h = await harness();
    const before = await fetchQuota(h.gateway, { now: Date.UTC(2025, 5, 15) });
    assert.equal(before.limit, 25);
    const usage = h.sim.requests.find((r) => r.route === 'GET /v1/dashboard/billing/usage')!;
    assert.match(usage.path, /\?start_date=2025-06-01&end_date=2025-06-16$/);
    assert.equal(usage.headers.authorization, `Bearer ${h.sim.apiKey}`);
    await h.mj.imagine({ prompt: 'a red fox' });
    const after = await fetchQuota(h.gateway);
    assert.ok(Math.abs(after.used - before.used - PRICES['POST /mj/submit/imagine']!) < 1e-9);
    assert.ok(Math.abs(before.left! - after.left! - PRICES['POST /mj/submit/imagine']!) < 1e-9);
  });

  test('background work: a gateway the key is not confirmed for is never asked about, and gets nothing', async () => {
    const asked: string[] = [];
    h = await harness({}, { confirmOrigin: (origin) => { asked.push(origin); return Promise.resolve(true); } });
    h.keyOrigin.value = 'http://127.0.0.1:1';
    const error = await rejects<GatewayError>(fetchQuota(h.gateway));
    assert.equal(error.kind, 'untrusted-origin');
    assert.deepEqual(asked, [], 'the quota opened the question');
    assert.equal(h.sim.requests.length, 0);
  });

  test('a gateway without the routes gives route-missing; reads are never counted as paid calls', async () => {
    h = await harness({ billing: false });
    const paid: string[] = [];
    h.gateway.onDidAnswerPaidCall((label) => paid.push(label));
    const error = await rejects<GatewayError>(fetchQuota(h.gateway));
    assert.equal(error.kind, 'route-missing');
    assert.deepEqual(paid, []);
    await h.mj.imagine({ prompt: 'a red fox' });
    assert.deepEqual(paid, ['imagine']);
  });
});

suite('Quota: what the status bar says', () => {
  test('amounts: cents below 1000, whole units above, yuan and tokens', () => {
    assert.equal(formatAmount(21.584, 'USD'), '$21.58');
    assert.equal(formatAmount(0, 'USD'), '$0.00');
    assert.equal(formatAmount(0.004, 'USD'), '<$0.01');
    assert.equal(formatAmount(12345.6, 'USD'), '$12,346');
    assert.equal(formatAmount(88.5, 'CNY'), '¥88.50');
    assert.equal(formatAmount(12_345, 'tokens'), '12,345 tokens');
    assert.equal(formatAmount(2_500_000, 'tokens'), '2.5M tokens');
  });

  test('left and used in the text; limit, expiry and advice in the tooltip', () => {
    const view = formatQuota({ ...quota(3.42), expiresAt: Date.UTC(2030, 2, 17) }, 'USD', Date.UTC(2025, 0, 1));
    assert.equal(view.text, '$(credit-card) $21.58 left · $3.42 used');
    assert.equal(view.accessibility, 'AITRE quota: $21.58 left, $3.42 used');
    assert.deepEqual(view.tooltip, ['Left: $21.58 of $25.00.', 'Used: $3.42.', 'The key expires on 2030-03-17.']);
    assert.equal(view.level, 'ok');
  });

  test('low (under a tenth) and empty turn to a warning and say so; an expired key says it expired', () => {
    const low = formatQuota(quota(23), 'USD');
    assert.equal(low.level, 'low');
    assert.match(low.text, /^\$\(warning\) \$2\.00 left/);
    assert.match(low.tooltip.join(' '), /Less than a tenth/);
    const empty = formatQuota({ ...quota(25), expiresAt: 1000 }, 'USD', 2000);
    assert.equal(empty.level, 'empty');
    assert.match(empty.tooltip.join(' '), /refuse paid calls until the key is topped up/);
    assert.match(empty.tooltip.join(' '), /expired on 1970-01-01/);
  });

  test('an unlimited key shows what it used only', () => {
    const view = formatQuota({ limit: undefined, used: 1.5, left: undefined, unlimited: true }, 'CNY');
    assert.equal(view.text, '$(credit-card) ¥1.50 used');
    assert.equal(quotaLevel({ limit: undefined, used: 1e9, left: undefined, unlimited: true }), 'ok');
    assert.match(view.tooltip[0]!, /no spending limit/);
  });
});

suite('Quota: when it is asked for', () => {
  function refresher(load: () => Promise<Quota>) {
    const clock = new StepClock();
    const logs: string[] = [];
    const log = (m: string) => logs.push(m);
    const r = new QuotaRefresher({ load, clock, logger: { debug: log, info: log, warn: log, error: log }, minIntervalMs: 60_000, settleMs: 2_000 });
    return { r, clock, logs };
  }

  test('paid calls: one refresh after the settle time, then at most once a minute; a burst is one refresh', async () => {
    let calls = 0;
    const { r, clock } = refresher(async () => quota(++calls));
    await r.refresh(); // the start
    assert.equal(calls, 1);
    r.paidCall();
    r.paidCall(); // a double click: still one refresh
    clock.advance(1_999);
    assert.equal(calls, 1);
    clock.advance(1);
    await settle();
    assert.equal(calls, 2);
    assert.equal(r.state.quota?.used, 2);
    r.paidCall(); // 2 s after the last paid refresh: waits for the minute
    clock.advance(59_999);
    await settle();
    assert.equal(calls, 2);
    clock.advance(1);
    await settle();
    assert.equal(calls, 3);
    assert.equal(clock.pending, 0);
  });

  test('a click joins a refresh in flight and cancels a pending one (it is newer)', async () => {
    let release!: () => void;
    let calls = 0;
    const { r, clock } = refresher(() => { calls++; return new Promise((resolve) => { release = () => resolve(quota(calls)); }); });
    r.paidCall();
    const first = r.refresh();
    const second = r.refresh();
    assert.equal(calls, 1);
    assert.equal(r.state.loading, true);
    release();
    assert.equal(await first, await second);
    assert.equal(r.state.loading, false);
    assert.equal(clock.pending, 0, 'the pending paid refresh was dropped by the click');
  });

  test('404: hidden with one log line, and paid calls stop asking until reset', async () => {
    let calls = 0;
    const { r, clock, logs } = refresher(async () => {
      calls++;
      throw new GatewayError({ kind: 'route-missing', status: 404, message: 'This gateway does not offer quota (404).', detail: 'quota: HTTP 404 Invalid URL' });
    });
    await r.refresh();
    await r.refresh();
    assert.equal(r.state.missing, 'unavailable');
    assert.equal(r.state.quota, undefined);
    assert.match(r.state.problem!, /does not report the quota/);
    assert.equal(logs.length, 1);
    assert.match(logs[0]!, /Quota hidden: this gateway does not offer the billing routes \(quota: HTTP 404 Invalid URL\)/);
    r.paidCall();
    assert.equal(clock.pending, 0);
    await r.reset();
    assert.equal(calls, 3);
    assert.equal(logs.length, 2, 'a new gateway gets its own log line');
  });

  test('a transient error hides it (logged once), the next success shows it again', async () => {
    let fail = true;
    const { r, logs } = refresher(async () => {
      if (fail) throw new GatewayError({ kind: 'server', status: 502, message: 'The gateway failed (HTTP 502).', detail: 'quota: HTTP 502' });
      return quota(1);
    });
    await r.refresh();
    await r.refresh();
    assert.equal(r.state.missing, 'unavailable');
    assert.equal(r.state.problem, 'The gateway failed (HTTP 502).');
    fail = false;
    await r.refresh();
    assert.equal(r.state.quota?.used, 1);
    assert.equal(r.state.missing, undefined);
    assert.deepEqual(logs.map((l) => l.replace(/\(.*\)/, '()')), ['Quota hidden: the gateway did not report it ().', 'Quota: the gateway reports it again.']);
  });

  test('a gateway the key is not confirmed for is not asked: "not asked", not "unavailable", nothing logged, the reason kept for a click', async () => {
    const { r, logs } = refresher(() => Promise.reject(new GatewayError({ kind: 'untrusted-origin', message: 'Not confirmed.' })));
    await r.refresh();
    assert.equal(r.state.missing, 'not-asked');
    assert.equal(r.state.problem, 'Not confirmed.');
    assert.deepEqual(logs, []);
  });

  test('no key or no URL: not asked, nothing logged; an answer for an old gateway is dropped after reset', async () => {
    let kind: 'no-key' | 'ok' = 'no-key';
    let release: (() => void) | undefined;
    const { r, logs } = refresher(() => {
      if (kind === 'no-key') return Promise.reject(new GatewayError({ kind: 'no-key', message: 'No key.' }));
      return new Promise((resolve) => { release = () => resolve(quota(7)); });
    });
    await r.refresh();
    assert.equal(r.state.missing, 'not-asked');
    assert.deepEqual(logs, []);
    kind = 'ok';
    const old = r.refresh();
    const oldRelease = release!;
    const fresh = r.reset();
    oldRelease();
    await old;
    assert.ok(!r.state.quota, 'the old answer is not shown');
    release!();
    const shown = await fresh;
    assert.equal(shown.quota?.used, 7);
  });
});
