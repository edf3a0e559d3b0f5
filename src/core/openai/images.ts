// POST /v1/images/generations: which options each model family takes (so the UI asks only those), the checks
// made before anything is sent, and reading both answer forms (url and b64_json).
import { GatewayError, refuse } from '../gateway/errors';
import { t } from '../base/l10n';

export type ImageFamily = 'dall-e-3' | 'dall-e-2' | 'gpt-image' | 'flux' | 'other';
export type ImageResponseFormat = 'url' | 'b64_json';

export interface ImageOptions {
  family: ImageFamily;
  /** Offered sizes, the default first; empty = unknown for this model (not asked; any WxH is passed on). */
  sizes: readonly string[];
  /** Empty = the option does not apply to this model. */
  qualities: readonly string[];
  styles: readonly string[];
  backgrounds: readonly string[];
  outputFormats: readonly string[];
  /** Images per request: 1..maxImages. */
  maxImages: number;
  /** Longest prompt in characters, when the model has a known limit. */
  maxPromptChars?: number;
  /** False for gpt-image models: they always answer base64 and refuse `response_format`. */
  responseFormat: boolean;
}

const FAMILIES: Record<ImageFamily, ImageOptions> = {
  'dall-e-3': {
    family: 'dall-e-3', sizes: ['1024x1024', '1792x1024', '1024x1792'], qualities: ['standard', 'hd'], styles: ['vivid', 'natural'],
    backgrounds: [], outputFormats: [], maxImages: 1, maxPromptChars: 4000, responseFormat: true,
  },
  'dall-e-2': {
    family: 'dall-e-2', sizes: ['1024x1024', '512x512', '256x256'], qualities: [], styles: [],
    backgrounds: [], outputFormats: [], maxImages: 10, maxPromptChars: 1000, responseFormat: true,
  },
  'gpt-image': {
    family: 'gpt-image', sizes: ['1024x1024', '1536x1024', '1024x1536', 'auto'], qualities: ['auto', 'low', 'medium', 'high'], styles: [],
    backgrounds: ['auto', 'transparent', 'opaque'], outputFormats: ['png', 'jpeg', 'webp'], maxImages: 10, maxPromptChars: 32000, responseFormat: false,
  },
  // AITRE's Flux page: prompt at most 1000 characters; sizes are the common relay set.
  flux: {
    family: 'flux', sizes: ['1024x1024', '1024x768', '768x1024', '1024x576', '576x1024'], qualities: [], styles: [],
    backgrounds: [], outputFormats: [], maxImages: 4, maxPromptChars: 1000, responseFormat: true,
  },
  other: {
    family: 'other', sizes: [], qualities: [], styles: [], backgrounds: [], outputFormats: [], maxImages: 10, responseFormat: true,
  },
};

export function imageFamilyOf(model: string): ImageFamily {
  const id = model.trim().toLowerCase();
  if (id.startsWith('dall-e-3')) return 'dall-e-3';
  if (id.startsWith('dall-e-2')) return 'dall-e-2';
  if (id.includes('gpt-image')) return 'gpt-image';
  if (id.includes('flux')) return 'flux';
  return 'other';
}

/** The options `model` takes (pure; for the UI and the checks below). */
export function imageOptionsFor(model: string): ImageOptions {
  return FAMILIES[imageFamilyOf(model)];
}

export interface GenerateImagesInput {
  model: string;
  prompt: string;
  n?: number;
  size?: string;
  quality?: string;
  style?: string;
  background?: string;
  outputFormat?: string;
  responseFormat?: ImageResponseFormat;
  signal?: AbortSignal;
}

export interface GeneratedImage {
  url?: string;
  /** Base64 bytes (no data: prefix). */
  b64?: string;
  /** For b64 images: the type the bytes start with. */
  mimeType?: string;
  revisedPrompt?: string;
}

export interface GenerateImagesResult {
  images: GeneratedImage[];
  /** Unix seconds. */
  created: number;
}

const list = (values: readonly string[]): string =>
  values.length <= 1 ? values.join('') : t('{0} or {1}', values.slice(0, -1).join(', '), values[values.length - 1]!);

/** The JSON body for the request, or a plain refusal before anything is sent. */
export function imageRequestBody(input: GenerateImagesInput): Record<string, unknown> {
  const model = input.model.trim();
  if (!model) refuse(t('Choose an image model first.'));
  const options = imageOptionsFor(model);
  const prompt = input.prompt.trim();
  if (!prompt) refuse(t('The prompt is empty. Describe the picture, then try again.'));
  const length = [...prompt].length;
  if (options.maxPromptChars !== undefined && length > options.maxPromptChars) {
    refuse(t('{0} takes prompts of at most {1} characters; this one has {2}. Shorten it and try again.', model, options.maxPromptChars, length));
  }
  const n = input.n ?? 1;
  if (!Number.isInteger(n) || n < 1 || n > options.maxImages) {
    refuse(options.maxImages === 1 ? t('{0} makes one image per request.', model) : t('{0} makes 1 to {1} images per request.', model, options.maxImages));
  }
  const pick = (name: string, value: string | undefined, allowed: readonly string[]): string | undefined => {
    if (value === undefined || value === '') return undefined;
    if (allowed.length === 0) refuse(t('{0} has no {1} option.', model, name));
    if (!allowed.includes(value)) refuse(t('{0} does not offer {1} "{2}". Choose {3}.', model, name, value, list(allowed)));
    return value;
  };
  let size: string | undefined;
  if (input.size) {
    if (options.sizes.length > 0) size = pick('size', input.size, options.sizes);
    else if (/^\d{2,5}x\d{2,5}$/.test(input.size)) size = input.size;
    else refuse(t('"{0}" is not an image size. Write it as width x height, e.g. 1024x1024.', input.size));
  }
  if (input.responseFormat && !options.responseFormat) refuse(t('{0} always returns the image itself; it has no response format option.', model));
  const body: Record<string, unknown> = {
    model,
    prompt,
    n,
    size,
    quality: pick('quality', input.quality, options.qualities),
    style: pick('style', input.style, options.styles),
    background: pick('background', input.background, options.backgrounds),
    output_format: pick('output format', input.outputFormat, options.outputFormats),
    response_format: input.responseFormat,
  };
  for (const key of Object.keys(body)) if (body[key] === undefined) delete body[key];
  return body;
}

/** The type base64 image bytes start with (PNG, JPEG, WebP, GIF), or image/png when unsure. */
export function sniffImageType(b64: string): string {
  if (b64.startsWith('/9j/')) return 'image/jpeg';
  if (b64.startsWith('UklGR')) return 'image/webp';
  if (b64.startsWith('R0lGOD')) return 'image/gif';
  return 'image/png';
}

/** Reads `{created, data: [{url} | {b64_json}, …]}`. */
export function imagesResultOf(data: unknown, label: string): GenerateImagesResult {
  const record = (typeof data === 'object' && data !== null ? data : {}) as Record<string, unknown>;
  const items = Array.isArray(record.data) ? record.data : [];
  const images: GeneratedImage[] = [];
  for (const raw of items) {
    const item = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
    const url = typeof item.url === 'string' && item.url ? item.url : undefined;
    const b64 = typeof item.b64_json === 'string' && item.b64_json ? item.b64_json.replace(/\s+/g, '') : undefined;
    if (!url && !b64) continue;
    images.push({
      ...(url && { url }),
      ...(b64 && { b64, mimeType: sniffImageType(b64) }),
      ...(typeof item.revised_prompt === 'string' && item.revised_prompt && { revisedPrompt: item.revised_prompt }),
    });
  }
  if (images.length === 0) {
    throw new GatewayError({
      kind: 'bad-response',
      mayHaveReachedGateway: true,
      message: t('The gateway answered without any image. Try again, or try another model.'),
      detail: `${label}: ${JSON.stringify(data).slice(0, 300)}`,
    });
  }
  return { images, created: typeof record.created === 'number' ? record.created : Math.floor(Date.now() / 1000) };
}
