// Results that live in the workspace, as a person uses them: save, insert into a Markdown file,
// split a grid into four files locally, filter the tree, re-run, export the history. Every test
// sets the key and makes the grid it works on.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { decodePng, gridQuadrantColor, startSimulator, type Simulator } from '../simulator';
import { useWorkbench } from './harness';
import { imageLoaded, imagine, openResult, requestsSince, setApiKey, waitUntil as waitFor } from './steps';

function imagesIn(dir: string): string[] {
  return fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.endsWith('.png')).sort() : [];
}

suite('e2e: results in the workspace', function () {
  this.timeout(240_000);
  let sim: Simulator;

  suiteSetup(async () => { sim = await startSimulator({ speed: { syncDelayMs: 100, submittedMs: 200, runMs: 800, progressSteps: 2 } }); });
  suiteTeardown(async () => { await sim?.close(); });

  const session = useWorkbench(() => ({
    settings: { 'aitre.baseUrl': sim.url, 'aitre.pollIntervalSeconds': 0.5 },
    files: { 'docs/post.md': '# My post\n\nHere is the fox:\n\n' },
  }));
  const out = () => path.join(session.wb.workspace, 'assets', 'aitre');
  /** Images in the output folder that were not there before `earlier` was taken. */
  const newImages = (earlier: Set<string>) => imagesIn(out()).filter((f) => !earlier.has(f));

  setup(async function () {
    this.timeout(60_000);
    fs.writeFileSync(path.join(session.wb.workspace, 'docs', 'post.md'), '# My post\n\nHere is the fox:\n\n');
    await setApiKey(session.wb, sim.apiKey);
  });

  test('Insert into Editor: saves the image and writes a relative Markdown link at the cursor', async () => {
    const { wb } = session;
    await imagine(wb, 'a red fox in fresh snow --ar 1:1');
    const earlier = new Set(imagesIn(out()));
    await wb.openFile('docs/post.md');
    await wb.gotoLine(5);
    const panel = await openResult(wb, /Imagine: a red fox/, 'a red fox');
    await panel.locator('#insert').click();
    const files = await waitFor('the saved image', () => { const f = newImages(earlier); return f.length ? f : undefined; }, 40_000);
    assert.equal(files.length, 1);
    assert.match(files[0]!, /^\d{4}-\d{2}-\d{2}-imagine-\d{6}-a-red-fox-in-fresh-snow\.png$/);
    // The record is written just after the image: wait until it is whole.
    const sidecar = await waitFor('the sidecar record', () => {
      try { return JSON.parse(fs.readFileSync(path.join(out(), `${files[0]}.json`), 'utf8')) as { prompt: string; sourceUrl: string }; } catch { return undefined; }
    });
    assert.equal(sidecar.prompt, 'a red fox in fresh snow --ar 1:1');
    assert.match(sidecar.sourceUrl, /\/mj\/image\//);
    await wb.page.locator('.part.editor .view-lines', { hasText: '../assets/aitre/' }).first().waitFor({ timeout: 40_000 });
    // Save with the editor focused (after the panel click, focus may still be in the webview).
    await wb.activeEditor().locator('.view-lines').first().click();
    await wb.page.keyboard.press('Control+S');
    const text = await waitFor('post.md saved', () => { const t = fs.readFileSync(path.join(wb.workspace, 'docs', 'post.md'), 'utf8'); return t.includes('![') ? t : undefined; });
    assert.ok(text.includes(`![a red fox in fresh snow](../assets/aitre/${files[0]})`), text);
    assert.ok(fs.existsSync(path.join(wb.workspace, 'docs', '..', 'assets', 'aitre', files[0]!)));
    await panel.locator('#saved-path', { hasText: 'assets/aitre/' }).waitFor({ timeout: 10_000 });
    await wb.screenshot('results-01-inserted-markdown');
  });

  test('Save All 4: the grid is cut locally into four files with the right pixels, no gateway call', async () => {
    const { wb } = session;
    await imagine(wb, 'a green parrot on a wire');
    const panel = await openResult(wb, /Imagine: a green parrot/, 'a green parrot');
    await imageLoaded(panel);
    const gridId = ((await panel.locator('#task-id').textContent()) ?? '').replace(/\D/g, '');
    // The likely next step stands out, and every button says what it does and that it is a paid job.
    const u2 = panel.locator('#actions vscode-button', { hasText: /^\s*U2\s*$/ });
    assert.equal(await u2.getAttribute('appearance'), 'primary');
    assert.equal(await u2.getAttribute('title'), 'Upscale image 2 of the grid into a picture of its own. Starts a new paid MidJourney job.');
    assert.equal(await panel.locator('#actions vscode-button', { hasText: /^\s*V2\s*$/ }).getAttribute('appearance'), 'secondary');
    const earlier = new Set(imagesIn(out()));
    const calls = sim.requests.filter((r) => r.route.startsWith('POST /mj/submit')).length;
    await panel.locator('#split').click();
    const parts = await waitFor('four grid parts', () => { const f = newImages(earlier).filter((n) => /-[1-4]\.png$/.test(n)); return f.length === 4 ? f : undefined; });
    for (const [i, name] of parts.entries()) {
      const png = decodePng(fs.readFileSync(path.join(out(), name)));
      assert.deepEqual([png.width, png.height], [256, 256], name);
      const expected = gridQuadrantColor(gridId, i + 1);
      const actual = png.pixel(128, 128);
      assert.ok(actual.every((v, k) => Math.abs(v - expected[k]!) <= 2), `${name}: centre ${actual} expected ${expected}`);
    }
    assert.equal(sim.requests.filter((r) => r.route.startsWith('POST /mj/submit')).length, calls, 'splitting must not call the gateway');
    await panel.locator('#parts figure').nth(3).waitFor({ timeout: 20_000 });
    await wb.screenshot('results-02-grid-split');
    // Copy Seed asks the gateway for the seed (GET image-seed) and puts it on the clipboard.
    await panel.locator('#copy-seed').click();
    await wb.page.locator('.statusbar', { hasText: /copied seed \d+/ }).first().waitFor({ timeout: 20_000 });
    assert.ok(sim.requests.some((r) => r.path.endsWith(`/mj/task/${gridId}/image-seed`)));
  });

  test('filter the tree by text, then Re-run, then export the history as Markdown', async () => {
    const { wb } = session;
    await imagine(wb, 'a lighthouse in a storm');
    // Saved first, so the export can show the local copy.
    const saving = await openResult(wb, /Imagine: a lighthouse/, 'a lighthouse');
    await saving.locator('#save').click();
    await saving.locator('#saved-path', { hasText: 'assets/aitre/' }).waitFor({ timeout: 20_000 });
    await wb.runCommand('AITRE: Filter Tasks…', { waitClosed: false });
    await wb.quickInputPick('Text…');
    await wb.quickInputFill('lighthouse');
    await wb.quickInputAccept();
    await wb.treeRowsWhere('the tree filtered to the lighthouse', (rows) => rows.length > 0 && rows.every((r) => r.label.includes('lighthouse')));
    await wb.page.locator('.pane-body', { hasText: /Showing \d+ of/ }).first().waitFor({ timeout: 10_000 });
    await wb.screenshot('results-03-filtered');

    const requests = requestsSince(sim);
    await wb.treeRowContextMenu(/Imagine: a lighthouse/, 'Re-run');
    const rerun = await waitFor('re-run submitted', () => requests('POST /mj/submit/imagine')[0]);
    assert.equal((rerun.body as { prompt: string }).prompt, 'a lighthouse in a storm');
    assert.equal(requests('POST /mj/submit/imagine').length, 1);
    await wb.runCommand('AITRE: Clear Task Filter');

    const exported = path.join(wb.workspace, 'aitre-history.md');
    fs.rmSync(exported, { force: true });
    await wb.runCommand('AITRE: Export History…', { waitClosed: false });
    await wb.quickInputPick('Markdown');
    // The save dialog is VS Code's simple file dialog here: accept the proposed path.
    await wb.quickInputAccept();
    const md = await waitFor('exported history', () => (fs.existsSync(exported) ? fs.readFileSync(exported, 'utf8') : undefined));
    assert.match(md, /# AITRE history/);
    assert.match(md, /!\[a lighthouse in a storm[^\]]*\]\(assets\/aitre\/.+\.png\)/);
    await wb.screenshot('results-04-exported');
  });
});
