// Extension-host part of `npm run bench` (NOT an integration suite: scripts/run-integration.mjs
// only loads out/test/integration/**). scripts/bench.mjs starts code-server with this module as
// extensionTestsPath and a copy of the extension's manifest WITHOUT "onStartupFinished", so the
// extension is guaranteed inactive until run() activates it and the activate() round trip can be
// timed. The workbench page is reloaded between steps (a fresh extension host each time; the
// extension's globalState survives), and each step appends its result to $AITRE_BENCH_OUT.
//
//   $AITRE_BENCH_PLAN  comma-separated steps, e.g. "empty,empty,seed,history,history,tree"
//     empty    time activate() with an empty task history
//     seed     time activate(), then add the 5,000-task history through the test probe's
//              store.upsert (one file each), time a full tree refresh of the 5,000 rows and single
//              progress changes, flush the store
//     history  time activate() with the 5,000 task files saved by "seed" on disk
//     tree     as history, then time the tree as it starts (newest page), loadAll(), a full
//              refresh of all 5,000 rows and three status changes (upsert → saved on disk)
import * as fs from 'fs';
import * as vscode from 'vscode';
import type { AitreApi } from '../../src/extension';
import { silentLogger } from '../../src/core/base/log';
import { TaskStore } from '../../src/core/tasks/store';
import { TaskFiles } from '../../src/core/tasks/task-files';
import type { MjTask, TaskRecord } from '../../src/shared/task';
import { memoryArea } from './memory-area';
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
  /** Tasks in the store, and tasks read into memory, when activate() returned. */
  storeSizeAfterActivation?: number;
  loadedAfterActivation?: number;
  /** From activate() returning until the newest page of history was read (store.ready), and how many tasks were then in memory. */
  readyMs?: number;
  loadedWhenReady?: number;
  seedUpsertsMs?: number;
  /** Full refresh of the tree as it starts (newest page and "Show older tasks"). */
  treeAtStart?: WalkSummary;
  /** Full refresh of the flat tree, and of the tree grouped by day, with every task loaded. */
  tree?: WalkSummary;
  treeByDay?: WalkSummary;
  progressChangeMs?: Summary;
  /** store.flush() right after seeding: the last of the 5,000 files written. */
  flushMs?: number;
  /** store.loadAll() after activation: the other ~4,800 files read. */
  loadAllMs?: number;
  /** A status change of one task: upsert() until saved() resolves (its file on disk). */
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
    entry.loadedAfterActivation = store.loadedCount;
    const readyStart = performance.now();
    await store.ready();
    entry.readyMs = performance.now() - readyStart;
    entry.loadedWhenReady = store.loadedCount;

    if (step === 'seed') {
      const records = makeHistory(HISTORY_SIZE);
      const seedStart = performance.now();
      for (const [i, record] of records.entries()) {
        store.upsert(...asUpsert(record));
        if ((i + 1) % 500 === 0) trace(`seeded ${i + 1} in ${Math.round(performance.now() - seedStart)} ms`);
      }
      entry.seedUpsertsMs = performance.now() - seedStart;
      await sleep(50);
      const all = await storeOf(store.all());
      entry.tree = timeWalks(makeTreeProvider(all, false), 11);
      entry.treeByDay = timeWalks(makeTreeProvider(all, true), 11);
      trace(`tree walks: median ${Math.round(entry.tree.ms.median)} ms flat, ${Math.round(entry.treeByDay.ms.median)} ms by day`);
      entry.progressChangeMs = progressChanges(api, 50);
      trace(`progress changes: median ${entry.progressChangeMs.median.toFixed(1)} ms`);
      const flushStart = performance.now();
      await store.flush();
      entry.flushMs = performance.now() - flushStart;
      trace(`flush: ${Math.round(entry.flushMs)} ms`);
    } else if (step === 'tree') {
      entry.treeAtStart = timeWalks(makeTreeProvider(await storeOf(store.all()), false), 11);
      const loadStart = performance.now();
      await store.loadAll();
      entry.loadAllMs = performance.now() - loadStart;
      const all = await storeOf(store.all());
      entry.tree = timeWalks(makeTreeProvider(all, false), 11);
      entry.treeByDay = timeWalks(makeTreeProvider(all, true), 11);
      trace(`tree walks: at start ${Math.round(entry.treeAtStart.ms.median)} ms, all ${Math.round(entry.tree.ms.median)} ms flat, ${Math.round(entry.treeByDay.ms.median)} ms by day`);
      entry.writeMs = await timedWrites(api, 3);
      trace(`writes: median ${Math.round(entry.writeMs.median)} ms`);
    }
  } catch (error) {
    entry.error = error instanceof Error ? (error.stack ?? error.message) : String(error);
  }
  results.steps.push(entry);
  fs.writeFileSync(outFile, JSON.stringify(results, null, 2));
}

/**
 * The extension hands tests its tasks, not its store object (see src/probe.ts): the tree is timed
 * over a store of exactly those tasks, built here in memory.
 */
async function storeOf(tasks: TaskRecord[]): Promise<TaskStore> {
  const area = memoryArea();
  const files = new TaskFiles(area, silentLogger, Date.now);
  for (const task of tasks) await files.write(task, 1, 'bench', 'missing');
  const store = new TaskStore(area, { maxHistory: () => 10_000, watch: false, pageSize: 10_000 });
  await store.open();
  return store;
}

/** A status change of one task (a running task finishing), until its file is on disk; the task is removed afterwards. */
async function timedWrites(api: AitreApi, count: number): Promise<Summary> {
  const store = api.store;
  const times: number[] = [];
  const done = store.all().find((t) => t.status === 'SUCCESS')!;
  for (let i = 0; i < count; i++) {
    const id = `17999999999999${String(i).padStart(2, '0')}`;
    const base: MjTask = { ...done, id, status: 'IN_PROGRESS', progress: 50, finishTime: null };
    store.upsert(base, { untracked: true });
    await store.saved(id);
    const t = performance.now();
    store.upsert({ ...base, status: 'SUCCESS', progress: 100, finishTime: Date.now() });
    await store.saved(id);
    times.push(performance.now() - t);
    store.remove([id]);
  }
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
