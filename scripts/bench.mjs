// `npm run bench`: builds, measures, writes docs/benchmarks.md and prints it. One run, ~2 minutes
// on 2 cores. Comparisons are ratios within the run; nothing here asserts a wall-clock limit.
//
//   node scripts/bench.mjs [--no-host] [--no-build] [--no-write]
//     --no-host   skip the extension-host part (code-server + headless chromium); the table then
//                 has the Node numbers only. Also: BENCH_HOST=0.
//     --no-build  reuse dist/ and out/ as they are (development of the bench itself)
//     --no-write  print the table, leave docs/benchmarks.md alone
//   env: VERBOSE=1 (code-server and extension-host output), CODE_SERVER_ENTRY, CHROMIUM
//
// Steps:
//   1. node esbuild.mjs --tests       out/scripts/bench.js, out/test/bench/*.js (and a dev dist/)
//   2. node esbuild.mjs --production  the shipped dist/extension.js and dist/webview.js: sizes
//   3. node out/scripts/bench.js      Node part: tracker vs naive per-task polling against the
//                                     simulator, 5,000-task history in Node (one file per task),
//                                     store writes per change, two windows with one poller
//   4. extension-host part            code-server with out/test/bench/index.js as the tests module
//                                     (never part of the integration run), page reloaded between
//                                     steps: activation time and tree refresh in the real host
//   5. docs/benchmarks.md
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import util from 'node:util';
import zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
process.chdir(repo);
const argv = process.argv.slice(2);
const withHost = !argv.includes('--no-host') && process.env.BENCH_HOST !== '0';
const build = !argv.includes('--no-build');
const write = !argv.includes('--no-write');
const log = (...a) => console.log('[bench]', ...a);
const t0 = Date.now();
const loadAtStart = os.loadavg()[0];

const HOST_PLAN = ['empty', 'empty', 'empty', 'empty', 'seed', 'history', 'history', 'history', 'history', 'tree'];
/** The seed step writes 5,000 task files one by one through workspace.fs. */
const HOST_STEP_TIMEOUT_MS = 300_000;

function run(cmd, args) {
  log(`$ ${[cmd, ...args].join(' ')}`);
  const r = spawnSync(cmd, args, { cwd: repo, stdio: 'inherit' });
  if (r.status !== 0) {
    console.error(`[bench] ${[cmd, ...args].join(' ')} failed (exit ${r.status ?? r.signal})`);
    process.exit(1);
  }
}

const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'aitre-bench-'));
process.on('exit', () => fs.rmSync(scratch, { recursive: true, force: true }));

// 1-2. Builds (production last, so dist/ is what ships when it is measured and loaded).
if (build) {
  run(process.execPath, ['esbuild.mjs', '--tests']);
  run(process.execPath, ['esbuild.mjs', '--production']);
}
const bundles = ['dist/extension.js', 'dist/webview.js'].map((file) => {
  const bytes = fs.readFileSync(path.join(repo, file));
  return { file, bytes: bytes.length, gzip: zlib.gzipSync(bytes, { level: 9 }).length };
});

// 3. Node part.
const nodeJson = path.join(scratch, 'node.json');
run(process.execPath, ['--enable-source-maps', 'out/scripts/bench.js', '--out', nodeJson]);
const nodeResults = JSON.parse(fs.readFileSync(nodeJson, 'utf8'));

// 4. Extension-host part.
let host = { skipped: 'not run (--no-host)' };
if (withHost) {
  try {
    host = await runHost();
  } catch (error) {
    host = { skipped: `failed: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}` };
    log('extension-host part', host.skipped);
  }
}

// 5. The report.
const markdown = report({ nodeResults, host, bundles });
if (write) {
  fs.mkdirSync(path.join(repo, 'docs'), { recursive: true });
  fs.writeFileSync(path.join(repo, 'docs', 'benchmarks.md'), markdown);
}
console.log(`\n${markdown}`);
log(`${write ? 'wrote docs/benchmarks.md; ' : ''}total ${((Date.now() - t0) / 1000).toFixed(1)} s`);

// ---------------------------------------------------------------------------------------------

async function runHost() {
  const { launchChromium, resolveEntry, startCodeServer } = await import('./lib/code-server.mjs');
  const entry = resolveEntry(repo);
  if (!fs.existsSync(entry)) return { skipped: `code-server missing (${path.relative(repo, entry)}; run bash scripts/install-code-server.sh)` };
  const chromium = process.env.CHROMIUM ?? '/usr/bin/chromium';
  if (!fs.existsSync(chromium)) return { skipped: `chromium missing (${chromium}; run bash scripts/system-deps.sh)` };
  const testsPath = path.join(repo, 'out', 'test', 'bench', 'index.js');
  if (!fs.existsSync(testsPath)) throw new Error('out/test/bench/index.js missing (node esbuild.mjs --tests)');

  // The extension as a development extension, from a folder whose manifest lacks
  // "onStartupFinished": the extension stays inactive until the bench activates it, so
  // activate() can be timed without racing the workbench. Same dist/ and media/ (symlinks).
  const extDir = path.join(scratch, 'extension');
  fs.mkdirSync(extDir);
  const manifest = JSON.parse(fs.readFileSync(path.join(repo, 'package.json'), 'utf8'));
  manifest.activationEvents = (manifest.activationEvents ?? []).filter((e) => e !== 'onStartupFinished');
  fs.writeFileSync(path.join(extDir, 'package.json'), JSON.stringify(manifest, null, 2));
  for (const dir of ['dist', 'media', 'l10n']) fs.symlinkSync(path.join(repo, dir), path.join(extDir, dir), 'dir');
  for (const file of fs.readdirSync(repo).filter((f) => /^package\.nls(\.[\w-]+)?\.json$/.test(f))) fs.symlinkSync(path.join(repo, file), path.join(extDir, file));
  const outFile = path.join(scratch, 'host.json');

  log(`extension-host part: code-server + headless chromium, steps ${HOST_PLAN.join(', ')}`);
  let server;
  let browser;
  try {
    server = await startCodeServer({
      entry,
      devExtensionPath: extDir,
      testsPath,
      // 5,000 tasks need a history limit above them (the default is 500).
      userSettings: { 'aitre.historyLimit': 10_000 },
      env: { AITRE_BENCH_OUT: outFile, AITRE_BENCH_PLAN: HOST_PLAN.join(',') },
    });
    browser = await launchChromium();
    const { page } = browser;
    let settle = () => {};
    await page.exposeFunction('codeAutomationExit', (code) => settle(Number(code)));
    await page.exposeFunction('codeAutomationLog', (_level, args) => {
      if (process.env.VERBOSE) console.log('  [host]', util.format(...(Array.isArray(args) ? args : [args])));
    });
    for (let i = 0; i < HOST_PLAN.length; i++) {
      const started = Date.now();
      const exited = new Promise((resolve) => { settle = resolve; });
      let timer;
      const timeout = new Promise((resolve) => { timer = setTimeout(() => resolve('timeout'), HOST_STEP_TIMEOUT_MS); });
      if (i === 0) await page.goto(server.workbenchUrl);
      else await page.reload();
      const code = await Promise.race([exited, timeout]);
      clearTimeout(timer);
      if (code === 'timeout') throw new Error(`host step ${i + 1} (${HOST_PLAN[i]}) timed out`);
      const steps = fs.existsSync(outFile) ? JSON.parse(fs.readFileSync(outFile, 'utf8')).steps : [];
      const last = steps[i];
      if (!last) throw new Error(`host step ${i + 1} (${HOST_PLAN[i]}) wrote no result (exit ${code})`);
      if (last.error) throw new Error(`host step ${i + 1} (${HOST_PLAN[i]}): ${last.error}`);
      log(`host step ${i + 1}/${HOST_PLAN.length} ${HOST_PLAN[i]}: activation ${fmt(last.activationMs)} ms, ${last.storeSizeAfterActivation} task(s) loaded` +
        `${last.tree ? `, tree ${last.tree.rows} rows ${fmt(last.tree.ms.median)} ms` : ''} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
    }
    return { steps: JSON.parse(fs.readFileSync(outFile, 'utf8')).steps };
  } finally {
    if (browser) await browser.close();
    if (server) await server.stop();
  }
}

// ---------------------------------------------------------------------------------------------
// Formatting

function fmt(value, digits = 0) {
  if (value === undefined || value === null || Number.isNaN(value)) return '–';
  return Number(value).toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}
function ms(value) {
  return value === undefined || value === null || Number.isNaN(value) ? '–' : value < 10 ? fmt(value, 1) : fmt(value);
}
function kb(bytes) { return `${fmt(bytes / 1024, 1)} KiB`; }
function mb(bytes) { return `${fmt(bytes / 1e6, 2)} MB`; }
function median(values) {
  const s = values.filter((v) => typeof v === 'number').sort((a, b) => a - b);
  return s.length ? s[Math.floor((s.length - 1) / 2)] : undefined;
}
function ratio(a, b) { return a && b ? `${fmt(a / b, a / b < 10 ? 1 : 0)}×` : '–'; }

function machine() {
  let nproc = String(os.availableParallelism?.() ?? os.cpus().length);
  try { nproc = execFileSync('nproc', { encoding: 'utf8' }).trim(); } catch { /* not on PATH */ }
  const cpu = os.cpus()[0]?.model?.replace(/\s+/g, ' ').trim() ?? 'unknown CPU';
  return { nproc, cpu, node: process.version, os: `${os.type()} ${os.release()}`, memGb: Math.round(os.totalmem() / 2 ** 30) };
}

function report({ nodeResults, host, bundles }) {
  const m = machine();
  const interval = nodeResults.pollIntervalMs;
  const speed = nodeResults.taskSpeed;
  const taskSeconds = (speed.syncDelayMs + speed.submittedMs + speed.runMs) / 1000;
  const steps = host.steps ?? [];
  const vscodeVersion = steps[0]?.vscodeVersion;
  const H = vscodeVersion ? `extension host (VS Code ${vscodeVersion}, code-server)` : 'extension host';
  const lines = [];
  const push = (...l) => lines.push(...l);
  const load = `1-min load average ${fmt(loadAtStart, 1)} at the start, ${fmt(os.loadavg()[0], 1)} at the end`;
  const perTask = (v) => fmt(v, v < 1 ? 2 : 1);
  const range = (s) => (s ? `${ms(s.median)} ms (min ${ms(s.min)}, max ${ms(s.max)})` : '–');

  push('# Benchmarks', '');
  push(`Generated by \`npm run bench\` on ${new Date().toISOString().slice(0, 10)} · \`nproc\` ${m.nproc} (${m.cpu}, ${m.memGb} GiB) · Node ${m.node} · ${m.os}` +
    `${vscodeVersion ? ` · VS Code ${vscodeVersion} (code-server, headless chromium)` : ''} · ${load} · whole run ${fmt((Date.now() - t0) / 1000)} s.`, '');
  push('## How to read this', '');
  push(`Everything ran in one \`npm run bench\`, offline, against the gateway simulator on 127.0.0.1 (test/simulator). ` +
    `Request counts do not depend on the machine; times do, and also on what else it was doing (a load average above \`nproc\` means other work competed for the CPUs). ` +
    `So compare numbers **within** this file (the ratios), not with other machines, and read a single time as "about". ` +
    `The **Where** column says which host produced a number: *Node* is plain Node running the extension's own classes (the tree provider with a stub \`vscode\` module); ` +
    `*${H}* is the real extension host running the production bundle. ` +
    `"Tracker" is the extension's poller (src/core/tasks/tracker.ts: one \`POST /mj/task/list-by-condition\` per tick for all running tasks); ` +
    `"naive" is \`NaivePerTaskPoller\` in scripts/bench.ts, a baseline written only for this comparison (one timer and one \`GET /mj/task/{id}/fetch\` per task per interval). ` +
    `Both poll every ${interval} ms (each next poll ${interval} ms after the previous answer), with the same number of tasks at the same simulator speed ` +
    `(~${fmt(taskSeconds)} s per task: ${speed.syncDelayMs} ms before the gateway's first sync, ${speed.submittedMs} ms queued, ${speed.runMs} ms of progress in ${speed.progressSteps} steps). ` +
    `"Within one tick" means the store showed SUCCESS from the answer to the first poll that reached the gateway after the task finished; ` +
    `the delay itself is then at most one poll period plus one round trip, and where it falls inside that is luck of phase between the poll timer and the task's end.`, '');

  // 1. Polling
  push('## 1. Polling running MidJourney tasks', '');
  push(`Where: Node, simulator on 127.0.0.1. Interval ${interval} ms.`, '');
  push(`| Tasks running | Poller | Poll requests | Per finished task | Naive ÷ tracker | Requests per tick | Requests per ${interval} ms (mean / max) | Poll period at the gateway, ms (median / max) | Poll round trip, ms (median / max) | Gateway finish → store shows SUCCESS, ms (median / p95 / max) | Within one tick |`);
  push('|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---|');
  for (const n of [...new Set(nodeResults.polling.map((p) => p.tasks))]) {
    const tracker = nodeResults.polling.find((p) => p.tasks === n && p.poller === 'tracker');
    for (const p of nodeResults.polling.filter((x) => x.tasks === n)) {
      const perTick = p.requestsPerTick
        ? `${p.requestsPerTick.min === p.requestsPerTick.max ? fmt(p.requestsPerTick.max) : `${fmt(p.requestsPerTick.min)}–${fmt(p.requestsPerTick.max)}`} (${p.ticks} ticks)`
        : `${fmt(n)} (one per task)`;
      const within = p.lateTasks === 0 ? `yes, ${p.tasks}/${p.tasks}` : `**no: ${p.lateTasks} of ${p.tasks} later**`;
      push(`| ${n} | ${p.poller} | ${fmt(p.pollRequests)} | ${perTask(p.pollRequestsPerTask)} | ${p.poller === 'naive' ? ratio(p.pollRequests, tracker?.pollRequests) : ''} | ${perTick} | ` +
        `${fmt(p.requestsPerInterval.mean, 1)} / ${fmt(p.requestsPerInterval.max)} | ${ms(p.pollPeriodMs.median)} / ${ms(p.pollPeriodMs.max)} | ${ms(p.pollCallMs.median)} / ${ms(p.pollCallMs.max)} | ` +
        `${ms(p.delayMs.median)} / ${ms(p.delayMs.p95)} / ${ms(p.delayMs.max)} | ${within} |`);
    }
  }
  push('');
  const trackers = nodeResults.polling.filter((p) => p.poller === 'tracker');
  const oneEach = trackers.every((p) => p.requestsPerTick?.max === 1);
  const inTime = trackers.every((p) => p.lateTasks === 0);
  const unfinished = nodeResults.polling.filter((p) => p.finished !== p.tasks);
  push(`Targets for the tracker: one request per tick whatever N — **${oneEach ? 'met' : 'missed'}** (most in one tick: ${trackers.map((p) => `${p.requestsPerTick?.max} at N=${p.tasks}`).join(', ')}). ` +
    `SUCCESS within one tick of the gateway finishing — **${inTime ? 'met' : 'missed'}** (${trackers.map((p) => `${p.tasks - p.lateTasks}/${p.tasks} at N=${p.tasks}`).join(', ')}; worst delay ${trackers.map((p) => `${ms(p.delayMs.max)} ms at N=${p.tasks}`).join(', ')}).` +
    `${unfinished.length ? ` Unfinished tasks: ${unfinished.map((p) => `${p.poller} N=${p.tasks}: ${p.finished}/${p.tasks}`).join(', ')}.` : ''}`, '');

  // 2. Activation and tree
  push('## 2. Activation and the Tasks tree with a 5,000-task history', '');
  const hist = nodeResults.history;
  const h5000 = hist.find((h) => h.tasks === 5000) ?? hist[hist.length - 1];
  const h500 = hist.find((h) => h.tasks === 500);
  push('The history is one file per task under globalStorage (docs/task-store.md). Activation reads the running tasks and lists the folders; the newest 200 finished tasks are read right after (`store.ready`), the rest only when the tree asks ("Show older tasks"), a filter or an export. ' +
    'A full tree refresh = what the Tasks view asks of `TaskTreeProvider` when it redraws everything: `getChildren()` of the root, `getTreeItem()` for every row, `getChildren()` again for every row that starts expanded (day headings, tasks with button children); the first walk builds every item, later refreshes reuse the items of unchanged tasks and build tooltips only on hover. ' +
    `The history (test/bench/history.ts) is ${fmt(h5000.tasks)} finished tasks, half an hour apart: ${fmt(h5000.tree.topLevel)} top-level tasks, ${fmt(h5000.tasks - h5000.tree.topLevel)} upscale children; grouped by day that is ${fmt(h5000.treeByDay.topLevel)} day headings. ` +
    'Tree refresh times are medians of 11 refreshes after the first walk. `aitre.historyLimit` is 10,000 for this (default 500). ' +
    'Activation is the `activate()` round trip of the not-yet-active extension, timed in the extension host (the bench loads it from a copy of the manifest without `onStartupFinished`, so nothing activates it first); the page is reloaded between samples, so each is a fresh extension host.', '');
  push('| Measurement | Where | Result |', '|---|---|---:|');
  const hostSkipped = host.skipped ? `not measured: ${host.skipped}` : undefined;
  const acts = (names) => steps.filter((s) => names.includes(s.step)).map((s) => s.activationMs).filter((v) => typeof v === 'number');
  const emptyActs = acts(['empty', 'seed']);
  const histActs = acts(['history', 'tree']);
  const histSteps = steps.filter((s) => ['history', 'tree'].includes(s.step));
  const loadedSizes = [...new Set(histSteps.map((s) => s.loadedAfterActivation))];
  const readyMs = median(histSteps.map((s) => s.readyMs));
  const seed = steps.find((s) => s.step === 'seed');
  const treeStep = steps.find((s) => s.step === 'tree');
  const activationRatio = emptyActs.length && histActs.length ? median(histActs) / median(emptyActs) : undefined;
  if (hostSkipped) {
    push(`| Activation | extension host | ${hostSkipped} |`);
  } else {
    push(`| Activation, empty history (median of ${emptyActs.length}: ${emptyActs.map((v) => ms(v)).join(', ')} ms) | ${H} | ${ms(median(emptyActs))} ms |`);
    push(`| Activation, 5,000 task files on disk (median of ${histActs.length}: ${histActs.map((v) => ms(v)).join(', ')} ms; tasks read when activate() returned: ${loadedSizes.join(', ')}, none of them running) | ${H} | ${ms(median(histActs))} ms (**${ratio(median(histActs), median(emptyActs))}** the empty one) |`);
    push(`| … then the newest page read (\`store.ready\`: ${fmt(median(histSteps.map((s) => s.loadedWhenReady)))} tasks in memory), after activate() returned | ${H} | ${ms(readyMs)} ms |`);
  }
  push(`| \`TaskStore.open()\` of 5,000 task files, as the extension calls it (returns after the listing and the running tasks) | Node | ${ms(h5000.openBackgroundMs.median)} ms (empty folder: ${ms(h5000.openEmptyMs.median)} ms) |`);
  push(`| \`TaskStore.open()\` of 5,000 task files until the newest page is in (${fmt(h5000.readAtOpen)} files read) | Node | ${ms(h5000.openMs.median)} ms |`);
  push(`| \`loadAll()\`: the other ${fmt(h5000.tasks - 200)} files read (a filter or an export) | Node | ${ms(h5000.loadAllMs.median)} ms |`);
  push(`| Tree as it starts: ${fmt(h5000.treeAtStart.rows)} rows (newest page + "Show older tasks") | Node (\`vscode\` stubbed) | first ${ms(h5000.treeAtStart.firstMs)} ms, refresh ${range(h5000.treeAtStart.ms)} |`);
  push(`| **Full tree refresh, flat, ${fmt(h5000.tree.rows)} rows** (all loaded) | Node (\`vscode\` stubbed) | **${range(h5000.tree.ms)}**; first walk ${ms(h5000.tree.firstMs)} ms |`);
  push(`| Full tree refresh, grouped by day, ${fmt(h5000.treeByDay.rows)} rows | Node (\`vscode\` stubbed) | ${range(h5000.treeByDay.ms)}; first walk ${ms(h5000.treeByDay.firstMs)} ms |`);
  if (h500) push(`| Full tree refresh, flat, ${fmt(h500.tree.rows)} rows (500 tasks, the default history limit) | Node (\`vscode\` stubbed) | ${range(h500.tree.ms)}; first walk ${ms(h500.tree.firstMs)} ms |`);
  if (!hostSkipped) {
    push(`| Full tree refresh, flat, ${fmt(seed?.tree?.rows)} rows (store filled through the test probe's \`store\`) | ${H} | ${range(seed?.tree?.ms)}; first walk ${ms(seed?.tree?.firstMs)} ms |`);
    push(`| Full tree refresh, grouped by day, ${fmt(seed?.treeByDay?.rows)} rows | ${H} | ${range(seed?.treeByDay?.ms)} |`);
    push(`| Tree as it starts after a window reload: ${fmt(treeStep?.treeAtStart?.rows)} rows | ${H} | ${range(treeStep?.treeAtStart?.ms)} |`);
    push(`| \`loadAll()\` after a window reload (${fmt((treeStep?.storeSizeAfterActivation ?? 0) - (treeStep?.loadedWhenReady ?? 0))} files) | ${H} | ${ms(treeStep?.loadAllMs)} ms |`);
    push(`| Full tree refresh, flat, ${fmt(treeStep?.tree?.rows)} rows, after a window reload and \`loadAll()\` | ${H} | ${range(treeStep?.tree?.ms)} |`);
    if (seed) {
      push(`| Adding the 5,000 tasks one by one (\`store.upsert\`, one file each through workspace.fs, until \`flush()\`) | ${H} | ${ms((seed.seedUpsertsMs ?? 0) + (seed.flushMs ?? 0))} ms (${ms(((seed.seedUpsertsMs ?? 0) + (seed.flushMs ?? 0)) / 5000)} ms per task) |`);
      push(`| One progress change of one task with 5,000 in history (\`store.upsert\` and its listeners), median of ${seed.progressChangeMs?.n} | ${H} | ${ms(seed.progressChangeMs?.median)} ms (max ${ms(seed.progressChangeMs?.max)}) |`);
    }
  }
  push('');

  // 3. Size and store writes
  push('## 3. Bundle size and task-store writes', '');
  push('| Measurement | Where | Result |', '|---|---|---:|');
  for (const b of bundles) push(`| \`${b.file}\` (\`node esbuild.mjs --production\`) | file | ${kb(b.bytes)} (${fmt(b.bytes)} B; gzip -9: ${kb(b.gzip)}) |`);
  push(`| History on disk, 5,000 tasks (one file each) | Node | ${mb(h5000.fileBytes)} (${fmt(h5000.fileBytes / h5000.tasks / 1024, 1)} KiB per task; ${fmt(100 * (1 - h5000.fileBytesWithoutButtons / h5000.fileBytes))} % of it the tasks' buttons) |`);
  for (const w of nodeResults.storeWrites) {
    push(`| **One status change** (IN_PROGRESS → SUCCESS with nine buttons), ${fmt(w.historyTasks)} finished tasks in the folder | Node | **${fmt(w.statusChangeBytes)} B** in ${w.statusChangeFiles} file; upsert → on disk ${ms(w.statusChangeMs.median)} ms |`);
    push(`| One progress tick of ${w.runningTasks} running tasks, ${fmt(w.historyTasks)} in history | Node | ${fmt(w.progressTickBytes)} B in ${w.progressTickFiles} files |`);
  }
  if (!hostSkipped) {
    push(`| One status change with 5,000 tasks in history: \`upsert()\` until \`saved()\` (its file on disk through workspace.fs), median of ${treeStep?.writeMs?.n ?? 0} | ${H} | ${ms(treeStep?.writeMs?.median)} ms (max ${ms(treeStep?.writeMs?.max)}) |`);
  }
  push('');
  push('Each change writes only the task that changed (compare-and-write: read its file, apply the change, write it with the next rev; docs/task-store.md), at once; the bytes do not depend on how many tasks the history holds.', '');

  // 4. Two windows
  push('## 4. Two windows on one profile', '');
  push(`Where: Node, simulator on 127.0.0.1. Two task stores and two trackers over one folder (two windows), ${fmt(nodeResults.twoWindows[0]?.tasks)} tasks (half submitted in each), interval ${interval} ms. With the lease only the holder polls; without it (before this store) each window polled what it knew.`, '');
  push(`| Poller lease | Poll requests | Requests per tick | Requests per ${interval} ms (mean / max) | Windows that polled | Tasks finished |`, '|---|---:|---:|---:|---:|---:|');
  for (const w of nodeResults.twoWindows) {
    const perTick = w.requestsPerTick.min === w.requestsPerTick.max ? fmt(w.requestsPerTick.max) : `${fmt(w.requestsPerTick.min)}–${fmt(w.requestsPerTick.max)}`;
    push(`| ${w.lease ? 'yes (the extension)' : 'no (baseline)'} | ${fmt(w.listRequests)} | ${perTick} | ${fmt(w.requestsPerInterval.mean, 1)} / ${fmt(w.requestsPerInterval.max)} | ${w.pollingWindows} | ${w.finished}/${w.tasks} |`);
  }
  push('');

  // Targets
  const withLease = nodeResults.twoWindows.find((w) => w.lease);
  const writes = nodeResults.storeWrites;
  const sameBytes = writes.length >= 2 && writes.every((w) => w.statusChangeBytes === writes[0].statusChangeBytes);
  const targets = [
    ['Activation with 5,000 tasks ÷ activation with none', '≤ 1.2×', activationRatio === undefined ? 'not measured' : `${fmt(activationRatio, 2)}×`, activationRatio !== undefined && activationRatio <= 1.2],
    ['Bytes written per status change, 5,000 vs 50 in history', 'independent of history size', writes.map((w) => `${fmt(w.statusChangeBytes)} B with ${fmt(w.historyTasks)}`).join(' vs '), sameBytes],
    ['Gateway requests per tick, two windows', '1', withLease ? (withLease.requestsPerTick.max === withLease.requestsPerTick.min ? fmt(withLease.requestsPerTick.max) : `${fmt(withLease.requestsPerTick.min)}–${fmt(withLease.requestsPerTick.max)}`) : '–', withLease?.requestsPerTick.max === 1 && withLease?.requestsPerInterval.max === 1],
    ['5,000-row tree refresh (Node row)', '< 30 ms', `${ms(h5000.tree.ms.median)} ms`, h5000.tree.ms.median < 30],
  ];
  push('## Targets (issue 12)', '');
  push('| Target | Goal | Measured | |', '|---|---|---:|---|');
  for (const [what, goal, got, ok] of targets) push(`| ${what} | ${goal} | ${got} | ${ok ? 'met' : '**missed**'} |`);
  push('');
  return lines.join('\n');
}
