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
//                                     simulator, 5,000-task history in Node, store writes
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

const HOST_PLAN = ['empty', 'empty', 'seed', 'history', 'history', 'tree'];
const HOST_STEP_TIMEOUT_MS = 90_000;

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
  for (const dir of ['dist', 'media']) fs.symlinkSync(path.join(repo, dir), path.join(extDir, dir), 'dir');
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
  push('A full tree refresh = what the Tasks view asks of `TaskTreeProvider` when it redraws everything: `getChildren()` of the root, `getTreeItem()` for every row, `getChildren()` again for every row that starts expanded (day headings, tasks with button children). ' +
    `The history (test/bench/history.ts) is ${fmt(h5000.tasks)} finished tasks, half an hour apart: ${fmt(h5000.tree.topLevel)} top-level tasks, ${fmt(h5000.tasks - h5000.tree.topLevel)} upscale children; ` +
    `grouped by day that is ${fmt(h5000.treeByDay.topLevel)} day headings. Tree times are medians of 5 walks after a warm-up walk. ` +
    `\`aitre.historyLimit\` was raised to 10,000 for this (its default is 500). ` +
    `The first two host tree rows are timed right after adding the tasks through \`upsert\` in the running host, the "after a window reload" rows on the store as activation loads it (the usual state). ` +
    `Activation is the \`activate()\` round trip, timed in the extension host, of the not-yet-active extension (the bench loads it from a copy of the manifest without \`onStartupFinished\`, so nothing activates it first); the page is reloaded between samples, so each is a fresh extension host.`, '');
  push('| Measurement | Where | Result |', '|---|---|---:|');
  const hostSkipped = host.skipped ? `not measured: ${host.skipped}` : undefined;
  const acts = (names) => steps.filter((s) => names.includes(s.step)).map((s) => s.activationMs).filter((v) => typeof v === 'number');
  const emptyActs = acts(['empty', 'seed']);
  const histActs = acts(['history', 'tree']);
  const histSteps = steps.filter((s) => ['history', 'tree'].includes(s.step));
  const loadedSizes = [...new Set(histSteps.map((s) => s.storeSizeAfterActivation))];
  const hostLoad = median(histSteps.map((s) => s.loadInHostMs?.median));
  const seed = steps.find((s) => s.step === 'seed');
  const reloaded = steps.find((s) => s.step === 'tree');
  if (hostSkipped) {
    push(`| Activation | extension host | ${hostSkipped} |`);
  } else {
    push(`| Activation, empty history (median of ${emptyActs.length}: ${emptyActs.map((v) => ms(v)).join(', ')} ms) | ${H} | ${ms(median(emptyActs))} ms |`);
    push(`| Activation, 5,000 tasks saved in globalState (median of ${histActs.length}: ${histActs.map((v) => ms(v)).join(', ')} ms; tasks loaded: ${loadedSizes.join('/')}) | ${H} | ${ms(median(histActs))} ms (${ratio(median(histActs), median(emptyActs))} the empty one) |`);
    push(`| … of which \`TaskStore.load()\` of those 5,000 tasks (timed separately in the same host, from memory) | ${H} | ${ms(hostLoad)} ms |`);
  }
  push(`| \`TaskStore.load()\` of 5,000 saved tasks | Node | ${ms(h5000.storeLoadMs.median)} ms |`);
  if (!hostSkipped) {
    push(`| Full tree refresh, flat, ${fmt(seed?.tree?.rows)} rows (store filled through the test probe's \`store\`) | ${H} | ${range(seed?.tree?.ms)} |`);
    push(`| Full tree refresh, grouped by day, ${fmt(seed?.treeByDay?.rows)} rows | ${H} | ${range(seed?.treeByDay?.ms)} |`);
    push(`| Full tree refresh, flat, ${fmt(reloaded?.tree?.rows)} rows, after a window reload (store loaded from globalState) | ${H} | ${range(reloaded?.tree?.ms)} |`);
    push(`| Full tree refresh, grouped by day, ${fmt(reloaded?.treeByDay?.rows)} rows, after a window reload | ${H} | ${range(reloaded?.treeByDay?.ms)} |`);
  } else {
    push(`| Full tree refresh, 5,000 tasks | extension host | ${hostSkipped} |`);
  }
  push(`| Full tree refresh, flat, ${fmt(h5000.tree.rows)} rows | Node (\`vscode\` stubbed) | ${range(h5000.tree.ms)} |`);
  push(`| Full tree refresh, grouped by day, ${fmt(h5000.treeByDay.rows)} rows | Node (\`vscode\` stubbed) | ${range(h5000.treeByDay.ms)} |`);
  if (h500) {
    push(`| Full tree refresh, flat, ${fmt(h500.tree.rows)} rows (500 tasks, the default history limit) | Node (\`vscode\` stubbed) | ${range(h500.tree.ms)}; 10× the tasks cost ${ratio(h5000.tree.ms.median, h500.tree.ms.median)} the time |`);
  }
  if (!hostSkipped && seed) {
    push(`| Adding the 5,000 tasks one by one (\`store.upsert\`; each runs the extension's change listeners: tree event, running-tasks badge) | ${H} | ${ms(seed.seedUpsertsMs)} ms (${ms(seed.seedUpsertsMs / 5000)} ms per task on average) |`);
    push(`| One progress change of one task with 5,000 in history (\`store.upsert\` and its listeners), median of ${seed.progressChangeMs?.n} | ${H} | ${ms(seed.progressChangeMs?.median)} ms (max ${ms(seed.progressChangeMs?.max)}) |`);
  }
  push('');
  if (!hostSkipped && histActs.length && emptyActs.length) {
    push(`Activation with the history takes ${ms(median(histActs) - median(emptyActs))} ms longer than without, of which \`TaskStore.load()\` is ${ms(hostLoad)} ms: ` +
      'the rest is spent before the extension\'s own code sees the tasks, while VS Code hands the extension its `globalState` (the whole saved history, size in section 3) ahead of calling `activate()`.', '');
  }

  // 3. Size and store writes
  push('## 3. Bundle size and task-store writes', '');
  push('| Measurement | Where | Result |', '|---|---|---:|');
  for (const b of bundles) push(`| \`${b.file}\` (\`node esbuild.mjs --production\`) | file | ${kb(b.bytes)} (${fmt(b.bytes)} B; gzip -9: ${kb(b.gzip)}) |`);
  push(`| Saved history, 5,000 tasks (\`{ version, tasks }\` as JSON) | Node | ${mb(h5000.savedBytes)} (${fmt(h5000.savedBytes / h5000.tasks / 1024, 1)} KiB per task; ${fmt(100 * (1 - h5000.savedBytesWithoutButtons / h5000.savedBytes))} % of it the tasks' buttons) |`);
  for (const w of nodeResults.storeWrites) {
    const defaultNote = w.intervalMs === 5000 ? ' (the default `aitre.pollIntervalSeconds`)' : '';
    push(`| Store writes: ${fmt(w.historyTasks)}-task history + ${w.runningTasks} running tasks, ${w.ticks} progress ticks ${fmt(w.intervalMs / 1000, w.intervalMs < 1000 ? 2 : 0)} s apart${defaultNote} = ${fmt(w.upserts)} upserts; writes: status changes within ${w.saveDelayMs} ms, progress-only changes at most every 30 s | Node (virtual time) | **${fmt(w.writes)} writes** × ${mb(w.bytesPerWrite)} = ${mb(w.writes * w.bytesPerWrite)} serialised; ${ms(w.writeCostMs.median)} ms CPU per write in Node |`);
  }
  if (!hostSkipped) {
    push(`| One write of the 5,000-task history: \`store.flush()\` → \`globalState.update\` until it resolves (median of ${reloaded?.writeMs?.n ?? 0}) | ${H} | ${ms(reloaded?.writeMs?.median)} ms (max ${ms(reloaded?.writeMs?.max)}) |`);
  }
  push('');
  push(`Each write stores the whole history (\`TaskStore\` writes a snapshot of \`all()\`), so the store writes rarely: a new task or a status change is saved within ${nodeResults.storeWrites[0]?.saveDelayMs} ms, while progress-only changes (46% → 85%) wait up to 30 s and are merged, since after a reload the tracker asks the gateway again anyway.`, '');
  return lines.join('\n');
}
