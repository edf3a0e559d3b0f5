// A long history in the real workbench: 450 finished tasks on disk. After a reload the Tasks view
// shows the newest page and a "Show older tasks" row; clicking it reads more; a filter searches
// everything.
import assert from 'node:assert/strict';
import path from 'node:path';
import { silentLogger } from '../../src/core/base/log';
import { TaskFiles } from '../../src/core/tasks/task-files';
import type { TaskRecord } from '../../src/shared/task';
import { startSimulator, type Simulator } from '../simulator';
import { nodeArea } from '../unit/node-files';
import type { Locator } from 'playwright-core';
import { useWorkbench } from './harness';
import { setApiKey } from './steps';
import { storageFolder } from './windows';

const COUNT = 450;
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Retries an async check (each try acts, then looks) until it holds. */
async function waitUntilAsync(what: string, check: () => Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(300);
  }
}

function history(now: number): TaskRecord[] {
  return Array.from({ length: COUNT }, (_, i) => {
    const at = now - (COUNT - i) * 60_000;
    return {
      id: String(1_733_000_000_000_000 + i), action: 'IMAGINE', status: 'SUCCESS', progress: 100, prompt: `history task number ${i}`, promptEn: '',
      finalPrompt: '', description: '', imageUrl: '', videoUrls: [], failReason: '', buttons: [], submitTime: at, startTime: at, finishTime: at + 30_000,
      botType: '', properties: {}, addedAt: at, updatedAt: at, lastChangeAt: at,
    };
  });
}

suite('e2e: a long history loads a page at a time', function () {
  this.timeout(240_000);
  let sim: Simulator;
  suiteSetup(async () => { sim = await startSimulator({ speed: 'test' }); });
  suiteTeardown(async () => { await sim?.close(); });

  const session = useWorkbench(() => ({ settings: { 'aitre.baseUrl': sim.url, 'aitre.historyLimit': 1000 } }));

  test('the newest 200 show after a reload, then "Show older tasks" reads the rest; a filter finds an old one', async () => {
    const { wb } = session;
    await setApiKey(wb, sim.apiKey);
    // As an earlier session (or another window) left them.
    const files = new TaskFiles(nodeArea(path.join(storageFolder(wb), 'tasks')), silentLogger, Date.now);
    const records = history(Date.now());
    for (let i = 0; i < records.length; i += 50) await Promise.all(records.slice(i, i + 50).map((r) => files.write(r, 1, 'e2e-seed')));
    await wb.reloadWindow();
    await wb.openActivityContainer();
    await wb.treeRow(/history task number 449/).waitFor({ timeout: 30_000 });
    // The list draws only the rows in view: go to its end, as a person scrolls down.
    const toTheEnd = async (until: Locator) => {
      // (the tree redraws after each page it reads: go to the end until the row is there)
      await waitUntilAsync('the end of the list', async () => {
        await wb.runCommand('AITRE: Focus on Tasks View');
        await wb.page.keyboard.press('End');
        return until.isVisible();
      });
    };
    const more = wb.treeRow(/Show older tasks/);
    await toTheEnd(more);
    assert.match((await more.textContent()) ?? '', /250 more/);
    assert.ok(await wb.treeRow(/history task number 250(?!\d)/).isVisible(), 'the 200th newest task is the last one read');
    await wb.screenshot('history-01-newest-page');
    await more.click();
    await toTheEnd(wb.treeRow(/Show older tasks/).filter({ hasText: '50 more' }));
    await wb.treeRow(/Show older tasks/).click();
    await toTheEnd(wb.treeRow(/history task number 0(?!\d)/));
    assert.equal(await wb.treeRow(/Show older tasks/).count(), 0);

    await wb.runCommand('AITRE: Filter Tasks…', { waitClosed: false });
    await wb.quickInputPick('Text…');
    await wb.quickInputFill('1733000000000003');
    await wb.quickInputAccept();
    await wb.treeRow(/history task number 3(?!\d)/).waitFor({ timeout: 20_000 });
    await wb.page.locator('.pane-body', { hasText: `Showing 1 of ${COUNT}` }).first().waitFor({ timeout: 10_000 });
    await wb.screenshot('history-02-filtered');
    await wb.runCommand('AITRE: Clear Task Filter');
  });
});
