// POST /v1/images/edits (gpt-image-1): multipart image(s) + optional mask + prompt, answered in OpenAI's shape.
// The mask must be a PNG with an alpha channel, the same size as the (first) image: transparent pixels are the
// ones to change. The answer is a real edit: the image with every transparent-mask pixel painted in
// generatedImageColor(prompt) (or, without a mask or for an image that is not a plain PNG, the prompt's picture).
import { badChoice, IMAGE_EDIT_MODELS, invalidRequest, modelGate, unixNow } from './openai-common';
import type { Handler } from './context';
import { generatedImageColor, renderGenerated } from './openai-files';
import { parseForm, type FormFile } from './multipart';
import { decodePng, encodePng, pngColour, pngSize, type DecodedPng } from './png';
import { json } from './reply';

const SIZES = ['1024x1024', '1536x1024', '1024x1536', 'auto'];
const QUALITIES = ['low', 'medium', 'high', 'auto'];
const FIDELITIES = ['high', 'low'];
const MAX_IMAGES = 16;
const MAX_IMAGE_BYTES = 50 * 1024 * 1024;

type ImageKind = 'png' | 'jpeg' | 'webp' | null;

function kindOf(bytes: Buffer): ImageKind {
  if (pngSize(bytes)) return 'png';
  if (bytes[0] === 0xff && bytes[1] === 0xd8) return 'jpeg';
  if (bytes.toString('latin1', 0, 4) === 'RIFF' && bytes.toString('latin1', 8, 12) === 'WEBP') return 'webp';
  return null;
}

/** Width and height from a JPEG's first SOF marker. */
function jpegSize(bytes: Buffer): { width: number; height: number } | null {
  for (let at = 2; at + 9 < bytes.length; ) {
    if (bytes[at] !== 0xff) return null;
    const marker = bytes[at + 1]!;
    const length = bytes.readUInt16BE(at + 2);
    if (marker >= 0xc0 && marker <= 0xcf && ![0xc4, 0xc8, 0xcc].includes(marker)) {
      return { height: bytes.readUInt16BE(at + 5), width: bytes.readUInt16BE(at + 7) };
    }
    at += 2 + length;
  }
  return null;
}

const sizeOf = (file: FormFile) => pngSize(file.data) ?? (kindOf(file.data) === 'jpeg' ? jpegSize(file.data) : null);

function tryDecode(bytes: Buffer): DecodedPng | null {
  try {
    return decodePng(bytes);
  } catch {
    return null;
  }
}

/** The edited picture: `image` with the mask's transparent pixels painted in the prompt's colour. */
function composite(image: DecodedPng, mask: DecodedPng, prompt: string): Buffer {
  const colour = generatedImageColor(prompt);
  const rgb = new Uint8Array(image.width * image.height * 3);
  for (let y = 0; y < image.height; y++) {
    for (let x = 0; x < image.width; x++) rgb.set(mask.alpha(x, y) < 128 ? colour : image.pixel(x, y), (y * image.width + x) * 3);
  }
  return encodePng(image.width, image.height, rgb);
}

export const imageEdits: Handler = async (core, { raw, headers }) => {
  const form = await parseForm(raw, headers['content-type'] ?? '');
  if (!form) return invalidRequest('Could not parse multipart form data.');
  const model = form.field('model') ?? '';
  const gate = modelGate(model, '/v1/images/edits', IMAGE_EDIT_MODELS);
  if (gate) return gate;
  const prompt = form.field('prompt') ?? '';
  if (!prompt.trim()) return invalidRequest("'prompt' is required.", 'prompt');
  if ([...prompt].length > 32000) return invalidRequest("Invalid 'prompt': string too long (32000 at most).", 'prompt', 'string_above_max_length');
  const images = [...form.files('image'), ...form.files('image[]')];
  if (images.length === 0) return invalidRequest("'image' is required.", 'image');
  if (images.length > MAX_IMAGES) return invalidRequest(`At most ${MAX_IMAGES} images can be edited at once.`, 'image');
  for (const image of images) {
    if (!kindOf(image.data)) return invalidRequest(`Invalid image file "${image.filename}": use a PNG, JPEG or WebP image.`, 'image', 'invalid_image_format');
    if (image.data.length > MAX_IMAGE_BYTES) return invalidRequest(`Image "${image.filename}" is larger than 50 MB.`, 'image', 'image_too_large');
  }
  const maskFile = form.files('mask')[0];
  const first = images[0]!;
  const firstSize = sizeOf(first);
  if (maskFile) {
    const colour = pngColour(maskFile.data);
    if (!colour) return invalidRequest('Invalid mask image format - the mask must be a PNG file.', 'mask', 'invalid_image_format');
    const alpha = colour.colourType === 4 || colour.colourType === 6 || colour.transparencyChunk;
    if (!alpha) return invalidRequest('Invalid mask image: the mask must have an alpha channel (transparent where the image should change).', 'mask', 'invalid_image_format');
    const maskSize = pngSize(maskFile.data)!;
    if (firstSize && (firstSize.width !== maskSize.width || firstSize.height !== maskSize.height)) {
      return invalidRequest(`Invalid mask image: the mask is ${maskSize.width}x${maskSize.height} but the image is ${firstSize.width}x${firstSize.height}; they must be the same size.`, 'mask', 'invalid_image_dimensions');
    }
  }
  if (form.names().includes('response_format')) return invalidRequest("Unknown parameter: 'response_format'.", 'response_format', 'unknown_parameter');
  const n = Number(form.field('n') ?? 1);
  if (!Number.isInteger(n) || n < 1 || n > 10) return invalidRequest("'n' must be an integer from 1 to 10.", 'n');
  const size = form.field('size') ?? 'auto';
  if (!SIZES.includes(size)) return badChoice('size', size, SIZES);
  const quality = form.field('quality');
  if (quality !== undefined && !QUALITIES.includes(quality)) return badChoice('quality', quality, QUALITIES);
  const fidelity = form.field('input_fidelity');
  if (fidelity !== undefined && !FIDELITIES.includes(fidelity)) return badChoice('input_fidelity', fidelity, FIDELITIES);

  const decodedImage = kindOf(first.data) === 'png' ? tryDecode(first.data) : null;
  const decodedMask = maskFile ? tryDecode(maskFile.data) : null;
  const [width, height] = firstSize ? [firstSize.width, firstSize.height] : (size === 'auto' ? '1024x1024' : size).split('x').map(Number) as [number, number];
  const data = Array.from({ length: n }, (_, i) => {
    const text = n > 1 ? `${prompt} #${i + 1}` : prompt;
    const picture = decodedImage && decodedMask ? composite(decodedImage, decodedMask, text) : renderGenerated({ prompt: text, width, height });
    return { b64_json: picture.toString('base64') };
  });
  const inputTokens = Math.ceil(prompt.length / 4) + 258 * images.length;
  return json(200, {
    created: unixNow(core),
    data,
    background: 'opaque', output_format: 'png', quality: quality ?? 'auto', size: `${width}x${height}`,
    usage: { input_tokens: inputTokens, output_tokens: 1056 * n, total_tokens: inputTokens + 1056 * n },
  });
};
