// A paid submit survives the worst: the extension host process is killed (SIGKILL, no deactivate)
// the moment the submit reports success. After a restart the task is in the Tasks view and is
// tracked to the end.
import assert from 'node:assert/strict';
import { startSimulator, type Simulator } from '../simulator';
import { useWorkbench } from './harness';
import { setApiKey, waitRowDone, waitUntil } from './steps';
import { extensionHostPids, taskFiles } from './windows';

suite('e2e: the extension host is killed right after a submit', function () {
  this.timeout(240_000);
  let sim: Simulator;

  // Slow enough that the task is still running when the host dies.
  suiteSetup(async () => { sim = await startSimulator({ speed: { syncDelayMs: 500, submittedMs: 1000, runMs: 4000, progressSteps: 4 } }); });
  suiteTeardown(async () => { await sim?.close(); });

  const session = useWorkbench(() => ({
    settings: { 'aitre.baseUrl': sim.url, 'aitre.pollIntervalSeconds': 0.5 },
    files: { 'notes.md': '# Notes\n' },
  }));

  test('the task is there after the restart, and finishes', async () => {
    const { wb } = session;
    await setApiKey(wb, sim.apiKey);
    const [host, ...others] = extensionHostPids(wb);
    assert.ok(host, 'no extension host found');
    assert.deepEqual(others, []);
    await wb.runCommand('AITRE: Imagine from Selection', { waitClosed: false });
    await wb.quickInputFill('a lighthouse that survives a crash');
    await wb.quickInputAccept();
    // The command reports success (with the task id and the prompt sent); it does so only once the task is on disk.
    const status = await wb.notification(/Imagine sent \(task \d+\)/, 20_000);
    process.kill(host, 'SIGKILL');
    const id = /task (\d+)/.exec((await status.textContent()) ?? '')?.[1];
    assert.ok(id);
    assert.ok(sim.requests.some((r) => r.route === 'POST /mj/submit/imagine'));
    assert.ok(taskFiles(wb).some((f) => f.task.id === id), 'the task file is not on disk');
    await waitUntil('the killed host to be gone', () => !extensionHostPids(wb).includes(host), 20_000);
    await wb.screenshot('crash-01-host-killed');

    await wb.reloadWindow();
    await wb.openActivityContainer();
    await wb.treeRow(/a lighthouse that survives a crash/).waitFor({ timeout: 30_000 });
    await waitRowDone(wb, 'a lighthouse that survives a crash', 60_000);
    assert.equal(sim.requests.filter((r) => r.route === 'POST /mj/submit/imagine').length, 1, 'one intent, one paid submit');
    await wb.screenshot('crash-02-after-restart');
  });
});
