// The result-image cache: one file per task under globalStorage/images (shared by every window of
// the profile), bounded in size, least recently used out first. The panel shows these files, so a
// result still shows after the gateway's link expired, and the webview never reaches the network.
import { realClock, type Clock } from '../base/clock';
import { decodeId, decodeJson, encodeId, encodeJson, isTempName, writeAtomic, type FileArea } from '../base/files';
import { silentLogger, type Logger } from '../base/log';
import { imageExtension } from './outputs';

export interface CachedImage {
  /** Path inside the area the cache was given (e.g. "images/1712345678901234.png"). */
  path: string;
  bytes: number;
  contentType: string;
}

interface Entry {
  file: string;
  bytes: number;
  type: string;
  usedAt: number;
}

interface IndexFile { v: 1; entries: Record<string, Entry> }

export interface ImageCacheOptions {
  /** Largest total size, bytes (setting aitre.imageCacheMB). */
  maxBytes: () => number;
  logger?: Logger;
  clock?: Clock;
  /** The folder inside the area (default "images"). */
  dir?: string;
  /** File extension and MIME type of what is stored (default: the image types); the video cache passes its own. */
  fileType?: (bytes: Uint8Array, contentType: string) => { ext: string; type: string };
  /** MIME type of a file found on disk by its extension (default: the image types). */
  typeOfExtension?: (ext: string) => string;
}

const INDEX = 'index.json';
const TYPES: Record<string, string> = { png: 'image/png', jpg: 'image/jpeg', webp: 'image/webp', gif: 'image/gif' };

export class ImageCache {
  private entries = new Map<string, Entry>();
  private loaded: Promise<void> | undefined;
  private listedAt = 0;
  private saveTimer: unknown;
  private saving: Promise<void> = Promise.resolve();
  private readonly dir: string;
  private readonly clock: Clock;
  private readonly logger: Logger;

  constructor(private readonly area: FileArea, private readonly options: ImageCacheOptions) {
    this.dir = options.dir ?? 'images';
    this.clock = options.clock ?? realClock;
    this.logger = options.logger ?? silentLogger;
  }

  private fileType(bytes: Uint8Array, contentType: string): { ext: string; type: string } {
    if (this.options.fileType) return this.options.fileType(bytes, contentType);
    const ext = imageExtension(bytes, contentType);
    return { ext, type: TYPES[ext] ?? 'image/png' };
  }

  private typeOf(ext: string): string {
    return this.options.typeOfExtension ? this.options.typeOfExtension(ext) : TYPES[ext] ?? 'image/png';
  }

  /** The folder's path inside the area (the panel lets the webview load files from it). */
  get folder(): string {
    return this.dir;
  }

  /** The cached image of a task, if there is one (another window may have put it there). Counts as a use. */
  async get(taskId: string): Promise<CachedImage | undefined> {
    await this.load();
    let entry = this.entries.get(taskId);
    if (!entry && this.clock.now() - this.listedAt > 1_000) {
      await this.scan();
      entry = this.entries.get(taskId);
    }
    if (!entry) return undefined;
    entry.usedAt = this.clock.now();
    this.saveSoon();
    return { path: `${this.dir}/${entry.file}`, bytes: entry.bytes, contentType: entry.type };
  }

  /** Known without touching the disk (for views that must answer at once). */
  peek(taskId: string): CachedImage | undefined {
    const entry = this.entries.get(taskId);
    return entry ? { path: `${this.dir}/${entry.file}`, bytes: entry.bytes, contentType: entry.type } : undefined;
  }

  /** The bytes of a cached image; undefined when there is none (or its file went away). */
  async read(taskId: string): Promise<{ bytes: Uint8Array; contentType: string } | undefined> {
    const cached = await this.get(taskId);
    if (!cached) return undefined;
    const bytes = await this.area.read(cached.path);
    if (!bytes) {
      this.entries.delete(taskId);
      return undefined;
    }
    return { bytes, contentType: cached.contentType };
  }

  /** Stores a task's image (replacing an older one), then keeps the cache under its size limit. */
  async put(taskId: string, bytes: Uint8Array, contentType = ''): Promise<CachedImage> {
    await this.load();
    const { ext, type } = this.fileType(bytes, contentType);
    const file = `${encodeId(taskId)}.${ext}`;
    const old = this.entries.get(taskId);
    await writeAtomic(this.area, `${this.dir}/${file}`, bytes);
    if (old && old.file !== file) await this.area.remove(`${this.dir}/${old.file}`);
    this.entries.set(taskId, { file, bytes: bytes.byteLength, type, usedAt: this.clock.now() });
    await this.evict(taskId);
    await this.save();
    return { path: `${this.dir}/${file}`, bytes: bytes.byteLength, contentType: type };
  }

  /** Forgets a file that is gone or unreadable. */
  async drop(taskId: string): Promise<void> {
    const entry = this.entries.get(taskId);
    this.entries.delete(taskId);
    if (entry) await this.area.remove(`${this.dir}/${entry.file}`);
    this.saveSoon();
  }

  /** Total bytes the cache holds (as this window knows it). */
  get totalBytes(): number {
    let total = 0;
    for (const e of this.entries.values()) total += e.bytes;
    return total;
  }

  get count(): number {
    return this.entries.size;
  }

  /** Writes pending use times now (before the window closes). */
  async flush(): Promise<void> {
    if (this.saveTimer !== undefined) {
      this.clock.clearTimeout(this.saveTimer);
      this.saveTimer = undefined;
      await this.save();
    }
    await this.saving;
  }

  private load(): Promise<void> {
    // (the folder first: listing one that does not exist is an error some hosts log loudly)
    this.loaded ??= this.area.mkdir(this.dir).then(() => this.scan(), () => this.scan());
    return this.loaded;
  }

  /** The folder is the truth (which files exist); the index adds sizes, types and last use. */
  private async scan(): Promise<void> {
    this.listedAt = this.clock.now();
    const [names, index] = await Promise.all([this.area.list(this.dir), this.readIndex()]);
    const next = new Map<string, Entry>();
    const byFile = new Map<string, [string, Entry]>();
    for (const [id, entry] of Object.entries(index)) byFile.set(entry.file, [id, entry]);
    for (const name of names) {
      if (name === INDEX || isTempName(name)) continue;
      const known = byFile.get(name) ?? [...this.entries].find(([, e]) => e.file === name);
      if (known) {
        const mine = this.entries.get(known[0]);
        next.set(known[0], { ...known[1], usedAt: Math.max(known[1].usedAt, mine?.usedAt ?? 0) });
        continue;
      }
      // A file another window put here and has not indexed yet.
      const id = decodeName(name);
      const stat = id ? await this.area.stat(`${this.dir}/${name}`) : undefined;
      const ext = name.slice(name.lastIndexOf('.') + 1);
      if (id && stat) next.set(id, { file: name, bytes: stat.size, type: this.typeOf(ext), usedAt: stat.mtime });
    }
    this.entries = next;
  }

  private async readIndex(): Promise<Record<string, Entry>> {
    const bytes = await this.area.read(`${this.dir}/${INDEX}`);
    const raw = bytes ? decodeJson(bytes) as Partial<IndexFile> | undefined : undefined;
    if (!raw || typeof raw.entries !== 'object' || raw.entries === null) return {};
    const out: Record<string, Entry> = {};
    for (const [id, e] of Object.entries(raw.entries)) {
      if (e && typeof e.file === 'string' && typeof e.bytes === 'number' && typeof e.usedAt === 'number') out[id] = { file: e.file, bytes: e.bytes, type: typeof e.type === 'string' ? e.type : 'image/png', usedAt: e.usedAt };
    }
    return out;
  }

  /** Least recently used first, until the total fits; never the image just stored. */
  private async evict(keep: string): Promise<void> {
    const max = Math.max(1, this.options.maxBytes());
    let total = this.totalBytes;
    if (total <= max) return;
    const oldestFirst = [...this.entries].filter(([id]) => id !== keep).sort((a, b) => a[1].usedAt - b[1].usedAt);
    let evicted = 0;
    for (const [id, entry] of oldestFirst) {
      if (total <= max) break;
      await this.area.remove(`${this.dir}/${entry.file}`);
      this.entries.delete(id);
      total -= entry.bytes;
      evicted++;
    }
    if (evicted) this.logger.info(`Image cache: removed ${evicted} least recently used image(s) to stay under ${Math.round(max / 1024 / 1024)} MB.`);
  }

  private saveSoon(): void {
    if (this.saveTimer !== undefined) return;
    this.saveTimer = this.clock.setTimeout(() => {
      this.saveTimer = undefined;
      void this.save();
    }, 2_000);
  }

  /** Merges with what other windows wrote (latest use wins), keeps only files that exist, writes. */
  private save(): Promise<void> {
    this.saving = this.saving.then(async () => {
      try {
        const [names, disk] = await Promise.all([this.area.list(this.dir), this.readIndex()]);
        const present = new Set(names);
        const merged: Record<string, Entry> = {};
        for (const [id, e] of Object.entries(disk)) if (present.has(e.file)) merged[id] = e;
        for (const [id, e] of this.entries) {
          if (!present.has(e.file)) continue;
          merged[id] = { ...e, usedAt: Math.max(e.usedAt, merged[id]?.usedAt ?? 0) };
        }
        await writeAtomic(this.area, `${this.dir}/${INDEX}`, encodeJson({ v: 1, entries: merged } satisfies IndexFile));
      } catch (error) {
        this.logger.warn(`Image cache: saving its index failed: ${String(error)}`);
      }
    });
    return this.saving;
  }
}

/** `1712345678901234.png` → the task id. */
function decodeName(name: string): string | undefined {
  const dot = name.lastIndexOf('.');
  return dot > 0 ? decodeId(name.slice(0, dot)) : undefined;
}
