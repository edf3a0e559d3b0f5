// The simulator's billing routes answer like new-api for a token key, and every accepted paid call
// takes its price; a gateway without the routes answers 404; a 'hold' fault keeps a request waiting.
import assert from 'node:assert/strict';
import { DEFAULT_QUOTA, PRICES, startSimulator, UNLIMITED_USD, type Simulator, type SimulatorOptions } from '../simulator';

async function withSim(options: SimulatorOptions, run: (sim: Simulator) => Promise<void>): Promise<void> {
  const sim = await startSimulator({ speed: 'test', ...options });
  try {
    await run(sim);
  } finally {
    await sim.close();
  }
}

async function get(sim: Simulator, path: string): Promise<{ status: number; json: Record<string, unknown> }> {
  const response = await fetch(`${sim.url}${path}`, { headers: { authorization: `Bearer ${sim.apiKey}` } });
  return { status: response.status, json: await response.json() as Record<string, unknown> };
}

async function post(sim: Simulator, path: string, body: unknown): Promise<Record<string, unknown>> {
  const response = await fetch(`${sim.url}${path}`, {
    method: 'POST', headers: { authorization: `Bearer ${sim.apiKey}`, 'content-type': 'application/json' }, body: JSON.stringify(body),
  });
  return await response.json() as Record<string, unknown>;
}

const close = (a: number, b: number): boolean => Math.abs(a - b) < 1e-9;

suite('Simulator billing', () => {
  test('subscription and usage have new-api shapes: limit = remaining + used, usage in cents, dates ignored', () => withSim({}, async (sim) => {
    const subscription = await get(sim, '/v1/dashboard/billing/subscription');
    assert.equal(subscription.status, 200);
    assert.equal(subscription.json.object, 'billing_subscription');
    assert.equal(subscription.json.has_payment_method, true);
    for (const field of ['soft_limit_usd', 'hard_limit_usd', 'system_hard_limit_usd']) assert.ok(close(subscription.json[field] as number, DEFAULT_QUOTA.totalUsd), field);
    assert.equal(subscription.json.access_until, 0);
    const usage = await get(sim, '/v1/dashboard/billing/usage?start_date=2020-01-01&end_date=2020-01-02');
    assert.equal(usage.json.object, 'list');
    assert.ok(close(usage.json.total_usage as number, DEFAULT_QUOTA.usedUsd * 100));
    // new-api serves the same without /v1.
    assert.equal((await get(sim, '/dashboard/billing/usage')).status, 200);
  }));

  test('an accepted imagine costs its price; a refused one (banned word) and reads cost nothing', () => withSim({}, async (sim) => {
    const before = sim.quota;
    await post(sim, '/mj/submit/imagine', { prompt: 'a bloodbath' });
    await get(sim, '/v1/models');
    assert.ok(close(sim.quota.usedUsd, before.usedUsd));
    const accepted = await post(sim, '/mj/submit/imagine', { prompt: 'a red fox' });
    assert.equal(accepted.code, 1);
    assert.ok(close(sim.quota.usedUsd, before.usedUsd + PRICES['POST /mj/submit/imagine']!));
    assert.ok(close(sim.quota.leftUsd!, before.leftUsd! - PRICES['POST /mj/submit/imagine']!));
    const usage = await get(sim, '/v1/dashboard/billing/usage');
    assert.ok(close(usage.json.total_usage as number, sim.quota.usedUsd * 100));
    // The limit stays what it was: remaining went down by what used went up.
    assert.ok(close((await get(sim, '/v1/dashboard/billing/subscription')).json.hard_limit_usd as number, before.totalUsd));
  }));

  test('OpenAI-format calls are charged too', () => withSim({}, async (sim) => {
    const before = sim.quota.usedUsd;
    await post(sim, '/v1/embeddings', { model: 'text-embedding-3-small', input: 'hello' });
    await post(sim, '/v1/images/generations', { model: 'dall-e-3', prompt: 'a fox' });
    assert.ok(close(sim.quota.usedUsd, before + PRICES['POST /v1/embeddings']! + PRICES['POST /v1/images/generations']!));
  }));

  test('an unlimited key reads 100000000 as its limit; a configured quota replaces the old one', () => withSim({ quota: { totalUsd: 10, usedUsd: 9.95, unlimited: true } }, async (sim) => {
    assert.equal((await get(sim, '/v1/dashboard/billing/subscription')).json.hard_limit_usd, UNLIMITED_USD);
    assert.equal(sim.quota.leftUsd, undefined);
    sim.configure({ quota: { totalUsd: 5, usedUsd: 1, accessUntil: 1_900_000_000 } });
    const subscription = await get(sim, '/v1/dashboard/billing/subscription');
    assert.equal(subscription.json.hard_limit_usd, 5);
    assert.equal(subscription.json.access_until, 1_900_000_000);
    assert.throws(() => sim.configure({ quota: { totalUsd: 1, usedUsd: 2 } }), /Invalid quota/);
  }));

  test('billing: false answers 404 Invalid URL, and can be switched back on', () => withSim({ billing: false }, async (sim) => {
    const missing = await get(sim, '/v1/dashboard/billing/subscription');
    assert.equal(missing.status, 404);
    assert.match(String((missing.json.error as { message: string }).message), /Invalid URL/);
    sim.configure({ billing: true });
    assert.equal((await get(sim, '/v1/dashboard/billing/usage')).status, 200);
  }));

  test('a hold fault keeps the request waiting until releaseHeld(), then answers it normally', () => withSim({}, async (sim) => {
    sim.addFault({ route: 'POST /mj/submit/imagine', fault: { kind: 'hold' }, times: 1 });
    let answered = false;
    const pending = post(sim, '/mj/submit/imagine', { prompt: 'a slow fox' }).then((body) => { answered = true; return body; });
    while (sim.heldCount === 0) await new Promise((r) => setImmediate(r));
    assert.equal(answered, false);
    sim.releaseHeld();
    assert.equal((await pending).code, 1);
    assert.equal(sim.heldCount, 0);
  }));
});
