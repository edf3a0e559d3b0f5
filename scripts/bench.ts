// Node part of `npm run bench` (bundled by `node esbuild.mjs --tests` to out/scripts/bench.js and
// run by scripts/bench.mjs, which also runs the extension-host part and writes docs/benchmarks.md).
//
//   node out/scripts/bench.js [--out results.json]
//
// 1. Polling: N = 1, 10, 50 MidJourney tasks against the gateway simulator on 127.0.0.1, tracked
//    by the real Tracker (one POST /mj/task/list-by-condition per tick) and, in the same run with the
//    same tasks and speeds, by NaivePerTaskPoller (the baseline below: one timer and one
//    GET /mj/task/{id}/fetch per task per interval).
// 2. The 5,000-task history in Node (and 500, the default history limit), one file per task:
//    TaskStore.open() against an empty folder, loadAll(), and full TaskTreeProvider refreshes, at
//    start (newest page) and with everything loaded, flat and grouped by day (the provider's real
//    code, `vscode` stubbed by test/bench/vscode-shim.ts).
// 3. Store writes: bytes of one status change and of one progress tick, 50 vs 5,000 in history.
// 4. Two windows on one profile (two stores and trackers over one folder): requests per tick with
//    the poller lease, and without it as the baseline.
// Prints nothing but progress lines; the numbers go to --out as JSON. No wall-clock assertions.
import '../test/bench/vscode-shim'; // first: lets src/ui/tasks/tree.ts load outside an extension host
import fs from 'node:fs';
import path from 'node:path';
import { silentLogger } from '../src/core/base/log';
import { GatewayClient } from '../src/core/gateway/client';
import { MidjourneyClient, type CallOptions } from '../src/core/midjourney/client';
import { PollerLease } from '../src/core/tasks/lease';
import { MidjourneyService } from '../src/core/tasks/service';
import { TaskStore } from '../src/core/tasks/store';
import { TaskFiles } from '../src/core/tasks/task-files';
import { Tracker, type PollReport } from '../src/core/tasks/tracker';
import { isTerminalStatus, type MjTask, type TaskRecord } from '../src/shared/task';
import { makeHistory } from '../test/bench/history';
import { round, summarize, type Summary } from '../test/bench/stats';
import { makeTreeProvider, timeWalks, type WalkSummary } from '../test/bench/tree-walk';
import { startSimulator, type Simulator, type SpeedConfig } from '../test/simulator';
import { nodeArea, tempFolder } from '../test/unit/node-files';

const log = (line: string) => console.log(`[bench] ${line}`);
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export const POLL_INTERVAL_MS = 250;
/** ~3 s per task: 0.5 s before the gateway's first sync, 0.5 s queued, 2 s of progress in 4 steps. */
export const TASK_SPEED: SpeedConfig = { syncDelayMs: 500, submittedMs: 500, runMs: 2_000, progressSteps: 4 };
export const TASK_COUNTS = [1, 10, 50] as const;
export const HISTORY_SIZE = 5_000;

// ---------------------------------------------------------------------------------------------
// Plumbing

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
  const folder = tempFolder('aitre-bench-polling-');
  try {
    const store = new TaskStore(nodeArea(folder.dir), { maxHistory: () => 10_000, watch: false });
    await store.open();
    return await measurePolling(sim, store, poller, tasks);
  } finally {
    await sim.close();
    folder.cleanup();
  }
}

async function measurePolling(sim: Simulator, store: TaskStore, poller: 'tracker' | 'naive', tasks: number): Promise<PollingRun> {
  const mj = clientFor(sim);
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
    await store.flush();
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
// 2. History of 5,000 tasks in Node: one file per task in a temp folder (test/unit/node-files.ts,
// Node's fs), as the extension keeps them under globalStorage.

export interface HistoryNode {
  /** Tasks in the store (= the history size asked for). */
  tasks: number;
  /** Bytes of all task files, and of the same tasks without their buttons. */
  fileBytes: number;
  fileBytesWithoutButtons: number;
  /** TaskStore.open(): list both folders, read running tasks + the newest page (+ parents). */
  openMs: Summary;
  /** The same on an empty folder. */
  openEmptyMs: Summary;
  /** open(…, { background: true }) as the extension calls it: until it returns (listing + running tasks). */
  openBackgroundMs: Summary;
  /** Task files read by open(). */
  readAtOpen: number;
  /** loadAll() after open(): every other task read (filters and export do this). */
  loadAllMs: Summary;
  /** Full refresh of the tree as it starts (newest page + "Show older tasks"). */
  treeAtStart: WalkSummary;
  /** Full refresh of the flat tree and the tree grouped by day with every task loaded. */
  tree: WalkSummary;
  treeByDay: WalkSummary;
}

async function seedFolder(dir: string, records: TaskRecord[]): Promise<void> {
  const files = new TaskFiles(nodeArea(dir), silentLogger, Date.now);
  for (let i = 0; i < records.length; i += 64) await Promise.all(records.slice(i, i + 64).map((r) => files.write(r, 1, 'bench')));
}

function folderBytes(dir: string): number {
  let total = 0;
  for (const sub of ['active', 'done']) {
    const full = path.join(dir, sub);
    if (fs.existsSync(full)) for (const name of fs.readdirSync(full)) total += fs.statSync(path.join(full, name)).size;
  }
  return total;
}

async function timeOpens(dir: string, runs: number, background = false): Promise<{ ms: Summary; store: TaskStore; reads: number }> {
  const times: number[] = [];
  let store: TaskStore | undefined;
  let reads = 0;
  for (let i = 0; i <= runs; i++) {
    store?.dispose();
    const area = nodeArea(dir);
    store = new TaskStore(area, { maxHistory: () => 10_000, watch: false });
    const t = performance.now();
    await store.open(undefined, { background });
    if (i > 0) times.push(performance.now() - t); // the first one warms the JIT and the disk cache
    await store.ready;
    reads = area.reads;
  }
  return { ms: summarize(times), store: store!, reads };
}

async function historyInNode(size: number): Promise<HistoryNode> {
  const records = makeHistory(size);
  const full = tempFolder('aitre-bench-history-');
  const withoutButtons = tempFolder('aitre-bench-history-');
  const empty = tempFolder('aitre-bench-empty-');
  try {
    await seedFolder(full.dir, records);
    await seedFolder(withoutButtons.dir, records.map((t) => ({ ...t, buttons: [] })));
    const background = await timeOpens(full.dir, 5, true);
    background.store.dispose();
    const opened = await timeOpens(full.dir, 5);
    const emptyOpened = await timeOpens(empty.dir, 5);
    emptyOpened.store.dispose();
    const treeAtStart = timeWalks(makeTreeProvider(opened.store, false), 11);
    const loadAll: number[] = [];
    let store = opened.store;
    for (let i = 0; i < 3; i++) {
      if (i > 0) {
        store.dispose();
        store = new TaskStore(nodeArea(full.dir), { maxHistory: () => 10_000, watch: false });
        await store.open();
      }
      const t = performance.now();
      await store.loadAll();
      loadAll.push(performance.now() - t);
    }
    const tree = timeWalks(makeTreeProvider(store, false), 11);
    const treeByDay = timeWalks(makeTreeProvider(store, true), 11);
    store.dispose();
    return {
      tasks: size, fileBytes: folderBytes(full.dir), fileBytesWithoutButtons: folderBytes(withoutButtons.dir),
      openMs: opened.ms, openEmptyMs: emptyOpened.ms, openBackgroundMs: background.ms, readAtOpen: opened.reads, loadAllMs: summarize(loadAll), treeAtStart, tree, treeByDay,
    };
  } finally {
    full.cleanup();
    withoutButtons.cleanup();
    empty.cleanup();
  }
}

// ---------------------------------------------------------------------------------------------
// 3. Store writes: what one status change and one progress tick write, with 50 and with 5,000
// finished tasks in the folder (target: the same bytes whatever the history).

export interface StoreWrites {
  historyTasks: number;
  runningTasks: number;
  /** A task going IN_PROGRESS → SUCCESS: bytes and files written. */
  statusChangeBytes: number;
  statusChangeFiles: number;
  /** One list answer applied: every running task at a new percentage. */
  progressTickBytes: number;
  progressTickFiles: number;
  /** upsert() → saved() of one status change, ms. */
  statusChangeMs: Summary;
}

async function storeWrites(historyTasks: number, runningTasks = 10): Promise<StoreWrites> {
  const folder = tempFolder('aitre-bench-writes-');
  try {
    await seedFolder(folder.dir, makeHistory(historyTasks, 1_700_000_000_000));
    const area = nodeArea(folder.dir);
    const store = new TaskStore(area, { maxHistory: () => 100_000, watch: false });
    await store.open();
    const running: MjTask[] = Array.from({ length: runningTasks }, (_, i) => ({
      id: String(1_744_000_000_000_000 + i), action: 'IMAGINE', status: 'IN_PROGRESS', progress: 10, prompt: `running task ${i}: a red fox in fresh snow`,
      promptEn: `running task ${i}: a red fox in fresh snow`, finalPrompt: '', description: 'Submit success', imageUrl: '', failReason: '', buttons: [],
      submitTime: 1_744_000_000_000, startTime: 1_744_000_000_000, finishTime: null, botType: '', properties: {},
    }));
    for (const t of running) store.upsert(t);
    await store.flush();
    let before = { bytes: area.bytesWritten, files: area.writes };
    for (const t of running) store.upsert({ ...t, progress: 55 });
    await store.flush();
    const progressTickBytes = area.bytesWritten - before.bytes;
    const progressTickFiles = area.writes - before.files;
    const done = makeHistory(2, 1_700_000_000_000)[1]!; // a finished grid with its nine buttons
    const times: number[] = [];
    let statusChangeBytes = 0;
    let statusChangeFiles = 0;
    for (const [i, t] of running.entries()) {
      before = { bytes: area.bytesWritten, files: area.writes };
      const start = performance.now();
      store.upsert({ ...t, status: 'SUCCESS', progress: 100, imageUrl: `https://gateway.example.com/mj/image/${t.id}`, buttons: done.buttons, finishTime: 1_744_000_060_000 });
      await store.saved(t.id);
      times.push(performance.now() - start);
      if (i === 0) {
        statusChangeBytes = area.bytesWritten - before.bytes;
        statusChangeFiles = area.writes - before.files;
      }
    }
    await store.flush();
    store.dispose();
    return { historyTasks, runningTasks, statusChangeBytes, statusChangeFiles, progressTickBytes, progressTickFiles, statusChangeMs: summarize(times) };
  } finally {
    folder.cleanup();
  }
}

// ---------------------------------------------------------------------------------------------
// 4. Two windows on one profile: two stores, two trackers over one folder, against one simulator.
// With the poller lease (what the extension does) and, as the baseline, without it (each window
// polls what it knows, as before the lease existed).

export interface TwoWindows {
  lease: boolean;
  tasks: number;
  finished: number;
  /** List requests the simulator saw, and the ticks that sent them. */
  listRequests: number;
  /** Poll requests per POLL_INTERVAL_MS window while anything ran. */
  requestsPerInterval: Summary;
  /** Requests of each tick, per window (from Tracker.onDidPoll). */
  requestsPerTick: Summary;
  pollingWindows: number;
}

async function twoWindows(lease: boolean, tasksPerWindow = 5): Promise<TwoWindows> {
  const sim = await startSimulator({ speed: TASK_SPEED });
  const folder = tempFolder('aitre-bench-windows-');
  const windows: { store: TaskStore; tracker: Tracker; lease?: PollerLease; service: MidjourneyService; ticks: number[] }[] = [];
  try {
    for (const name of ['one', 'two']) {
      const store = new TaskStore(nodeArea(folder.dir), { maxHistory: () => 10_000 });
      await store.open();
      const permit = lease ? new PollerLease(nodeArea(folder.dir), { heartbeatMs: () => POLL_INTERVAL_MS / 2, owner: name }) : undefined;
      if (permit) await permit.start();
      const mj = clientFor(sim);
      const tracker = new Tracker(mj, store, { intervalMs: () => POLL_INTERVAL_MS, firstPollDelayMs: POLL_INTERVAL_MS, permit });
      const w = { store, tracker, lease: permit, service: new MidjourneyService(mj, store, tracker, () => 'default'), ticks: [] as number[] };
      tracker.onDidPoll((r) => { if (r.ids.length) w.ticks.push(r.requests); });
      windows.push(w);
    }
    for (let i = 0; i < tasksPerWindow; i++) {
      for (const [n, w] of windows.entries()) await w.service.imagine({ prompt: `window ${n + 1} task ${i + 1}: a red fox in fresh snow` });
    }
    const total = tasksPerWindow * windows.length;
    const deadline = Date.now() + 60_000;
    while (!windows.every((w) => w.store.size === total && w.store.all().every((t) => isTerminalStatus(t.status)))) {
      if (Date.now() > deadline) throw new Error(`two windows (lease ${lease}): not finished after 60 s`);
      await sleep(20);
    }
    const polls = sim.requests.filter((r) => r.route === 'POST /mj/task/list-by-condition' || /^GET \/mj\/task\/[^/]+\/fetch$/.test(r.route));
    const first = polls[0]?.at ?? 0;
    const last = polls[polls.length - 1]?.at ?? first;
    const perWindow = new Array<number>(Math.floor((last - first) / POLL_INTERVAL_MS) + 1).fill(0);
    for (const p of polls) perWindow[Math.floor((p.at - first) / POLL_INTERVAL_MS)]!++;
    return {
      lease, tasks: total, finished: windows[0]!.store.all().filter((t) => t.status === 'SUCCESS').length,
      listRequests: polls.length, requestsPerInterval: summarize(perWindow),
      requestsPerTick: summarize(windows.flatMap((w) => w.ticks)), pollingWindows: windows.filter((w) => w.ticks.length > 0).length,
    };
  } finally {
    for (const w of windows) {
      w.tracker.dispose();
      w.lease?.stop();
      await w.store.flush();
      w.store.dispose();
    }
    await sim.close();
    folder.cleanup();
  }
}

// ---------------------------------------------------------------------------------------------

export interface NodeResults {
  pollIntervalMs: number;
  taskSpeed: SpeedConfig;
  polling: PollingRun[];
  /** 500 (the default aitre.historyLimit) and HISTORY_SIZE tasks. */
  history: HistoryNode[];
  /** 50 and HISTORY_SIZE finished tasks in the folder. */
  storeWrites: StoreWrites[];
  twoWindows: TwoWindows[];
}

async function main(): Promise<void> {
  const outIndex = process.argv.indexOf('--out');
  const out = outIndex >= 0 ? process.argv[outIndex + 1] : undefined;
  const writes = [await storeWrites(50), await storeWrites(HISTORY_SIZE)];
  for (const w of writes) log(`store: ${w.historyTasks} in history → one status change writes ${w.statusChangeBytes} B in ${w.statusChangeFiles} file(s); a progress tick of ${w.runningTasks} tasks ${w.progressTickBytes} B`);
  const history = [await historyInNode(500), await historyInNode(HISTORY_SIZE)];
  for (const h of history) {
    log(`history ${h.tasks}: open ${round(h.openMs.median)} ms (empty ${round(h.openEmptyMs.median)} ms, ${h.readAtOpen} files read), loadAll ${round(h.loadAllMs.median)} ms, ` +
      `tree at start ${h.treeAtStart.rows} rows ${round(h.treeAtStart.ms.median)} ms, all ${h.tree.rows} rows ${round(h.tree.ms.median)} ms, by day ${h.treeByDay.rows} rows ${round(h.treeByDay.ms.median)} ms (Node)`);
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
  const windows = [await twoWindows(true), await twoWindows(false)];
  for (const w of windows) log(`two windows, lease ${w.lease}: ${w.listRequests} poll requests, per tick ${w.requestsPerTick.min}-${w.requestsPerTick.max}, per ${POLL_INTERVAL_MS} ms max ${w.requestsPerInterval.max}, ${w.pollingWindows} window(s) polling`);
  const results: NodeResults = { pollIntervalMs: POLL_INTERVAL_MS, taskSpeed: TASK_SPEED, polling, history, storeWrites: writes, twoWindows: windows };
  if (out) fs.writeFileSync(out, JSON.stringify(results, null, 2));
  else console.log(JSON.stringify(results, null, 2));
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.stack : error);
  process.exit(1);
});
