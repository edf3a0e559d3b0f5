// Context menus (editor, Explorer, tree rows). Entries are reached with the keyboard: a mouse click
// that lands right after a menu opens is swallowed by the workbench, and a submenu's entries sit
// inside its parent entry (so the parent's text contains theirs). Each key press waits for the
// focus to move.
import type { Locator } from 'playwright-core';
import { EditorArea } from './editor';
import { waitUntil } from './wait';

type Box = { x: number; y: number; width: number; height: number };

export class MenuArea extends EditorArea {
  private menus(): Locator {
    return this.page.locator('.monaco-menu').filter({ visible: true });
  }

  /** The focused entry's own label at menu depth `level` (0 = the menu, 1 = its open submenu). */
  private async focusedEntry(level: number): Promise<string> {
    const scope = level === 0 ? this.menus().first() : this.page.locator('.monaco-submenu').filter({ visible: true }).nth(level - 1);
    const labels = await scope.locator('.action-item.focused > .action-menu-item .action-label').allTextContents().catch(() => [] as string[]);
    // The outer menu also matches a focused entry of its open submenu (nested in the parent entry):
    // the first match in document order is this level's own.
    return (labels[0] ?? '').trim();
  }

  /**
   * Right-click in the active editor — on the selection if there is one (so it is kept), else on
   * the cursor — and wait for the context menu.
   */
  async openEditorContextMenu(): Promise<void> {
    const editor = this.activeEditor();
    let box: Box | null = null;
    await waitUntil('a selection or cursor in the active editor', async () => {
      const sel = editor.locator('.view-overlays .selected-text').filter({ visible: true });
      for (const el of await sel.all()) {
        const b = await el.boundingBox();
        if (b && b.width > 2 && b.height > 0) { box = b; return true; }
      }
      const cur = await editor.locator('.cursors-layer .cursor').first().boundingBox().catch(() => null);
      if (cur && cur.height > 0 && (await sel.count()) === 0 && await this.hasNoSelection()) { box = cur; return true; }
      return false;
    }, 10_000);
    const b = box as unknown as Box;
    await this.page.mouse.click(b.x + Math.max(1, b.width / 2), b.y + b.height / 2, { button: 'right' });
    await this.page.locator('.monaco-menu .action-item').filter({ visible: true }).first().waitFor({ timeout: 10_000 });
  }

  /** Open the editor context menu and click `itemLabel` ('Submenu > Item' for submenus). */
  async editorContextMenu(itemLabel: string | string[]): Promise<void> {
    await this.openEditorContextMenu();
    await this.clickMenuItem(itemLabel);
  }

  /** Labels of the open context menu's entries (separators left out). */
  async menuItems(): Promise<string[]> {
    const texts = await this.page.locator('.monaco-menu .action-item .action-label').filter({ visible: true }).allTextContents();
    return texts.map((t) => t.trim()).filter(Boolean);
  }

  /** Close an open context menu. */
  async closeMenu(): Promise<void> {
    if ((await this.menus().count()) === 0) return;
    await this.page.keyboard.press('Escape');
    await waitUntil('the context menu to close', async () => (await this.menus().count()) === 0, 5_000);
  }

  /** Right-click any element and click a context-menu entry. */
  async contextMenu(target: Locator, itemLabel: string | string[]): Promise<void> {
    await target.click({ button: 'right' });
    await this.page.locator('.monaco-menu .action-item').filter({ visible: true }).first().waitFor({ timeout: 10_000 });
    await this.clickMenuItem(itemLabel);
  }

  /** Run an entry of the open context menu; an array/`A > B` walks into submenus. */
  async clickMenuItem(itemLabel: string | string[], timeoutMs = 10_000): Promise<void> {
    const labels = Array.isArray(itemLabel) ? itemLabel : itemLabel.split(/\s+>\s+/);
    await this.menus().first().waitFor({ state: 'visible', timeout: timeoutMs });
    for (let level = 0; level < labels.length; level++) {
      const label = labels[level] as string;
      if (level > 0) {
        // The submenu opens on ArrowRight; its first entry takes the focus on ArrowDown.
        const submenu = this.page.locator('.monaco-submenu').filter({ visible: true }).nth(level - 1);
        await waitUntil(`submenu of "${labels[level - 1]}" to open`, async () => {
          if (await submenu.isVisible().catch(() => false)) return true;
          await this.page.keyboard.press('ArrowRight');
          return false;
        }, timeoutMs, 250);
        await submenu.locator('.action-label', { hasText: label }).first().waitFor({ timeout: timeoutMs })
          .catch(async () => this.menuNotFound(label));
      } else {
        await this.menus().first().locator('.action-label', { hasText: label }).first().waitFor({ timeout: timeoutMs })
          .catch(async () => this.menuNotFound(label));
      }
      await this.focusMenuEntry(level, label, timeoutMs);
      if (level < labels.length - 1) continue;
      await this.page.keyboard.press('Enter');
      await waitUntil(`the menu to close after "${label}"`, async () => (await this.menus().count()) === 0, 5_000);
    }
  }

  /** ArrowDown through the menu at `level` until `label` has the focus (each press waits for the focus to move). */
  private async focusMenuEntry(level: number, label: string, timeoutMs: number): Promise<void> {
    const seen: string[] = [];
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const focused = await this.focusedEntry(level);
      if (focused === label) return;
      if (seen.filter((s) => s === focused).length > 2) break; // went round the whole menu
      seen.push(focused);
      await this.page.keyboard.press('ArrowDown');
      await waitUntil(`the menu focus to move off "${focused}"`, async () => (await this.focusedEntry(level)) !== focused, 3_000)
        .catch(() => undefined); // a one-entry menu keeps its focus: the loop sees it
    }
    await this.menuNotFound(label, seen);
  }

  private async menuNotFound(label: string, focusPath?: string[]): Promise<never> {
    const seen = (await this.page.locator('.monaco-menu .action-item .action-label').allTextContents()).map((t) => t.trim()).filter(Boolean);
    await this.page.keyboard.press('Escape').catch(() => undefined);
    throw new Error(`context menu entry "${label}" not reached; menu has: ${JSON.stringify(seen)}${focusPath ? `; focus went ${JSON.stringify(focusPath)}` : ''}`);
  }
}
