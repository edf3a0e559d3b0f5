import assert from 'node:assert/strict';
import { STORE_KEY, TaskStore, type KeyValueStore } from '../../src/core/tasks/store';
import { normaliseTask } from '../../src/core/midjourney/normalise';
import type { MjTask } from '../../src/shared/task';

class MapMemento implements KeyValueStore {
  readonly data = new Map<string, unknown>();
  writes = 0;
  get<T>(key: string): T | undefined { return this.data.get(key) as T | undefined; }
  async update(key: string, value: unknown): Promise<void> { this.writes++; this.data.set(key, JSON.parse(JSON.stringify(value))); }
}

const task = (id: string, patch: Partial<MjTask> = {}): MjTask => ({ ...normaliseTask({ id, status: 'IN_PROGRESS', prompt: `prompt ${id}` }), ...patch });

suite('Task store', () => {
  test('adds, merges, and keeps the prompt when the gateway forgets it', () => {
    const store = new TaskStore(new MapMemento());
    store.upsert(task('1', { prompt: 'a red fox' }));
    store.upsert(task('1', { prompt: '', progress: 46 }));
    assert.equal(store.get('1')?.prompt, 'a red fox');
    assert.equal(store.get('1')?.progress, 46);
    assert.equal(store.size, 1);
  });

  test('a hundred progress ticks cause one debounced write, and the write is complete', async () => {
    const memento = new MapMemento();
    const store = new TaskStore(memento, { saveDelayMs: 30, progressSaveDelayMs: 30 });
    for (let i = 0; i <= 100; i++) store.upsert(task('1', { progress: i }));
    await new Promise((r) => setTimeout(r, 80));
    assert.equal(memento.writes, 1);
    const saved = memento.get<{ version: number; tasks: { progress: number }[] }>(STORE_KEY);
    assert.equal(saved?.version, 1);
    assert.equal(saved?.tasks[0]?.progress, 100);
  });

  test('progress-only ticks wait for the slow save; a status change is saved soon', async () => {
    const memento = new MapMemento();
    const store = new TaskStore(memento, { saveDelayMs: 20, progressSaveDelayMs: 60_000 });
    store.upsert(task('1', { progress: 10 }));
    await new Promise((r) => setTimeout(r, 50));
    assert.equal(memento.writes, 1); // the new task
    for (let i = 11; i < 60; i++) store.upsert(task('1', { progress: i }));
    await new Promise((r) => setTimeout(r, 50));
    assert.equal(memento.writes, 1, 'progress ticks should not rewrite the history');
    store.upsert(task('1', { status: 'SUCCESS', progress: 100 }));
    await new Promise((r) => setTimeout(r, 50));
    assert.equal(memento.writes, 2);
    await store.flush();
    assert.equal(memento.writes, 2);
  });

  test('flush writes pending changes at once', async () => {
    const memento = new MapMemento();
    const store = new TaskStore(memento, { saveDelayMs: 60_000 });
    store.upsert(task('1'));
    await store.flush();
    assert.equal(memento.writes, 1);
  });

  test('history survives a reload, children stay under their parents', async () => {
    const memento = new MapMemento();
    const store = new TaskStore(memento, { saveDelayMs: 1 });
    store.upsert(task('1', { status: 'SUCCESS' }));
    store.upsert(task('2'), { parentId: '1', originLabel: 'U2' });
    await store.flush();
    const again = new TaskStore(memento);
    assert.deepEqual(again.load(), { loaded: 2, skipped: 0 });
    assert.deepEqual(again.roots().map((t) => t.id), ['1']);
    assert.deepEqual(again.children('1').map((t) => [t.id, t.originLabel]), [['2', 'U2']]);
  });

  test('an old (unversioned) store is migrated; a corrupt one loads what it can', () => {
    const memento = new MapMemento();
    memento.data.set(STORE_KEY, [{ id: 'a', status: 'SUCCESS' }, { nope: true }, 'junk', { id: 'b' }]);
    const logged: string[] = [];
    const store = new TaskStore(memento, { logger: { debug() {}, info: (m) => logged.push(m), warn: (m) => logged.push(m), error: (m) => logged.push(m) } });
    const report = store.load();
    assert.deepEqual(report, { loaded: 2, skipped: 2, migratedFrom: 0 });
    assert.equal(store.get('b')?.status, '');
    assert.ok(logged.some((l) => /skipped 2/.test(l)));

    const broken = new MapMemento();
    broken.data.set(STORE_KEY, 'garbage');
    const empty = new TaskStore(broken);
    assert.deepEqual(empty.load(), { loaded: 0, skipped: 0 });
  });

  test('removing a parent keeps its children (they move up)', () => {
    const store = new TaskStore(new MapMemento());
    store.upsert(task('1', { status: 'SUCCESS' }));
    store.upsert(task('2'), { parentId: '1' });
    store.remove(['1']);
    assert.deepEqual(store.roots().map((t) => t.id), ['2']);
  });

  test('clear finished keeps running tasks and the ancestors they came from', () => {
    const store = new TaskStore(new MapMemento());
    store.upsert(task('1', { status: 'SUCCESS' }));
    store.upsert(task('2', { status: 'IN_PROGRESS' }), { parentId: '1' });
    store.upsert(task('3', { status: 'FAILURE' }));
    store.upsert(task('4', { status: 'SUCCESS' }), { parentId: '1' });
    assert.equal(store.clearFinished(), 2);
    assert.deepEqual(store.all().map((t) => t.id).sort(), ['1', '2']);
  });

  test('the history limit drops the oldest finished tasks, never running ones', () => {
    let now = 0;
    const store = new TaskStore(new MapMemento(), { maxHistory: () => 3, now: () => ++now });
    store.upsert(task('running-old', { status: 'IN_PROGRESS' }));
    store.upsert(task('done-1', { status: 'SUCCESS' }));
    store.upsert(task('done-2', { status: 'SUCCESS' }));
    store.upsert(task('done-3', { status: 'SUCCESS' }));
    assert.deepEqual(store.all().map((t) => t.id).sort(), ['done-2', 'done-3', 'running-old']);
  });

  test('change events name what changed; unchanged polls are silent', () => {
    const store = new TaskStore(new MapMemento());
    const events: string[][] = [];
    store.onDidChange((e) => events.push(e.changed));
    store.upsert(task('1', { progress: 10 }));
    store.upsert(task('1', { progress: 10 }));
    store.upsert(task('1', { progress: 20 }));
    assert.deepEqual(events, [['1'], ['1']]);
  });
});
