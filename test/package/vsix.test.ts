// `npm run package` is the README's way to build the .vsix: run that very command (as on a clean
// clone) and check what it produced: only the bundles, media, manifest, README, CHANGELOG and
// LICENSE; a README whose links work once packaged; the manifest's ids intact.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import os from 'node:os';
import { resolveEntry } from '../../scripts/lib/code-server.mjs';
import { readZip } from './zip';

const root = path.resolve(__dirname, '..', '..', '..');
const vsix = path.join(root, 'dist', 'aitre-vscode.vsix');

suite('npm run package', () => {
  let zip: ReturnType<typeof readZip>;
  let packageOutput = '';

  suiteSetup(function () {
    this.timeout(180_000);
    fs.rmSync(vsix, { force: true });
    const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
    try {
      packageOutput = execFileSync(npm, ['run', 'package'], { cwd: root, encoding: 'utf8', stdio: 'pipe' });
    } catch (error) {
      const e = error as { stdout?: string; stderr?: string };
      throw new Error(`npm run package failed:\n${e.stdout ?? ''}\n${e.stderr ?? ''}`, { cause: error });
    }
    assert.ok(fs.existsSync(vsix), 'npm run package did not write dist/aitre-vscode.vsix');
    zip = readZip(fs.readFileSync(vsix));
  });

  test('the .vsix holds only the shipped files', () => {
    const files = zip.entries.map((e) => e.name).filter((n) => n.startsWith('extension/')).map((n) => n.slice('extension/'.length)).sort();
    const allowed = (f: string) => /^(dist\/(extension|webview|mask-edit|undici)\.js|media\/.+|package\.json|package\.nls(\.zh-cn)?\.json|l10n\/bundle\.l10n\.zh-cn\.json|readme\.md|changelog\.md|LICENSE(\.txt)?)$/i.test(f);
    assert.deepEqual(files.filter((f) => !allowed(f)), []);
    for (const needed of ['dist/extension.js', 'dist/webview.js', 'dist/mask-edit.js', 'package.json', 'readme.md', 'changelog.md', 'media/aitre.svg', 'media/panel.css', 'package.nls.json', 'package.nls.zh-cn.json', 'l10n/bundle.l10n.zh-cn.json']) {
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

  test('vsce packages it without a warning', () => {
    assert.match(packageOutput, /DONE\s+Packaged: dist\/aitre-vscode\.vsix/);
    assert.deepEqual(packageOutput.split('\n').filter((l) => /WARN|ERROR/i.test(l)), []);
  });

  test('the .vsix installs in code-server (isolated profile) with no warnings', function () {
    this.timeout(120_000);
    const entry = resolveEntry(root);
    assert.ok(fs.existsSync(entry), `code-server is not installed at ${entry} (npm run setup:code-server)`);
    const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'aitre-install-'));
    try {
      const dirs = { ud: path.join(scratch, 'user-data'), ext: path.join(scratch, 'extensions'), xdg: path.join(scratch, 'xdg') };
      for (const d of Object.values(dirs)) fs.mkdirSync(d, { recursive: true });
      const config = path.join(scratch, 'config.yaml');
      fs.writeFileSync(config, 'bind-addr: 127.0.0.1:0\nauth: none\ncert: false\n');
      // Nothing in $HOME: code-server writes its own config and data under XDG_* even for --install-extension.
      const env: NodeJS.ProcessEnv = { ...process.env, XDG_CONFIG_HOME: path.join(dirs.xdg, 'config'), XDG_DATA_HOME: path.join(dirs.xdg, 'data'), XDG_CACHE_HOME: path.join(dirs.xdg, 'cache') };
      for (const k of Object.keys(env)) if (k.startsWith('VSCODE_') || k === 'ELECTRON_RUN_AS_NODE') delete env[k];
      const result = spawnSync(process.execPath, [entry, '--config', config, '--user-data-dir', dirs.ud, '--extensions-dir', dirs.ext, '--install-extension', vsix], { env, encoding: 'utf8', timeout: 110_000 });
      const output = `${result.stdout}${result.stderr}`;
      assert.equal(result.status, 0, output);
      assert.match(output, /Extension 'aitre-vscode\.vsix' was successfully installed\./);
      assert.deepEqual(output.split('\n').filter((l) => /warn|error|fail/i.test(l)), [], output);
      const { version } = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { version: string };
      const folder = path.join(dirs.ext, `aitre.aitre-vscode-${version}`);
      const installed = JSON.parse(fs.readFileSync(path.join(folder, 'package.json'), 'utf8')) as { name: string; contributes: { walkthroughs: unknown[] } };
      assert.equal(installed.name, 'aitre-vscode');
      assert.ok(fs.existsSync(path.join(folder, 'dist', 'undici.js')), 'the lazily loaded proxy bundle is missing');
      assert.equal(installed.contributes.walkthroughs.length, 1);
    } finally {
      fs.rmSync(scratch, { recursive: true, force: true });
    }
  });
});
