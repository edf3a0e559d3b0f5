// Result images through the extension host: the simulator serves pictures from a second local
// port (plain http, not the gateway's origin, like a LAN CDN or a self-hosted proxy), later
// answers 404 for them. The panel shows the host's cached copy (also after a reload), and for an
// image that was never cached one plain sentence that survives repaints, with Fetch Again and
// Re-run instead of Save and Insert.
import assert from 'node:assert/strict';
import { startSimulator, type Simulator } from '../simulator';
import { IMAGE_GONE } from '../../src/core/tasks/result-images';
import { useWorkbench, type Workbench } from './harness';
import { imagine, setApiKey, waitUntil } from './steps';
import type { FrameLocator } from 'playwright-core';

/** The panel's image once the browser decoded it (a broken image fails). */
async function loadedImage(panel: FrameLocator): Promise<{ src: string; width: number }> {
  const image = panel.locator('#image');
  await image.waitFor({ state: 'visible', timeout: 30_000 });
  return image.evaluate((img: any) => new Promise((resolve, reject) => {
    const done = () => resolve({ src: String(img.getAttribute('src')), width: Number(img.naturalWidth) });
    if (img.complete && img.naturalWidth > 0) done();
    else {
      img.addEventListener('load', done, { once: true });
      img.addEventListener('error', () => reject(new Error(`image failed to load: ${img.getAttribute('src')}`)), { once: true });
    }
  }));
}

suite('e2e: result images come from the extension host', function () {
  this.timeout(240_000);
  let sim: Simulator;

  suiteSetup(async () => {
    sim = await startSimulator({ imageHost: 'separate', speed: { syncDelayMs: 100, submittedMs: 200, runMs: 800, progressSteps: 2 } });
  });
  suiteTeardown(async () => { await sim?.close(); });

  const session = useWorkbench(() => ({
    settings: { 'aitre.baseUrl': sim.url, 'aitre.pollIntervalSeconds': 0.5 },
    files: { 'notes.md': '# Notes\n' },
  }));
  const pictureHost = () => new URL(sim.imageUrl).host;
  const pictureRequests = () => sim.requests.filter((r) => r.route.startsWith('GET /mj/image/') && r.headers.host === pictureHost());

  async function openPanel(wb: Workbench, row: RegExp): Promise<FrameLocator> {
    await wb.treeRow(row).click();
    return wb.webviewFrame('AITRE');
  }

  test('an image on another plain-http host shows from the cache, once downloaded, also after the host answers 404 and a reload', async () => {
    const { wb } = session;
    await setApiKey(wb, sim.apiKey);
    await imagine(wb, 'a fox on a LAN picture host');
    const panel = await openPanel(wb, /Imagine: a fox on a LAN/);
    const shown = await loadedImage(panel);
    assert.equal(shown.width, 512);
    assert.ok(!shown.src.startsWith(sim.imageUrl) && !shown.src.startsWith('http://127.0.0.1'), `the webview loads ${shown.src} itself`);
    const csp = (await panel.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content')) ?? '';
    const imgSources = (/img-src ([^;]*)/.exec(csp)?.[1] ?? '').split(/\s+/);
    assert.deepEqual(imgSources.filter((t) => t === 'https:' || t === 'http:' || t.startsWith('http://')), [], csp);
    await waitUntil('the one download', () => pictureRequests().length >= 1);
    assert.equal(pictureRequests().length, 1, 'downloaded once');
    assert.equal(pictureRequests()[0]!.headers.authorization, undefined, 'the key went to a host that is not the gateway');
    await panel.locator('#save').waitFor({ state: 'visible', timeout: 10_000 });
    await wb.screenshot('images-01-from-the-cache');

    sim.configure({ imagesGone: true });
    await wb.reloadWindow();
    // The panel comes back on its task, from the cache: no new download, nothing broken.
    const restored = await wb.webviewFrame('AITRE');
    await restored.locator('#title', { hasText: 'a fox on a LAN' }).waitFor({ timeout: 30_000 });
    assert.equal((await loadedImage(restored)).width, 512);
    assert.equal(pictureRequests().length, 1);
    assert.equal(await restored.locator('#image-problem').isVisible(), false);
    await wb.screenshot('images-02-after-404-and-reload');
  });

  test('an image that was never cached: one sentence, no broken image, no Save or Insert; it survives repaints', async () => {
    const { wb } = session;
    await setApiKey(wb, sim.apiKey);
    sim.configure({ imagesGone: true }); // the link is dead before anyone looked at the result
    await wb.openActivityContainer();
    await imagine(wb, 'a heron whose link expired');
    const panel = await openPanel(wb, /Imagine: a heron whose link expired/);
    const problem = panel.locator('#image-problem');
    await problem.waitFor({ state: 'visible', timeout: 30_000 });
    assert.equal((await panel.locator('#image-problem-text').textContent())?.trim(), IMAGE_GONE());
    assert.equal(await panel.locator('#figure').isVisible(), false);
    assert.equal(await panel.locator('#result-actions').isVisible(), false, 'Save / Insert / Save All 4 / Copy Image URL must not be offered');
    assert.ok(await panel.locator('#fetch-again').isVisible());
    assert.ok(await panel.locator('#rerun').isVisible());
    await wb.screenshot('images-03-gone-sentence');

    // Repaints: focus moves to the editor and back, the panel hides and shows again.
    await wb.openFile('notes.md');
    const again = await openPanel(wb, /Imagine: a heron whose link expired/);
    await again.locator('#image-problem').waitFor({ state: 'visible', timeout: 20_000 });
    assert.equal((await again.locator('#image-problem-text').textContent())?.trim(), IMAGE_GONE());
    assert.equal(await again.locator('#figure').isVisible(), false);

    // The picture host is back: Fetch Again shows it.
    sim.configure({ imagesGone: false });
    await again.locator('#fetch-again').click();
    assert.equal((await loadedImage(again)).width, 512);
    await again.locator('#image-problem').waitFor({ state: 'hidden', timeout: 10_000 });
    await again.locator('#save').waitFor({ state: 'visible', timeout: 10_000 });
    await wb.screenshot('images-04-fetched-again');
  });
});
