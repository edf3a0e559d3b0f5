// Pictures made by the OpenAI-format image routes (images/generations, gpt-4o-image through chat), served as
// real PNGs from GET /v1/files/{id}.png. Each picture is a flat colour from a hash of its prompt, with a light
// diagonal band, at the requested size; its centre pixel is exactly generatedImageColor(prompt).
import { createHash, randomBytes } from 'node:crypto';
import type { SimCore } from './context';
import { gridQuadrantColor, type Rgb } from './images';
import { encodePng } from './png';
import type { SimulatorState } from './types';

export interface GeneratedFile {
  prompt: string;
  width: number;
  height: number;
}

// Per simulator state, so a "restarted" simulator with the same state still serves its files.
const files = new WeakMap<SimulatorState, Map<string, GeneratedFile>>();

function book(state: SimulatorState): Map<string, GeneratedFile> {
  let map = files.get(state);
  if (!map) files.set(state, (map = new Map()));
  return map;
}

/** The colour a generated picture of `prompt` has at its centre. */
export function generatedImageColor(prompt: string): Rgb {
  return gridQuadrantColor(`openai:${prompt}`, 1);
}

/** Stores a new picture and returns its id (file name without .png). */
export function addGeneratedFile(core: SimCore, file: GeneratedFile): string {
  const id = `img-${createHash('sha256').update(file.prompt).digest('hex').slice(0, 8)}-${randomBytes(6).toString('hex')}`;
  book(core.state).set(id, file);
  return id;
}

export function generatedFile(core: SimCore, id: string): GeneratedFile | undefined {
  return book(core.state).get(id);
}

export const fileUrl = (core: SimCore, id: string): string => `${core.url}/v1/files/${id}.png`;

const cache = new Map<string, Buffer>();

export function renderGenerated(file: GeneratedFile): Buffer {
  const key = `${file.width}x${file.height}:${file.prompt}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const colour = generatedImageColor(file.prompt);
  const band: Rgb = [Math.min(255, colour[0] + 60), Math.min(255, colour[1] + 60), Math.min(255, colour[2] + 60)];
  const { width, height } = file;
  const rgb = new Uint8Array(width * height * 3);
  const cx = Math.floor(width / 2);
  const cy = Math.floor(height / 2);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      // A band along the diagonal, kept clear around the centre pixel.
      const onBand = Math.abs(x * height - y * width) < width * height * 0.04 && Math.abs(x - cx) + Math.abs(y - cy) > 8;
      const [r, g, b] = onBand ? band : colour;
      const at = (y * width + x) * 3;
      rgb[at] = r;
      rgb[at + 1] = g;
      rgb[at + 2] = b;
    }
  }
  const png = encodePng(width, height, rgb);
  if (cache.size > 32) cache.clear();
  cache.set(key, png);
  return png;
}
