// `npm run package` is the README's way to build the .vsix: run that very command (as on a clean
// clone) and check what it produced: only the bundles, media, manifest, README, CHANGELOG and
// LICENSE; a README whose links work once packaged; the manifest's ids intact.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { readZip } from './zip';

const root = path.resolve(__dirname, '..', '..', '..');
const vsix = path.join(root, 'dist', 'aitre-vscode.vsix');

suite('npm run package', () => {
  let zip: ReturnType<typeof readZip>;

  suiteSetup(function () {
    this.timeout(180_000);
    fs.rmSync(vsix, { force: true });
    const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
    try {
      execFileSync(npm, ['run', 'package'], { cwd: root, encoding: 'utf8', stdio: 'pipe' });
    } catch (error) {
      const e = error as { stdout?: string; stderr?: string };
      throw new Error(`npm run package failed:\n${e.stdout ?? ''}\n${e.stderr ?? ''}`, { cause: error });
    }
    assert.ok(fs.existsSync(vsix), 'npm run package did not write dist/aitre-vscode.vsix');
    zip = readZip(fs.readFileSync(vsix));
  });

  test('the .vsix holds only the shipped files', () => {
    const files = zip.entries.map((e) => e.name).filter((n) => n.startsWith('extension/')).map((n) => n.slice('extension/'.length)).sort();
    const allowed = (f: string) => /^(dist\/(extension|webview)\.js|media\/.+|package\.json|readme\.md|changelog\.md|LICENSE(\.txt)?)$/i.test(f);
    assert.deepEqual(files.filter((f) => !allowed(f)), []);
    for (const needed of ['dist/extension.js', 'dist/webview.js', 'package.json', 'readme.md', 'changelog.md', 'media/aitre.svg', 'media/panel.css']) {
      assert.ok(files.some((f) => f.toLowerCase() === needed), `${needed} missing from the package: ${JSON.stringify(files)}`);
    }
    assert.ok(files.some((f) => /^LICENSE/i.test(f)), 'LICENSE missing');
    // Production bundles: minified, without source maps.
    assert.ok(!zip.read('extension/dist/extension.js').toString('utf8').includes('sourceMappingURL'));
  });

  test('every link in the packaged README works outside the repository', () => {
    const readme = zip.read(zip.entries.find((e) => /^extension\/readme\.md$/i.test(e.name))!.name).toString('utf8');
    const links = [...readme.matchAll(/!?\[[^\]]*\]\(\s*<?([^)\s>]+)>?[^)]*\)/g)].map((m) => m[1]!);
    assert.ok(links.length > 0, 'the README has no links at all');
    const relative = links.filter((l) => !/^(https:\/\/|mailto:|#)/.test(l));
    assert.deepEqual(relative, [], 'links that only work inside the repository');
  });

  test('the packaged manifest keeps the design ids', () => {
    const manifest = JSON.parse(zip.read('extension/package.json').toString('utf8'));
    assert.equal(manifest.publisher, 'aitre');
    assert.equal(manifest.name, 'aitre-vscode');
    assert.deepEqual(manifest.contributes.viewsContainers.activitybar.map((v: { id: string; title: string }) => [v.id, v.title]), [['aitre', 'AITRE']]);
    assert.equal(manifest.main, './dist/extension.js');
  });
});
