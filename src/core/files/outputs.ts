// Results that live in the workspace: file names, sidecar records, and the text inserted into a
// document. Pure functions; the host does the file system work.
import type { TaskRecord } from '../../shared/task';
import { sniffImageMime } from './images';

export const DEFAULT_OUTPUT_FOLDER = 'assets/aitre';

/** A slug for file names: lower-case words of the prompt, without MidJourney flags, at most `max` chars. */
export function slugify(text: string, max = 40): string {
  const words = text
    .replace(/--\w+(\s+[^\s-][^\s]*)?/g, ' ') // drop --ar 3:2, --v 6 ...
    .normalize('NFKD').replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim()
    .split(/\s+/)
    .filter(Boolean);
  let slug = '';
  for (const word of words) {
    const next = slug ? `${slug}-${word}` : word;
    if (next.length > max) break;
    slug = next;
  }
  return slug || 'image';
}

/** File extension from the bytes (the URL or Content-Type may lie). */
export function imageExtension(bytes: Uint8Array, contentType = ''): string {
  const mime = sniffImageMime(bytes) ?? contentType.split(';')[0]?.trim();
  switch (mime) {
    case 'image/jpeg': return 'jpg';
    case 'image/webp': return 'webp';
    case 'image/gif': return 'gif';
    default: return 'png';
  }
}

/** What a file name says the picture is: one short word per kind of task. */
const FILE_KINDS: Record<string, string> = {
  IMAGINE: 'imagine', UPSCALE: 'upscale', VARIATION: 'vary', LOW_VARIATION: 'vary', HIGH_VARIATION: 'vary', REROLL: 'reroll',
  ZOOM: 'zoom', CUSTOM_ZOOM: 'zoom', PAN: 'pan', INPAINT: 'region', BLEND: 'blend', SWAP_FACE: 'faceswap',
  VIDEO: 'video', EDIT: 'edit', RETEXTURE: 'retexture', GENERATE_IMAGE: 'image', CHAT_IMAGE: 'chat',
};

/** Characters of the task id a file name keeps (the panel's title shows the same ones). */
export const SHORT_ID_CHARS = 6;

/**
 * `2026-11-28-imagine-345678-a-red-fox[-2].png`: short, sortable, readable; the last digits of the
 * task id tell two tasks apart (the sidecar .json keeps the whole id, and names never overwrite).
 */
export function outputFileName(task: Pick<TaskRecord, 'id' | 'action' | 'prompt' | 'promptEn' | 'subject' | 'submitTime' | 'addedAt'>, ext: string, part?: number): string {
  const date = new Date(task.submitTime ?? task.addedAt);
  const day = `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, '0')}-${String(date.getDate()).padStart(2, '0')}`;
  const kind = FILE_KINDS[task.action] ?? (task.action.toLowerCase().replace(/_/g, '-') || 'task');
  const shortId = task.id.replace(/[^A-Za-z0-9]/g, '').slice(-SHORT_ID_CHARS) || 'task';
  const slug = slugify(task.prompt || task.promptEn || task.subject || '', 24);
  return `${day}-${kind}-${shortId}-${slug}${part ? `-${part}` : ''}.${ext}`;
}

/** The first name not taken: `name.png`, then `name (2).png`, ... Never overwrites. */
export function uniqueFileName(name: string, taken: (candidate: string) => boolean): string {
  if (!taken(name)) return name;
  const dot = name.lastIndexOf('.');
  const stem = dot > 0 ? name.slice(0, dot) : name;
  const ext = dot > 0 ? name.slice(dot) : '';
  for (let i = 2; i < 10_000; i++) {
    const candidate = `${stem} (${i})${ext}`;
    if (!taken(candidate)) return candidate;
  }
  throw new Error('too many files with the same name');
}

export interface Sidecar {
  file: string;
  taskId: string;
  parentId?: string;
  action: string;
  prompt: string;
  finalPrompt: string;
  model: string;
  /** Which image of a grid, when split locally (1 = top left). */
  part?: number;
  sourceUrl: string;
  savedAt: string;
}

export function sidecarFor(task: TaskRecord, file: string, sourceUrl: string, part?: number, now = new Date()): Sidecar {
  return {
    file,
    taskId: task.id,
    ...(task.parentId ? { parentId: task.parentId } : {}),
    action: task.action,
    prompt: task.prompt || task.promptEn,
    finalPrompt: task.finalPrompt,
    model: task.botType || 'midjourney',
    ...(part ? { part } : {}),
    sourceUrl,
    savedAt: now.toISOString(),
  };
}

/** A path from one file to another, with forward slashes (what Markdown wants on every OS). */
export function relativePath(fromFile: string, toFile: string): string {
  const from = fromFile.replace(/\\/g, '/').split('/').slice(0, -1);
  const to = toFile.replace(/\\/g, '/').split('/');
  let i = 0;
  while (i < from.length && i < to.length - 1 && from[i] === to[i]) i++;
  const up = from.slice(i).map(() => '..');
  const rest = to.slice(i);
  const joined = [...up, ...rest].join('/');
  return up.length ? joined : `./${joined}`.replace(/^\.\/(?=[^.])/, '');
}

/** Markdown image text: alt from the prompt (brackets escaped), the path with spaces encoded. */
export function markdownImage(alt: string, path: string): string {
  const cleanAlt = alt.replace(/--\w+(\s+[^\s-][^\s]*)?/g, '').replace(/\s+/g, ' ').trim().replace(/([[\]\\])/g, '\\$1').slice(0, 120);
  const target = path.includes(' ') || path.includes('(') || path.includes(')') ? `<${path}>` : path;
  return `![${cleanAlt || 'image'}](${target})`;
}
