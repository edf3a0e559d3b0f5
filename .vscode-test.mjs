// Integration tests in DESKTOP VS Code via @vscode/test-electron — for machines that CAN download
// VS Code (it fetches a VS Code build from update.code.visualstudio.com into .vscode-test/).
//
//   node esbuild.mjs --tests && node .vscode-test.mjs        env: VSCODE_VERSION=1.100.3 (default: stable)
//
// It runs the SAME mocha suites as the offline runner `node scripts/run-integration.mjs`
// (code-server 4.100.3 + headless chromium): extensionTestsPath out/test/integration/index.js,
// which exports run() and adds every out/test/integration/**/*.test.js. Only the host differs
// (Electron desktop vs. code-server's remote extension host); use whichever your machine allows.
// On Linux without a display, run it under xvfb-run.
import { runTests } from '@vscode/test-electron';
import { writeSampleWorkspace } from './scripts/lib/code-server.mjs';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const repo = path.dirname(fileURLToPath(import.meta.url));

export async function main() {
  const extensionTestsPath = path.join(repo, 'out', 'test', 'integration', 'index.js');
  if (!fs.existsSync(extensionTestsPath)) {
    console.error('out/test/integration/index.js not found — build first: node esbuild.mjs --tests');
    return 1;
  }
  // Same fresh workspace as scripts/run-integration.mjs.
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'aitre-vscode-test-'));
  const workspace = path.join(tmp, 'workspace');
  writeSampleWorkspace(workspace);
  try {
    await runTests({
      ...(process.env.VSCODE_VERSION ? { version: process.env.VSCODE_VERSION } : {}),
      extensionDevelopmentPath: repo,
      extensionTestsPath,
      launchArgs: [workspace, '--disable-extensions', '--user-data-dir', path.join(tmp, 'user-data')],
      extensionTestsEnv: { AITRE_TEST_MODE: 'integration' },
    });
    return 0;
  } catch (err) {
    console.error('integration tests failed:', err instanceof Error ? err.message : err);
    return 1;
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

// Run only when executed directly (`node .vscode-test.mjs`), not when imported.
if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  process.exitCode = await main();
}
