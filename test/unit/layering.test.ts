// The core and the shared model must stay free of `vscode` (and the webview free of Node), so they
// run in plain Node tests and in the browser. This test is the proof.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const root = path.resolve(__dirname, '..', '..', '..');

function sourceFiles(dir: string): string[] {
  const full = path.join(root, dir);
  return fs.readdirSync(full, { recursive: true }).map(String)
    .filter((f) => f.endsWith('.ts'))
    .map((f) => path.join(full, f));
}

const importsOf = (file: string): string[] => {
  const text = fs.readFileSync(file, 'utf8');
  const found: string[] = [];
  for (const m of text.matchAll(/(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|require\(\s*['"]([^'"]+)['"]\s*\)|import\(\s*['"]([^'"]+)['"]\s*\)/g)) {
    found.push(m[1] ?? m[2] ?? m[3] ?? '');
  }
  return found;
};

suite('Layering', () => {
  for (const dir of ['src/core', 'src/shared']) {
    test(`${dir} never imports vscode`, () => {
      const files = sourceFiles(dir);
      assert.ok(files.length > 0, `no sources found in ${dir}`);
      const offenders = files.filter((f) => importsOf(f).includes('vscode')).map((f) => path.relative(root, f));
      assert.deepEqual(offenders, []);
    });
  }

  test('src/shared imports nothing from src/core, the platform or Node', () => {
    const offenders = sourceFiles('src/shared').flatMap((f) => importsOf(f)
      .filter((i) => i.startsWith('node:') || i.includes('/core/') || i.includes('/platform/') || i === 'vscode')
      .map((i) => `${path.relative(root, f)} -> ${i}`));
    assert.deepEqual(offenders, []);
  });

  test('the webview imports only its own modules, the shared model and the UI kit', () => {
    const allowed = [path.join(root, 'webview') + path.sep, path.join(root, 'src', 'shared') + path.sep];
    const offenders = sourceFiles('webview').flatMap((f) => importsOf(f)
      .filter((i) => i !== '@vscode/webview-ui-toolkit'
        && !(i.startsWith('.') && allowed.some((dir) => path.resolve(path.dirname(f), i).startsWith(dir))))
      .map((i) => `${path.relative(root, f)} -> ${i}`));
    assert.deepEqual(offenders, []);
  });

  test('the check itself sees a vscode import when there is one', () => {
    const probe = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'aitre-layer-')), 'probe.ts');
    fs.writeFileSync(probe, "import * as vscode from 'vscode';\nconst x = require('vscode');\n");
    assert.deepEqual(importsOf(probe), ['vscode', 'vscode']);
  });
});

suite('Import cycles', () => {
  const script = path.join(root, 'scripts', 'check-cycles.mjs');
  const run = (...dirs: string[]) => spawnSync(process.execPath, [script, ...dirs], { encoding: 'utf8' });

  test('src and webview have none (type-only imports count too)', () => {
    const result = run();
    assert.equal(result.status, 0, result.stderr);
  });

  test('the check finds a type-only cycle when there is one', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'aitre-cycle-'));
    fs.writeFileSync(path.join(dir, 'a.ts'), "import type { B } from './b';\nexport interface A { b?: B }\n");
    fs.writeFileSync(path.join(dir, 'b.ts'), "import { type A } from './a';\nexport interface B { a?: A }\n");
    const result = run(dir);
    assert.equal(result.status, 1);
    assert.match(result.stderr, /a\.ts → .*b\.ts → .*a\.ts/);
  });
});
