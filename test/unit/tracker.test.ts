// The tracker against the simulator: one request per tick for all running tasks, fallback to
// per-task fetch, no polling when idle, backoff, Retry-After, stalls, lost tasks, restarts.
import assert from 'node:assert/strict';
import { MidjourneyService } from '../../src/core/tasks/service';
import { TaskStore, type KeyValueStore } from '../../src/core/tasks/store';
import { Tracker, type PollReport, type TrackerOptions } from '../../src/core/tasks/tracker';
import { isTerminalStatus } from '../../src/shared/task';
import { startSimulator, type SimulatorOptions } from '../simulator';
import { harness, sleep, type Harness } from './helpers';

class MapMemento implements KeyValueStore {
  readonly data = new Map<string, unknown>();
  get<T>(key: string): T | undefined { return this.data.get(key) as T | undefined; }
  async update(key: string, value: unknown): Promise<void> { this.data.set(key, JSON.parse(JSON.stringify(value))); }
}

interface Rig extends Harness { store: TaskStore; tracker: Tracker; service: MidjourneyService; reports: PollReport[] }

async function rig(sim: SimulatorOptions = {}, options: Partial<TrackerOptions> = {}, memento = new MapMemento()): Promise<Rig> {
  const h = await harness(sim, { readRetries: 0 });
  const store = new TaskStore(memento, { saveDelayMs: 5 });
  store.load();
  const tracker = new Tracker(h.mj, store, { intervalMs: () => 40, firstPollDelayMs: 10, random: () => 0.5, ...options });
  const reports: PollReport[] = [];
  tracker.onDidPoll((r) => reports.push(r));
  return { ...h, store, tracker, service: new MidjourneyService(h.mj, store, tracker, () => 'default'), reports };
}

async function until(check: () => boolean, timeoutMs = 5000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(10);
  }
}

const allDone = (r: Rig) => r.store.all().every((t) => isTerminalStatus(t.status));
const listCalls = (r: Rig) => r.sim.requests.filter((q) => q.route === 'POST /mj/task/list-by-condition').length;
const fetchCalls = (r: Rig) => r.sim.requests.filter((q) => /\/fetch$/.test(q.path)).length;

suite('Tracker', () => {
  let r: Rig | undefined;
  teardown(async () => { r?.tracker.dispose(); await r?.sim.close(); r = undefined; });

  test('ten running tasks cost one request per tick, and all reach SUCCESS', async () => {
    r = await rig();
    for (let i = 0; i < 10; i++) await r.service.imagine({ prompt: `fox ${i}` });
    await r.tracker.pollNow(); // let any tick already in flight settle before counting
    r.sim.clearRequests();
    const from = r.reports.length;
    await until(() => allDone(r!), 5000, 'all tasks done');
    const ticks = r.reports.slice(from).filter((x) => x.ids.length > 0);
    assert.ok(ticks.length >= 2);
    assert.ok(ticks.every((t) => t.requests === 1), JSON.stringify(ticks.map((t) => t.requests)));
    assert.equal(fetchCalls(r), 0);
    assert.equal(listCalls(r), ticks.length);
    assert.ok(ticks.every((t) => t.ids.length <= 10));
    assert.equal(r.store.size, 10);
  });

  test('no polling at all when nothing runs', async () => {
    r = await rig();
    await r.service.imagine({ prompt: 'fox' });
    await until(() => allDone(r!));
    await sleep(20);
    r.sim.clearRequests();
    await sleep(200);
    assert.equal(r.sim.requests.length, 0);
  });

  test('a gateway without list-by-condition: detected once, then per-task fetch', async () => {
    r = await rig({ listByCondition: false });
    await r.service.imagine({ prompt: 'a' });
    await r.service.imagine({ prompt: 'b' });
    await until(() => allDone(r!));
    assert.equal(listCalls(r), 1);
    assert.ok(fetchCalls(r) >= 2);
  });

  test('5xx bursts back off and recover; every task still finishes', async () => {
    r = await rig();
    await r.service.imagine({ prompt: 'fox' });
    r.sim.addFault({ route: 'POST /mj/task/list-by-condition', fault: { kind: 'status', status: 503 }, times: 3 });
    await until(() => allDone(r!));
    const errors = r.reports.filter((x) => x.error);
    assert.equal(errors.length, 3);
    // Backoff grows: each failed tick waits longer than the one before.
    const delays = errors.map((e) => e.nextDelayMs!);
    assert.ok(delays[1]! > delays[0]! && delays[2]! > delays[1]!, JSON.stringify(delays));
  });

  test('429 Retry-After is honoured before the next poll', async () => {
    r = await rig();
    await r.service.imagine({ prompt: 'fox' });
    r.sim.addFault({ route: 'POST /mj/task/list-by-condition', fault: { kind: 'rate-limit', retryAfterSeconds: 1 }, times: 1 });
    await until(() => r!.reports.some((x) => x.error));
    const limited = r.reports.find((x) => x.error)!;
    assert.equal(limited.error!.kind, 'rate-limited');
    assert.ok(limited.nextDelayMs! >= 1000);
    await until(() => allDone(r!), 5000);
  });

  test('a task that stops changing is flagged stalled, and Re-check asks at once', async () => {
    r = await rig({}, { stallAfterMs: () => 150 });
    const { task } = await r.service.imagine({ prompt: 'fox --sim-stall' });
    await until(() => r!.store.get(task.id)!.stalled === true, 5000, 'stalled');
    r.sim.finishTask(task.id);
    const fresh = await r.tracker.recheck(task.id);
    assert.equal(fresh.status, 'SUCCESS');
    assert.equal(r.store.get(task.id)!.stalled, false);
  });

  test('a task the gateway no longer reports is untracked with a note, not polled forever', async () => {
    r = await rig();
    await r.service.imagine({ prompt: 'real' });
    r.store.upsert({ ...r.store.all()[0]!, id: '9999999999999999', status: 'IN_PROGRESS' });
    await until(() => r!.store.get('9999999999999999')!.untracked === true, 5000, 'untracked');
    assert.match(r.store.get('9999999999999999')!.localNote ?? '', /no longer reports/);
    await until(() => allDone(r!) || r!.store.all().filter((t) => !t.untracked).every((t) => isTerminalStatus(t.status)));
  });

  test('the user can stop tracking a task', async () => {
    r = await rig({ speed: 'demo' });
    const { task } = await r.service.imagine({ prompt: 'slow fox' });
    r.tracker.untrack(task.id);
    r.sim.clearRequests();
    await sleep(150);
    assert.equal(listCalls(r), 0);
  });

  test('tasks older than the gateway timeout stop being polled, with a note', async () => {
    r = await rig({}, { giveUpAfterMs: 50 });
    const { task } = await r.service.imagine({ prompt: 'fox --sim-stall' });
    await until(() => r!.store.get(task.id)!.untracked === true, 5000, 'given up');
    assert.match(r.store.get(task.id)!.localNote ?? '', /more than an hour/);
  });

  test('the simulator restarted mid-task: tracking resumes and the task finishes', async () => {
    r = await rig({ speed: { syncDelayMs: 0, submittedMs: 50, runMs: 400, progressSteps: 4 } });
    const { task } = await r.service.imagine({ prompt: 'fox' });
    const { port, state } = r.sim;
    await r.sim.close();
    await sleep(100);
    r.sim = await startSimulator({ port, state, speed: { syncDelayMs: 0, submittedMs: 50, runMs: 400, progressSteps: 4 } });
    await until(() => r!.store.get(task.id)!.status === 'SUCCESS', 10_000, 'success after restart');
  });

  test('a window reload with running tasks: a new tracker over the saved store resumes them', async () => {
    const memento = new MapMemento();
    r = await rig({ speed: { syncDelayMs: 0, submittedMs: 50, runMs: 300, progressSteps: 3 } }, {}, memento);
    const ids: string[] = [];
    for (let i = 0; i < 10; i++) ids.push((await r.service.imagine({ prompt: `fox ${i}` })).task.id);
    r.tracker.dispose();
    await r.store.flush();
    // "Reload": same gateway, a fresh store and tracker reading what was saved.
    const store = new TaskStore(memento);
    assert.equal(store.load().loaded, 10);
    const tracker = new Tracker(r.mj, store, { intervalMs: () => 40, firstPollDelayMs: 10 });
    tracker.start();
    try {
      await until(() => store.all().every((t) => t.status === 'SUCCESS'), 10_000, 'all resumed tasks done');
      assert.deepEqual(store.all().map((t) => t.id).sort(), [...ids].sort());
    } finally {
      tracker.dispose();
    }
  });
});

suite('MidJourney service', () => {
  let r: Rig | undefined;
  teardown(async () => { r?.tracker.dispose(); await r?.sim.close(); r = undefined; });

  test('a button press creates a child under its parent; foreign customIds are refused unsent', async () => {
    r = await rig();
    const { task } = await r.service.imagine({ prompt: 'a fox' });
    await until(() => r!.store.get(task.id)!.status === 'SUCCESS');
    const parent = r.store.get(task.id)!;
    const before = r.sim.requests.length;
    await assert.rejects(r.service.press(task.id, 'MJ::JOB::upsample::1::not-this-task'), /does not belong/);
    assert.equal(r.sim.requests.filter((q) => q.route.includes('submit')).length, r.sim.requests.slice(0, before).filter((q) => q.route.includes('submit')).length);
    const u2 = parent.buttons.find((b) => b.label === 'U2')!;
    const { task: child } = await r.service.press(task.id, u2.customId);
    assert.equal(child.parentId, task.id);
    assert.equal(child.originLabel, 'U2');
    assert.deepEqual(r.store.children(task.id).map((c) => c.id), [child.id]);
    await until(() => r!.store.get(child.id)!.status === 'SUCCESS');
  });

  test('modal: the waiting task is answered and then tracked to SUCCESS', async () => {
    r = await rig({ remix: true });
    const { task } = await r.service.imagine({ prompt: 'a fox' });
    await until(() => r!.store.get(task.id)!.status === 'SUCCESS');
    const v1 = r.store.get(task.id)!.buttons.find((b) => b.label === 'V1')!;
    const { task: child } = await r.service.press(task.id, v1.customId);
    await until(() => r!.store.get(child.id)!.status === 'MODAL', 5000, 'MODAL');
    // A MODAL task waiting for the user is not polled.
    assert.ok(!r.tracker.activeTasks().some((t) => t.id === child.id));
    await r.service.submitModal(child.id, 'a fox, watercolor');
    await until(() => r!.store.get(child.id)!.status === 'SUCCESS', 5000, 'modal success');
  });

  test('open by id adds any task; an unknown id is a plain not-found', async () => {
    r = await rig();
    const { taskId } = await r.mj.imagine({ prompt: 'made elsewhere' });
    const opened = await r.service.open(taskId);
    assert.equal(opened.id, taskId);
    await assert.rejects(r.service.open('1111111111111111'), (e: Error) => /no task 1111111111111111/.test(e.message));
  });
});
