// The issue 14 editor commands with their arguments, inside a real extension host against the simulator:
// Animate… on a task id, Video from Image… on an Explorer file, Use as Style Reference into an open prompt
// (one upload for two uses), and a file that is not an image refused before anything is sent.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import type { AitreApi } from '../../src/extension';
import type { TaskRecord } from '../../src/shared/task';
import { startSimulator, type Simulator } from '../simulator';
import { acceptUntilDone, connect, disconnect, messagesFrom, reconnect, until } from './helpers';

const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGP4z8AAAAMBAQDJ/pLvAAAAAElFTkSuQmCC', 'base64');

suite('Video, edits and references in the extension host', () => {
  let sim: Simulator;
  let api: AitreApi;
  let dir: string;
  const uri = (name: string) => vscode.Uri.file(path.join(dir, name));
  const sent = (route: string) => sim.requests.filter((r) => r.route === route);
  const done = (id: string) => until(() => { const t = api.store.get(id); return t?.status === 'SUCCESS' ? t : undefined; }, `task ${id} done`);

  suiteSetup(async () => {
    sim = await startSimulator({ speed: 'test' });
    api = await connect(sim);
    dir = path.join(vscode.workspace.workspaceFolders![0]!.uri.fsPath, 'media-refs');
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, 'style.png'), PNG);
    fs.writeFileSync(path.join(dir, 'notes.txt'), 'not a picture');
  });

  suiteTeardown(async () => {
    await disconnect(api);
    await sim.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  setup(async () => {
    await reconnect(api, sim);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  test('Animate… with a grid task id: picture and motion (Enter: picture 1, low), one video submit with the parent', async () => {
    const grid = await vscode.commands.executeCommand<TaskRecord>('aitre.imagineFromSelection', { prompt: 'a kite over dunes' });
    await done(grid.id);
    const videoId = await acceptUntilDone(vscode.commands.executeCommand<string>('aitre.animate', grid.id));
    const video = await done(videoId);
    assert.strictEqual(video.action, 'VIDEO');
    assert.strictEqual(video.parentId, grid.id);
    const body = sent('POST /mj/submit/video').at(-1)!.body as Record<string, unknown>;
    assert.deepStrictEqual([body.taskId, body.index, body.motion], [grid.id, 0, 'low']);
    assert.ok(video.videoUrls.length > 0);
  });

  test('Video from Image… with an Explorer file: the defaults with Enter, the picture sent as data', async () => {
    const id = await acceptUntilDone(vscode.commands.executeCommand<string>('aitre.videoFromImage', uri('style.png')));
    assert.strictEqual((await done(id)).action, 'VIDEO');
    const body = sent('POST /mj/submit/video').at(-1)!.body as Record<string, unknown>;
    assert.match(String(body.image), /^data:image\/png;base64,/);
    assert.deepStrictEqual([body.motion, body.batchSize, body.loop, body.prompt], ['low', 1, undefined, undefined]);
  });

  test('Use as Style Reference twice into an open prompt: --sref before the parameters, one upload, never twice', async () => {
    const doc = await vscode.workspace.openTextDocument({ language: 'markdown', content: 'a fox in snow --ar 3:2' });
    const editor = await vscode.window.showTextDocument(doc);
    editor.selection = new vscode.Selection(0, 22, 0, 22);
    const uploads = sent('POST /mj/submit/upload-discord-images').length;
    const url = await vscode.commands.executeCommand<string>('aitre.useAsStyleReference', uri('style.png'));
    assert.ok(url?.startsWith('http'));
    assert.strictEqual(doc.getText(), `a fox in snow --sref ${url} --ar 3:2`);
    const again = await vscode.commands.executeCommand<string>('aitre.useAsStyleReference', uri('style.png'));
    assert.strictEqual(again, url);
    assert.strictEqual(doc.getText(), `a fox in snow --sref ${url} --ar 3:2`, 'the same link is not inserted twice');
    assert.strictEqual(sent('POST /mj/submit/upload-discord-images').length, uploads + 1);
  });

  test('a file that is not a picture is refused in one sentence, nothing sent', async () => {
    const said = messagesFrom(api);
    const before = sim.requests.length;
    await vscode.commands.executeCommand('aitre.useAsOmniReference', uri('notes.txt'));
    await said(/"notes\.txt" is not a PNG, JPEG, WebP or GIF image\. Nothing was sent\./);
    assert.strictEqual(sim.requests.length, before);
  });
});
