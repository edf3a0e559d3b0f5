// A person's walk through the MidJourney loop in the real workbench (code-server + Chromium)
// against the simulator: set the key, select text, Imagine from the context menu, watch the row
// progress, open the panel, click U1, see the child, reload, see both still there. Every test sets
// up what it needs (key, tasks) itself.
import assert from 'node:assert/strict';
import { startSimulator, type Simulator } from '../simulator';
import { useWorkbench } from './harness';
import { clearApiKey, clearTasks, imageLoaded, imagine, imagineAndUpscale, openResult, requestsSince, setApiKey } from './steps';

const PROMPTS = ['# Prompts', '', 'a red fox in fresh snow, golden hour --ar 3:2', '', 'a lighthouse in a storm', ''].join('\n');

suite('e2e: the MidJourney loop', function () {
  this.timeout(180_000);
  let sim: Simulator;

  suiteSetup(async () => {
    // Slow enough to see progress in a screenshot, fast enough for CI.
    sim = await startSimulator({ speed: { syncDelayMs: 500, submittedMs: 1500, runMs: 5000, progressSteps: 5 } });
  });
  suiteTeardown(async () => { await sim?.close(); });

  const session = useWorkbench(() => ({
    settings: { 'aitre.baseUrl': sim.url, 'aitre.pollIntervalSeconds': 0.5 },
    files: { 'prompts.md': PROMPTS },
  }));

  test('welcome view offers Set API Key; the key goes in through a masked input', async () => {
    const { wb } = session;
    await clearApiKey(wb);
    await clearTasks(wb);
    await wb.page.locator('.welcome-view-content', { hasText: 'Set your AITRE API key' }).waitFor({ timeout: 20_000 });
    await wb.screenshot('loop-01-welcome');
    await wb.viewPane().locator('.welcome-view-content a, .welcome-view-content .monaco-button', { hasText: 'Set API Key' }).first().click();
    const input = wb.quickInput().locator('input');
    await input.waitFor({ state: 'visible' });
    assert.equal(await input.getAttribute('type'), 'password');
    await wb.quickInputFill(`  ${sim.apiKey}  `);
    await wb.quickInputAccept();
    await wb.page.locator('.welcome-view-content', { hasText: 'No tasks yet' }).waitFor({ timeout: 20_000 });
    assert.ok(!(await wb.page.content()).includes(sim.apiKey), 'the key is visible in the page');
  });

  test('select a prompt, Imagine from the editor context menu, watch the row progress', async () => {
    const { wb } = session;
    await setApiKey(wb, sim.apiKey);
    const requests = requestsSince(sim);
    await wb.openFile('prompts.md');
    await wb.selectLine(3);
    await wb.openEditorContextMenu();
    assert.ok((await wb.menuItems()).includes('AITRE'));
    await wb.screenshot('loop-02-context-menu');
    await wb.clickMenuItem('AITRE > Imagine from Selection');
    const row = wb.treeRow(/Imagine: a red fox in fresh snow/);
    await row.waitFor({ timeout: 20_000 });
    // The row leads with its progress, so a narrow view still shows it.
    await wb.treeRowsWhere('the row to lead with its progress', (rows) => rows.some((r) => /^\d+% · Imagine: a red fox in fresh snow/.test(r.label)), 30_000);
    await wb.screenshot('loop-03-progress');
    const submitted = requests('POST /mj/submit/imagine')[0];
    assert.equal((submitted?.body as { prompt?: string })?.prompt, 'a red fox in fresh snow, golden hour --ar 3:2');
    await wb.page.locator('.pane-body .monaco-list-row', { hasText: 'a red fox' }).filter({ hasText: 'done' }).first().waitFor({ timeout: 30_000 });
    const rows = await wb.treeRows();
    assert.equal(rows[0]?.description, 'done');
  });

  test('click the row: the panel shows the image and every button; U1 makes a child under it', async () => {
    const { wb } = session;
    await setApiKey(wb, sim.apiKey);
    const requests = requestsSince(sim);
    await imagine(wb, 'a snow owl on a branch');
    const panel = await openResult(wb, /Imagine: a snow owl/, 'a snow owl');
    await imageLoaded(panel);
    const labels = await panel.locator('#actions vscode-button').allTextContents();
    assert.deepEqual(labels.map((l) => l.trim()), ['U1', 'U2', 'U3', 'U4', 'V1', 'V2', 'V3', 'V4', '🔄']);
    await wb.screenshot('loop-04-panel');

    await panel.locator('#actions vscode-button[data-custom-id*="upsample::1"]').click();
    const child = wb.page.locator('.pane-body .monaco-list-row[aria-level="2"]', { hasText: /U1: a snow owl/ }).first();
    await child.waitFor({ timeout: 20_000 });
    await panel.locator('#title', { hasText: 'U1' }).waitFor({ timeout: 20_000 });
    await child.filter({ hasText: 'done' }).waitFor({ timeout: 30_000 });
    await panel.locator('#actions vscode-button', { hasText: 'Zoom Out 2x' }).waitFor({ timeout: 20_000 });
    await wb.screenshot('loop-05-child-task');
    const actions = requests('POST /mj/submit/action');
    assert.equal(actions.length, 1);
    assert.match((actions[0]!.body as { customId: string }).customId, /upsample::1/);
  });

  test('reload the window: a task and its child are still there, and the panel shows what it showed', async () => {
    const { wb } = session;
    await setApiKey(wb, sim.apiKey);
    await imagineAndUpscale(wb, 'a paper boat on a pond');
    await wb.reloadWindow();
    // VS Code restores the side bar as it was, showing AITRE (clicking its icon now would hide it).
    await wb.treeRow(/Imagine: a paper boat/).waitFor({ timeout: 30_000 });
    const rows = await wb.treeRowsWhere('the task and its U1 child after the reload', (r) => {
      const parent = r.findIndex((x) => x.level === 1 && x.label.startsWith('Imagine: a paper boat') && x.description === 'done');
      return parent >= 0 && r[parent + 1]?.level === 2 && r[parent + 1]!.label.startsWith('U1') && r[parent + 1]!.description === 'done';
    }, 30_000);
    assert.ok(rows.length >= 2);
    // The result panel comes back too, showing the task it showed before.
    const panel = await wb.webviewFrame('AITRE');
    await panel.locator('#title', { hasText: 'U1' }).waitFor({ timeout: 20_000 });
    await wb.screenshot('loop-06-after-reload');
  });

  test('a banned word gives one plain message, and nothing is lost', async () => {
    const { wb } = session;
    await setApiKey(wb, sim.apiKey);
    await wb.runCommand('AITRE: Imagine from Selection', { waitClosed: false });
    await wb.quickInputFill('a bloodbath in the snow');
    await wb.quickInputAccept();
    const toast = await wb.notification(/Banned word "bloodbath": MidJourney refused the prompt/);
    const text = (await toast.innerText()).trim();
    assert.ok(!/[{}]/.test(text), `raw JSON in the message: ${text}`);
    await wb.screenshot('loop-07-error-banned-word');
  });
});
