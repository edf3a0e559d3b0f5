// Version-aware buttons in the result panel: a shorten result offers "Imagine this" per prompt and no raw
// numbered buttons; a button the gateway answers unknown_action for (stock new-api's Show Details) is learnt
// once and from then on shown disabled, with the reason as its tooltip and in words under the buttons; a v8
// upscale without Zoom or Pan is normal and its buttons work.
import assert from 'node:assert/strict';
import { startSimulator, type Simulator } from '../simulator';
import { useWorkbench } from './harness';
import { requestsSince, setApiKey, shortenLine } from './steps';

suite('e2e: version-aware buttons', function () {
  this.timeout(240_000);
  let sim: Simulator;

  suiteSetup(async () => { sim = await startSimulator({ rejectJobButtons: true, speed: { syncDelayMs: 100, submittedMs: 200, runMs: 800, progressSteps: 2 } }); });
  suiteTeardown(async () => { await sim?.close(); });

  const session = useWorkbench(() => ({
    settings: { 'aitre.baseUrl': sim.url, 'aitre.pollIntervalSeconds': 0.5 },
    files: { 'prompts.md': '# Prompts\n\na very detailed red fox sitting in fresh snow at golden hour, cinematic lighting\n' },
  }));

  setup(async function () {
    this.timeout(60_000);
    sim.configure({ version: 'v6' });
    await setApiKey(session.wb, sim.apiKey);
  });


  test('shorten: "Imagine this" per prompt, no raw 1️⃣–5️⃣; Show Details refused once, then disabled with its reason', async () => {
    const { wb } = session;
    let panel = await shortenLine(wb, 'prompts.md', 3);
    await panel.locator('#actions vscode-button', { hasText: 'Show Details' }).waitFor({ timeout: 20_000 });
    assert.equal(await panel.locator('#actions vscode-button[data-custom-id*="PromptAnalyzer::"]').filter({ hasNotText: 'Show Details' }).count(), 0, 'no raw numbered buttons');
    assert.equal(await panel.locator('#suggestion-list vscode-button[data-how="imagine"]').count(), 5);

    const since = requestsSince(sim);
    await panel.locator('#actions vscode-button', { hasText: 'Show Details' }).click();
    await wb.notification(/cannot run .*Show Details|does not support that button/);
    const refused = panel.locator('#actions vscode-button[data-unavailable]', { hasText: 'Show Details' });
    await refused.waitFor({ timeout: 20_000 });
    assert.equal(since('POST /mj/submit/action').length, 1, 'one try, learnt');
    assert.match(await refused.getAttribute('title') ?? '', /This gateway cannot run .*Show Details/);
    assert.ok(await refused.evaluate((b) => b.hasAttribute('disabled')));
    assert.match(await refused.getAttribute('aria-label') ?? '', /unavailable/);
    assert.match(await panel.locator('.unavailable-note').textContent() ?? '', /cannot run/);
    await wb.screenshot('buttons-01-shorten-refused-button-disabled');

    // A new shorten: the button is disabled from the start, and a click sends nothing.
    const later = requestsSince(sim);
    panel = await shortenLine(wb, 'prompts.md', 3);
    const again = panel.locator('#actions vscode-button[data-unavailable]', { hasText: 'Show Details' });
    await again.waitFor({ timeout: 20_000 });
    await again.click({ force: true });
    assert.equal(later('POST /mj/submit/action').length, 0);
  });

  test('a v8 upscale has no Zoom or Pan: the buttons it carries are shown and work', async () => {
    const { wb } = session;
    sim.configure({ version: 'v8' });
    const since = requestsSince(sim);
    await wb.runCommand('AITRE: Imagine from Selection', { waitClosed: false });
    await wb.quickInputFill('a paper boat on a pond --v 8');
    await wb.quickInputAccept();
    await wb.openActivityContainer();
    await wb.treeRow(/Imagine: a paper boat/).filter({ hasText: 'done' }).waitFor({ timeout: 40_000 });
    await wb.treeRow(/Imagine: a paper boat/).click();
    const panel = await wb.webviewFrame('AITRE');
    await panel.locator('#actions vscode-button[data-custom-id*="upsample::1"]').click();
    await panel.locator('#title', { hasText: 'U1' }).waitFor({ timeout: 20_000 });
    await panel.locator('#actions vscode-button', { hasText: 'Vary (Subtle)' }).waitFor({ timeout: 30_000 });
    assert.equal(await panel.locator('#actions [data-group="zoom"], #actions [data-group="pan"]').count(), 0);
    assert.equal(await panel.locator('#fail').isVisible(), false);
    await panel.locator('#actions vscode-button', { hasText: 'Vary (Subtle)' }).click();
    await panel.locator('#title', { hasText: 'Vary (Subtle)' }).waitFor({ timeout: 20_000 });
    assert.ok(since('POST /mj/submit/action').length >= 2);
    await wb.screenshot('buttons-02-v8-upscale');
  });
});
