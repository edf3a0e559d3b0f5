// The quick input: command palette, Quick Open, showQuickPick, showInputBox. Items are chosen with
// the keyboard once the list is idle and the wanted row has the focus, so a list that re-renders
// (a model list arriving) can never make a click land on the wrong row.
import type { Locator } from 'playwright-core';
import { WorkbenchBase } from './base';
import { escapeRe, exactRe, waitUntil } from './wait';

export interface QuickInputState {
  visible: boolean;
  value: string;
  placeholder: string;
  title: string;
  /** the focused row's label, '' when none */
  focused: string;
  busy: boolean;
}

export class QuickInputArea extends WorkbenchBase {
  /** The quick-input widget (command palette, Quick Open, showQuickPick, showInputBox). */
  quickInput(): Locator {
    return this.page.locator('.quick-input-widget');
  }

  protected quickInputBox(): Locator {
    return this.page.locator('.quick-input-widget .quick-input-box input');
  }

  private rows(): Locator {
    return this.page.locator('.quick-input-widget .monaco-list-row');
  }

  /** Everything the harness looks at to decide that the quick input moved on or settled. */
  async quickInputState(): Promise<QuickInputState> {
    const input = this.quickInputBox();
    const visible = await input.isVisible().catch(() => false);
    if (!visible) return { visible, value: '', placeholder: '', title: '', focused: '', busy: false };
    const [value, placeholder, title, focused, busy] = await Promise.all([
      input.inputValue().catch(() => ''),
      input.getAttribute('placeholder').catch(() => null),
      this.page.locator('.quick-input-widget .quick-input-title').textContent().catch(() => null),
      this.page.locator('.quick-input-widget .monaco-list-row.focused .label-name').first().textContent({ timeout: 500 }).catch(() => null),
      // The progress bar under the box runs while a QuickPick is `busy` (e.g. a list loading).
      this.page.locator('.quick-input-widget .quick-input-progress').first()
        .evaluate((el) => !el.classList.contains('done') && (el.classList.contains('active') || el.classList.contains('infinite')))
        .catch(() => false),
    ]);
    return { visible, value, placeholder: placeholder ?? '', title: (title ?? '').trim(), focused: (focused ?? '').trim(), busy };
  }

  /** Press a key that opens a quick input; if focus is stuck (e.g. inside a webview), blur and retry. */
  protected async openQuickInput(key: string): Promise<Locator> {
    const input = this.quickInputBox();
    for (let attempt = 0; attempt < 3; attempt++) {
      if (attempt > 0) {
        await this.page.keyboard.press('Escape').catch(() => undefined);
        await this.page.evaluate('document.activeElement && document.activeElement.blur && document.activeElement.blur()').catch(() => undefined);
      }
      await this.page.keyboard.press(key);
      try {
        await input.waitFor({ state: 'visible', timeout: 3_000 });
        return input;
      } catch {
        /* focus was in a place that swallowed the key: retry */
      }
    }
    throw new Error(`quick input did not open with ${key}`);
  }

  /** Waits until the quick input is visible, not busy, and (if given) shows a row labelled `label`. */
  async quickInputIdle(label?: string, timeoutMs = 15_000): Promise<void> {
    const row = label ? this.rows().filter({ has: this.page.locator('.label-name', { hasText: exactRe(label) }) }) : undefined;
    await waitUntil(`the quick input to be idle${label ? ` and show "${label}"` : ''}`, async () => {
      const s = await this.quickInputState();
      if (!s.visible || s.busy) return false;
      return !row || (await row.count()) > 0;
    }, timeoutMs);
  }

  /**
   * Moves the focus to the row labelled exactly `label` with the arrow keys (each key waits for
   * the focus to move), checks it is focused, and presses Enter.
   */
  private async chooseRow(label: string, timeoutMs: number): Promise<void> {
    await this.quickInputIdle(label, timeoutMs);
    const input = this.quickInputBox();
    const labels = async () => (await this.page.locator('.quick-input-widget .monaco-list-row .label-name').allTextContents()).map((t) => t.trim());
    const seen: string[] = [];
    for (let step = 0; step < 60; step++) {
      const s = await this.quickInputState();
      if (s.focused === label) {
        await input.press('Enter');
        return;
      }
      seen.push(s.focused);
      const all = await labels();
      const target = all.indexOf(label);
      const at = all.indexOf(s.focused);
      const key = at >= 0 && target >= 0 && target < at ? 'ArrowUp' : 'ArrowDown';
      await input.press(key);
      await waitUntil(`the focus to move off "${s.focused}"`, async () => (await this.quickInputState()).focused !== s.focused, 3_000)
        .catch(() => undefined); // a one-row list (or the last row) keeps its focus: the loop re-checks
    }
    throw new Error(`quick pick row "${label}" never got the focus; focus went ${JSON.stringify(seen.slice(-10))}`);
  }

  /**
   * Opens the F1 palette, types '>title' and waits until it lists that command. A panel or a tree
   * reveal that the previous step started may take the focus a moment later and so close the
   * palette; nothing has been chosen yet then, so the palette is simply opened again (at most 3
   * times, each one logged).
   */
  private async openPaletteOn(title: string, timeoutMs: number): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      const input = await this.openQuickInput('F1');
      const closed = async () => !(await input.isVisible().catch(() => false));
      try {
        await input.fill(`>${title}`, { timeout: 5_000 });
        await this.quickInputIdle(title, timeoutMs);
        return;
      } catch (err) {
        if (attempt === 3 || !(await closed())) throw err;
        console.log(`[e2e] the palette closed before "${title}" was chosen (the focus moved): opening it again`);
      }
    }
  }

  /**
   * Run a command from the F1 palette by its full title ('Category: Title'). Waits until the
   * palette is gone or replaced by the command's own quick input.
   */
  async runCommand(title: string, opts: { timeoutMs?: number; waitClosed?: boolean } = {}): Promise<void> {
    const timeoutMs = opts.timeoutMs ?? 15_000;
    await this.openPaletteOn(title, timeoutMs);
    await this.chooseRow(title, timeoutMs);
    if (opts.waitClosed === false) {
      // The palette has handed over once its '>' text is gone (closed, or the command's own input).
      await waitUntil(`the palette to hand over to "${title}"`, async () => {
        const s = await this.quickInputState();
        return !s.visible || !s.value.startsWith('>');
      }, timeoutMs);
      return;
    }
    await waitUntil(`command palette to close after "${title}"`, async () => {
      const s = await this.quickInputState();
      return !s.visible || !s.value.startsWith('>');
    }, timeoutMs);
  }

  /** Type into the visible quick input (showInputBox / showQuickPick filter). */
  async quickInputFill(text: string, timeoutMs = 15_000): Promise<void> {
    const input = this.quickInputBox();
    await input.waitFor({ state: 'visible', timeout: timeoutMs });
    await waitUntil('the quick input to leave the palette', async () => !(await input.inputValue()).startsWith('>'), timeoutMs);
    await input.fill(text);
    await waitUntil(`the quick input to hold "${text}"`, async () => (await input.inputValue()) === text, timeoutMs);
  }

  /**
   * Press Enter in the quick input and wait until it closes or moves on to another step.
   * Throws with the validation message if it stays put.
   */
  async quickInputAccept(timeoutMs = 10_000): Promise<void> {
    const input = this.quickInputBox();
    await input.waitFor({ state: 'visible', timeout: timeoutMs });
    await this.quickInputIdle(undefined, timeoutMs);
    const before = await this.quickInputState();
    await input.press('Enter');
    try {
      await waitUntil('quick input to accept', async () => {
        const s = await this.quickInputState();
        return !s.visible || s.value !== before.value || s.placeholder !== before.placeholder || s.title !== before.title;
      }, timeoutMs);
    } catch {
      const message = await this.quickInputMessage();
      throw new Error(`quick input did not accept "${before.value}"${message ? `: ${message}` : ''}`);
    }
  }

  /** Choose a quick-pick item by its exact label (keyboard, once the list is idle). */
  async quickInputPick(label: string, timeoutMs = 15_000): Promise<void> {
    await this.chooseRow(label, timeoutMs);
  }

  /** Labels of the quick-pick rows, once the list is idle and has at least one row. */
  async quickInputItems(timeoutMs = 5_000): Promise<string[]> {
    await this.quickInputIdle(undefined, timeoutMs);
    await this.rows().first().waitFor({ state: 'visible', timeout: timeoutMs }).catch(() => undefined);
    const texts = await this.page.locator('.quick-input-widget .monaco-list-row .label-name').allTextContents();
    return texts.map((t) => t.trim());
  }

  /** Waits for a quick input whose title contains `title` (a command's own picker or box). */
  async quickInputTitled(title: string | RegExp, timeoutMs = 15_000): Promise<void> {
    const re = typeof title === 'string' ? new RegExp(escapeRe(title)) : title;
    await waitUntil(`a quick input titled ${re}`, async () => {
      const s = await this.quickInputState();
      return s.visible && re.test(s.title);
    }, timeoutMs);
  }

  /** The quick input's validation / info message, '' if none. */
  async quickInputMessage(): Promise<string> {
    const msg = this.page.locator('.quick-input-widget .quick-input-message');
    if (!(await msg.isVisible().catch(() => false))) return '';
    return ((await msg.textContent()) ?? '').trim();
  }

  async quickInputCancel(): Promise<void> {
    if (await this.quickInputBox().isVisible().catch(() => false)) {
      await this.quickInputBox().press('Escape');
      await this.quickInputBox().waitFor({ state: 'hidden', timeout: 5_000 });
    }
  }
}
