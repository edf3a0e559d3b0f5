// Runs the end-to-end suites out/test/e2e/**/*.e2e.js with mocha in plain Node (TDD UI, spec
// reporter, 120 s per test). Each suite drives the real workbench through test/e2e/harness.ts
// (code-server + headless chromium); screenshots and failure diagnostics land in test-results/.
//
// Usage: node scripts/run-e2e.mjs [extra mocha args, e.g. --grep "tasks view" | --bail]
//   Build first: node esbuild.mjs --tests.  env VERBOSE=1 echoes code-server's output.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const e2eDir = path.join(repo, 'out', 'test', 'e2e');
fs.mkdirSync(path.join(repo, 'test-results'), { recursive: true });

const files = fs.existsSync(e2eDir)
  ? fs.readdirSync(e2eDir, { recursive: true }).map(String).filter((f) => f.endsWith('.e2e.js')).sort()
  : [];
if (files.length === 0) {
  console.log(`[run-e2e] no *.e2e.js under ${path.relative(repo, e2eDir)} (build with: node esbuild.mjs --tests)`);
  console.log('\n  0 passing (0ms)\n');
  process.exit(0);
}

const mochaBin = path.join(repo, 'node_modules', 'mocha', 'bin', 'mocha.js');
const args = [
  '--enable-source-maps', mochaBin,
  '--ui', 'tdd', '--reporter', 'spec', '--timeout', '120000', '--slow', '20000', '--exit',
  ...(process.stdout.isTTY ? ['--color'] : ['--no-color']),
  ...process.argv.slice(2),
  ...files.map((f) => path.join('out', 'test', 'e2e', f)),
];
const t0 = Date.now();
const child = spawn(process.execPath, args, { cwd: repo, stdio: 'inherit', env: { ...process.env, AITRE_TEST_MODE: 'e2e' } });
// Forward Ctrl-C / SIGTERM so mocha's hooks (and the harness's process-group kills) run.
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
child.on('exit', (code, signal) => {
  console.log(`[run-e2e] mocha exited ${signal ?? code} after ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  process.exit(code ?? 1);
});
