// One real VS Code workbench for a suite: code-server with the development extension, headless
// Debian chromium on it, a throwaway workspace. Start, reload, reset between tests, diagnose a
// failure, close.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import {
  launchChromium,
  removeOnExit,
  resolveEntry,
  startCodeServer,
  type Chromium,
  type CodeServer,
} from '../../../scripts/lib/code-server.mjs';
import { NotificationArea } from './notifications';
import { slug, waitUntil } from './wait';

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
  /** more code-server CLI arguments (e.g. `--locale zh-cn`) */
  extraArgs?: string[];
  /** files written into the user-data dir before code-server starts (relative path -> content) */
  userDataFiles?: Record<string, string>;
}

export class Workbench extends NotificationArea {
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
        extraArgs: options.extraArgs,
        userDataFiles: options.userDataFiles,
      });
      browser = await launchChromium();
      const wb = new Workbench({
        page: browser.page, server, browser, workspace, wsRoot,
        activityTitle: options.activityTitle ?? 'AITRE', viewName: options.viewName ?? 'Tasks', readyTimeoutMs: options.readyTimeoutMs ?? 90_000,
      });
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
      throw new Error(`openWorkbench failed: ${msg}${tail ? `\n--- code-server output (tail) ---\n${tail}` : ''}`, { cause: err });
    }
  }

  /** Wait for the workbench, the activity-bar entry of `activityTitle`, and the end of the restore. */
  async waitReady(timeoutMs = this.readyTimeoutMs): Promise<void> {
    await this.page.locator('.monaco-workbench').first().waitFor({ state: 'visible', timeout: timeoutMs });
    if (this.activityTitle) await this.activityItem(this.activityTitle).waitFor({ state: 'visible', timeout: timeoutMs });
    await waitUntil('the workbench to finish restoring', () => this.restored(), timeoutMs);
  }

  /** 'Developer: Reload Window', then wait for the workbench and the activity entry again. */
  async reloadWindow(): Promise<void> {
    const loaded = this.page.waitForEvent('load', { timeout: this.readyTimeoutMs });
    await this.runCommand('Developer: Reload Window', { waitClosed: false });
    await loaded;
    await this.waitReady();
  }

  /**
   * Brings the workbench back to a known state before a test: no quick input, menu, dialog or
   * notification left over, every editor closed (unsaved documents discarded). What a test needs
   * beyond that (a key, a task, a setting) it sets up itself.
   */
  async reset(): Promise<void> {
    try {
      await this.softReset();
    } catch {
      // Something is stuck (a dialog the keyboard cannot reach, a wedged quick input): a reload
      // gives a clean window on the same profile and workspace.
      await this.reloadWindow();
      await this.softReset();
    }
  }

  private async softReset(): Promise<void> {
    await this.quickInputCancel();
    await this.closeMenu();
    await this.dismissDialogs();
    await this.clearNotifications();
    await this.closeAllEditors();
  }

  /** PNG of the whole page in test-results/<name>.png; returns the path. */
  async screenshot(name: string): Promise<string> {
    fs.mkdirSync(RESULTS_DIR, { recursive: true });
    const file = path.join(RESULTS_DIR, `${slug(name)}.png`);
    await this.page.screenshot({ path: file });
    return file;
  }

  /** Screenshot plus the code-server output and logs (extension host, output channels) for a failure; returns what was written. */
  async saveDiagnostics(name: string): Promise<string[]> {
    const base = slug(name);
    const written: string[] = [];
    const shot = await this.screenshot(base).catch(() => undefined);
    if (shot) written.push(shot);
    try {
      const serverLog = path.join(RESULTS_DIR, `${base}.server.log`);
      fs.writeFileSync(serverLog, this.server.output());
      written.push(serverLog);
      if (this.pageErrors.length) {
        const errors = path.join(RESULTS_DIR, `${base}.browser-errors.log`);
        fs.writeFileSync(errors, this.pageErrors.join('\n'));
        written.push(errors);
      }
      const logs = path.join(this.server.userDataDir, 'logs');
      if (fs.existsSync(logs)) {
        const copy = path.join(RESULTS_DIR, `${base}-logs`);
        fs.cpSync(logs, copy, { recursive: true });
        written.push(copy);
      }
    } catch {
      /* diagnostics are best effort */
    }
    return written;
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
}

/** Start a workbench (see WorkbenchOptions). Remember to close() it. */
export function openWorkbench(options: WorkbenchOptions = {}): Promise<Workbench> {
  return Workbench.open(options);
}
