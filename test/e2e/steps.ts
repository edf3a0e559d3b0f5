// Steps the AITRE e2e suites share: what a person does again and again.
import type { Workbench } from './harness';

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Polls `read` until it returns something truthy. */
export async function waitUntil<T>(what: string, read: () => T | undefined | false, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = read();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(150);
  }
}

/** AITRE: Set API Key through the palette and the masked input box, then show the AITRE view. */
export async function setApiKey(wb: Workbench, key: string): Promise<void> {
  await wb.runCommand('AITRE: Set API Key', { waitClosed: false });
  await wb.quickInputFill(key);
  await wb.quickInputAccept();
  await wb.openActivityContainer();
}

/** Waits for a task row (matching `text`) to say "done". */
export async function waitRowDone(wb: Workbench, text: RegExp | string, timeoutMs = 30_000): Promise<void> {
  await wb.page.locator('.pane-body .monaco-list-row', { hasText: text }).filter({ hasText: 'done' }).first().waitFor({ timeout: timeoutMs });
}

/** AITRE: Imagine with a typed prompt, and wait for the task to finish. */
export async function imagine(wb: Workbench, prompt: string): Promise<void> {
  await wb.runCommand('AITRE: Imagine from Selection', { waitClosed: false });
  await wb.quickInputFill(prompt);
  await wb.quickInputAccept();
  await waitRowDone(wb, prompt);
}
