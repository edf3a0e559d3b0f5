// One-time move of the old history (one globalState value, `aitre.tasks`) into the task folder.
// Lossless: every readable record is written as it was, read back and compared, and the old key is
// cleared only when all of them are verified. Run again (next start, another window) it skips
// what is already there, so an interrupted migration simply continues.
import type { Logger } from '../base/log';
import type { TaskRecord } from '../../shared/task';
import { keyFor, reviveRecord } from './records';
import type { DiskRecord, TaskFiles } from './task-files';

export const LEGACY_KEY = 'aitre.tasks';

/** The old history in globalState, as the extension hands it in. */
export interface LegacyHistory {
  read(): unknown;
  /** Called only after every task it held is verified on disk. */
  clear(): PromiseLike<void>;
}

export interface MigrationResult {
  /** Tasks written now. */
  written: DiskRecord[];
  /** Records in the old value that were not tasks (no id): they could not be used before either. */
  unreadable: number;
  cleared: boolean;
}

const WRITE_CONCURRENCY = 16;

/** The records of any version of the old value: v0 was the bare array, v1 `{ version: 1, tasks }`. */
export function legacyRecords(raw: unknown): unknown[] | undefined {
  if (Array.isArray(raw)) return raw;
  if (typeof raw === 'object' && raw !== null && Array.isArray((raw as { tasks?: unknown }).tasks)) return (raw as { tasks: unknown[] }).tasks;
  return undefined;
}

export async function migrateLegacy(
  legacy: LegacyHistory,
  files: TaskFiles,
  index: ReadonlyMap<string, { key: string }>,
  logger: Logger,
  now: () => number,
): Promise<MigrationResult> {
  const result: MigrationResult = { written: [], unreadable: 0, cleared: false };
  const raw = legacy.read();
  if (raw === undefined || raw === null) return result;
  const entries = legacyRecords(raw);
  if (!entries) {
    logger.warn(`Task store: the old history (globalState "${LEGACY_KEY}") is unreadable; it is left where it is.`);
    return result;
  }
  const records = new Map<string, TaskRecord>();
  for (const entry of entries) {
    const record = reviveRecord(entry, now());
    if (record) records.set(record.id, record);
    else result.unreadable++;
  }
  const toWrite = [...records.values()].filter((r) => !index.has(r.id));
  for (let i = 0; i < toWrite.length; i += WRITE_CONCURRENCY) {
    const batch = toWrite.slice(i, i + WRITE_CONCURRENCY);
    const written = await Promise.allSettled(batch.map((record) => files.write(record, 1, 'migration', 'missing')));
    for (const outcome of written) {
      if (outcome.status === 'fulfilled') result.written.push(outcome.value);
      else logger.warn(`Task store: migrating a task failed: ${String(outcome.reason)}`);
    }
  }
  // Verify: every record the old value held is on disk now, as written (or written earlier).
  let missing = 0;
  const verifyList = [...records.values()];
  for (let i = 0; i < verifyList.length; i += WRITE_CONCURRENCY) {
    const batch = verifyList.slice(i, i + WRITE_CONCURRENCY);
    const checks = await Promise.all(batch.map(async (record) => {
      const key = index.get(record.id)?.key ?? keyFor(record.id, record.addedAt);
      const back = await files.readEither(key);
      if (typeof back !== 'object' || back.task.id !== record.id) return false;
      // What we wrote now must read back identical; a task already there (another window, an earlier run) only needs to exist.
      return index.has(record.id) || JSON.stringify(back.task) === JSON.stringify(record);
    }));
    missing += checks.filter((ok) => !ok).length;
  }
  if (result.unreadable) logger.warn(`Task store: ${result.unreadable} record(s) of the old history had no task id and could not be migrated.`);
  if (missing) {
    logger.warn(`Task store: ${missing} of ${records.size} task(s) from the old history could not be verified on disk; the old history is kept and the move is tried again at the next start.`);
    return result;
  }
  await legacy.clear();
  result.cleared = true;
  logger.info(`Task store: moved ${records.size} task(s) from the old history into the task folder (${result.written.length} written now) and cleared the old key.`);
  return result;
}
