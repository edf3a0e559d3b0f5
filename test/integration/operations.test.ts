// Every MidJourney operation from the places a person uses (Explorer arguments, the selection, the
// panel's suggestion buttons), inside a real extension host against the simulator.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import type { AitreApi } from '../../src/extension';
import type { TaskRecord } from '../../src/shared/task';
import { startSimulator, type Simulator } from '../simulator';
import { acceptUntilDone, cancelUntilDone, connect, disconnect, reconnect, until } from './helpers';

const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGP4z8AAAAMBAQDJ/pLvAAAAAElFTkSuQmCC', 'base64');

suite('MidJourney operations in the extension host', () => {
  let sim: Simulator;
  let api: AitreApi;
  let dir: string;
  const uri = (name: string) => vscode.Uri.file(path.join(dir, name));
  const body = (route: string) => sim.requests.filter((r) => r.route === route).at(-1)?.body as Record<string, unknown> | undefined;
  const done = (id: string) => until(() => { const t = api.store.get(id); return t?.status === 'SUCCESS' ? t : undefined; }, `task ${id} done`);

  suiteSetup(async () => {
    sim = await startSimulator({ speed: 'test' });
    api = await connect(sim);
    dir = path.join(vscode.workspace.workspaceFolders![0]!.uri.fsPath, 'images');
    fs.mkdirSync(dir, { recursive: true });
    for (const name of ['a.png', 'b.png', 'c.png', 'face.png', 'target.png']) fs.writeFileSync(path.join(dir, name), PNG);
    fs.writeFileSync(path.join(dir, 'not-an-image.png'), 'hello, I am text');
    fs.writeFileSync(path.join(dir, 'huge.png'), Buffer.concat([PNG, Buffer.alloc(11 * 1024 * 1024)]));
  });

  suiteTeardown(async () => {
    await disconnect(api);
    await sim.close();
  });

  // Every test starts connected, with no editor (so no selection) open.
  setup(async () => {
    await reconnect(api, sim);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  test('blend 2 images from an Explorer multi-selection, square', async () => {
    const task = await acceptUntilDone(vscode.commands.executeCommand<TaskRecord>('aitre.blendImages', uri('a.png'), [uri('a.png'), uri('b.png')]));
    assert.ok(task);
    const sent = body('POST /mj/submit/blend')!;
    assert.strictEqual((sent.base64Array as string[]).length, 2);
    assert.match((sent.base64Array as string[])[0]!, /^data:image\/png;base64,/);
    assert.strictEqual(sent.dimensions, 'SQUARE');
    assert.strictEqual((await done(task.id)).action, 'BLEND');
    assert.match(api.store.get(task.id)!.subject ?? '', /a\.png, b\.png/);
  });

  test('blend refuses one image, six images, a non-image and an oversized image before sending', async () => {
    const before = sim.requests.filter((r) => r.route === 'POST /mj/submit/blend').length;
    for (const selection of [[uri('a.png')], [uri('a.png'), uri('b.png'), uri('c.png'), uri('face.png'), uri('target.png'), uri('a.png')], [uri('a.png'), uri('not-an-image.png')], [uri('a.png'), uri('huge.png')]]) {
      const result = await vscode.commands.executeCommand('aitre.blendImages', selection[0], selection);
      assert.strictEqual(result, undefined);
    }
    assert.strictEqual(sim.requests.filter((r) => r.route === 'POST /mj/submit/blend').length, before);
  });

  test('describe an image from the Explorer: four prompts; "Imagine this" goes through PicReader → modal', async () => {
    const task = await vscode.commands.executeCommand<TaskRecord>('aitre.describeImage', uri('a.png'));
    assert.ok(task);
    assert.match(String(body('POST /mj/submit/describe')!.base64), /^data:image\/png;base64,/);
    await done(task.id);
    assert.strictEqual(api.promptsOf(task.id).length, 4);
    const childId = await vscode.commands.executeCommand<string>('aitre.usePrompt', task.id, 2, 'imagine');
    assert.ok(childId);
    assert.match(String(body('POST /mj/submit/action')!.customId), /PicReader::2/);
    await until(() => sim.requests.some((r) => r.route === 'POST /mj/submit/modal' && (r.body as { taskId: string }).taskId === childId), 'modal submitted');
    assert.strictEqual((body('POST /mj/submit/modal') as { prompt: string }).prompt, api.promptsOf(task.id)[1]);
    await done(childId);
    assert.strictEqual(api.store.get(childId)!.parentId, task.id);
  });

  test('on a gateway that rejects PicReader (unknown_action), "Imagine this" falls back to a plain imagine', async () => {
    sim.configure({ rejectJobButtons: true });
    try {
      const task = await vscode.commands.executeCommand<TaskRecord>('aitre.describeImage', uri('b.png'));
      await done(task!.id);
      const prompt = api.promptsOf(task!.id)[0]!;
      const childId = await vscode.commands.executeCommand<string>('aitre.usePrompt', task!.id, 1, 'imagine');
      assert.ok(childId);
      assert.strictEqual((body('POST /mj/submit/imagine') as { prompt: string }).prompt, prompt);
      assert.strictEqual(api.store.get(childId)!.parentId, task!.id);
      await done(childId);
    } finally {
      sim.configure({ rejectJobButtons: false });
      // The service remembers the refusal per gateway (issue 14); later tests expect the PicReader button again.
      await api.forgetLearnedButtons();
    }
  });

  test('describe: "Insert at cursor" puts the prompt into the editor', async () => {
    const task = api.store.all().find((t) => t.action === 'DESCRIBE' && t.status === 'SUCCESS')!;
    const doc = await vscode.workspace.openTextDocument({ content: 'before|after', language: 'markdown' });
    const editor = await vscode.window.showTextDocument(doc);
    editor.selection = new vscode.Selection(0, 7, 0, 7);
    await vscode.commands.executeCommand('aitre.usePrompt', task.id, 3, 'insert');
    assert.strictEqual(doc.getText(), `before|${api.promptsOf(task.id)[2]}after`);
  });

  test('shorten the selection, then "Replace selection" puts a shorter prompt in its place', async () => {
    const long = 'a very detailed red fox sitting in fresh snow at golden hour, cinematic lighting, 8k';
    const doc = await vscode.workspace.openTextDocument({ content: `# Prompt\n${long}\nend`, language: 'markdown' });
    const editor = await vscode.window.showTextDocument(doc);
    editor.selection = new vscode.Selection(1, 0, 1, long.length);
    const task = await vscode.commands.executeCommand<TaskRecord>('aitre.shortenPrompt');
    assert.strictEqual((body('POST /mj/submit/shorten') as { prompt: string }).prompt, long);
    await done(task!.id);
    const prompts = api.promptsOf(task!.id);
    assert.strictEqual(prompts.length, 5);
    await vscode.commands.executeCommand('aitre.usePrompt', task!.id, 2, 'replace');
    assert.strictEqual(doc.getText(), `# Prompt\n${prompts[1]}\nend`);
    // The original text is gone now: a second replace targets the new text, not stale offsets.
    await vscode.commands.executeCommand('aitre.usePrompt', task!.id, 1, 'replace');
    assert.strictEqual(doc.getText(), `# Prompt\n${prompts[0]}\nend`);
  });

  test('imagine with reference images from the Explorer sends base64Array', async () => {
    const submitted = sim.requests.filter((r) => r.route === 'POST /mj/submit/imagine').length;
    // With no selection the prompt box opens empty; Escape cancels and nothing is sent.
    assert.strictEqual(await cancelUntilDone(vscode.commands.executeCommand<TaskRecord>('aitre.imagineWithReferences', uri('a.png'), [uri('a.png'), uri('b.png')])), undefined);
    assert.strictEqual(sim.requests.filter((r) => r.route === 'POST /mj/submit/imagine').length, submitted);
    const doc = await vscode.workspace.openTextDocument({ content: 'a fox in the style of the references', language: 'markdown' });
    const editor = await vscode.window.showTextDocument(doc);
    editor.selection = new vscode.Selection(0, 0, 0, doc.getText().length);
    const task = await acceptUntilDone(vscode.commands.executeCommand<TaskRecord>('aitre.imagineWithReferences', uri('a.png'), [uri('a.png'), uri('b.png')]));
    const sent = body('POST /mj/submit/imagine')!;
    assert.strictEqual(sent.prompt, 'a fox in the style of the references');
    assert.strictEqual((sent.base64Array as string[]).length, 2);
    await done(task!.id);
  });

  test('face swap from two Explorer images (the first picked is the face), and Copy Seed', async () => {
    const task = await acceptUntilDone(vscode.commands.executeCommand<TaskRecord>('aitre.swapFace', uri('face.png'), [uri('face.png'), uri('target.png')]));
    const sent = body('POST /mj/insight-face/swap')!;
    assert.match(String(sent.sourceBase64), /^data:image\/png;base64,/);
    assert.match(String(sent.targetBase64), /^data:image\/png;base64,/);
    await done(task!.id);
    assert.strictEqual(api.store.get(task!.id)!.action, 'SWAP_FACE');
    const seed = await vscode.commands.executeCommand<string>('aitre.copySeed', task!.id);
    assert.match(seed ?? '', /^\d+$/);
    assert.strictEqual(await vscode.env.clipboard.readText(), seed);
  });

  test('a keybinding can pick the Niji bot for one call', async () => {
    await vscode.commands.executeCommand('aitre.imagineFromSelection', { prompt: 'a niji fox', botType: 'NIJI_JOURNEY' });
    assert.strictEqual((body('POST /mj/submit/imagine') as { botType: string }).botType, 'NIJI_JOURNEY');
  });

  test('the NIJI bot and the relax mode from settings reach the gateway', async () => {
    const settings = vscode.workspace.getConfiguration('aitre');
    await settings.update('midjourney.botType', 'NIJI_JOURNEY', vscode.ConfigurationTarget.Global);
    await settings.update('midjourney.mode', 'relax', vscode.ConfigurationTarget.Global);
    try {
      await vscode.commands.executeCommand('aitre.imagineFromSelection', 'an anime fox');
      const request = sim.requests.filter((r) => r.route === 'POST /mj/submit/imagine').at(-1)!;
      assert.strictEqual(request.mode, 'mj-relax');
      assert.strictEqual((request.body as { botType: string }).botType, 'NIJI_JOURNEY');
    } finally {
      await settings.update('midjourney.botType', undefined, vscode.ConfigurationTarget.Global);
      await settings.update('midjourney.mode', undefined, vscode.ConfigurationTarget.Global);
    }
  });
});
