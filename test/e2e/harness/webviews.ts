// Webviews (the result panel): the content frame of a webview, found by its editor tab, its
// position over the active editor group, its index, or its content.
import type { FrameLocator, Locator } from 'playwright-core';
import { SideBarArea } from './sidebar';
import { waitUntil } from './wait';

interface OuterWebview {
  name: string;
  visible: boolean;
  flowTo: string;
  src: string;
  /** centre of the iframe in page coordinates */
  cx: number;
  cy: number;
}

export class WebviewArea extends SideBarArea {
  private async outerWebviews(): Promise<OuterWebview[]> {
    return this.page.locator('iframe.webview.ready').evaluateAll((els: any[]) => els.map((e: any) => {
      const host = e.parentElement;
      const style = host ? e.ownerDocument.defaultView.getComputedStyle(host) : undefined;
      const r = e.getBoundingClientRect();
      return {
        name: String(e.getAttribute('name') ?? ''),
        visible: !!style && style.visibility !== 'hidden' && style.display !== 'none' && r.width > 0 && r.height > 0,
        flowTo: String(host?.getAttribute('data-parent-flow-to-element-id') ?? ''),
        src: String(e.getAttribute('src') ?? ''),
        cx: r.left + r.width / 2,
        cy: r.top + r.height / 2,
      };
    }));
  }

  private innerFrame(name: string): FrameLocator {
    return this.page.locator(`iframe.webview.ready[name="${name}"]`).contentFrame().locator('iframe#active-frame').contentFrame();
  }

  /** The visible webview drawn over an editor group (webviews are overlays positioned on their group). */
  private async webviewInGroup(group: Locator, candidates: OuterWebview[]): Promise<OuterWebview | undefined> {
    const box = await group.boundingBox().catch(() => null);
    if (!box) return undefined;
    return candidates.find((w) => w.visible && w.cx >= box.x && w.cx <= box.x + box.width && w.cy >= box.y && w.cy <= box.y + box.height);
  }

  /**
   * The content frame (inner `iframe#active-frame`) of a webview.
   *   webviewFrame()          the visible webview of the active editor group, else any visible one
   *                           (e.g. a webview view in the side bar)
   *   webviewFrame(2)         the third webview in DOM order
   *   webviewFrame('Result')  activates the editor tab titled 'Result…' and takes the webview of
   *                           its group; with no such tab, the webview whose content contains
   *                           'Result' (visible ones first; hidden webviews without
   *                           retainContextWhenHidden have no content to match)
   */
  async webviewFrame(which?: string | number, timeoutMs = 30_000): Promise<FrameLocator> {
    let chosen: string | undefined;
    const tabSel = (w: string): string => `.tabs-container .tab[aria-label^="${w.replace(/"/g, '\\"')}"]`;
    if (typeof which === 'string') {
      const tab = this.page.locator(tabSel(which)).first();
      if ((await tab.count()) > 0 && !((await tab.getAttribute('class')) ?? '').split(/\s+/).includes('active')) await tab.click();
    }
    await waitUntil(`webview ${which === undefined ? '(visible)' : JSON.stringify(which)}`, async () => {
      const all = await this.outerWebviews();
      if (typeof which === 'number') {
        chosen = all[which]?.name;
        return !!chosen;
      }
      const visible = all.filter((w) => w.visible);
      if (which === undefined) {
        const inActive = await this.webviewInGroup(this.page.locator('.part.editor .editor-group-container.active').first(), visible);
        chosen = (inActive ?? visible[0])?.name;
        return !!chosen;
      }
      const tab = this.page.locator(tabSel(which)).first();
      if ((await tab.count()) > 0) {
        const group = tab.locator('xpath=ancestor::div[contains(concat(" ", normalize-space(@class), " "), " editor-group-container ")][1]');
        chosen = (await this.webviewInGroup(group, visible))?.name;
        return !!chosen;
      }
      for (const w of [...visible, ...all.filter((x) => !x.visible)]) {
        const body = this.innerFrame(w.name).locator('body', { hasText: which });
        if ((await body.count().catch(() => 0)) > 0) {
          chosen = w.name;
          return true;
        }
      }
      return false;
    }, timeoutMs, 250);
    return this.innerFrame(chosen as string);
  }
}
