// Results that live in the workspace, as a person uses them: save, insert into a Markdown file,
// split a grid into four files locally, filter the tree, re-run, export the history.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { decodePng, gridQuadrantColor, startSimulator, type Simulator } from '../simulator';
import { useWorkbench } from './harness';
import { imagine, setApiKey, waitUntil as waitFor } from './steps';

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

  test('set the key and make a grid', async () => {
    await setApiKey(session.wb, sim.apiKey);
    await imagine(session.wb, 'a red fox in fresh snow --ar 1:1');
  });

  test('Insert into Editor: saves the image and writes a relative Markdown link at the cursor', async () => {
    const { wb } = session;
    await wb.openFile('docs/post.md');
    await wb.gotoLine(5);
    await wb.treeRow(/Imagine: a red fox/).click();
    const panel = await wb.webviewFrame('AITRE');
    await panel.locator('#insert').click();
    // The image is written first, then its .json record: wait for both.
    const files = await waitFor('the saved image and its record', () => { const f = imagesIn(out()); return f.length && fs.existsSync(path.join(out(), `${f[0]}.json`)) ? f : undefined; }, 40_000);
    assert.equal(files.length, 1);
    assert.match(files[0]!, /^\d{4}-\d{2}-\d{2}-imagine-\d+-a-red-fox-in-fresh-snow\.png$/);
    const sidecar = JSON.parse(fs.readFileSync(path.join(out(), `${files[0]}.json`), 'utf8'));
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
    const panel = await wb.webviewFrame('AITRE');
    const gridId = ((await panel.locator('#task-id').textContent()) ?? '').replace(/\D/g, '');
    const calls = sim.requests.filter((r) => r.route.startsWith('POST /mj/submit')).length;
    await panel.locator('#split').click();
    const parts = await waitFor('four grid parts', () => { const f = imagesIn(out()).filter((n) => /-[1-4]\.png$/.test(n)); return f.length === 4 ? f : undefined; });
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
    await wb.runCommand('AITRE: Filter Tasks…', { waitClosed: false });
    await wb.quickInputPick('Text…');
    await wb.quickInputFill('lighthouse');
    await wb.quickInputAccept();
        const deadline = Date.now() + 20_000;
    let rows = await wb.treeRows();
    while (!(rows.length === 1 && rows[0]!.label.includes('lighthouse'))) {
      if (Date.now() > deadline) throw new Error(`tree not filtered: ${JSON.stringify(rows)}`);
      await new Promise((r) => setTimeout(r, 200));
      rows = await wb.treeRows();
    }
    await wb.page.locator('.pane-body', { hasText: 'Showing 1 of' }).first().waitFor({ timeout: 10_000 });
    await wb.screenshot('results-03-filtered');

    const before = sim.requests.filter((r) => r.route === 'POST /mj/submit/imagine').length;
    await wb.treeRowContextMenu(/Imagine: a lighthouse/, 'Re-run');
    await waitFor('re-run submitted', () => sim.requests.filter((r) => r.route === 'POST /mj/submit/imagine').length === before + 1);
    assert.equal((sim.requests.filter((r) => r.route === 'POST /mj/submit/imagine').at(-1)!.body as { prompt: string }).prompt, 'a lighthouse in a storm');
    await wb.runCommand('AITRE: Clear Task Filter');

    await wb.runCommand('AITRE: Export History…', { waitClosed: false });
    await wb.quickInputPick('Markdown');
    // The save dialog is VS Code's simple file dialog here: accept the proposed path.
    await wb.quickInputAccept();
    const exported = path.join(wb.workspace, 'aitre-history.md');
    const md = await waitFor('exported history', () => (fs.existsSync(exported) ? fs.readFileSync(exported, 'utf8') : undefined));
    assert.match(md, /# AITRE history/);
    assert.match(md, /a lighthouse in a storm/);
    assert.match(md, /!\[a red fox in fresh snow[^\]]*\]\(assets\/aitre\/.+\.png\)/);
    await wb.screenshot('results-04-exported');
  });
});
