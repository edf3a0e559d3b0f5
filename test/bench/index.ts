// Extension-host part of `npm run bench` (NOT an integration suite: scripts/run-integration.mjs
// only loads out/test/integration/**). scripts/bench.mjs starts code-server with this module as
// extensionTestsPath and a copy of the extension's manifest WITHOUT "onStartupFinished", so the
// extension is guaranteed inactive until run() activates it and the activate() round trip can be
// timed. The workbench page is reloaded between steps (a fresh extension host each time; the
// extension's globalState survives), and each step appends its result to $AITRE_BENCH_OUT.
//
//   $AITRE_BENCH_PLAN  comma-separated steps, e.g. "empty,empty,seed,history,history,tree"
//     empty    time activate() with an empty task history
//     seed     time activate(), then add the 5,000-task history through api.store.upsert,
//              time a full tree refresh and single progress changes, flush the store
//     history  time activate() with the 5,000 tasks saved by "seed"; time TaskStore.load() of the
//              same tasks here in the host (to separate the extension's share of activation)
//     tree     as history, then time a full tree refresh over the reloaded store and three
//              store writes (store.flush → globalState.update) of the whole history
import * as fs from 'fs';
import * as vscode from 'vscode';
import type { AitreApi } from '../../src/extension';
import { TaskStore, type KeyValueStore } from '../../src/core/tasks/store';
import type { MjTask, TaskRecord } from '../../src/shared/task';
import { asUpsert, makeHistory } from './history';
import { summarize, type Summary } from './stats';
import { makeTreeProvider, timeWalks, type WalkSummary } from './tree-walk';

const EXTENSION_ID = 'aitre.aitre-vscode';
export const HISTORY_SIZE = 5_000;
/** Let the workbench finish its own start-up work before timing anything. */
const SETTLE_MS = 1_500;

export interface HostStep {
  step: string;
  vscodeVersion: string;
  wasActive?: boolean;
  activationMs?: number;
  storeSizeAfterActivation?: number;
  seedUpsertsMs?: number;
  /** Full refresh of the flat tree, and of the tree grouped by day. */
  tree?: WalkSummary;
  treeByDay?: WalkSummary;
  progressChangeMs?: Summary;
  /** store.flush() right after seeding (it may wait for a debounced write already under way). */
  flushMs?: number;
  /** TaskStore.load() of the loaded tasks from an in-memory backing, in this host. */
  loadInHostMs?: Summary;
  /** JSON size of the saved history. */
  savedBytes?: number;
  /** A change to one task followed by store.flush(), i.e. one write of the whole history. */
  writeMs?: Summary;
  error?: string;
}

export interface HostResults { steps: HostStep[] }

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
/** Progress lines; scripts/bench.mjs shows them with VERBOSE=1. */
const trace = (line: string) => console.log(`[bench-host] ${line}`);

export async function run(): Promise<void> {
  const outFile = process.env.AITRE_BENCH_OUT;
  if (!outFile) throw new Error('AITRE_BENCH_OUT is not set');
  const plan = (process.env.AITRE_BENCH_PLAN ?? 'empty').split(',').map((s) => s.trim()).filter(Boolean);
  const results: HostResults = fs.existsSync(outFile) ? JSON.parse(fs.readFileSync(outFile, 'utf8')) as HostResults : { steps: [] };
  const step = plan[results.steps.length] ?? 'empty';
  const entry: HostStep = { step, vscodeVersion: vscode.version };
  try {
    await sleep(SETTLE_MS);
    const ext = vscode.extensions.getExtension<AitreApi>(EXTENSION_ID);
    if (!ext) throw new Error(`extension ${EXTENSION_ID} not found`);
    entry.wasActive = ext.isActive;
    const started = performance.now();
    const api = await ext.activate();
    if (!entry.wasActive) entry.activationMs = performance.now() - started;
    if (!api) throw new Error('AITRE returned no test probe: is this an extension test run (ExtensionMode.Test)?');
    const store = api.store;
    entry.storeSizeAfterActivation = store.size;

    if (step === 'seed') {
      const records = makeHistory(HISTORY_SIZE);
      const seedStart = performance.now();
      for (const [i, record] of records.entries()) {
        store.upsert(...asUpsert(record));
        if ((i + 1) % 500 === 0) trace(`seeded ${i + 1} in ${Math.round(performance.now() - seedStart)} ms`);
      }
      entry.seedUpsertsMs = performance.now() - seedStart;
      await sleep(50);
      entry.tree = timeWalks(makeTreeProvider(storeOf(store.all()), false), 5);
      entry.treeByDay = timeWalks(makeTreeProvider(storeOf(store.all()), true), 5);
      trace(`tree walks: median ${Math.round(entry.tree.ms.median)} ms flat, ${Math.round(entry.treeByDay.ms.median)} ms by day`);
      entry.progressChangeMs = progressChanges(api, 50);
      trace(`progress changes: median ${entry.progressChangeMs.median.toFixed(1)} ms`);
      const flushStart = performance.now();
      await store.flush();
      entry.flushMs = performance.now() - flushStart;
      trace(`flush: ${Math.round(entry.flushMs)} ms`);
      // globalState.update resolves in the extension host; give the workbench time to persist it.
      await sleep(1_500);
    } else if (step === 'history' || step === 'tree') {
      const saved = { version: 1, tasks: store.all() };
      entry.savedBytes = Buffer.byteLength(JSON.stringify(saved));
      entry.loadInHostMs = timeLoads(JSON.parse(JSON.stringify(saved)) as unknown, 5);
      if (step === 'tree') {
        entry.tree = timeWalks(makeTreeProvider(storeOf(store.all()), false), 5);
        entry.treeByDay = timeWalks(makeTreeProvider(storeOf(store.all()), true), 5);
        trace(`tree walks: median ${Math.round(entry.tree.ms.median)} ms flat, ${Math.round(entry.treeByDay.ms.median)} ms by day`);
        entry.writeMs = await timedWrites(api, 3);
        trace(`writes: median ${Math.round(entry.writeMs.median)} ms`);
      }
    }
  } catch (error) {
    entry.error = error instanceof Error ? (error.stack ?? error.message) : String(error);
  }
  results.steps.push(entry);
  fs.writeFileSync(outFile, JSON.stringify(results, null, 2));
}

/**
 * The extension hands tests its tasks, not its store object (see src/probe.ts): the tree is timed
 * over a store loaded with exactly those tasks, in this host.
 */
function storeOf(tasks: TaskRecord[]): TaskStore {
  const saved = { version: 1, tasks };
  const store = new TaskStore({ get: <T>() => saved as T, update: async () => undefined }, { maxHistory: () => 10_000 });
  store.load();
  return store;
}

/** TaskStore.load() of `saved` from an in-memory backing (after one warm-up load). */
function timeLoads(saved: unknown, runs: number): Summary {
  const backing: KeyValueStore = { get: <T>() => saved as T, update: async () => undefined };
  const times: number[] = [];
  for (let i = 0; i <= runs; i++) {
    const store = new TaskStore(backing, { maxHistory: () => 10_000 });
    const t = performance.now();
    store.load();
    if (i > 0) times.push(performance.now() - t);
  }
  return summarize(times);
}

/** A change to one task, then store.flush(): one globalState.update of the whole history each. */
async function timedWrites(api: AitreApi, count: number): Promise<Summary> {
  const store = api.store;
  const task = store.all()[0]!;
  const times: number[] = [];
  for (let i = 0; i < count; i++) {
    store.patch(task.id, { localNote: `bench write ${i + 1}` });
    const t = performance.now();
    await store.flush();
    times.push(performance.now() - t);
  }
  store.patch(task.id, { localNote: undefined });
  await store.flush();
  return summarize(times);
}

/**
 * One running task changing progress `count` times with the full history present: each upsert
 * runs the extension's own listeners (tree refresh event, running-tasks badge). The task is
 * removed afterwards so the saved history is exactly HISTORY_SIZE tasks.
 */
function progressChanges(api: AitreApi, count: number): Summary {
  const store = api.store;
  const id = '1799999999999999';
  const base: MjTask = {
    id, action: 'IMAGINE', status: 'IN_PROGRESS', progress: 0, prompt: 'bench progress task', promptEn: 'bench progress task',
    finalPrompt: '', description: '', imageUrl: '', videoUrls: [], failReason: '', buttons: [], submitTime: Date.now(), startTime: Date.now(),
    finishTime: null, botType: '', properties: {},
  };
  // A task that is not tracked, so the tracker never polls it (there is no gateway here).
  store.upsert(base, { untracked: true });
  const times: number[] = [];
  for (let i = 1; i <= count; i++) {
    const t = performance.now();
    store.upsert({ ...base, progress: i });
    times.push(performance.now() - t);
  }
  store.remove([id]);
  return summarize(times);
}
