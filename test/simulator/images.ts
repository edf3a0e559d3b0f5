// The pictures the simulator serves from GET /mj/image/{id}.
//
// Grid (512x512, or the prompt's --ar with 512 on the long side, e.g. 512x288 for 16:9): quadrant 1 top-left,
// 2 top-right, 3 bottom-left, 4 bottom-right. Each quadrant is a flat colour with stripes in its outer band, a
// light ring, and its number drawn in its top-left corner; the centre pixel of each quadrant (for 512x512:
// (128,128) (384,128) (128,384) (384,384)) is exactly gridQuadrantColor(seed, index).
// Single image (upscale / swap face, the grid's size): the same design at full size; its centre pixel is
// gridQuadrantColor(seed, index). For a grid task seed = its own id; an upscale U{i} of grid G shows
// gridQuadrantColor(G.id, i), so a test can tell which quadrant was upscaled.
// Preview (while IN_PROGRESS): the same picture desaturated and darkened.
import { createHash } from 'node:crypto';
import { encodePng } from './png';
import type { ImageSpec } from './types';
import { renderPoster } from './video';

export type Rgb = readonly [number, number, number];

export const IMAGE_SIZE = 512;

/** The width/height of `--ar W:H` (or `--aspect`) in a prompt, when it is a usable ratio (1:4 to 4:1). */
export function aspectOfPrompt(prompt: string): number | undefined {
  const match = /(?:^|\s)--(?:ar|aspect)\s+(\d{1,4}):(\d{1,4})(?=\s|$)/.exec(prompt);
  if (!match) return undefined;
  const ratio = Number(match[1]) / Number(match[2]);
  return Number.isFinite(ratio) && ratio >= 0.25 && ratio <= 4 && ratio !== 1 ? ratio : undefined;
}

/** The picture's size: 512 on the long side, the other side even (so a grid's quadrants are whole pixels). */
export function imageSize(aspect: number | undefined): { width: number; height: number } {
  if (!aspect) return { width: IMAGE_SIZE, height: IMAGE_SIZE };
  const even = (n: number) => Math.max(2, 2 * Math.round(n / 2));
  return aspect >= 1 ? { width: IMAGE_SIZE, height: even(IMAGE_SIZE / aspect) } : { width: even(IMAGE_SIZE * aspect), height: IMAGE_SIZE };
}

/** The exact colour at the centre of quadrant `index` (1..4) of the grid whose seed is `seed` (= grid task id).
 *  Hues are 90° apart, so the four quadrants are easy to tell apart. */
export function gridQuadrantColor(seed: string, index: number): Rgb {
  const digest = createHash('sha256').update(seed).digest();
  const baseHue = digest.readUInt16BE(0) % 360;
  return hslToRgb((baseHue + (index - 1) * 90) % 360, 0.7, 0.5);
}

function hslToRgb(hue: number, saturation: number, lightness: number): Rgb {
  const c = (1 - Math.abs(2 * lightness - 1)) * saturation;
  const x = c * (1 - Math.abs(((hue / 60) % 2) - 1));
  const m = lightness - c / 2;
  const [r, g, b] =
    hue < 60 ? [c, x, 0] : hue < 120 ? [x, c, 0] : hue < 180 ? [0, c, x] : hue < 240 ? [0, x, c] : hue < 300 ? [x, 0, c] : [c, 0, x];
  return [Math.round((r + m) * 255), Math.round((g + m) * 255), Math.round((b + m) * 255)];
}

// 3x5 bitmap digits for the quadrant numbers.
const DIGITS: Record<number, string[]> = {
  1: ['.#.', '##.', '.#.', '.#.', '###'],
  2: ['###', '..#', '###', '#..', '###'],
  3: ['###', '..#', '###', '..#', '###'],
  4: ['#.#', '#.#', '###', '..#', '..#'],
};

class Raster {
  readonly pixels: Uint8Array;
  constructor(readonly width: number, readonly height: number) {
    this.pixels = new Uint8Array(width * height * 3);
  }
  set(x: number, y: number, [r, g, b]: Rgb): void {
    const at = (y * this.width + x) * 3;
    this.pixels[at] = r;
    this.pixels[at + 1] = g;
    this.pixels[at + 2] = b;
  }
}

const mix = (a: Rgb, b: Rgb, t: number): Rgb => [
  Math.round(a[0] + (b[0] - a[0]) * t),
  Math.round(a[1] + (b[1] - a[1]) * t),
  Math.round(a[2] + (b[2] - a[2]) * t),
];
const WHITE: Rgb = [255, 255, 255];
const BLACK: Rgb = [0, 0, 0];

/** One panel (w x h): flat colour, stripes outside the central disc, a ring, the digit in the corner. */
function drawPanel(raster: Raster, x0: number, y0: number, width: number, height: number, colour: Rgb, digit: number): void {
  const size = Math.min(width, height);
  const ringInner = size * 0.3;
  const ringOuter = size * 0.34;
  const stripe = mix(colour, BLACK, 0.25);
  const ring = mix(colour, WHITE, 0.55);
  const border = mix(colour, BLACK, 0.6);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const distance = Math.hypot(x + 0.5 - width / 2, y + 0.5 - height / 2);
      let pixel = colour;
      if (x < 2 || y < 2 || x >= width - 2 || y >= height - 2) pixel = border;
      else if (distance >= ringInner && distance < ringOuter) pixel = ring;
      else if (distance >= ringOuter && (x + y) % 32 < 8) pixel = stripe;
      raster.set(x0 + x, y0 + y, pixel);
    }
  }
  const glyph = DIGITS[digit];
  if (!glyph) return;
  const ink = 0.299 * colour[0] + 0.587 * colour[1] + 0.114 * colour[2] > 150 ? BLACK : WHITE;
  const scale = Math.max(2, Math.round(size / 25));
  glyph.forEach((row, gy) => {
    [...row].forEach((cell, gx) => {
      if (cell !== '#') return;
      for (let dy = 0; dy < scale; dy++) {
        for (let dx = 0; dx < scale; dx++) raster.set(x0 + 12 + gx * scale + dx, y0 + 12 + gy * scale + dy, ink);
      }
    });
  });
}

function renderGrid(seed: string, aspect: number | undefined): Raster {
  const { width, height } = imageSize(aspect);
  const raster = new Raster(width, height);
  for (let index = 1; index <= 4; index++) {
    const col = (index - 1) % 2;
    const row = Math.floor((index - 1) / 2);
    drawPanel(raster, col * (width / 2), row * (height / 2), width / 2, height / 2, gridQuadrantColor(seed, index), index);
  }
  return raster;
}

function renderSingle(seed: string, index: number, aspect: number | undefined): Raster {
  const { width, height } = imageSize(aspect);
  const raster = new Raster(width, height);
  drawPanel(raster, 0, 0, width, height, gridQuadrantColor(seed, index), index);
  return raster;
}

/** A neutral "photo" for describe-by-link: a sky gradient with a sun. */
function renderStock(): Raster {
  const raster = new Raster(IMAGE_SIZE, IMAGE_SIZE);
  for (let y = 0; y < IMAGE_SIZE; y++) {
    const sky = mix([40, 90, 170], [250, 190, 120], y / IMAGE_SIZE);
    for (let x = 0; x < IMAGE_SIZE; x++) {
      const sun = Math.hypot(x - 340, y - 300) < 60;
      raster.set(x, y, y > 400 ? [30, 60, 40] : sun ? [255, 230, 150] : sky);
    }
  }
  return raster;
}

/** Desaturated and darkened copy: what a half-finished job looks like. */
function toPreview(raster: Raster): Raster {
  const out = new Raster(raster.width, raster.height);
  const src = raster.pixels;
  for (let at = 0; at < src.length; at += 3) {
    const [r, g, b] = [src[at] ?? 0, src[at + 1] ?? 0, src[at + 2] ?? 0];
    const grey = 0.299 * r + 0.587 * g + 0.114 * b;
    out.pixels[at] = Math.round((r * 0.35 + grey * 0.65) * 0.5);
    out.pixels[at + 1] = Math.round((g * 0.35 + grey * 0.65) * 0.5);
    out.pixels[at + 2] = Math.round((b * 0.35 + grey * 0.65) * 0.5);
  }
  return out;
}

// Encoded PNGs are cached: a poll loop asks for the same picture many times.
const cache = new Map<string, Buffer>();
const CACHE_LIMIT = 64;

function cached(key: string, render: () => Buffer): Buffer {
  const hit = cache.get(key);
  if (hit) return hit;
  const png = render();
  if (cache.size >= CACHE_LIMIT) {
    const oldest = cache.keys().next().value;
    if (oldest !== undefined) cache.delete(oldest);
  }
  cache.set(key, png);
  return png;
}

export interface ImageBytes {
  contentType: string;
  bytes: Buffer;
}

/** The picture for an image spec, or null when the spec has none. */
export function renderImage(spec: ImageSpec, preview: boolean): ImageBytes | null {
  if (spec.kind === 'none') return null;
  if (spec.kind === 'upload') return { contentType: spec.mime, bytes: Buffer.from(spec.base64, 'base64') };
  // A video's poster is its first frame, finished or not.
  if (spec.kind === 'poster') return { contentType: 'image/png', bytes: renderPoster(spec.seed) };
  const key = `${JSON.stringify(spec)}${preview ? ':preview' : ''}`;
  const bytes = cached(key, () => {
    const raster = spec.kind === 'grid' ? renderGrid(spec.seed, spec.aspect) : spec.kind === 'single' ? renderSingle(spec.seed, spec.index, spec.aspect) : renderStock();
    const shown = preview ? toPreview(raster) : raster;
    return encodePng(shown.width, shown.height, shown.pixels);
  });
  return { contentType: 'image/png', bytes };
}
