// Shared pieces of the OpenAI-format routes: which listed model serves which endpoint, new-api's errors for
// models, and the SSE answer (chunks split mid-line and mid-character, a keep-alive comment, [DONE]).
import { randomBytes } from 'node:crypto';
import { openAiError } from './errors';
import type { SimCore } from './context';
import { json, type Reply } from './reply';
import { MODELS } from './routes-task';

export const CHAT_MODELS = new Set(['gpt-4o-mini', 'gpt-4o-image']);
export const IMAGE_MODELS = new Set(['dall-e-3', 'gpt-image-1', 'flux-schnell']);
export const SPEECH_MODELS = new Set(['tts-1', 'tts-1-hd', 'gpt-4o-mini-tts']);
/** Speech models that take `instructions` (how to speak); tts-1 and tts-1-hd refuse them. */
export const INSTRUCTED_SPEECH_MODELS = new Set(['gpt-4o-mini-tts']);
export const IMAGE_EDIT_MODELS = new Set(['gpt-image-1']);
export const AUDIO_TEXT_MODELS = new Set(['whisper-1']);
export const EMBEDDING_MODELS = new Set(['text-embedding-3-small']);
export const COMPLETION_MODELS = new Set(['gpt-3.5-turbo-instruct']);

/** OpenAI's own 400 shape (what the upstream answers through new-api). */
export function invalidRequest(message: string, param: string | null = null, code: string | null = null, status = 400): Reply {
  return json(status, { error: { message, type: 'invalid_request_error', param, code } });
}

/** OpenAI's answer for a value outside the allowed set. */
export function badChoice(name: string, value: unknown, allowed: readonly string[]): Reply {
  return invalidRequest(`Invalid value for '${name}': ${JSON.stringify(value)}. Supported values are: ${allowed.map((v) => `'${v}'`).join(', ')}.`, name, 'invalid_value');
}

/** null when `model` may use this endpoint; else new-api's answer (503 no channel) or the upstream's 400. */
export function modelGate(model: string, endpoint: string, allowed: ReadonlySet<string>): Reply | null {
  if (!model) return invalidRequest('you must provide a model parameter', 'model');
  if (!MODELS.some(([id]) => id === model)) {
    const requestId = `${new Date().toISOString().replace(/\D/g, '').slice(0, 17)}${randomBytes(4).toString('hex')}`;
    return openAiError(503, `当前分组 default 下对于模型 ${model} 无可用渠道 (request id: ${requestId})`);
  }
  if (!allowed.has(model)) return invalidRequest(`The model \`${model}\` does not support the ${endpoint} endpoint.`, 'model', 'model_not_supported');
  return null;
}

/** Rough token count: what usage fields report. */
export const tokens = (text: string): number => Math.max(1, Math.ceil(text.length / 4));

/** Word-sized pieces with their trailing space, so a stream has several deltas that join back exactly. */
export const words = (text: string): string[] => text.match(/\S+\s*|\s+/g) ?? [];

export const unixNow = (core: SimCore): number => Math.floor(core.now() / 1000);

export const newId = (prefix: string): string => `${prefix}-${randomBytes(12).toString('base64url')}`;

export interface SseOptions {
  /** After this many events, stop: 'cut' drops the connection, 'stall' goes silent, 'error' sends an error event. */
  breakAfter?: { events: number; how: 'cut' | 'stall' | 'error' };
  crlf?: boolean;
}

/** The pause between pieces, from the task speed: ~2 ms in tests, 80 ms at demo speed. */
export const streamGapMs = (core: SimCore): number => Math.min(80, Math.max(1, Math.round(core.config.speed.runMs / 50)));

/** An SSE answer of `events` (JSON payloads) then `data: [DONE]`. */
export function sseReply(core: SimCore, events: unknown[], options: SseOptions = {}): Reply {
  const eol = options.crlf ? '\r\n' : '\n';
  const frame = (data: string): string => `data: ${data}${eol}${eol}`;
  const brk = options.breakAfter;
  const shown = brk ? events.slice(0, brk.events) : events;
  const frames = shown.map((event) => frame(JSON.stringify(event)));
  // new-api keeps idle streams alive with comment lines; clients must skip them.
  if (frames.length > 0) frames.splice(1, 0, `: PING${eol}${eol}`);
  if (brk?.how === 'error') {
    frames.push(frame(JSON.stringify({ error: { message: 'The upstream model failed mid-answer (simulated).', type: 'upstream_error', code: 'upstream_error' } })));
  }
  if (!brk || brk.how === 'error') frames.push(frame('[DONE]'));
  // Each frame goes out in two writes split at its middle byte: lines (and UTF-8 characters) arrive in halves.
  const pieces = frames.flatMap((text) => {
    const bytes = Buffer.from(text, 'utf8');
    const middle = Math.floor(bytes.length / 2);
    return [bytes.subarray(0, middle), bytes.subarray(middle)];
  });
  return {
    status: 200,
    headers: { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', 'x-accel-buffering': 'no' },
    body: '',
    stream: { pieces, gapMs: streamGapMs(core), finish: brk?.how === 'cut' ? 'cut' : brk?.how === 'stall' ? 'stall' : 'end' },
  };
}

/** The --sim-* stream flags found in a text. */
export function streamFlags(text: string): SseOptions & { error: boolean } {
  const has = (flag: string): boolean => text.includes(flag);
  const how = has('--sim-cut') ? 'cut' : has('--sim-stall') ? 'stall' : has('--sim-error') ? 'error' : null;
  return { crlf: has('--sim-crlf'), error: how === 'error', ...(how && { breakAfter: { events: 4, how } }) };
}
