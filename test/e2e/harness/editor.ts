// Text editors: open a workspace file, move the cursor, select lines, read what is shown, close
// everything. Every step waits for what the status bar or the tabs say, never for a fixed time.
import * as path from 'path';
import type { Locator } from 'playwright-core';
import { QuickInputArea } from './quickInput';
import { waitUntil } from './wait';

export class EditorArea extends QuickInputArea {
  /**
   * Open a workspace file through Quick Open (Ctrl+P) and wait for its tab to be active.
   *
   * The query is the file's absolute path, so Quick Open looks the file up on disk instead of in
   * its file-search cache. That cache outlives the picker: a new Quick Open answers from the
   * previous one's file list until its own reload ends, so a file a test wrote a moment ago could
   * show "No matching results" on a busy machine (once in the last four clean-clone runs).
   */
  async openFile(relPath: string, timeoutMs = 20_000): Promise<void> {
    const input = await this.openQuickInput('Control+P');
    await input.fill(path.join(this.workspace, relPath));
    const base = path.basename(relPath);
    const rows = this.page.locator('.quick-input-widget .monaco-list-row');
    await rows.filter({ hasText: base }).first().waitFor({ state: 'visible', timeout: timeoutMs });
    await this.quickInputIdle(undefined, timeoutMs);
    await input.press('Enter');
    await this.page.locator(`.tabs-container .tab.active[aria-label^="${base.replace(/"/g, '\\"')}"]`)
      .first().waitFor({ state: 'visible', timeout: timeoutMs });
    await this.activeEditor().locator('.view-lines').first().waitFor({ state: 'visible', timeout: timeoutMs });
  }

  /** The active editor group's text editor. */
  activeEditor(): Locator {
    // (a group keeps hidden editor controls around: take the visible one)
    return this.page.locator('.part.editor .editor-group-container.active .editor-instance .monaco-editor')
      .filter({ visible: true }).first();
  }

  /** The visible text of every editor (Monaco renders spaces as non-breaking). */
  async editorText(): Promise<string> {
    const texts = await this.page.locator('.part.editor .monaco-editor .view-lines').allTextContents();
    return texts.join('\n').replace(/\u00a0/g, ' ');
  }

  /** Text of the editor's status-bar selection item, e.g. 'Ln 4, Col 14 (27 selected)'. */
  async cursorStatus(): Promise<string> {
    const item = this.page.locator('.statusbar-item', { hasText: /Ln \d+, Col \d+/ }).first();
    return ((await item.textContent({ timeout: 2_000 }).catch(() => '')) ?? '').trim();
  }

  /** Move the cursor to line:column (1-based) with Quick Open's ':line:col'. */
  async gotoLine(line: number, column = 1): Promise<void> {
    const input = await this.openQuickInput('Control+P');
    await input.fill(`:${line}:${column}`);
    // Quick Open offers "Go to line N and character C." once it parsed what was typed.
    await this.page.locator('.quick-input-widget .monaco-list-row', { hasText: new RegExp(`line ${line}\\b`, 'i') }).first()
      .waitFor({ state: 'visible', timeout: 10_000 });
    await input.press('Enter');
    await input.waitFor({ state: 'hidden', timeout: 5_000 });
    // The status bar follows the cursor: once it shows the target, the editor has focus and moved.
    await waitUntil(`cursor at ${line}:${column}`, async () =>
      new RegExp(`Ln ${line}, Col ${column}\\b`).test(await this.cursorStatus()), 10_000);
  }

  /**
   * Select lines lineFrom..lineTo (1-based, inclusive) of the active editor: from column 1 of
   * lineFrom to the end of lineTo (without the trailing newline).
   */
  async selectLines(lineFrom: number, lineTo = lineFrom): Promise<void> {
    if (lineTo < lineFrom) throw new Error(`selectLines: ${lineTo} < ${lineFrom}`);
    await this.gotoLine(lineFrom, 1);
    for (let i = lineFrom; i < lineTo; i++) {
      await this.page.keyboard.press('Shift+ArrowDown');
      const line = i + 1;
      await waitUntil(`the selection to reach line ${line}`, async () => new RegExp(`Ln ${line},`).test(await this.cursorStatus()), 5_000);
    }
    await this.page.keyboard.press('Shift+End');
    // The status bar names the selection once the cursor sits at the end of lineTo.
    await waitUntil(`a selection ending on line ${lineTo}`, async () => {
      const now = await this.cursorStatus();
      return new RegExp(`Ln ${lineTo}, Col \\d+ \\(\\d+ selected\\)`).test(now);
    }, 5_000);
  }

  /** Alias of selectLines. */
  selectText(lineFrom: number, lineTo = lineFrom): Promise<void> {
    return this.selectLines(lineFrom, lineTo);
  }

  /** Select one whole line (its text, not the newline). */
  selectLine(line: number): Promise<void> {
    return this.selectLines(line, line);
  }

  /** True when the status bar reports no selection ('Ln x, Col y' without '(n selected)'). */
  protected async hasNoSelection(): Promise<boolean> {
    return !/selected/.test(await this.cursorStatus().catch(() => ''));
  }

  /** Number of editor tabs open in every group. */
  async openTabCount(): Promise<number> {
    return this.page.locator('.part.editor .tabs-container .tab').count();
  }

  /**
   * Close every editor without saving anything: unsaved documents (answers, untitled files) are
   * discarded through the "Don't Save" dialog, as a person would.
   */
  async closeAllEditors(timeoutMs = 20_000): Promise<void> {
    if ((await this.openTabCount()) === 0) return;
    await this.runCommand('View: Close All Editors');
    const dialog = this.page.locator('.monaco-dialog-box');
    await waitUntil('every editor to close', async () => {
      if (await dialog.isVisible().catch(() => false)) {
        await dialog.locator('.monaco-button', { hasText: /^\s*Don't Save\s*$/ }).first().click().catch(() => undefined);
        return false;
      }
      return (await this.openTabCount()) === 0;
    }, timeoutMs);
  }
}
