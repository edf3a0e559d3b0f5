// The Tasks view's provider with the real vscode API: what it tells the view when the store
// changes. A poll that only moves a task on must redraw that row (the same element object the
// view holds), not the whole tree: after a whole-tree refresh VS Code forgets every row's element
// until it reads the tree again, and a right-click command chosen in that moment got no task.
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import { TaskStore } from '../../src/core/tasks/store';
import type { MjTask } from '../../src/shared/task';
import { TaskTreeProvider, type TaskTreeNode } from '../../src/ui/tasks/tree';
import { nodeArea } from '../unit/node-files';

function mj(id: string, patch: Partial<MjTask> = {}): MjTask {
  return {
    id, action: 'IMAGINE', status: 'IN_PROGRESS', progress: 10, prompt: `prompt of ${id}`, promptEn: '', finalPrompt: '', description: '',
    imageUrl: '', videoUrls: [], failReason: '', buttons: [], submitTime: Date.now(), startTime: Date.now(), finishTime: null, botType: '', properties: {},
    ...patch,
  };
}

/** What the provider fired: 'tree' for a whole-tree refresh, else the ids of the rows it redrew. */
type Fired = 'tree' | string[];

suite('Tasks view provider', () => {
  let dir: string;
  let store: TaskStore;
  let provider: TaskTreeProvider;
  let fired: Fired[];
  let groupByDay: boolean;

  setup(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'aitre-tree-'));
    store = new TaskStore(nodeArea(dir), { watch: false });
    await store.open();
    groupByDay = false;
    provider = new TaskTreeProvider(store, () => groupByDay);
    fired = [];
    provider.onDidChangeTreeData((e) => {
      fired.push(e === undefined || e === null ? 'tree' : (Array.isArray(e) ? e : [e]).map((n) => (n as { id: string }).id));
    });
  });

  teardown(() => {
    provider.dispose();
    store.dispose();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const top = (): TaskTreeNode[] => provider.getChildren() as TaskTreeNode[];

  test('a poll that moves a listed task on redraws that row with the element the view was given', () => {
    store.upsert(mj('t1'));
    store.upsert(mj('t2'));
    const [first] = top().filter((n) => n.kind === 'task' && n.id === 't1');
    assert.ok(first, 'no row for t1');
    fired = [];
    for (const progress of [20, 30, 46]) store.upsert(mj('t1', { progress }));
    store.upsert(mj('t2', { status: 'SUCCESS', progress: 100, imageUrl: 'http://127.0.0.1:1/x.png', finishTime: Date.now() }));
    assert.deepStrictEqual(fired, [['t1'], ['t1'], ['t1'], ['t2']]);
    // The same object at every step: the view finds the row, and a command on it gets the task.
    assert.strictEqual(top().find((n) => n.kind === 'task' && n.id === 't1'), first);
    assert.strictEqual(provider.nodeFor('t1'), first);
    const item = provider.getTreeItem(first);
    assert.match(String(item.label), /46%/);
    // A local change (stop tracking) is a row redraw too.
    fired = [];
    store.patch('t1', { untracked: true });
    assert.deepStrictEqual(fired, [['t1']]);
  });

  test('tasks that come, go or gain a child redraw the tree; a task the view never listed redraws nothing', () => {
    store.upsert(mj('p1'));
    top();
    fired = [];
    store.upsert(mj('c1'), { parentId: 'p1' });
    assert.deepStrictEqual(fired, ['tree'], 'a new child');
    const child = (provider.getChildren(provider.nodeFor('p1')) as TaskTreeNode[])[0];
    assert.ok(child && child.kind === 'task' && child.id === 'c1');
    assert.strictEqual(provider.getParent(child), provider.nodeFor('p1'));
    top();
    fired = [];
    store.upsert(mj('c1', { progress: 50 }), { parentId: 'p1' });
    assert.deepStrictEqual(fired, [['c1']], 'a child moving on');
    store.remove(['c1']);
    assert.deepStrictEqual(fired, [['c1'], 'tree'], 'a removal');
    top();
    fired = [];
    // A task added and changed before the view read the tree again: the one redraw covers both.
    store.upsert(mj('late'));
    store.upsert(mj('late', { progress: 60 }));
    assert.deepStrictEqual(fired, ['tree']);
    assert.ok(top().some((n) => n.kind === 'task' && n.id === 'late'));
  });

  test('with a filter on, a change that takes a task out of the matches redraws the tree', async () => {
    store.upsert(mj('r1'));
    store.upsert(mj('r2'));
    provider.setFilter({ status: 'running' });
    const shown = top().map((n) => (n as { id: string }).id).sort();
    assert.deepStrictEqual(shown, ['r1', 'r2']);
    fired = [];
    store.upsert(mj('r1', { progress: 50 }));
    assert.deepStrictEqual(fired, [['r1']], 'still a match: its row only');
    store.upsert(mj('r1', { status: 'SUCCESS', progress: 100, finishTime: Date.now() }));
    assert.deepStrictEqual(fired, [['r1'], 'tree'], 'no longer a match: the list changes');
    assert.deepStrictEqual(top().map((n) => (n as { id: string }).id), ['r2']);
    await vscode.commands.executeCommand('setContext', 'aitre.tasksFiltered', false);
  });
});
