// The tracker against the simulator (real HTTP on 127.0.0.1) on a fake clock that the simulator
// shares: time moves one tick at a time, so every count below is exact and nothing sleeps real
// seconds. One request per tick for all running tasks, per-task fallback, no polling when idle,
// backoff, Retry-After, stalls, missing tasks fetched alone, a skewed gateway clock, a gateway
// change, restarts, and two windows with one poller.
import assert from 'node:assert/strict';
import { GatewayClient } from '../../src/core/gateway/client';
import { MidjourneyClient } from '../../src/core/midjourney/client';
import { PollerLease } from '../../src/core/tasks/lease';
import { MidjourneyService } from '../../src/core/tasks/service';
import { TaskStore } from '../../src/core/tasks/store';
import { Tracker, type PollReport, type TrackerOptions } from '../../src/core/tasks/tracker';
import { isTerminalStatus } from '../../src/shared/task';
import { startSimulator, type Simulator, type SimulatorOptions, type SpeedConfig } from '../simulator';
import { FakeClock } from './fake-clock';
import { harness, type Harness } from './helpers';
import { nodeArea, tempFolder } from './node-files';

/** A task takes 5 s of simulator time: 1 s before the gateway's first sync, 1 s queued, 3 s in 3 steps. */
const SPEED: SpeedConfig = { syncDelayMs: 1000, submittedMs: 1000, runMs: 3000, progressSteps: 3 };
const INTERVAL = 1000;

interface Rig extends Harness {
  clock: FakeClock;
  folder: { dir: string; cleanup(): void };
  store: TaskStore;
  tracker: Tracker;
  service: MidjourneyService;
  reports: PollReport[];
}

async function newStore(dir: string, clock: FakeClock): Promise<TaskStore> {
  const store = new TaskStore(nodeArea(dir), { now: () => clock.now(), maxHistory: () => 10_000 });
  await store.open();
  return store;
}

function newTracker(mj: MidjourneyClient, store: TaskStore, clock: FakeClock, options: Partial<TrackerOptions> = {}): Tracker {
  return new Tracker(mj, store, { intervalMs: () => INTERVAL, firstPollDelayMs: INTERVAL, random: () => 0.5, clock, ...options });
}

async function rig(sim: SimulatorOptions = {}, options: Partial<TrackerOptions> = {}, clock = new FakeClock()): Promise<Rig> {
  const h = await harness({ speed: SPEED, clock: () => clock.now(), ...sim }, { readRetries: 0 });
  const folder = tempFolder();
  const store = await newStore(folder.dir, clock);
  const tracker = newTracker(h.mj, store, clock, options);
  const reports: PollReport[] = [];
  tracker.onDidPoll((r) => reports.push(r));
  return { ...h, clock, folder, store, tracker, service: new MidjourneyService(h.mj, store, tracker, () => 'default'), reports };
}

/** Fires the next timer (a tick) and waits for that tick to finish completely (its report, then its own clean-up). */
async function step(tracker: Tracker, clock: FakeClock): Promise<PollReport> {
  const report = new Promise<PollReport>((resolve) => {
    const once = tracker.onDidPoll((r) => { once.dispose(); resolve(r); });
  });
  assert.ok(clock.runNext(), 'expected a tick to be scheduled');
  const result = await report;
  await new Promise((resolve) => setImmediate(resolve));
  return result;
}

/** Ticks until `done()`, at most `maxTicks` times; returns the reports of those ticks. */
async function tickUntil(r: Pick<Rig, 'tracker' | 'clock'>, done: () => boolean, maxTicks = 20): Promise<PollReport[]> {
  const reports: PollReport[] = [];
  while (!done()) {
    if (reports.length >= maxTicks) throw new Error(`not done after ${maxTicks} ticks`);
    reports.push(await step(r.tracker, r.clock));
  }
  return reports;
}

async function until(check: () => boolean, what: string, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

const allDone = (store: TaskStore) => store.all().every((t) => isTerminalStatus(t.status));
const listCalls = (sim: Simulator) => sim.requests.filter((q) => q.route === 'POST /mj/task/list-by-condition').length;
const fetchCalls = (sim: Simulator, id?: string) => sim.requests.filter((q) => /\/fetch$/.test(q.path) && (!id || q.path.includes(`/${id}/`))).length;

async function close(r: Rig | undefined): Promise<void> {
  if (!r) return;
  r.tracker.dispose();
  await r.store.flush();
  r.store.dispose();
  await r.sim.close();
  r.folder.cleanup();
}

suite('Tracker (fake clock)', () => {
  let r: Rig | undefined;
  teardown(async () => { await close(r); r = undefined; });

  test('ten running tasks cost one request per tick, and all reach SUCCESS on the fifth tick', async () => {
    r = await rig();
    for (let i = 0; i < 10; i++) await r.service.imagine({ prompt: `fox ${i}` });
    const ticks = await tickUntil(r, () => allDone(r!.store));
    // Submitted at t0, the gateway finishes them at t0 + 5 s; ticks come every second.
    assert.equal(ticks.length, 5);
    assert.deepEqual(ticks.map((t) => t.requests), [1, 1, 1, 1, 1]);
    assert.ok(ticks.every((t) => t.ids.length === 10));
    assert.equal(fetchCalls(r.sim), 0);
    assert.equal(listCalls(r.sim), 5);
    assert.equal(r.store.size, 10);
    assert.equal(r.clock.pending, 0, 'nothing runs: no timer left');
  });

  test('no polling at all when nothing runs', async () => {
    r = await rig();
    await r.service.imagine({ prompt: 'fox' });
    await tickUntil(r, () => allDone(r!.store));
    r.sim.clearRequests();
    assert.equal(r.clock.pending, 0);
    r.tracker.start();
    assert.equal(r.clock.pending, 0, 'start() with nothing running sets no timer');
    r.clock.advance(60_000);
    assert.equal(r.sim.requests.length, 0);
  });

  test('a gateway without list-by-condition: detected once, then per-task fetch', async () => {
    r = await rig({ listByCondition: false });
    await r.service.imagine({ prompt: 'a' });
    await r.service.imagine({ prompt: 'b' });
    const ticks = await tickUntil(r, () => allDone(r!.store));
    assert.equal(listCalls(r.sim), 1);
    assert.deepEqual(ticks.map((t) => t.requests), [3, 2, 2, 2, 2]);
  });

  test('5xx bursts back off (1.5 s, 3 s, 6 s) and recover; every task still finishes', async () => {
    r = await rig();
    await r.service.imagine({ prompt: 'fox' });
    r.sim.addFault({ route: 'POST /mj/task/list-by-condition', fault: { kind: 'status', status: 503 }, times: 3 });
    const ticks = await tickUntil(r, () => allDone(r!.store));
    const errors = ticks.filter((x) => x.error);
    assert.equal(errors.length, 3);
    // equal jitter with random() = 0.5: 3/4 of interval × 2^n
    assert.deepEqual(errors.map((e) => e.nextDelayMs), [1500, 3000, 6000]);
    assert.ok(errors.every((e) => e.error?.kind === 'server'));
  });

  test('429 Retry-After is honoured before the next poll', async () => {
    r = await rig();
    await r.service.imagine({ prompt: 'fox' });
    r.sim.addFault({ route: 'POST /mj/task/list-by-condition', fault: { kind: 'rate-limit', retryAfterSeconds: 3 }, times: 1 });
    const limited = await step(r.tracker, r.clock);
    assert.equal(limited.error?.kind, 'rate-limited');
    assert.equal(limited.nextDelayMs, 3000);
    assert.equal(r.clock.nextDelay(), 3000);
    await tickUntil(r, () => allDone(r!.store));
  });

  test('a task that stops changing is flagged stalled, and Re-check asks at once', async () => {
    r = await rig({}, { stallAfterMs: () => 2500 });
    const { task } = await r.service.imagine({ prompt: 'fox --sim-stall' });
    const ticks = await tickUntil(r, () => r!.store.get(task.id)!.stalled === true);
    // Its last change (queued → 46 %) was seen on the tick at t0 + 2 s; more than 2.5 s later is the tick at t0 + 5 s.
    assert.equal(ticks.length, 5);
    r.sim.finishTask(task.id);
    const fresh = await r.tracker.recheck(task.id);
    assert.equal(fresh.status, 'SUCCESS');
    assert.equal(r.store.get(task.id)!.stalled, false);
  });

  test('a task missing from list answers is fetched alone, and keeps being tracked while the gateway has it', async () => {
    r = await rig({}, { missesBeforeFetch: 3 });
    const { task } = await r.service.imagine({ prompt: 'a lagging list' });
    r.sim.hideFromList(task.id);
    const ticks = await tickUntil(r, () => allDone(r!.store));
    // Missing from the list on every tick: fetched alone on the third miss (tick 3: still running)
    // and again on the sixth (tick 6: SUCCESS, which the gateway reached at t0 + 5 s).
    assert.equal(r.store.get(task.id)!.status, 'SUCCESS');
    assert.equal(r.store.get(task.id)!.untracked, undefined, 'never given up while the gateway still had it');
    assert.equal(fetchCalls(r.sim, task.id), 2, 'one fetch per three misses');
    assert.deepEqual(ticks.map((t) => t.requests), [1, 1, 2, 1, 1, 2]);
  });

  test('a task the gateway does not know at all is untracked after the single fetch says so', async () => {
    r = await rig({}, { missesBeforeFetch: 3 });
    const { task } = await r.service.imagine({ prompt: 'real' });
    const ghost = { ...r.store.get(task.id)!, id: '9999999999999999' };
    r.store.upsert(ghost);
    const ticks = await tickUntil(r, () => r!.store.get('9999999999999999')!.untracked === true);
    assert.equal(ticks.length, 3);
    assert.equal(fetchCalls(r.sim, '9999999999999999'), 1);
    assert.match(r.store.get('9999999999999999')!.localNote ?? '', /no longer reports/);
    await tickUntil(r, () => isTerminalStatus(r!.store.get(task.id)!.status));
  });

  test('a gateway clock hours off does not stop tracking: ages are local', async () => {
    for (const skewMs of [-3 * 3600_000, 3 * 3600_000]) {
      const clock = new FakeClock();
      const run = await rig({ clock: () => clock.now() + skewMs }, {}, clock);
      r = run;
      const { task } = await run.service.imagine({ prompt: `skewed by ${skewMs / 3600_000} h` });
      await tickUntil(run, () => allDone(run.store));
      const done = run.store.get(task.id)!;
      assert.equal(done.status, 'SUCCESS', `skew ${skewMs}`);
      assert.equal(done.untracked, undefined);
      assert.ok(Math.abs((done.submitTime ?? 0) - (run.clock.now() + skewMs)) < 10_000, 'the gateway\'s own times are kept as it sent them');
      await close(run);
      r = undefined;
    }
  });

  test('tasks tracked longer than the give-up age (on the local clock) stop being polled, with a note', async () => {
    r = await rig({}, { giveUpAfterMs: 5500 });
    const { task } = await r.service.imagine({ prompt: 'fox --sim-stall' });
    const ticks = await tickUntil(r, () => r!.store.get(task.id)!.untracked === true);
    assert.equal(ticks.length, 6);
    assert.equal(ticks.at(-1)!.requests, 0, 'the tick that gives up sends nothing');
    assert.match(r.store.get(task.id)!.localNote ?? '', /more than an hour/);
    assert.equal(r.clock.pending, 0);
  });

  test('the user can stop tracking a task', async () => {
    r = await rig();
    const { task } = await r.service.imagine({ prompt: 'slow fox' });
    r.tracker.untrack(task.id);
    r.sim.clearRequests();
    const tick = await step(r.tracker, r.clock);
    assert.deepEqual([tick.ids, tick.requests], [[], 0]);
    assert.equal(listCalls(r.sim), 0);
    assert.equal(r.clock.pending, 0);
  });

  test('route detection starts again when the gateway changes', async () => {
    const clock = new FakeClock();
    const without = await startSimulator({ speed: SPEED, clock: () => clock.now(), listByCondition: false });
    const withList = await startSimulator({ speed: SPEED, clock: () => clock.now(), state: without.state });
    const base = { url: without.url };
    // The user moved the gateway and confirmed the key for it: the key follows the configured origin.
    const gateway = new GatewayClient({ baseUrl: () => `${base.url}/`, apiKey: () => without.apiKey, keyOrigin: () => base.url, readRetries: 0 });
    const mj = new MidjourneyClient(gateway, { mode: () => 'default', botType: () => 'MID_JOURNEY' });
    const folder = tempFolder();
    const store = await newStore(folder.dir, clock);
    const tracker = newTracker(mj, store, clock, { gateway: () => base.url });
    const service = new MidjourneyService(mj, store, tracker, () => 'default');
    try {
      await service.imagine({ prompt: 'first on a gateway without the list route' });
      assert.equal((await step(tracker, clock)).requests, 2); // list → 404, then fetch
      assert.equal((await step(tracker, clock)).requests, 1); // fetch only
      base.url = withList.url;
      assert.equal((await step(tracker, clock)).requests, 1);
      assert.equal(listCalls(withList), 1, 'the new gateway is asked with the list route');
      assert.equal(fetchCalls(withList), 0);
    } finally {
      tracker.dispose();
      await store.flush();
      store.dispose();
      await Promise.all([without.close(), withList.close()]);
      folder.cleanup();
    }
  });

  test('the simulator restarted mid-task: tracking resumes and the task finishes', async () => {
    r = await rig();
    const { task } = await r.service.imagine({ prompt: 'fox' });
    assert.equal((await step(r.tracker, r.clock)).error, undefined);
    const { port, state } = r.sim;
    await r.sim.close();
    const down = await step(r.tracker, r.clock);
    assert.equal(down.error?.kind, 'network');
    const clock = r.clock;
    r.sim = await startSimulator({ port, state, speed: SPEED, clock: () => clock.now() });
    await tickUntil(r, () => r!.store.get(task.id)!.status === 'SUCCESS');
  });

  test('a window reload with running tasks: a new store and tracker over the same folder resume them', async () => {
    r = await rig();
    const ids: string[] = [];
    for (let i = 0; i < 10; i++) ids.push((await r.service.imagine({ prompt: `fox ${i}` })).task.id);
    await step(r.tracker, r.clock);
    r.tracker.dispose();
    await r.store.flush();
    r.store.dispose();
    // "Reload": same gateway and folder, a fresh store and tracker reading what was saved.
    const store = await newStore(r.folder.dir, r.clock);
    assert.equal(store.size, 10);
    const tracker = newTracker(r.mj, store, r.clock);
    r.store = store;
    r.tracker = tracker;
    tracker.start();
    await tickUntil(r, () => allDone(store));
    assert.deepEqual(store.all().map((t) => t.id).sort(), [...ids].sort());
  });
});

suite('Tracker: two windows, one poller', () => {
  test('only the lease holder polls (one request per tick for both windows\' tasks); the other takes over within two ticks', async () => {
    const clock = new FakeClock();
    const leaseClock = new FakeClock(clock.now());
    const h = await harness({ speed: SPEED, clock: () => clock.now() }, { readRetries: 0 });
    const folder = tempFolder();
    const heartbeat = INTERVAL / 2;
    const windows = await Promise.all(['one', 'two'].map(async (name) => {
      const store = await newStore(folder.dir, clock);
      const lease = new PollerLease(nodeArea(folder.dir), { heartbeatMs: () => heartbeat, clock: leaseClock, owner: name });
      const tracker = newTracker(h.mj, store, clock, { permit: lease });
      return { name, store, lease, tracker, service: new MidjourneyService(h.mj, store, tracker, () => 'default') };
    }));
    const [one, two] = windows as [typeof windows[0], typeof windows[0]];
    try {
      await one.lease.start();
      await two.lease.start();
      assert.deepEqual([one.lease.isHolder(), two.lease.isHolder()], [true, false]);
      for (let i = 0; i < 3; i++) {
        await one.service.imagine({ prompt: `one ${i}` });
        await two.service.imagine({ prompt: `two ${i}` });
      }
      assert.equal(two.tracker.isPoller, false);
      await until(() => one.store.size === 6 && two.store.size === 6, 'both windows to list all six tasks');
      const ticks = await tickUntil({ tracker: one.tracker, clock }, () => allDone(one.store));
      assert.ok(ticks.every((t) => t.requests === 1 && t.ids.length === 6), JSON.stringify(ticks.map((t) => [t.requests, t.ids.length])));
      assert.equal(two.tracker.requestCount, 0, 'the second window never polled');
      assert.equal(listCalls(h.sim), ticks.length);
      await until(() => allDone(two.store), 'the second window to see every result through the store');

      // The poller's host dies (no release): the other window takes the lease within two ticks.
      one.lease.stop();
      one.tracker.dispose();
      let heartbeats = 0;
      while (!two.lease.isHolder()) {
        assert.ok(heartbeats < 10, 'no take-over');
        leaseClock.advance(heartbeat);
        await two.lease.check();
        heartbeats++;
      }
      assert.ok(heartbeats * heartbeat <= 2 * INTERVAL, `take-over after ${heartbeats} heartbeats of ${heartbeat} ms`);
      h.sim.clearRequests();
      await two.service.imagine({ prompt: 'after the take-over' });
      const after = await tickUntil({ tracker: two.tracker, clock }, () => allDone(two.store));
      assert.ok(after.every((t) => t.requests === 1));
      assert.equal(listCalls(h.sim), after.length);
    } finally {
      for (const w of windows) {
        w.tracker.dispose();
        w.lease.stop();
        await w.store.flush();
        w.store.dispose();
      }
      await h.sim.close();
      folder.cleanup();
    }
  });
});

suite('MidJourney service', () => {
  let r: Rig | undefined;
  teardown(async () => { await close(r); r = undefined; });

  test('a submit is on disk before it returns', async () => {
    r = await rig();
    const { task } = await r.service.imagine({ prompt: 'saved at once' });
    const again = await newStore(r.folder.dir, r.clock);
    assert.equal(again.get(task.id)?.prompt, 'saved at once');
    again.dispose();
  });

  test('a button press creates a child under its parent; foreign customIds are refused unsent', async () => {
    r = await rig();
    const { task } = await r.service.imagine({ prompt: 'a fox' });
    await tickUntil(r, () => r!.store.get(task.id)!.status === 'SUCCESS');
    const parent = r.store.get(task.id)!;
    const submitsBefore = r.sim.requests.filter((q) => q.route.includes('submit')).length;
    await assert.rejects(r.service.press(task.id, 'MJ::JOB::upsample::1::not-this-task'), /does not belong/);
    assert.equal(r.sim.requests.filter((q) => q.route.includes('submit')).length, submitsBefore);
    const u2 = parent.buttons.find((b) => b.label === 'U2')!;
    const { task: child } = await r.service.press(task.id, u2.customId);
    assert.equal(child.parentId, task.id);
    assert.equal(child.originLabel, 'U2');
    assert.deepEqual(r.store.children(task.id).map((c) => c.id), [child.id]);
    await tickUntil(r, () => r!.store.get(child.id)!.status === 'SUCCESS');
  });

  test('modal: the waiting task is answered and then tracked to SUCCESS', async () => {
    r = await rig({ remix: true });
    const { task } = await r.service.imagine({ prompt: 'a fox' });
    await tickUntil(r, () => r!.store.get(task.id)!.status === 'SUCCESS');
    const v1 = r.store.get(task.id)!.buttons.find((b) => b.label === 'V1')!;
    const { task: child } = await r.service.press(task.id, v1.customId);
    await tickUntil(r, () => r!.store.get(child.id)!.status === 'MODAL');
    // A MODAL task waiting for the user is not polled.
    assert.ok(!r.tracker.activeTasks().some((t) => t.id === child.id));
    await r.service.submitModal(child.id, 'a fox, watercolor');
    await tickUntil(r, () => r!.store.get(child.id)!.status === 'SUCCESS');
  });

  test('open by id adds any task; an unknown id is a plain not-found', async () => {
    r = await rig();
    const { taskId } = await r.mj.imagine({ prompt: 'made elsewhere' });
    const opened = await r.service.open(taskId);
    assert.equal(opened.id, taskId);
    await assert.rejects(r.service.open('1111111111111111'), (e: Error) => /no task 1111111111111111/.test(e.message));
  });
});
