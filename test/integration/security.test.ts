// Issue 11 in the real extension host: what another extension finds in AITRE's exports, what a
// workspace's own settings can do, a redirect to another host, and one paid submit per intent on
// the command paths (a second press, "Continue…" while AITRE answers the modal itself).
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import type { AitreApi } from '../../src/extension';
import type { TaskRecord } from '../../src/shared/task';
import { startRecorder, startSimulator, type Recorder, type Simulator } from '../simulator';
import { connect, disconnect, EXTENSION_ID, until } from './helpers';

const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGP4z8AAAAMBAQDJ/pLvAAAAAElFTkSuQmCC', 'base64');

/** Everything reachable from `root` through own properties (getters are not invoked). */
function reachable(root: unknown): { objects: object[]; strings: string[]; functions: string[] } {
  const seen = new Set<object>();
  const strings: string[] = [];
  const functions: string[] = [];
  const visit = (value: unknown, name: string): void => {
    if (typeof value === 'string') strings.push(value);
    if ((typeof value !== 'object' && typeof value !== 'function') || value === null || seen.has(value)) return;
    seen.add(value);
    if (typeof value === 'function') functions.push(name);
    for (const key of Reflect.ownKeys(value)) {
      const descriptor = Object.getOwnPropertyDescriptor(value, key)!;
      const child = `${name}.${String(key)}`;
      if ('value' in descriptor) visit(descriptor.value, child);
      else {
        if (descriptor.get) visit(descriptor.get, `${child}(get)`);
        if (descriptor.set) visit(descriptor.set, `${child}(set)`);
      }
    }
    const proto = Object.getPrototypeOf(value) as unknown;
    if (proto !== Object.prototype && proto !== Function.prototype && proto !== null) visit(proto, `${name}.__proto__`);
  };
  visit(root, 'exports');
  return { objects: [...seen], strings, functions };
}

suite('Security in the extension host (issue 11)', () => {
  let sim: Simulator;
  let other: Recorder;
  let api: AitreApi;
  const imagines = () => sim.requests.filter((r) => r.route === 'POST /mj/submit/imagine');
  const actions = () => sim.requests.filter((r) => r.route === 'POST /mj/submit/action');
  const done = (id: string) => until(() => { const t = api.store.get(id); return t?.status === 'SUCCESS' ? t : undefined; }, `task ${id} done`);
  const workspaceFile = (rel: string) => path.join(vscode.workspace.workspaceFolders![0]!.uri.fsPath, rel);

  suiteSetup(async () => {
    sim = await startSimulator({ speed: 'test' });
    other = await startRecorder();
    api = await connect(sim);
  });

  suiteTeardown(async () => {
    await disconnect(api);
    await sim.close();
    await other.close();
  });

  teardown(() => sim.clearFaults());

  test('exports: even a test run gets functions over plain data; no key, no key store, no service or client', async () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID)!;
    const exports: unknown = ext.exports;
    assert.deepStrictEqual(Object.keys(exports as object).sort(), ['clearKey', 'forgetLearnedButtons', 'isPoller', 'onQuotaChange', 'promptsOf', 'quotaState', 'setKey', 'shownMessages', 'shownTaskId', 'store']);
    const found = reachable(exports);
    // Two frozen objects (the probe and its store view) and the functions on them: nothing else.
    assert.deepStrictEqual(found.functions.sort(), [
      'exports.clearKey', 'exports.forgetLearnedButtons', 'exports.isPoller', 'exports.onQuotaChange', 'exports.promptsOf', 'exports.quotaState', 'exports.setKey', 'exports.shownMessages', 'exports.shownTaskId',
      'exports.store.all', 'exports.store.children', 'exports.store.flush', 'exports.store.get', 'exports.store.has',
      'exports.store.loadAll', 'exports.store.loadedCount(get)', 'exports.store.patch', 'exports.store.ready', 'exports.store.remove',
      'exports.store.saved', 'exports.store.size(get)', 'exports.store.upsert',
    ]);
    assert.ok(found.objects.filter((o) => typeof o === 'object').every((o) => Object.isFrozen(o)), 'a reachable object can be changed');
    assert.ok(!found.strings.some((s) => s.includes(sim.apiKey)), 'the key is reachable from exports');
    // What the companion extension did: nothing of the kind is there.
    const e = exports as Record<string, unknown>;
    assert.strictEqual(e.keys, undefined);
    assert.strictEqual(e.service, undefined);
    assert.strictEqual(e.panel, undefined);
  });

  test('a workspace .vscode/settings.json cannot choose the gateway or the speed mode: nothing reaches its host', async () => {
    const file = workspaceFile('.vscode/settings.json');
    fs.mkdirSync(path.dirname(file), { recursive: true });
    // outputFolder is a workspace setting AITRE honours (inside the workspace): it shows when VS Code has read the file.
    const escape = '../../from-workspace';
    fs.writeFileSync(file, JSON.stringify({ 'aitre.baseUrl': other.url, 'aitre.midjourney.mode': 'turbo', 'aitre.outputFolder': escape }, null, 2));
    try {
      const section = () => vscode.workspace.getConfiguration('aitre');
      await until(() => section().get('outputFolder') === escape, 'the workspace settings to be read');
      // VS Code itself does not apply an application-scoped setting from a workspace...
      assert.strictEqual(section().get('baseUrl'), sim.url);
      assert.strictEqual(section().get('midjourney.mode'), 'default');
      assert.strictEqual(section().inspect('baseUrl')?.workspaceValue, undefined);
      // ...and AITRE only reads the User value anyway: the imagine and its polls go to the user's gateway.
      const task = await vscode.commands.executeCommand<TaskRecord>('aitre.imagineFromSelection', 'a fox from a cloned repository');
      assert.ok(task, 'the imagine did not go through');
      await done(task.id);
      const sent = imagines().at(-1)!;
      assert.strictEqual(sent.mode, null, 'the workspace picked the speed mode (and the price)');
      assert.strictEqual(sent.headers.authorization, `Bearer ${sim.apiKey}`);
      assert.deepStrictEqual(other.hits, [], 'the workspace\'s host received requests');
      // The output folder stays inside the workspace, whatever "../" the setting has.
      const saved = await vscode.commands.executeCommand<vscode.Uri>('aitre.saveImage', task.id);
      assert.ok(saved, 'the image was not saved');
      assert.strictEqual(path.relative(workspaceFile('from-workspace'), path.dirname(saved.fsPath)), '');
    } finally {
      fs.rmSync(path.dirname(file), { recursive: true, force: true });
      fs.rmSync(workspaceFile('from-workspace'), { recursive: true, force: true });
      await until(() => vscode.workspace.getConfiguration('aitre').get('outputFolder') !== escape, 'the workspace settings to be gone');
    }
  });

  test('a 307 from the gateway to another host is not followed: the prompt and the key stay here', async () => {
    sim.addFault({ route: 'POST /mj/submit/imagine', fault: { kind: 'redirect', status: 307, location: `${other.url}/mj/submit/imagine` }, times: 1 });
    const before = imagines().length;
    const result = await vscode.commands.executeCommand('aitre.imagineFromSelection', 'a prompt that must not travel');
    assert.strictEqual(result, undefined);
    assert.strictEqual(imagines().length, before + 1);
    assert.deepStrictEqual(other.hits, []);
    await vscode.commands.executeCommand('workbench.action.closeNotifications').then(undefined, () => undefined);
  });

  test('U1 pressed twice while the first press is on its way (panel click and keybinding): one action, one child', async () => {
    const grid = await vscode.commands.executeCommand<TaskRecord>('aitre.imagineFromSelection', 'a lighthouse, pressed twice');
    const parent = await done(grid!.id);
    const u1 = parent.buttons.find((b) => b.label === 'U1')!;
    sim.addFault({ route: 'POST /mj/submit/action', fault: { kind: 'hold' }, times: 1 });
    const before = actions().length;
    const first = vscode.commands.executeCommand<string>('aitre.pressButton', parent.id, u1.customId);
    await until(() => sim.heldCount === 1, 'the first press to reach the gateway');
    const second = await vscode.commands.executeCommand<string>('aitre.pressButton', parent.id, u1.customId);
    assert.strictEqual(second, undefined, 'the second press was not refused');
    sim.releaseHeld();
    const childId = await first;
    assert.ok(childId);
    assert.strictEqual(actions().length, before + 1);
    assert.deepStrictEqual(api.store.children(parent.id).map((c) => c.id), [childId]);
  });

  test('"Continue…" while AITRE itself answers the modal ("Imagine this") sends no second modal', async () => {
    const dir = workspaceFile('security-images');
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, 'cat.png'), PNG);
    try {
      const described = await vscode.commands.executeCommand<TaskRecord>('aitre.describeImage', vscode.Uri.file(path.join(dir, 'cat.png')));
      await done(described!.id);
      // new-api answers PicReader with code 1: the MODAL shows on a poll and AITRE answers it then.
      sim.addFault({ route: 'POST /mj/submit/modal', fault: { kind: 'hold' }, times: 1 });
      const childId = await vscode.commands.executeCommand<string>('aitre.usePrompt', described!.id, 2, 'imagine');
      assert.ok(childId);
      await until(() => sim.heldCount === 1, 'the automatic modal submit to be on its way');
      assert.strictEqual(api.store.get(childId)!.status, 'MODAL'); // the tree offers "Continue…" right now
      let returned = false;
      const continuing = vscode.commands.executeCommand('aitre.continueTask', childId).then(() => { returned = true; });
      try {
        await until(() => returned, '"Continue…" to return without asking for a prompt', 5_000);
      } finally {
        if (!returned) await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
      }
      await continuing;
      sim.releaseHeld();
      await until(() => api.store.get(childId)?.modalSubmitted === true, 'the modal to be accepted');
      const modals = sim.requests.filter((r) => r.route === 'POST /mj/submit/modal' && (r.body as { taskId: string }).taskId === childId);
      assert.strictEqual(modals.length, 1);
      await done(childId);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
