// Small library to run the real VS Code workbench (code-server from npm) and headless Debian
// chromium (playwright-core) offline. Used by scripts/run-integration.mjs, test/e2e/harness.ts
// and the demo. Everything binds 127.0.0.1, every server runs in its own process group and is
// killed with the group, all state lives in a throwaway scratch dir (nothing in $HOME).
//
// This file is also bundled into CommonJS by esbuild (test/e2e/*), so it must not use
// import.meta or top-level await.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';

export const CODE_SERVER_VERSION = '4.100.3';
export const HOST = '127.0.0.1';

/** Settings that keep the workbench quiet and offline; callers' userSettings override them. */
export const DEFAULT_USER_SETTINGS = Object.freeze({
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'chat.disableAIFeatures': true,
  'security.workspace.trust.enabled': false,
  'git.enabled': false,
  'git.autoRepositoryDetection': false,
  'npm.autoDetect': 'off',
  'typescript.disableAutomaticTypeAcquisition': true,
});

/** code-server's entry.js: $CODE_SERVER_ENTRY, else <repo>/.vscode-test/code-server-<ver>/… */
export function resolveEntry(repoRoot = process.cwd(), version = process.env.CODE_SERVER_VERSION ?? CODE_SERVER_VERSION) {
  if (process.env.CODE_SERVER_ENTRY) return path.resolve(process.env.CODE_SERVER_ENTRY);
  return path.join(repoRoot, '.vscode-test', `code-server-${version}`, 'node_modules', 'code-server', 'out', 'node', 'entry.js');
}

/** Debian's chromium unless $CHROMIUM says otherwise. */
export function resolveChromium() {
  return process.env.CHROMIUM ?? '/usr/bin/chromium';
}

/** A TCP port that was free on 127.0.0.1 a moment ago. */
export function findFreePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.once('error', reject);
    srv.listen(0, HOST, () => {
      const { port } = /** @type {net.AddressInfo} */ (srv.address());
      srv.close(() => resolve(port));
    });
  });
}

// ---------------------------------------------------------------------------------------------
// Process-group bookkeeping: whatever happens, kill what we started.
const live = new Set(); // { pid, scratch }
const tempDirs = new Set(); // removed at exit unless already gone
let hooksInstalled = false;

/** Remove `dir` when the process exits (also on Ctrl-C); returns a function that cancels it. */
export function removeOnExit(dir) {
  installExitHooks();
  tempDirs.add(dir);
  return () => tempDirs.delete(dir);
}
function killGroup(pid, signal) {
  try { process.kill(-pid, signal); return true; } catch { return false; }
}
function installExitHooks() {
  if (hooksInstalled) return;
  hooksInstalled = true;
  process.on('exit', () => {
    for (const s of live) {
      killGroup(s.pid, 'SIGKILL');
      try { fs.rmSync(s.scratch, { recursive: true, force: true }); } catch { /* best effort */ }
    }
    for (const d of tempDirs) {
      try { fs.rmSync(d, { recursive: true, force: true }); } catch { /* best effort */ }
    }
  });
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
    const handler = () => {
      for (const s of live) killGroup(s.pid, 'SIGKILL');
      process.exit(sig === 'SIGINT' ? 130 : 143);
    };
    signalHandlers.set(sig, handler);
    process.once(sig, handler);
  }
}

const signalHandlers = new Map();
/**
 * For a caller with its own Ctrl+C cleanup (npm run demo): this module then handles no signals, so
 * there is one SIGINT path, the caller's, which stops the servers itself. The exit hook still kills
 * what is left.
 */
export function leaveSignalsToCaller() {
  installExitHooks();
  for (const [sig, handler] of signalHandlers) process.off(sig, handler);
  signalHandlers.clear();
}

function httpGetStatus(url, timeoutMs = 2000) {
  return new Promise((resolve) => {
    const req = http.get(url, { timeout: timeoutMs }, (res) => { res.resume(); resolve(res.statusCode ?? 0); });
    req.on('timeout', () => { req.destroy(); resolve(0); });
    req.on('error', () => resolve(0));
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * Start code-server on 127.0.0.1.
 * @param {object} o
 * @param {string} [o.entry]             code-server out/node/entry.js (default: resolveEntry())
 * @param {string} [o.workspace]         folder to open (default: <scratch>/ws, created)
 * @param {string} [o.devExtensionPath]  extension folder loaded as a development extension
 * @param {string} [o.testsPath]         extensionTestsPath module (run() is called in the ext host)
 * @param {string[]} [o.extensions]      extension folders installed beside it (copied into the extensions dir)
 * @param {Record<string, unknown>} [o.userSettings]  merged over DEFAULT_USER_SETTINGS
 * @param {Record<string, string|undefined>} [o.env]  extra env for code-server (inherited by the extension host)
 * @param {number} [o.port]              default: a free port
 * @param {string[]} [o.extraArgs]       more code-server CLI arguments
 * @param {Record<string, string>} [o.userDataFiles]  files to write into the user-data dir first (relative path -> content)
 * @param {boolean} [o.verbose]          echo the server's output (default: $VERBOSE)
 * @param {number} [o.readyTimeoutMs]    default 60 s
 */
export async function startCodeServer(o = {}) {
  const entry = path.resolve(o.entry ?? resolveEntry());
  if (!fs.existsSync(entry)) {
    throw new Error(`code-server not found at ${entry} — run: bash scripts/install-code-server.sh`);
  }
  const verbose = o.verbose ?? !!process.env.VERBOSE;
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'aitre-cs-'));
  const ud = path.join(scratch, 'user-data');
  const extDir = path.join(scratch, 'extensions');
  fs.mkdirSync(path.join(ud, 'User'), { recursive: true });
  fs.mkdirSync(extDir, { recursive: true });
  // An extensions dir without extensions.json is scanned on start: a folder named
  // <publisher>.<name>-<version> is then an installed extension, like one from the Marketplace.
  for (const folder of o.extensions ?? []) {
    const pkg = JSON.parse(fs.readFileSync(path.join(folder, 'package.json'), 'utf8'));
    fs.cpSync(folder, path.join(extDir, `${pkg.publisher}.${pkg.name}-${pkg.version}`), { recursive: true });
  }
  for (const [rel, content] of Object.entries(o.userDataFiles ?? {})) {
    fs.mkdirSync(path.dirname(path.join(ud, rel)), { recursive: true });
    fs.writeFileSync(path.join(ud, rel), content);
  }
  fs.writeFileSync(path.join(ud, 'User', 'settings.json'),
    JSON.stringify({ ...DEFAULT_USER_SETTINGS, ...(o.userSettings ?? {}) }, null, 2));
  const workspace = path.resolve(o.workspace ?? path.join(scratch, 'ws'));
  fs.mkdirSync(workspace, { recursive: true });

  // code-server writes ~/.config/code-server and ~/.local/share/code-server even with --user-data-dir.
  const xdg = {
    XDG_CONFIG_HOME: path.join(scratch, 'xdg', 'config'),
    XDG_DATA_HOME: path.join(scratch, 'xdg', 'data'),
    XDG_CACHE_HOME: path.join(scratch, 'xdg', 'cache'),
  };
  for (const d of Object.values(xdg)) fs.mkdirSync(d, { recursive: true });
  const env = { ...process.env };
  for (const k of Object.keys(env)) if (k.startsWith('VSCODE_') || k === 'ELECTRON_RUN_AS_NODE') delete env[k];
  Object.assign(env, xdg);
  // Tests inside the extension host find the profile's globalStorage through this.
  env.AITRE_TEST_USER_DATA = ud;
  for (const [k, v] of Object.entries(o.env ?? {})) {
    if (v === undefined) delete env[k]; else env[k] = String(v);
  }

  // VS Code >= ~1.10x (seen in 1.139) ignores the URL test payload in a built workbench unless the
  // server runs with --enable-smoke-test-driver; newer code-server passes VS Code flags through
  // with --vscode-option, 4.100.x neither needs nor knows it.
  const extra = [];
  if (o.devExtensionPath || o.testsPath) {
    const cliJs = path.join(path.dirname(entry), 'cli.js');
    if (fs.existsSync(cliJs) && fs.readFileSync(cliJs, 'utf8').includes('"vscode-option"')) {
      extra.push('--vscode-option', 'enable-smoke-test-driver');
    }
  }

  installExitHooks();
  const logPath = path.join(scratch, 'server.log');
  let lastError;
  for (let attempt = 0; attempt < 3; attempt++) {
    const port = o.port ?? await findFreePort();
    const configPath = path.join(scratch, 'config.yaml');
    fs.writeFileSync(configPath, `bind-addr: ${HOST}:${port}\nauth: none\ncert: false\n`);
    const args = [entry, ...extra,
      '--config', configPath,
      '--bind-addr', `${HOST}:${port}`, '--auth', 'none',
      '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust',
      '--disable-getting-started-override',
      '--user-data-dir', ud, '--extensions-dir', extDir,
      ...(o.extraArgs ?? []),
      workspace,
    ];
    const logFd = fs.openSync(logPath, 'a');
    // detached: the server leads its own process group (setsid), so its children — extension
    // host, file watcher, pty host — are killed with it.
    const child = spawn(process.execPath, args, { env, cwd: scratch, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    const record = { pid: child.pid, scratch };
    live.add(record);
    let output = '';
    let exited = null;
    const onData = (d) => {
      const s = d.toString();
      output = (output + s).slice(-20_000);
      fs.writeSync(logFd, s);
      if (verbose) for (const line of s.split('\n')) if (line.trim()) console.log('  [code-server]', line);
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    const exitP = new Promise((r) => child.once('exit', (code, sig) => { exited = { code, sig }; r(exited); }));

    const deadline = Date.now() + (o.readyTimeoutMs ?? 60_000);
    let ready = false;
    while (!exited && Date.now() < deadline) {
      if (await httpGetStatus(`http://${HOST}:${port}/healthz`) === 200) { ready = true; break; }
      await sleep(250);
    }
    if (ready) {
      const authority = `${HOST}:${port}`;
      const url = `http://${authority}/`;
      const remote = (p) => `vscode-remote://${authority}${path.resolve(p)}`;
      const query = [`folder=${encodeURIComponent(workspace)}`];
      const payload = [];
      if (o.devExtensionPath) payload.push(['extensionDevelopmentPath', remote(o.devExtensionPath)]);
      if (o.testsPath) payload.push(['extensionTestsPath', remote(o.testsPath)]);
      if (payload.length) query.push(`payload=${encodeURIComponent(JSON.stringify(payload))}`);
      const workbenchUrl = `${url}?${query.join('&')}`;
      let stopped = false;
      const stop = async ({ keepScratch = false } = {}) => {
        if (stopped) return;
        stopped = true;
        if (!exited) {
          killGroup(child.pid, 'SIGTERM');
          const t = setTimeout(() => killGroup(child.pid, 'SIGKILL'), 5_000);
          await exitP;
          clearTimeout(t);
        }
        // Stragglers (file watcher, pty host) that outlive the leader.
        await sleep(100);
        killGroup(child.pid, 'SIGKILL');
        live.delete(record);
        try { fs.closeSync(logFd); } catch { /* already closed */ }
        if (!keepScratch) fs.rmSync(scratch, { recursive: true, force: true, maxRetries: 3 });
      };
      return {
        port, url, workbenchUrl, scratch, workspace, userDataDir: ud, logPath, pid: child.pid,
        authority, remoteUri: remote,
        /** everything the server printed so far (last 20 kB) */
        output: () => output,
        stop,
      };
    }
    // Not ready: kill this attempt and maybe retry (e.g. the port got taken meanwhile).
    killGroup(child.pid, 'SIGKILL');
    await Promise.race([exitP, sleep(3000)]);
    live.delete(record);
    try { fs.closeSync(logFd); } catch { /* already closed */ }
    lastError = new Error(`code-server did not become ready on port ${port}` +
      (exited ? ` (exited: ${JSON.stringify(exited)})` : ' (timeout)') + `\n--- server output ---\n${output.slice(-4000)}`);
    if (o.port || !/EADDRINUSE/.test(output)) break;
  }
  fs.rmSync(scratch, { recursive: true, force: true });
  throw lastError;
}

export const CHROMIUM_ARGS = Object.freeze(['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync']);

/**
 * Headless Debian chromium with a fresh (or given) profile. Returns the persistent context, its
 * first page and close(), which also removes a profile dir it created.
 * @param {string} [profileDir]
 */
export async function launchChromium(profileDir) {
  const executablePath = resolveChromium();
  if (!fs.existsSync(executablePath)) {
    throw new Error(`chromium not found at ${executablePath} — run: bash scripts/system-deps.sh (or set CHROMIUM)`);
  }
  const own = !profileDir;
  const dir = profileDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'aitre-chromium-'));
  fs.mkdirSync(dir, { recursive: true });
  const cancelRemove = own ? removeOnExit(dir) : () => {};
  // chromium writes ~/.config/chromium/Crash Reports and ~/.cache/dconf otherwise.
  const xdg = {
    XDG_CONFIG_HOME: path.join(dir, '.xdg', 'config'),
    XDG_DATA_HOME: path.join(dir, '.xdg', 'data'),
    XDG_CACHE_HOME: path.join(dir, '.xdg', 'cache'),
  };
  const env = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined) env[k] = v;
  Object.assign(env, xdg);
  const context = await chromium.launchPersistentContext(dir, {
    executablePath,
    headless: true,
    viewport: { width: 1400, height: 900 },
    args: ['--headless', ...CHROMIUM_ARGS],
    env,
  });
  const page = context.pages()[0] ?? await context.newPage();
  let closed = false;
  const close = async () => {
    if (closed) return;
    closed = true;
    await context.close().catch(() => {});
    if (own) fs.rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
    cancelRemove();
  };
  return { context, page, profileDir: dir, close };
}

/** The sample workspace file the test hosts open (integration runner, desktop runner). */
export function writeSampleWorkspace(workspace) {
  fs.mkdirSync(workspace, { recursive: true });
  fs.writeFileSync(path.join(workspace, 'prompts.md'), [
    '# Prompts',
    '',
    'A red fox jumping over a frozen lake at dawn, watercolor',
    'Summarize the plot of Hamlet in three sentences.',
    'A lighthouse on a cliff during a storm --ar 16:9',
    '',
  ].join('\n'));
}
