// Steps the AITRE e2e suites share: what a person does again and again, each ending on what the
// workbench shows (never on a fixed wait). Tests call these to set up their own preconditions.
import type { FrameLocator } from 'playwright-core';
import type { Simulator } from '../simulator';
import { waitFor, type Workbench } from './harness';

/** Polls `read` until it returns something truthy (value-returning wait; see harness waitFor). */
export function waitUntil<T>(what: string, read: () => Promise<T | undefined | null | false> | T | undefined | null | false, timeoutMs = 20_000): Promise<T> {
  return waitFor(what, read, timeoutMs);
}

/** AITRE: Set API Key through the palette and the masked input box, then show the AITRE view. */
export async function setApiKey(wb: Workbench, key: string): Promise<void> {
  await wb.runCommand('AITRE: Set API Key', { waitClosed: false });
  await wb.quickInputFill(key);
  await wb.quickInputAccept();
  await wb.statusBarItem('AITRE: API key saved.');
  await wb.openActivityContainer();
}

/** AITRE: Clear API Key (whether or not one is stored), then show the AITRE view. */
export async function clearApiKey(wb: Workbench): Promise<void> {
  await wb.runCommand('AITRE: Clear API Key');
  await wb.notification(/AITRE API key removed from secret storage|No AITRE API key is stored/);
  await wb.openActivityContainer();
}

/** Empties the Tasks view: waits for running tasks to end, then Clear Finished Tasks. */
export async function clearTasks(wb: Workbench): Promise<void> {
  await wb.openActivityContainer();
  if ((await wb.treeRows()).length === 0) return;
  // Rows lead with their state until they are done ("58% · …", "failed · …"); day headings have none.
  await wb.treeRowsWhere('every task to finish', (rows) => rows.every((r) => r.description === 'done' || /^(failed|cancelled) · /.test(r.label) || !r.label.includes(' · ')), 60_000);
  await wb.runCommand('AITRE: Clear Finished Tasks');
  await wb.treeRowsWhere('an empty Tasks view', (rows) => rows.length === 0);
}

/** Waits for a task row (matching `text`) to say "done". */
export async function waitRowDone(wb: Workbench, text: RegExp | string, timeoutMs = 30_000): Promise<void> {
  // A follow-up's row sits under its parent: the extension must show it without a click (a parent
  // first drawn as a leaf used to stay collapsed over its new child), so nothing here expands rows.
  const row = wb.page.locator('.pane-body .monaco-list-row', { hasText: text }).filter({ hasText: 'done' }).first();
  await waitFor(`a done row matching ${String(text)}, shown without expanding anything`, () => row.isVisible(), timeoutMs);
}

/** AITRE: Imagine with a typed prompt, and wait for that new task (the newest row) to finish. */
export async function imagine(wb: Workbench, prompt: string): Promise<void> {
  await wb.runCommand('AITRE: Imagine from Selection', { waitClosed: false });
  await wb.quickInputFill(prompt);
  await wb.quickInputAccept();
  await wb.openActivityContainer();
  const head = prompt.slice(0, 30);
  await wb.treeRowsWhere(`the new task "${head}" to finish`, (rows) => {
    const newest = rows.find((r) => r.level === 1);
    return Boolean(newest && newest.label.includes(head) && newest.description === 'done');
  }, 40_000);
}

/** Clicks a task row and returns the result panel once it shows that task (its title contains `title`). */
export async function openResult(wb: Workbench, row: RegExp | string, title: RegExp | string = row): Promise<FrameLocator> {
  await wb.openActivityContainer();
  // Opening a result costs nothing and shows the same panel however often it is done, so a click
  // the tree dropped (the row was drawn anew under the pointer as the task's last update came in)
  // is made again, as a user would: at most 3 clicks, each one after the first logged.
  for (let click = 1; ; click++) {
    await wb.treeRow(row).click();
    try {
      const panel = await wb.webviewFrame('AITRE', 15_000);
      await panel.locator('#title', { hasText: title }).waitFor({ timeout: 15_000 });
      return panel;
    } catch (err) {
      if (click === 3) throw err;
      console.log(`[e2e] no result panel for ${String(title)} after clicking its row: clicking again`);
    }
  }
}

/** Imagines `prompt`, opens its result and presses U1; returns the panel once the upscale is done. */
export async function imagineAndUpscale(wb: Workbench, prompt: string): Promise<FrameLocator> {
  await imagine(wb, prompt);
  const panel = await openResult(wb, new RegExp(`Imagine: ${prompt.slice(0, 20)}`), prompt.slice(0, 20));
  await panel.locator('#actions vscode-button[data-custom-id*="upsample::1"]').click();
  await panel.locator('#title', { hasText: 'U1' }).waitFor({ timeout: 20_000 });
  await wb.page.locator('.pane-body .monaco-list-row[aria-level="2"]', { hasText: `U1: ${prompt.slice(0, 20)}` }).filter({ hasText: 'done' }).first().waitFor({ timeout: 30_000 });
  await panel.locator('#actions vscode-button', { hasText: 'Zoom Out 2x' }).waitFor({ timeout: 20_000 });
  return panel;
}

/** Waits until the result image of a panel has loaded (throws if it failed to). */
export async function imageLoaded(panel: FrameLocator, selector = '#image'): Promise<void> {
  await panel.locator(selector).evaluate((img: any) => img.complete && img.naturalWidth > 0
    ? true : new Promise((resolve, reject) => { img.onload = () => resolve(true); img.onerror = () => reject(new Error('image failed to load')); }));
}

/** Requests the simulator recorded from now on (a mark, then the ones after it). */
export function requestsSince(sim: Simulator): (route?: string | RegExp) => Simulator['requests'] {
  const mark = sim.requests.length;
  return (route) => sim.requests.slice(mark).filter((r) => route === undefined || (typeof route === 'string' ? r.route === route : route.test(r.route)));
}

/** Submits an imagine straight to the simulator (a task made elsewhere) and waits until it is final. */
export async function taskMadeElsewhere(sim: Simulator, prompt: string): Promise<string> {
  const res = await fetch(`${sim.url}/mj/submit/imagine`, {
    method: 'POST', headers: { Authorization: `Bearer ${sim.apiKey}`, 'Content-Type': 'application/json' }, body: JSON.stringify({ prompt }),
  });
  const id = String(((await res.json()) as { result: string | number }).result);
  await waitFor(`task ${id} to end in the simulator`, async () => {
    const task = await fetch(`${sim.url}/mj/task/${id}/fetch`, { headers: { Authorization: `Bearer ${sim.apiKey}` } }).then((r) => r.json()) as { status?: string };
    return task.status === 'SUCCESS' || task.status === 'FAILURE';
  }, 20_000);
  return id;
}

/** Explorer > AITRE > Describe Image… on a workspace file; returns the panel once its four prompts show. */
export async function describeFromExplorer(wb: Workbench, fileName: string): Promise<FrameLocator> {
  await wb.runCommand('View: Show Explorer');
  const row = wb.page.locator('.explorer-folders-view .monaco-list-row', { hasText: fileName }).first();
  await row.waitFor({ timeout: 20_000 });
  await wb.contextMenu(row, 'AITRE > Describe Image…');
  const panel = await wb.webviewFrame('AITRE');
  await panel.locator('#suggestion-list li').nth(3).waitFor({ timeout: 30_000 });
  return panel;
}

/** Editor > AITRE > Shorten Prompt on one line of a file; returns the panel once its five prompts show. */
export async function shortenLine(wb: Workbench, file: string, line: number): Promise<FrameLocator> {
  await wb.openFile(file);
  await wb.selectLine(line);
  await wb.editorContextMenu('AITRE > Shorten Prompt');
  const panel = await wb.webviewFrame('AITRE');
  await panel.locator('#suggestion-list li').nth(4).waitFor({ timeout: 30_000 });
  return panel;
}
