// The quota in the status bar, as a person sees it: what the key has left and has used, the figure
// going down after an Imagine, a click to refresh, and nothing at all (one log line) on a gateway
// without the billing routes.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { startSimulator, type Simulator } from '../simulator';
import { useWorkbench, type Workbench } from './harness';
import { clearApiKey, imagine, requestsSince, setApiKey, waitUntil } from './steps';

const QUOTA_ITEM = /left · .* used/;

/** The AITRE output channel's log file(s) written by the extension host. */
function aitreLogText(wb: Workbench): string {
  const logs = path.join(wb.server.userDataDir, 'logs');
  if (!fs.existsSync(logs)) return '';
  return fs.readdirSync(logs, { recursive: true }).map(String)
    .filter((f) => /AITRE\.log$/.test(f))
    .map((f) => fs.readFileSync(path.join(logs, f), 'utf8'))
    .join('\n');
}

suite('e2e: quota in the status bar', function () {
  this.timeout(180_000);
  let sim: Simulator;

  suiteSetup(async () => {
    sim = await startSimulator({ speed: { syncDelayMs: 100, submittedMs: 200, runMs: 800, progressSteps: 2 } });
  });
  suiteTeardown(async () => { await sim?.close(); });

  const session = useWorkbench(() => ({ settings: { 'aitre.baseUrl': sim.url, 'aitre.pollIntervalSeconds': 0.5 } }));

  test('shows what the key has left and has used; an Imagine takes its price off', async () => {
    const { wb } = session;
    sim.configure({ billing: true, quota: { totalUsd: 25, usedUsd: 3.42 } });
    await setApiKey(wb, sim.apiKey);
    // The key may have been set before this test: a click asks again.
    await wb.runCommand('AITRE: Refresh Quota');
    const item = await wb.statusBarItem('$21.58 left · $3.42 used');
    await item.hover();
    await wb.page.locator('.monaco-hover', { hasText: 'Left: $21.58 of $25.00.' }).first().waitFor({ timeout: 15_000 });
    await wb.screenshot('quota-01-status-bar');

    await imagine(wb, 'a red fox in fresh snow, golden hour');
    // Refreshed on its own after the paid call (at most once a minute).
    await wb.statusBarItem('$21.48 left · $3.52 used', 75_000);
    await wb.screenshot('quota-02-after-imagine');

    // A click asks again at once (the gateway knows of a charge made elsewhere).
    sim.configure({ quota: { totalUsd: 25, usedUsd: 24 } });
    await wb.statusBarItem(QUOTA_ITEM).then((i) => i.click());
    await wb.statusBarItem('$1.00 left · $24.00 used');
  });

  test('a gateway without the billing routes: no quota item, one log line, and a plain answer to Refresh Quota', async () => {
    const { wb } = session;
    sim.configure({ billing: false });
    try {
      const requests = requestsSince(sim);
      const hiddenLines = () => aitreLogText(wb).split('\n').filter((l) => l.includes('Quota hidden'));
      const logged = hiddenLines().length;
      await clearApiKey(wb);
      await setApiKey(wb, sim.apiKey);
      await waitUntil('the quota to be asked for', () => requests('GET /v1/dashboard/billing/subscription').length > 0);
      await wb.clearNotifications();
      await wb.runCommand('AITRE: Refresh Quota');
      await wb.notification('This gateway does not report the quota of a key');
      assert.equal(await wb.page.locator('.statusbar-item', { hasText: QUOTA_ITEM }).count(), 0, 'a quota item is shown');
      await wb.screenshot('quota-03-no-billing-routes');
      const lines = await waitUntil('the log line', () => {
        const found = hiddenLines().slice(logged);
        return found.length ? found : undefined;
      });
      assert.equal(lines.length, 1, lines.join('\n'));
      assert.match(lines[0]!, /does not offer the billing routes/);
      assert.ok(!aitreLogText(wb).includes(sim.apiKey), 'the key is in the log');
    } finally {
      sim.configure({ billing: true });
    }
  });
});
