// `npm test`: the whole test chain, usable on a FRESH machine (Debian, Node 20, npm registry + apt).
//
//   node scripts/test.mjs                      all stages
//   node scripts/test.mjs --only unit          deps + build + that stage (unit | browser | integration | e2e | package)
//
// Stages, in order, each timed with its output streamed:
//   deps         npm ci                                  (only if node_modules is missing)
//   system-deps  bash scripts/system-deps.sh             (only if chromium is missing)
//   code-server  bash scripts/install-code-server.sh     (only if code-server is missing)
//   build        node esbuild.mjs --tests
//   typecheck    tsc -p .  and  tsc -p webview           (webview skipped while it has no .ts files)
//   lint         eslint .  and  node scripts/check-cycles.mjs (type-aware rules; no import cycles)
//   unit         mocha --ui tdd out/test/unit/**/*.test.js
//   browser      mocha out/test/browser/**/*.spec.js        (webview modules in headless chromium)
//   integration  node scripts/run-integration.mjs        (mocha inside the real VS Code extension host)
//   e2e          node scripts/run-e2e.mjs                (Playwright against the real workbench)
//   package      mocha out/test/package/*.test.js        (runs the real `npm run package`, checks the .vsix;
//                                                         last, because it leaves production bundles in dist/)
// Stops at the first failing stage (a line "✖ stage <name> FAILED ..."). The very last line is
// always "N passed, N failed": the sum of mocha's "N passing"/"N failing" over the stages run; a
// stage that fails without a mocha "failing" count (build, typecheck, crash, timeout) counts as 1
// failed.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
process.chdir(repo);
const argv = process.argv.slice(2);
const onlyIdx = argv.indexOf('--only');
const only = onlyIdx >= 0 ? argv[onlyIdx + 1] : undefined;
const TEST_STAGES = ['unit', 'browser', 'integration', 'e2e', 'package'];
if (onlyIdx >= 0 && !TEST_STAGES.includes(only ?? '')) {
  console.error(`usage: node scripts/test.mjs [--only ${TEST_STAGES.join('|')}]`);
  process.exit(2);
}
const wants = (stage) => !only || only === stage;
const needsWorkbench = !only || only === 'browser' || only === 'integration' || only === 'e2e';

const bin = (name) => {
  const local = path.join(repo, 'node_modules', '.bin', name);
  return fs.existsSync(local) ? [local] : ['npx', '--no-install', name];
};
const chromiumPath = process.env.CHROMIUM ?? '/usr/bin/chromium';
const codeServerEntry = process.env.CODE_SERVER_ENTRY
  ?? path.join(repo, '.vscode-test', 'code-server-4.100.3', 'node_modules', 'code-server', 'out', 'node', 'entry.js');
const listFiles = (dir, pred) => (fs.existsSync(dir)
  ? fs.readdirSync(dir, { recursive: true }).map(String).filter(pred) : []);

let passed = 0;
let failed = 0;
const timings = [];
let current; // running child

function stripAnsi(s) {
  // eslint-disable-next-line no-control-regex
  return s.replace(/\u001b\[[0-9;?]*[A-Za-z]/g, '');
}

/** Run a command, streaming its output; returns { code, passing, failing } parsed from mocha lines. */
function exec(cmd, args, opts = {}) {
  return new Promise((resolve) => {
    console.log(`$ ${[cmd, ...args].map((a) => (/\s/.test(a) ? JSON.stringify(a) : a)).join(' ')}`);
    const child = spawn(cmd, args, { cwd: repo, stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, ...(opts.env ?? {}) } });
    current = child;
    let passing = 0;
    let failing = 0;
    let sawCounts = false;
    let buf = '';
    const scan = (line) => {
      const clean = stripAnsi(line);
      let m = /^\s*(\d+) passing\b/.exec(clean);
      if (m) { passing += Number(m[1]); sawCounts = true; }
      m = /^\s*(\d+) failing\b/.exec(clean);
      if (m) { failing += Number(m[1]); sawCounts = true; }
    };
    child.stdout.on('data', (d) => {
      process.stdout.write(d);
      buf += d.toString();
      const lines = buf.split('\n');
      buf = lines.pop() ?? '';
      lines.forEach(scan);
    });
    child.on('error', (e) => { console.error(`cannot start ${cmd}: ${e.message}`); });
    child.on('close', (code, signal) => {
      if (buf) scan(buf);
      current = undefined;
      resolve({ code: code ?? (signal ? 128 : 1), passing, failing, sawCounts });
    });
  });
}

async function stage(name, fn) {
  const t0 = Date.now();
  console.log(`\n━━━ stage ${name} ━━━`);
  let result;
  try {
    result = await fn();
  } catch (e) {
    console.error(e instanceof Error ? e.message : e);
    result = { code: 1, passing: 0, failing: 0 };
  }
  const secs = ((Date.now() - t0) / 1000).toFixed(1);
  if (result === 'skipped') {
    timings.push([name, 'skipped', secs]);
    console.log(`─ stage ${name}: skipped`);
    return;
  }
  passed += result.passing ?? 0;
  failed += result.failing ?? 0;
  timings.push([name, result.code === 0 ? 'ok' : `FAILED (exit ${result.code})`, secs]);
  if (result.code !== 0) {
    if (!result.failing) failed += 1;
    console.log(`\n✖ stage ${name} FAILED (exit ${result.code}) after ${secs} s`);
    finish(result.code);
  }
  console.log(`✔ stage ${name} (${secs} s)`);
}

function finish(code) {
  console.log('\nstage timings:');
  for (const [n, s, t] of timings) console.log(`  ${n.padEnd(12)} ${s.padEnd(20)} ${t} s`);
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(code);
}

for (const sig of ['SIGINT', 'SIGTERM']) {
  process.on(sig, () => {
    if (current) current.kill(sig);
    console.log(`\n✖ interrupted (${sig})`);
    finish(130);
  });
}

const seq = async (...steps) => {
  let last = { code: 0, passing: 0, failing: 0 };
  for (const s of steps) {
    last = await s();
    if (last.code !== 0) return last;
  }
  return last;
};

await stage('deps', async () => {
  if (fs.existsSync(path.join(repo, 'node_modules'))) return 'skipped';
  return exec('npm', ['ci', '--no-audit', '--no-fund']);
});
if (needsWorkbench) {
  await stage('system-deps', async () => {
    if (fs.existsSync(chromiumPath)) return 'skipped';
    return exec('bash', ['scripts/system-deps.sh']);
  });
  await stage('code-server', async () => {
    if (fs.existsSync(codeServerEntry)) return 'skipped';
    return exec('bash', ['scripts/install-code-server.sh']);
  });
}
await stage('build', () => exec(process.execPath, ['esbuild.mjs', '--tests']));
if (!only) {
  await stage('typecheck', () => {
    const webviewTs = listFiles(path.join(repo, 'webview'), (f) => f.endsWith('.ts') && !f.includes('node_modules'));
    const steps = [() => exec(...splitBin('tsc', ['-p', '.']))];
    if (webviewTs.length) steps.push(() => exec(...splitBin('tsc', ['-p', 'webview'])));
    else console.log('(webview: no .ts files yet, skipped)');
    return seq(...steps);
  });
}
if (!only) {
  await stage('lint', () => seq(
    () => exec(...splitBin('eslint', ['.'])),
    () => exec(process.execPath, ['scripts/check-cycles.mjs']),
  ));
}
if (wants('unit')) {
  await stage('unit', async () => {
    const files = listFiles(path.join(repo, 'out', 'test', 'unit'), (f) => f.endsWith('.test.js'));
    if (!files.length) { console.log('no unit tests under out/test/unit'); return 'skipped'; }
    return exec(...splitBin('mocha', ['--ui', 'tdd', '--timeout', '20000', '--enable-source-maps',
      ...(process.stdout.isTTY ? ['--color'] : []), 'out/test/unit/**/*.test.js']));
  });
}
if (wants('browser')) {
  // Webview modules (the mask editor) in headless chromium under the panel's CSP.
  await stage('browser', async () => {
    const files = listFiles(path.join(repo, 'out', 'test', 'browser'), (f) => f.endsWith('.spec.js'));
    if (!files.length) return 'skipped';
    return exec(...splitBin('mocha', ['--ui', 'tdd', '--timeout', '60000', '--enable-source-maps', 'out/test/browser/**/*.spec.js']));
  });
}
if (wants('integration')) {
  await stage('integration', () => exec(process.execPath, ['scripts/run-integration.mjs']));
}
if (wants('e2e')) {
  await stage('e2e', () => exec(process.execPath, ['scripts/run-e2e.mjs']));
}
if (wants('package')) {
  await stage('package', () => exec(...splitBin('mocha', ['--ui', 'tdd', '--timeout', '180000', '--enable-source-maps', 'out/test/package/*.test.js'])));
}
finish(0);

function splitBin(name, args) {
  const [cmd, ...pre] = bin(name);
  return [cmd, [...pre, ...args]];
}
