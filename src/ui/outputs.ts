// The one writer of files the user keeps (saved images, grid parts, speech): where they go, and how
// they are written. A file never overwrites another (a taken name gets " (2)", " (3)" …), and it
// appears whole or not at all: the bytes go to a hidden temporary file in the same folder first,
// which is then renamed without overwriting (a name taken meanwhile, by another window or another
// tool, moves on to the next free name). In this window, choosing a name and renaming to it happen
// one file at a time: the file system's "no overwrite" is a check before the rename, not a lock.
import * as vscode from 'vscode';
import { uniqueFileName } from '../core/files/outputs';

/** The folder picked when no workspace folder is open: asked once per window, for every kind of output. */
let pickedFolder: vscode.Uri | undefined;

/**
 * `relative` (e.g. "assets/aitre") inside the first workspace folder; without one, inside a folder
 * the user picks once (the dialog says what for). Undefined when they cancel.
 */
export async function outputFolder(relative: string, title: string): Promise<vscode.Uri | undefined> {
  const base = vscode.workspace.workspaceFolders?.[0]?.uri ?? pickedFolder ?? await pickFolder(title);
  if (!base) return undefined;
  const folder = relative ? vscode.Uri.joinPath(base, ...relative.split('/').filter(Boolean)) : base;
  await vscode.workspace.fs.createDirectory(folder);
  return folder;
}

async function pickFolder(title: string): Promise<vscode.Uri | undefined> {
  const picked = await vscode.window.showOpenDialog({ title, canSelectFolders: true, canSelectFiles: false, openLabel: vscode.l10n.t('Save Here') });
  pickedFolder = picked?.[0];
  return pickedFolder;
}

/** How often a name taken between the listing and the rename moves on before giving up. */
const RENAME_ATTEMPTS = 8;

/** Temporary names differ within this process (the pid tells windows apart). */
let tempCount = 0;

/** The name-and-rename steps of this window, one after another. */
let naming: Promise<unknown> = Promise.resolve();
function oneAtATime<T>(step: () => Promise<T>): Promise<T> {
  const run = naming.then(step, step);
  naming = run.then(() => undefined, () => undefined);
  return run;
}

/**
 * Writes `bytes` into `folder` as `name`, or the first free `name (n)`; never overwrites. A name is
 * free when neither it nor any `name + companion` (e.g. ".json" for a sidecar) exists.
 */
export async function writeNewFile(folder: vscode.Uri, name: string, bytes: Uint8Array, companions: readonly string[] = []): Promise<vscode.Uri> {
  const temp = vscode.Uri.joinPath(folder, `.${name}.${process.pid}-${(tempCount++).toString(36)}.partial`);
  await vscode.workspace.fs.writeFile(temp, bytes);
  try {
    return await oneAtATime(() => renameToFreeName(temp, folder, name, companions));
  } catch (error) {
    await vscode.workspace.fs.delete(temp).then(undefined, () => undefined);
    throw error;
  }
}

async function renameToFreeName(temp: vscode.Uri, folder: vscode.Uri, name: string, companions: readonly string[]): Promise<vscode.Uri> {
  for (let attempt = 1; ; attempt++) {
    const existing = new Set((await vscode.workspace.fs.readDirectory(folder)).map(([entry]) => entry));
    const free = uniqueFileName(name, (candidate) => existing.has(candidate) || companions.some((c) => existing.has(`${candidate}${c}`)));
    const file = vscode.Uri.joinPath(folder, free);
    try {
      await vscode.workspace.fs.rename(temp, file, { overwrite: false });
      return file;
    } catch (error) {
      const taken = error instanceof vscode.FileSystemError && error.code === 'FileExists';
      if (!taken || attempt >= RENAME_ATTEMPTS) throw error;
    }
  }
}
