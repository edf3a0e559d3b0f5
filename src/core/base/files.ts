// The few file operations the task store, the poller lease and the image cache need, over one
// folder the platform picks: VS Code's globalStorage through `workspace.fs` in the extension (so
// it works in remote and web hosts too), a temporary folder through Node's `fs` in tests. Paths
// are relative to that folder and '/'-separated. No `vscode` here.
import type { Disposable } from './events';

export interface FileStat {
  size: number;
  /** Last modification, epoch ms (the file system's clock, same machine as the reader). */
  mtime: number;
}

export interface FileArea {
  /** The file's bytes, or undefined when it does not exist. */
  read(path: string): Promise<Uint8Array | undefined>;
  /** Creates or replaces the file (and missing folders). Not atomic: use writeAtomic(). */
  write(path: string, data: Uint8Array): Promise<void>;
  /** Moves a file, replacing the target if it exists. */
  rename(from: string, to: string): Promise<void>;
  /** Names of the files directly inside a folder; [] when the folder does not exist. */
  list(dir: string): Promise<string[]>;
  /** Deletes a file; a missing file is not an error. */
  remove(path: string): Promise<void>;
  stat(path: string): Promise<FileStat | undefined>;
  /** Creates a folder (and its parents); an existing one is fine. */
  mkdir(dir: string): Promise<void>;
  /** Calls back with the path of every file created, changed or deleted directly inside `dir`,
   *  whoever changed it (another window included). */
  watch(dir: string, onChange: (path: string) => void): Disposable;
}

/** Temporary files start with a dot and end in .tmp; listings used by the store skip them. */
export function isTempName(name: string): boolean {
  return name.startsWith('.') && name.endsWith('.tmp');
}

let tempCounter = 0;

/** `dir/.name.<random>.tmp` next to the target, so the final rename stays on one disk. */
export function tempPathFor(path: string): string {
  const slash = path.lastIndexOf('/');
  const dir = slash >= 0 ? path.slice(0, slash + 1) : '';
  const name = path.slice(slash + 1);
  tempCounter = (tempCounter + 1) % 1_000_000;
  return `${dir}.${name}.${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}${tempCounter}.tmp`;
}

/** The target a temporary file was meant for (`dir/.name.xyz.tmp` → `dir/name`), or undefined. */
export function targetOfTemp(path: string): string | undefined {
  const slash = path.lastIndexOf('/');
  const dir = slash >= 0 ? path.slice(0, slash + 1) : '';
  const match = /^\.(.+)\.[a-z0-9]+\.tmp$/.exec(path.slice(slash + 1));
  return match ? `${dir}${match[1]}` : undefined;
}

/**
 * Writes a whole file so that readers see the old content or the new one, never a part: the
 * bytes go to a temporary file beside it, which then replaces the target. A crash in between
 * leaves the old file (or, if the platform deletes before it renames, the temporary file, which
 * the task store recovers when it opens).
 */
export async function writeAtomic(area: FileArea, path: string, data: Uint8Array): Promise<void> {
  const temp = tempPathFor(path);
  await area.write(temp, data);
  try {
    await area.rename(temp, path);
  } catch (error) {
    await area.remove(temp).catch(() => undefined);
    throw error;
  }
}

/** A view of `area` below `prefix` (e.g. the task store's own folder inside globalStorage). */
export function subArea(area: FileArea, prefix: string): FileArea {
  const p = (path: string) => (path ? `${prefix}/${path}` : prefix);
  const strip = (path: string) => (path.startsWith(`${prefix}/`) ? path.slice(prefix.length + 1) : path);
  return {
    read: (path) => area.read(p(path)),
    write: (path, data) => area.write(p(path), data),
    rename: (from, to) => area.rename(p(from), p(to)),
    list: (dir) => area.list(p(dir)),
    remove: (path) => area.remove(p(path)),
    stat: (path) => area.stat(p(path)),
    mkdir: (dir) => area.mkdir(p(dir)),
    watch: (dir, onChange) => area.watch(p(dir), (path) => onChange(strip(path))),
  };
}

/** A portable file name for an id: [a-z0-9_-] kept, every other byte written `~hh` (distinct on case-insensitive disks too). */
function encodeIdBytes(id: string): string {
  let out = '';
  for (const byte of new TextEncoder().encode(id)) {
    const c = String.fromCharCode(byte);
    out += /[a-z0-9_-]/.test(c) ? c : `~${byte.toString(16).padStart(2, '0')}`;
  }
  return out;
}

const PLAIN_ID = /^[a-z0-9_-]+$/;
const utf8 = new TextDecoder('utf-8', { fatal: true });

export function encodeId(id: string): string {
  if (PLAIN_ID.test(id)) return id; // the usual case: MJ ids are digits
  return encodeIdBytes(id);
}

export function decodeId(encoded: string): string | undefined {
  if (PLAIN_ID.test(encoded)) return encoded;
  const bytes: number[] = [];
  for (let i = 0; i < encoded.length; i++) {
    const c = encoded[i]!;
    if (c === '~') {
      const hex = encoded.slice(i + 1, i + 3);
      if (!/^[0-9a-f]{2}$/.test(hex)) return undefined;
      bytes.push(Number.parseInt(hex, 16));
      i += 2;
    } else if (/[a-z0-9_-]/.test(c)) {
      bytes.push(c.charCodeAt(0));
    } else {
      return undefined;
    }
  }
  try {
    return utf8.decode(new Uint8Array(bytes)) || undefined;
  } catch {
    return undefined;
  }
}

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true });

export function encodeJson(value: unknown): Uint8Array {
  return encoder.encode(JSON.stringify(value));
}

/** Parsed JSON, or undefined for bytes that are not valid UTF-8 JSON (a torn or foreign file). */
export function decodeJson(bytes: Uint8Array): unknown {
  try {
    return JSON.parse(decoder.decode(bytes));
  } catch {
    return undefined;
  }
}
