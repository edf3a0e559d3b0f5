// OpenAI-format media routes: POST /v1/images/generations, /v1/audio/speech, /v1/audio/transcriptions and
// /v1/audio/translations, with the upstream's validation answered in OpenAI's 400 shape.
import { createHash } from 'node:crypto';
import { asObject, text, type Handler, type SimCore } from './context';
import { pcmTone, silentMp3, toneMs, wav } from './audio';
import { AUDIO_TEXT_MODELS, badChoice, IMAGE_MODELS, INSTRUCTED_SPEECH_MODELS, invalidRequest, modelGate, SPEECH_MODELS, unixNow } from './openai-common';
import { addGeneratedFile, fileUrl, renderGenerated } from './openai-files';
import { parseForm } from './multipart';
import { json, type Reply } from './reply';

interface ImageRules {
  maxPrompt: number;
  maxN: number;
  sizes: string[];
  qualities: string[] | null;
  styles: string[] | null;
}

const IMAGE_RULES: Record<string, ImageRules> = {
  'dall-e-3': { maxPrompt: 4000, maxN: 1, sizes: ['1024x1024', '1792x1024', '1024x1792'], qualities: ['standard', 'hd'], styles: ['vivid', 'natural'] },
  'gpt-image-1': { maxPrompt: 32000, maxN: 10, sizes: ['1024x1024', '1536x1024', '1024x1536', 'auto'], qualities: ['low', 'medium', 'high', 'auto'], styles: null },
  // AITRE's Flux page: prompt at most 1000 characters.
  'flux-schnell': { maxPrompt: 1000, maxN: 4, sizes: ['1024x1024', '1024x768', '768x1024', '1024x576', '576x1024'], qualities: null, styles: null },
};

export const imageGenerations: Handler = (core, { body }) => {
  const input = asObject(body);
  if (!input) return invalidRequest('The request body must be a JSON object.');
  const model = text(input.model);
  const gate = modelGate(model, '/v1/images/generations', IMAGE_MODELS);
  if (gate) return gate;
  const rules = IMAGE_RULES[model] as ImageRules;
  const prompt = text(input.prompt);
  if (!prompt.trim()) return invalidRequest("'prompt' is required.", 'prompt');
  if ([...prompt].length > rules.maxPrompt) {
    return invalidRequest(`Invalid 'prompt': string too long. Expected a string with maximum length ${rules.maxPrompt}, but got a string with length ${[...prompt].length} instead.`, 'prompt', 'string_above_max_length');
  }
  const n = input.n === undefined ? 1 : Number(input.n);
  if (!Number.isInteger(n) || n < 1) return invalidRequest("'n' must be a positive integer.", 'n');
  if (model === 'dall-e-3' && n !== 1) return invalidRequest('You must provide n=1 for this model.', 'n');
  if (n > rules.maxN) return invalidRequest(`'n' must be at most ${rules.maxN} for this model.`, 'n');
  const size = input.size ?? rules.sizes[0];
  if (!rules.sizes.includes(String(size))) return badChoice('size', size, rules.sizes);
  if (input.quality !== undefined && rules.qualities && !rules.qualities.includes(String(input.quality))) return badChoice('quality', input.quality, rules.qualities);
  if (input.style !== undefined) {
    if (!rules.styles) return invalidRequest(`Unknown parameter: 'style'.`, 'style', 'unknown_parameter');
    if (!rules.styles.includes(String(input.style))) return badChoice('style', input.style, rules.styles);
  }
  const gptImage = model === 'gpt-image-1';
  // gpt-image-1 always answers base64 and refuses the field (OpenAI's contract).
  if (gptImage && input.response_format !== undefined) return invalidRequest(`Unknown parameter: 'response_format'.`, 'response_format', 'unknown_parameter');
  const format = input.response_format ?? 'url';
  if (format !== 'url' && format !== 'b64_json') return badChoice('response_format', format, ['url', 'b64_json']);
  if (gptImage && input.background !== undefined && !['transparent', 'opaque', 'auto'].includes(String(input.background))) {
    return badChoice('background', input.background, ['transparent', 'opaque', 'auto']);
  }
  if (gptImage && input.output_format !== undefined && !['png', 'jpeg', 'webp'].includes(String(input.output_format))) {
    return badChoice('output_format', input.output_format, ['png', 'jpeg', 'webp']);
  }
  const [width, height] = (size === 'auto' ? '1024x1024' : String(size)).split('x').map(Number) as [number, number];
  const data = Array.from({ length: n }, (_, i) => {
    const picture = { prompt: n > 1 ? `${prompt} #${i + 1}` : prompt, width, height };
    const item: Record<string, unknown> = gptImage || format === 'b64_json'
      ? { b64_json: renderGenerated(picture).toString('base64') }
      : { url: fileUrl(core, addGeneratedFile(core, picture)) };
    if (model === 'dall-e-3') item.revised_prompt = `A detailed, vivid rendering of: ${prompt}`;
    return item;
  });
  return json(200, {
    created: unixNow(core),
    data,
    // Only PNG is made here, whatever output_format asked; the answer says what was sent.
    ...(gptImage && {
      background: input.background ?? 'opaque', output_format: 'png', quality: input.quality ?? 'auto', size: `${width}x${height}`,
      usage: { input_tokens: Math.ceil(prompt.length / 4), output_tokens: 1056 * n, total_tokens: Math.ceil(prompt.length / 4) + 1056 * n },
    }),
  });
};

const VOICES = ['alloy', 'ash', 'ballad', 'coral', 'echo', 'fable', 'onyx', 'nova', 'sage', 'shimmer', 'verse'];
const SPEECH_FORMATS = ['mp3', 'opus', 'aac', 'flac', 'wav', 'pcm'];

export const speech: Handler = (_core, { body }) => {
  const input = asObject(body);
  if (!input) return invalidRequest('The request body must be a JSON object.');
  const model = text(input.model);
  const gate = modelGate(model, '/v1/audio/speech', SPEECH_MODELS);
  if (gate) return gate;
  const textInput = text(input.input);
  if (!textInput) return invalidRequest("'input' is required.", 'input');
  const length = [...textInput].length;
  if (length > 4096) {
    return invalidRequest(`Invalid 'input': string too long. Expected a string with maximum length 4096, but got a string with length ${length} instead.`, 'input', 'string_above_max_length');
  }
  if (!VOICES.includes(text(input.voice))) return badChoice('voice', input.voice, VOICES);
  const format = input.response_format ?? 'mp3';
  if (!SPEECH_FORMATS.includes(String(format))) return badChoice('response_format', format, SPEECH_FORMATS);
  if (input.speed !== undefined && !(typeof input.speed === 'number' && input.speed >= 0.25 && input.speed <= 4)) {
    return invalidRequest("'speed' must be between 0.25 and 4.0.", 'speed');
  }
  if (input.instructions !== undefined) {
    if (!INSTRUCTED_SPEECH_MODELS.has(model)) return invalidRequest(`Instructions are not supported by ${model}; use gpt-4o-mini-tts.`, 'instructions', 'unsupported_parameter');
    if (typeof input.instructions !== 'string') return invalidRequest("'instructions' must be a string.", 'instructions');
    if ([...input.instructions].length > 4096) return invalidRequest("Invalid 'instructions': string too long (4096 at most).", 'instructions', 'string_above_max_length');
  }
  const ms = toneMs(textInput) / (typeof input.speed === 'number' ? input.speed : 1);
  if (format === 'mp3') return audio('audio/mpeg', silentMp3(ms));
  if (format === 'pcm') return audio('audio/pcm', pcmTone(ms));
  // wav, and the formats no encoder here can make, are answered as WAV, labelled as what they are.
  return audio('audio/wav', wav(pcmTone(ms)));
};

const audio = (contentType: string, bytes: Buffer): Reply => ({ status: 200, headers: { 'content-type': contentType }, body: bytes });

const AUDIO_EXTENSIONS = ['flac', 'm4a', 'mp3', 'mp4', 'mpeg', 'mpga', 'oga', 'ogg', 'wav', 'webm'];
const TEXT_FORMATS = ['json', 'text', 'srt', 'verbose_json', 'vtt'];
const MAX_UPLOAD = 25 * 1024 * 1024;

function audioText(task: 'transcribe' | 'translate'): Handler {
  return async (_core: SimCore, { raw, headers }) => {
    const form = await parseForm(raw, headers['content-type'] ?? '');
    if (!form) return invalidRequest('Could not parse multipart form data.');
    const field = (name: string) => form.field(name);
    const model = field('model') ?? '';
    const gate = modelGate(model, `/v1/audio/${task === 'transcribe' ? 'transcriptions' : 'translations'}`, AUDIO_TEXT_MODELS);
    if (gate) return gate;
    const upload = form.files('file')[0];
    if (!upload) return invalidRequest("'file' is required.", 'file');
    const name = upload.filename;
    const extension = /\.([^.]+)$/.exec(name)?.[1]?.toLowerCase() ?? '';
    if (!AUDIO_EXTENSIONS.includes(extension)) {
      return invalidRequest(`Invalid file format. Supported formats: ${JSON.stringify(AUDIO_EXTENSIONS)}`, 'file', 'invalid_value');
    }
    if (upload.data.length > MAX_UPLOAD) {
      return json(413, { error: { message: `Maximum content size limit (${MAX_UPLOAD}) exceeded (${upload.data.length} bytes read)`, type: 'server_error', param: null, code: null } });
    }
    const format = field('response_format') ?? 'json';
    if (!TEXT_FORMATS.includes(format)) return badChoice('response_format', format, TEXT_FORMATS);
    const language = task === 'transcribe' ? field('language') : undefined;
    const prompt = field('prompt');
    const sha = createHash('sha256').update(upload.data).digest('hex').slice(0, 16);
    // Names the upload, its size and a hash prefix, so a test can tell the bytes arrived intact.
    const transcript = `Simulated ${task === 'transcribe' ? 'transcript' : 'English translation'} of ${name}: ${upload.data.length} bytes, sha256 ${sha}.`
      + `${language ? ` Language: ${language}.` : ''}${prompt ? ` Prompt: ${prompt}.` : ''}`;
    const duration = Math.max(1, Math.round(upload.data.length / 4800) / 10);
    const plain = (value: string): Reply => ({ status: 200, headers: { 'content-type': 'text/plain; charset=utf-8' }, body: value });
    switch (format) {
      case 'text': return plain(`${transcript}\n`);
      case 'srt': return plain(`1\n00:00:00,000 --> ${timestamp(duration, ',')}\n${transcript}\n\n`);
      case 'vtt': return plain(`WEBVTT\n\n00:00:00.000 --> ${timestamp(duration, '.')}\n${transcript}\n\n`);
      case 'verbose_json':
        return json(200, {
          task, language: task === 'translate' ? 'english' : (language ?? 'english'), duration, text: transcript,
          segments: [{ id: 0, seek: 0, start: 0, end: duration, text: transcript, tokens: [], temperature: 0, avg_logprob: -0.2, compression_ratio: 1, no_speech_prob: 0.01 }],
        });
      default: return json(200, { text: transcript });
    }
  };
}

function timestamp(seconds: number, separator: ',' | '.'): string {
  const ms = Math.round(seconds * 1000);
  const pad = (n: number, width = 2) => String(n).padStart(width, '0');
  return `${pad(Math.floor(ms / 3_600_000))}:${pad(Math.floor(ms / 60_000) % 60)}:${pad(Math.floor(ms / 1000) % 60)}${separator}${pad(ms % 1000, 3)}`;
}

export const transcriptions = audioText('transcribe');
export const translations = audioText('translate');
