// FileArea over Node's fs and a real folder: what the unit tests and the benchmark give the task
// store, the lease and the image cache instead of VS Code's workspace.fs (real files, real
// rename, real inotify events; nothing of VS Code is faked).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FileArea } from '../../src/core/base/files';

export interface NodeArea extends FileArea {
  readonly root: string;
  /** Bytes written through this area (write()), for the write-cost checks. */
  bytesWritten: number;
  writes: number;
  reads: number;
}

export function nodeArea(root: string): NodeArea {
  const abs = (p: string) => path.join(root, ...p.split('/').filter(Boolean));
  const area: NodeArea = {
    root,
    bytesWritten: 0,
    writes: 0,
    reads: 0,
    async read(p) {
      area.reads++;
      try {
        return new Uint8Array(await fs.promises.readFile(abs(p)));
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
        throw error;
      }
    },
    async write(p, data) {
      area.writes++;
      area.bytesWritten += data.byteLength;
      await fs.promises.mkdir(path.dirname(abs(p)), { recursive: true });
      await fs.promises.writeFile(abs(p), data);
    },
    async rename(from, to) {
      await fs.promises.mkdir(path.dirname(abs(to)), { recursive: true });
      await fs.promises.rename(abs(from), abs(to));
    },
    async list(dir) {
      try {
        return (await fs.promises.readdir(abs(dir), { withFileTypes: true })).filter((e) => e.isFile()).map((e) => e.name);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
        throw error;
      }
    },
    async remove(p) {
      await fs.promises.rm(abs(p), { force: true });
    },
    async stat(p) {
      try {
        const s = await fs.promises.stat(abs(p));
        return { size: s.size, mtime: s.mtimeMs };
      } catch {
        return undefined;
      }
    },
    async mkdir(dir) {
      await fs.promises.mkdir(abs(dir), { recursive: true });
    },
    watch(dir, onChange) {
      const full = abs(dir);
      fs.mkdirSync(full, { recursive: true });
      const watcher = fs.watch(full, (_event, name) => {
        if (name) onChange(dir ? `${dir}/${name.toString()}` : name.toString());
      });
      watcher.on('error', () => undefined);
      return { dispose: () => watcher.close() };
    },
  };
  return area;
}

/** A fresh temporary folder, removed by the returned cleanup. */
export function tempFolder(prefix = 'aitre-store-'): { dir: string; cleanup(): void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  return { dir, cleanup: () => fs.rmSync(dir, { recursive: true, force: true }) };
}
