// A local image as a MidJourney reference, from the Explorer: "Use as Style Reference" uploads it and puts
// `--sref URL` into the prompt at the cursor, before the line's parameters; using the same picture again (even
// under another name) inserts the same URL without a second upload.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { startSimulator, type Simulator } from '../simulator';
import { useWorkbench } from './harness';
import { requestsSince, setApiKey, waitUntil } from './steps';

const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGP4z8AAAAMBAQDJ/pLvAAAAAElFTkSuQmCC', 'base64');
const PROMPTS = '# Prompts\n\na cat in a hat --ar 1:1\n\na dog on a bike\n';

suite('e2e: local files as references', function () {
  this.timeout(240_000);
  let sim: Simulator;

  suiteSetup(async () => { sim = await startSimulator({ speed: { syncDelayMs: 100, submittedMs: 200, runMs: 800, progressSteps: 2 } }); });
  suiteTeardown(async () => { await sim?.close(); });

  const session = useWorkbench(() => ({
    settings: { 'aitre.baseUrl': sim.url, 'aitre.pollIntervalSeconds': 0.5 },
    files: { 'prompts.md': PROMPTS, 'refs/style.png': PNG, 'refs/style-copy.png': PNG },
  }));

  setup(async function () {
    this.timeout(60_000);
    fs.writeFileSync(path.join(session.wb.workspace, 'prompts.md'), PROMPTS);
    await setApiKey(session.wb, sim.apiKey);
  });

  async function useAsStyle(file: string): Promise<void> {
    const { wb } = session;
    await wb.runCommand('View: Show Explorer');
    const folder = wb.page.locator('.explorer-folders-view .monaco-list-row', { hasText: 'refs' }).first();
    const row = wb.page.locator('.explorer-folders-view .monaco-list-row', { hasText: file }).first();
    if (!(await row.isVisible().catch(() => false))) await folder.click();
    await wb.contextMenu(row, 'AITRE > Use as Style Reference (--sref)');
  }

  async function saved(): Promise<string> {
    const { wb } = session;
    await wb.activeEditor().locator('.view-lines').first().click();
    await wb.page.keyboard.press('Control+S');
    return fs.readFileSync(path.join(wb.workspace, 'prompts.md'), 'utf8');
  }

  test('Use as Style Reference twice (the same picture under two names): --sref before the parameters, one upload', async () => {
    const { wb } = session;
    const since = requestsSince(sim);
    await wb.openFile('prompts.md');
    await wb.gotoLine(3, 24); // the end of "a cat in a hat --ar 1:1"
    await useAsStyle('style.png');
    await wb.page.locator('.part.editor .view-lines', { hasText: 'a cat in a hat --sref http' }).first().waitFor({ timeout: 30_000 });
    const uploads = since('POST /mj/submit/upload-discord-images');
    assert.equal(uploads.length, 1);
    const first = await waitUntil('prompts.md saved with the reference', async () => { const t = await saved(); return t.includes('--sref') ? t : undefined; });
    const url = /--sref (\S+) --ar 1:1/.exec(first)?.[1];
    assert.ok(url && url.startsWith('http'), first);
    await wb.screenshot('references-01-sref-inserted');

    await wb.gotoLine(5, 16); // the end of "a dog on a bike"
    await useAsStyle('style-copy.png');
    await wb.page.locator('.part.editor .view-lines', { hasText: 'a dog on a bike --sref http' }).first().waitFor({ timeout: 30_000 });
    const second = await waitUntil('prompts.md saved with both references', async () => { const t = await saved(); return t.includes(`a dog on a bike --sref ${url}`) ? t : undefined; });
    assert.ok(second.includes(`a cat in a hat --sref ${url} --ar 1:1`), second);
    assert.equal(since('POST /mj/submit/upload-discord-images').length, 1, 'the same bytes are never uploaded twice');
  });
});
