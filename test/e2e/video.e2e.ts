// MidJourney video in the real workbench, as a person uses it: Animate on an upscale (the task's own
// button, which new-api refuses as an action, so it goes through /mj/submit/video), the video shown and
// playing in the result panel from the host's cache, then saved and inserted into a Markdown file; and
// Animate… on a grid whose video this webview cannot decode: the poster stays, with "Open".
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { startSimulator, type Simulator } from '../simulator';
import { useWorkbench } from './harness';
import { imageLoaded, imagine, imagineAndUpscale, openResult, requestsSince, setApiKey, waitUntil as waitFor } from './steps';

const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGP4z8AAAAMBAQDJ/pLvAAAAAElFTkSuQmCC', 'base64');

function videosIn(dir: string): string[] {
  return fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => /\.(webm|mp4)$/.test(f)).sort() : [];
}

suite('e2e: MidJourney video', function () {
  this.timeout(300_000);
  let sim: Simulator;

  suiteSetup(async () => { sim = await startSimulator({ videoButtons: true, speed: { syncDelayMs: 100, submittedMs: 200, runMs: 800, progressSteps: 2 } }); });
  suiteTeardown(async () => { await sim?.close(); });

  const session = useWorkbench(() => ({
    settings: { 'aitre.baseUrl': sim.url, 'aitre.pollIntervalSeconds': 0.5 },
    files: { 'docs/clip.md': '# Clip\n\n', 'frames/sea.png': PNG },
  }));
  const out = () => path.join(session.wb.workspace, 'assets', 'aitre');

  setup(async function () {
    this.timeout(60_000);
    sim.configure({ unplayableVideo: false });
    fs.writeFileSync(path.join(session.wb.workspace, 'docs', 'clip.md'), '# Clip\n\n');
    await setApiKey(session.wb, sim.apiKey);
  });

  test('Animate (Low motion) on an upscale: the video plays in the panel, then Save and Insert put it in the workspace', async () => {
    const { wb } = session;
    const panel = await imagineAndUpscale(wb, 'waves rolling onto a beach');
    const since = requestsSince(sim);
    await panel.locator('#actions vscode-button[data-custom-id*="animate_low"]').click();
    // The panel follows the new VIDEO task; the tree shows it under the upscale with its progress.
    await panel.locator('#title', { hasText: 'Animate (Low motion)' }).waitFor({ timeout: 30_000 });
    await wb.page.locator('.pane-body .monaco-list-row', { hasText: 'Animate (Low motion)' }).filter({ hasText: 'done' }).first().waitFor({ timeout: 40_000 });
    const video = panel.locator('#video');
    await video.waitFor({ state: 'visible', timeout: 30_000 });
    const src = await video.getAttribute('src') ?? '';
    assert.ok(src && !src.startsWith(sim.url) && /videos/.test(src), `a local resource from the video cache, not the gateway link: ${src}`);
    // It plays: data for the current frame, then time moves on.
    await video.evaluate((v: any) => { v.muted = true; return v.play(); });
    await waitFor('the video to play', () => video.evaluate((v: any) => v.readyState >= 2 && v.currentTime > 0.2), 30_000);
    assert.equal(await panel.locator('#video-fallback').isVisible(), false);
    assert.equal(await panel.locator('#copy-seed').isVisible(), false, 'a video has no seed');
    assert.equal(await panel.locator('#split').isVisible(), false, 'nor a grid to split');
    // new-api refuses the button as an action: it went once to the action route, then to the video route.
    assert.equal(since('POST /mj/submit/video').length, 1);
    assert.ok(since('POST /mj/submit/action').length <= 1);
    const downloads = since(/^GET \/mj\/video\//).length;
    assert.equal(downloads, 1, 'the host downloaded the video once');
    await wb.screenshot('video-01-playing-in-the-panel');

    await wb.openFile('docs/clip.md');
    await wb.gotoLine(3);
    const again = await openResult(wb, /Animate \(Low motion\)/, 'Animate (Low motion)');
    await again.locator('#insert').click();
    const files = await waitFor('the saved video', () => { const f = videosIn(out()); return f.length ? f : undefined; }, 40_000);
    assert.equal(files.length, 1);
    assert.match(files[0]!, /^\d{4}-\d{2}-\d{2}-video-\d{6}-waves-rolling-onto-a[\w-]*\.webm$/); // short names: the slug may be cut
    await wb.page.locator('.part.editor .view-lines', { hasText: '../assets/aitre/' }).first().waitFor({ timeout: 40_000 });
    await wb.activeEditor().locator('.view-lines').first().click();
    await wb.page.keyboard.press('Control+S');
    const text = await waitFor('clip.md saved', () => { const t = fs.readFileSync(path.join(wb.workspace, 'docs', 'clip.md'), 'utf8'); return t.includes('](') ? t : undefined; });
    assert.ok(text.includes(`[waves rolling onto a beach](../assets/aitre/${files[0]})`), text);
    assert.equal(since(/^GET \/mj\/video\//).length, downloads, 'Save used the cached video');
    // The panel now plays the saved copy.
    const shown = await openResult(wb, /Animate \(Low motion\)/, 'Animate (Low motion)');
    await shown.locator('#saved-path', { hasText: 'assets/aitre/' }).waitFor({ timeout: 10_000 });
    assert.match(await shown.locator('#video').getAttribute('src') ?? '', /assets\/aitre/);
    await wb.screenshot('video-02-saved-and-inserted');
    // Extend: the video's own button, through the video route with action "extend".
    const extendSince = requestsSince(sim);
    await shown.locator('#actions vscode-button', { hasText: 'Extend (Low motion)' }).click();
    await shown.locator('#title', { hasText: 'Extend (Low motion)' }).waitFor({ timeout: 30_000 });
    const extend = await waitFor('the extend request', () => extendSince('POST /mj/submit/video')[0]);
    assert.equal((extend.body as { action?: string }).action, 'extend');
    await shown.locator('#video').waitFor({ state: 'visible', timeout: 40_000 });
  });

  test('Animate… on a grid whose video cannot play here: picture and motion asked, the poster with "Open" instead', async () => {
    const { wb } = session;
    sim.configure({ unplayableVideo: true });
    await imagine(wb, 'a lighthouse in a storm');
    const panel = await openResult(wb, /Imagine: a lighthouse/, 'a lighthouse');
    const since = requestsSince(sim);
    await panel.locator('#animate').click();
    await wb.quickInputTitled('which picture of the grid');
    await wb.quickInputPick('Picture 2');
    await wb.quickInputTitled('Animate picture 2');
    await wb.quickInputPick('High motion');
    await panel.locator('#title', { hasText: 'Animate 2 (high motion)' }).waitFor({ timeout: 30_000 });
    await panel.locator('#video-fallback').waitFor({ state: 'visible', timeout: 40_000 });
    assert.match(await panel.locator('#video-fallback-text').textContent() ?? '', /cannot play inside VS Code.*Open plays it/);
    await panel.locator('#open-video').waitFor({ state: 'visible' });
    await imageLoaded(panel);
    assert.equal(await panel.locator('#video-figure').isVisible(), false);
    const submit = since('POST /mj/submit/video');
    assert.equal(submit.length, 1);
    assert.match(JSON.stringify(submit[0]!.body), /"index":1/);
    assert.match(JSON.stringify(submit[0]!.body), /"motion":"high"/);
    await wb.screenshot('video-03-poster-and-open');
  });

  test('Video from Image… in the Explorer: defaults in one pick, a loop chosen, an optional prompt; one video submit', async () => {
    const { wb } = session;
    const since = requestsSince(sim);
    await wb.runCommand('View: Show Explorer');
    const folder = wb.page.locator('.explorer-folders-view .monaco-list-row', { hasText: 'frames' }).first();
    const row = wb.page.locator('.explorer-folders-view .monaco-list-row', { hasText: 'sea.png' }).first();
    if (!(await row.isVisible().catch(() => false))) await folder.click();
    await wb.contextMenu(row, 'AITRE > Video from Image…');
    await wb.quickInputTitled('Video from sea.png');
    await wb.quickInputPick('End');
    await wb.quickInputPick('Loop');
    await wb.quickInputTitled('Video from sea.png');
    await wb.page.locator('.quick-input-widget .monaco-list-row', { hasText: 'loops' }).first().waitFor({ timeout: 10_000 });
    await wb.screenshot('video-04-video-from-image-options');
    await wb.quickInputAccept();
    await wb.quickInputTitled('prompt (optional)');
    await wb.quickInputFill('the sea breathes in and out');
    await wb.quickInputAccept();
    const submit = await waitFor('the video request', () => since('POST /mj/submit/video')[0]);
    const body = submit.body as { image: string; loop?: boolean; motion: string; batchSize?: number; prompt?: string; taskId?: string };
    assert.ok(body.image.startsWith('data:image/png;base64,'));
    assert.deepEqual([body.loop, body.motion, body.batchSize, body.prompt, body.taskId], [true, 'low', 1, 'the sea breathes in and out', undefined]);
    await wb.openActivityContainer();
    await wb.page.locator('.pane-body .monaco-list-row', { hasText: 'the sea breathes' }).filter({ hasText: 'done' }).first().waitFor({ timeout: 40_000 });
    const panel = await wb.webviewFrame('AITRE');
    await panel.locator('#video').waitFor({ state: 'visible', timeout: 30_000 });
  });
});
