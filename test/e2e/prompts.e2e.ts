// Prompts are code, in the real workbench: type `--ch` and accept the completion, see the check on
// `--chaos 150`, apply its quick fix, hover a parameter, Imagine from the lens, see the task under
// it ("Open result (1)" and the row in the Tasks view), and the last result in the hover. A prompt
// with errors asks once before anything is sent.
import assert from 'node:assert/strict';
import type { Locator } from 'playwright-core';
import { startSimulator, type Simulator } from '../simulator';
import { useWorkbench, waitUntil, type Workbench } from './harness';
import { setApiKey, waitRowDone } from './steps';

const IDEAS = ['# Poster ideas', '', 'a misty forest at dawn', ''].join('\n');
const HARBOUR = ['a quiet harbour at night --chaos 100', ''].join('\n');
const LIGHTHOUSE = ['# Ready to imagine', '', 'a lighthouse in a storm --chaos 100', ''].join('\n');
const PROBLEMS = ['# Needs a fix', 'a knight in armour --cref https://example.com/knight.png', ''].join('\n');
const NOTES = ['# Notes', '', 'Prose with --chaos 500 is not checked.', '', '```midjourney', 'a fox in the snow —ar 16:9', '```', ''].join('\n');

/** The text of an editor line as shown (Monaco renders spaces as no-break spaces). */
async function lineText(wb: Workbench, contains: string): Promise<string> {
  const line = wb.activeEditor().locator('.view-lines .view-line', { hasText: contains }).first();
  return ((await line.textContent()) ?? '').replace(/\u00a0/g, ' ');
}

/** The token span (its class names the colour) that holds `text` on the line holding `line`. */
async function tokenClass(wb: Workbench, line: string, text: string): Promise<string> {
  const span = wb.activeEditor().locator('.view-lines .view-line', { hasText: line }).first().locator('span span', { hasText: text }).first();
  return (await span.getAttribute('class')) ?? '';
}

const waitFor = (what: string, check: () => Promise<boolean>, timeoutMs = 15_000): Promise<void> => waitUntil(what, check, timeoutMs);

/** Runs an entry of the open quick-fix menu: the keyboard moves the focus to it (clicks land unreliably while it settles). */
async function pickAction(wb: Workbench, title: string): Promise<void> {
  const focused = wb.page.locator('.action-widget .monaco-list-row.action.focused').first();
  const focusedText = async () => ((await focused.textContent().catch(() => '')) ?? '');
  for (let step = 0; step < 12; step++) {
    const now = await focusedText();
    if (now.includes(title)) {
      await wb.page.keyboard.press('Enter');
      await wb.page.locator('.action-widget').filter({ visible: true }).first().waitFor({ state: 'hidden', timeout: 5_000 });
      return;
    }
    await wb.page.keyboard.press('ArrowDown');
    await waitUntil('the quick-fix focus to move', async () => (await focusedText()) !== now, 3_000).catch(() => undefined); // a one-entry menu keeps it
  }
  throw new Error(`quick fix "${title}" never got the focus`);
}

function lens(wb: Workbench, title: RegExp): Locator {
  return wb.activeEditor().locator('.codelens-decoration a', { hasText: title }).first();
}

function hoverWidget(wb: Workbench, text: string | RegExp): Locator {
  return wb.page.locator('.monaco-hover', { hasText: text }).filter({ visible: true }).first();
}

async function closeHover(wb: Workbench): Promise<void> {
  await wb.page.mouse.move(5, 5);
  await wb.page.keyboard.press('Escape');
  await wb.page.locator('.monaco-hover').filter({ visible: true }).first().waitFor({ state: 'hidden', timeout: 5_000 }).catch(() => undefined);
}

suite('e2e: prompts are code', function () {
  this.timeout(180_000);
  let sim: Simulator;
  const imagines = () => sim.requests.filter((r) => r.route === 'POST /mj/submit/imagine');

  suiteSetup(async () => {
    sim = await startSimulator({ speed: { syncDelayMs: 200, submittedMs: 400, runMs: 1500, progressSteps: 3 } });
  });
  suiteTeardown(async () => { await sim?.close(); });

  const session = useWorkbench(() => ({
    settings: {
      'aitre.baseUrl': sim.url,
      'aitre.pollIntervalSeconds': 0.5,
      // The harness turns these off for every other suite; completion and hovers are the point here.
      'editor.quickSuggestions': { other: 'on', comments: 'off', strings: 'off' },
      'editor.suggestOnTriggerCharacters': true,
      'editor.hover.enabled': true,
      'editor.hover.delay': 200,
    },
    files: { 'ideas.mjprompt': IDEAS, 'harbour.mjprompt': HARBOUR, 'lighthouse.mjprompt': LIGHTHOUSE, 'problems.mjprompt': PROBLEMS, 'notes.md': NOTES },
  }));

  // Every test starts from a reset workbench with the key set, through the palette like a person.
  setup(async function () {
    this.timeout(60_000);
    await setApiKey(session.wb, sim.apiKey);
  });

  test('type --ch, accept --chaos, see the check on --chaos 150, apply the quick fix', async () => {
    const { wb } = session;
    await wb.openFile('ideas.mjprompt');
    await wb.gotoLine(3, 23);
    await wb.page.keyboard.type(' --ch', { delay: 80 }); // a person's pace
    const suggest = wb.page.locator('.editor-widget.suggest-widget').filter({ visible: true });
    const chaos = suggest.locator('.monaco-list-row', { hasText: '--chaos' }).first();
    await chaos.waitFor({ timeout: 15_000 });
    assert.match((await chaos.textContent()) ?? '', /Chaos · 0–100/);
    // Ctrl+Space on an open list shows the item's documentation beside it.
    await wb.page.keyboard.press('Control+Space');
    await wb.page.locator('.suggest-details', { hasText: 'How different the four images' }).filter({ visible: true }).first().waitFor({ timeout: 10_000 });
    await wb.screenshot('prompts-01-completion');
    await wb.page.keyboard.press('Enter');
    // The snippet selects the value: type over it, then leave the snippet.
    await wb.page.keyboard.type('150', { delay: 80 });
    await wb.page.keyboard.press('Escape');
    await wb.page.keyboard.press('Escape');
    assert.equal(await lineText(wb, 'misty'), 'a misty forest at dawn --chaos 150');

    await wb.activeEditor().locator('.squiggly-error').first().waitFor({ timeout: 15_000 });
    await wb.activeEditor().locator('.view-line span span', { hasText: '150' }).first().hover();
    const problem = hoverWidget(wb, '--chaos must be between 0 and 100 (it is 150).');
    await problem.waitFor({ timeout: 15_000 });
    await wb.screenshot('prompts-02-diagnostic');
    await closeHover(wb);

    await wb.gotoLine(3, 34);
    await wb.page.keyboard.press('Control+.');
    const menu = wb.page.locator('.action-widget').filter({ visible: true });
    const clamp = menu.locator('.monaco-list-row.action', { hasText: 'Change to 100' }).first();
    await clamp.waitFor({ timeout: 15_000 });
    assert.ok((await menu.locator('.monaco-list-row.action', { hasText: 'Remove --chaos 150' }).count()) === 0, 'a clamp needs no removal');
    await wb.screenshot('prompts-03-quick-fix-menu');
    await pickAction(wb, 'Change to 100');
    await wb.page.waitForFunction(() => ((globalThis as any).document.querySelector('.part.editor .view-lines')?.textContent ?? '').replace(/\u00a0/g, ' ').includes('--chaos 100'), undefined, { timeout: 10_000 });
    assert.equal(await lineText(wb, 'misty'), 'a misty forest at dawn --chaos 100');
    await wb.activeEditor().locator('.squiggly-error').first().waitFor({ state: 'detached', timeout: 15_000 });
    // The grammar colours parameters apart from the prompt text.
    assert.notEqual(await tokenClass(wb, 'misty', 'chaos'), await tokenClass(wb, 'misty', 'misty'));
    await wb.page.keyboard.press('Control+S');
  });

  test('hover a parameter: what it does, its range, the versions, the effect of its value', async () => {
    const { wb } = session;
    await wb.openFile('harbour.mjprompt');
    await wb.activeEditor().locator('.view-line span span', { hasText: 'chaos' }).first().hover();
    const hover = hoverWidget(wb, 'Chaos');
    await hover.waitFor({ timeout: 15_000 });
    const text = (await hover.innerText()).replace(/\u00a0/g, ' ');
    assert.match(text, /How different the four images of the grid are/);
    assert.match(text, /Values: 0–100 \(default 0\)/);
    assert.match(text, /For: every version/);
    assert.match(text, /--chaos 100: wild, unexpected results/);
    await wb.screenshot('prompts-04-hover');
    await closeHover(wb);
  });

  test('Imagine from the lens: the task appears under the prompt and in the Tasks view; the hover shows the result', async () => {
    const { wb } = session;
    await wb.openFile('lighthouse.mjprompt');
    await wb.page.keyboard.press('Control+Home'); // the lens sits above the line: keep it in view
    const imagine = lens(wb, /^\s*Imagine\s*$/);
    await imagine.waitFor({ timeout: 15_000 });
    await lens(wb, /Imagine \(Niji\)/).waitFor();
    await wb.screenshot('prompts-05-lenses');
    const before = imagines().length;
    await imagine.click();
    await wb.treeRow(/Imagine: a lighthouse in a storm --chaos 100/).waitFor({ timeout: 20_000 });
    assert.equal(imagines().length, before + 1);
    assert.equal((imagines().at(-1)!.body as { prompt: string }).prompt, 'a lighthouse in a storm --chaos 100');
    const opener = lens(wb, /Open result \(1\)/);
    await opener.waitFor({ timeout: 20_000 });
    await waitRowDone(wb, /Imagine: a lighthouse in a storm/);
    await wb.screenshot('prompts-06-lens-open-result');

    await opener.click();
    const panel = await wb.webviewFrame('AITRE');
    await panel.locator('#title', { hasText: 'a lighthouse in a storm' }).waitFor({ timeout: 20_000 });

    await wb.openFile('lighthouse.mjprompt');
    await wb.activeEditor().locator('.view-line span span', { hasText: 'lighthouse' }).first().hover();
    const hover = hoverWidget(wb, 'imagined once');
    await hover.waitFor({ timeout: 20_000 });
    const thumbnail = hover.locator('img').first();
    await thumbnail.waitFor({ timeout: 15_000 });
    await wb.page.waitForFunction((img) => (img as any).complete && (img as any).naturalWidth > 0, await thumbnail.elementHandle(), { timeout: 15_000 });
    await wb.screenshot('prompts-07-hover-thumbnail');
    await closeHover(wb);
  });

  test('a prompt with errors asks once: Cancel sends nothing, Imagine Anyway sends it', async () => {
    const { wb } = session;
    await wb.openFile('problems.mjprompt');
    await wb.page.keyboard.press('Control+Home');
    await wb.activeEditor().locator('.squiggly-error').first().waitFor({ timeout: 15_000 });
    const before = imagines().length;
    await lens(wb, /^\s*Imagine\s*$/).click();
    const dialog = wb.page.locator('.monaco-dialog-box');
    await dialog.waitFor({ timeout: 15_000 });
    const text = await dialog.innerText();
    assert.match(text, /This prompt has a problem/);
    assert.match(text, /--cref does not work on v7/);
    await wb.screenshot('prompts-08-imagine-anyway');
    await wb.dialogButton('Cancel');
    assert.equal(imagines().length, before, 'Cancel sent a request');
    // Imagine from Selection on the same prompt asks the same question.
    await wb.selectLine(2);
    await wb.runCommand('AITRE: Imagine from Selection', { waitClosed: false });
    await dialog.waitFor({ timeout: 15_000 });
    assert.match(await dialog.innerText(), /--cref does not work on v7/);
    await wb.dialogButton('Cancel');
    assert.equal(imagines().length, before, 'Cancel sent a request');
    await wb.page.keyboard.press('Control+Home');

    await lens(wb, /^\s*Imagine\s*$/).click();
    await wb.dialogButton('Imagine Anyway');
    await wb.treeRow(/Imagine: a knight in armour/).waitFor({ timeout: 20_000 });
    assert.equal(imagines().length, before + 1);

    // A typed prompt shows its problem in the input box, and Enter is the one answer.
    await wb.runCommand('AITRE: Imagine from Selection', { waitClosed: false });
    await wb.quickInputFill('a typed fox --chaos 150');
    await waitFor('the warning in the input box', async () => /--chaos must be between 0 and 100 \(it is 150\)\. Press Enter to imagine it anyway\./.test(await wb.quickInputMessage()));
    await wb.screenshot('prompts-10-input-box-warning');
    await wb.quickInputAccept();
    await wb.treeRow(/Imagine: a typed fox --chaos 150/).waitFor({ timeout: 20_000 });
    assert.equal(imagines().length, before + 2);
    assert.equal(await wb.page.locator('.monaco-dialog-box').count(), 0, 'no second question');
  });

  test('Markdown: a ```midjourney block is coloured and checked; prose is not', async () => {
    const { wb } = session;
    await wb.openFile('notes.md');
    const squiggle = wb.activeEditor().locator('.squiggly-error').first();
    await squiggle.waitFor({ timeout: 15_000 });
    assert.equal(await wb.activeEditor().locator('.squiggly-error').count(), 1, 'only the fenced prompt is checked');
    // Markdown is tokenised a moment after the file opens: wait for the heading's colour first.
    await waitFor('Markdown colours', async () => (await tokenClass(wb, 'Notes', 'Notes')) !== (await tokenClass(wb, 'Prose', 'Prose')));
    assert.notEqual(await tokenClass(wb, 'in the snow', 'ar'), await tokenClass(wb, 'in the snow', 'a fox'));
    await lens(wb, /^\s*Imagine\s*$/).waitFor({ timeout: 15_000 });
    await wb.gotoLine(6, 20);
    await wb.page.keyboard.press('Control+.');
    const fix = wb.page.locator('.action-widget .monaco-list-row.action', { hasText: 'Replace "—" with "--"' }).first();
    await fix.waitFor({ timeout: 15_000 });
    await wb.screenshot('prompts-09-markdown-fence');
    await pickAction(wb, 'Replace "—" with "--"');
    await squiggle.waitFor({ state: 'detached', timeout: 15_000 });
    assert.equal(await lineText(wb, 'in the snow'), 'a fox in the snow --ar 16:9');
  });
});
