// Runs the mocha integration suites (out/test/integration/**/*.test.js, entry
// out/test/integration/index.js) inside the REAL VS Code extension host: code-server from npm,
// driven by headless Debian chromium. Exit code = the suite's result (0 pass, 1 fail, 124 timeout).
//
// Usage: node scripts/run-integration.mjs [--timeout 300] [--grep <regexp>] [--keep]
//   Build first: node esbuild.mjs --tests
//   env: VERBOSE=1 (server + browser console), CODE_SERVER_ENTRY, CHROMIUM
//   --dev <dir> / --tests <module>  override the extension / test entry (default: repo / out/test/integration/index.js)
//   --keep  keep the scratch dir (user data, logs, workspace) and print its path
// Same contract as @vscode/test-electron (see .vscode-test.mjs): the tests module exports run().
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import util from 'node:util';
import { fileURLToPath } from 'node:url';
import { launchChromium, removeOnExit, resolveEntry, startCodeServer, writeSampleWorkspace } from './lib/code-server.mjs';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const argv = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 && i + 1 < argv.length ? argv[i + 1] : dflt;
};
const timeoutS = Number(opt('timeout', 300));
const grep = opt('grep', undefined);
const keep = argv.includes('--keep');
const dev = path.resolve(opt('dev', repo));
const tests = path.resolve(opt('tests', path.join(repo, 'out', 'test', 'integration', 'index.js')));
const resultsDir = path.join(repo, 'test-results');
const log = (...a) => console.log('[run-integration]', ...a);
const WORKBENCH_NOISE = [
  /^Resolv(ing|ed) connection token/, /^Creating a socket \(/, /^Updating additional builtin extensions cache/,
  /^\[Service Worker\]/, /^ChatSessionStore:/, /ENOTFOUND open-vsx\.org/, /^Started local extension host with pid/,
];

if (!fs.existsSync(tests)) {
  console.error(`[run-integration] ${path.relative(repo, tests)} not found — build first: node esbuild.mjs --tests`);
  process.exit(1);
}
const devPkg = JSON.parse(fs.readFileSync(path.join(dev, 'package.json'), 'utf8'));
const mainJs = devPkg.main ? path.resolve(dev, devPkg.main) : undefined;
if (mainJs && !fs.existsSync(mainJs) && !fs.existsSync(`${mainJs}.js`)) {
  console.error(`[run-integration] extension main ${devPkg.main} not found — build first: node esbuild.mjs`);
  process.exit(1);
}

// A fresh workspace with a sample Markdown file.
const wsRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'aitre-it-ws-'));
if (!keep) removeOnExit(wsRoot);
const workspace = path.join(wsRoot, 'workspace');
writeSampleWorkspace(workspace);

const t0 = Date.now();
let server;
let browser;
let code;
let timer;
try {
  server = await startCodeServer({
    entry: resolveEntry(repo),
    workspace,
    devExtensionPath: dev,
    testsPath: tests,
    env: { AITRE_TEST_MODE: 'integration', ...(grep ? { MOCHA_GREP: grep } : {}) },
  });
  log(`code-server ${server.url} ready in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  if (process.env.VERBOSE) log('url', server.workbenchUrl);

  browser = await launchChromium();
  const { page } = browser;
  let resolveDone;
  const done = new Promise((r) => { resolveDone = r; });
  // When the tests module's run() settles, the workbench calls window.codeAutomationExit(code).
  await page.exposeFunction('codeAutomationExit', (c) => resolveDone(Number(c)));
  // In test mode, extension-host console/stdout (mocha's reporter) arrives here.
  // The workbench's own start-up chatter comes the same way; drop the known noise unless VERBOSE.
  await page.exposeFunction('codeAutomationLog', (_level, args) => {
    const line = util.format(...(Array.isArray(args) ? args : [args]));
    if (!process.env.VERBOSE && WORKBENCH_NOISE.some((re) => re.test(line))) return;
    process.stdout.write(line.endsWith('\n') ? line : `${line}\n`);
  });
  if (process.env.VERBOSE) page.on('console', (m) => console.log('  [browser]', m.type(), m.text().slice(0, 500)));
  page.on('pageerror', (e) => { if (process.env.VERBOSE) console.log('  [browser pageerror]', e.message); });

  await page.goto(server.workbenchUrl);
  code = await Promise.race([
    done,
    new Promise((r) => { timer = setTimeout(() => { log(`timeout after ${timeoutS} s`); r(124); }, timeoutS * 1000); }),
  ]);
  clearTimeout(timer);
  fs.mkdirSync(resultsDir, { recursive: true });
  await page.screenshot({ path: path.join(resultsDir, 'integration-final.png') }).catch((e) => log('screenshot failed:', e.message));
  if (code !== 0 && code !== 124) {
    // Show the tail of the server log: activation errors end up there.
    const out = server.output().trim().split('\n').slice(-30).join('\n');
    if (out) console.log('[run-integration] --- code-server output (tail) ---\n' + out);
  }
} catch (e) {
  console.error('[run-integration] error:', e instanceof Error ? e.stack ?? e.message : e);
  code = 1;
} finally {
  clearTimeout(timer);
  if (browser) await browser.close();
  if (server) {
    if (keep) log('scratch kept:', server.scratch, '(workspace', workspace + ')');
    await server.stop({ keepScratch: keep });
  }
  if (!keep) fs.rmSync(wsRoot, { recursive: true, force: true });
}
log(`exit code ${code} (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
process.exit(code);
