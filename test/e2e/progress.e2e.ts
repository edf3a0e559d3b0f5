// Progress for long work, as a person sees it: a MidJourney submit shows one notification while the
// gateway has not answered (a double submit does not stack a second one), gone once it answered;
// Refresh shows the Tasks view's own progress bar while the poll waits. The simulator holds the
// request until the test lets it go, so nothing depends on timing.
import assert from 'node:assert/strict';
import { startSimulator, type Simulator } from '../simulator';
import { useWorkbench } from './harness';
import { clearTasks, setApiKey, waitUntil } from './steps';

suite('e2e: progress while the gateway works', function () {
  this.timeout(180_000);
  let sim: Simulator;

  suiteSetup(async () => {
    sim = await startSimulator({ speed: { syncDelayMs: 100, submittedMs: 200, runMs: 600, progressSteps: 2 } });
  });
  suiteTeardown(async () => { await sim?.close(); });

  const session = useWorkbench(() => ({ settings: { 'aitre.baseUrl': sim.url, 'aitre.pollIntervalSeconds': 0.5 } }));
  teardown(() => { sim.clearFaults(); sim.releaseHeld(); });

  test('Imagine: one progress notification until the gateway answers', async () => {
    const { wb } = session;
    await setApiKey(wb, sim.apiKey);
    await clearTasks(wb);
    await wb.clearNotifications();
    sim.addFault({ route: 'POST /mj/submit/imagine', fault: { kind: 'hold' }, times: 2 });
    for (const prompt of ['a slow fox', 'a slow owl']) {
      await wb.runCommand('AITRE: Imagine from Selection', { waitClosed: false });
      await wb.quickInputFill(prompt);
      await wb.quickInputAccept();
    }
    await waitUntil('both submits to wait at the gateway', () => sim.heldCount === 2);
    const toast = wb.page.locator('.notifications-toasts .notification-toast', { hasText: 'Sending 2 MidJourney requests to the gateway' });
    await toast.waitFor({ timeout: 15_000 });
    assert.equal(await wb.page.locator('.notifications-toasts .notification-toast', { hasText: /MidJourney requests|Sending Imagine/ }).count(), 1, 'progress notifications stacked');
    await wb.screenshot('progress-01-submit-notification');
    sim.releaseHeld();
    await toast.waitFor({ state: 'hidden', timeout: 15_000 });
    await wb.treeRowsWhere('both tasks in the view', (rows) => ['a slow fox', 'a slow owl'].every((p) => rows.some((r) => r.label.includes(p))));
  });

  test('Refresh: the Tasks view shows progress while the poll waits, and a second click joins it', async () => {
    const { wb } = session;
    await setApiKey(wb, sim.apiKey);
    // A task that keeps running, so there is something to poll.
    await wb.runCommand('AITRE: Imagine from Selection', { waitClosed: false });
    await wb.quickInputFill('a fox that takes its time --sim-stall');
    await wb.quickInputAccept();
    const row = wb.treeRow(/a fox that takes its time/);
    await wb.treeRowsWhere('the row at 46%', (rows) => rows.some((r) => /^46% · .*a fox that takes its time/.test(r.label)), 30_000);
    sim.addFault({ route: /^(POST \/mj\/task\/list-by-condition|GET \/mj\/task\/\d+\/fetch)$/, fault: { kind: 'hold' } });
    await waitUntil('a poll to wait at the gateway', () => sim.heldCount > 0);
    await wb.viewTitleAction('Refresh Tasks');
    await wb.viewTitleAction('Refresh Tasks');
    const bar = wb.page.locator('.part.sidebar .monaco-progress-container.active');
    await bar.first().waitFor({ state: 'visible', timeout: 15_000 });
    await wb.screenshot('progress-02-refresh');
    sim.clearFaults();
    sim.releaseHeld();
    await waitUntil('the progress bar to go', async () => (await bar.count()) === 0 || !(await bar.first().isVisible()));
    const id = [...Object.values(sim.state.tasks)].find((t) => t.requestPrompt.includes('a fox that takes its time'))!.id;
    sim.finishTask(id);
    await row.filter({ hasText: 'done' }).waitFor({ timeout: 30_000 });
  });

  test("a row's context menu acts on that row while another task moves on at every poll", async () => {
    const { wb } = session;
    await setApiKey(wb, sim.apiKey);
    await clearTasks(wb);
    const stones = ['a stone that stays put', 'a pebble that stays put'];
    const simId = (prompt: string) => Object.values(sim.state.tasks).find((t) => t.requestPrompt.includes(prompt))!.id;
    try {
      for (const prompt of stones) {
        await wb.runCommand('AITRE: Imagine from Selection', { waitClosed: false });
        await wb.quickInputFill(`${prompt} --sim-stall`);
        await wb.quickInputAccept();
        await wb.treeRowsWhere(`"${prompt}" at 46%`, (rows) => rows.some((r) => r.label.startsWith('46% · ') && r.label.includes(prompt)), 30_000);
      }
      // A task one percent further every 1.5 s (polls every 0.5 s): its row is redrawn all through the test.
      sim.configure({ speed: { syncDelayMs: 100, submittedMs: 200, runMs: 150_000, progressSteps: 99 } });
      await wb.runCommand('AITRE: Imagine from Selection', { waitClosed: false });
      await wb.quickInputFill('a clock that keeps ticking');
      await wb.quickInputAccept();
      const tick = async () => (await wb.treeRows()).find((r) => r.label.includes('a clock that keeps ticking'))?.label ?? '';
      for (let round = 1; round <= 3; round++) {
        for (const prompt of stones) {
          const before = await tick();
          await waitUntil('the ticking task to move on', async () => /^\d+% · /.test(await tick()) && (await tick()) !== before, 30_000);
          await wb.treeRowContextMenu(prompt, 'Stop Tracking');
          await wb.treeRowsWhere(`"${prompt}" not tracked (round ${round})`, (rows) => rows.some((r) => r.label.startsWith('not tracked · ') && r.label.includes(prompt)), 20_000);
          assert.equal(await wb.page.locator('.quick-input-widget').filter({ visible: true }).count(), 0, 'Stop Tracking asked which task instead of acting on the row');
          await wb.treeRowContextMenu(prompt, 'Re-check Task');
          await wb.treeRowsWhere(`"${prompt}" tracked again (round ${round})`, (rows) => rows.some((r) => r.label.startsWith('46% · ') && r.label.includes(prompt)), 20_000);
          assert.equal(await wb.page.locator('.quick-input-widget').filter({ visible: true }).count(), 0, 'Re-check asked which task instead of acting on the row');
        }
      }
      await wb.screenshot('progress-03-row-menu-while-polling');
    } finally {
      sim.configure({ speed: { syncDelayMs: 100, submittedMs: 200, runMs: 600, progressSteps: 2 } });
      for (const prompt of [...stones, 'a clock that keeps ticking']) {
        if (Object.values(sim.state.tasks).some((t) => t.requestPrompt.includes(prompt))) sim.finishTask(simId(prompt));
      }
    }
    await clearTasks(wb);
  });
});
