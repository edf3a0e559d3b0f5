// POST /v1/images/edits (gpt-image-1 with a mask; dall-e-2): the checks made before anything is sent and the
// multipart body. The mask is a PNG with an alpha channel, the size of the (first) image: transparent pixels
// are the ones to change (the mask editor exports exactly that).
import { GatewayError } from '../gateway/errors';
import { readImageHeader, type ImageHeader } from '../files/images';
import { imageFamilyOf, imageOptionsFor, type ImageResponseFormat } from './images';
import { t } from '../base/l10n';

export type InputFidelity = 'high' | 'low';

export interface EditImageFile {
  /** File name sent with the part (only its last segment is used). */
  name: string;
  bytes: Uint8Array;
}

export interface EditImageInput {
  /** gpt-image-1 (default family for edits) or dall-e-2. */
  model: string;
  prompt: string;
  /** The picture to edit; gpt-image models take up to 16 (the mask applies to the first). */
  image: EditImageFile | readonly EditImageFile[];
  /** PNG with an alpha channel, same width and height as the image: transparent = edit here. */
  mask?: EditImageFile;
  n?: number;
  size?: string;
  quality?: string;
  background?: string;
  outputFormat?: string;
  /** How closely to keep the input's details (faces, logos): gpt-image-1 only. */
  inputFidelity?: InputFidelity;
  /** dall-e-2 only: gpt-image models always answer base64. */
  responseFormat?: ImageResponseFormat;
  signal?: AbortSignal;
}

/** Largest image each model family takes for edits (OpenAI's limits). */
const MAX_BYTES = { 'gpt-image': 50 * 1024 * 1024, 'dall-e-2': 4 * 1024 * 1024 } as const;
const EDIT_SIZES: Record<'gpt-image' | 'dall-e-2', readonly string[]> = {
  'gpt-image': ['1024x1024', '1536x1024', '1024x1536', 'auto'],
  'dall-e-2': ['1024x1024', '512x512', '256x256'],
};

const refuse = (message: string): never => {
  throw new GatewayError({ kind: 'validation', message });
};

/** Whether the model takes `input_fidelity` (gpt-image-1; not the mini model, not dall-e-2). */
export function takesInputFidelity(model: string): boolean {
  const id = model.trim().toLowerCase();
  return imageFamilyOf(id) === 'gpt-image' && !id.includes('mini');
}

/** Which models /v1/images/edits is for, by name: gpt-image-* and dall-e-2. */
export function canEditImages(model: string): boolean {
  const family = imageFamilyOf(model);
  return family === 'gpt-image' || family === 'dall-e-2';
}

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

/** The multipart body for the request, or a plain refusal before anything is sent. */
export function editImageForm(input: EditImageInput): FormData {
  const model = input.model.trim();
  if (!model) refuse(t('Choose an image model first.'));
  if (!canEditImages(model)) refuse(t('{0} cannot edit images. Choose gpt-image-1 (or dall-e-2).', model));
  const family = imageFamilyOf(model) as 'gpt-image' | 'dall-e-2';
  const options = imageOptionsFor(model);
  const prompt = input.prompt.trim();
  if (!prompt) refuse(t('Describe the change: the edit needs a prompt.'));
  const maxPrompt = family === 'dall-e-2' ? 1000 : 32000;
  if ([...prompt].length > maxPrompt) refuse(t('{0} takes edit prompts of at most {1} characters; this one has {2}.', model, maxPrompt, [...prompt].length));

  const images = Array.isArray(input.image) ? input.image as readonly EditImageFile[] : [input.image as EditImageFile];
  const maxImages = family === 'gpt-image' ? 16 : 1;
  if (images.length === 0) refuse(t('Choose the image to edit.'));
  if (images.length > maxImages) refuse(maxImages === 1 ? t('{0} edits one image at a time.', model) : t('{0} edits at most {1} images at once.', model, maxImages));
  const headers = images.map((image) => checkImage(image, family, model));
  const first = headers[0]!;
  if (family === 'dall-e-2' && first.width !== first.height) refuse(t('{0} edits square PNG images only; "{1}" is {2}x{3}.', model, images[0]!.name, first.width, first.height));
  if (family === 'dall-e-2' && !input.mask && !first.hasAlpha) refuse(t('Without a mask, {0} edits the transparent part of the image, and "{1}" has none. Paint a mask first.', model, images[0]!.name));
  if (input.mask) checkMask(input.mask, first, images[0]!.name);

  const n = input.n ?? 1;
  if (!Number.isInteger(n) || n < 1 || n > 10) refuse(t('An edit makes 1 to 10 images.'));
  if (input.size && !EDIT_SIZES[family].includes(input.size)) refuse(t('{0} edits to {1}; not {2}.', model, EDIT_SIZES[family].join(', '), input.size));
  if (input.quality && !options.qualities.includes(input.quality)) {
    refuse(options.qualities.length ? t('{0} does not offer quality "{1}". Choose {2}.', model, input.quality, options.qualities.join(', ')) : t('{0} has no quality option.', model));
  }
  if (input.background && !options.backgrounds.includes(input.background)) refuse(t('{0} has no background "{1}".', model, input.background));
  if (input.outputFormat && !options.outputFormats.includes(input.outputFormat)) refuse(t('{0} has no output format "{1}".', model, input.outputFormat));
  if (input.inputFidelity !== undefined) {
    if (!takesInputFidelity(model)) refuse(t('{0} has no input fidelity option; leave it out.', model));
    if (input.inputFidelity !== 'high' && input.inputFidelity !== 'low') refuse(t('Input fidelity is "high" or "low".'));
  }
  if (input.responseFormat && !options.responseFormat) refuse(t('{0} always returns the image itself; it has no response format option.', model));

  const form = new FormData();
  form.append('model', model);
  form.append('prompt', prompt);
  // One image goes as `image`; several as `image[]`, which gpt-image models read as a list.
  images.forEach((image, i) => form.append(images.length > 1 ? 'image[]' : 'image', blobOf(image.bytes, headers[i]!.mime), baseName(image.name)));
  if (input.mask) form.append('mask', blobOf(input.mask.bytes, 'image/png'), baseName(input.mask.name || 'mask.png'));
  if (n !== 1) form.append('n', String(n));
  if (input.size) form.append('size', input.size);
  if (input.quality) form.append('quality', input.quality);
  if (input.background) form.append('background', input.background);
  if (input.outputFormat) form.append('output_format', input.outputFormat);
  if (input.inputFidelity) form.append('input_fidelity', input.inputFidelity);
  if (input.responseFormat) form.append('response_format', input.responseFormat);
  return form;
}

function checkImage(image: EditImageFile, family: 'gpt-image' | 'dall-e-2', model: string): ImageHeader {
  const header = readImageHeader(image.bytes);
  const allowed = family === 'dall-e-2' ? ['image/png'] : ['image/png', 'image/jpeg', 'image/webp'];
  if (!header || !allowed.includes(header.mime)) refuse(t('"{0}" is not {1} image, which {2} needs for edits.', image.name, family === 'dall-e-2' ? t('a PNG') : t('a PNG, JPEG or WebP'), model));
  if (image.bytes.length > MAX_BYTES[family]) refuse(t('"{0}" is {1}; {2} edits images up to {3}.', image.name, mb(image.bytes.length), model, mb(MAX_BYTES[family])));
  return header!;
}

function checkMask(mask: EditImageFile, image: ImageHeader, imageName: string): void {
  const header = readImageHeader(mask.bytes);
  if (!header || header.mime !== 'image/png') refuse(t('The mask must be a PNG image. Paint it in the mask editor, or export a PNG with transparency.'));
  if (!header!.hasAlpha) refuse(t('The mask has no transparency: make the area to change transparent (the mask editor does this), then try again.'));
  if (image.width && image.height && (header!.width !== image.width || header!.height !== image.height)) {
    refuse(t('The mask is {0}x{1} but "{2}" is {3}x{4}; they must be the same size.', header!.width, header!.height, imageName, image.width, image.height));
  }
}

/** A Blob of a copy (a Blob part must own a plain ArrayBuffer; the caller's bytes stay untouched). */
const blobOf = (bytes: Uint8Array, type: string) => new Blob([new Uint8Array(bytes)], { type });

const baseName = (fileName: string): string => fileName.split(/[/\\]/).pop() || fileName;
