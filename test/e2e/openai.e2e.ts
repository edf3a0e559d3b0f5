// The OpenAI-format commands as a person uses them in the real workbench (code-server + Chromium) against
// the simulator: the chat model in the status bar, an answer streaming into a Markdown document (and Cancel
// keeping what arrived), Rewrite's diff with Accept / Reject, a generated picture in the result panel,
// speech saved as a file, a transcript from the Explorer's context menu, and the plain refusals.
// Every test starts from a reset workbench with notes.md as written below, sets the key and makes
// sure the chat model is the default; what it changes it puts back.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { startSimulator, type Simulator } from '../simulator';
import { useWorkbench, waitUntil, type Workbench } from './harness';
import { requestsSince, setApiKey } from './steps';

const NOTES = [
  'function add(a, b) {',
  '  return a + b;',
  '}',
  '',
  'the quick brown fox jumps over the lazy dog',
  'a lighthouse on a cliff in a storm, oil painting',
  'Hello from AITRE. This line is read aloud.',
  '',
].join('\n');

const waitFor = (what: string, check: () => boolean | Promise<boolean>, timeoutMs = 20_000): Promise<void> => waitUntil(what, check, timeoutMs);
const editorText = (wb: Workbench): Promise<string> => wb.editorText();

/** The chat model's status-bar item (not the status messages, which may name the model too). */
const modelItem = (wb: Workbench) => wb.page.locator('.statusbar-item:has(.codicon-comment-discussion)').first();

/** Opens the chat model picker from the status bar and waits until the gateway's list is in it. */
async function openChatModelPicker(wb: Workbench): Promise<void> {
  await modelItem(wb).click();
  await wb.quickInputTitled('Chat model', 10_000);
  await waitFor('the model list', async () => (await wb.quickInputItems()).includes('gpt-4o-image'));
}

/** Precondition: the chat model is `model` (picked through the status bar when it is not). */
async function ensureChatModel(wb: Workbench, model = 'gpt-4o-mini'): Promise<void> {
  await modelItem(wb).waitFor({ timeout: 20_000 });
  if ((await modelItem(wb).textContent())?.trim() === model) return;
  await openChatModelPicker(wb);
  await wb.quickInputPick(model);
  await modelItem(wb).filter({ hasText: model }).waitFor({ timeout: 10_000 });
}

/** Right-click an audio file under media/ in the Explorer and run an entry of its AITRE submenu. */
async function audioMenu(wb: Workbench, file: string, entry: string): Promise<void> {
  await wb.runCommand('View: Show Explorer');
  const media = wb.page.locator('.explorer-folders-view .monaco-list-row', { hasText: 'media' }).first();
  await media.waitFor({ timeout: 20_000 });
  if ((await media.getAttribute('aria-expanded')) === 'false') await media.click();
  const row = wb.page.locator('.explorer-folders-view .monaco-list-row', { hasText: file }).first();
  await row.waitFor({ timeout: 20_000 });
  await wb.page.keyboard.press('Escape');
  await wb.contextMenu(row, ['AITRE', entry]);
}

/** Waits until no AITRE progress notification is on screen (they go a moment after the work ends). */
async function progressGone(wb: Workbench): Promise<void> {
  const busy = wb.page.locator('.notifications-toasts .notification-toast', { hasText: /AITRE: (asking|rewriting|drawing|generating|reading aloud|transcribing|translating|comparing|embedding|completing)/ });
  await waitFor('the progress notification to go', async () => (await busy.count()) === 0, 15_000);
}

/** Opens notes.md from the Explorer (Quick Open ranks recently opened files unpredictably). */
async function openNotes(wb: Workbench): Promise<void> {
  await wb.runCommand('View: Show Explorer');
  await wb.page.locator('.explorer-folders-view .monaco-list-row', { hasText: 'notes.md' }).first().click();
  await wb.page.locator('.tabs-container .tab.active[aria-label^="notes.md"]').first().waitFor({ timeout: 20_000 });
  await wb.activeEditor().locator('.view-lines').first().waitFor({ state: 'visible', timeout: 20_000 });
}

function filesIn(dir: string): string[] {
  return fs.existsSync(dir) ? fs.readdirSync(dir) : [];
}

suite('e2e: OpenAI-format commands', function () {
  this.timeout(240_000);
  let sim: Simulator;

  // runMs 2500 → ~50 ms between stream pieces: slow enough to see the answer grow.
  suiteSetup(async () => { sim = await startSimulator({ speed: { syncDelayMs: 100, submittedMs: 300, runMs: 2500, progressSteps: 3 } }); });
  suiteTeardown(async () => { await sim?.close(); });

  const session = useWorkbench(() => ({
    settings: { 'aitre.baseUrl': sim.url, 'workbench.statusBar.visible': true },
    files: {
      'notes.md': NOTES,
      'media/clip.wav': Buffer.concat([Buffer.from('RIFF'), Buffer.alloc(48_000, 3)]),
      'media/huge.mp3': Buffer.alloc(26 * 1024 * 1024, 7),
    },
  }));

  // After the workbench reset (every editor closed): the notes as written above, no fault left,
  // the key set and the default chat model.
  setup(async function () {
    this.timeout(60_000);
    const { wb } = session;
    fs.writeFileSync(wb.workspacePath('notes.md'), NOTES);
    sim.clearFaults();
    await setApiKey(wb, sim.apiKey);
    await ensureChatModel(wb);
  });

  test('the status bar shows the chat model; Select Model lists the gateway\'s models and takes a typed name', async () => {
    const { wb } = session;
    const requests = requestsSince(sim);
    const status = modelItem(wb).filter({ hasText: 'gpt-4o-mini' });
    await status.waitFor({ timeout: 20_000 });
    await openChatModelPicker(wb);
    const items = await wb.quickInputItems();
    assert.ok(items.includes('gpt-4o-mini') && items.includes('gpt-4o-image'), JSON.stringify(items));
    await wb.quickInputFill('my-own-model');
    await wb.page.locator('.quick-input-widget .monaco-list-row', { hasText: 'use this name' }).first().waitFor();
    await wb.screenshot('openai-01-select-model');
    await wb.quickInputAccept();
    await modelItem(wb).filter({ hasText: 'my-own-model' }).waitFor({ timeout: 10_000 });
    // Back to the default, picked from the list this time.
    await openChatModelPicker(wb);
    await wb.quickInputPick('gpt-4o-mini');
    await status.waitFor({ timeout: 10_000 });
    const listed = () => requests('GET /v1/models').length;
    assert.ok(listed() <= 1, `two pickers asked the gateway ${listed()} times: the list is not cached`);
    // "Refresh model list" asks the gateway again, keeps the picker open and changes nothing.
    const before = listed();
    await openChatModelPicker(wb);
    await wb.quickInputPick('Refresh model list');
    await waitFor('a new list request', () => listed() === before + 1);
    await wb.quickInputIdle('gpt-4o-image');
    assert.ok(await wb.quickInput().isVisible(), 'the picker closed after Refresh');
    await wb.quickInputCancel();
    assert.equal((await modelItem(wb).textContent())?.trim(), 'gpt-4o-mini');
  });

  test('Ask about Selection: the answer streams into a Markdown document beside the editor', async () => {
    const { wb } = session;
    await openNotes(wb);
    await wb.selectLines(1, 3);
    await wb.openEditorContextMenu();
    await wb.clickMenuItem(['AITRE', 'Ask about Selection']);
    await wb.quickInputFill('What does this do?');
    await wb.quickInputAccept();
    await waitFor('the first words', async () => (await editorText(wb)).includes('Simulated reply'));
    await wb.screenshot('openai-02-ask-streaming');
    await waitFor('the whole answer', async () => (await editorText(wb)).includes('like a real stream.'), 30_000);
    const text = await editorText(wb);
    assert.match(text, /# What does this do\?/);
    assert.match(text, /return a \+ b;/);
    assert.ok((await wb.page.locator('.part.editor .editor-group-container').count()) >= 2, 'the answer is not beside the editor');
    await progressGone(wb);
    await wb.screenshot('openai-03-ask-done');
    // A read-only answer: its tab closes at once, with no "save changes?" dialog.
    const tab = wb.page.locator('.tabs-container .tab[aria-label^="Answer - What does this do"]').first();
    await tab.hover();
    await tab.locator('.tab-actions .action-label').first().click();
    await tab.waitFor({ state: 'detached', timeout: 10_000 });
    assert.equal(await wb.page.locator('.monaco-dialog-box').count(), 0, 'closing the answer asked something');
  });

  test('Cancel while the answer streams keeps what arrived, marked as cancelled', async () => {
    const { wb } = session;
    await wb.runCommand('AITRE: Ask about Selection', { waitClosed: false });
    await wb.quickInputFill('Tell me a long story --sim-stall');
    await wb.quickInputAccept();
    await waitFor('the first words', async () => (await editorText(wb)).includes('Tell me a long story'));
    await wb.notificationButton(/asking gpt-4o-mini/, 'Cancel');
    await waitFor('the cancelled note', async () => (await editorText(wb)).includes('Cancelled: the answer above is incomplete.'));
    assert.match(await editorText(wb), /Simulated/);
    await progressGone(wb);
    await wb.screenshot('openai-04-ask-cancelled');
  });

  test('Rewrite Selection: Reject (notification) leaves the file as it was', async () => {
    const { wb } = session;
    await openNotes(wb);
    const before = fs.readFileSync(wb.workspacePath('notes.md'), 'utf8');
    await wb.selectLine(6);
    await wb.openEditorContextMenu();
    await wb.clickMenuItem(['AITRE', 'Rewrite Selection']);
    await wb.quickInputFill('Make it rhyme');
    await wb.quickInputAccept();
    const diff = wb.page.locator('.monaco-diff-editor').filter({ visible: true }).first();
    await diff.waitFor({ timeout: 30_000 });
    await wb.notificationButton(/rewrite of notes\.md is ready/, 'Reject');
    await diff.waitFor({ state: 'hidden', timeout: 10_000 });
    await waitFor('the original line', async () => (await editorText(wb)).includes('a lighthouse on a cliff in a storm, oil painting'));
    assert.ok(!(await wb.page.locator('.tabs-container .tab.active.dirty').count()), 'the file was changed');
    assert.equal(fs.readFileSync(wb.workspacePath('notes.md'), 'utf8'), before);
    await wb.screenshot('openai-07-rewrite-rejected');
  });

  test('Generate Image: the picture is saved in the workspace and shown in the result panel', async () => {
    const { wb } = session;
    // The selected line is the prompt; the options come next.
    await openNotes(wb);
    await wb.selectLine(6);
    await wb.runCommand('AITRE: Generate Image', { waitClosed: false });
    // First the prompt, in an editable box holding the selected line; then the options.
    await wb.quickInputTitled(/Generate Image with/);
    const box = wb.quickInput().locator('input');
    await waitFor('the prompt in an editable box', async () => (await box.inputValue()) === 'a lighthouse on a cliff in a storm, oil painting');
    await wb.screenshot('openai-08a-image-prompt');
    await wb.quickInputAccept();
    await wb.page.locator('.quick-input-widget .quick-input-box input[placeholder^="Enter generates"]').waitFor({ timeout: 10_000 });
    const items = await wb.quickInputItems();
    assert.deepEqual(items.slice(0, 4), ['Generate', 'Size', 'Quality', 'Style'], JSON.stringify(items));
    await wb.screenshot('openai-08-image-options');
    await wb.quickInputAccept();
    const panel = await wb.webviewFrame('AITRE');
    await panel.locator('#title', { hasText: 'a lighthouse on a cliff' }).waitFor({ timeout: 30_000 });
    await panel.locator('#image').evaluate((img: any) => img.complete && img.naturalWidth > 0
      ? true : new Promise((resolve, reject) => { img.onload = () => resolve(true); img.onerror = () => reject(new Error('image failed to load')); }));
    assert.match(await panel.locator('#image').getAttribute('src') ?? '', /assets\/aitre\//, 'the panel does not show the saved copy');
    await waitFor('the saved file', () => filesIn(wb.workspacePath('assets/aitre')).some((f) => /^\d{4}-\d{2}-\d{2}-image-\w{6}-a-lighthouse-on-a-cliff\.png$/.test(f)));
    await wb.openActivityContainer();
    await wb.treeRow(/a lighthouse on a cliff/).waitFor({ timeout: 10_000 });
    await wb.screenshot('openai-09-image-in-panel');
  });

  test('Speak Selection: voice and format pickers, the audio file is written and opened', async () => {
    const { wb } = session;
    await openNotes(wb);
    await wb.selectLine(7);
    const dir = wb.workspacePath('assets/aitre/audio');
    const earlier = new Set(filesIn(dir));
    await wb.runCommand('AITRE: Speak Selection', { waitClosed: false });
    await wb.quickInputPick('nova');
    await wb.quickInputPick('wav');
    await waitFor('the audio file', () => filesIn(dir).some((f) => f.endsWith('.wav') && !earlier.has(f)));
    const file = filesIn(dir).find((f) => f.endsWith('.wav') && !earlier.has(f))!;
    assert.match(file, /speech-hello-from-aitre/);
    assert.ok(fs.statSync(path.join(dir, file)).size > 44);
    await wb.page.locator(`.tabs-container .tab[aria-label^="${file}"]`).first().waitFor({ timeout: 15_000 });
    await wb.page.locator('.statusbar-item', { hasText: `AITRE: saved assets/aitre/audio/${file}` }).first().waitFor({ timeout: 15_000 });
    await progressGone(wb);
    // VS Code's audio preview (a webview) has drawn its player.
    const preview = await wb.webviewFrame(file);
    await preview.locator('audio').waitFor({ state: 'attached', timeout: 15_000 });
    await wb.screenshot('openai-10-speech-saved');
  });

  test('Transcribe Audio from the Explorer context menu opens the transcript', async () => {
    const { wb } = session;
    await audioMenu(wb, 'clip.wav', 'Transcribe Audio');
    await waitFor('the transcript', async () => (await editorText(wb)).includes('Simulated transcript of clip.wav: 48004 bytes'));
    await progressGone(wb);
    await wb.screenshot('openai-11-transcript');
  });

  test('Compare Selections: the selection and a typed text give a similarity in plain words', async () => {
    const { wb } = session;
    await openNotes(wb);
    await wb.selectLine(6);
    await wb.runCommand('AITRE: Compare Selections', { waitClosed: false });
    await wb.quickInputFill('a lighthouse on a cliff in a storm, oil painting');
    await wb.quickInputAccept();
    const toast = await wb.notification(/AITRE: similarity 1\.000 — nearly identical in meaning/);
    assert.match(await toast.innerText(), /text-embedding-3-small/);
    await progressGone(wb);
    await wb.screenshot('openai-12-compare');
  });

  test('Embed Selection opens a JSON document with the vector, model and usage', async () => {
    const { wb } = session;
    await openNotes(wb);
    await wb.selectLine(5);
    await wb.runCommand('AITRE: Embed Selection', { waitClosed: false });
    await waitFor('the embedding document', async () => /"embedding"/.test(await editorText(wb)) && /text-embedding-3-small/.test(await editorText(wb)), 30_000);
    await progressGone(wb);
    await wb.screenshot('openai-15-embedding');
  });

  test('Complete at Cursor inserts the completion where the cursor is', async () => {
    const { wb } = session;
    await openNotes(wb);
    await wb.gotoLine(4);
    await wb.runCommand('AITRE: Complete at Cursor', { waitClosed: false });
    await waitFor('the completion in the editor', async () => (await editorText(wb)).includes('simulated completion by gpt-3.5-turbo-instruct'), 30_000);
    await progressGone(wb);
    await wb.screenshot('openai-16-completion');
    await wb.runCommand('File: Revert File');
  });

  test('Translate Audio to English from the Explorer context menu opens the translation', async () => {
    const { wb } = session;
    await audioMenu(wb, 'clip.wav', 'Translate Audio to English');
    await waitFor('the translation', async () => (await editorText(wb)).includes('Simulated English translation of clip.wav: 48004 bytes'));
    await progressGone(wb);
    await wb.screenshot('openai-17-translation');
  });

  test('Generate Image (Chat Model): the picture from the reply is saved and shown in the result panel', async () => {
    const { wb } = session;
    await openNotes(wb);
    await wb.selectLine(6);
    // The selected line is the prompt and there is no reference picture: nothing more is asked.
    await wb.runCommand('AITRE: Generate Image (Chat Model)');
    const panel = await wb.webviewFrame('AITRE');
    await panel.locator('#title', { hasText: 'Chat Image' }).waitFor({ timeout: 60_000 });
    await panel.locator('#image').evaluate((img: any) => img.complete && img.naturalWidth > 0
      ? true : new Promise((resolve, reject) => { img.onload = () => resolve(true); img.onerror = () => reject(new Error('image failed to load')); }));
    await wb.screenshot('openai-18-chat-image');
  });

  test('plain refusals: an audio file over 25 MB, and a rejected key (401)', async () => {
    const { wb } = session;
    const before = sim.requests.filter((r) => r.route.startsWith('POST /v1/audio')).length;
    await audioMenu(wb, 'huge.mp3', 'Translate Audio to English');
    const toast = await wb.notification(/"huge\.mp3" is 26\.0 MB; the gateway takes at most 25 MB\..*Nothing was sent\./);
    assert.ok(!/[{}<>]/.test(await toast.innerText()));
    assert.equal(sim.requests.filter((r) => r.route.startsWith('POST /v1/audio')).length, before);
    await wb.screenshot('openai-13-refused-large-audio');
    await wb.clearNotifications();

    sim.addFault({ route: 'POST /v1/chat/completions', fault: { kind: 'status', status: 401 }, times: 1 });
    await wb.runCommand('AITRE: Ask about Selection', { waitClosed: false });
    await wb.quickInputFill('Is my key fine?');
    await wb.quickInputAccept();
    const auth = await wb.notification(/rejected the API key \(401\)/);
    assert.ok(!/[{}<>]/.test(await auth.innerText()));
    assert.ok(!(await editorText(wb)).includes('Is my key fine?'), 'a document was opened for a refused request');
    await progressGone(wb);
    await wb.screenshot('openai-14-error-401');
  });

  test('Rewrite Selection shows a diff; Accept (diff title bar) changes the file', async () => {
    const { wb } = session;
    await openNotes(wb);
    await wb.selectLine(5);
    await wb.openEditorContextMenu();
    await wb.clickMenuItem(['AITRE', 'Rewrite Selection']);
    await wb.quickInputFill('Make it formal');
    await wb.quickInputAccept();
    const diff = wb.page.locator('.monaco-diff-editor').filter({ visible: true }).first();
    await diff.waitFor({ timeout: 30_000 });
    await waitFor('the rewrite in the diff', async () => ((await diff.textContent()) ?? '').replace(/\u00a0/g, ' ').includes('Simulated reply'));
    await wb.notification(/rewrite of notes\.md is ready in the diff/);
    await progressGone(wb);
    await wb.screenshot('openai-05-rewrite-diff');
    const accept = wb.page.locator('.part.editor .editor-group-container.active .editor-actions .action-label[aria-label^="Accept Rewrite"]').first();
    await accept.click();
    await diff.waitFor({ state: 'hidden', timeout: 10_000 });
    await waitFor('the rewrite in the file', async () => (await editorText(wb)).includes('Simulated reply from gpt-4o-mini'));
    const text = await editorText(wb);
    assert.ok(!/^the quick brown fox jumps over the lazy dog$/m.test(text), 'the original line is still there');
    assert.match(text, /return a \+ b;/);
    await wb.screenshot('openai-06-rewrite-accepted');
    await wb.page.keyboard.press('Control+S');
    await waitFor('the saved file', () => fs.readFileSync(wb.workspacePath('notes.md'), 'utf8').includes('Simulated reply from gpt-4o-mini'));
  });

  test('after a window reload the chat model and the cached model list are still there', async () => {
    const { wb } = session;
    // The list is in the picker (fetched now, or cached by an earlier test).
    await openChatModelPicker(wb);
    await wb.quickInputCancel();
    const requests = requestsSince(sim);
    await wb.reloadWindow();
    await modelItem(wb).filter({ hasText: 'gpt-4o-mini' }).waitFor({ timeout: 30_000 });
    await openChatModelPicker(wb);
    assert.equal(requests('GET /v1/models').length, 0, 'the list was fetched again instead of read from globalState');
    await wb.quickInputCancel();
  });
});
