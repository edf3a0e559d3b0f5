// gpt-image edits with the mask editor, as a person does one: Explorer > AITRE > Edit Image with a Mask… on a
// workspace picture, paint a rectangle, type the prompt, Submit, Enter on the options; the simulator checks the
// mask (a PNG with alpha, the image's size) and paints the transparent part in the prompt's colour, and the result
// is shown in the panel and saved in the workspace like Generate Image's.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { decodePng, encodePng, generatedImageColor, startSimulator, type Simulator } from '../simulator';
import { useWorkbench } from './harness';
import { imageLoaded, requestsSince, setApiKey, waitUntil } from './steps';

const W = 320;
const H = 200;
const BASE: [number, number, number] = [20, 90, 160];
function photo(): Buffer {
  const rgb = new Uint8Array(W * H * 3);
  for (let i = 0; i < W * H; i++) rgb.set(BASE, i * 3);
  return encodePng(W, H, rgb);
}

const pngsIn = (dir: string) => (fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.endsWith('.png')) : []);

suite('e2e: gpt-image mask edit', function () {
  this.timeout(240_000);
  let sim: Simulator;

  suiteSetup(async () => { sim = await startSimulator({ speed: 'test' }); });
  suiteTeardown(async () => { await sim?.close(); });

  const session = useWorkbench(() => ({
    settings: { 'aitre.baseUrl': sim.url, 'aitre.pollIntervalSeconds': 0.5, 'aitre.models.image': 'gpt-image-1' },
    files: { 'photo.png': photo() },
  }));

  setup(async function () {
    this.timeout(60_000);
    await setApiKey(session.wb, sim.apiKey);
  });

  test('Edit Image with a Mask…: paint, prompt, Submit; the transparent-where-painted mask edits only that part', async () => {
    const { wb } = session;
    const out = path.join(wb.workspace, 'assets', 'aitre');
    const before = new Set(pngsIn(out));
    const since = requestsSince(sim);
    await wb.runCommand('View: Show Explorer');
    await wb.contextMenu(wb.page.locator('.explorer-folders-view .monaco-list-row', { hasText: 'photo.png' }).first(), 'AITRE > Edit Image with a Mask…');
    const editor = await wb.webviewFrame('Edit with a Mask');
    await editor.locator('[data-state="ready"]').waitFor({ timeout: 30_000 });
    assert.equal(await editor.locator('.mask-title').textContent(), 'Edit with a Mask');
    await editor.locator('[data-control="rect"]').click();
    const box = (await editor.locator('[data-control="canvas"]').boundingBox())!;
    // The left half of the picture.
    await wb.page.mouse.move(box.x + 1, box.y + 1);
    await wb.page.mouse.down();
    await wb.page.mouse.move(box.x + box.width * 0.25, box.y + box.height * 0.5, { steps: 5 });
    await wb.page.mouse.move(box.x + box.width * 0.5, box.y + box.height - 1, { steps: 5 });
    await wb.page.mouse.up();
    const prompt = 'a field of sunflowers';
    await editor.locator('[data-control="prompt"]').fill(prompt);
    await wb.screenshot('mask-edit-01-painted');
    await editor.locator('[data-control="submit"]').click();
    await wb.quickInputTitled('Edit with a Mask (gpt-image-1)');
    assert.deepEqual((await wb.quickInputItems()).slice(-3), ['Size', 'Quality', 'Input fidelity (keep faces, logos)']);
    await wb.quickInputAccept();

    const request = await waitUntil('the edit request', () => since('POST /v1/images/edits')[0]);
    assert.ok(request);
    const saved = await waitUntil('the edited picture saved in the workspace', () => pngsIn(out).find((f) => !before.has(f)), 40_000);
    const result = decodePng(fs.readFileSync(path.join(out, saved)));
    assert.deepEqual([result.width, result.height], [W, H]);
    assert.deepEqual(result.pixel(Math.round(W * 0.2), Math.round(H * 0.5)), generatedImageColor(prompt), 'painted: changed');
    assert.deepEqual(result.pixel(Math.round(W * 0.8), Math.round(H * 0.5)), BASE, 'not painted: kept');
    const panel = await wb.webviewFrame('AITRE: Mask Edit');
    await panel.locator('#title', { hasText: 'Mask Edit: a field of sunflowers' }).waitFor({ timeout: 20_000 });
    await imageLoaded(panel);
    await panel.locator('#saved-path', { hasText: 'assets/aitre/' }).waitFor({ timeout: 20_000 });
    await wb.screenshot('mask-edit-02-result');
  });
});
