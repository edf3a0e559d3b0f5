// The task store over real files (a temp folder through Node's fs): one file per task, written as
// it changes; two stores over one folder (two windows) never lose each other's tasks; torn and
// corrupt files are skipped; the old globalState history migrates once; only what the views need
// is read at start.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { TaskStore, type TaskStoreOptions } from '../../src/core/tasks/store';
import { TaskFiles } from '../../src/core/tasks/task-files';
import { keyFor, parseName } from '../../src/core/tasks/records';
import { LEGACY_KEY, type LegacyHistory } from '../../src/core/tasks/migration';
import type { Logger } from '../../src/core/base/log';
import { normaliseTask } from '../../src/core/midjourney/normalise';
import type { MjTask, TaskRecord } from '../../src/shared/task';
import { nodeArea, tempFolder, type NodeArea } from './node-files';

const task = (id: string, patch: Partial<MjTask> = {}): MjTask => ({ ...normaliseTask({ id, status: 'IN_PROGRESS', prompt: `prompt ${id}` }), ...patch });

function record(id: string, addedAt: number, patch: Partial<TaskRecord> = {}): TaskRecord {
  return { ...task(id, { status: 'SUCCESS', progress: 100 }), addedAt, updatedAt: addedAt, lastChangeAt: addedAt, ...patch };
}

function collectingLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  return { lines, debug: (m) => lines.push(m), info: (m) => lines.push(m), warn: (m) => lines.push(m), error: (m) => lines.push(m) };
}

async function until(check: () => boolean, what: string, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** Task files on disk, by folder. */
function filesIn(dir: string, folder: 'active' | 'done'): string[] {
  const full = path.join(dir, folder);
  return fs.existsSync(full) ? fs.readdirSync(full).filter((n) => n.endsWith('.json')).sort() : [];
}

function readTaskFile(dir: string, id: string): { folder: string; rev: number; task: TaskRecord } | undefined {
  for (const folder of ['active', 'done'] as const) {
    const name = filesIn(dir, folder).find((n) => parseName(n)?.id === id);
    if (name) {
      const json = JSON.parse(fs.readFileSync(path.join(dir, folder, name), 'utf8')) as { rev: number; task: TaskRecord };
      return { folder, rev: json.rev, task: json.task };
    }
  }
  return undefined;
}

/** Writes finished/running records straight into the folder, as an earlier session would have. */
async function seed(area: NodeArea, records: TaskRecord[]): Promise<void> {
  const files = new TaskFiles(area, collectingLogger(), Date.now);
  for (let i = 0; i < records.length; i += 32) await Promise.all(records.slice(i, i + 32).map((r) => files.write(r, 1, 'seed')));
}

function legacyOf(value: unknown): LegacyHistory & { value: unknown; clears: number } {
  const legacy = { value, clears: 0, read: () => legacy.value, clear: async () => { legacy.clears++; legacy.value = undefined; } };
  return legacy;
}

suite('Task store (files)', () => {
  let folder: { dir: string; cleanup(): void };
  const stores: TaskStore[] = [];
  const open = async (options: TaskStoreOptions & { legacy?: LegacyHistory; area?: NodeArea } = {}) => {
    const store = new TaskStore(options.area ?? nodeArea(folder.dir), { confirmMissingMs: 50, ...options });
    stores.push(store);
    const report = await store.open(options.legacy);
    return { store, report };
  };

  setup(() => { folder = tempFolder(); });
  teardown(async () => {
    for (const store of stores.splice(0)) {
      await store.flush();
      store.dispose();
    }
    folder.cleanup();
  });

  test('adds, merges, and keeps the prompt when the gateway forgets it', async () => {
    const { store } = await open();
    store.upsert(task('1', { prompt: 'a red fox' }));
    store.upsert(task('1', { prompt: '', progress: 46 }));
    assert.equal(store.get('1')?.prompt, 'a red fox');
    assert.equal(store.get('1')?.progress, 46);
    assert.equal(store.size, 1);
  });

  test('a new task is on disk, in its own file, when saved() resolves', async () => {
    const { store } = await open();
    const added = store.upsert(task('1712345678901234', { prompt: 'a red fox' }));
    assert.equal(await store.saved(added.id), true);
    const onDisk = readTaskFile(folder.dir, added.id);
    assert.equal(onDisk?.folder, 'active');
    assert.equal(onDisk?.task.prompt, 'a red fox');
    assert.deepEqual(filesIn(folder.dir, 'active'), [`${keyFor(added.id, added.addedAt)}.json`]);
    const meta = JSON.parse(fs.readFileSync(path.join(folder.dir, 'store.json'), 'utf8'));
    assert.deepEqual([meta.format, meta.version], ['aitre.tasks', 1]);
  });

  test('a status change rewrites only that task (moving it to done/), whatever the history size', async () => {
    const cost = async (historySize: number): Promise<{ bytes: number; files: number }> => {
      const sub = tempFolder();
      try {
        const area = nodeArea(sub.dir);
        await seed(area, Array.from({ length: historySize }, (_, i) => record(`h${i}`, 1_700_000_000_000 + i)));
        const store = new TaskStore(area, { maxHistory: () => 10_000 });
        await store.open();
        store.upsert(task('run'));
        await store.saved('run');
        const before = { bytes: area.bytesWritten, writes: area.writes };
        store.upsert(task('run', { status: 'SUCCESS', progress: 100 }));
        await store.saved('run');
        const after = { bytes: area.bytesWritten - before.bytes, files: area.writes - before.writes };
        assert.equal(readTaskFile(sub.dir, 'run')?.folder, 'done');
        assert.deepEqual(filesIn(sub.dir, 'active'), []);
        store.dispose();
        return after;
      } finally {
        sub.cleanup();
      }
    };
    const small = await cost(50);
    const large = await cost(1000);
    assert.equal(small.files, 1);
    assert.equal(large.files, 1);
    assert.equal(large.bytes, small.bytes, 'bytes per status change must not depend on the history size');
    assert.ok(small.bytes < 4096, `one status change wrote ${small.bytes} bytes`);
  });

  test('history survives a reload, children stay under their parents', async () => {
    const first = await open();
    first.store.upsert(task('1', { status: 'SUCCESS' }));
    first.store.upsert(task('2'), { parentId: '1', originLabel: 'U2' });
    await first.store.flush();
    const again = await open({ pageSize: 10 });
    assert.deepEqual([again.report.loaded, again.report.total, again.report.skipped], [2, 2, 0]);
    assert.deepEqual(again.store.roots().map((t) => t.id), ['1']);
    assert.deepEqual(again.store.children('1').map((t) => [t.id, t.originLabel]), [['2', 'U2']]);
  });

  test('two stores over one folder: interleaved writes from both end up in both', async () => {
    const a = (await open()).store;
    const b = (await open()).store;
    a.upsert(task('from-a', { prompt: 'a fox' }));
    b.upsert(task('from-b', { prompt: 'a heron' }));
    await until(() => a.has('from-b') && b.has('from-a'), 'each store to see the other one\'s task');
    a.patch('from-b', { localNote: 'noted in a' });
    b.patch('from-a', { localNote: 'noted in b' });
    b.upsert(task('from-b', { progress: 80 }));
    await Promise.all([a.flush(), b.flush()]);
    await until(() => b.get('from-b')?.localNote === 'noted in a' && a.get('from-a')?.localNote === 'noted in b' && a.get('from-b')?.progress === 80,
      'both changes to each task in both stores');
    const onDisk = readTaskFile(folder.dir, 'from-b')!;
    assert.equal(onDisk.task.localNote, 'noted in a');
    assert.equal(onDisk.task.progress, 80);
    // A third store (a window opened later) sees both.
    const c = (await open()).store;
    assert.deepEqual(c.all().map((t) => t.id).sort(), ['from-a', 'from-b']);
  });

  test('a stale copy is never written back: a change is applied to what the other window wrote', async () => {
    const a = (await open()).store;
    a.upsert(task('x', { status: 'IN_PROGRESS', progress: 10 }));
    await a.saved('x');
    // b does not watch: it keeps the old copy, as a window would before its watcher fires.
    const b = (await open({ watch: false })).store;
    assert.equal(b.get('x')?.progress, 10);
    a.upsert(task('x', { status: 'SUCCESS', progress: 100, imageUrl: 'http://127.0.0.1/img.png' }));
    await a.saved('x');
    b.patch('x', { localNote: 'user note from b' });
    assert.equal(await b.saved('x'), true);
    const onDisk = readTaskFile(folder.dir, 'x')!;
    assert.equal(onDisk.task.status, 'SUCCESS', 'b must not write its stale status back');
    assert.equal(onDisk.task.localNote, 'user note from b');
    assert.equal(onDisk.folder, 'done');
    assert.equal(b.get('x')?.status, 'SUCCESS', 'b adopts the merged record');
  });

  test('a task removed in one window disappears from the other and is not written back', async () => {
    const a = (await open()).store;
    a.upsert(task('keep'));
    a.upsert(task('gone'));
    await a.flush();
    const watching = (await open()).store;
    const stale = (await open({ watch: false })).store;
    const removed: string[] = [];
    watching.onDidChange((c) => removed.push(...c.removed));
    a.remove(['gone']);
    await a.flush();
    await until(() => !watching.has('gone'), 'the watching store to drop the task');
    assert.deepEqual(removed, ['gone']);
    // The store that did not notice changes the removed task: nothing comes back.
    stale.patch('gone', { localNote: 'late change' });
    await stale.flush();
    assert.equal(readTaskFile(folder.dir, 'gone'), undefined);
    assert.equal(stale.has('gone'), false);
    assert.ok(stale.has('keep'));
  });

  test('a torn write is skipped and logged at start, and adopted once the file is whole', async () => {
    const area = nodeArea(folder.dir);
    await seed(area, [record('ok', 1_700_000_000_000), record('torn', 1_700_000_001_000)]);
    const tornFile = path.join(folder.dir, 'done', `${keyFor('torn', 1_700_000_001_000)}.json`);
    const whole = fs.readFileSync(tornFile);
    fs.writeFileSync(tornFile, whole.subarray(0, Math.floor(whole.length / 2)));
    const logger = collectingLogger();
    const { store, report } = await open({ logger });
    assert.deepEqual([report.loaded, report.skipped], [1, 1]);
    assert.ok(store.has('ok') && !store.has('torn'));
    assert.ok(logger.lines.some((l) => /torn|unreadable/.test(l) && l.includes('torn')), logger.lines.join('\n'));
    // The writer finishes (e.g. another window rewrites it): the watcher picks it up.
    fs.writeFileSync(tornFile, whole);
    await until(() => store.has('torn'), 'the repaired task to load');
  });

  test('a torn change to a loaded task keeps the copy in memory', async () => {
    const logger = collectingLogger();
    const { store } = await open({ logger });
    store.upsert(task('t', { prompt: 'kept' }));
    await store.saved('t');
    const file = path.join(folder.dir, 'active', filesIn(folder.dir, 'active')[0]!);
    fs.writeFileSync(file, '{"v":1,"rev":9,"task":{"id":"t","pro');
    await until(() => logger.lines.some((l) => /became unreadable; keeping the copy/.test(l)), 'the store to notice the torn file');
    assert.equal(store.get('t')?.prompt, 'kept');
    assert.ok(store.has('t'));
  });

  test('corrupt and foreign files never stop the rest from loading', async () => {
    const area = nodeArea(folder.dir);
    await seed(area, [record('good', 1_700_000_000_000)]);
    fs.writeFileSync(path.join(folder.dir, 'done', `${keyFor('junk', 1_700_000_000_500)}.json`), 'not json at all');
    fs.writeFileSync(path.join(folder.dir, 'done', `${keyFor('shape', 1_700_000_000_600)}.json`), '{"v":1,"rev":1,"task":{"no":"id"}}');
    fs.writeFileSync(path.join(folder.dir, 'done', 'README.txt'), 'someone put a file here');
    fs.writeFileSync(path.join(folder.dir, 'store.json'), JSON.stringify({ format: 'aitre.tasks', version: 99 }));
    const logger = collectingLogger();
    const { store, report } = await open({ logger });
    assert.deepEqual(store.all().map((t) => t.id), ['good']);
    assert.equal(report.skipped, 2);
    assert.ok(logger.lines.some((l) => /newer AITRE/.test(l)));
    assert.ok(fs.existsSync(path.join(folder.dir, 'done', `${keyFor('junk', 1_700_000_000_500)}.json`)), 'unreadable files stay on disk untouched');
  });

  test('an interrupted replace (only the temporary file left) is recovered at start', async () => {
    const area = nodeArea(folder.dir);
    await seed(area, [record('lost', 1_700_000_000_000)]);
    const name = `${keyFor('lost', 1_700_000_000_000)}.json`;
    fs.renameSync(path.join(folder.dir, 'done', name), path.join(folder.dir, 'done', `.${name}.abc123.tmp`));
    const { store } = await open();
    assert.ok(store.has('lost'));
    assert.deepEqual(filesIn(folder.dir, 'done'), [name]);
  });

  test('the old globalState history migrates once, verified, then its key is cleared', async () => {
    const old = [record('m1', 1_700_000_000_000), record('m2', 1_700_000_001_000, { status: 'IN_PROGRESS' }), { ...record('m3', 1_700_000_002_000), parentId: 'm1', originLabel: 'U1' }];
    const legacy = legacyOf({ version: 1, tasks: old });
    const logger = collectingLogger();
    const { store, report } = await open({ legacy, logger });
    assert.equal(report.migrated, 3);
    assert.equal(legacy.clears, 1);
    assert.deepEqual(store.all().map((t) => t.id).sort(), ['m1', 'm2', 'm3']);
    // Lossless: every field as it was.
    for (const r of old) assert.deepEqual(readTaskFile(folder.dir, r.id)?.task, JSON.parse(JSON.stringify(r)));
    assert.equal(readTaskFile(folder.dir, 'm2')?.folder, 'active');
    assert.ok(logger.lines.some((l) => /moved 3 task/.test(l)));
    // A second start finds nothing to migrate.
    const again = await open({ legacy });
    assert.equal(again.report.migrated, undefined);
    assert.equal(again.store.size, 3);
    assert.equal(LEGACY_KEY, 'aitre.tasks');
  });

  test('migration from the unversioned array skips junk; a failed write keeps the old key for the next start', async () => {
    const value = [{ id: 'a', status: 'SUCCESS' }, { nope: true }, 'junk', { id: 'b' }];
    const area = nodeArea(folder.dir);
    const failing: NodeArea = { ...area, write: async (p, data) => { if (p.includes('-b.json')) throw new Error('disk full'); return area.write(p, data); } };
    const legacy = legacyOf(value);
    const first = await open({ legacy, area: failing, logger: collectingLogger() });
    assert.equal(legacy.clears, 0, 'the old key stays while a task is not on disk');
    assert.ok(first.store.has('a'));
    first.store.dispose();
    stores.splice(stores.indexOf(first.store), 1);
    const second = await open({ legacy });
    assert.equal(legacy.clears, 1);
    assert.deepEqual(second.store.all().map((t) => t.id).sort(), ['a', 'b']);
    assert.equal(second.store.get('b')?.status, '');
  });

  test('start reads only running tasks, the newest page and their parents; the rest loads on demand', async () => {
    const area = nodeArea(folder.dir);
    const base = 1_700_000_000_000;
    const finished = Array.from({ length: 300 }, (_, i) => record(`d${String(i).padStart(3, '0')}`, base + i * 1000));
    // The newest finished task is an upscale of a very old grid.
    finished.push({ ...record('child', base + 400_000), parentId: 'd000', originLabel: 'U3' });
    const running = [record('r1', base + 500_000, { status: 'IN_PROGRESS', progress: 40 }), record('r2', base + 10, { status: 'SUBMITTED' })];
    await seed(area, [...finished, ...running]);
    const reads = area.reads;
    const { store, report } = await open({ pageSize: 50, maxHistory: () => 10_000 });
    assert.equal(report.total, 303);
    assert.ok(store.has('r1') && store.has('r2'), 'every running task is read');
    assert.ok(store.has('d000'), 'the old parent of a page task is read too');
    assert.deepEqual(store.children('d000').map((t) => t.id), ['child']);
    assert.equal(store.loadedCount, 2 + 50 + 1);
    // Each task file is looked for in both folders.
    assert.ok(area.reads - reads <= 2 * (store.loadedCount + 1) + 2, `read ${area.reads - reads} files`);
    assert.equal(store.unloadedCount, 250);
    assert.equal(await store.loadMore(100), 100);
    assert.equal(store.unloadedCount, 150);
    await store.loadAll();
    assert.equal(store.unloadedCount, 0);
    assert.equal(store.loadedCount, 303);
  });

  test('removed tasks stop counting as "more on disk" at once, before their files are deleted', async () => {
    const area = nodeArea(folder.dir);
    const base = 1_700_000_000_000;
    await seed(area, [...Array.from({ length: 30 }, (_, i) => record(`f${i}`, base + i * 1000)), record('run', base + 99_000, { status: 'IN_PROGRESS', progress: 40 })]);
    const { store } = await open({ pageSize: 10, maxHistory: () => 10_000 });
    assert.equal(store.unloadedCount, 20);
    const seen: number[] = [];
    store.onDidChange(() => seen.push(store.unloadedCount));
    assert.equal(store.clearFinished(), 30);
    // What the Tasks view reads when the change arrives: no "Show older tasks (20 more)" row left over.
    assert.deepEqual(seen, [0]);
    await store.flush();
    assert.equal(store.unloadedCount, 0);
    assert.deepEqual(store.all().map((t) => t.id), ['run']);
  });

  test('a background start reads the running tasks only; the finished ones follow (ready), and load(id) waits for them', async () => {
    const area = nodeArea(folder.dir);
    const base = 1_700_000_000_000;
    await seed(area, [
      ...Array.from({ length: 30 }, (_, i) => record(`d${i}`, base + i * 1000)),
      record('r1', base + 100_000, { status: 'IN_PROGRESS', parentId: 'd0', originLabel: 'U1' }),
    ]);
    const reads = area.reads;
    const store = new TaskStore(area, { pageSize: 10 });
    stores.push(store);
    await store.open(undefined, { background: true });
    assert.deepEqual(store.all().map((t) => t.id), ['r1']);
    assert.equal(store.isReady, false);
    assert.ok(area.reads - reads <= 3, `read ${area.reads - reads} files before returning`);
    const changed: string[] = [];
    store.onDidChange((c) => changed.push(...c.changed));
    await store.ready;
    assert.equal(store.isReady, true);
    assert.equal(store.size, 31);
    assert.ok(store.has('d0'), 'the running task\'s parent is read');
    assert.deepEqual(store.children('d0').map((t) => t.id), ['r1']);
    assert.ok(store.has('d29') && store.has('d20') && !store.has('d19'), 'the newest page');
    assert.ok(changed.includes('d29') && changed.includes('d0'), 'the views hear about what arrived');
    assert.equal((await store.load('d5'))?.id, 'd5');
  });

  test('the history limit drops the oldest finished tasks (without reading them), never running ones', async () => {
    const area = nodeArea(folder.dir);
    const base = 1_700_000_000_000;
    await seed(area, [record('running-old', base, { status: 'IN_PROGRESS' }), ...Array.from({ length: 20 }, (_, i) => record(`done-${i}`, base + 1000 * (i + 1)))]);
    const { store } = await open({ maxHistory: () => 10, pageSize: 5 });
    await store.flush();
    assert.equal(store.size, 10);
    assert.ok(store.has('running-old'));
    const left = [...filesIn(folder.dir, 'done'), ...filesIn(folder.dir, 'active')].map((n) => parseName(n)!.id).sort();
    assert.deepEqual(left, ['done-11', 'done-12', 'done-13', 'done-14', 'done-15', 'done-16', 'done-17', 'done-18', 'done-19', 'running-old']);
  });

  test('removing a parent keeps its children (they move up); clear finished keeps running tasks and their ancestors', async () => {
    const { store } = await open();
    store.upsert(task('1', { status: 'SUCCESS' }));
    store.upsert(task('2', { status: 'IN_PROGRESS' }), { parentId: '1' });
    store.upsert(task('3', { status: 'FAILURE' }));
    store.upsert(task('4', { status: 'SUCCESS' }), { parentId: '1' });
    assert.equal(store.clearFinished(), 2);
    assert.deepEqual(store.all().map((t) => t.id).sort(), ['1', '2']);
    store.remove(['1']);
    assert.deepEqual(store.roots().map((t) => t.id), ['2']);
    await store.flush();
    assert.equal(readTaskFile(folder.dir, '2')?.task.parentId, undefined);
    assert.deepEqual([...filesIn(folder.dir, 'active'), ...filesIn(folder.dir, 'done')].map((n) => parseName(n)!.id), ['2']);
  });

  test('change events name what changed; unchanged polls are silent and write nothing', async () => {
    const { store } = await open();
    const events: string[][] = [];
    store.onDidChange((e) => events.push(e.changed));
    store.upsert(task('1', { progress: 10 }));
    await store.flush();
    const writes = store.writes;
    store.upsert(task('1', { progress: 10 }));
    await store.flush();
    assert.equal(store.writes, writes);
    store.upsert(task('1', { progress: 20 }));
    await store.flush();
    assert.deepEqual(events, [['1'], ['1']]);
  });

  test('a finished task keeps its buttons but not bulky raw data or inline pictures', async () => {
    const { store } = await open();
    const picture = `data:image/png;base64,${'A'.repeat(20_000)}`;
    const buttons = [{ customId: 'MJ::JOB::upsample::1::abc', emoji: '', label: 'U1', style: 2, type: 2 }];
    store.upsert(task('slim', {
      status: 'SUCCESS', buttons, finalPrompt: `Here it is: ![image](${picture})`,
      properties: { finalPrompt: `Here it is: ![image](${picture})`, messageContent: 'x'.repeat(5000), small: 'kept' },
    }));
    await store.saved('slim');
    const onDisk = readTaskFile(folder.dir, 'slim')!.task;
    assert.deepEqual(onDisk.buttons, buttons);
    assert.deepEqual(onDisk.properties, { small: 'kept' });
    assert.ok(!onDisk.finalPrompt.includes('AAAA'), 'the inline picture must not be in the record');
    assert.match(onDisk.finalPrompt, /image cache/);
    assert.ok(fs.statSync(path.join(folder.dir, 'done', filesIn(folder.dir, 'done')[0]!)).size < 2000);
  });
});
