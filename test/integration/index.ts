// Mocha entry loaded by the VS Code extension host (extensionTestsPath). Same contract as
// @vscode/test-electron: export run(), resolve = pass, reject = fail. Used by both
// scripts/run-integration.mjs (code-server, offline) and .vscode-test.mjs (desktop VS Code).
// Bundled to out/test/integration/index.js; runs every *.test.js next to it (recursively).
//   env MOCHA_GREP  only run tests whose full title matches this regexp
import * as fs from 'fs';
import * as path from 'path';

function findTests(dir: string): string[] {
  const found: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) found.push(...findTests(full));
    else if (entry.isFile() && entry.name.endsWith('.test.js')) found.push(full);
  }
  return found.sort();
}

export function run(): Promise<void> {
  // Stack traces in terms of the TypeScript sources (the bundles carry inline source maps).
  process.setSourceMapsEnabled?.(true);
  // mocha >= 12 is ESM-only (require(esm) yields a namespace object); mocha <= 11 is CJS.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const m = require('mocha');
  const Mocha = m.Mocha ?? m.default ?? m;
  const mocha = new Mocha({ ui: 'tdd', reporter: 'spec', color: false, timeout: 30_000 });
  if (process.env.MOCHA_GREP) mocha.grep(new RegExp(process.env.MOCHA_GREP));
  const files = findTests(__dirname);
  for (const f of files) mocha.addFile(f);
  return new Promise<void>((resolve, reject) => {
    if (files.length === 0) {
      reject(new Error(`no *.test.js files under ${__dirname}`));
      return;
    }
    try {
      mocha.run((failures: number) => {
        if (failures > 0) reject(new Error(`${failures} integration test(s) failed`));
        else resolve();
      });
    } catch (err) {
      reject(err instanceof Error ? err : new Error(String(err)));
    }
  });
}
