// Node part of `npm run bench` (bundled by `node esbuild.mjs --tests` to out/scripts/bench.js and
// run by scripts/bench.mjs, which also runs the extension-host part and writes docs/benchmarks.md).
//
//   node out/scripts/bench.js [--out results.json]
//
// 1. Polling: N = 1, 10, 50 MidJourney tasks against the gateway simulator on 127.0.0.1, tracked
//    by the real Tracker (one POST /mj/task/list-by-condition per tick) and, in the same run with the
//    same tasks and speeds, by NaivePerTaskPoller (the baseline below: one timer and one
//    GET /mj/task/{id}/fetch per task per interval).
// 2. The 5,000-task history in Node (and 500, the default history limit): TaskStore.load() and a
//    full TaskTreeProvider refresh, flat and grouped by day (the provider's real code, `vscode`
//    stubbed by test/bench/vscode-shim.ts).
// 3. Store writes for a 5,000-task history with 100 progress ticks (virtual time, see below).
// Prints nothing but progress lines; the numbers go to --out as JSON. No wall-clock assertions.
import '../test/bench/vscode-shim'; // first: lets src/views/taskTree.ts load outside an extension host
import fs from 'node:fs';
import { GatewayClient } from '../src/core/gateway/client';
import { MidjourneyClient, type CallOptions } from '../src/core/midjourney/client';
import { MidjourneyService } from '../src/core/tasks/service';
import { STORE_KEY, TaskStore, type KeyValueStore } from '../src/core/tasks/store';
import { Tracker, type PollReport } from '../src/core/tasks/tracker';
import { isTerminalStatus, type MjTask, type TaskRecord } from '../src/shared/task';
import { makeHistory } from '../test/bench/history';
import { round, summarize, type Summary } from '../test/bench/stats';
import { makeTreeProvider, timeWalks, type WalkSummary } from '../test/bench/tree-walk';
import { startSimulator, type Simulator, type SpeedConfig } from '../test/simulator';

const log = (line: string) => console.log(`[bench] ${line}`);
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export const POLL_INTERVAL_MS = 250;
/** ~3 s per task: 0.5 s before the gateway's first sync, 0.5 s queued, 2 s of progress in 4 steps. */
export const TASK_SPEED: SpeedConfig = { syncDelayMs: 500, submittedMs: 500, runMs: 2_000, progressSteps: 4 };
export const TASK_COUNTS = [1, 10, 50] as const;
export const HISTORY_SIZE = 5_000;

// ---------------------------------------------------------------------------------------------
// Plumbing

class MapMemento implements KeyValueStore {
  readonly data = new Map<string, unknown>();
  lastBytes = 0;
  /** false: keep the value as is (the virtual-time write count, where only the number of writes matters). */
  constructor(private readonly serialize = true) {}
  get<T>(key: string): T | undefined { return this.data.get(key) as T | undefined; }
  async update(key: string, value: unknown): Promise<void> {
    if (!this.serialize) {
      this.data.set(key, value);
      return;
    }
    // VS Code's Memento serialises to JSON too; do the same so a write costs what it costs there.
    const json = JSON.stringify(value);
    this.lastBytes = Buffer.byteLength(json);
    this.data.set(key, JSON.parse(json));
  }
}

/** The real MidjourneyClient, timing the two polling calls. */
class TimedMidjourneyClient extends MidjourneyClient {
  readonly callMs: number[] = [];
  override async listByCondition(ids: readonly string[], options?: CallOptions): Promise<MjTask[]> {
    const t = performance.now();
    try { return await super.listByCondition(ids, options); } finally { this.callMs.push(performance.now() - t); }
  }
  override async fetch(taskId: string, options?: CallOptions): Promise<MjTask> {
    const t = performance.now();
    try { return await super.fetch(taskId, options); } finally { this.callMs.push(performance.now() - t); }
  }
}

function clientFor(sim: Simulator): TimedMidjourneyClient {
  const gateway = new GatewayClient({ baseUrl: () => `${sim.url}/`, apiKey: () => sim.apiKey, keyOrigin: () => sim.url });
  return new TimedMidjourneyClient(gateway, { mode: () => 'default', botType: () => 'MID_JOURNEY' });
}

// ---------------------------------------------------------------------------------------------
// BASELINE — NaivePerTaskPoller. Not product code: the obvious design the Tracker replaces, kept
// here only to compare against. One timer per task; each fires one GET /mj/task/{id}/fetch and
// re-arms itself `intervalMs` after the answer until the task is finished (the same "interval
// after the answer" rule the Tracker uses, so the two differ only in batching).

export class NaivePerTaskPoller {
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();
  private disposed = false;
  requestCount = 0;

  constructor(private readonly mj: MidjourneyClient, private readonly store: TaskStore, private readonly intervalMs: number) {}

  track(id: string, firstDelayMs = this.intervalMs): void {
    this.arm(id, firstDelayMs);
  }

  dispose(): void {
    this.disposed = true;
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
  }

  private arm(id: string, delayMs: number): void {
    if (this.disposed) return;
    this.timers.set(id, setTimeout(() => void this.poll(id), delayMs));
  }

  private async poll(id: string): Promise<void> {
    this.timers.delete(id);
    if (this.disposed) return;
    try {
      this.requestCount++;
      const record = this.store.upsert(await this.mj.fetch(id));
      if (isTerminalStatus(record.status)) return;
    } catch {
      // a failed fetch is simply retried at the next interval
    }
    this.arm(id, this.intervalMs);
  }
}

// ---------------------------------------------------------------------------------------------
// 1. Polling

export interface PollingRun {
  poller: 'tracker' | 'naive';
  tasks: number;
  finished: number;
  wallMs: number;
  pollRequests: number;
  submitRequests: number;
  /** Poll requests divided by finished tasks. */
  pollRequestsPerTask: number;
  /** Tracker only: requests of each tick, from Tracker.onDidPoll. */
  requestsPerTick?: Summary;
  ticks?: number;
  /** Poll requests seen by the simulator in each POLL_INTERVAL_MS window while anything ran. */
  requestsPerInterval: Summary;
  /** Round trip of one polling call (list-by-condition or fetch), ms. */
  pollCallMs: Summary;
  /** Time between consecutive polls of a task as they reached the gateway, ms. */
  pollPeriodMs: Summary;
  /** Gateway finishTime → first store change showing SUCCESS, ms, one value per task. */
  delayMs: Summary;
  /** Gateway finishTime → the first poll of that task to reach the gateway afterwards, ms. */
  waitForPollMs: Summary;
  /**
   * Tasks whose SUCCESS did NOT come from the first poll that reached the gateway after the task
   * finished (i.e. the store still did not show it when the poll after that one was sent).
   */
  lateTasks: number;
}

async function pollingRun(poller: 'tracker' | 'naive', tasks: number): Promise<PollingRun> {
  const sim = await startSimulator({ speed: TASK_SPEED });
  try {
    return await measurePolling(sim, poller, tasks);
  } finally {
    await sim.close();
  }
}

async function measurePolling(sim: Simulator, poller: 'tracker' | 'naive', tasks: number): Promise<PollingRun> {
  const mj = clientFor(sim);
  const store = new TaskStore(new MapMemento(), { maxHistory: () => 10_000 });
  const seenSuccess = new Map<string, number>();
  store.onDidChange(({ changed }) => {
    const now = Date.now();
    for (const id of changed) if (!seenSuccess.has(id) && store.get(id)?.status === 'SUCCESS') seenSuccess.set(id, now);
  });
  const reports: PollReport[] = [];
  let tracker: Tracker | undefined;
  let naive: NaivePerTaskPoller | undefined;
  let service: MidjourneyService;
  if (poller === 'tracker') {
    // As src/extension.ts wires it: first poll after min(1 s, interval).
    tracker = new Tracker(mj, store, { intervalMs: () => POLL_INTERVAL_MS, firstPollDelayMs: Math.min(1000, POLL_INTERVAL_MS) });
    tracker.onDidPoll((r) => reports.push(r));
    service = new MidjourneyService(mj, store, tracker, () => 'default');
  } else {
    naive = new NaivePerTaskPoller(mj, store, POLL_INTERVAL_MS);
    // Same submit path (service.imagine → store.upsert); the naive poller is told about each task instead of the tracker.
    const noTracker = { kick() {}, start() {} } as unknown as Tracker;
    service = new MidjourneyService(mj, store, noTracker, () => 'default');
  }
  const started = Date.now();
  try {
    for (let i = 0; i < tasks; i++) {
      const { task } = await service.imagine({ prompt: `bench task ${i + 1} of ${tasks}: a red fox in fresh snow` });
      naive?.track(task.id, Math.min(1000, POLL_INTERVAL_MS));
    }
    const deadline = Date.now() + 60_000;
    while (!store.all().every((t) => isTerminalStatus(t.status))) {
      if (Date.now() > deadline) throw new Error(`${poller} N=${tasks}: tasks not finished after 60 s`);
      await sleep(20);
    }
  } finally {
    tracker?.dispose();
    naive?.dispose();
    store.dispose();
  }
  const wallMs = Date.now() - started;
  await sleep(50);
  const isList = (route: string) => route === 'POST /mj/task/list-by-condition';
  const polls = sim.requests.filter((r) => isList(r.route) || /^GET \/mj\/task\/[^/]+\/fetch$/.test(r.route));
  const submits = sim.requests.filter((r) => r.route.startsWith('POST /mj/submit/')).length;

  const first = polls[0]?.at ?? started;
  const last = polls[polls.length - 1]?.at ?? first;
  const windows = new Array<number>(Math.floor((last - first) / POLL_INTERVAL_MS) + 1).fill(0);
  for (const p of polls) windows[Math.floor((p.at - first) / POLL_INTERVAL_MS)]!++;

  // Per task: the polls that asked about it, as the gateway saw them.
  const pollsOf = (id: string) => polls
    .filter((r) => (isList(r.route) ? ((r.body as { ids?: unknown[] } | null)?.ids ?? []).map(String).includes(id) : r.route.includes(`/${id}/`)))
    .map((r) => r.at);
  const records = store.all();
  const delays: number[] = [];
  const waits: number[] = [];
  const periods: number[] = [];
  let lateTasks = 0;
  for (const task of records) {
    const times = pollsOf(task.id);
    for (let i = 1; i < times.length; i++) periods.push(times[i]! - times[i - 1]!);
    const finish = task.finishTime ?? NaN;
    const seen = seenSuccess.get(task.id) ?? NaN;
    delays.push(seen - finish);
    const after = times.filter((at) => at >= finish);
    if (after[0] !== undefined) waits.push(after[0] - finish);
    if (!(seen <= (after[1] ?? Infinity))) lateTasks++;
  }
  const finished = records.filter((t) => t.status === 'SUCCESS').length;
  const ticks = reports.filter((r) => r.ids.length > 0);
  return {
    poller,
    tasks,
    finished,
    wallMs,
    pollRequests: polls.length,
    submitRequests: submits,
    pollRequestsPerTask: polls.length / Math.max(1, finished),
    ...(tracker ? { requestsPerTick: summarize(ticks.map((r) => r.requests)), ticks: ticks.length } : {}),
    requestsPerInterval: summarize(windows),
    pollCallMs: summarize(mj.callMs),
    pollPeriodMs: summarize(periods),
    delayMs: summarize(delays),
    waitForPollMs: summarize(waits),
    lateTasks,
  };
}

// ---------------------------------------------------------------------------------------------
// 2. History of 5,000 tasks in Node

export interface HistoryNode {
  /** Tasks in the store after load() (= the history size asked for). */
  tasks: number;
  /** JSON size of the saved history, and of the same history without the tasks' buttons. */
  savedBytes: number;
  savedBytesWithoutButtons: number;
  storeLoadMs: Summary;
  /** Full refresh of the flat tree, and of the tree grouped by day. */
  tree: WalkSummary;
  treeByDay: WalkSummary;
}

function historyInNode(size: number): HistoryNode {
  const records = makeHistory(size);
  const saved = JSON.parse(JSON.stringify({ version: 1, tasks: records })) as unknown;
  const loads: number[] = [];
  let store: TaskStore | undefined;
  for (let i = 0; i < 6; i++) {
    const backing = new MapMemento();
    backing.data.set(STORE_KEY, saved);
    store = new TaskStore(backing, { maxHistory: () => 10_000 });
    const t = performance.now();
    store.load();
    if (i > 0) loads.push(performance.now() - t); // the first one warms the JIT
  }
  const tree = timeWalks(makeTreeProvider(store!, false), 5);
  const treeByDay = timeWalks(makeTreeProvider(store!, true), 5);
  const savedBytes = Buffer.byteLength(JSON.stringify({ version: 1, tasks: store!.all() }));
  const savedBytesWithoutButtons = Buffer.byteLength(JSON.stringify({ version: 1, tasks: store!.all().map((t) => ({ ...t, buttons: [] })) }));
  return { tasks: store!.size, savedBytes, savedBytesWithoutButtons, storeLoadMs: summarize(loads), tree, treeByDay };
}

// ---------------------------------------------------------------------------------------------
// 3. Store writes: 5,000 finished tasks + `runningTasks` running tasks, 100 progress ticks.
//
// Ticks at the real intervals (5 s is the default of aitre.pollIntervalSeconds) would take minutes,
// so this part runs in virtual time: setTimeout/clearTimeout are swapped for a manual clock while
// it runs. It runs FIRST, before any HTTP client exists (fetch's keep-alive sockets arm timers of
// their own). TaskStore's own debounce code runs unchanged.

export interface StoreWrites {
  historyTasks: number;
  runningTasks: number;
  ticks: number;
  intervalMs: number;
  saveDelayMs: number;
  upserts: number;
  writes: number;
  bytesPerWrite: number;
  /** Real CPU time of one write of the whole history (JSON serialise + parse in MapMemento). */
  writeCostMs: Summary;
}

class VirtualTimers {
  private now = 0;
  private seq = 0;
  private readonly due = new Map<number, { at: number; fn: () => void }>();
  private readonly saved = { setTimeout: globalThis.setTimeout, clearTimeout: globalThis.clearTimeout };

  install(): void {
    (globalThis as { setTimeout: unknown }).setTimeout = (fn: () => void, ms = 0) => {
      const id = ++this.seq;
      this.due.set(id, { at: this.now + Math.max(0, ms), fn });
      return id;
    };
    (globalThis as { clearTimeout: unknown }).clearTimeout = (id: unknown) => {
      // A real timer armed before install() (not ours) is cleared for real.
      if (typeof id === 'number') this.due.delete(id);
      else this.saved.clearTimeout(id as Parameters<typeof clearTimeout>[0]);
    };
  }

  uninstall(): void {
    globalThis.setTimeout = this.saved.setTimeout;
    globalThis.clearTimeout = this.saved.clearTimeout;
  }

  current(): number { return this.now; }

  /** Moves the clock forward, running due timers in order and letting their promises settle. */
  async advance(ms: number): Promise<void> {
    const target = this.now + ms;
    for (;;) {
      let next: [number, { at: number; fn: () => void }] | undefined;
      for (const entry of this.due) if (entry[1].at <= target && (!next || entry[1].at < next[1].at)) next = entry;
      if (!next) break;
      this.due.delete(next[0]);
      this.now = next[1].at;
      next[1].fn();
      await new Promise<void>((r) => setImmediate(r));
    }
    this.now = target;
    await new Promise<void>((r) => setImmediate(r));
  }
}

async function storeWrites(intervalMs: number, runningTasks = 10, ticks = 100): Promise<StoreWrites> {
  const clock = new VirtualTimers();
  const history = makeHistory(HISTORY_SIZE, 1_700_000_000_000);
  const running: TaskRecord[] = Array.from({ length: runningTasks }, (_, i) => ({
    ...history[i]!, id: String(1_744_000_000_000_000 + i), parentId: undefined, originLabel: undefined,
    status: 'IN_PROGRESS', progress: 0, buttons: [], finishTime: null, imageUrl: '', addedAt: 1_700_000_000_000 + i,
  }));
  const backing = new MapMemento(false);
  backing.data.set(STORE_KEY, JSON.parse(JSON.stringify({ version: 1, tasks: [...history, ...running] })));
  const saveDelayMs = 500; // TaskStore's default
  let upserts = 0;
  clock.install();
  try {
    const store = new TaskStore(backing, { maxHistory: () => 10_000, now: () => 1_700_000_000_000 + clock.current() });
    store.load();
    for (let tick = 1; tick <= ticks; tick++) {
      await clock.advance(intervalMs);
      // What Tracker.apply does with one list-by-condition answer: one upsert per running task.
      for (const task of running) {
        store.upsert({ ...task, progress: tick % 100 });
        upserts++;
      }
    }
    await clock.advance(saveDelayMs + 1);
    await store.flush();
    const writes = store.writes;
    clock.uninstall();
    // The real cost of one such write (the snapshot TaskStore builds, serialised), on the real clock.
    const serializing = new MapMemento(true);
    const costs: number[] = [];
    for (let i = 0; i < 5; i++) {
      const t = performance.now();
      await serializing.update(STORE_KEY, { version: 1, tasks: store.all() });
      costs.push(performance.now() - t);
    }
    return {
      historyTasks: HISTORY_SIZE, runningTasks, ticks, intervalMs, saveDelayMs, upserts, writes,
      bytesPerWrite: serializing.lastBytes, writeCostMs: summarize(costs),
    };
  } finally {
    clock.uninstall();
  }
}

// ---------------------------------------------------------------------------------------------

export interface NodeResults {
  pollIntervalMs: number;
  taskSpeed: SpeedConfig;
  polling: PollingRun[];
  /** 500 (the default aitre.historyLimit) and HISTORY_SIZE tasks. */
  history: HistoryNode[];
  storeWrites: StoreWrites[];
}

async function main(): Promise<void> {
  const outIndex = process.argv.indexOf('--out');
  const out = outIndex >= 0 ? process.argv[outIndex + 1] : undefined;
  const writes = [await storeWrites(5_000), await storeWrites(POLL_INTERVAL_MS)];
  for (const w of writes) log(`store: ${w.ticks} ticks at ${w.intervalMs} ms → ${w.writes} writes of ${round(w.bytesPerWrite / 1e6, 2)} MB`);
  const history = [historyInNode(500), historyInNode(HISTORY_SIZE)];
  for (const h of history) {
    log(`history ${h.tasks}: load ${round(h.storeLoadMs.median)} ms, tree ${h.tree.rows} rows in ${round(h.tree.ms.median)} ms, ` +
      `by day ${h.treeByDay.rows} rows in ${round(h.treeByDay.ms.median)} ms (Node)`);
  }
  const polling: PollingRun[] = [];
  for (const n of TASK_COUNTS) {
    for (const poller of ['tracker', 'naive'] as const) {
      const run = await pollingRun(poller, n);
      polling.push(run);
      log(`${poller.padEnd(7)} N=${String(n).padStart(2)}: ${run.pollRequests} poll requests (${round(run.pollRequestsPerTask)}/task), ` +
        `per ${POLL_INTERVAL_MS} ms max ${run.requestsPerInterval.max}, delay median ${round(run.delayMs.median)} ms max ${round(run.delayMs.max)} ms`);
    }
  }
  const results: NodeResults = { pollIntervalMs: POLL_INTERVAL_MS, taskSpeed: TASK_SPEED, polling, history, storeWrites: writes };
  if (out) fs.writeFileSync(out, JSON.stringify(results, null, 2));
  else console.log(JSON.stringify(results, null, 2));
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.stack : error);
  process.exit(1);
});
