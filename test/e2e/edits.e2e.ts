// MidJourney Edit and Retexture as a person uses them: Edit Image… on a picture in the Explorer and on a result
// in the panel (one /mj/submit/edits each, the picture sent as data), and Retexture… on a gateway without it
// (new-api): one plain sentence, remembered, so the second try explains without sending anything.
import assert from 'node:assert/strict';
import { startSimulator, type Simulator } from '../simulator';
import { useWorkbench } from './harness';
import { imageLoaded, imagine, openResult, requestsSince, setApiKey, waitRowDone, waitUntil } from './steps';

const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGP4z8AAAAMBAQDJ/pLvAAAAAElFTkSuQmCC', 'base64');

suite('e2e: MidJourney edits', function () {
  this.timeout(240_000);
  let sim: Simulator;

  suiteSetup(async () => { sim = await startSimulator({ speed: { syncDelayMs: 100, submittedMs: 200, runMs: 800, progressSteps: 2 } }); });
  suiteTeardown(async () => { await sim?.close(); });

  const session = useWorkbench(() => ({
    settings: { 'aitre.baseUrl': sim.url, 'aitre.pollIntervalSeconds': 0.5 },
    files: { 'cat.png': PNG },
  }));

  setup(async function () {
    this.timeout(60_000);
    await setApiKey(session.wb, sim.apiKey);
  });

  async function explorerMenu(item: string): Promise<void> {
    const { wb } = session;
    await wb.runCommand('View: Show Explorer');
    await wb.contextMenu(wb.page.locator('.explorer-folders-view .monaco-list-row', { hasText: 'cat.png' }).first(), item);
  }

  test('Edit Image… from the Explorer and from the result panel: a prompt, one edit each, the picture sent as data', async () => {
    const { wb } = session;
    const since = requestsSince(sim);
    await explorerMenu('AITRE > Edit Image…');
    await wb.quickInputTitled('Edit Image — cat.png');
    await wb.quickInputFill('the same cat at night, with lanterns');
    await wb.quickInputAccept();
    await wb.openActivityContainer();
    await waitRowDone(wb, /Edit: the same cat at night/);
    const edits = await waitUntil('the edit request', () => since('POST /mj/submit/edits')[0]);
    const body = edits.body as { prompt: string; image: string };
    assert.equal(body.prompt, 'the same cat at night, with lanterns');
    assert.ok(body.image.startsWith('data:image/png;base64,'));

    await imagine(wb, 'a harbour at dawn');
    const panel = await openResult(wb, /Imagine: a harbour/, 'a harbour');
    await imageLoaded(panel);
    await panel.locator('#edit-image').click();
    await wb.quickInputTitled(/Edit Image — Imagine: a harbour/);
    await wb.quickInputFill('add a red sailboat');
    await wb.quickInputAccept();
    await panel.locator('#title', { hasText: 'Edit Image: add a red sailboat' }).waitFor({ timeout: 30_000 });
    await waitRowDone(wb, 'Edit Image: add a red sailboat');
    // Under the task it was made from.
    assert.equal(await wb.page.locator('.pane-body .monaco-list-row', { hasText: 'Edit Image: add a red sailboat' }).first().getAttribute('aria-level'), '2');
    await imageLoaded(panel);
    const second = since('POST /mj/submit/edits');
    assert.equal(second.length, 2);
    assert.ok((second[1]!.body as { image: string }).image.startsWith('data:image/'), 'the result\'s picture from the host cache, not a link');
    await wb.screenshot('edits-01-edit-from-the-panel');
  });

  test('Retexture… on a gateway without it: a plain sentence once, then explained without a request', async () => {
    const { wb } = session;
    const since = requestsSince(sim);
    await explorerMenu('AITRE > Retexture…');
    await wb.quickInputTitled('Retexture — cat.png');
    await wb.quickInputFill('made of polished brass');
    await wb.quickInputAccept();
    await wb.notification(/does not offer Retexture.*Edit Image/);
    assert.equal(since('POST /mj/submit/retexture').length, 1);
    await wb.clearNotifications();
    await explorerMenu('AITRE > Retexture…');
    await wb.notification(/does not offer Retexture.*nothing was sent/);
    await wb.screenshot('edits-02-retexture-missing');
    assert.equal(since('POST /mj/submit/retexture').length, 1, 'remembered: nothing sent the second time');
    assert.equal((await wb.quickInputState()).visible, false, 'no prompt asked');
  });
});
