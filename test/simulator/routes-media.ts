// The 2025–2026 MidJourney routes (docs §3.10a): POST /mj/submit/video, /mj/submit/edits, /mj/submit/retexture
// (only when the `retexture` option is on: new-api does not relay it), /mj/submit/upload-discord-images, and the
// files they make: GET /mj/video/{id}-{n}.webm and GET /mj/attachments/{name} (no auth, like a CDN).
import { createHash } from 'node:crypto';
import { gridButtons, videoButtons } from './buttons';
import { asObject, text, type Handler, type SimCore } from './context';
import { parseImageDataUrl } from './data-url';
import { mjError } from './errors';
import { json, type Reply } from './reply';
import { acceptTask, bindFailed, FAIL_REASON, screenPrompt } from './submit';
import { createTask, phaseAt } from './tasks';
import { readScenario, stripSimFlags } from './text';
import type { SimTask, SimulatorState } from './types';
import { renderVideo, unplayableMp4 } from './video';

const BATCH_SIZES = [1, 2, 4];
const VIDEO_TYPES = ['vid_1.1_i2v_480', 'vid_1.1_i2v_720'];
const MAX_UPLOAD_BYTES = 10 * 1024 * 1024;

/** An image input: an http(s) URL or an image data URL. */
const isImageRef = (value: unknown): boolean => parseImageDataUrl(value) !== null || /^https?:\/\/\S+$/.test(text(value));

export interface NewVideo {
  prompt: string;
  motion: 'low' | 'high';
  batch: number;
  parent: SimTask | null;
  /** 0-based: which image (or video) of the parent. */
  index: number;
  extend: boolean;
}

/** Stores a VIDEO task (from the video route, or a video button on a gateway that runs them as actions). */
export function createVideoTask(core: SimCore, video: NewVideo, failReason: string | null = null, stall = false): SimTask {
  const promptEn = stripSimFlags(video.prompt);
  const task = createTask(core.state, {
    action: 'VIDEO',
    botType: video.parent?.botType ?? 'MID_JOURNEY',
    requestPrompt: video.prompt,
    promptEn,
    submitDescription: '',
    commandDescription: `/video ${video.extend ? 'extend ' : ''}--motion ${video.motion} ${promptEn}`.trim(),
    parentId: video.parent?.id ?? null,
    index: video.index,
    buttons: videoButtons(video.batch),
    failReason,
    stall,
  }, core.config.speed, core.now());
  task.image = { kind: 'poster', seed: `${task.id}:1` };
  task.videos = video.batch;
  task.motion = video.motion;
  return task;
}

export const video: Handler = (core, { body }) => {
  const input = asObject(body);
  if (!input) return bindFailed();
  const extend = input.action !== undefined && input.action !== '';
  if (extend && input.action !== 'extend') return mjError(4, 'action must be "extend" or absent');
  const motion = input.motion ?? 'low';
  if (motion !== 'low' && motion !== 'high') return mjError(4, 'motion must be "low" or "high"');
  const index = input.index ?? 0;
  if (!Number.isInteger(index) || (index as number) < 0 || (index as number) > 3) return mjError(4, 'index must be 0 to 3');
  const batch = input.batchSize ?? 1;
  if (!BATCH_SIZES.includes(batch as number)) return mjError(4, 'batchSize must be 1, 2 or 4');
  if (input.videoType !== undefined && !VIDEO_TYPES.includes(text(input.videoType))) return mjError(4, `videoType must be ${VIDEO_TYPES.join(' or ')}`);
  if (input.loop !== undefined && typeof input.loop !== 'boolean') return mjError(4, 'loop must be true or false');
  if (input.image !== undefined && input.image !== '' && !isImageRef(input.image)) return mjError(4, 'image must be an http(s) URL or an image data-URL');
  if (input.endImage !== undefined && input.endImage !== '' && !isImageRef(input.endImage)) return mjError(4, 'endImage must be an http(s) URL or an image data-URL');

  let parent: SimTask | null = null;
  if (text(input.taskId)) {
    parent = core.state.tasks[text(input.taskId)] ?? null;
    if (!parent) return mjError(4, 'task_not_found');
    if (phaseAt(parent, core.now()).status !== 'SUCCESS') return mjError(4, 'task_status_not_success');
    if (extend) {
      if (parent.action !== 'VIDEO') return mjError(4, 'extend needs the taskId of a video task');
      if ((index as number) >= (parent.videos ?? 0)) return mjError(4, `the video task has no video ${String(index)}`);
    } else {
      if (parent.action === 'VIDEO' || parent.image.kind === 'none') return mjError(4, 'the task has no image to animate');
      if (parent.image.kind !== 'grid' && index !== 0) return mjError(4, 'the task has one image: index must be 0');
    }
  } else if (extend) {
    return mjError(4, 'extend needs taskId');
  } else if (!text(input.image)) {
    return mjError(4, 'image or taskId is required');
  }

  const prompt = text(input.prompt).trim() || parent?.promptEn || '';
  const scenario = readScenario(prompt);
  const early = screenPrompt(scenario, stripSimFlags(prompt));
  if (early) return early;
  const task = createVideoTask(core, { prompt, motion, batch: batch as number, parent, index: index as number, extend },
    scenario.fail ? FAIL_REASON : null, scenario.stall);
  return acceptTask(core, task, { queued: scenario.queue });
};

/** POST /mj/submit/edits (task action EDIT) and, when enabled, /mj/submit/retexture (RETEXTURE): a new grid. */
function editLike(action: 'EDIT' | 'RETEXTURE'): Handler {
  return (core, { body }) => {
    const input = asObject(body);
    if (!input) return bindFailed();
    const prompt = text(input.prompt).trim();
    if (!prompt) return mjError(4, 'prompt_is_required');
    if (!isImageRef(input.image)) return mjError(4, 'image is required (an http(s) URL or an image data-URL)');
    const scenario = readScenario(prompt);
    const promptEn = stripSimFlags(prompt);
    const early = screenPrompt(scenario, promptEn);
    if (early) return early;
    const task = createTask(core.state, {
      action,
      requestPrompt: prompt,
      promptEn,
      submitDescription: '',
      commandDescription: `/${action.toLowerCase()} ${promptEn}`,
      state: text(input.state),
      buttons: gridButtons,
      failReason: scenario.fail ? FAIL_REASON : null,
      stall: scenario.stall,
    }, core.config.speed, core.now());
    return acceptTask(core, task, { queued: scenario.queue });
  };
}

export const edits = editLike('EDIT');
export const retexture = editLike('RETEXTURE');

interface Attachment { mime: string; bytes: Buffer }
// Per simulator state, like the generated files, so a restarted simulator still serves them.
const attachments = new WeakMap<SimulatorState, Map<string, Attachment>>();
function attachmentsOf(state: SimulatorState): Map<string, Attachment> {
  let map = attachments.get(state);
  if (!map) attachments.set(state, (map = new Map()));
  return map;
}

const EXTENSIONS: Record<string, string> = { 'image/png': 'png', 'image/jpeg': 'jpg', 'image/webp': 'webp', 'image/gif': 'gif' };

/** POST /mj/submit/upload-discord-images: `result` is an array of URLs (new-api's MidjourneyUploadResponse). */
export const uploadImages: Handler = (core, { body }) => {
  const list = asObject(body)?.base64Array;
  if (!Array.isArray(list) || list.length === 0) return mjError(4, 'base64Array is required');
  const images = list.map(parseImageDataUrl);
  if (images.some((image) => image === null)) return mjError(4, 'base64Array items must be image data-URLs (data:image/png;base64,...)');
  const urls: string[] = [];
  for (const image of images) {
    const bytes = Buffer.from(image!.base64, 'base64');
    if (bytes.length > MAX_UPLOAD_BYTES) return mjError(4, 'image too large (10 MB at most)');
    const name = `${createHash('sha256').update(bytes).digest('hex').slice(0, 24)}.${EXTENSIONS[image!.mime] ?? 'bin'}`;
    attachmentsOf(core.state).set(name, { mime: image!.mime, bytes });
    urls.push(`${core.url}/mj/attachments/${name}`);
  }
  return json(200, { code: 1, description: 'success', result: urls });
};

export const attachment: Handler = (core, { params }) => {
  const file = attachmentsOf(core.state).get(params.name ?? '');
  if (!file) return json(404, { error: 'attachment_not_found' });
  return { status: 200, headers: { 'content-type': file.mime, 'cache-control': 'public, max-age=86400' }, body: file.bytes };
};

/** GET /mj/video/{id}-{n}.webm (or .mp4, unplayable): the video of a finished VIDEO task, with byte ranges. */
export const videoFile: Handler = (core, { params, headers }) => {
  const match = /^(\d+)-(\d+)\.(webm|mp4)$/.exec(params.file ?? '');
  const task = match ? core.state.tasks[match[1]!] : undefined;
  const n = Number(match?.[2]);
  if (!task || task.action !== 'VIDEO' || !(n >= 1 && n <= (task.videos ?? 0))) return json(404, { error: 'video_not_found' });
  if (phaseAt(task, core.now()).status !== 'SUCCESS') return json(404, { error: 'video_not_ready' });
  if (match![3] === 'mp4') return byteRange(unplayableMp4(`${task.id}:${n}`), 'video/mp4', headers.range);
  return byteRange(renderVideo(`${task.id}:${n}`), 'video/webm', headers.range);
};

function byteRange(bytes: Buffer, contentType: string, range: string | undefined): Reply {
  const common = { 'content-type': contentType, 'accept-ranges': 'bytes', 'cache-control': 'public, max-age=86400' };
  const wanted = /^bytes=(\d*)-(\d*)$/.exec(range ?? '');
  if (!wanted || (!wanted[1] && !wanted[2])) return { status: 200, headers: common, body: bytes };
  const size = bytes.length;
  const start = wanted[1] ? Number(wanted[1]) : Math.max(0, size - Number(wanted[2]));
  const end = wanted[1] && wanted[2] ? Math.min(size - 1, Number(wanted[2])) : size - 1;
  if (start >= size || start > end) return { status: 416, headers: { ...common, 'content-range': `bytes */${size}` }, body: '' };
  return { status: 206, headers: { ...common, 'content-range': `bytes ${start}-${end}/${size}` }, body: bytes.subarray(start, end + 1) };
}
