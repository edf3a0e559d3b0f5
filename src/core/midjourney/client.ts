// The MidJourney calls of the AITRE contract (the midjourney-proxy routes as new-api relays them).
import { cleanGatewayText, GatewayError } from '../gateway/errors';
import type { GatewayClient } from '../gateway/client';
import { checkUploadImages, editBody, uploadedUrls, videoBody, type EditRequest, type VideoRequest } from './media';
import { normaliseId, normaliseTask } from './normalise';
import type { MjTask } from '../../shared/task';
import type { BotType } from '../gateway/config';
import { t } from '../base/l10n';

export type BlendDimensions = 'PORTRAIT' | 'SQUARE' | 'LANDSCAPE';

/** A submit the gateway accepted (codes 1, 21, 22). */
export interface SubmitOutcome {
  taskId: string;
  code: number;
  /** Code 21 "Waiting for window confirm": the new task is MODAL and needs /mj/submit/modal. */
  needsModal: boolean;
  /** Code 21 in the open-source sense: the task already existed (e.g. the same U button twice). */
  alreadyExists: boolean;
  /** Code 22: accepted and queued behind this many tasks. */
  queuePosition?: number;
  /** `properties.finalPrompt` of a code-21 answer: the prompt the modal step starts from. */
  finalPrompt: string;
  description: string;
}

export interface CallOptions {
  /** Mode prefix (default/fast/relax/turbo) for this call; defaults to the client's setting. */
  mode?: string;
  signal?: AbortSignal;
  /** A poll nobody waits for: the gateway client never asks the person anything for it. */
  background?: boolean;
}

export interface ImagineInput extends CallOptions { prompt: string; botType?: BotType; base64Array?: string[] }
export interface BlendInput extends CallOptions { base64Array: string[]; dimensions?: BlendDimensions; botType?: BotType }
export interface DescribeInput extends CallOptions { base64?: string; link?: string; botType?: BotType }
export interface ShortenInput extends CallOptions { prompt: string; botType?: BotType }
export interface ActionInput extends CallOptions { customId: string; taskId: string }
export interface ModalInput extends CallOptions { taskId: string; prompt?: string; maskBase64?: string }
export interface SwapFaceInput extends CallOptions { sourceBase64: string; targetBase64: string }
export interface VideoInput extends CallOptions, VideoRequest {}
export interface EditInput extends CallOptions, EditRequest {}

export interface MidjourneyDefaults {
  mode: () => string | undefined;
  botType: () => BotType;
  /** Wraps every submit while it is in flight (the host shows progress until the gateway answered). */
  inFlight?: SubmitInFlight;
}

/** What a submit in flight is: its label ("imagine", "blend"…) and how many images it uploads. */
export interface SubmitInfo { label: string; images: number }
export type SubmitInFlight = <T>(info: SubmitInfo, work: () => Promise<T>) => Promise<T>;

const DATA_URL = /^data:image\/[a-z0-9.+-]+;base64,[A-Za-z0-9+/=\s]+$/i;

export class MidjourneyClient {
  constructor(private readonly gateway: GatewayClient, private readonly defaults: MidjourneyDefaults) {}

  async imagine(input: ImagineInput): Promise<SubmitOutcome> {
    const prompt = requirePrompt(input.prompt);
    const images = input.base64Array ?? [];
    images.forEach((image, i) => requireDataUrl(image, t('Reference image {0}', i + 1)));
    return this.submit('submit/imagine', 'imagine', {
      botType: input.botType ?? this.defaults.botType(),
      prompt,
      ...(images.length ? { base64Array: images } : {}),
    }, input);
  }

  async blend(input: BlendInput): Promise<SubmitOutcome> {
    const n = input.base64Array.length;
    if (n < 2 || n > 5) {
      throw new GatewayError({ kind: 'validation', message: t('Blend needs 2 to 5 images; {0} {1} given.', n, n === 1 ? 'was' : 'were') });
    }
    input.base64Array.forEach((image, i) => requireDataUrl(image, t('Image {0}', i + 1)));
    return this.submit('submit/blend', 'blend', {
      botType: input.botType ?? this.defaults.botType(),
      base64Array: input.base64Array,
      dimensions: input.dimensions ?? 'SQUARE',
    }, input);
  }

  async describe(input: DescribeInput): Promise<SubmitOutcome> {
    if (input.base64) requireDataUrl(input.base64, t('The image'));
    else if (!input.link || !/^https?:\/\//i.test(input.link)) {
      throw new GatewayError({ kind: 'validation', message: t('Describe needs an image file or an http(s) image link.') });
    }
    return this.submit('submit/describe', 'describe', {
      botType: input.botType ?? this.defaults.botType(),
      ...(input.base64 ? { base64: input.base64 } : { link: input.link }),
    }, input);
  }

  async shorten(input: ShortenInput): Promise<SubmitOutcome> {
    return this.submit('submit/shorten', 'shorten', {
      botType: input.botType ?? this.defaults.botType(),
      prompt: requirePrompt(input.prompt),
    }, input);
  }

  /** Presses a button: `customId` exactly as the parent task returned it, `taskId` = that parent. */
  async action(input: ActionInput): Promise<SubmitOutcome> {
    if (!input.customId || !input.taskId) {
      throw new GatewayError({ kind: 'validation', message: t('A button press needs the button and the task it belongs to.') });
    }
    return this.submit('submit/action', 'action', { customId: input.customId, taskId: input.taskId }, input);
  }

  /** Answers a MODAL task (Custom Zoom, Vary (Region), remix, describe/shorten → imagine). */
  async modal(input: ModalInput): Promise<SubmitOutcome> {
    if (!input.taskId) throw new GatewayError({ kind: 'validation', message: t('The modal step needs the waiting task.') });
    if (input.maskBase64 !== undefined && input.maskBase64 !== '') requireDataUrl(input.maskBase64, t('The mask'));
    return this.submit('submit/modal', 'modal', {
      taskId: input.taskId,
      ...(input.prompt !== undefined ? { prompt: input.prompt } : {}),
      ...(input.maskBase64 ? { maskBase64: input.maskBase64 } : {}),
    }, input);
  }

  async swapFace(input: SwapFaceInput): Promise<SubmitOutcome> {
    requireDataUrl(input.sourceBase64, t('The source face'));
    requireDataUrl(input.targetBase64, t('The target image'));
    return this.submit('insight-face/swap', 'face swap', { sourceBase64: input.sourceBase64, targetBase64: input.targetBase64 }, input);
  }

  /** POST /mj/submit/video: animate an image or an image task, or extend a video (see VideoRequest). */
  async video(input: VideoInput): Promise<SubmitOutcome> {
    return this.optionalRoute('video', t('MidJourney video'), this.submit('submit/video', 'video', videoBody(input), input));
  }

  /** POST /mj/submit/edits: a new picture from `image` changed as `prompt` says (task action EDIT). */
  async edits(input: EditInput): Promise<SubmitOutcome> {
    return this.optionalRoute('edits', t('MidJourney image edits'), this.submit('submit/edits', 'edit', editBody(input, 'an edit'), input));
  }

  /**
   * POST /mj/submit/retexture (same body as edits). new-api does not relay it: such a gateway answers 404, which
   * comes back as a `route-missing` GatewayError saying the gateway does not offer retexture.
   */
  async retexture(input: EditInput): Promise<SubmitOutcome> {
    return this.optionalRoute('retexture', 'Retexture', this.submit('submit/retexture', 'retexture', editBody(input, 'retexture'), input));
  }

  /**
   * POST /mj/submit/upload-discord-images: the images (data URLs, 10 MB each at most) become URLs MidJourney can
   * read, to put after --oref / --sref / --cref. One URL per image, in order.
   */
  async uploadImages(base64Array: readonly string[], options: CallOptions = {}): Promise<string[]> {
    checkUploadImages(base64Array);
    const { data } = await this.optionalRoute('upload', 'image uploads', this.gateway.requestJson({
      method: 'POST', url: this.gateway.mjUrl('submit/upload-discord-images', options.mode ?? this.defaults.mode()),
      kind: 'upload', label: 'image upload', json: { base64Array }, signal: options.signal,
    }));
    const code = (data as { code?: unknown } | null)?.code;
    if (code !== 1 && code !== '1') interpretSubmitResult('image upload', data); // throws for every refusal code
    const urls = uploadedUrls(data, base64Array.length);
    if (!urls) {
      throw new GatewayError({ kind: 'bad-response', mayHaveReachedGateway: true, message: t('The gateway accepted the upload but sent no usable image links. Try again.'), detail: `upload: ${JSON.stringify(data).slice(0, 300)}` });
    }
    return urls;
  }

  /** The configured gateway's origin (what per-gateway memories are keyed by), or undefined while unset. */
  gatewayOrigin(): string | undefined {
    try {
      return new URL(this.gateway.root()).origin;
    } catch {
      return undefined;
    }
  }

  async fetch(taskId: string, options: CallOptions = {}): Promise<MjTask> {
    const id = taskId.trim();
    if (!/^[\w-]{1,64}$/.test(id)) {
      throw new GatewayError({ kind: 'validation', message: t('"{0}" is not a task id. Task ids look like 1712345678901234.', cleanGatewayText(taskId, 40)) });
    }
    try {
      const { data } = await this.gateway.requestJson({
        method: 'GET', url: this.gateway.mjUrl(`task/${encodeURIComponent(id)}/fetch`), kind: 'read', label: 'fetch task', signal: options.signal, background: options.background,
      });
      const task = normaliseTask(data);
      if (!task.id) throw new GatewayError({ kind: 'not-found', message: t('The gateway has no task {0}.', id), detail: `fetch ${id}: empty body ${JSON.stringify(data)}` });
      return task;
    } catch (error) {
      if (error instanceof GatewayError && error.kind === 'not-found') {
        throw new GatewayError({ kind: 'not-found', status: error.status, code: error.code, detail: error.detail, message: t('The gateway has no task {0}. Check the id, and that it was created with this key.', id) });
      }
      throw error;
    }
  }

  /** Many tasks in one request. Unknown ids are silently dropped by the gateway. */
  async listByCondition(ids: readonly string[], options: CallOptions = {}): Promise<MjTask[]> {
    if (ids.length === 0) return [];
    const { data } = await this.gateway.requestJson({
      method: 'POST', url: this.gateway.mjUrl('task/list-by-condition'), kind: 'read', label: 'list tasks', json: { ids }, signal: options.signal, background: options.background,
    });
    if (!Array.isArray(data)) {
      throw new GatewayError({ kind: 'bad-response', message: t('The gateway sent an unexpected task list.'), detail: `list-by-condition: ${JSON.stringify(data).slice(0, 200)}`, mayHaveReachedGateway: true });
    }
    return data.map(normaliseTask).filter((t) => t.id !== '');
  }

  async imageSeed(taskId: string, options: CallOptions = {}): Promise<string> {
    const { data } = await this.gateway.requestJson({
      method: 'GET', url: this.gateway.mjUrl(`task/${encodeURIComponent(taskId)}/image-seed`), kind: 'read', label: 'image seed', signal: options.signal,
    });
    const body = (typeof data === 'object' && data !== null ? data : {}) as Record<string, unknown>;
    const seed = normaliseId(body.result);
    if (body.code !== 1 || !seed) {
      throw new GatewayError({ kind: 'validation', code: typeof body.code === 'number' ? body.code : undefined, message: t('The gateway has no seed for this task{0}.', body.description ? `: ${cleanGatewayText(body.description)}` : '') });
    }
    return seed;
  }

  /** A route newer gateways have and older ones answer 404 for: say which feature is missing, not "check the URL". */
  private async optionalRoute<T>(route: string, feature: string, call: Promise<T>): Promise<T> {
    try {
      return await call;
    } catch (error) {
      if (!(error instanceof GatewayError && error.kind === 'route-missing')) throw error;
      throw new GatewayError({
        kind: 'route-missing', status: error.status, detail: `${route}: ${error.detail}`,
        message: t('This gateway does not offer {0} (it answered 404). Nothing was charged.', feature),
      });
    }
  }

  private async submit(path: string, label: string, json: Record<string, unknown>, options: CallOptions): Promise<SubmitOutcome> {
    const mode = options.mode ?? this.defaults.mode();
    const send = () => this.gateway.requestJson({
      method: 'POST', url: this.gateway.mjUrl(path, mode), kind: 'submit', label, json, signal: options.signal,
    });
    const { data } = this.defaults.inFlight ? await this.defaults.inFlight({ label, images: imagesIn(json) }, send) : await send();
    return interpretSubmitResult(label, data);
  }
}

/** Turns a submit result body into an outcome, or a GatewayError for codes that mean "not accepted". */
export function interpretSubmitResult(label: string, data: unknown): SubmitOutcome {
  const body = (typeof data === 'object' && data !== null ? data : {}) as Record<string, unknown>;
  const code = typeof body.code === 'number' ? body.code : Number(body.code);
  const description = cleanGatewayText(body.description);
  const properties = (typeof body.properties === 'object' && body.properties !== null ? body.properties : {}) as Record<string, unknown>;
  const taskId = normaliseId(body.result);
  // For the log: the gateway's own words as text (its description may be Chinese), not the JSON.
  const detail = `${label}: code ${Number.isFinite(code) ? code : String(body.code)}${description ? ` · ${description}` : ''}${typeof properties.bannedWord === 'string' ? ` · banned word "${properties.bannedWord}"` : ''}${taskId ? ` · task ${taskId}` : ''}`;
  const finalPrompt = typeof properties.finalPrompt === 'string' ? properties.finalPrompt : '';

  if (code === 1 || code === 21 || code === 22) {
    if (!taskId) {
      throw new GatewayError({ kind: 'bad-response', code, detail, message: t('The gateway accepted the {0} but sent no task id. Check the task list before trying again.', label), mayHaveReachedGateway: true });
    }
    const alreadyExists = code === 21 && typeof properties.status === 'string' && properties.status !== 'MODAL';
    const queue = Number(properties.numberOfQueues);
    return {
      taskId,
      code,
      needsModal: code === 21 && !alreadyExists,
      alreadyExists,
      queuePosition: code === 22 && Number.isFinite(queue) ? queue : undefined,
      finalPrompt,
      description,
    };
  }
  switch (code) {
    case 23:
      throw new GatewayError({ kind: 'queue-full', code, detail, message: t('The MidJourney queue is full. Nothing was submitted; try again in a few minutes.') });
    case 24: {
      const word = typeof properties.bannedWord === 'string' ? properties.bannedWord : '';
      throw new GatewayError({ kind: 'banned-word', code, detail, bannedWord: word || undefined, message: word ? t('Banned word "{0}": MidJourney refused the prompt. Rephrase it and try again.', word) : t('MidJourney refused the prompt because of a banned word. Rephrase it and try again.') });
    }
    case 3:
      throw new GatewayError({ kind: 'upstream', code, detail, message: t('The gateway could not find what this {0} needs (no matching task or no MidJourney account available){1}.', label, description ? `: ${description}` : '') });
    case 4:
      throw new GatewayError({ kind: 'validation', code, detail, message: t('The gateway refused the {0}{1}.', label, description ? `: ${description}` : '') });
    case 5:
    case 9:
      throw new GatewayError({ kind: 'upstream', code, detail, message: t('The gateway failed to submit the {0} (code {1}){2}. Nothing was charged; try again later.', label, code, description ? `: ${description}` : '') });
    case 30:
      throw new GatewayError({ kind: 'rate-limited', code, detail, message: t('The gateway is rate-limiting MidJourney requests. Wait a moment, then try again.') });
    default:
      throw new GatewayError({ kind: 'upstream', code: Number.isFinite(code) ? code : undefined, detail, message: t('The gateway did not accept the {0}{1}.', label, description ? `: ${description}` : '') });
  }
}

/** Images a submit body carries (base64Array, base64, the face swap pair, a mask). */
function imagesIn(json: Record<string, unknown>): number {
  const list = Array.isArray(json.base64Array) ? json.base64Array.length : 0;
  return list + ['base64', 'sourceBase64', 'targetBase64', 'maskBase64'].filter((k) => typeof json[k] === 'string' && json[k] !== '').length;
}

function requirePrompt(prompt: string): string {
  const trimmed = (prompt ?? '').trim();
  if (!trimmed) throw new GatewayError({ kind: 'validation', message: t('The prompt is empty. Select or type a prompt first.') });
  return trimmed;
}

function requireDataUrl(value: string, what: string): void {
  if (!DATA_URL.test(value)) {
    throw new GatewayError({ kind: 'validation', message: t('{0} is not an image data URL (data:image/...;base64,...).', what) });
  }
}
