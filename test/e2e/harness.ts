// Playwright helpers for end-to-end tests of the real VS Code workbench (code-server 4.100.3 +
// headless Debian chromium, offline). Generic on purpose: it knows nothing about the simulator —
// start that yourself and pass its URL/key through `settings`/`env`.
//
//   import { useWorkbench } from './harness';
//   suite('tasks view', () => {
//     let sim: Awaited<ReturnType<typeof startSimulator>>;
//     suiteSetup(async () => { sim = await startSimulator(); });          // registered first -> runs first
//     const ctx = useWorkbench(() => ({ settings: { 'aitre.baseUrl': sim.url }, files: { 'prompts.md': '# hi\n' } }));
//     suiteTeardown(async () => { await sim?.close(); });
//     test('palette', async () => { await ctx.wb.runCommand('AITRE: Refresh Tasks'); ... });
//   });
//
// Files are bundled by `node esbuild.mjs --tests` to out/test/e2e/*.js and run by
// `node scripts/run-e2e.mjs` (mocha TDD in plain Node). Screenshots go to test-results/.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { FrameLocator, Locator, Page } from 'playwright-core';
import {
  launchChromium,
  removeOnExit,
  resolveEntry,
  startCodeServer,
  type Chromium,
  type CodeServer,
} from '../../scripts/lib/code-server.mjs';

/** Repo root: the nearest ancestor of this (bundled) file that holds a package.json. */
function findRepoRoot(): string {
  let dir = __dirname;
  for (;;) {
    if (fs.existsSync(path.join(dir, 'package.json'))) return dir;
    const up = path.dirname(dir);
    if (up === dir) return process.cwd();
    dir = up;
  }
}
export const REPO_ROOT = findRepoRoot();
export const RESULTS_DIR = path.join(REPO_ROOT, 'test-results');

/** Settings the harness adds (callers' settings override): deterministic editor behaviour. */
export const HARNESS_SETTINGS: Readonly<Record<string, unknown>> = Object.freeze({
  'editor.wordWrap': 'off',
  '[markdown]': { 'editor.wordWrap': 'off' },
  'editor.minimap.enabled': false,
  'editor.quickSuggestions': { other: false, comments: false, strings: false },
  'editor.suggestOnTriggerCharacters': false,
  'editor.hover.enabled': false,
  'workbench.editor.enablePreview': false,
  'workbench.editor.untitled.hint': 'hidden',
  'files.autoSave': 'off',
});

export interface WorkbenchOptions {
  /** user settings.json entries (merged over the harness and code-server defaults) */
  settings?: Record<string, unknown>;
  /** extra environment for code-server; the extension host inherits it */
  env?: Record<string, string | undefined>;
  /** files to seed the workspace with: relative path -> content */
  files?: Record<string, string | Uint8Array>;
  /** development extension folder (default: the repo root) */
  extensionPath?: string;
  /** other extension folders, installed beside it as a user would have them */
  extensions?: string[];
  /** activity-bar container title to wait for (default 'AITRE'); '' to skip the wait */
  activityTitle?: string;
  /** tree view name used by treeRows()/treeRow() (default 'Tasks') */
  viewName?: string;
  /** ms to wait for the workbench and the activity entry (default 90 s) */
  readyTimeoutMs?: number;
}

const escapeRe = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const exactRe = (s: string): RegExp => new RegExp(`^\\s*${escapeRe(s)}\\s*$`);
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
const slug = (s: string): string => s.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 120) || 'shot';

async function waitUntil(what: string, fn: () => Promise<boolean>, timeoutMs: number, intervalMs = 100): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastErr: unknown;
  while (Date.now() < deadline) {
    try {
      if (await fn()) return;
    } catch (e) {
      lastErr = e;
    }
    await sleep(intervalMs);
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${lastErr ? ` (last error: ${String(lastErr)})` : ''}`);
}

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

interface OuterWebview {
  name: string;
  visible: boolean;
  flowTo: string;
  src: string;
  /** centre of the iframe in page coordinates */
  cx: number;
  cy: number;
}

export class Workbench {
  /** browser console errors and uncaught page errors seen so far */
  readonly pageErrors: string[] = [];

  private constructor(
    readonly page: Page,
    readonly server: CodeServer,
    readonly browser: Chromium,
    /** absolute path of the workspace folder */
    readonly workspace: string,
    private readonly wsRoot: string,
    readonly activityTitle: string,
    readonly viewName: string,
    private readonly readyTimeoutMs: number,
  ) {
    page.on('pageerror', (e) => this.pageErrors.push(e.message));
    page.on('console', (m) => { if (m.type() === 'error') this.pageErrors.push(m.text()); });
  }

  /** Start code-server with the dev extension, open the workbench in chromium, wait until ready. */
  static async open(options: WorkbenchOptions = {}): Promise<Workbench> {
    const wsRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'aitre-e2e-ws-'));
    removeOnExit(wsRoot);
    const workspace = path.join(wsRoot, 'workspace');
    fs.mkdirSync(workspace);
    for (const [rel, content] of Object.entries(options.files ?? {})) {
      const file = path.join(workspace, rel);
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, content);
    }
    let server: CodeServer | undefined;
    let browser: Chromium | undefined;
    try {
      server = await startCodeServer({
        entry: resolveEntry(REPO_ROOT),
        workspace,
        devExtensionPath: options.extensionPath ?? REPO_ROOT,
        extensions: options.extensions,
        userSettings: { ...HARNESS_SETTINGS, ...(options.settings ?? {}) },
        env: { AITRE_TEST_MODE: 'e2e', ...(options.env ?? {}) },
      });
      browser = await launchChromium();
      const wb = new Workbench(browser.page, server, browser, workspace, wsRoot,
        options.activityTitle ?? 'AITRE', options.viewName ?? 'Tasks', options.readyTimeoutMs ?? 90_000);
      await wb.page.goto(server.workbenchUrl);
      await wb.waitReady();
      return wb;
    } catch (err) {
      if (browser) {
        fs.mkdirSync(RESULTS_DIR, { recursive: true });
        await browser.page.screenshot({ path: path.join(RESULTS_DIR, 'open-workbench-failed.png') }).catch(() => undefined);
        await browser.close();
      }
      const tail = server ? server.output().split('\n').slice(-25).join('\n') : '';
      if (server) await server.stop();
      fs.rmSync(wsRoot, { recursive: true, force: true });
      const msg = err instanceof Error ? err.message : String(err);
      throw new Error(`openWorkbench failed: ${msg}${tail ? `\n--- code-server output (tail) ---\n${tail}` : ''}`);
    }
  }

  // ------------------------------------------------------------------ lifecycle

  /** Wait for `.monaco-workbench` and the activity-bar entry of `activityTitle`. */
  async waitReady(timeoutMs = this.readyTimeoutMs): Promise<void> {
    await this.page.locator('.monaco-workbench').first().waitFor({ state: 'visible', timeout: timeoutMs });
    if (this.activityTitle) await this.activityItem(this.activityTitle).waitFor({ state: 'visible', timeout: timeoutMs });
  }

  /** 'Developer: Reload Window', then wait for the workbench and the activity entry again. */
  async reloadWindow(): Promise<void> {
    const loaded = this.page.waitForEvent('load', { timeout: this.readyTimeoutMs });
    await this.runCommand('Developer: Reload Window', { waitClosed: false });
    await loaded;
    await this.waitReady();
  }

  /** PNG of the whole page in test-results/<name>.png; returns the path. */
  async screenshot(name: string): Promise<string> {
    fs.mkdirSync(RESULTS_DIR, { recursive: true });
    const file = path.join(RESULTS_DIR, `${slug(name)}.png`);
    await this.page.screenshot({ path: file });
    return file;
  }

  /** Screenshot plus the code-server output and logs (extension host, output channels) for a failure. */
  async saveDiagnostics(name: string): Promise<void> {
    const base = slug(name);
    await this.screenshot(base).catch(() => undefined);
    try {
      fs.writeFileSync(path.join(RESULTS_DIR, `${base}.server.log`), this.server.output());
      if (this.pageErrors.length) fs.writeFileSync(path.join(RESULTS_DIR, `${base}.browser-errors.log`), this.pageErrors.join('\n'));
      const logs = path.join(this.server.userDataDir, 'logs');
      if (fs.existsSync(logs)) fs.cpSync(logs, path.join(RESULTS_DIR, `${base}-logs`), { recursive: true });
    } catch {
      /* diagnostics are best effort */
    }
  }

  /** Stop chromium and code-server (whole process group) and remove the workspace. */
  async close(): Promise<void> {
    await this.browser.close();
    await this.server.stop();
    fs.rmSync(this.wsRoot, { recursive: true, force: true });
  }

  /** Absolute path of a workspace file. */
  workspacePath(rel: string): string {
    return path.join(this.workspace, rel);
  }

  // ------------------------------------------------------------------ quick input / palette

  /** The quick-input widget (command palette, Quick Open, showQuickPick, showInputBox). */
  quickInput(): Locator {
    return this.page.locator('.quick-input-widget');
  }

  private quickInputBox(): Locator {
    return this.page.locator('.quick-input-widget .quick-input-box input');
  }

  private async quickInputState(): Promise<{ visible: boolean; value: string; placeholder: string; title: string }> {
    const input = this.quickInputBox();
    const visible = await input.isVisible().catch(() => false);
    if (!visible) return { visible, value: '', placeholder: '', title: '' };
    const value = await input.inputValue().catch(() => '');
    const placeholder = (await input.getAttribute('placeholder').catch(() => null)) ?? '';
    const title = (await this.page.locator('.quick-input-widget .quick-input-title').textContent().catch(() => null)) ?? '';
    return { visible, value, placeholder, title };
  }

  /** Press a key that opens a quick input; if focus is stuck (e.g. inside a webview), blur and retry. */
  private async openQuickInput(key: string): Promise<Locator> {
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
        /* retry */
      }
    }
    throw new Error(`quick input did not open with ${key}`);
  }

  /** Click the quick-input row whose label is `label` (exact match preferred, else first containing it). */
  private async clickQuickInputRow(label: string, timeoutMs: number): Promise<void> {
    const rows = this.page.locator('.quick-input-widget .monaco-list-row');
    await rows.filter({ hasText: label }).first().waitFor({ state: 'visible', timeout: timeoutMs });
    const exact = rows.filter({ has: this.page.locator('.label-name', { hasText: exactRe(label) }) });
    const row = (await exact.count()) > 0 ? exact.first() : rows.filter({ hasText: label }).first();
    await row.click();
  }

  /**
   * Run a command from the F1 palette by its full title ('Category: Title'). Waits until the
   * palette is gone or replaced by the command's own quick input.
   */
  async runCommand(title: string, opts: { timeoutMs?: number; waitClosed?: boolean } = {}): Promise<void> {
    const timeoutMs = opts.timeoutMs ?? 15_000;
    const input = await this.openQuickInput('F1');
    await input.fill(`>${title}`);
    await this.clickQuickInputRow(title, timeoutMs);
    if (opts.waitClosed === false) return;
    await waitUntil(`command palette to close after "${title}"`, async () => {
      const s = await this.quickInputState();
      return !s.visible || !s.value.startsWith('>');
    }, timeoutMs);
  }

  /** Type into the visible quick input (showInputBox / showQuickPick filter). */
  async quickInputFill(text: string, timeoutMs = 15_000): Promise<void> {
    const input = this.quickInputBox();
    await input.waitFor({ state: 'visible', timeout: timeoutMs });
    await input.fill(text);
  }

  /**
   * Press Enter in the quick input and wait until it closes or moves on to another step.
   * Throws with the validation message if it stays put.
   */
  async quickInputAccept(timeoutMs = 10_000): Promise<void> {
    const input = this.quickInputBox();
    await input.waitFor({ state: 'visible', timeout: timeoutMs });
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

  /** Click a quick-pick item by label. */
  async quickInputPick(label: string, timeoutMs = 15_000): Promise<void> {
    await this.clickQuickInputRow(label, timeoutMs);
  }

  /** Labels of the quick-pick rows currently rendered (waits up to timeoutMs for the first one). */
  async quickInputItems(timeoutMs = 5_000): Promise<string[]> {
    // Rows render a moment after the widget changes step; give them a chance to appear.
    await this.page.locator('.quick-input-widget .monaco-list-row').first()
      .waitFor({ state: 'visible', timeout: timeoutMs }).catch(() => undefined);
    const texts = await this.page.locator('.quick-input-widget .monaco-list-row .label-name').allTextContents();
    return texts.map((t) => t.trim());
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

  // ------------------------------------------------------------------ editor

  /** Open a workspace file through Quick Open (Ctrl+P) and wait for its tab to be active. */
  async openFile(relPath: string, timeoutMs = 20_000): Promise<void> {
    const input = await this.openQuickInput('Control+P');
    await input.fill(relPath);
    const base = path.basename(relPath);
    const rows = this.page.locator('.quick-input-widget .monaco-list-row');
    await rows.filter({ hasText: base }).first().waitFor({ state: 'visible', timeout: timeoutMs });
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

  /** Move the cursor to line:column (1-based) with Quick Open's ':line:col'. */
  async gotoLine(line: number, column = 1): Promise<void> {
    const input = await this.openQuickInput('Control+P');
    await input.fill(`:${line}:${column}`);
    await sleep(150);
    await input.press('Enter');
    await input.waitFor({ state: 'hidden', timeout: 5_000 });
    // The status bar follows the cursor: once it shows the target, the editor has focus and moved.
    await waitUntil(`cursor at ${line}:${column}`, async () =>
      new RegExp(`Ln ${line}, Col ${column}\\b`).test(await this.cursorStatus()), 5_000).catch(() => undefined);
  }

  /**
   * Select lines lineFrom..lineTo (1-based, inclusive) of the active editor: from column 1 of
   * lineFrom to the end of lineTo (without the trailing newline).
   */
  async selectLines(lineFrom: number, lineTo = lineFrom): Promise<void> {
    if (lineTo < lineFrom) throw new Error(`selectLines: ${lineTo} < ${lineFrom}`);
    await this.gotoLine(lineFrom, 1);
    for (let i = lineFrom; i < lineTo; i++) await this.page.keyboard.press('Shift+ArrowDown');
    await this.page.keyboard.press('Shift+End');
    // Wait until the status bar shows the cursor on lineTo and has settled (it is debounced).
    let last = '';
    await waitUntil(`selection to end on line ${lineTo}`, async () => {
      const now = await this.cursorStatus();
      const settled = now === last && new RegExp(`Ln ${lineTo},`).test(now);
      last = now;
      return settled;
    }, 5_000, 150).catch(() => undefined);
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
  private async hasNoSelection(): Promise<boolean> {
    return !/selected/.test(await this.cursorStatus().catch(() => ''));
  }

  /** Text of the editor's status-bar selection item, e.g. 'Ln 4, Col 14 (27 selected)'. */
  async cursorStatus(): Promise<string> {
    const item = this.page.locator('.statusbar-item', { hasText: /Ln \d+, Col \d+/ }).first();
    return ((await item.textContent()) ?? '').trim();
  }

  /**
   * Right-click in the active editor — on the selection if there is one (so it is kept), else on
   * the cursor — and wait for the context menu.
   */
  async openEditorContextMenu(): Promise<void> {
    const editor = this.activeEditor();
    // The selection overlay is re-rendered on the next animation frame: poll for a usable box.
    let box: { x: number; y: number; width: number; height: number } | null = null;
    await waitUntil('a selection or cursor in the active editor', async () => {
      const sel = editor.locator('.view-overlays .selected-text').filter({ visible: true });
      for (const el of await sel.all()) {
        const b = await el.boundingBox();
        if (b && b.width > 2 && b.height > 0) { box = b; return true; }
      }
      const cur = await editor.locator('.cursors-layer .cursor').first().boundingBox().catch(() => null);
      if (cur && cur.height > 0 && (await sel.count()) === 0 && await this.hasNoSelection()) { box = cur; return true; }
      return false;
    }, 5_000).catch(async (e) => {
      const dbg = await this.page.locator('.part.editor .monaco-editor').evaluateAll((els: any[]) => els.map((el: any) => ({
        cls: String(el.className).slice(0, 80), sel: el.querySelectorAll('.selected-text').length, cursors: el.querySelectorAll('.cursor').length,
      })));
      throw new Error(`${(e as Error).message}; editors: ${JSON.stringify(dbg)}`);
    });
    const b = box as unknown as { x: number; y: number; width: number; height: number };
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
    await this.page.keyboard.press('Escape');
    await this.page.locator('.monaco-menu').filter({ visible: true }).first().waitFor({ state: 'hidden', timeout: 5_000 }).catch(() => undefined);
  }

  /** Right-click any element and click a context-menu entry. */
  async contextMenu(target: Locator, itemLabel: string | string[]): Promise<void> {
    await target.click({ button: 'right' });
    await this.clickMenuItem(itemLabel);
  }

  /** Click an entry of the open (HTML) context menu; an array/`A > B` walks submenus. */
  async clickMenuItem(itemLabel: string | string[], timeoutMs = 10_000): Promise<void> {
    const labels = Array.isArray(itemLabel) ? itemLabel : itemLabel.split(/\s+>\s+/);
    for (let i = 0; i < labels.length; i++) {
      const label = labels[i] as string;
      const items = this.page.locator('.monaco-menu .action-item').filter({ visible: true });
      const anyMatch = items.filter({ has: this.page.locator('.action-label', { hasText: label }) });
      try {
        await anyMatch.first().waitFor({ state: 'visible', timeout: timeoutMs });
      } catch {
        const seen = (await this.page.locator('.monaco-menu .action-item .action-label').allTextContents()).filter(Boolean);
        await this.page.keyboard.press('Escape').catch(() => undefined);
        throw new Error(`context menu entry "${label}" not found; menu has: ${JSON.stringify(seen)}`);
      }
      const exact = items.filter({ has: this.page.locator('.action-label', { hasText: exactRe(label) }) });
      const item = (await exact.count()) > 0 ? exact.first() : anyMatch.first();
      // A click that lands right after the menu appears is swallowed (measured: 5 of 6 plain clicks
      // did nothing). Let the menu settle, hover the entry (which focuses it) and press Enter.
      await sleep(250);
      await item.hover();
      if (i < labels.length - 1) {
        // Hovering opens the submenu; wait for its entries before moving on.
        await sleep(300);
        continue;
      }
      if (i > 0) {
        // Inside a submenu the mouse is unreliable (and a parent entry's text contains its
        // children's labels, so locators match it too): walk with the keyboard. ArrowRight opens
        // the submenu with nothing focused; ArrowDown moves until the wanted entry has the focus.
        const submenu = this.page.locator('.monaco-submenu').filter({ visible: true }).last();
        await submenu.locator('.action-label', { hasText: label }).first().waitFor({ timeout: timeoutMs });
        await sleep(200);
        await this.page.keyboard.press('ArrowRight');
        const seen: string[] = [];
        let found = false;
        for (let step = 0; step < 30 && !found; step++) {
          await sleep(60);
          const focusedItem = submenu.locator('.action-item.focused .action-label').first();
          const focused = (await focusedItem.count()) ? ((await focusedItem.textContent({ timeout: 1_000 }).catch(() => '')) ?? '').trim() : '';
          seen.push(focused);
          if (focused === label) found = true;
          else await this.page.keyboard.press('ArrowDown');
        }
        if (!found) throw new Error(`submenu entry "${label}" never got the focus; focus went ${JSON.stringify(seen)}`);
        await this.page.keyboard.press('Enter');
        await this.page.locator('.monaco-menu').filter({ visible: true }).first().waitFor({ state: 'hidden', timeout: 5_000 }).catch(() => undefined);
        continue;
      }
      await this.page.keyboard.press('Enter');
      const closed = await this.page.locator('.monaco-menu').filter({ visible: true }).first()
        .waitFor({ state: 'hidden', timeout: 3_000 }).then(() => true, () => false);
      if (!closed) await item.click();
    }
  }

  // ------------------------------------------------------------------ side bar, tree view

  /** The activity-bar entry of a view container, by title. */
  activityItem(title = this.activityTitle): Locator {
    const t = title.replace(/"/g, '\\"');
    return this.page.locator(`.activitybar .action-item:has(> a.action-label[aria-label^="${t}"])`).first();
  }

  /** Show a view container from the activity bar (does not toggle it closed if already shown). */
  async openActivityContainer(title = this.activityTitle): Promise<void> {
    const item = this.activityItem(title);
    await item.waitFor({ state: 'visible', timeout: this.readyTimeoutMs });
    const heading = this.page.locator('.part.sidebar .composite.title', { hasText: new RegExp(escapeRe(title), 'i') }).first();
    const shown = async (): Promise<boolean> => {
      const cls = ((await item.getAttribute('class')) ?? '').split(/\s+/);
      return cls.includes('checked') && (await heading.isVisible().catch(() => false));
    };
    // Right after start or reload the workbench may still be restoring the side bar, and a click
    // then toggles it closed again: click only when not shown, and re-check after it settles.
    for (let attempt = 0; attempt < 4; attempt++) {
      if (await shown()) {
        await sleep(300);
        if (await shown()) return;
      }
      await item.locator('a.action-label').click();
      await waitUntil(`${title} view container to show`, shown, 3_000).catch(() => undefined);
    }
    await waitUntil(`${title} view container to show`, shown, 5_000);
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

  /** Locator of the first tree row containing `text` (label or description). */
  treeRow(text: string | RegExp, viewName = this.viewName): Locator {
    return this.viewPane(viewName).locator('.pane-body .monaco-list-row').filter({ hasText: text }).first();
  }

  /** Expand a collapsible tree row (no-op if already expanded); waits for its children to render. */
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

  /** Right-click a tree row and click a context-menu entry. */
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

  // ------------------------------------------------------------------ webviews

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

  // ------------------------------------------------------------------ notifications & dialogs

  /**
   * Wait for a notification containing `text`: first as a toast, then in the notification center
   * (toasts hide after a while, and some modes show none). Returns the notification's locator.
   */
  async notification(text: string | RegExp, timeoutMs = 15_000): Promise<Locator> {
    const toast = this.page.locator('.notifications-toasts .notification-toast', { hasText: text }).first();
    try {
      await toast.waitFor({ state: 'visible', timeout: timeoutMs });
      return toast;
    } catch {
      const item = this.page.locator('.notifications-center .notification-list-item', { hasText: text }).first();
      if (!(await this.page.locator('.notifications-center').isVisible().catch(() => false))) {
        await this.runCommand('Notifications: Show Notifications');
      }
      await item.waitFor({ state: 'visible', timeout: 5_000 });
      return item;
    }
  }

  /** Click a button of a notification (e.g. 'Retry', 'Open'). */
  async notificationButton(text: string | RegExp, buttonLabel: string, timeoutMs = 15_000): Promise<void> {
    const n = await this.notification(text, timeoutMs);
    await n.hover().catch(() => undefined);
    await n.locator('.monaco-button', { hasText: exactRe(buttonLabel) }).first().click();
  }

  /** All notification messages currently in the notification center. */
  async notificationMessages(): Promise<string[]> {
    if (!(await this.page.locator('.notifications-center').isVisible().catch(() => false))) {
      await this.runCommand('Notifications: Show Notifications');
    }
    const texts = await this.page.locator('.notifications-center .notification-list-item-message').allTextContents();
    return texts.map((t) => t.trim());
  }

  async clearNotifications(): Promise<void> {
    await this.runCommand('Notifications: Clear All Notifications');
  }

  /** Click a button of a modal dialog (showInformationMessage(..., { modal: true }), confirmations). */
  async dialogButton(label: string, timeoutMs = 15_000): Promise<void> {
    const dialog = this.page.locator('.monaco-dialog-box');
    await dialog.waitFor({ state: 'visible', timeout: timeoutMs });
    await dialog.locator('.monaco-button', { hasText: exactRe(label) }).first().click();
    await dialog.waitFor({ state: 'hidden', timeout: timeoutMs });
  }
}

/** Start a workbench (see WorkbenchOptions). Remember to close() it. */
export function openWorkbench(options: WorkbenchOptions = {}): Promise<Workbench> {
  return Workbench.open(options);
}

/**
 * Register mocha hooks in the current suite: suiteSetup opens a workbench, a failing test saves
 * diagnostics (test-results/FAILED-<title>.png, server log, VS Code logs), suiteTeardown closes
 * it. `options` may be a function, evaluated in suiteSetup (after earlier hooks, e.g. one that
 * starts the simulator).
 */
export function useWorkbench(options: WorkbenchOptions | (() => WorkbenchOptions | Promise<WorkbenchOptions>) = {}): { readonly wb: Workbench } {
  let current: Workbench | undefined;
  suiteSetup(async function () {
    this.timeout(180_000);
    const resolved = typeof options === 'function' ? await options() : options;
    current = await Workbench.open(resolved);
  });
  teardown(async function () {
    const t = this.currentTest;
    if (current && t && t.state === 'failed') {
      this.timeout(30_000);
      await current.saveDiagnostics(`FAILED-${t.fullTitle()}`);
    }
  });
  suiteTeardown(async function () {
    this.timeout(60_000);
    const wb = current;
    current = undefined;
    if (wb) await wb.close();
  });
  return {
    get wb(): Workbench {
      if (!current) throw new Error('workbench not open (useWorkbench suiteSetup failed or has not run)');
      return current;
    },
  };
}
