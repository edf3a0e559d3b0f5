// The "Get Started with AITRE" walkthrough in the real workbench: opened with AITRE: Get Started
// (workbench.action.openWalkthrough with its id), each step ticks when the person has done it —
// the gateway URL typed in the Settings editor, the key pasted, a first Imagine, the picture put in
// a document, the Tasks view found.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { startSimulator, type Simulator } from '../simulator';
import { useWorkbench, type Workbench } from './harness';
import { openResult, waitUntil } from './steps';

const STEPS = ['gateway', 'key', 'imagine', 'save', 'history'] as const;
type Step = (typeof STEPS)[number];

/** Shows the walkthrough (opening it again brings its page back to the front). */
async function showWalkthrough(wb: Workbench): Promise<void> {
  const title = wb.page.locator('.gettingStartedContainer h2', { hasText: 'Get Started with AITRE' }).first();
  const tab = wb.page.locator('.part.editor .tabs-container .tab', { hasText: 'Walkthrough:' }).first();
  // Its tab when it is open (as a person would), else the command; again if the first try did not take.
  for (let attempt = 0; attempt < 3; attempt++) {
    if (await title.isVisible().catch(() => false)) return;
    if (attempt === 0 && (await tab.isVisible().catch(() => false))) await tab.click();
    else await wb.runCommand('AITRE: Get Started').catch(() => undefined);
    if (await title.waitFor({ timeout: 5_000 }).then(() => true, () => false)) return;
  }
  await title.waitFor({ timeout: 10_000 });
}

const stepButton = (wb: Workbench, step: Step) => wb.page.locator(`.gettingStartedContainer button.getting-started-step[data-step-id$="#${step}"]`);

async function ticked(wb: Workbench): Promise<Record<Step, boolean>> {
  const out = {} as Record<Step, boolean>;
  for (const step of STEPS) {
    out[step] = (await wb.page.locator(`.gettingStartedContainer [data-done-step-id$="#${step}"]`).first().getAttribute('aria-checked')) === 'true';
  }
  return out;
}

async function waitTicked(wb: Workbench, step: Step): Promise<void> {
  await showWalkthrough(wb);
  await waitUntil(`the step "${step}" to tick`, async () => (await ticked(wb))[step], 20_000);
}

/** Expands a step and clicks the button in its description. */
async function stepAction(wb: Workbench, step: Step, label: string): Promise<void> {
  await showWalkthrough(wb);
  await stepButton(wb, step).click();
  const action = stepButton(wb, step).locator('.step-description-container a, .step-description-container .button-link, .step-description-container button', { hasText: label }).first();
  await action.waitFor({ state: 'visible', timeout: 10_000 });
  await action.click();
}

suite('e2e: the Get Started walkthrough', function () {
  this.timeout(240_000);
  let sim: Simulator;

  suiteSetup(async () => {
    sim = await startSimulator({ speed: { syncDelayMs: 100, submittedMs: 200, runMs: 600, progressSteps: 2 } });
  });
  suiteTeardown(async () => { await sim?.close(); });

  // A first session: no gateway URL, no key, no tasks (a fresh profile for this suite).
  const session = useWorkbench(() => ({ settings: { 'aitre.pollIntervalSeconds': 0.5 }, files: { 'notes.md': '# Notes\n\nThe fox:\n\n' } }));

  test('each step ticks as the person does it', async () => {
    const { wb } = session;
    await showWalkthrough(wb);
    assert.deepEqual(await ticked(wb), { gateway: false, key: false, imagine: false, save: false, history: false });
    await stepButton(wb, 'gateway').click();
    await wb.screenshot('walkthrough-01-start');

    // 1. The gateway URL, typed into the Settings editor the step opens.
    await stepAction(wb, 'gateway', 'Set Gateway URL');
    const input = wb.page.locator('.settings-editor .setting-item-contents input').first();
    await input.waitFor({ state: 'visible', timeout: 20_000 });
    await input.fill(sim.url);
    await input.press('Tab');
    await waitUntil('aitre.baseUrl in settings.json', () => fs.readFileSync(path.join(wb.server.userDataDir, 'User', 'settings.json'), 'utf8').includes(sim.url));
    await waitTicked(wb, 'gateway');

    // 2. The key, through the masked input box of Set API Key.
    await stepAction(wb, 'key', 'Set API Key');
    await wb.quickInputFill(sim.apiKey);
    await wb.quickInputAccept();
    await waitTicked(wb, 'key');

    // 3. A first Imagine, typed.
    await stepAction(wb, 'imagine', 'Imagine');
    await wb.quickInputFill('a red fox in fresh snow, golden hour');
    await wb.quickInputAccept();
    await wb.treeRowsWhere('the first task to finish', (rows) => rows.some((r) => r.label.includes('a red fox') && r.description === 'done'), 40_000);
    await waitTicked(wb, 'imagine');

    // 4. The picture into a document: Insert into Editor from the result panel.
    await wb.openFile('notes.md');
    await wb.gotoLine(5);
    const panel = await openResult(wb, /Imagine: a red fox/, 'a red fox');
    await panel.locator('#insert').click();
    await wb.page.locator('.part.editor .view-lines', { hasText: '](assets/aitre/' }).first().waitFor({ timeout: 40_000 });
    await waitTicked(wb, 'save');

    // 5. The history: the Tasks view (seen already while imagining; its button shows it again).
    await stepAction(wb, 'history', 'Show the Tasks View');
    await wb.viewPane().waitFor({ state: 'visible', timeout: 10_000 });
    await waitTicked(wb, 'history');
    assert.deepEqual(await ticked(wb), { gateway: true, key: true, imagine: true, save: true, history: true });
    // The walkthrough alone, for the picture.
    const panelTab = wb.page.locator('.part.editor .tab', { hasText: 'AITRE: Imagine' }).first();
    await panelTab.hover();
    await panelTab.locator('.tab-actions .action-label').first().click();
    await panelTab.waitFor({ state: 'detached', timeout: 10_000 });
    await showWalkthrough(wb);
    await stepButton(wb, 'imagine').click();
    // The step's Markdown media renders in a webview beside the steps.
    await wb.page.frameLocator('.gettingStartedContainer iframe.webview.ready').frameLocator('iframe#active-frame')
      .locator('h1', { hasText: 'Imagine a first prompt' }).waitFor({ timeout: 20_000 });
    await wb.screenshot('walkthrough-02-all-done');
  });
});
