import { t } from '../base/l10n';
// Images the user hands to MidJourney (reference images, blend, describe, face swap): checked
// before anything is sent, and turned into the data URLs the gateway wants.

/** Largest image AITRE sends: gateways and Discord refuse bigger uploads, and the request would be slow. */
export const MAX_IMAGE_BYTES = 10 * 1024 * 1024;
export const IMAGE_EXTENSIONS = ['png', 'jpg', 'jpeg', 'webp', 'gif'] as const;

export type ImageMime = 'image/png' | 'image/jpeg' | 'image/webp' | 'image/gif';

/** The real type from the first bytes (a renamed file is caught here). */
export function sniffImageMime(bytes: Uint8Array): ImageMime | undefined {
  const b = bytes;
  if (b.length >= 8 && b[0] === 0x89 && b[1] === 0x50 && b[2] === 0x4e && b[3] === 0x47) return 'image/png';
  if (b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'image/jpeg';
  if (b.length >= 12 && b[0] === 0x52 && b[1] === 0x49 && b[2] === 0x46 && b[3] === 0x46 && b[8] === 0x57 && b[9] === 0x45 && b[10] === 0x42 && b[11] === 0x50) return 'image/webp';
  if (b.length >= 6 && b[0] === 0x47 && b[1] === 0x49 && b[2] === 0x46 && b[3] === 0x38) return 'image/gif';
  return undefined;
}

export interface ImageInput {
  name: string;
  bytes: Uint8Array;
}

export type ImageCheck = { ok: true; dataUrl: string; mime: ImageMime } | { ok: false; message: string };

function formatMb(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

/** One image → data URL, or the reason it cannot be sent (type, size, empty). */
export function imageToDataUrl(input: ImageInput): ImageCheck {
  if (input.bytes.length === 0) return { ok: false, message: t('"{0}" is empty.', input.name) };
  const mime = sniffImageMime(input.bytes);
  if (!mime) return { ok: false, message: t('"{0}" is not a PNG, JPEG, WebP or GIF image.', input.name) };
  if (input.bytes.length > MAX_IMAGE_BYTES) {
    return { ok: false, message: t('"{0}" is {1}; the gateway accepts images up to {2}. Resize or compress it first.', input.name, formatMb(input.bytes.length), formatMb(MAX_IMAGE_BYTES)) };
  }
  return { ok: true, mime, dataUrl: `data:${mime};base64,${Buffer.from(input.bytes).toString('base64')}` };
}

/** Several images → data URLs, refusing the whole set (with every reason) if any is unusable. */
export function imagesToDataUrls(inputs: readonly ImageInput[], range?: { min: number; max: number; what: string }): { ok: true; dataUrls: string[] } | { ok: false; message: string } {
  if (range && (inputs.length < range.min || inputs.length > range.max)) {
    return { ok: false, message: t('{0} needs {1} to {2} images; {3} {4} chosen. Nothing was sent.', range.what, range.min, range.max, inputs.length, inputs.length === 1 ? 'was' : 'were') };
  }
  const problems: string[] = [];
  const dataUrls: string[] = [];
  for (const input of inputs) {
    const check = imageToDataUrl(input);
    if (check.ok) dataUrls.push(check.dataUrl);
    else problems.push(check.message);
  }
  if (problems.length) return { ok: false, message: t('{0} Nothing was sent.', problems.join(' ')) };
  return { ok: true, dataUrls };
}

/** A PNG data URL from the mask editor: PNG, not empty, not absurdly large. */
export function checkMaskDataUrl(dataUrl: string): string | undefined {
  const match = /^data:image\/png;base64,([A-Za-z0-9+/=]+)$/.exec(dataUrl);
  if (!match) return t('The mask is not a PNG image.');
  const bytes = Buffer.from(match[1]!, 'base64');
  if (sniffImageMime(bytes) !== 'image/png') return t('The mask is not a PNG image.');
  if (bytes.length > MAX_IMAGE_BYTES) return t('The mask is too large.');
  return undefined;
}

export interface ImageHeader {
  mime: ImageMime;
  /** 0 when the header does not say (a truncated file). */
  width: number;
  height: number;
  /** PNG: an alpha channel (grey+alpha or RGBA) or a tRNS transparency chunk. Other types: false. */
  hasAlpha: boolean;
}

const u16be = (b: Uint8Array, at: number) => ((b[at] ?? 0) << 8) | (b[at + 1] ?? 0);
const u16le = (b: Uint8Array, at: number) => (b[at] ?? 0) | ((b[at + 1] ?? 0) << 8);
const u24le = (b: Uint8Array, at: number) => u16le(b, at) | ((b[at + 2] ?? 0) << 16);
const u32be = (b: Uint8Array, at: number) => (u16be(b, at) * 65536) + u16be(b, at + 2);
const ascii = (b: Uint8Array, at: number, length: number) => String.fromCharCode(...b.subarray(at, at + length));

/** Type, size and transparency from the first bytes of a PNG (IHDR, tRNS), JPEG (SOF), WebP or GIF; no decoding. */
export function readImageHeader(bytes: Uint8Array): ImageHeader | undefined {
  const mime = sniffImageMime(bytes);
  if (!mime) return undefined;
  const header = (width: number, height: number, hasAlpha = false): ImageHeader => ({ mime, width, height, hasAlpha });
  switch (mime) {
    case 'image/png': {
      if (bytes.length < 26 || ascii(bytes, 12, 4) !== 'IHDR') return header(0, 0);
      const colourType = bytes[25] ?? 0;
      let hasAlpha = colourType === 4 || colourType === 6;
      // A tRNS chunk before the image data makes palette / grey / RGB pictures transparent too.
      for (let at = 8; !hasAlpha && at + 8 <= bytes.length; at += 12 + u32be(bytes, at)) {
        const type = ascii(bytes, at + 4, 4);
        if (type === 'tRNS') hasAlpha = true;
        if (type === 'IDAT' || type === 'IEND') break;
      }
      return header(u32be(bytes, 16), u32be(bytes, 20), hasAlpha);
    }
    case 'image/jpeg': {
      for (let at = 2; at + 9 < bytes.length && bytes[at] === 0xff; at += 2 + u16be(bytes, at + 2)) {
        const marker = bytes[at + 1] ?? 0;
        if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) return header(u16be(bytes, at + 7), u16be(bytes, at + 5));
      }
      return header(0, 0);
    }
    case 'image/webp': {
      const chunk = ascii(bytes, 12, 4);
      if (chunk === 'VP8 ' && bytes.length >= 30) return header(u16le(bytes, 26) & 0x3fff, u16le(bytes, 28) & 0x3fff);
      if (chunk === 'VP8L' && bytes.length >= 25) {
        const bits = (bytes[21] ?? 0) | ((bytes[22] ?? 0) << 8) | ((bytes[23] ?? 0) << 16) | ((bytes[24] ?? 0) << 24);
        return header((bits & 0x3fff) + 1, ((bits >>> 14) & 0x3fff) + 1);
      }
      if (chunk === 'VP8X' && bytes.length >= 30) return header(u24le(bytes, 24) + 1, u24le(bytes, 27) + 1);
      return header(0, 0);
    }
    case 'image/gif':
      return header(u16le(bytes, 6), u16le(bytes, 8));
  }
}
