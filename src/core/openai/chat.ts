// Chat answers: the request shape, reading a chat.completion (JSON) or a stream of chat.completion.chunk events,
// and the images a reply carries (Markdown links in the text, or non-standard image fields some relays add).
import { GatewayError } from '../gateway/errors';
import { cutOffError, streamErrorOf, withKeptNote } from './errors';
import { readSse, SseIdleError } from './sse';
import { t } from '../base/l10n';

export type ChatRole = 'system' | 'developer' | 'user' | 'assistant';
export type ChatContentPart = { type: 'text'; text: string } | { type: 'image_url'; image_url: { url: string } };

export interface ChatMessage {
  role: ChatRole;
  content: string | ChatContentPart[];
}

export interface ChatInput {
  model: string;
  messages: ChatMessage[];
  temperature?: number;
  maxTokens?: number;
  signal?: AbortSignal;
}

export interface TokenUsage {
  promptTokens: number;
  completionTokens: number;
  totalTokens: number;
}

export interface ChatResult {
  text: string;
  /** 'stop', 'length' (hit the token limit), 'content_filter', …; null when the answer did not finish. */
  finishReason: string | null;
  model: string;
  usage?: TokenUsage;
  /** Pictures sent outside the text (non-standard `image` / `images` fields), as URLs or data: URLs. */
  attachedImages: string[];
}

const asRecord = (value: unknown): Record<string, unknown> | undefined =>
  typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;

export function usageOf(value: unknown): TokenUsage | undefined {
  const usage = asRecord(value);
  if (!usage) return undefined;
  const n = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) ? v : 0);
  return { promptTokens: n(usage.prompt_tokens), completionTokens: n(usage.completion_tokens), totalTokens: n(usage.total_tokens) };
}

/** Message content as text: a string, or the text parts of an array. */
export function contentText(content: unknown): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  return content.map((part) => (asRecord(part)?.type === 'text' ? String(asRecord(part)?.text ?? '') : '')).join('');
}

/** Pictures in a message's or delta's non-standard fields: `image: [{data}]`, `images: [{image_url: {url}}]`,
 *  plain strings, `{url}`, `{b64_json}` (doc §2.4: tolerate them all; bare base64 becomes a PNG data: URL). */
export function attachedImagesOf(message: unknown): string[] {
  const record = asRecord(message);
  if (!record) return [];
  const out: string[] = [];
  for (const list of [record.image, record.images]) {
    for (const item of Array.isArray(list) ? list : list === undefined ? [] : [list]) {
      const entry = asRecord(item);
      const value = typeof item === 'string' ? item
        : asRecord(entry?.image_url)?.url ?? entry?.url ?? entry?.data ?? entry?.b64_json ?? entry?.image_url;
      if (typeof value !== 'string' || !value.trim()) continue;
      const trimmed = value.trim();
      out.push(/^(https?:|data:)/i.test(trimmed) ? trimmed : `data:${typeof entry?.mime_type === 'string' ? entry.mime_type : 'image/png'};base64,${trimmed}`);
    }
  }
  return out;
}

/** Reads a chat.completion body. */
export function chatResultOf(data: unknown, model: string, label: string): ChatResult {
  const record = asRecord(data);
  const choice = asRecord(Array.isArray(record?.choices) ? record.choices[0] : undefined);
  const message = asRecord(choice?.message);
  if (!message) {
    throw new GatewayError({
      kind: 'bad-response',
      mayHaveReachedGateway: true,
      message: t('The gateway sent a chat answer AITRE cannot read (no message in it).'),
      detail: `${label}: ${JSON.stringify(data).slice(0, 300)}`,
    });
  }
  return {
    text: contentText(message.content),
    finishReason: typeof choice?.finish_reason === 'string' ? choice.finish_reason : null,
    model: typeof record?.model === 'string' ? record.model : model,
    usage: usageOf(record?.usage),
    attachedImages: attachedImagesOf(message),
  };
}

export interface ChatStreamOptions {
  model: string;
  label: string;
  /** Longest silence (no bytes, not even a keep-alive) before the answer counts as stalled. */
  idleMs: number;
  signal?: AbortSignal;
}

/**
 * A streamed answer. Iterate it for text deltas; whatever happens, `text` holds everything received so far.
 * Iteration throws a GatewayError when the answer does not finish: cut off ('network'), stalled ('timeout'),
 * cancelled through the signal ('cancelled'), or an error sent inside the stream — after yielding every delta
 * that came before. Errors before the stream starts (no key, 401, 429, unknown model) throw on the first step.
 * A stream can be read once.
 */
export class ChatStream implements AsyncIterable<string> {
  text = '';
  finishReason: string | null = null;
  model: string;
  usage?: TokenUsage;
  attachedImages: string[] = [];
  /** Why the stream ended early, when it did. */
  error?: GatewayError;
  private started = false;

  constructor(private readonly open: () => Promise<Response>, private readonly options: ChatStreamOptions) {
    this.model = options.model;
  }

  /** Reads to the end, calling `onDelta` for each piece. Rejects like the iterator; `text` stays readable. */
  async result(onDelta?: (delta: string, textSoFar: string) => void): Promise<ChatResult> {
    for await (const delta of this) onDelta?.(delta, this.text);
    return { text: this.text, finishReason: this.finishReason, model: this.model, usage: this.usage, attachedImages: this.attachedImages };
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<string> {
    if (this.started) throw new Error('A chat stream can be read only once.');
    this.started = true;
    try {
      yield* this.deltas();
    } catch (error) {
      this.error = this.failure(error);
      throw this.error;
    }
  }

  private async *deltas(): AsyncGenerator<string> {
    const response = await this.open();
    if (!response.body) throw cutOffError(this.options.label, 'no body');
    for await (const event of readSse(response.body, this.options.idleMs)) {
      // Events already read stay unread once cancelled: the caller's text stops where it pressed stop.
      if (this.options.signal?.aborted) throw new Error('aborted');
      if (event.data.trim() === '[DONE]') return;
      let payload: Record<string, unknown> | undefined;
      try {
        payload = asRecord(JSON.parse(event.data));
      } catch {
        continue; // a broken event; if the stream was cut here, the missing [DONE] says so below
      }
      if (!payload) continue;
      if (payload.error !== undefined && payload.error !== null) throw streamErrorOf(payload.error, this.options.model, this.options.label);
      const delta = this.apply(payload);
      if (delta) {
        this.text += delta;
        yield delta;
      }
    }
    // No [DONE]. A finish_reason means the model did finish and only the marker is missing; otherwise it was cut.
    if (this.finishReason === null) throw cutOffError(this.options.label, 'no [DONE] and no finish_reason');
  }

  /** Takes what one chunk carries; returns its text. */
  private apply(chunk: Record<string, unknown>): string {
    if (typeof chunk.model === 'string' && chunk.model) this.model = chunk.model;
    const usage = usageOf(chunk.usage);
    if (usage) this.usage = usage;
    const choice = asRecord(Array.isArray(chunk.choices) ? chunk.choices.find((c) => (asRecord(c)?.index ?? 0) === 0) : undefined);
    if (!choice) return '';
    if (typeof choice.finish_reason === 'string' && choice.finish_reason) this.finishReason = choice.finish_reason;
    const delta = asRecord(choice.delta);
    this.attachedImages.push(...attachedImagesOf(delta));
    return contentText(delta?.content);
  }

  private failure(error: unknown): GatewayError {
    if (this.options.signal?.aborted) {
      return new GatewayError({ kind: 'cancelled', message: withKeptNote(t('Cancelled.')), mayHaveReachedGateway: true });
    }
    if (error instanceof GatewayError) return error;
    if (error instanceof SseIdleError) {
      return new GatewayError({
        kind: 'timeout',
        mayHaveReachedGateway: true,
        detail: `${this.options.label}: ${error.message}`,
        message: withKeptNote(t('The answer stopped arriving (nothing for {0} s).', Math.round(error.idleMs / 1000))),
      });
    }
    return cutOffError(this.options.label, error instanceof Error ? `${error.name}: ${error.message}` : String(error));
  }
}

const IMAGE_EXTENSION = /\.(png|jpe?g|webp|gif|bmp|avif)(?:[?#]|$)/i;
const TRAILING_PUNCTUATION = /[)\].,;:!?'"”’>]+$/;

/**
 * Image URLs in a Markdown reply, in order, without duplicates: `![..](url)` (any URL), `[..](url)` and bare
 * http(s) URLs when they look like images (an image file extension), and data:image URLs. A download link to a
 * file already shown (same file name) is not counted again.
 */
export function extractImageUrls(markdown: string): string[] {
  const found: Array<{ at: number; url: string; explicit: boolean }> = [];
  const taken: Array<[number, number]> = [];
  const link = /(!?)\[[^\]\n]*\]\(\s*(?:<([^>\n]+)>|([^\s)]+))(?:\s+(?:"[^"]*"|'[^']*'))?\s*\)/g;
  for (const m of markdown.matchAll(link)) {
    const url = (m[2] ?? m[3] ?? '').trim();
    const image = m[1] === '!';
    taken.push([m.index, m.index + m[0].length]);
    if (image ? /^(https?:|data:image\/)/i.test(url) : isImageUrl(url)) found.push({ at: m.index, url, explicit: image });
  }
  const inLink = (at: number) => taken.some(([from, to]) => at >= from && at < to);
  for (const m of markdown.matchAll(/https?:\/\/[^\s<>"'`()[\]]+|data:image\/[a-z0-9.+-]+;base64,[A-Za-z0-9+/=]+/gi)) {
    if (inLink(m.index)) continue;
    const url = m[0].startsWith('data:') ? m[0] : m[0].replace(TRAILING_PUNCTUATION, '');
    if (isImageUrl(url)) found.push({ at: m.index, url, explicit: false });
  }
  found.sort((a, b) => a.at - b.at);
  const out: string[] = [];
  const names = new Set<string>();
  for (const { url, explicit } of found) {
    if (out.includes(url)) continue;
    const name = fileNameOf(url);
    if (!explicit && name && names.has(name)) continue;
    if (name) names.add(name);
    out.push(url);
  }
  return out;
}

function isImageUrl(url: string): boolean {
  if (/^data:image\//i.test(url)) return true;
  if (!/^https?:\/\//i.test(url)) return false;
  try {
    return IMAGE_EXTENSION.test(new URL(url).pathname);
  } catch {
    return false;
  }
}

function fileNameOf(url: string): string {
  if (!/^https?:/i.test(url)) return '';
  try {
    return new URL(url).pathname.split('/').pop() ?? '';
  } catch {
    return '';
  }
}
