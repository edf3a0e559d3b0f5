// The MidJourney loop inside a real extension host: commands, store, tracker, panel, against a
// simulator started in this process on 127.0.0.1.
import * as assert from 'assert';
import * as vscode from 'vscode';
import type { AitreApi } from '../../src/extension';
import type { TaskRecord } from '../../src/shared/task';
import { startSimulator, type Simulator } from '../simulator';
import { acceptUntilDone, connect, disconnect, EXTENSION_ID, messagesFrom, reconnect, until } from './helpers';

const submits = (sim: Simulator) => sim.requests.filter((r) => r.route.startsWith('POST /mj/submit')).length;

suite('MidJourney loop in the extension host', () => {
  let sim: Simulator;
  let api: AitreApi;
  const settings = () => vscode.workspace.getConfiguration('aitre');

  suiteSetup(async () => {
    sim = await startSimulator({ speed: { syncDelayMs: 50, submittedMs: 100, runMs: 500, progressSteps: 4 } });
    api = await connect(sim);
  });

  suiteTeardown(async () => {
    await disconnect(api);
    await sim.close();
  });

  setup(async () => {
    await reconnect(api, sim);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  test('every command in the manifest is registered, each with the AITRE category', async () => {
    const manifest = vscode.extensions.getExtension(EXTENSION_ID)!.packageJSON as { contributes: { commands: { command: string; category: string }[] } };
    const registered = new Set(await vscode.commands.getCommands(true));
    for (const c of manifest.contributes.commands) {
      assert.ok(registered.has(c.command), `${c.command} is not registered`);
      assert.strictEqual(c.category, 'AITRE');
    }
  });

  test('Imagine from Selection sends the selected text and tracks the task to SUCCESS', async () => {
    const doc = await vscode.workspace.openTextDocument({ content: 'intro line\na red fox in fresh snow --ar 3:2\noutro', language: 'markdown' });
    const editor = await vscode.window.showTextDocument(doc);
    editor.selection = new vscode.Selection(1, 0, 1, doc.lineAt(1).text.length);
    const mark = sim.requests.length;
    const task = await vscode.commands.executeCommand<TaskRecord>('aitre.imagineFromSelection');
    assert.ok(task, 'no task returned');
    const request = sim.requests.slice(mark).find((r) => r.route === 'POST /mj/submit/imagine')!;
    assert.strictEqual((request.body as { prompt: string }).prompt, 'a red fox in fresh snow --ar 3:2');
    assert.strictEqual(request.headers.authorization, `Bearer ${sim.apiKey}`);
    const done = await until(() => { const t = api.store.get(task.id); return t?.status === 'SUCCESS' ? t : undefined; }, 'SUCCESS');
    assert.strictEqual(done.buttons.length, 9);
    // The selection text is untouched.
    assert.strictEqual(doc.getText(), 'intro line\na red fox in fresh snow --ar 3:2\noutro');
  });

  test('aitre.results.openPanel: "open" shows the new task beside the editor, focus kept; "quiet" opens nothing', async () => {
    const doc = await vscode.workspace.openTextDocument({ content: 'a prompt file\n', language: 'markdown' });
    const editor = await vscode.window.showTextDocument(doc);
    try {
      await settings().update('results.openPanel', 'open', vscode.ConfigurationTarget.Global);
      const shown = await vscode.commands.executeCommand<TaskRecord>('aitre.imagineFromSelection', { prompt: 'a panel that opens itself' });
      assert.strictEqual(api.shownTaskId(), shown!.id, 'the panel does not show the new task');
      assert.strictEqual(vscode.window.activeTextEditor?.document, editor.document, 'the panel took the focus');
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      await until(() => api.shownTaskId() === undefined || undefined, 'the panel to close');

      await settings().update('results.openPanel', 'quiet', vscode.ConfigurationTarget.Global);
      const quiet = await vscode.commands.executeCommand<TaskRecord>('aitre.imagineFromSelection', { prompt: 'a panel that stays shut' });
      assert.ok(quiet, 'no task');
      assert.strictEqual(api.shownTaskId(), undefined, 'the panel opened in quiet mode');
    } finally {
      await settings().update('results.openPanel', undefined, vscode.ConfigurationTarget.Global);
    }
  });

  test('a prompt argument (keybinding) is used as is', async () => {
    const task = await vscode.commands.executeCommand<TaskRecord>('aitre.imagineFromSelection', { prompt: 'a blue heron' });
    assert.strictEqual(task?.prompt, 'a blue heron');
  });

  test('an empty or whitespace prompt is refused and nothing is sent', async () => {
    const before = submits(sim);
    const result = await vscode.commands.executeCommand('aitre.imagineFromSelection', '   \n ');
    assert.strictEqual(result, undefined);
    assert.strictEqual(submits(sim), before);
  });

  test('the result panel opens on a task and follows the child after a button press', async () => {
    const parent = await vscode.commands.executeCommand<TaskRecord>('aitre.imagineFromSelection', 'a lighthouse at dusk');
    await until(() => api.store.get(parent!.id)?.status === 'SUCCESS', 'parent done');
    await vscode.commands.executeCommand('aitre.openResult', parent!.id);
    assert.strictEqual(api.shownTaskId(), parent!.id);
    const u1 = api.store.get(parent!.id)!.buttons.find((b) => b.label === 'U1')!;
    const childId = await vscode.commands.executeCommand<string>('aitre.pressButton', parent!.id, u1.customId);
    assert.ok(childId);
    const child = api.store.get(childId)!;
    assert.strictEqual(child.parentId, parent!.id);
    assert.strictEqual(child.originLabel, 'U1');
    const action = sim.requests.filter((r) => r.route === 'POST /mj/submit/action').at(-1)!;
    assert.deepStrictEqual(action.body, { customId: u1.customId, taskId: parent!.id });
    await until(() => api.store.get(childId)?.status === 'SUCCESS', 'child done');
    assert.ok(api.store.children(parent!.id).some((c) => c.id === childId));
  });

  test('Save All 4 with the result panel closed: the panel opens, the grid is cut there once it is ready, four files', async () => {
    const grid = await vscode.commands.executeCommand<TaskRecord>('aitre.imagineFromSelection', 'a harbour at night');
    await until(() => api.store.get(grid!.id)?.status === 'SUCCESS', 'grid done');
    await until(() => api.shownTaskId() === undefined, 'the result panel to be closed (setup closes every editor)');
    const before = submits(sim);
    const files = await vscode.commands.executeCommand<vscode.Uri[]>('aitre.splitGrid', grid!.id);
    assert.strictEqual(api.shownTaskId(), grid!.id);
    assert.strictEqual(files?.length, 4);
    for (const file of files) assert.ok((await vscode.workspace.fs.stat(file)).size > 0, file.toString());
    assert.strictEqual(submits(sim), before, 'cutting the grid must not call the gateway');
    for (const file of files) await vscode.workspace.fs.delete(file);
  });

  test('a button that is not the task\'s own is refused without a request', async () => {
    const made = await vscode.commands.executeCommand<TaskRecord>('aitre.imagineFromSelection', 'a quiet forest');
    const parent = await until(() => { const t = api.store.get(made!.id); return t?.status === 'SUCCESS' ? t : undefined; }, 'parent done');
    const before = submits(sim);
    const result = await vscode.commands.executeCommand('aitre.pressButton', parent.id, 'MJ::JOB::upsample::1::forged');
    assert.strictEqual(result, undefined);
    assert.strictEqual(submits(sim), before);
  });

  test('Custom Zoom lands in MODAL, the prefilled prompt (with --zoom 2) is accepted, the task completes', async () => {
    const grid = await vscode.commands.executeCommand<TaskRecord>('aitre.imagineFromSelection', 'a castle on a hill');
    await until(() => api.store.get(grid!.id)?.status === 'SUCCESS', 'grid done');
    const u1 = api.store.get(grid!.id)!.buttons.find((b) => b.label === 'U1')!;
    const upId = await vscode.commands.executeCommand<string>('aitre.pressButton', grid!.id, u1.customId);
    await until(() => api.store.get(upId)?.status === 'SUCCESS', 'upscale done');
    const zoom = api.store.get(upId)!.buttons.find((b) => b.label === 'Custom Zoom')!;
    const mark = sim.requests.length;
    // The input box opens with the prefilled prompt; accept it as a person pressing Enter would.
    const zoomId = await acceptUntilDone(vscode.commands.executeCommand<string>('aitre.pressButton', upId, zoom.customId), 'Custom Zoom');
    assert.ok(sim.requests.slice(mark).some((r) => r.route === 'POST /mj/submit/action' && (r.body as { customId: string }).customId === zoom.customId), 'no custom zoom action');
    const modal = await until(() => sim.requests.slice(mark).find((r) => r.route === 'POST /mj/submit/modal'), 'modal request');
    assert.deepStrictEqual(modal.body, { taskId: zoomId, prompt: 'a castle on a hill --zoom 2' });
    await until(() => api.store.get(zoomId)?.status === 'SUCCESS', 'zoom done');
  });

  test('Open Task by ID adds a task made elsewhere; an unknown id adds nothing', async () => {
    const made = await fetch(`${sim.url}/mj/submit/imagine`, {
      method: 'POST', headers: { Authorization: `Bearer ${sim.apiKey}`, 'Content-Type': 'application/json' }, body: JSON.stringify({ prompt: 'made in another tool' }),
    }).then((r) => r.json()) as { result: string | number };
    const id = String(made.result);
    const task = await vscode.commands.executeCommand<TaskRecord>('aitre.openTaskById', id);
    assert.strictEqual(task?.id, id);
    assert.ok(api.store.has(id));
    const size = api.store.size;
    const shown = messagesFrom(api);
    const unknown = vscode.commands.executeCommand('aitre.openTaskById', '1111111111111111');
    await shown(/no task 1111111111111111/);
    assert.ok(sim.requests.some((r) => r.path === '/mj/task/1111111111111111/fetch'));
    assert.strictEqual(api.store.size, size);
    void unknown; // the error notification stays until dismissed
  });

  test('tree commands: copy id, remove, clear finished', async () => {
    const made = await vscode.commands.executeCommand<TaskRecord>('aitre.imagineFromSelection', 'a stone bridge');
    const task = await until(() => { const t = api.store.get(made!.id); return t?.status === 'SUCCESS' ? t : undefined; }, 'task done');
    await vscode.commands.executeCommand('aitre.copyTaskId', task.id);
    assert.strictEqual(await vscode.env.clipboard.readText(), task.id);
    await vscode.commands.executeCommand('aitre.removeTask', task.id);
    assert.ok(!api.store.has(task.id));
    await vscode.commands.executeCommand('aitre.clearFinished');
    assert.ok(api.store.all().every((t) => t.status !== 'SUCCESS' || api.store.all().some((c) => c.parentId === t.id)));
  });

  test('polls that fail with 502 pages, then with a rejected key: one retrying notice, then the key problem is said too', async () => {
    // Three 502 pages use up one poll with its read retries (a problem that mends itself); the 401
    // after it needs the person, so it must be said even though the outage notice was already shown.
    sim.addFault({ route: 'POST /mj/task/list-by-condition', fault: { kind: 'html', status: 502 }, times: 3 });
    sim.addFault({ route: 'POST /mj/task/list-by-condition', fault: { kind: 'status', status: 401 }, times: 1 });
    const mark = api.shownMessages().at(-1)?.seq ?? 0;
    const shown = messagesFrom(api);
    const made = await vscode.commands.executeCommand<TaskRecord>('aitre.imagineFromSelection', 'a lighthouse in a storm');
    await shown(/cannot check your running tasks right now: the gateway answered HTTP 502/);
    await shown(/rejected the API key \(401\)/);
    await until(() => api.store.get(made!.id)?.status === 'SUCCESS', 'the task to finish once polls work again');
    const fresh = api.shownMessages().filter((m) => m.seq > mark);
    assert.strictEqual(fresh.filter((m) => /cannot check/.test(m.text)).length, 1, `one outage notice, saw ${JSON.stringify(fresh.map((m) => m.text))}`);
    assert.deepStrictEqual(fresh.map((m) => m.level), ['warning', 'error']);
  });

  test('a base URL ending in /v1 stops the command before anything is sent', async () => {
    await settings().update('baseUrl', `${sim.url}/v1`, vscode.ConfigurationTarget.Global);
    try {
      const before = submits(sim);
      const shown = messagesFrom(api);
      const result = vscode.commands.executeCommand('aitre.imagineFromSelection', 'a fox');
      await shown(/ends with \/v1/);
      assert.strictEqual(submits(sim), before);
      void result; // the message (with "Open Settings") stays until dismissed
    } finally {
      await settings().update('baseUrl', sim.url, vscode.ConfigurationTarget.Global);
    }
  });

  test('no key: the command sends nothing (and offers to set one)', async () => {
    await api.clearKey();
    try {
      const before = submits(sim);
      const shown = messagesFrom(api);
      void vscode.commands.executeCommand('aitre.imagineFromSelection', 'a fox without key');
      await shown(/No AITRE API key is set/);
      assert.strictEqual(submits(sim), before);
    } finally {
      await api.setKey(sim.apiKey);
    }
  });

  test('the key is in no setting and not in the saved task history', async () => {
    await api.store.flush();
    const everything = JSON.stringify(vscode.workspace.getConfiguration('aitre')) + JSON.stringify(api.store.all());
    assert.ok(!everything.includes(sim.apiKey));
  });
});
