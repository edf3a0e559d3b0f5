// The core's FileArea over vscode.workspace.fs (works for file:, vscode-remote: and the web's
// user-data schemes alike) and FileSystemWatcher, rooted at one folder (globalStorage).
import * as vscode from 'vscode';
import type { FileArea } from '../core/base/files';

function isNotFound(error: unknown): boolean {
  return error instanceof vscode.FileSystemError && (error.code === 'FileNotFound' || error.code === 'EntryNotFound');
}

export function workspaceFsArea(root: vscode.Uri): FileArea {
  const fs = vscode.workspace.fs;
  const uri = (path: string) => (path ? vscode.Uri.joinPath(root, ...path.split('/').filter(Boolean)) : root);
  return {
    async read(path) {
      try {
        return await fs.readFile(uri(path));
      } catch (error) {
        if (isNotFound(error)) return undefined;
        throw error;
      }
    },
    // workspace.fs.writeFile creates missing parent folders.
    write: (path, data) => Promise.resolve(fs.writeFile(uri(path), data)),
    rename: (from, to) => Promise.resolve(fs.rename(uri(from), uri(to), { overwrite: true })),
    async list(dir) {
      try {
        return (await fs.readDirectory(uri(dir))).filter(([, type]) => (type & vscode.FileType.File) !== 0).map(([name]) => name);
      } catch (error) {
        if (isNotFound(error)) return [];
        throw error;
      }
    },
    async remove(path) {
      try {
        await fs.delete(uri(path), { useTrash: false });
      } catch (error) {
        if (!isNotFound(error)) throw error;
      }
    },
    async stat(path) {
      try {
        const s = await fs.stat(uri(path));
        return { size: s.size, mtime: s.mtime };
      } catch {
        return undefined;
      }
    },
    mkdir: (dir) => Promise.resolve(fs.createDirectory(uri(dir))),
    watch(dir, onChange) {
      const folder = uri(dir);
      // Non-recursive, outside any workspace folder: VS Code watches exactly this folder (it must exist).
      const watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(folder, '*'));
      const report = (changed: vscode.Uri) => {
        const name = changed.path.slice(changed.path.lastIndexOf('/') + 1);
        onChange(dir ? `${dir}/${name}` : name);
      };
      const subscriptions = [watcher.onDidCreate(report), watcher.onDidChange(report), watcher.onDidDelete(report)];
      return { dispose: () => { subscriptions.forEach((s) => s.dispose()); watcher.dispose(); } };
    },
  };
}
