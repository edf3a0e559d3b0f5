// Normalisation of gateway task objects: whatever a new-api / midjourney-proxy gateway prints,
// the rest of the extension sees one MjTask shape.
import type { MjTask, TaskButton } from '../../shared/task';

type Json = Record<string, unknown>;

const asRecord = (value: unknown): Json => (typeof value === 'object' && value !== null && !Array.isArray(value) ? value as Json : {});
const asString = (value: unknown): string => (typeof value === 'string' ? value : typeof value === 'number' ? String(value) : '');

/** Task ids are strings; gateways print them as numbers too (`"result": 1320098173412546`). */
export function normaliseId(value: unknown): string {
  if (typeof value === 'string') return value.trim();
  if (typeof value === 'number' && Number.isFinite(value)) return BigInt(Math.trunc(value)).toString();
  if (typeof value === 'bigint') return value.toString();
  return '';
}

/** `"46%"` → 46; `""`, missing or junk → 0; clamps to 0..100. */
export function parseProgress(value: unknown): number {
  const n = typeof value === 'number' ? value : Number.parseFloat(asString(value));
  if (!Number.isFinite(n)) return 0;
  return Math.min(100, Math.max(0, Math.round(n)));
}

/** Epoch ms, or null for 0 / missing. */
function parseTime(value: unknown): number | null {
  const n = typeof value === 'number' ? value : Number(asString(value));
  return Number.isFinite(n) && n > 0 ? n : null;
}

function parseButtons(value: unknown): TaskButton[] {
  if (!Array.isArray(value)) return [];
  return value
    .map(asRecord)
    .filter((b) => asString(b.customId) !== '')
    .map((b) => ({
      customId: asString(b.customId),
      emoji: asString(b.emoji),
      label: asString(b.label),
      style: typeof b.style === 'number' ? b.style : 0,
      type: typeof b.type === 'number' ? b.type : 0,
    }));
}

/** `videoUrl` and `videoUrls` (`[{url}]` on new-api, plain strings on some relays), first one first, no repeats. */
function parseVideoUrls(single: unknown, list: unknown): string[] {
  const urls = [asString(single), ...(Array.isArray(list) ? list.map((item) => asString(typeof item === 'string' ? item : asRecord(item).url)) : [])];
  return [...new Set(urls.map((url) => url.trim()).filter(Boolean))];
}

export function normaliseTask(raw: unknown): MjTask {
  const t = asRecord(raw);
  const properties = asRecord(t.properties);
  return {
    id: normaliseId(t.id),
    action: asString(t.action).toUpperCase(),
    // Kept as printed: "" is new-api before its first sync; unknown values stay visible.
    status: asString(t.status).toUpperCase(),
    progress: parseProgress(t.progress),
    prompt: asString(t.prompt),
    promptEn: asString(t.promptEn),
    finalPrompt: asString(properties.finalPrompt),
    description: asString(t.description),
    // A video task's poster may come as thumbnailUrl only.
    imageUrl: asString(t.imageUrl) || asString(t.thumbnailUrl),
    videoUrls: parseVideoUrls(t.videoUrl, t.videoUrls),
    failReason: asString(t.failReason),
    buttons: parseButtons(t.buttons),
    submitTime: parseTime(t.submitTime),
    startTime: parseTime(t.startTime),
    finishTime: parseTime(t.finishTime),
    botType: asString(t.botType),
    properties,
  };
}

/** True when two snapshots differ in anything a user can see. */
export function taskChanged(before: MjTask, after: MjTask): boolean {
  return before.status !== after.status
    || before.progress !== after.progress
    || stripRand(before.imageUrl) !== stripRand(after.imageUrl)
    || before.videoUrls.join(' ') !== after.videoUrls.join(' ')
    || before.failReason !== after.failReason
    || before.finalPrompt !== after.finalPrompt
    || before.promptEn !== after.promptEn
    || before.buttons.length !== after.buttons.length
    || before.finishTime !== after.finishTime;
}

/** new-api adds `?rand=<ns>` to preview URLs on every fetch; that alone is not a change. */
function stripRand(url: string): string {
  return url.replace(/([?&])rand=[^&]*&?/, '$1').replace(/[?&]$/, '');
}
