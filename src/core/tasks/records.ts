// The on-disk format of one task (docs/task-store.md): file names, the versioned envelope, reading
// a record back whatever an older version wrote, and slimming finished tasks to what the UI needs.
import { decodeId, encodeId } from '../base/files';
import { isTerminalStatus, OPENAI_IMAGE_ACTIONS, type TaskRecord, type TextSource } from '../../shared/task';

export { decodeId, encodeId };

/** Version of one task file's envelope. Readers accept older versions and read what they can of newer ones. */
export const RECORD_VERSION = 1;
/** Version of the store folder as a whole (store.json). */
export const STORE_VERSION = 1;
export const STORE_FORMAT = 'aitre.tasks';

export type Folder = 'active' | 'done';
export const FOLDERS: readonly Folder[] = ['active', 'done'];

/**
 * What a task file holds. `rev` counts the writes of this task and `w` names the writer (one id
 * per window and start), so a reader knows whether it has seen this copy and a writer can tell
 * that another window replaced its write at the same moment.
 */
export interface RecordEnvelope {
  v: number;
  rev: number;
  w: string;
  task: TaskRecord;
}

/** Unfinished tasks live in active/ (read at every start), finished ones in done/ (read a page at a time). */
export function folderFor(task: Pick<TaskRecord, 'status'>): Folder {
  return isTerminalStatus(task.status) ? 'done' : 'active';
}

/**
 * File name of a task without its folder: `<addedAt, 13 digits>-<id>.json`, so a directory
 * listing alone gives the history's order. Ids keep [a-z0-9_-]; every other byte is written
 * `~hh`, which keeps names portable and distinct on case-insensitive disks.
 */
export function keyFor(id: string, addedAt: number): string {
  return `${String(Math.max(0, Math.floor(addedAt))).padStart(13, '0')}-${encodeId(id)}`;
}

export interface ParsedName { key: string; id: string; addedAt: number }

/** `0001712345678901-1712345678901234.json` → its parts; undefined for any other file. */
export function parseName(name: string): ParsedName | undefined {
  const match = /^(\d{13})-([a-z0-9_~-]+)\.json$/.exec(name);
  if (!match) return undefined;
  const id = decodeId(match[2]!);
  return id ? { key: `${match[1]}-${match[2]}`, id, addedAt: Number(match[1]) } : undefined;
}

/** The envelope of a task file, or undefined when it is not one (torn, foreign, no id). */
export function readEnvelope(value: unknown, now: number): RecordEnvelope | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const raw = value as { v?: unknown; rev?: unknown; w?: unknown; task?: unknown };
  if (typeof raw.v !== 'number' || typeof raw.rev !== 'number') return undefined;
  const task = reviveRecord(raw.task, now);
  return task ? { v: raw.v, rev: raw.rev, w: typeof raw.w === 'string' ? raw.w : '', task } : undefined;
}

/** Accepts a saved record if it has what the tree needs; fills in what older versions lacked. */
export function reviveRecord(entry: unknown, now: number): TaskRecord | undefined {
  if (typeof entry !== 'object' || entry === null) return undefined;
  const r = entry as Partial<TaskRecord>;
  if (typeof r.id !== 'string' || !r.id) return undefined;
  return {
    id: r.id,
    action: typeof r.action === 'string' ? r.action : 'IMAGINE',
    // Pictures of the OpenAI-format routes saved before `kind` existed are known by their action.
    kind: r.kind === 'openai-image' || (typeof r.action === 'string' && OPENAI_IMAGE_ACTIONS.includes(r.action)) ? 'openai-image' : undefined,
    status: typeof r.status === 'string' ? r.status : '',
    progress: typeof r.progress === 'number' ? r.progress : 0,
    prompt: typeof r.prompt === 'string' ? r.prompt : '',
    promptEn: typeof r.promptEn === 'string' ? r.promptEn : '',
    finalPrompt: typeof r.finalPrompt === 'string' ? r.finalPrompt : '',
    description: typeof r.description === 'string' ? r.description : '',
    imageUrl: typeof r.imageUrl === 'string' ? r.imageUrl : '',
    videoUrls: Array.isArray(r.videoUrls) ? r.videoUrls.filter((u): u is string => typeof u === 'string') : [],
    failReason: typeof r.failReason === 'string' ? r.failReason : '',
    buttons: Array.isArray(r.buttons) ? r.buttons.filter((b) => b && typeof b.customId === 'string') : [],
    submitTime: typeof r.submitTime === 'number' ? r.submitTime : null,
    startTime: typeof r.startTime === 'number' ? r.startTime : null,
    finishTime: typeof r.finishTime === 'number' ? r.finishTime : null,
    botType: typeof r.botType === 'string' ? r.botType : '',
    properties: typeof r.properties === 'object' && r.properties !== null ? r.properties : {},
    parentId: typeof r.parentId === 'string' ? r.parentId : undefined,
    originLabel: typeof r.originLabel === 'string' ? r.originLabel : undefined,
    originCustomId: typeof r.originCustomId === 'string' ? r.originCustomId : undefined,
    subject: typeof r.subject === 'string' ? r.subject : undefined,
    source: isTextSource(r.source) ? r.source : undefined,
    saved: Array.isArray(r.saved) ? r.saved.filter((f) => f && typeof f.uri === 'string').map((f) => ({ uri: f.uri, ...(typeof f.part === 'number' ? { part: f.part } : {}) })) : undefined,
    mode: typeof r.mode === 'string' ? r.mode : undefined,
    addedAt: typeof r.addedAt === 'number' ? r.addedAt : now,
    updatedAt: typeof r.updatedAt === 'number' ? r.updatedAt : now,
    lastChangeAt: typeof r.lastChangeAt === 'number' ? r.lastChangeAt : now,
    lastPolledAt: typeof r.lastPolledAt === 'number' ? r.lastPolledAt : undefined,
    stalled: r.stalled === true ? true : undefined,
    untracked: r.untracked === true ? true : undefined,
    modalSubmitted: r.modalSubmitted === true ? true : undefined,
    failureNoticed: r.failureNoticed === true ? true : undefined,
    localNote: typeof r.localNote === 'string' ? r.localNote : undefined,
  };
}

function isTextSource(value: unknown): value is TextSource {
  const v = value as Partial<TextSource> | undefined;
  return typeof v === 'object' && v !== null && typeof v.uri === 'string' && typeof v.text === 'string'
    && [v.startLine, v.startCharacter, v.endLine, v.endCharacter].every((n) => typeof n === 'number');
}

/** A gateway property bigger than this (serialised) is raw upstream data no view shows. */
export const MAX_PROPERTY_CHARS = 512;

const INLINE_IMAGE = /data:image\/[a-z0-9.+-]+;base64,[A-Za-z0-9+/=\s]+/gi;

/** Text with every inline base64 picture replaced by a short note (the picture itself lives in the image cache). */
export function withoutInlineImages(text: string): string {
  return text.replace(INLINE_IMAGE, 'data:… (picture kept in the AITRE image cache)');
}

/**
 * What a finished task keeps: everything the tree, the panel, re-run and export use (buttons
 * included), minus bulky raw gateway data: oversized `properties` entries, the copy of
 * `finalPrompt` inside them, and inline base64 pictures in the texts.
 */
export function slimFinished(task: TaskRecord): TaskRecord {
  if (!isTerminalStatus(task.status)) return task;
  let properties = task.properties;
  const keys = Object.keys(properties);
  const keep = keys.filter((k) => {
    if (k === 'finalPrompt' && properties[k] === task.finalPrompt) return false;
    const json = JSON.stringify(properties[k]);
    return json === undefined || json.length <= MAX_PROPERTY_CHARS;
  });
  if (keep.length !== keys.length) properties = Object.fromEntries(keep.map((k) => [k, task.properties[k]]));
  const finalPrompt = withoutInlineImages(task.finalPrompt);
  const promptEn = withoutInlineImages(task.promptEn);
  const description = withoutInlineImages(task.description);
  if (properties === task.properties && finalPrompt === task.finalPrompt && promptEn === task.promptEn && description === task.description) return task;
  return { ...task, properties, finalPrompt, promptEn, description };
}
