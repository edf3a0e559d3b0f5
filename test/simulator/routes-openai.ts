// OpenAI-format text routes: POST /v1/chat/completions (JSON and SSE; gpt-4o-image answers Markdown with an
// image link), POST /v1/completions, POST /v1/embeddings, and GET /v1/files/{name} for generated pictures.
//
// STREAM TRIGGERS (anywhere in the messages of a chat, or the prompt of a completion, with "stream": true)
//   --sim-cut     4 events, then the connection drops (no [DONE])
//   --sim-stall   4 events, then silence with the connection open (until close())
//   --sim-error   4 events, then data: {"error":{...}} and [DONE]; without stream: HTTP 500 upstream error
//   --sim-crlf    CRLF line endings
import { createHash } from 'node:crypto';
import { asObject, text, type Handler, type SimCore } from './context';
import { openAiError } from './errors';
import {
  CHAT_MODELS, COMPLETION_MODELS, EMBEDDING_MODELS, invalidRequest, modelGate, newId, sseReply, streamFlags, tokens, unixNow, words,
} from './openai-common';
import { addGeneratedFile, fileUrl, generatedFile, renderGenerated } from './openai-files';
import { json, type Reply } from './reply';
import { stripSimFlags } from './text';

interface Answer {
  pieces: string[];
  finishReason: 'stop' | 'length';
}

/** The text of a message's content: a string, or the text parts of an array. */
function contentText(content: unknown): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  return content.map((part) => (asObject(part)?.type === 'text' ? text(asObject(part)?.text) : '')).join('\n');
}

function firstImageUrl(content: unknown): string {
  if (!Array.isArray(content)) return '';
  for (const part of content) {
    const url = asObject(asObject(part)?.image_url)?.url;
    if (asObject(part)?.type === 'image_url' && typeof url === 'string') return url;
  }
  return '';
}

/** Keeps at most `max` pieces (max_tokens), reporting 'length' when it cut. */
function limit(pieces: string[], max: unknown): Answer {
  if (typeof max === 'number' && max > 0 && pieces.length > max) return { pieces: pieces.slice(0, max), finishReason: 'length' };
  return { pieces, finishReason: 'stop' };
}

function textAnswer(model: string, prompt: string): string[] {
  const said = stripSimFlags(prompt).slice(0, 120);
  return words(`Simulated reply from ${model}: you said "${said}". This answer arrives in several pieces, like a real stream.`);
}

/** Like relays of gpt-4o-image: a prompt echo, progress lines, then the picture and a download link. */
function imageAnswer(core: SimCore, prompt: string, reference: string): string[] {
  const clean = stripSimFlags(prompt);
  const url = fileUrl(core, addGeneratedFile(core, { prompt: clean, width: 1024, height: 1024 }));
  return [
    '```json\n', `${JSON.stringify({ prompt: clean, ratio: '1:1' })}\n`, '```\n\n',
    ...(reference ? ['> Using your reference image.\n'] : []),
    '> Queued.\n', '> Generating...\n', '> Progress 27%.\n', '> Progress 64%.\n', '> Done ✅\n\n',
    `![image](${url})\n\n`,
    `[Download](${url})\n`,
  ];
}

export const chatCompletions: Handler = (core, { body }) => {
  const input = asObject(body);
  if (!input) return invalidRequest('The request body must be a JSON object.');
  const model = text(input.model);
  const gate = modelGate(model, '/v1/chat/completions', CHAT_MODELS);
  if (gate) return gate;
  const messages = Array.isArray(input.messages) ? input.messages.map(asObject) : [];
  if (messages.length === 0 || messages.some((m) => !m || typeof m.role !== 'string')) {
    return invalidRequest("'messages' must be a non-empty array of {role, content}.", 'messages');
  }
  const lastUser = [...messages].reverse().find((m) => m?.role === 'user');
  const prompt = contentText(lastUser?.content);
  const flags = streamFlags(messages.map((m) => contentText(m?.content)).join('\n'));
  const answer = limit(model === 'gpt-4o-image' ? imageAnswer(core, prompt, firstImageUrl(lastUser?.content)) : textAnswer(model, prompt), input.max_tokens ?? input.max_completion_tokens);
  const id = newId('chatcmpl');
  const created = unixNow(core);
  const content = answer.pieces.join('');
  const usage = { prompt_tokens: tokens(JSON.stringify(messages)), completion_tokens: answer.pieces.length, total_tokens: tokens(JSON.stringify(messages)) + answer.pieces.length };

  if (input.stream !== true) {
    if (flags.error) return openAiError(500, 'The upstream model failed (simulated).', 'upstream_error');
    return json(200, {
      id, object: 'chat.completion', created, model, system_fingerprint: null,
      choices: [{ index: 0, message: { role: 'assistant', content, refusal: null }, logprobs: null, finish_reason: answer.finishReason }],
      usage,
    });
  }
  const chunk = (delta: Record<string, unknown>, finishReason: string | null = null) => ({
    id, object: 'chat.completion.chunk', created, model, system_fingerprint: null,
    choices: [{ index: 0, delta, logprobs: null, finish_reason: finishReason }],
  });
  const events: unknown[] = [
    chunk({ role: 'assistant', content: '' }),
    ...answer.pieces.map((piece) => chunk({ content: piece })),
    chunk({}, answer.finishReason),
  ];
  if (asObject(input.stream_options)?.include_usage === true) events.push({ id, object: 'chat.completion.chunk', created, model, choices: [], usage });
  return sseReply(core, events, flags);
};

export const completions: Handler = (core, { body }) => {
  const input = asObject(body);
  if (!input) return invalidRequest('The request body must be a JSON object.');
  const model = text(input.model);
  const gate = modelGate(model, '/v1/completions', COMPLETION_MODELS);
  if (gate) return gate;
  const prompts = typeof input.prompt === 'string' ? [input.prompt] : Array.isArray(input.prompt) && input.prompt.every((p) => typeof p === 'string') ? input.prompt as string[] : null;
  if (!prompts || prompts.length === 0) return invalidRequest("'prompt' must be a string or an array of strings.", 'prompt');
  // OpenAI's default max_tokens for completions is 16.
  const answers = prompts.map((prompt) => limit(words(`\n\nThis is a simulated completion by ${model} of "${stripSimFlags(prompt).slice(0, 80)}", one word at a time.`), input.max_tokens ?? 16));
  const id = newId('cmpl');
  const created = unixNow(core);
  const promptTokens = prompts.reduce((sum, p) => sum + tokens(p), 0);
  const completionTokens = answers.reduce((sum, a) => sum + a.pieces.length, 0);
  const usage = { prompt_tokens: promptTokens, completion_tokens: completionTokens, total_tokens: promptTokens + completionTokens };
  const choice = (textValue: string, index: number, finishReason: string | null) => ({ text: textValue, index, logprobs: null, finish_reason: finishReason });
  if (input.stream === true) {
    const events = answers.flatMap((a, index) => [
      ...a.pieces.map((piece) => ({ id, object: 'text_completion', created, model, choices: [choice(piece, index, null)] })),
      { id, object: 'text_completion', created, model, choices: [choice('', index, a.finishReason)] },
    ]);
    return sseReply(core, events, streamFlags(prompts.join('\n')));
  }
  return json(200, {
    id, object: 'text_completion', created, model, system_fingerprint: null,
    choices: answers.map((a, index) => choice(a.pieces.join(''), index, a.finishReason)),
    usage,
  });
};

/** A unit vector from a hash of the input: equal inputs give equal vectors (cosine 1), others near 0. */
export function embeddingOf(input: string, dimensions: number): Float32Array {
  const raw = new Float32Array(dimensions);
  for (let block = 0; block * 32 < dimensions; block++) {
    const digest = createHash('sha256').update(`${block}:${input}`).digest();
    for (let i = 0; i < 32 && block * 32 + i < dimensions; i++) raw[block * 32 + i] = ((digest[i] ?? 0) - 127.5) / 127.5;
  }
  const norm = Math.hypot(...raw);
  return raw.map((v) => v / norm);
}

const DEFAULT_DIMENSIONS = 256; // smaller than the real 1536, same shape

export const embeddings: Handler = (_core, { body }) => {
  const input = asObject(body);
  if (!input) return invalidRequest('The request body must be a JSON object.');
  const model = text(input.model);
  const gate = modelGate(model, '/v1/embeddings', EMBEDDING_MODELS);
  if (gate) return gate;
  const items: string[] | null = typeof input.input === 'string' ? [input.input]
    : Array.isArray(input.input) && input.input.length > 0 ? input.input.map((item) => (typeof item === 'string' ? item : JSON.stringify(item))) : null;
  if (!items || items.some((item) => item === '')) return invalidRequest("'input' must be a non-empty string or array.", 'input');
  const dimensions = input.dimensions === undefined ? DEFAULT_DIMENSIONS : Number(input.dimensions);
  if (!Number.isInteger(dimensions) || dimensions < 1 || dimensions > 1536) return invalidRequest("'dimensions' must be between 1 and 1536.", 'dimensions');
  const format = input.encoding_format ?? 'float';
  if (format !== 'float' && format !== 'base64') return invalidRequest("'encoding_format' must be float or base64.", 'encoding_format');
  const promptTokens = items.reduce((sum, item) => sum + tokens(item), 0);
  return json(200, {
    object: 'list',
    data: items.map((item, index) => {
      const vector = embeddingOf(item, dimensions);
      // base64 = little-endian float32 bytes (what the official client asks for by default).
      const embedding = format === 'base64' ? Buffer.from(vector.buffer).toString('base64') : Array.from(vector);
      return { object: 'embedding', index, embedding };
    }),
    model,
    usage: { prompt_tokens: promptTokens, total_tokens: promptTokens },
  });
};

/** GET /v1/files/{id}.png: no auth, like an image CDN link. */
export const file: Handler = (core, { params }): Reply => {
  const id = /^(.+)\.png$/.exec(params.name ?? '')?.[1] ?? '';
  const found = generatedFile(core, id);
  if (!found) return invalidRequest(`No such file: ${params.name ?? ''}`, null, null, 404);
  return { status: 200, headers: { 'content-type': 'image/png', 'cache-control': 'public, max-age=86400' }, body: renderGenerated(found) };
};
