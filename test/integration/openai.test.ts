// The OpenAI-format commands inside a real extension host, against the simulator started in this process:
// models, streamed chat into a document (and what a cut stream leaves), rewrite with Accept / Reject,
// pictures saved as tasks, speech saved as files, transcripts, embeddings, completions, and the errors.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import type { AitreApi } from '../../src/extension';
import type { TaskRecord } from '../../src/shared/task';
import { startSimulator, type Simulator } from '../simulator';
import { acceptUntilDone, connect, disconnect, EXTENSION_ID, messagesFrom, reconnect, until } from './helpers';

const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGP4z8AAAAMBAQDJ/pLvAAAAAElFTkSuQmCC', 'base64');

interface AskResult { document: vscode.TextDocument; answer: string }
interface RewriteResult { id: string; rewrite: string; incomplete?: string }

const rewriteTabs = () => vscode.window.tabGroups.all.flatMap((g) => g.tabs)
  .filter((t) => t.input instanceof vscode.TabInputTextDiff && t.input.modified.scheme === 'aitre-rewrite');

suite('OpenAI-format commands in the extension host', () => {
  let sim: Simulator;
  let api: AitreApi;
  let root: string;
  const settings = () => vscode.workspace.getConfiguration('aitre');
  const requests = (route: string) => sim.requests.filter((r) => r.route === route);
  const lastBody = (route: string) => requests(route).at(-1)?.body as Record<string, unknown> | undefined;
  const file = (rel: string) => vscode.Uri.file(path.join(root, rel));

  async function editorWith(content: string, language = 'plaintext'): Promise<vscode.TextEditor> {
    const doc = await vscode.workspace.openTextDocument({ content, language });
    return vscode.window.showTextDocument(doc, { viewColumn: vscode.ViewColumn.One });
  }

  async function closeEverything(): Promise<void> {
    // Untitled documents (JSON, transcripts) are dirty: revert each so closing asks nothing.
    for (let i = 0; i < 40 && vscode.window.tabGroups.all.some((g) => g.tabs.length); i++) {
      const tab = vscode.window.tabGroups.all.flatMap((g) => g.tabs)[0]!;
      if (tab.input instanceof vscode.TabInputText && tab.isDirty) {
        await vscode.window.showTextDocument(tab.input.uri, { preview: false });
        await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
      } else {
        await vscode.window.tabGroups.close(tab);
      }
    }
  }

  suiteSetup(async () => {
    sim = await startSimulator({ speed: 'test' });
    api = await connect(sim);
    root = vscode.workspace.workspaceFolders![0]!.uri.fsPath;
    fs.mkdirSync(path.join(root, 'media'), { recursive: true });
    fs.writeFileSync(path.join(root, 'media', 'clip.wav'), Buffer.concat([Buffer.from('RIFF'), Buffer.alloc(9600, 1)]));
    fs.writeFileSync(path.join(root, 'media', 'notes.txt'), 'not audio');
    fs.writeFileSync(path.join(root, 'media', 'huge.mp3'), Buffer.alloc(26 * 1024 * 1024, 7));
    fs.writeFileSync(path.join(root, 'media', 'ref.png'), PNG);
  });

  suiteTeardown(async () => {
    for (const key of ['models.chat', 'models.image', 'transcription.format']) await settings().update(key, undefined, vscode.ConfigurationTarget.Global);
    await closeEverything();
    await disconnect(api);
    await sim.close();
  });

  // Every test starts connected, with the default models and transcript format.
  setup(async () => {
    await reconnect(api, sim);
    for (const key of ['models.chat', 'models.image', 'models.speech', 'models.embeddings', 'transcription.format']) {
      if (settings().inspect(key)?.globalValue !== undefined) await settings().update(key, undefined, vscode.ConfigurationTarget.Global);
    }
  });

  teardown(async () => {
    sim.clearFaults();
  });

  test('every OpenAI command is in the manifest (category AITRE) and registered', async () => {
    const manifest = vscode.extensions.getExtension(EXTENSION_ID)!.packageJSON as { contributes: { commands: { command: string; category: string }[]; configuration: { properties: Record<string, { default: unknown }> } } };
    const registered = new Set(await vscode.commands.getCommands(true));
    const ids = ['selectModel', 'askAboutSelection', 'rewriteSelection', 'acceptRewrite', 'rejectRewrite', 'generateImageWithChat', 'generateImage',
      'speakSelection', 'transcribeAudio', 'translateAudio', 'embedSelection', 'compareSelections', 'completeAtCursor'].map((id) => `aitre.${id}`);
    for (const id of ids) {
      assert.ok(registered.has(id), `${id} is not registered`);
      assert.strictEqual(manifest.contributes.commands.find((c) => c.command === id)?.category, 'AITRE', `${id} is not in the manifest`);
    }
    const props = manifest.contributes.configuration.properties;
    assert.strictEqual(props['aitre.models.chat']?.default, 'gpt-4o-mini');
    assert.strictEqual(props['aitre.models.image']?.default, 'dall-e-3');
    assert.strictEqual(props['aitre.models.speech']?.default, 'tts-1');
    assert.strictEqual(props['aitre.models.transcription']?.default, 'whisper-1');
    assert.strictEqual(props['aitre.models.embeddings']?.default, 'text-embedding-3-small');
    assert.strictEqual(props['aitre.models.completions']?.default, 'gpt-3.5-turbo-instruct');
    assert.strictEqual(props['aitre.audioFolder']?.default, 'assets/aitre/audio');
    assert.strictEqual(props['aitre.transcription.format']?.default, 'text');
  });

  test('Select Model: the picker lists the gateway\'s models once (then from the cache); arguments set the setting', async () => {
    sim.clearRequests();
    // Enter takes the active row: the current model.
    assert.strictEqual(await acceptUntilDone(vscode.commands.executeCommand<string>('aitre.selectModel', { capability: 'speech' })), 'tts-1');
    const listed = requests('GET /v1/models').length;
    assert.ok(listed <= 1, `the list was asked ${listed} times`);
    // A second picker uses the cached list: no new request.
    assert.strictEqual(await acceptUntilDone(vscode.commands.executeCommand<string>('aitre.selectModel', { capability: 'embeddings' })), 'text-embedding-3-small');
    assert.strictEqual(requests('GET /v1/models').length, listed);
    // (the list is kept in globalState too: checked in e2e across a reload)

    await vscode.commands.executeCommand('aitre.selectModel', { capability: 'chat', model: 'gpt-4o-image' });
    assert.strictEqual(settings().get('models.chat'), 'gpt-4o-image');
    await vscode.commands.executeCommand('aitre.selectModel', { capability: 'chat', model: 'gpt-4o-mini' });
    assert.strictEqual(settings().get('models.chat'), 'gpt-4o-mini');
  });

  test('Ask about Selection streams the answer into a new Markdown document, question and selection on top', async () => {
    const editor = await editorWith('function add(a, b) {\n  return a + b;\n}\n', 'javascript');
    editor.selection = new vscode.Selection(0, 0, 2, 1);
    let edits = 0;
    const counting = vscode.workspace.onDidChangeTextDocument((e) => { if (e.document.uri.scheme === 'aitre-answer' && e.contentChanges.length) edits++; });
    try {
      const result = await vscode.commands.executeCommand<AskResult>('aitre.askAboutSelection', { question: 'What does this do?' });
      assert.ok(result, 'no answer');
      const text = result.document.getText();
      assert.strictEqual(result.document.languageId, 'markdown');
      assert.match(text, /^# What does this do\?/);
      assert.ok(text.includes('```javascript\nfunction add(a, b) {\n  return a + b;\n}\n```'), text);
      assert.ok(text.includes('**Answer** (gpt-4o-mini):'));
      assert.ok(text.includes('Simulated reply from gpt-4o-mini'), text);
      assert.ok(text.includes(result.answer));
      assert.ok(edits >= 2, `the answer arrived in ${edits} edit(s), not streamed`);
      const sent = lastBody('POST /v1/chat/completions')!;
      assert.strictEqual(sent.stream, true);
      assert.match(JSON.stringify(sent.messages), /return a \+ b/);
      // Opened beside the editor, not in its place; read-only, so closing it never asks to save.
      assert.ok(vscode.window.visibleTextEditors.some((e) => e.document === result.document && e.viewColumn !== editor.viewColumn));
      assert.strictEqual(result.document.uri.scheme, 'aitre-answer');
      assert.match(result.document.uri.path, /^\/Answer - What does this do\.md$/);
      assert.ok(!result.document.isDirty && !result.document.isUntitled, 'the answer is a document that asks to be saved');
      assert.strictEqual(vscode.window.activeTextEditor?.document, editor.document, 'the answer took the focus');
    } finally {
      counting.dispose();
    }
  });

  test('with the result panel open beside the editor, the answer opens past it: the panel stays in view', async () => {
    await closeEverything();
    const task = await vscode.commands.executeCommand<TaskRecord>('aitre.imagineFromSelection', { prompt: 'a harbour at night' });
    await until(() => api.store.get(task!.id)?.status === 'SUCCESS', 'the task to finish');
    const editor = await editorWith('const answer = 42;\n', 'javascript');
    editor.selection = new vscode.Selection(0, 0, 0, 18);
    await vscode.commands.executeCommand('aitre.openResult', task!.id);
    const panelGroup = () => vscode.window.tabGroups.all.find((g) => g.activeTab?.input instanceof vscode.TabInputWebview && g.activeTab.input.viewType.endsWith('aitre.result'));
    const before = await until(() => panelGroup(), 'the result panel');
    assert.notStrictEqual(before.viewColumn, editor.viewColumn);
    await vscode.window.showTextDocument(editor.document, { viewColumn: editor.viewColumn });
    const result = await vscode.commands.executeCommand<AskResult>('aitre.askAboutSelection', { question: 'Why 42?' });
    assert.ok(result, 'no answer');
    const shown = vscode.window.visibleTextEditors.find((e) => e.document === result.document);
    assert.ok(shown, 'the answer is not shown');
    assert.notStrictEqual(shown.viewColumn, editor.viewColumn, 'the answer replaced the editor');
    assert.notStrictEqual(shown.viewColumn, before.viewColumn, 'the answer covers the result panel');
    assert.strictEqual(panelGroup()?.viewColumn, before.viewColumn, 'the result panel is no longer in view');
    await closeEverything();
  });

  test('a stream cut part-way keeps the partial answer in the document and marks it incomplete', async () => {
    const editor = await editorWith('const x = 1;\n', 'javascript');
    editor.selection = new vscode.Selection(0, 0, 0, 12);
    const result = await vscode.commands.executeCommand('aitre.askAboutSelection', { question: 'Explain --sim-cut' });
    assert.strictEqual(result, undefined, 'a cut answer is reported through the boundary');
    const doc = await until(() => vscode.workspace.textDocuments.find((d) => d.uri.scheme === 'aitre-answer' && d.getText().startsWith('# Explain --sim-cut')), 'the answer document');
    const text = doc.getText();
    // What arrived before the drop (how much depends on when the reset lands) stays under the heading.
    assert.ok(/\*\*Answer\*\* \(gpt-4o-mini\):\n\nSimulated/.test(text), `the partial answer is gone: ${text}`);
    assert.match(text, /⚠️ The answer above is incomplete: The answer was cut off/);
    assert.ok(!text.includes('like a real stream'), 'the cut answer is complete?');
  });

  test('an error sent inside the stream keeps what arrived before it', async () => {
    const result = await vscode.commands.executeCommand('aitre.askAboutSelection', { question: 'Break --sim-error', text: 'x' });
    assert.strictEqual(result, undefined);
    const doc = await until(() => vscode.workspace.textDocuments.find((d) => d.uri.scheme === 'aitre-answer' && d.getText().startsWith('# Break --sim-error')), 'the answer document');
    assert.match(doc.getText(), /Simulated reply[\s\S]*⚠️ The answer above is incomplete: The model stopped with an error/);
  });

  test('a refused request (unknown model, HTTP 429) opens no document and sends nothing twice', async () => {
    const before = vscode.workspace.textDocuments.length;
    assert.strictEqual(await vscode.commands.executeCommand('aitre.askAboutSelection', { question: 'Hello?', text: 'x', model: 'no-such-model' }), undefined);
    sim.addFault({ route: 'POST /v1/chat/completions', fault: { kind: 'rate-limit', retryAfterSeconds: 3 }, times: 1 });
    sim.clearRequests();
    assert.strictEqual(await vscode.commands.executeCommand('aitre.askAboutSelection', { question: 'Hello again?', text: 'x' }), undefined);
    assert.strictEqual(requests('POST /v1/chat/completions').length, 1, 'a chat request was retried');
    assert.ok(!vscode.workspace.textDocuments.some((d) => d.uri.scheme === 'aitre-answer' && /^# Hello/.test(d.getText())), 'a document was opened for a refused request');
    assert.ok(vscode.workspace.textDocuments.length <= before + 1);
  });

  test('a 401 and a missing key: nothing is opened (the boundary offers to set the key)', async () => {
    sim.addFault({ route: 'POST /v1/embeddings', fault: { kind: 'status', status: 401 }, times: 1 });
    sim.clearRequests();
    let shown = messagesFrom(api);
    void vscode.commands.executeCommand('aitre.embedSelection', { text: 'key test' });
    await shown(/rejected the API key \(401\)/);
    assert.strictEqual(requests('POST /v1/embeddings').length, 1);
    assert.ok(!vscode.workspace.textDocuments.some((d) => d.languageId === 'json' && d.getText().includes('key test')));
    await api.clearKey();
    try {
      sim.clearRequests();
      shown = messagesFrom(api);
      void vscode.commands.executeCommand('aitre.embedSelection', { text: 'no key' });
      await shown(/No AITRE API key is set/);
      assert.strictEqual(sim.requests.length, 0, 'a request went out without a key');
    } finally {
      await api.setKey(sim.apiKey);
      await vscode.commands.executeCommand('workbench.action.closeNotifications').then(undefined, () => undefined);
    }
  });

  test('Rewrite Selection shows a diff; Accept replaces the selection', async () => {
    const editor = await editorWith('alpha\nbeta gamma\ndelta\n');
    editor.selection = new vscode.Selection(1, 0, 1, 10);
    const result = await vscode.commands.executeCommand<RewriteResult>('aitre.rewriteSelection', { instruction: 'Make it shout' });
    assert.ok(result?.rewrite.startsWith('Simulated reply from gpt-4o-mini'), JSON.stringify(result));
    const tab = await until(() => rewriteTabs()[0], 'the diff');
    const input = tab.input as vscode.TabInputTextDiff;
    assert.strictEqual((await vscode.workspace.openTextDocument(input.original)).getText(), 'beta gamma');
    assert.strictEqual((await vscode.workspace.openTextDocument(input.modified)).getText(), result.rewrite);
    assert.strictEqual(editor.document.getText(), 'alpha\nbeta gamma\ndelta\n', 'the file changed before Accept');
    assert.strictEqual(await vscode.commands.executeCommand('aitre.acceptRewrite'), true);
    assert.strictEqual(editor.document.getText(), `alpha\n${result.rewrite}\ndelta\n`);
    await until(() => rewriteTabs().length === 0, 'the diff to close');
  });

  test('Rewrite Selection: Reject leaves the file untouched', async () => {
    const editor = await editorWith('one\ntwo\nthree\n');
    editor.selection = new vscode.Selection(0, 0, 2, 5);
    const result = await vscode.commands.executeCommand<RewriteResult>('aitre.rewriteSelection', { instruction: 'Reverse the lines' });
    assert.ok(result);
    const tab = await until(() => rewriteTabs()[0], 'the diff');
    // The diff title bar passes the shown resource.
    assert.strictEqual(await vscode.commands.executeCommand('aitre.rejectRewrite', (tab.input as vscode.TabInputTextDiff).modified), true);
    assert.strictEqual(editor.document.getText(), 'one\ntwo\nthree\n');
    await until(() => rewriteTabs().length === 0, 'the diff to close');
    assert.strictEqual(await vscode.commands.executeCommand('aitre.acceptRewrite'), undefined, 'nothing is waiting any more');
  });

  test('Rewrite Selection: Accept refuses when the original text has changed, and puts the rewrite on the clipboard', async () => {
    const editor = await editorWith('keep this line\n');
    editor.selection = new vscode.Selection(0, 0, 0, 14);
    const result = await vscode.commands.executeCommand<RewriteResult>('aitre.rewriteSelection', { instruction: 'Polish it' });
    assert.ok(result);
    const change = new vscode.WorkspaceEdit();
    change.replace(editor.document.uri, new vscode.Range(0, 0, 0, 4), 'KEEP');
    assert.ok(await vscode.workspace.applyEdit(change));
    assert.strictEqual(await vscode.commands.executeCommand('aitre.acceptRewrite', result.id), undefined);
    assert.strictEqual(editor.document.getText(), 'KEEP this line\n');
    assert.strictEqual(await vscode.env.clipboard.readText(), result.rewrite);
    assert.strictEqual(await vscode.commands.executeCommand('aitre.rejectRewrite', result.id), true);
  });

  test('Rewrite Selection: a cut stream still shows the partial rewrite, marked incomplete', async () => {
    const editor = await editorWith('cut me --sim-cut\n');
    editor.selection = new vscode.Selection(0, 0, 0, 16);
    assert.strictEqual(await vscode.commands.executeCommand('aitre.rewriteSelection', { instruction: 'Tidy' }), undefined);
    await until(() => rewriteTabs().find((t) => /incomplete rewrite/.test(t.label)), 'the diff of the incomplete rewrite');
    assert.strictEqual(await vscode.commands.executeCommand('aitre.rejectRewrite'), true);
    assert.strictEqual(editor.document.getText(), 'cut me --sim-cut\n');
  });

  test('Generate Image (Chat Model): the picture is saved in the workspace on a CHAT_IMAGE task the panel shows', async () => {
    const tasks = await vscode.commands.executeCommand<TaskRecord[]>('aitre.generateImageWithChat', { prompt: 'a war cat' });
    assert.strictEqual(tasks?.length, 1);
    const task = api.store.get(tasks[0]!.id)!;
    assert.match(task.id, /^chat-\d+$/);
    assert.strictEqual(task.action, 'CHAT_IMAGE');
    assert.strictEqual(task.status, 'SUCCESS');
    assert.strictEqual(task.prompt, 'a war cat');
    assert.ok(task.finishTime);
    assert.match(task.imageUrl, new RegExp(`^${sim.url}/v1/files/.+\\.png$`));
    assert.match(task.finalPrompt, /Progress 64%[\s\S]*!\[image\]/);
    const saved = vscode.Uri.parse(task.saved![0]!.uri);
    assert.ok(saved.fsPath.startsWith(path.join(root, 'assets', 'aitre')), saved.fsPath);
    const bytes = fs.readFileSync(saved.fsPath);
    assert.strictEqual(bytes.subarray(1, 4).toString(), 'PNG');
    assert.ok(fs.existsSync(`${saved.fsPath}.json`), 'no sidecar');
    assert.strictEqual(api.shownTaskId(), task.id);
    assert.strictEqual(lastBody('POST /v1/chat/completions')!.model, 'gpt-4o-image');
  });

  test('Generate Image (Chat Model) from an Explorer image: the prompt box (prefilled from the selection), the image sent as a data: URL', async () => {
    const editor = await editorWith('the same cat, in armour\n');
    editor.selection = new vscode.Selection(0, 0, 0, 23);
    const tasks = await acceptUntilDone(vscode.commands.executeCommand<TaskRecord[]>('aitre.generateImageWithChat', file('media/ref.png'), [file('media/ref.png')]));
    assert.strictEqual(tasks?.length, 1);
    const content = (lastBody('POST /v1/chat/completions')!.messages as Array<{ content: Array<{ type: string; text?: string; image_url?: { url: string } }> }>)[0]!.content;
    assert.strictEqual(content[0]!.text, 'the same cat, in armour');
    assert.strictEqual(content[1]!.image_url!.url, `data:image/png;base64,${PNG.toString('base64')}`);
    assert.match(api.store.get(tasks[0]!.id)!.finalPrompt, /Using your reference image/);
  });

  test('Generate Image: dall-e-3 with size and quality → url answer saved, revised prompt kept', async () => {
    const tasks = await vscode.commands.executeCommand<TaskRecord[]>('aitre.generateImage', { prompt: 'a lighthouse in a storm', model: 'dall-e-3', size: '1792x1024', quality: 'hd', style: 'natural' });
    assert.strictEqual(tasks?.length, 1);
    const sent = lastBody('POST /v1/images/generations')!;
    assert.deepStrictEqual({ size: sent.size, quality: sent.quality, style: sent.style, n: sent.n }, { size: '1792x1024', quality: 'hd', style: 'natural', n: 1 });
    const task = api.store.get(tasks[0]!.id)!;
    assert.strictEqual(task.action, 'GENERATE_IMAGE');
    assert.strictEqual(task.finalPrompt, 'A detailed, vivid rendering of: a lighthouse in a storm');
    assert.match(task.imageUrl, /^http/);
    assert.ok(fs.existsSync(vscode.Uri.parse(task.saved![0]!.uri).fsPath));
    assert.strictEqual(api.shownTaskId(), task.id);
  });

  test('Generate Image: gpt-image-1 answers base64 — two pictures, two saved tasks without a link', async () => {
    const tasks = await vscode.commands.executeCommand<TaskRecord[]>('aitre.generateImage', { prompt: 'two foxes', model: 'gpt-image-1', n: 2, background: 'transparent' });
    assert.strictEqual(tasks?.length, 2);
    const sent = lastBody('POST /v1/images/generations')!;
    assert.strictEqual(sent.response_format, undefined);
    assert.strictEqual(sent.background, 'transparent');
    for (const t of tasks) {
      const task = api.store.get(t.id)!;
      assert.strictEqual(task.imageUrl, '');
      assert.ok(fs.existsSync(vscode.Uri.parse(task.saved![0]!.uri).fsPath));
    }
    assert.notStrictEqual(tasks[0]!.id, tasks[1]!.id);
  });

  test('Generate Image: an option the model does not take is refused before sending', async () => {
    const before = requests('POST /v1/images/generations').length;
    assert.strictEqual(await vscode.commands.executeCommand('aitre.generateImage', { prompt: 'x', model: 'dall-e-3', background: 'transparent' }), undefined);
    assert.strictEqual(requests('POST /v1/images/generations').length, before);
  });

  test('Generate Image from the selection: Enter on "Generate" uses the shown options (dall-e-3 defaults)', async () => {
    const editor = await editorWith('a red fox in fresh snow\n');
    editor.selection = new vscode.Selection(0, 0, 0, 23);
    const tasks = await acceptUntilDone(vscode.commands.executeCommand<TaskRecord[]>('aitre.generateImage', undefined));
    assert.strictEqual(tasks?.length, 1);
    const sent = lastBody('POST /v1/images/generations')!;
    assert.deepStrictEqual({ model: sent.model, prompt: sent.prompt, size: sent.size, quality: sent.quality, style: sent.style }, { model: 'dall-e-3', prompt: 'a red fox in fresh snow', size: '1024x1024', quality: 'standard', style: 'vivid' });
  });

  test('Speak Selection: voice and format pickers, audio saved in aitre.audioFolder and never overwritten', async () => {
    const editor = await editorWith('Hello from AITRE. This is a short test.\n');
    editor.selection = new vscode.Selection(0, 0, 0, 39);
    // Enter on each picker: the voice (first row), then the format (mp3 first).
    const first = await acceptUntilDone(vscode.commands.executeCommand<{ files: vscode.Uri[] }>('aitre.speakSelection'));
    assert.strictEqual(first?.files.length, 1);
    const sent = lastBody('POST /v1/audio/speech')!;
    assert.strictEqual(sent.input, 'Hello from AITRE. This is a short test.');
    assert.strictEqual(sent.model, 'tts-1');
    assert.strictEqual(sent.response_format, 'mp3');
    const audio = first.files[0]!;
    assert.ok(audio.fsPath.startsWith(path.join(root, 'assets', 'aitre', 'audio')), audio.fsPath);
    assert.match(audio.fsPath, /speech-hello-from-aitre.*\.mp3$/);
    assert.ok(fs.statSync(audio.fsPath).size > 0);
    const second = await vscode.commands.executeCommand<{ files: vscode.Uri[] }>('aitre.speakSelection', { voice: 'nova', format: 'wav' });
    assert.match(second!.files[0]!.fsPath, /\.wav$/);
    assert.strictEqual(lastBody('POST /v1/audio/speech')!.voice, 'nova');
    const third = await vscode.commands.executeCommand<{ files: vscode.Uri[] }>('aitre.speakSelection', { voice: 'nova', format: 'wav' });
    assert.notStrictEqual(third!.files[0]!.fsPath, second!.files[0]!.fsPath, 'a file was overwritten');
    assert.ok(fs.existsSync(second!.files[0]!.fsPath));
  });

  test('Speak Selection: a text over 4096 characters is split into numbered files (when accepted)', async () => {
    const paragraph = 'This sentence is here to make a long text for speech. '.repeat(40).trim();
    const text = Array.from({ length: 4 }, () => paragraph).join('\n\n'); // ~8,800 characters
    sim.clearRequests();
    assert.strictEqual(await vscode.commands.executeCommand('aitre.speakSelection', { text, voice: 'alloy', format: 'mp3', split: false }), undefined);
    assert.strictEqual(requests('POST /v1/audio/speech').length, 0);
    const result = await vscode.commands.executeCommand<{ files: vscode.Uri[]; parts: number }>('aitre.speakSelection', { text, voice: 'alloy', format: 'mp3', split: true });
    assert.ok(result && result.parts >= 3, JSON.stringify(result));
    assert.strictEqual(result.files.length, result.parts);
    assert.strictEqual(requests('POST /v1/audio/speech').length, result.parts);
    result.files.forEach((f, i) => assert.match(path.basename(f.fsPath), new RegExp(`-${i + 1}\\.mp3$`)));
    for (const r of requests('POST /v1/audio/speech')) assert.ok(String((r.body as { input: string }).input).length <= 4096);
  });

  test('Transcribe Audio from the Explorer opens the transcript; SRT per the setting; Translate to English', async () => {
    const result = await vscode.commands.executeCommand<{ document: vscode.TextDocument; text: string }>('aitre.transcribeAudio', file('media/clip.wav'), [file('media/clip.wav')]);
    assert.ok(result);
    assert.match(result.text, /^Simulated transcript of clip\.wav: 9604 bytes/);
    assert.strictEqual(result.document.languageId, 'plaintext');
    assert.strictEqual(vscode.window.activeTextEditor?.document, result.document);
    await settings().update('transcription.format', 'srt', vscode.ConfigurationTarget.Global);
    const srt = await vscode.commands.executeCommand<{ document: vscode.TextDocument; text: string }>('aitre.transcribeAudio', file('media/clip.wav'));
    assert.match(srt!.text, /^1\n00:00:00,000 --> /);
    await settings().update('transcription.format', 'json', vscode.ConfigurationTarget.Global);
    const translated = await vscode.commands.executeCommand<{ document: vscode.TextDocument; text: string }>('aitre.translateAudio', { uri: file('media/clip.wav') });
    assert.strictEqual(translated!.document.languageId, 'json');
    assert.match(JSON.parse(translated!.text).text, /^Simulated English translation of clip\.wav/);
    await settings().update('transcription.format', undefined, vscode.ConfigurationTarget.Global);
  });

  test('Transcribe Audio refuses a file of another type and one over 25 MB before uploading', async () => {
    sim.clearRequests();
    assert.strictEqual(await vscode.commands.executeCommand('aitre.transcribeAudio', file('media/notes.txt')), undefined);
    assert.strictEqual(await vscode.commands.executeCommand('aitre.translateAudio', file('media/huge.mp3')), undefined);
    assert.strictEqual(sim.requests.filter((r) => r.route.startsWith('POST /v1/audio')).length, 0);
  });

  test('Embed Selection opens a JSON document with model, input preview, dimensions, usage and the vector', async () => {
    const editor = await editorWith('The quick brown fox jumps over the lazy dog.\n');
    editor.selection = new vscode.Selection(0, 0, 0, 44);
    const doc = await vscode.commands.executeCommand<vscode.TextDocument>('aitre.embedSelection');
    assert.ok(doc);
    assert.strictEqual(doc.languageId, 'json');
    const json = JSON.parse(doc.getText());
    assert.strictEqual(json.model, 'text-embedding-3-small');
    assert.strictEqual(json.input, 'The quick brown fox jumps over the lazy dog.');
    assert.strictEqual(json.dimensions, 256);
    assert.strictEqual(json.embedding.length, 256);
    assert.ok(json.usage.prompt_tokens > 0);
    const long = await vscode.commands.executeCommand<vscode.TextDocument>('aitre.embedSelection', { text: 'word '.repeat(200) });
    assert.ok(JSON.parse(long!.getText()).input.endsWith('…'));
  });

  test('Compare Selections: two selections (multi-cursor) or the selection and a typed text', async () => {
    const editor = await editorWith('same words here\nsame words here\nsomething else entirely\n');
    editor.selections = [new vscode.Selection(0, 0, 0, 15), new vscode.Selection(1, 0, 1, 15)];
    const same = await vscode.commands.executeCommand<{ similarity: number; message: string }>('aitre.compareSelections');
    assert.ok(same && Math.abs(same.similarity - 1) < 1e-6, JSON.stringify(same));
    assert.match(same.message, /1\.000 — nearly identical in meaning/);
    editor.selections = [new vscode.Selection(0, 0, 0, 15), new vscode.Selection(2, 0, 2, 23)];
    const different = await vscode.commands.executeCommand<{ similarity: number }>('aitre.compareSelections');
    assert.ok(different && different.similarity < 0.5, JSON.stringify(different));
    const sent = lastBody('POST /v1/embeddings')!;
    assert.deepStrictEqual(sent.input, ['same words here', 'something else entirely']);
  });

  test('Complete at Cursor sends the text before the cursor (last 2,000 characters) and inserts the completion there', async () => {
    const head = `${'x'.repeat(3000)}\nOnce upon a time`;
    const editor = await editorWith(`${head}|tail`);
    const at = editor.document.positionAt(head.length);
    editor.selection = new vscode.Selection(at, at);
    const text = await vscode.commands.executeCommand<string>('aitre.completeAtCursor');
    assert.ok(text && text.includes('simulated completion'), text);
    const prompt = String(lastBody('POST /v1/completions')!.prompt);
    assert.strictEqual(prompt.length, 2000);
    assert.ok(prompt.endsWith('Once upon a time'));
    assert.strictEqual(editor.document.getText(), `${head}${text}|tail`);
  });

  test('no task, key or secret leaks: OpenAI tasks have plain records and the key is in none of them', async () => {
    await api.store.flush();
    const tasks = api.store.all().filter((t) => /^(chat|img)-/.test(t.id));
    assert.ok(tasks.length >= 4);
    assert.ok(!JSON.stringify(tasks).includes(sim.apiKey));
  });
  test('the image tool is listed for agents; an input the model cannot take is refused before anything is asked or sent', async () => {
    const tool = vscode.lm.tools.find((t) => t.name === 'aitre_generateImage');
    assert.ok(tool, 'aitre_generateImage is not listed in vscode.lm.tools');
    assert.deepStrictEqual((tool.inputSchema as { required?: string[] }).required, ['prompt']);
    const before = sim.requests.length;
    const invoke = (input: object) => Promise.resolve(vscode.lm.invokeTool('aitre_generateImage', { input, toolInvocationToken: undefined }));
    // (a valid input opens VS Code's question, a modal dialog: the e2e suite answers it)
    await assert.rejects(invoke({ prompt: 'a kite over the dunes', size: '999x999' }), /dall-e-3 does not offer size "999x999"\. Choose 1024x1024, 1792x1024 or 1024x1792\./);
    await assert.rejects(invoke({ prompt: 'two kites', n: 2 }), /dall-e-3 makes one image per request\./);
    await assert.rejects(invoke({ prompt: '   ' }), /The prompt is empty\. Describe the picture, then try again\./);
    await assert.rejects(invoke({}), /The prompt is empty/);
    assert.strictEqual(sim.requests.length, before, 'a refused tool call sent a request');
  });
});
