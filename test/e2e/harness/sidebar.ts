// The side bar: view containers from the activity bar, tree views (rows, inline actions, context
// menus), view title actions and welcome content.
import type { Locator } from 'playwright-core';
import { MenuArea } from './menus';
import { escapeRe, waitUntil } from './wait';

export interface TreeRowInfo {
  label: string;
  description: string;
  /** the row's aria-label (the tooltip if the item has one, else the label) */
  ariaLabel: string;
  /** 1 = root */
  level: number;
  /** true/false for collapsible rows, undefined for leaves */
  expanded: boolean | undefined;
  selected: boolean;
}

export class SideBarArea extends MenuArea {
  /** The activity-bar entry of a view container, by title. */
  activityItem(title = this.activityTitle): Locator {
    const t = title.replace(/"/g, '\\"');
    return this.page.locator(`.activitybar .action-item:has(> a.action-label[aria-label^="${t}"])`).first();
  }

  /**
   * True once the workbench finished restoring (its last start-up phase, "Eventually"): before
   * that the side bar may still be restored as it was, and a click would toggle it closed again.
   */
  async restored(): Promise<boolean> {
    return this.page.evaluate(() => performance.getEntriesByName('code/didCreateWorkbenchContributions/4').length > 0).catch(() => false);
  }

  /**
   * Show a view container (never toggles it closed): through its "View: Show <title>" command,
   * which always shows, where clicking the activity-bar icon of the active container hides the
   * side bar instead.
   */
  async openActivityContainer(title = this.activityTitle): Promise<void> {
    const item = this.activityItem(title);
    await item.waitFor({ state: 'visible', timeout: this.readyTimeoutMs });
    await waitUntil('the workbench to finish restoring', () => this.restored(), this.readyTimeoutMs);
    const heading = this.page.locator('.part.sidebar .composite.title', { hasText: new RegExp(escapeRe(title), 'i') }).first();
    const shown = async (): Promise<boolean> => {
      const cls = ((await item.getAttribute('class')) ?? '').split(/\s+/);
      return cls.includes('checked') && (await heading.isVisible().catch(() => false));
    };
    if (await shown()) return;
    await this.runCommand(`View: Show ${title}`);
    await waitUntil(`${title} view container to show`, shown, 10_000);
  }

  /** The side-bar pane of a view, by its name (also when its header is merged into the container title). */
  viewPane(viewName = this.viewName): Locator {
    return this.page.locator('.part.sidebar .pane')
      .filter({ has: this.page.locator('.pane-header h3.title', { hasText: new RegExp(`^\\s*${escapeRe(viewName)}\\s*$`, 'i') }) })
      .first();
  }

  /** Rows currently rendered in the tree view, in display order. */
  async treeRows(viewName = this.viewName): Promise<TreeRowInfo[]> {
    const pane = this.viewPane(viewName);
    await pane.waitFor({ state: 'visible', timeout: 15_000 });
    const rows = await pane.locator('.pane-body .monaco-list-row').evaluateAll((els: any[]) => els.map((e: any) => ({
      index: Number(e.getAttribute('data-index')),
      label: (e.querySelector('.label-name')?.textContent ?? '').trim(),
      description: (e.querySelector('.label-description')?.textContent ?? '').trim(),
      ariaLabel: e.getAttribute('aria-label') ?? '',
      level: Number(e.getAttribute('aria-level') ?? '1'),
      expanded: e.hasAttribute('aria-expanded') ? e.getAttribute('aria-expanded') === 'true' : undefined,
      selected: e.getAttribute('aria-selected') === 'true',
    })));
    return rows.sort((a, b) => a.index - b.index).map(({ index: _i, ...r }) => r as TreeRowInfo);
  }

  /** Waits until the tree's rows satisfy `check`; returns them. */
  async treeRowsWhere(what: string, check: (rows: TreeRowInfo[]) => boolean, timeoutMs = 20_000, viewName = this.viewName): Promise<TreeRowInfo[]> {
    let rows: TreeRowInfo[] = [];
    try {
      await waitUntil(what, async () => check(rows = await this.treeRows(viewName)), timeoutMs, 100);
    } catch (error) {
      throw new Error(`${(error as Error).message}; rows: ${JSON.stringify(rows.map((r) => [r.level, r.label, r.description]))}`, { cause: error });
    }
    return rows;
  }

  /** Locator of the first tree row containing `text` (label or description). */
  treeRow(text: string | RegExp, viewName = this.viewName): Locator {
    return this.viewPane(viewName).locator('.pane-body .monaco-list-row').filter({ hasText: text }).first();
  }

  /** Expand a collapsible tree row (no-op if already expanded); waits for it to say so. */
  async treeRowExpand(text: string | RegExp, viewName = this.viewName): Promise<void> {
    const row = this.treeRow(text, viewName);
    await row.waitFor({ state: 'visible', timeout: 15_000 });
    if ((await row.getAttribute('aria-expanded')) === 'false') {
      await row.locator('.monaco-tl-twistie').click();
      await waitUntil('tree row to expand', async () => (await row.getAttribute('aria-expanded')) === 'true', 10_000);
    }
  }

  /** Collapse a tree row (no-op if already collapsed or a leaf). */
  async treeRowCollapse(text: string | RegExp, viewName = this.viewName): Promise<void> {
    const row = this.treeRow(text, viewName);
    await row.waitFor({ state: 'visible', timeout: 15_000 });
    if ((await row.getAttribute('aria-expanded')) === 'true') {
      await row.locator('.monaco-tl-twistie').click();
      await waitUntil('tree row to collapse', async () => (await row.getAttribute('aria-expanded')) === 'false', 10_000);
    }
  }

  /** Click an inline action (hover toolbar) of a tree row, by its title. */
  async treeRowAction(rowText: string | RegExp, actionTitle: string, viewName = this.viewName): Promise<void> {
    const row = this.treeRow(rowText, viewName);
    await row.hover();
    await row.locator(`.actions .action-label[aria-label^="${actionTitle.replace(/"/g, '\\"')}"]`).first().click();
  }

  /** Right-click a tree row and run a context-menu entry. */
  async treeRowContextMenu(rowText: string | RegExp, itemLabel: string | string[], viewName = this.viewName): Promise<void> {
    await this.contextMenu(this.treeRow(rowText, viewName), itemLabel);
  }

  /** Click a view's title-bar action (e.g. 'Refresh'); works for merged and separate headers. */
  async viewTitleAction(actionTitle: string, viewName = this.viewName): Promise<void> {
    const t = actionTitle.replace(/"/g, '\\"');
    await this.viewPane(viewName).hover().catch(() => undefined);
    const own = this.viewPane(viewName).locator(`.pane-header .actions .action-label[aria-label^="${t}"]`).filter({ visible: true });
    const merged = this.page.locator(`.part.sidebar .composite.title .action-label[aria-label^="${t}"]`).filter({ visible: true });
    const target = (await own.count()) > 0 ? own.first() : merged.first();
    await target.click({ timeout: 10_000 });
  }

  /** Text of a view's welcome content (viewsWelcome), '' when none is shown. */
  async viewWelcomeText(viewName = this.viewName): Promise<string> {
    const w = this.viewPane(viewName).locator('.welcome-view-content').filter({ visible: true });
    return (await w.count()) ? ((await w.first().innerText()) ?? '').trim() : '';
  }
}
