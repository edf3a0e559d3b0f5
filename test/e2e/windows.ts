// Helpers for suites that need more than the harness offers (kept out of it, which the lead owns):
// a second window on the same code-server (same profile: one user-data dir) on another folder,
// the extension host processes of a server, and the profile's globalStorage folder.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Workbench } from './harness';

const EXTENSION_ID = 'aitre.aitre-vscode';

/** The extension's globalStorage folder in this code-server's profile. */
export function storageFolder(wb: Workbench): string {
  return path.join(wb.server.userDataDir, 'User', 'globalStorage', EXTENSION_ID);
}

/** Task files (name → parsed content) in tasks/active and tasks/done. */
export function taskFiles(wb: Workbench): { folder: 'active' | 'done'; name: string; task: { id: string; prompt: string; status: string } }[] {
  const out: { folder: 'active' | 'done'; name: string; task: { id: string; prompt: string; status: string } }[] = [];
  for (const folder of ['active', 'done'] as const) {
    const dir = path.join(storageFolder(wb), 'tasks', folder);
    if (!fs.existsSync(dir)) continue;
    for (const name of fs.readdirSync(dir).filter((n) => n.endsWith('.json') && !n.startsWith('.'))) {
      try {
        out.push({ folder, name, task: (JSON.parse(fs.readFileSync(path.join(dir, name), 'utf8')) as { task: { id: string; prompt: string; status: string } }).task });
      } catch {
        // being replaced right now
      }
    }
  }
  return out;
}

/**
 * A second browser page of the same code-server, opened on `folder` (created if missing): the
 * same profile as `wb`, its own window and its own extension host. Close it with closeWindow();
 * wb.close() still stops the server and the browser.
 */
export async function openSecondWindow(wb: Workbench, files: Record<string, string> = {}): Promise<Workbench> {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'aitre-e2e-ws2-'));
  const folder = path.join(root, 'second');
  fs.mkdirSync(folder);
  for (const [rel, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(folder, rel)), { recursive: true });
    fs.writeFileSync(path.join(folder, rel), content);
  }
  const page = await wb.browser.context.newPage();
  const url = new URL(wb.server.workbenchUrl);
  url.searchParams.set('folder', folder);
  const second = new Workbench({
    page, server: wb.server, browser: wb.browser, workspace: folder, wsRoot: root,
    activityTitle: wb.activityTitle, viewName: wb.viewName, readyTimeoutMs: 90_000,
  });
  await page.goto(url.toString());
  await second.waitReady();
  return second;
}

/** Closes a window from openSecondWindow() (its page and folder; the server keeps running). */
export async function closeWindow(second: Workbench): Promise<void> {
  await second.page.close().catch(() => undefined);
  fs.rmSync(path.dirname(second.workspace), { recursive: true, force: true });
}

/** Process ids of the extension hosts of this code-server (one per open window). */
export function extensionHostPids(wb: Workbench): number[] {
  const out = execFileSync('ps', ['-eo', 'pid=,pgid=,args='], { encoding: 'utf8' });
  return out.split('\n').map((line) => /^\s*(\d+)\s+(\d+)\s+(.*)$/.exec(line)).filter((m): m is RegExpExecArray => m !== null)
    .filter((m) => Number(m[2]) === wb.server.pid && m[3]!.includes('--type=extensionHost'))
    .map((m) => Number(m[1]));
}

/** The AITRE output channel's log files of this profile (one per extension host). */
export function aitreLogs(wb: Workbench): string[] {
  const logs = path.join(wb.server.userDataDir, 'logs');
  if (!fs.existsSync(logs)) return [];
  return (fs.readdirSync(logs, { recursive: true }) as string[]).filter((f) => /AITRE\.log$/.test(f)).map((f) => path.join(logs, f));
}
