// The OpenAI-format picture service: what Generate Image and Generate Image (Chat Model) call. It
// sends the request, records every picture as a finished task of its own kind ("openai-image": no
// MidJourney buttons, no seed, no polling), keeps the bytes in the host's image cache, and writes
// the tasks to disk before it answers. The commands only ask the questions and put the pictures
// into the workspace.
import type { Clock } from '../base/clock';
import { realClock } from '../base/clock';
import { silentLogger, type Logger } from '../base/log';
import { t } from '../base/l10n';
import { GatewayError } from '../gateway/errors';
import type { ResultImages } from '../tasks/result-images';
import { withoutInlineImages } from '../tasks/records';
import type { TaskStore } from '../tasks/store';
import { OPENAI_IMAGE_ACTIONS, type MjTask, type TaskRecord } from '../../shared/task';
import type { ImageThroughChatInput, OpenAiClient } from './client';
import type { EditImageInput } from './edits';
import type { GenerateImagesInput, GenerateImagesResult } from './images';

export const CHAT_IMAGE_ACTION = OPENAI_IMAGE_ACTIONS[0]!;
export const GENERATE_IMAGE_ACTION = OPENAI_IMAGE_ACTIONS[1]!;

/** One recorded picture: its task, and its bytes when they could be read (else why not). */
export type RecordedPicture =
  | { task: TaskRecord; bytes: Uint8Array; contentType: string; sourceUrl: string }
  | { task: TaskRecord; problem: GatewayError };

export interface RecordedPictures {
  pictures: RecordedPicture[];
  /** The chat reply held no picture: recorded as this failed task (its text kept), and `pictures` is empty. */
  failed?: TaskRecord;
  /** The chat reply was cut short after some pictures arrived (the sentence says how). */
  incomplete?: string;
}

export interface PictureServiceDeps {
  client: OpenAiClient;
  store: TaskStore;
  images: ResultImages;
  /** GatewayClient.fetchImage: a picture the gateway answered with a link. */
  fetchImage(url: string): Promise<{ bytes: Uint8Array; contentType: string }>;
  logger?: Logger;
  clock?: Clock;
}

/** A data: URL's bytes and type; undefined for anything else. */
export function decodeDataUrl(url: string): { bytes: Uint8Array; contentType: string } | undefined {
  const match = /^data:([^;,]*)((?:;[^;,]*)*?);base64,(.*)$/is.exec(url.trim());
  if (!match) return undefined;
  return { bytes: new Uint8Array(Buffer.from(match[3]!.replace(/\s+/g, ''), 'base64')), contentType: match[1] || 'image/png' };
}

export class PictureService {
  private readonly logger: Logger;
  private readonly clock: Clock;

  constructor(private readonly deps: PictureServiceDeps) {
    this.logger = deps.logger ?? silentLogger;
    this.clock = deps.clock ?? realClock;
  }

  /** POST /v1/images/generations; `chosen` (size, quality, …) is kept on the tasks as asked. */
  async generate(input: GenerateImagesInput, chosen: Record<string, string | undefined> = {}): Promise<RecordedPictures> {
    const started = this.clock.now();
    const result = await this.deps.client.generateImages(input);
    return { pictures: await this.recordImages('img', started, result, { model: input.model, ...definedOnly(chosen) }, input.prompt) };
  }

  private recordImages(prefix: string, started: number, result: GenerateImagesResult, properties: Record<string, string>, prompt: string, local: Partial<TaskRecord> = {}): Promise<RecordedPicture[]> {
    const id = this.newId(prefix, started);
    return this.record(result.images.map((image, i) => ({
      id: result.images.length > 1 ? `${id}-${i + 1}` : id,
      url: image.url ?? `data:${image.mimeType ?? 'image/png'};base64,${image.b64 ?? ''}`,
      fields: {
        action: GENERATE_IMAGE_ACTION, prompt: prompt.trim(), finalPrompt: image.revisedPrompt ?? '', imageUrl: image.url ?? '',
        botType: properties.model ?? '', submitTime: started, startTime: started, properties,
      },
      local,
    })));
  }

  /**
   * POST /v1/images/edits (gpt-image-1 with a mask): each picture a task like a generated one,
   * under the task it was made from when it came from a result (`parentId`).
   */
  async edit(input: EditImageInput, record: { properties?: Record<string, string>; originLabel?: string; parentId?: string } = {}): Promise<RecordedPictures> {
    const started = this.clock.now();
    const result = await this.deps.client.editImage(input);
    const local: Partial<TaskRecord> = { ...(record.originLabel && { originLabel: record.originLabel }), ...(record.parentId && { parentId: record.parentId }) };
    return { pictures: await this.recordImages('edit', started, result, { model: input.model, ...record.properties }, input.prompt, local) };
  }

  /**
   * Draws through the chat route (gpt-4o-image). A reply without a picture is recorded as a failed
   * task (its text kept) and returned as `failed`.
   */
  async drawWithChat(input: ImageThroughChatInput & { model: string; referenceLabel?: string }): Promise<RecordedPictures> {
    const started = this.clock.now();
    const result = await this.deps.client.imageThroughChat(input);
    const id = this.newId('chat', started);
    const { model, referenceLabel } = input;
    // The reply's inline base64 pictures go to the image cache, not into the task record.
    const fields: Partial<MjTask> = {
      action: CHAT_IMAGE_ACTION, prompt: input.prompt.trim(), finalPrompt: withoutInlineImages(result.text), botType: model, submitTime: started, startTime: started,
      properties: { model, ...(referenceLabel && { reference: referenceLabel.startsWith('data:') ? 'data URL' : referenceLabel }) },
    };
    if (result.images.length === 0) {
      const failed = this.deps.store.upsert(pictureTask({ ...fields, id, status: 'FAILURE', failReason: t('{0} answered without a picture.', model) }, started), { kind: 'openai-image' });
      await this.deps.store.saved(failed.id);
      return { pictures: [], failed };
    }
    const pictures = await this.record(result.images.map((url, i) => ({
      id: result.images.length > 1 ? `${id}-${i + 1}` : id,
      url,
      fields: { ...fields, imageUrl: /^https?:/i.test(url) ? url : '' },
      ...(result.incomplete && { localNote: `The reply was cut short: ${result.incomplete}` }),
    })));
    return { pictures, ...(result.incomplete && { incomplete: result.incomplete }) };
  }

  /** Each picture as a finished task, its bytes into the image cache; on disk before this returns. */
  private async record(items: Array<{ id: string; url: string; fields: Partial<MjTask>; localNote?: string; local?: Partial<TaskRecord> }>): Promise<RecordedPicture[]> {
    const pictures: RecordedPicture[] = [];
    for (const item of items) {
      const task = this.deps.store.upsert(pictureTask({ ...item.fields, id: item.id, status: 'SUCCESS' }, this.clock.now()), {
        ...item.local, kind: 'openai-image', ...(item.localNote && { localNote: item.localNote }),
      });
      try {
        const data = decodeDataUrl(item.url);
        const { bytes, contentType } = data ?? await this.deps.fetchImage(item.url);
        if (bytes.length === 0) throw new GatewayError({ kind: 'bad-response', message: t('The picture arrived empty.') });
        await this.deps.images.put(task.id, bytes, contentType);
        pictures.push({ task, bytes, contentType, sourceUrl: data ? '' : item.url });
      } catch (error) {
        const problem = error instanceof GatewayError ? error : new GatewayError({ kind: 'network', message: t('The picture could not be downloaded.'), detail: String(error) });
        this.logger.warn(`picture ${item.id}: ${problem.detail}`);
        pictures.push({ task, problem });
      }
    }
    // On disk before the command reports anything (a reload right now loses nothing).
    await Promise.all(pictures.map((p) => this.deps.store.saved(p.task.id)));
    return pictures;
  }

  /** `chat-1712345678901`, with a counter when two requests start in the same millisecond. */
  private newId(prefix: string, at: number): string {
    const taken = (id: string) => this.deps.store.has(id) || this.deps.store.has(`${id}-1`);
    let id = `${prefix}-${at}`;
    for (let i = 2; taken(id); i++) id = `${prefix}-${at}-${i}`;
    return id;
  }
}

function definedOnly(values: Record<string, string | undefined>): Record<string, string> {
  return Object.fromEntries(Object.entries(values).filter((entry): entry is [string, string] => entry[1] !== undefined));
}

/** A finished task record for a picture made outside MidJourney. */
function pictureTask(fields: Partial<MjTask> & { id: string; status: string }, now: number): MjTask {
  return {
    action: '', progress: 100, prompt: '', promptEn: '', finalPrompt: '', description: '', imageUrl: '', videoUrls: [], failReason: '', buttons: [],
    submitTime: now, startTime: now, finishTime: now, botType: '', properties: {},
    ...fields,
  };
}
