// The gateway misbehaves while tasks run: a burst of HTML error pages, then a rate limit. Every task
// still reaches its true final state, none is lost or duplicated, and the person sees one plain
// message, not one per failed poll, that goes away by itself when polls work again.
import assert from 'node:assert/strict';
import { startSimulator, type Simulator } from '../simulator';
import { useWorkbench } from './harness';
import { clearTasks, requestsSince, setApiKey } from './steps';

suite('e2e: faults while tasks run', function () {
  this.timeout(180_000);
  let sim: Simulator;

  suiteSetup(async () => {
    sim = await startSimulator({ speed: { syncDelayMs: 200, submittedMs: 500, runMs: 3000, progressSteps: 4 } });
  });
  suiteTeardown(async () => { await sim?.close(); });

  const session = useWorkbench(() => ({
    settings: { 'aitre.baseUrl': sim.url, 'aitre.pollIntervalSeconds': 0.5 },
    files: { 'prompts.md': 'a fox\n' },
  }));

  test('ten tasks survive a burst of 502 pages and a 429: one message that withdraws itself, all done, none duplicated', async () => {
    const { wb } = session;
    sim.clearFaults();
    await setApiKey(wb, sim.apiKey);
    await clearTasks(wb);
    const requests = requestsSince(sim);
    for (let i = 1; i <= 10; i++) {
      await wb.runCommand('AITRE: Imagine from Selection', { waitClosed: false });
      await wb.quickInputFill(`fox number ${i}`);
      await wb.quickInputAccept();
    }
    await wb.treeRow(/fox number 10/).waitFor({ timeout: 20_000 });
    sim.addFault({ route: 'POST /mj/task/list-by-condition', fault: { kind: 'html', status: 502 }, times: 4 });
    sim.addFault({ route: 'POST /mj/task/list-by-condition', fault: { kind: 'rate-limit', retryAfterSeconds: 1 }, times: 1 });
    const toast = await wb.notification(/cannot check your running tasks right now: the gateway answered HTTP 502/, 30_000);
    await wb.screenshot('faults-01-one-plain-message');
    assert.ok(!/[<>{}]/.test(await toast.innerText()), 'raw HTML or JSON in the message');

    const rows = await wb.treeRowsWhere('all ten tasks done', (r) => r.length === 10 && r.every((x) => x.description === 'done'), 60_000);
    assert.equal(rows.length, 10);
    assert.equal(new Set(rows.map((r) => r.label)).size, 10, 'a task appears twice');
    // Once polls work again, the outage notice withdraws itself (the center keeps no problem that is
    // over) and the status bar says checking works again.
    await wb.statusBarItem(/checking your running tasks works again/, 30_000);
    await toast.waitFor({ state: 'detached', timeout: 30_000 });
    const messages = (await wb.notificationMessages()).filter((m) => /cannot check|HTTP 502|rate-limit/.test(m));
    assert.deepEqual(messages, [], 'the outage notice is still in the notification center after polling recovered');
    assert.equal(requests('POST /mj/submit/imagine').length, 10, 'a submit was repeated');
    await wb.screenshot('faults-02-all-done');
  });
});
