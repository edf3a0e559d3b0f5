// What a contributor gets on F5 in VS Code (.vscode/): the launch configurations name tasks that
// exist, and the esbuild watcher prints exactly what its background problem matcher waits for, so
// the development host starts once every bundle is built (and a build error lands in Problems).
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(__dirname, '..', '..', '..');

/** JSON with comments (VS Code's .vscode/*.json). */
function readJsonc(file: string): any { // eslint-disable-line @typescript-eslint/no-explicit-any -- a config file's shape
  const text = fs.readFileSync(path.join(root, file), 'utf8').replace(/^\s*\/\/.*$/gm, '');
  return JSON.parse(text);
}

interface Task { label: string; dependsOn?: string[]; problemMatcher?: unknown; script?: string; type: string }

suite('Development setup (.vscode)', () => {
  const tasks = readJsonc('.vscode/tasks.json').tasks as Task[];
  const labels = new Set(tasks.map((t) => t.label));

  test('launch configurations and task dependencies name tasks that exist; npm tasks name npm scripts', () => {
    const launch = readJsonc('.vscode/launch.json').configurations as { name: string; preLaunchTask?: string }[];
    assert.ok(launch.some((c) => c.name.startsWith('Run Extension')) && launch.some((c) => c.name === 'Extension Tests'));
    for (const c of launch) if (c.preLaunchTask) assert.ok(labels.has(c.preLaunchTask), `${c.name}: no task "${c.preLaunchTask}"`);
    for (const t of tasks) for (const d of t.dependsOn ?? []) assert.ok(labels.has(d), `${t.label}: no task "${d}"`);
    const scripts = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')).scripts as Record<string, string>;
    for (const t of tasks.filter((x) => x.type === 'npm')) assert.ok(scripts[t.script!], `${t.label}: no npm script "${t.script}"`);
    const recommended = readJsonc('.vscode/extensions.json').recommendations as string[];
    assert.ok(recommended.includes('dbaeumer.vscode-eslint'));
  });

  test('esbuild --watch prints the begin and end lines its problem matcher waits for, once for all bundles', async function () {
    this.timeout(60_000);
    const watch = tasks.find((t) => t.label === 'watch: esbuild')!;
    const matcher = watch.problemMatcher as { background: { beginsPattern: string; endsPattern: string } };
    const begins = new RegExp(matcher.background.beginsPattern);
    const ends = new RegExp(matcher.background.endsPattern);
    const child = spawn(process.execPath, ['esbuild.mjs', '--watch'], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    try {
      await new Promise<void>((resolve, reject) => {
        child.stdout.on('data', (d) => { out += String(d); if (ends.test(out.split('\n').find((l) => ends.test(l)) ?? '')) resolve(); });
        child.on('exit', (code) => reject(new Error(`esbuild --watch exited (${code}) before finishing a build:\n${out}`)));
      });
    } finally {
      child.kill();
    }
    const lines = out.split('\n').filter(Boolean);
    assert.equal(lines.filter((l) => begins.test(l)).length, 1, out);
    assert.equal(lines.filter((l) => ends.test(l)).length, 1, out);
    assert.ok(lines.findIndex((l) => begins.test(l)) < lines.findIndex((l) => ends.test(l)));
  });
});
