// The OpenAI-format calls of the AITRE contract (/v1/...), through the one GatewayClient. Pure TypeScript:
// the UI decides what to ask; this module checks inputs before sending, and turns every answer into plain data
// and every failure into a GatewayError with a sentence for people.
import { GatewayError, refuse } from '../gateway/errors';
import type { GatewayClient } from '../gateway/client';
import {
  charCount, checkAudioUpload, checkSpeechInput, SPEECH_MAX_CHARS, speechExtension, speechTakesInstructions,
  type SpeechFormat, type TranscriptionFormat, type TranscriptionResult,
} from './audio';
import { ChatStream, chatResultOf, contentText, extractImageUrls, usageOf, type ChatInput, type ChatMessage, type ChatResult, type TokenUsage } from './chat';
import { mapModelErrors, withModelHint } from './errors';
import { editImageForm, type EditImageInput } from './edits';
import { imageRequestBody, imagesResultOf, type GenerateImagesInput, type GenerateImagesResult } from './images';
import { t } from '../base/l10n';

export * from './audio';
export * from './chat';
export * from './edits';
export * from './images';
export { modelMissingMessage } from './errors';
export { SseParser, type SseEvent } from './sse';

export type ModelCapability = 'chat' | 'image' | 'speech' | 'transcription' | 'embeddings' | 'completions';

export interface ModelInfo {
  id: string;
  ownedBy: string;
}

/** What a model id can do, by its name (the gateway's list says nothing about it). Empty for e.g. mj_* ids. */
export function classifyModel(id: string): ReadonlySet<ModelCapability> {
  const name = id.trim().toLowerCase().replace(/^.*\//, ''); // "openai/gpt-4o" → "gpt-4o"
  const caps = new Set<ModelCapability>();
  if (/embed/.test(name)) return caps.add('embeddings');
  if (/whisper|transcribe/.test(name)) return caps.add('transcription');
  if (/^tts|-tts\b/.test(name)) return caps.add('speech');
  if (/-instruct\b|^(text-)?davinci|^(text-)?babbage/.test(name)) return caps.add('completions');
  if (/^(dall-e|gpt-image|flux|ideogram)|-image\b|-image-/.test(name)) caps.add('image');
  const chatFamily = /^(gpt-4|gpt-3\.5-turbo|gpt-5|o[134](-|$)|chatgpt|claude|gemini|deepseek|qwen|glm|kimi|moonshot|llama|mistral|grok)/.test(name);
  // gpt-image-1 is not a chat model; gpt-4o-image and gemini-*-image are (they draw through the chat route).
  if (chatFamily && !/realtime/.test(name)) caps.add('chat');
  return caps;
}

/** Rejects two vectors of different lengths or a zero vector, in plain words. */
export function cosineSimilarity(a: readonly number[], b: readonly number[]): number {
  if (a.length !== b.length || a.length === 0) {
    throw new GatewayError({ kind: 'validation', message: t('These embeddings cannot be compared: they have {0} and {1} numbers. Compare embeddings made by the same model.', a.length, b.length) });
  }
  let dot = 0;
  let normA = 0;
  let normB = 0;
  for (let i = 0; i < a.length; i++) {
    const x = a[i] ?? 0;
    const y = b[i] ?? 0;
    dot += x * y;
    normA += x * x;
    normB += y * y;
  }
  if (normA === 0 || normB === 0) throw new GatewayError({ kind: 'validation', message: t('An embedding of all zeros has no direction, so it cannot be compared.') });
  return dot / Math.sqrt(normA * normB);
}

export interface ImageThroughChatInput {
  /** Default gpt-4o-image. */
  model?: string;
  prompt: string;
  /** An http(s) or data: URL of a picture to start from. */
  referenceImageUrl?: string;
  /** Progress while the reply streams in (the relays write progress lines before the picture). */
  onText?: (textSoFar: string) => void;
  signal?: AbortSignal;
}

export interface ImageThroughChatResult {
  /** The whole Markdown reply (progress lines included). */
  text: string;
  /** Image URLs (http(s) or data:) found in the reply and in non-standard image fields, in order. */
  images: string[];
  /** Set when the reply did not finish (cut off, stalled, cancelled) but pictures had already arrived:
   *  the plain reason. Without any picture such an ending throws instead. */
  incomplete?: string;
}

export interface SpeechInput {
  model: string;
  input: string;
  voice: string;
  format?: SpeechFormat;
  speed?: number;
  /** How to speak ("calm, slow, warm"): gpt-4o-mini-tts and newer; tts-1 / tts-1-hd refuse it (see speechTakesInstructions). */
  instructions?: string;
  signal?: AbortSignal;
}

export interface SpeechResult {
  bytes: Uint8Array;
  contentType: string;
  /** From the Content-Type the gateway sent, else the format asked for. */
  extension: string;
}

export interface TranscribeInput<F extends TranscriptionFormat = TranscriptionFormat> {
  file: Uint8Array;
  fileName: string;
  model: string;
  /** ISO-639-1, transcriptions only. */
  language?: string;
  prompt?: string;
  responseFormat: F;
  temperature?: number;
  signal?: AbortSignal;
}

export type TranslateInput<F extends TranscriptionFormat = TranscriptionFormat> = Omit<TranscribeInput<F>, 'language'>;

export interface EmbedInput {
  model: string;
  input: string | string[];
  dimensions?: number;
  signal?: AbortSignal;
}

export interface EmbedResult {
  /** One vector per input, in input order. */
  vectors: number[][];
  model: string;
  usage: { promptTokens: number; totalTokens: number };
}

export interface CompleteInput {
  model: string;
  prompt: string;
  maxTokens?: number;
  temperature?: number;
  signal?: AbortSignal;
}

export interface CompleteResult {
  text: string;
  finishReason: string | null;
  model: string;
  usage?: TokenUsage;
}

export interface OpenAiClientOptions {
  /** Longest silence inside a stream before it counts as stalled (default 120 s; keep-alives reset it). */
  streamIdleMs?: number;
}

export class OpenAiClient {
  private readonly streamIdleMs: number;

  constructor(private readonly gateway: GatewayClient, options: OpenAiClientOptions = {}) {
    this.streamIdleMs = options.streamIdleMs ?? 120_000;
  }

  /** GET /v1/models: what this key may use (new-api filters the list by the key's group). */
  async listModels(signal?: AbortSignal): Promise<ModelInfo[]> {
    const { data } = await this.gateway.requestJson({ method: 'GET', url: this.gateway.v1Url('models'), kind: 'read', label: 'the model list', signal });
    const list = (data as { data?: unknown } | null)?.data;
    if (!Array.isArray(list)) {
      throw new GatewayError({ kind: 'bad-response', mayHaveReachedGateway: true, message: t('The gateway sent a model list AITRE cannot read.'), detail: `models: ${JSON.stringify(data).slice(0, 300)}` });
    }
    return list.flatMap((item: { id?: unknown; owned_by?: unknown }) =>
      typeof item?.id === 'string' && item.id ? [{ id: item.id, ownedBy: typeof item.owned_by === 'string' ? item.owned_by : '' }] : []);
  }

  /** One chat answer, not streamed. */
  async chat(input: ChatInput): Promise<ChatResult> {
    const body = chatBody(input, false);
    return mapModelErrors(input.model, async () => {
      const { data } = await this.gateway.requestJson({ method: 'POST', url: this.gateway.v1Url('chat/completions'), kind: 'submit', label: 'chat', json: body, signal: input.signal });
      return chatResultOf(data, input.model, 'chat');
    });
  }

  /** A streamed chat answer (see ChatStream: partial text survives a cut, a stall or a cancel). The request is
   *  sent when reading starts; input errors throw at once. */
  chatStream(input: ChatInput): ChatStream {
    const body = chatBody(input, true);
    const open = () => this.gateway
      .requestRaw({ method: 'POST', url: this.gateway.v1Url('chat/completions'), kind: 'stream', label: 'chat', json: body, signal: input.signal })
      .catch((error: unknown) => { throw withModelHint(error, input.model); });
    return new ChatStream(open, { model: input.model, label: 'chat', idleMs: this.streamIdleMs, signal: input.signal });
  }

  /** Draws through the chat route (gpt-4o-image): streamed, since these replies take a minute or more. */
  async imageThroughChat(input: ImageThroughChatInput): Promise<ImageThroughChatResult> {
    const prompt = input.prompt.trim();
    if (!prompt) refuse(t('The prompt is empty. Describe the picture, then try again.'));
    const reference = input.referenceImageUrl?.trim();
    if (reference && !/^(https?:\/\/|data:image\/)/i.test(reference)) refuse(t('The reference image must be an http(s) link or an image data: URL.'));
    const stream = this.chatStream({
      model: input.model ?? 'gpt-4o-image',
      messages: [{ role: 'user', content: [{ type: 'text', text: prompt }, ...(reference ? [{ type: 'image_url' as const, image_url: { url: reference } }] : [])] }],
      signal: input.signal,
    });
    let incomplete: GatewayError | undefined;
    try {
      await stream.result((_delta, text) => input.onText?.(text));
    } catch (error) {
      if (!(error instanceof GatewayError) || !stream.text) throw error;
      incomplete = error;
    }
    const images = [...extractImageUrls(stream.text)];
    for (const url of stream.attachedImages) if (!images.includes(url)) images.push(url);
    if (incomplete && images.length === 0) throw incomplete;
    return { text: stream.text, images, ...(incomplete && { incomplete: incomplete.message }) };
  }

  async generateImages(input: GenerateImagesInput): Promise<GenerateImagesResult> {
    const body = imageRequestBody(input);
    return mapModelErrors(input.model, async () => {
      const { data } = await this.gateway.requestJson({ method: 'POST', url: this.gateway.v1Url('images/generations'), kind: 'submit', label: 'image generation', json: body, signal: input.signal });
      return imagesResultOf(data, 'image generation');
    });
  }

  /**
   * POST /v1/images/edits: the image (and mask: PNG with alpha, transparent = change) edited as the prompt says.
   * Answers are read like generations: `url` or `b64_json` items.
   */
  async editImage(input: EditImageInput): Promise<GenerateImagesResult> {
    const form = editImageForm(input);
    return mapModelErrors(input.model, async () => {
      const { data } = await this.gateway.requestJson({ method: 'POST', url: this.gateway.v1Url('images/edits'), kind: 'upload', label: 'image edit', body: form, signal: input.signal });
      return imagesResultOf(data, 'image edit');
    });
  }

  /** Text to speech: the audio bytes as sent. Over 4096 characters is refused here (see splitForSpeech). */
  async speech(input: SpeechInput): Promise<SpeechResult> {
    checkSpeechInput(input.input, input.speed);
    if (!input.voice.trim()) refuse(t('Choose a voice first.'));
    const format = input.format ?? 'mp3';
    const instructions = input.instructions?.trim();
    if (instructions && !speechTakesInstructions(input.model)) {
      refuse(t('{0} cannot take speaking instructions. Leave them out, or choose gpt-4o-mini-tts.', input.model));
    }
    if (instructions && charCount(instructions) > SPEECH_MAX_CHARS) refuse(t('Speaking instructions take at most {0} characters.', SPEECH_MAX_CHARS));
    const body = {
      model: input.model, input: input.input, voice: input.voice, response_format: format,
      ...(input.speed !== undefined && { speed: input.speed }), ...(instructions && { instructions }),
    };
    return mapModelErrors(input.model, async () => {
      const response = await this.gateway.requestRaw({ method: 'POST', url: this.gateway.v1Url('audio/speech'), kind: 'submit', label: 'text to speech', json: body, signal: input.signal });
      const contentType = response.headers.get('content-type') ?? '';
      const bytes = await readBytes(response, 'text to speech', input.signal);
      // Some relays answer an error with HTTP 200 and JSON.
      if (/json/i.test(contentType)) throw errorInJsonBody(bytes, 'text to speech');
      if (bytes.length === 0) throw new GatewayError({ kind: 'bad-response', mayHaveReachedGateway: true, message: t('The gateway sent empty audio. Try again.') });
      return { bytes, contentType: contentType || `audio/${format}`, extension: speechExtension(contentType, format) };
    });
  }

  transcribe<F extends TranscriptionFormat>(input: TranscribeInput<F>): Promise<TranscriptionResult<F>> {
    return this.audioText('audio/transcriptions', 'transcription', input);
  }

  /** Speech in any language to English text. */
  translate<F extends TranscriptionFormat>(input: TranslateInput<F>): Promise<TranscriptionResult<F>> {
    return this.audioText('audio/translations', 'translation', input);
  }

  async embed(input: EmbedInput): Promise<EmbedResult> {
    const items = typeof input.input === 'string' ? [input.input] : input.input;
    if (items.length === 0 || items.some((item) => typeof item !== 'string' || !item.trim())) refuse(t('There is no text to embed (an empty text or list).'));
    if (items.length > 2048) refuse(t('At most 2048 texts can be embedded at once; {0} were given.', items.length));
    const body = { model: input.model, input: input.input, encoding_format: 'float', ...(input.dimensions !== undefined && { dimensions: input.dimensions }) };
    return mapModelErrors(input.model, async () => {
      const { data } = await this.gateway.requestJson({ method: 'POST', url: this.gateway.v1Url('embeddings'), kind: 'submit', label: 'embeddings', json: body, signal: input.signal });
      const record = (data ?? {}) as { data?: unknown; model?: unknown; usage?: { prompt_tokens?: unknown; total_tokens?: unknown } };
      const rows = (Array.isArray(record.data) ? record.data : []) as Array<{ index?: unknown; embedding?: unknown }>;
      const vectors = [...rows].sort((a, b) => Number(a.index ?? 0) - Number(b.index ?? 0)).map((row) => vectorOf(row.embedding));
      if (vectors.length !== items.length || vectors.some((v) => v.length === 0)) {
        throw new GatewayError({ kind: 'bad-response', mayHaveReachedGateway: true, message: t('The gateway sent embeddings AITRE cannot read.'), detail: `embeddings: ${JSON.stringify(data).slice(0, 300)}` });
      }
      const n = (v: unknown) => (typeof v === 'number' ? v : 0);
      return { vectors, model: typeof record.model === 'string' ? record.model : input.model, usage: { promptTokens: n(record.usage?.prompt_tokens), totalTokens: n(record.usage?.total_tokens) } };
    });
  }

  /** Legacy /v1/completions (e.g. gpt-3.5-turbo-instruct). */
  async complete(input: CompleteInput): Promise<CompleteResult> {
    if (!input.prompt.trim()) refuse(t('The prompt is empty.'));
    const body = { model: input.model, prompt: input.prompt, ...(input.maxTokens !== undefined && { max_tokens: input.maxTokens }), ...(input.temperature !== undefined && { temperature: input.temperature }) };
    return mapModelErrors(input.model, async () => {
      const { data } = await this.gateway.requestJson({ method: 'POST', url: this.gateway.v1Url('completions'), kind: 'submit', label: 'completions', json: body, signal: input.signal });
      const record = (data ?? {}) as { choices?: Array<{ text?: unknown; finish_reason?: unknown }>; model?: unknown; usage?: unknown };
      const choice = Array.isArray(record.choices) ? record.choices[0] : undefined;
      if (!choice || typeof choice.text !== 'string') {
        throw new GatewayError({ kind: 'bad-response', mayHaveReachedGateway: true, message: t('The gateway sent a completion AITRE cannot read.'), detail: `completions: ${JSON.stringify(data).slice(0, 300)}` });
      }
      return { text: choice.text, finishReason: typeof choice.finish_reason === 'string' ? choice.finish_reason : null, model: typeof record.model === 'string' ? record.model : input.model, usage: usageOf(record.usage) };
    });
  }

  private async audioText<F extends TranscriptionFormat>(path: string, label: string, input: TranscribeInput<F>): Promise<TranscriptionResult<F>> {
    checkAudioUpload(input.fileName, input.file.byteLength);
    const form = new FormData();
    // A copy: a Blob part must be backed by a plain ArrayBuffer, and the caller's bytes stay untouched.
    form.append('file', new Blob([new Uint8Array(input.file)]), baseName(input.fileName));
    form.append('model', input.model);
    form.append('response_format', input.responseFormat);
    if (input.language) form.append('language', input.language);
    if (input.prompt) form.append('prompt', input.prompt);
    if (input.temperature !== undefined) form.append('temperature', String(input.temperature));
    return mapModelErrors(input.model, async () => {
      const response = await this.gateway.requestRaw({ method: 'POST', url: this.gateway.v1Url(path), kind: 'upload', label, body: form, signal: input.signal });
      const text = new TextDecoder().decode(await readBytes(response, label, input.signal));
      const json = /json/i.test(response.headers.get('content-type') ?? '') ? parseJson(text) : undefined;
      if (input.responseFormat === 'json' || input.responseFormat === 'verbose_json') {
        const record = json as { text?: unknown } | undefined;
        if (typeof record?.text !== 'string') {
          throw new GatewayError({ kind: 'bad-response', mayHaveReachedGateway: true, message: t('The gateway sent a {0} AITRE cannot read.', label), detail: `${label}: ${text.slice(0, 300)}` });
        }
        return (input.responseFormat === 'json' ? { text: record.text } : record) as TranscriptionResult<F>;
      }
      // text / srt / vtt; a relay that wraps it as JSON still gives the text.
      const wrapped = typeof json === 'string' ? json : typeof (json as { text?: unknown } | undefined)?.text === 'string' ? (json as { text: string }).text : undefined;
      return (wrapped ?? text) as TranscriptionResult<F>;
    });
  }
}

function chatBody(input: ChatInput, stream: boolean): Record<string, unknown> {
  if (!input.model.trim()) refuse(t('Choose a model first (AITRE: Select Model).'));
  if (!input.messages.some(hasContent)) {
    refuse(t('The message is empty. Write something, then try again.'));
  }
  if (input.temperature !== undefined && !(input.temperature >= 0 && input.temperature <= 2)) refuse(t('The temperature must be between 0 and 2.'));
  return {
    model: input.model,
    messages: input.messages,
    stream,
    ...(input.temperature !== undefined && { temperature: input.temperature }),
    ...(input.maxTokens !== undefined && { max_tokens: input.maxTokens }),
  };
}

const hasContent = (message: ChatMessage): boolean =>
  contentText(message.content).trim() !== '' || (Array.isArray(message.content) && message.content.some((part) => part.type === 'image_url'));

function vectorOf(embedding: unknown): number[] {
  if (Array.isArray(embedding)) return embedding.map(Number);
  // base64 little-endian float32, in case a relay forces it.
  if (typeof embedding === 'string' && embedding) {
    const bytes = Uint8Array.from(atob(embedding), (c) => c.charCodeAt(0));
    return Array.from(new Float32Array(bytes.buffer, 0, Math.floor(bytes.length / 4)));
  }
  return [];
}

async function readBytes(response: Response, label: string, signal?: AbortSignal): Promise<Uint8Array> {
  try {
    return new Uint8Array(await response.arrayBuffer());
  } catch (error) {
    if (signal?.aborted) throw new GatewayError({ kind: 'cancelled', message: t('Cancelled.'), mayHaveReachedGateway: true });
    throw new GatewayError({ kind: 'network', mayHaveReachedGateway: true, message: t('The connection broke while the {0} was arriving. Try again.', label), detail: `${label}: body read failed: ${String(error)}` });
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function errorInJsonBody(bytes: Uint8Array, label: string): GatewayError {
  const text = new TextDecoder().decode(bytes);
  const message = (parseJson(text) as { error?: { message?: unknown } } | undefined)?.error?.message;
  return new GatewayError({
    kind: 'upstream',
    mayHaveReachedGateway: true,
    message: typeof message === 'string' && message ? t('The gateway refused the {0}: {1}', label, message.slice(0, 200)) : t('The gateway sent no audio for the {0}.', label),
    detail: `${label}: 200 with JSON: ${text.slice(0, 300)}`,
  });
}

const baseName = (fileName: string): string => fileName.split(/[/\\]/).pop() || fileName;
