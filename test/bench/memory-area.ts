// A FileArea held in memory, for the benchmark's extension-host part: the extension hands tests
// its tasks, not its store (src/probe.ts), so the tree is timed over a store of the same tasks
// built here, without writing 5,000 more files.
import type { FileArea } from '../../src/core/base/files';

export function memoryArea(): FileArea {
  const files = new Map<string, Uint8Array>();
  const dirOf = (p: string) => (p.includes('/') ? p.slice(0, p.lastIndexOf('/')) : '');
  return {
    read: async (p) => files.get(p),
    write: async (p, data) => { files.set(p, data); },
    rename: async (from, to) => {
      const data = files.get(from);
      if (data) files.set(to, data);
      files.delete(from);
    },
    list: async (dir) => [...files.keys()].filter((p) => dirOf(p) === dir).map((p) => p.slice(dir ? dir.length + 1 : 0)),
    remove: async (p) => { files.delete(p); },
    stat: async (p) => (files.has(p) ? { size: files.get(p)!.byteLength, mtime: Date.now() } : undefined),
    mkdir: async () => undefined,
    watch: () => ({ dispose: () => undefined }),
  };
}
