// Every MidJourney operation as a person does it in the workbench: the Vary (Region) mask editor,
// Custom Zoom (with a refused zoom), remix, describe and shorten from the menus, blend from an
// Explorer multi-selection. Every test sets the key and makes the tasks it works on.
import assert from 'node:assert/strict';
import { decodePng, startSimulator, type Simulator } from '../simulator';
import { useWorkbench } from './harness';
import { describeFromExplorer, imagine, imagineAndUpscale, openResult, requestsSince, shortenLine, setApiKey, waitRowDone, waitUntil } from './steps';

const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGP4z8AAAAMBAQDJ/pLvAAAAAElFTkSuQmCC', 'base64');
suite('e2e: every MidJourney operation', function () {
  this.timeout(240_000);
  let sim: Simulator;

  suiteSetup(async () => { sim = await startSimulator({ speed: { syncDelayMs: 100, submittedMs: 300, runMs: 1200, progressSteps: 3 } }); });
  suiteTeardown(async () => { await sim?.close(); });

  const session = useWorkbench(() => ({
    settings: { 'aitre.baseUrl': sim.url, 'aitre.pollIntervalSeconds': 0.5 },
    files: {
      'prompts.md': '# Prompts\n\na very detailed red fox sitting in fresh snow at golden hour, cinematic lighting\n',
      'cat.png': PNG,
      'dog.png': PNG,
    },
  }));

  setup(async function () {
    this.timeout(60_000);
    sim.configure({ remix: false });
    sim.clearFaults();
    await setApiKey(session.wb, sim.apiKey);
  });

  test('Vary (Region): paint a rectangle in the mask editor; the gateway gets a mask white where painted', async () => {
    const { wb } = session;
    const requests = requestsSince(sim);
    let panel = await imagineAndUpscale(wb, 'a castle on a hill');
    await panel.locator('#actions vscode-button', { hasText: 'Vary (Region)' }).waitFor({ timeout: 30_000 });
    await panel.locator('#actions vscode-button', { hasText: 'Vary (Region)' }).click();
    panel = await wb.webviewFrame('AITRE');
    const canvas = panel.locator('[data-control="canvas"]');
    await panel.locator('[data-state="ready"]').waitFor({ timeout: 20_000 });
    await panel.locator('[data-control="rect"]').click();
    const box = (await canvas.boundingBox())!;
    await wb.page.mouse.move(box.x + box.width * 0.3, box.y + box.height * 0.3);
    await wb.page.mouse.down();
    await wb.page.mouse.move(box.x + box.width * 0.5, box.y + box.height * 0.45, { steps: 5 });
    await wb.page.mouse.move(box.x + box.width * 0.6, box.y + box.height * 0.6, { steps: 5 });
    await wb.page.mouse.up();
    await panel.locator('[data-control="prompt"]').fill('a dragon on the tower');
    await wb.screenshot('ops-01-mask-editor');
    await panel.locator('[data-control="submit"]').click();
    const modal = (await waitUntil('the modal request', () => requests('POST /mj/submit/modal')[0])).body as { prompt: string; maskBase64: string };
    assert.equal(modal.prompt, 'a dragon on the tower');
    const mask = decodePng(Buffer.from(modal.maskBase64.replace(/^data:image\/png;base64,/, ''), 'base64'));
    assert.deepEqual([mask.width, mask.height], [512, 512]);
    assert.deepEqual(mask.pixel(230, 230), [255, 255, 255], 'inside the rectangle should be white');
    assert.deepEqual(mask.pixel(40, 40), [0, 0, 0], 'outside should be black');
    assert.deepEqual(mask.pixel(480, 480), [0, 0, 0], 'outside should be black');
    await wb.page.locator('.pane-body .monaco-list-row', { hasText: 'Vary (Region)' }).first().waitFor({ timeout: 20_000 });
    await waitRowDone(wb, 'Vary (Region)');
    await wb.screenshot('ops-02-region-result');
  });

  test('Custom Zoom: the prompt comes prefilled with --zoom 2; 2.5 is refused; 1.5 goes through', async () => {
    const { wb } = session;
    const requests = requestsSince(sim);
    const panel = await imagineAndUpscale(wb, 'a castle by the sea');
    await panel.locator('#actions vscode-button', { hasText: 'Custom Zoom' }).waitFor({ timeout: 20_000 });
    await panel.locator('#actions vscode-button', { hasText: 'Custom Zoom' }).click();
    const input = wb.quickInput().locator('input');
    await input.waitFor({ state: 'visible', timeout: 20_000 });
    assert.equal(await input.inputValue(), 'a castle by the sea --zoom 2');
    await input.fill('a castle by the sea --zoom 2.5');
    await wb.page.locator('.quick-input-widget', { hasText: 'between 1 and 2' }).first().waitFor({ timeout: 10_000 });
    await wb.screenshot('ops-03-custom-zoom-refused');
    await input.fill('a castle by the sea --zoom 1.5');
    await wb.quickInputAccept();
    await waitUntil('the custom zoom modal', () => requests('POST /mj/submit/modal').some((r) => (r.body as { prompt: string }).prompt.includes('--zoom 1.5')));
    await waitRowDone(wb, 'Custom Zoom');
  });

  test('remix: V1 asks for the prompt, prefilled with the parent\'s prompt', async () => {
    const { wb } = session;
    const requests = requestsSince(sim);
    sim.configure({ remix: true });
    try {
      await imagine(wb, 'a quiet harbour at dawn');
      const panel = await openResult(wb, /Imagine: a quiet harbour/, 'a quiet harbour');
      await panel.locator('#actions vscode-button', { hasText: 'V1' }).click();
      const input = wb.quickInput().locator('input');
      await input.waitFor({ state: 'visible', timeout: 20_000 });
      assert.equal(await input.inputValue(), 'a quiet harbour at dawn');
      await input.fill('a quiet harbour at dawn, watercolor');
      await wb.screenshot('ops-04-remix-prompt');
      await wb.quickInputAccept();
      await waitUntil('the remix modal', () => requests('POST /mj/submit/modal').some((r) => (r.body as { prompt: string }).prompt.endsWith('watercolor')));
      await waitRowDone(wb, 'V1');
    } finally {
      sim.configure({ remix: false });
    }
  });

  test('describe an image from the Explorer: four prompts, "Imagine this" starts a task under it', async () => {
    const { wb } = session;
    const panel = await describeFromExplorer(wb, 'cat.png');
    assert.equal(await panel.locator('#suggestion-list li').count(), 4);
    await wb.screenshot('ops-05-describe-prompts');
    await panel.locator('#suggestion-list li').first().locator('vscode-button[data-how="imagine"]').click();
    await wb.openActivityContainer();
    await waitRowDone(wb, /1️⃣|Prompt 1/);
  });

  test('shorten the selection from the editor menu, then Replace selection', async () => {
    const { wb } = session;
    const panel = await shortenLine(wb, 'prompts.md', 3);
    assert.ok(((await panel.locator('#analysis').textContent()) ?? '').length > 0);
    await wb.screenshot('ops-06-shorten');
    const second = ((await panel.locator('#suggestion-list li').nth(1).locator('.prompt').textContent()) ?? '').trim();
    await panel.locator('#suggestion-list li').nth(1).locator('vscode-button[data-how="replace"]').click();
    await wb.page.locator('.part.editor .view-lines', { hasText: second }).first().waitFor({ timeout: 20_000 });
  });

  test('blend two images selected in the Explorer, square', async () => {
    const { wb } = session;
    await wb.runCommand('View: Show Explorer');
    const cat = wb.page.locator('.explorer-folders-view .monaco-list-row', { hasText: 'cat.png' }).first();
    const dog = wb.page.locator('.explorer-folders-view .monaco-list-row', { hasText: 'dog.png' }).first();
    await cat.click();
    // Clicking opens the image preview, which takes focus: give it back to the Explorer list.
    await wb.runCommand('File: Focus on Files Explorer');
    await wb.page.keyboard.press('Shift+ArrowDown'); // extends the selection to dog.png, the next row
    await wb.page.locator('.explorer-folders-view .monaco-list-row.selected', { hasText: 'dog.png' }).waitFor({ timeout: 10_000 });
    const requests = requestsSince(sim);
    await wb.contextMenu(dog, 'AITRE > Blend Images…');
    await wb.quickInputPick('Square');
    const blend = (await waitUntil('the blend request', () => requests('POST /mj/submit/blend')[0])).body as { base64Array: string[]; dimensions: string };
    assert.equal(blend.base64Array.length, 2);
    assert.equal(blend.dimensions, 'SQUARE');
    await wb.openActivityContainer();
    await waitRowDone(wb, /Blend/);
    await wb.screenshot('ops-07-blend');
  });
});
