// Two windows on one profile, as people work: two pages of one code-server on two folders, one
// extension host each, one globalStorage. A task imagined in each shows in both, both survive a
// reload of both, and only one window polls the gateway.
import assert from 'node:assert/strict';
import { startSimulator, type Simulator } from '../simulator';
import { useWorkbench, type Workbench } from './harness';
import { imagine, setApiKey, waitRowDone, waitUntil } from './steps';
import { closeWindow, extensionHostPids, openSecondWindow, taskFiles } from './windows';

const INTERVAL_MS = 1000;

suite('e2e: two windows on one profile', function () {
  this.timeout(300_000);
  let sim: Simulator;
  let second: Workbench | undefined;

  suiteSetup(async () => { sim = await startSimulator({ speed: { syncDelayMs: 200, submittedMs: 400, runMs: 1600, progressSteps: 3 } }); });
  suiteTeardown(async () => {
    if (second) await closeWindow(second);
    await sim?.close();
  });

  const session = useWorkbench(() => ({
    settings: { 'aitre.baseUrl': sim.url, 'aitre.pollIntervalSeconds': INTERVAL_MS / 1000 },
    files: { 'one.md': '# Window one\n' },
  }));

  /** Sets the key in a window unless the profile's secret storage already gave it one. */
  async function ensureKey(wb: Workbench): Promise<void> {
    await wb.openActivityContainer();
    const welcome = await wb.viewWelcomeText();
    if (/Set your AITRE API key/.test(welcome)) await setApiKey(wb, sim.apiKey);
  }

  test('a task imagined in each window shows in both Tasks views', async () => {
    const one = session.wb;
    await setApiKey(one, sim.apiKey);
    second = await openSecondWindow(one, { 'two.md': '# Window two\n' });
    await ensureKey(second);
    assert.equal(extensionHostPids(one).length, 2, 'each window runs its own extension host');
    await imagine(one, 'a fox from window one');
    await imagine(second, 'a heron from window two');
    // Each window sees the other's task (through the shared task folder and its watcher).
    await waitRowDone(one, 'a heron from window two', 20_000);
    await waitRowDone(second, 'a fox from window one', 20_000);
    await one.screenshot('windows-01-window-one');
    await second.screenshot('windows-02-window-two');
    const onDisk = taskFiles(one).map((f) => f.task.prompt).sort();
    assert.deepEqual(onDisk, ['a fox from window one', 'a heron from window two']);
  });

  test('reload both windows: both tasks are in both trees', async () => {
    const one = session.wb;
    await one.reloadWindow();
    await second!.reloadWindow();
    for (const wb of [one, second!]) {
      await wb.openActivityContainer();
      await waitRowDone(wb, 'a fox from window one', 30_000);
      await waitRowDone(wb, 'a heron from window two', 30_000);
      const rows = (await wb.treeRows()).filter((r) => r.level === 1).map((r) => r.label);
      assert.ok(rows.some((l) => l.includes('a fox from window one')) && rows.some((l) => l.includes('a heron from window two')), JSON.stringify(rows));
    }
    await second!.screenshot('windows-03-after-reload');
  });

  test('one poller for both windows: one list request per tick, never two within an interval', async () => {
    const one = session.wb;
    // Tasks that keep running, one from each window, so both windows would poll if they could.
    for (const [wb, prompt] of [[one, 'a lighthouse that never finishes --sim-stall'], [second!, 'a castle that never finishes --sim-stall']] as const) {
      await wb.runCommand('AITRE: Imagine from Selection', { waitClosed: false });
      await wb.quickInputFill(prompt);
      await wb.quickInputAccept();
      await wb.treeRow(prompt.replace(' --sim-stall', '')).waitFor({ timeout: 20_000 });
    }
    const lists = () => sim.requests.filter((r) => r.route === 'POST /mj/task/list-by-condition');
    // Both running tasks are in the list the poller sends: it polls what both windows submitted.
    await waitUntil('a list request with both running tasks', () => lists().some((r) => ((r.body as { ids?: unknown[] }).ids ?? []).length >= 2), 30_000);
    sim.clearRequests();
    await waitUntil('eight list requests', () => lists().length >= 8, 60_000);
    const at = lists().map((r) => r.at);
    const gaps = at.slice(1).map((t, i) => t - at[i]!);
    // One poller waits a whole interval after each answer; two would interleave their ticks.
    assert.ok(gaps.every((g) => g >= INTERVAL_MS - 50), `list requests closer than one interval: ${JSON.stringify(gaps)}`);
    assert.ok(lists().every((r) => ((r.body as { ids?: unknown[] }).ids ?? []).length >= 2), 'each tick asks for every running task at once');
    await one.screenshot('windows-04-one-poller');
    // Stop both from running on (and polling) after the test.
    for (const prompt of ['a lighthouse that never finishes', 'a castle that never finishes']) {
      await one.treeRowContextMenu(prompt, 'Stop Tracking');
      await one.page.locator('.pane-body .monaco-list-row', { hasText: prompt }).filter({ hasText: 'not tracked' }).first().waitFor({ timeout: 20_000 });
    }
  });
});
