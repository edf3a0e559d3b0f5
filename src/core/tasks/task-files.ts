// The task store's folder on disk: store.json (format and version), active/ and done/ with one
// file per task (docs/task-store.md). Reads never throw for bad files: a torn, foreign or corrupt
// file reads as 'corrupt' and the store decides what to do.
import { decodeJson, encodeJson, isTempName, targetOfTemp, writeAtomic, type FileArea } from '../base/files';
import type { Logger } from '../base/log';
import type { TaskRecord } from '../../shared/task';
import { FOLDERS, folderFor, keyFor, parseName, readEnvelope, RECORD_VERSION, STORE_FORMAT, STORE_VERSION, type Folder, type ParsedName } from './records';

export interface DiskRecord {
  task: TaskRecord;
  rev: number;
  /** Who wrote this copy (RecordEnvelope.w). */
  writer: string;
  /** The other folder holds a (stale) copy too: a move was caught half done. */
  inBoth?: boolean;
  folder: Folder;
  key: string;
}

export interface ListedFile extends ParsedName { folder: Folder }

export type ReadResult = DiskRecord | 'missing' | 'corrupt';

const STORE_FILE = 'store.json';
/** A temporary file this old belongs to a writer that died; younger ones may still be renamed by their writer. */
const STALE_TEMP_MS = 60_000;

export class TaskFiles {
  constructor(private readonly area: FileArea, private readonly logger: Logger, private readonly now: () => number) {}

  /** Writes store.json the first time; warns about a newer format (read what we can, never rewrite it). */
  async init(): Promise<void> {
    for (const folder of FOLDERS) await this.area.mkdir(folder);
    const bytes = await this.area.read(STORE_FILE);
    const meta = bytes ? decodeJson(bytes) as { format?: unknown; version?: unknown } | undefined : undefined;
    if (meta && meta.format === STORE_FORMAT && typeof meta.version === 'number') {
      if (meta.version > STORE_VERSION) {
        this.logger.warn(`Task store: the folder was written by a newer AITRE (format ${meta.version}, this one knows ${STORE_VERSION}); reading what it can.`);
      }
      return;
    }
    if (bytes && !meta) this.logger.warn('Task store: store.json is unreadable; rewriting it.');
    await writeAtomic(this.area, STORE_FILE, encodeJson({ format: STORE_FORMAT, version: STORE_VERSION, createdAt: this.now() }));
  }

  /** Every task file of both folders, from two directory listings (no file is read). */
  async list(): Promise<ListedFile[]> {
    const files: ListedFile[] = [];
    for (const folder of FOLDERS) files.push(...await this.listFolder(folder));
    return files;
  }

  /** The task files of one folder, after putting back what an interrupted write left there. */
  async listFolder(folder: Folder): Promise<ListedFile[]> {
    let names = await this.area.list(folder);
    if (names.some(isTempName)) {
      await this.recoverTemps(folder, names);
      names = await this.area.list(folder);
    }
    const files: ListedFile[] = [];
    for (const name of names) {
      if (isTempName(name)) continue;
      const parsed = parseName(name);
      if (parsed) files.push({ ...parsed, folder });
      else this.logger.debug(`Task store: ignoring ${folder}/${name} (not a task file).`);
    }
    return files;
  }

  async read(folder: Folder, key: string): Promise<ReadResult> {
    let bytes: Uint8Array | undefined;
    try {
      bytes = await this.area.read(`${folder}/${key}.json`);
    } catch (error) {
      this.logger.warn(`Task store: reading ${folder}/${key}.json failed: ${String(error)}`);
      return 'corrupt';
    }
    if (!bytes) return 'missing';
    const envelope = readEnvelope(decodeJson(bytes), this.now());
    if (!envelope) return 'corrupt';
    if (envelope.v > RECORD_VERSION) this.logger.debug(`Task store: ${key} was written in format ${envelope.v}; reading what this version knows.`);
    return { task: envelope.task, rev: envelope.rev, writer: envelope.w, folder, key };
  }

  /**
   * The current copy of a task, whichever folder holds it. A task moves from active/ to done/
   * by a write and a delete; caught in between, both copies exist and the higher rev wins.
   */
  async readEither(key: string): Promise<ReadResult> {
    const [active, done] = await Promise.all([this.read('active', key), this.read('done', key)]);
    const found = [active, done].filter((r): r is DiskRecord => typeof r === 'object');
    if (found.length === 2) return { ...(found[0]!.rev > found[1]!.rev ? found[0]! : found[1]!), inBoth: true };
    if (found.length === 1) return found[0]!;
    return active === 'corrupt' || done === 'corrupt' ? 'corrupt' : 'missing';
  }

  /**
   * Writes the task into the folder its status belongs to, then removes a copy in the other one.
   * `previous`: what the writer read before (no removal needed when it was in the same folder
   * only, or nowhere); unknown means look.
   */
  async write(task: TaskRecord, rev: number, writer: string, previous?: ReadResult): Promise<DiskRecord> {
    const key = keyFor(task.id, task.addedAt);
    const folder = folderFor(task);
    const bytes = encodeJson({ v: RECORD_VERSION, rev, w: writer, task });
    await writeAtomic(this.area, `${folder}/${key}.json`, bytes);
    const stale = previous === undefined || previous === 'corrupt' || (typeof previous === 'object' && (previous.folder !== folder || previous.inBoth === true));
    if (stale) for (const other of FOLDERS) if (other !== folder) await this.area.remove(`${other}/${key}.json`);
    return { task, rev, writer, folder, key };
  }

  async remove(key: string): Promise<void> {
    await Promise.all(FOLDERS.map((folder) => this.area.remove(`${folder}/${key}.json`)));
  }

  /**
   * A writer that died between "delete the old file" and "rename the new one into place"
   * (some platforms replace that way) leaves only its temporary file: put it in place. Other
   * stale temporary files are deleted.
   */
  private async recoverTemps(folder: Folder, names: readonly string[]): Promise<number> {
    let recovered = 0;
    const present = new Set(names.filter((n) => !isTempName(n)));
    for (const name of names.filter(isTempName)) {
      const path = `${folder}/${name}`;
      const target = targetOfTemp(name);
      // A lone temporary file is the only copy: put it in place (if its writer is still alive,
      // its own rename then fails and it writes again). Beside its target it is only litter,
      // removed once it is old enough that no writer can still be busy with it.
      const bytes = target && !present.has(target) ? await this.area.read(path) : undefined;
      if (target && bytes && readEnvelope(decodeJson(bytes), this.now())) {
        await this.area.rename(path, `${folder}/${target}`).then(() => {
          present.add(target);
          recovered++;
          this.logger.info(`Task store: recovered ${folder}/${target} from an interrupted write.`);
        }, () => undefined);
        continue;
      }
      const stat = await this.area.stat(path);
      if (stat && this.now() - stat.mtime >= STALE_TEMP_MS) await this.area.remove(path);
    }
    return recovered;
  }

  /** Calls back with the parsed name of every task file that changes in either folder. */
  watch(onChange: (file: ListedFile) => void): { dispose(): void } {
    const watchers = FOLDERS.map((folder) => this.area.watch(folder, (path) => {
      const name = path.slice(path.lastIndexOf('/') + 1);
      if (isTempName(name)) return;
      const parsed = parseName(name);
      if (parsed) onChange({ ...parsed, folder });
    }));
    return { dispose: () => watchers.forEach((w) => w.dispose()) };
  }
}
