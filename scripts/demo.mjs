// `npm run demo`: the extension in a real VS Code (code-server) against the local simulator.
// Builds, installs what is missing (first run only), starts the simulator at human speed and
// code-server with the extension loaded, then prints the URL to open and the key to paste.
//
//   npm run demo                       ports chosen at run time
//   npm run demo -- --port 8080        code-server on a fixed port (the simulator still picks its own)
//   npm run demo -- --quirks plus      simulate a midjourney-proxy-plus gateway instead of new-api
//   npm run demo -- --remix            actions land in MODAL (remix mode)
// Stop with Ctrl+C: both servers are stopped.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
process.chdir(repo);
const argv = process.argv.slice(2);
const opt = (name) => { const i = argv.indexOf(`--${name}`); return i >= 0 ? argv[i + 1] : undefined; };
const run = (cmd, args) => {
  const result = spawnSync(cmd, args, { stdio: 'inherit' });
  if (result.status !== 0) { console.error(`[demo] ${cmd} ${args.join(' ')} failed`); process.exit(result.status ?? 1); }
};

if (!fs.existsSync(path.join(repo, 'node_modules'))) run('npm', ['ci', '--no-audit', '--no-fund']);
const entry = path.join(repo, '.vscode-test', 'code-server-4.100.3', 'node_modules', 'code-server', 'out', 'node', 'entry.js');
if (!fs.existsSync(entry)) {
  run('bash', ['scripts/system-deps.sh']);
  run('bash', ['scripts/install-code-server.sh']);
}
run('node', ['esbuild.mjs']);
run('node', ['esbuild.mjs', '--tests']);

const { startCodeServer, leaveSignalsToCaller } = await import('./lib/code-server.mjs');
// One Ctrl+C path: ours (below), which says what it stops.
leaveSignalsToCaller();
const require = createRequire(import.meta.url);
const { startSimulator } = require(path.join(repo, 'out', 'test', 'simulator', 'index.js'));

const sim = await startSimulator({
  speed: 'demo',
  quirks: opt('quirks') === 'plus' ? 'plus' : 'new-api',
  remix: argv.includes('--remix'),
  log: (line) => console.log(`[simulator] ${line}`),
});

const workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'aitre-demo-ws-'));
fs.writeFileSync(path.join(workspace, 'prompts.md'), [
  '# Prompts to try',
  '',
  'Select a line, right-click, "Imagine from Selection".',
  '',
  'a red fox in fresh snow, golden hour --ar 3:2',
  'a lighthouse on a cliff in a storm, oil painting',
  'a cozy reading nook with a cat, watercolor --niji 6',
  'a bloodbath (a banned word: see the message)',
  'a fox that fails upstream --sim-fail',
  '',
].join('\n'));

const server = await startCodeServer({
  entry,
  workspace,
  devExtensionPath: repo,
  port: opt('port') ? Number(opt('port')) : undefined,
  // Markdown wraps long lines by default: Home, Shift+End would then select only what is on screen.
  userSettings: { 'aitre.baseUrl': sim.url, 'aitre.pollIntervalSeconds': 2, '[markdown]': { 'editor.wordWrap': 'off' } },
});

console.log(`
  AITRE demo is running.

  1. Open    ${server.workbenchUrl}
  2. Click the AITRE icon in the activity bar, then "Set API Key", and paste:  ${sim.apiKey}
  3. In prompts.md, select a prompt line, right-click → "Imagine from Selection".

  Simulator (gateway): ${sim.url}     Stop with Ctrl+C.
`);

let stopping = false;
async function stop() {
  if (stopping) return;
  stopping = true;
  console.log('\n[demo] stopping…');
  await server.stop().then(() => console.log(`[demo] stopped code-server (pid ${server.pid}) and removed its profile`), (e) => console.log(`[demo] code-server: ${e?.message ?? e}`));
  await sim.close().then(() => console.log(`[demo] stopped the simulator at ${sim.url}`), (e) => console.log(`[demo] simulator: ${e?.message ?? e}`));
  fs.rmSync(workspace, { recursive: true, force: true });
  console.log(`[demo] removed the demo workspace ${workspace}`);
  process.exit(0);
}
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
