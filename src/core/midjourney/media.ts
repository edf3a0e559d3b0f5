// Inputs of the 2025–2026 MidJourney routes (docs §3.10a): video, edits / retexture and reference uploads.
// Each is checked here, before anything is sent, and turned into the body the gateway wants.
import { GatewayError } from '../gateway/errors';
import { MAX_IMAGE_BYTES } from '../files/images';
import { t } from '../base/l10n';

export type VideoMotion = 'low' | 'high';
export type VideoBatchSize = 1 | 2 | 4;
export type VideoType = 'vid_1.1_i2v_480' | 'vid_1.1_i2v_720';

export const VIDEO_MOTIONS: readonly VideoMotion[] = ['low', 'high'];
export const VIDEO_BATCH_SIZES: readonly VideoBatchSize[] = [1, 2, 4];
export const VIDEO_TYPES: readonly VideoType[] = ['vid_1.1_i2v_480', 'vid_1.1_i2v_720'];
/** Most images one upload request takes. */
export const MAX_UPLOAD_IMAGES = 10;

/**
 * POST /mj/submit/video. Either `image` (a first frame: http(s) or image data URL) or `taskId` (a finished image
 * task, with `index` 0–3 choosing the picture of a grid); `action: 'extend'` with a VIDEO task's `taskId` and the
 * `index` of its video extends that video.
 */
export interface VideoRequest {
  prompt?: string;
  /** Default 'low'. */
  motion?: VideoMotion;
  image?: string;
  /** Last frame (image-to-video only); not together with `loop`. */
  endImage?: string;
  /** End on the first frame. */
  loop?: boolean;
  action?: 'extend';
  /** 0–3. */
  index?: number;
  taskId?: string;
  videoType?: VideoType;
  /** Videos per job; the gateway's default when absent. */
  batchSize?: VideoBatchSize;
}

/** POST /mj/submit/edits and /mj/submit/retexture: a prompt and the image to change (http(s) or data URL). */
export interface EditRequest {
  prompt: string;
  image: string;
}

const refuse = (message: string): never => {
  throw new GatewayError({ kind: 'validation', message });
};

const DATA_URL = /^data:image\/[a-z0-9.+-]+;base64,([A-Za-z0-9+/=\s]+)$/i;

/** An image the gateway can fetch or read: an http(s) URL or an image data URL. */
export function isImageReference(value: string): boolean {
  return DATA_URL.test(value) || /^https?:\/\/\S+$/i.test(value.trim());
}

function requireImageReference(value: string, what: string): string {
  const trimmed = value.trim();
  if (!isImageReference(trimmed)) refuse(t('{0} must be an image file or an http(s) image link.', what));
  return trimmed;
}

/** The JSON body for /mj/submit/video, or a plain refusal. */
export function videoBody(input: VideoRequest): Record<string, unknown> {
  const motion = input.motion ?? 'low';
  if (!VIDEO_MOTIONS.includes(motion)) refuse(t('Motion must be "low" or "high", not "{0}".', String(motion)));
  if (input.index !== undefined && !(Number.isInteger(input.index) && input.index >= 0 && input.index <= 3)) {
    refuse(t('The picture number must be 1 to 4.'));
  }
  if (input.batchSize !== undefined && !VIDEO_BATCH_SIZES.includes(input.batchSize)) refuse(t('A video job makes 1, 2 or 4 videos.'));
  if (input.videoType !== undefined && !VIDEO_TYPES.includes(input.videoType)) refuse(t('The video type must be {0}.', VIDEO_TYPES.join(' or ')));
  const taskId = input.taskId?.trim() ?? '';
  const image = input.image ? requireImageReference(input.image, t('The first frame')) : '';
  const endImage = input.endImage ? requireImageReference(input.endImage, t('The last frame')) : '';
  if (input.action === 'extend' && !taskId) refuse(t('Extending needs the video task to extend.'));
  if (!taskId && !image) refuse(t('A video needs a first frame: an image, or a finished image task.'));
  if (taskId && image) refuse(t('Give either an image or a task to animate, not both.'));
  if (endImage && input.loop) refuse(t('A looping video ends on its first frame: choose a loop or a last frame, not both.'));
  if (endImage && !image) refuse(t('A last frame goes with a first frame image.'));
  const body: Record<string, unknown> = { motion };
  const prompt = input.prompt?.trim();
  if (prompt) body.prompt = prompt;
  if (image) body.image = image;
  if (endImage) body.endImage = endImage;
  if (input.loop) body.loop = true;
  if (input.action === 'extend') body.action = 'extend';
  if (taskId) body.taskId = taskId;
  if (input.index !== undefined) body.index = input.index;
  if (input.videoType) body.videoType = input.videoType;
  if (input.batchSize) body.batchSize = input.batchSize;
  return body;
}

/** The JSON body for /mj/submit/edits or /mj/submit/retexture. */
export function editBody(input: EditRequest, what: string): Record<string, unknown> {
  const prompt = (input.prompt ?? '').trim();
  if (!prompt) refuse(t('Describe the change: {0} needs a prompt.', what));
  return { prompt, image: requireImageReference(input.image ?? '', t('The image')) };
}

/** Checks the data URLs for /mj/submit/upload-discord-images (type, size, count). */
export function checkUploadImages(base64Array: readonly string[]): void {
  if (base64Array.length === 0) refuse(t('Choose at least one image to upload.'));
  if (base64Array.length > MAX_UPLOAD_IMAGES) refuse(t('At most {0} images go in one upload; {1} were given.', MAX_UPLOAD_IMAGES, base64Array.length));
  base64Array.forEach((value, i) => {
    const match = DATA_URL.exec(value);
    if (!match) refuse(t('Image {0} is not an image data URL (data:image/...;base64,...).', i + 1));
    // Four base64 characters carry three bytes.
    const bytes = Math.floor((match![1]!.replace(/[\s=]/g, '').length * 3) / 4);
    if (bytes === 0) refuse(t('Image {0} is empty.', i + 1));
    if (bytes > MAX_IMAGE_BYTES) refuse(t('Image {0} is {1} MB; the gateway takes images up to {2} MB.', i + 1, (bytes / 1024 / 1024).toFixed(1), MAX_IMAGE_BYTES / 1024 / 1024));
  });
}

/** Reads an upload answer: `result` is an array of URLs, one per image sent. */
export function uploadedUrls(data: unknown, expected: number): string[] | undefined {
  const result = (typeof data === 'object' && data !== null ? (data as { result?: unknown }).result : undefined);
  if (!Array.isArray(result) || result.length !== expected) return undefined;
  const urls = result.map((url) => (typeof url === 'string' ? url.trim() : ''));
  return urls.every((url) => /^https?:\/\/\S+$/i.test(url)) ? urls : undefined;
}
