// The mask's pixels at the image's natural size: one byte a pixel, 1 = painted (to be redrawn),
// 0 = kept. Every operation says which pixels it touched (a dirty rectangle) so the editor repaints
// only those, and keeps the painted count current. The exports are what the gateways want: Vary
// (Region) a black/white image, white where painted; a gpt-image edit an image transparent where
// painted and opaque elsewhere. Pure: no DOM, runs in Node (test/unit/mask-model.test.ts).
import { clamp, type Rect } from './geometry';

/** 'region': Vary (Region), white = redraw, black = keep. 'edit': /v1/images/edits, transparent = change, opaque black = keep. */
export type MaskKind = 'region' | 'edit';
export type Rgb = readonly [number, number, number];

export class MaskRaster {
  /** Row-major, width × height, 1 where painted. */
  readonly data: Uint8Array;
  private count = 0;

  constructor(readonly width: number, readonly height: number) {
    if (!Number.isInteger(width) || !Number.isInteger(height) || width <= 0 || height <= 0) {
      throw new RangeError(`mask size must be whole positive pixels (got ${width} × ${height})`);
    }
    this.data = new Uint8Array(width * height);
  }

  /** How many pixels are painted. */
  get painted(): number { return this.count; }

  isPainted(x: number, y: number): boolean {
    return x >= 0 && y >= 0 && x < this.width && y < this.height && this.data[y * this.width + x] === 1;
  }

  /** `rect` cut to the image (edges rounded to whole pixels), or undefined when nothing of it is inside. */
  clip(rect: Rect): Rect | undefined {
    const x0 = clamp(Math.round(rect.x), 0, this.width);
    const y0 = clamp(Math.round(rect.y), 0, this.height);
    const x1 = clamp(Math.round(rect.x + rect.w), 0, this.width);
    const y1 = clamp(Math.round(rect.y + rect.h), 0, this.height);
    return x1 > x0 && y1 > y0 ? { x: x0, y: y0, w: x1 - x0, h: y1 - y0 } : undefined;
  }

  /**
   * A round brush of `radius` dragged from (x0, y0) to (x1, y1) (a single dab when they are equal):
   * every pixel whose centre lies within `radius` of the segment becomes `value`. Pixels outside
   * the image are simply not there (the stroke is clipped). Returns the pixels it may have changed.
   */
  stampSegment(x0: number, y0: number, x1: number, y1: number, radius: number, value: 0 | 1): Rect | undefined {
    // Pixel centres are at i + 0.5: the candidates are the centres inside the segment's bounding box grown by radius.
    const left = Math.ceil(Math.min(x0, x1) - radius - 0.5);
    const top = Math.ceil(Math.min(y0, y1) - radius - 0.5);
    const right = Math.floor(Math.max(x0, x1) + radius - 0.5);
    const bottom = Math.floor(Math.max(y0, y1) + radius - 0.5);
    const box = this.clip({ x: left, y: top, w: right - left + 1, h: bottom - top + 1 });
    if (!box) return undefined;
    const dx = x1 - x0;
    const dy = y1 - y0;
    const length2 = dx * dx + dy * dy;
    const r2 = radius * radius;
    const { data, width } = this;
    let delta = 0;
    for (let py = box.y; py < box.y + box.h; py++) {
      const cy = py + 0.5;
      for (let px = box.x; px < box.x + box.w; px++) {
        const cx = px + 0.5;
        // The closest point of the segment to the centre: its projection, held to the segment's ends.
        const t = length2 === 0 ? 0 : clamp(((cx - x0) * dx + (cy - y0) * dy) / length2, 0, 1);
        const ex = cx - (x0 + t * dx);
        const ey = cy - (y0 + t * dy);
        if (ex * ex + ey * ey > r2) continue;
        const i = py * width + px;
        delta += value - (data[i] ?? 0);
        data[i] = value;
      }
    }
    this.count += delta;
    return box;
  }

  /** Sets every pixel of `rect` (clipped to the image) to `value`. */
  fillRect(rect: Rect, value: 0 | 1): Rect | undefined {
    const box = this.clip(rect);
    if (!box) return undefined;
    const { data, width } = this;
    let delta = 0;
    for (let py = box.y; py < box.y + box.h; py++) {
      const row = py * width;
      for (let i = row + box.x; i < row + box.x + box.w; i++) delta += value - (data[i] ?? 0);
      data.fill(value, row + box.x, row + box.x + box.w);
    }
    this.count += delta;
    return box;
  }

  /** Painted becomes kept and kept becomes painted. */
  invert(): Rect {
    const { data } = this;
    for (let i = 0; i < data.length; i++) data[i] = 1 - (data[i] ?? 0);
    this.count = data.length - this.count;
    return this.whole();
  }

  /** The smallest rectangle holding every painted pixel, or undefined when nothing is painted. */
  paintedBounds(): Rect | undefined {
    if (this.count === 0) return undefined;
    const { data, width, height } = this;
    let x0 = width;
    let y0 = height;
    let x1 = -1;
    let y1 = -1;
    for (let y = 0; y < height; y++) {
      const row = data.subarray(y * width, (y + 1) * width);
      const first = row.indexOf(1);
      if (first < 0) continue;
      x0 = Math.min(x0, first);
      x1 = Math.max(x1, row.lastIndexOf(1));
      y0 = Math.min(y0, y);
      y1 = y;
    }
    return { x: x0, y: y0, w: x1 - x0 + 1, h: y1 - y0 + 1 };
  }

  whole(): Rect {
    return { x: 0, y: 0, w: this.width, h: this.height };
  }

  /** A copy of the pixels of `rect` (inside the image), row by row. */
  read(rect: Rect, from: Uint8Array = this.data): Uint8Array {
    const out = new Uint8Array(rect.w * rect.h);
    for (let y = 0; y < rect.h; y++) {
      const start = (rect.y + y) * this.width + rect.x;
      out.set(from.subarray(start, start + rect.w), y * rect.w);
    }
    return out;
  }

  /** Exchanges the pixels of `rect` with `bytes` (as read() gives them): afterwards `bytes` holds what was there. */
  swap(rect: Rect, bytes: Uint8Array): void {
    const { data, width } = this;
    let delta = 0;
    for (let y = 0; y < rect.h; y++) {
      let i = (rect.y + y) * width + rect.x;
      let j = y * rect.w;
      for (let x = 0; x < rect.w; x++, i++, j++) {
        const incoming = bytes[j] ?? 0;
        const outgoing = data[i] ?? 0;
        delta += incoming - outgoing;
        data[i] = incoming;
        bytes[j] = outgoing;
      }
    }
    this.count += delta;
  }

  /**
   * The mask to send, RGBA at the natural size, written into `out` (a canvas ImageData's data, or a
   * new array): 'region' white where painted and black elsewhere, 'edit' transparent where painted
   * and opaque black elsewhere. Every pixel is fully one or the other.
   */
  exportRgba(kind: MaskKind, out: Uint8ClampedArray = new Uint8ClampedArray(this.data.length * 4)): Uint8ClampedArray {
    if (out.length !== this.data.length * 4) throw new RangeError('export buffer is not width × height × 4');
    const { data } = this;
    const region = kind === 'region';
    for (let i = 0, o = 0; i < data.length; i++, o += 4) {
      const painted = data[i] === 1;
      const value = painted && region ? 255 : 0;
      out[o] = value;
      out[o + 1] = value;
      out[o + 2] = value;
      out[o + 3] = painted && !region ? 0 : 255;
    }
    return out;
  }

  /** What the overlay shows for `rect` (inside the image), RGBA: `colour` where painted, transparent elsewhere. */
  overlayRgba(rect: Rect, colour: Rgb, out: Uint8ClampedArray = new Uint8ClampedArray(rect.w * rect.h * 4)): Uint8ClampedArray {
    if (out.length !== rect.w * rect.h * 4) throw new RangeError('overlay buffer is not w × h × 4');
    const { data, width } = this;
    const [r, g, b] = colour;
    let o = 0;
    for (let y = rect.y; y < rect.y + rect.h; y++) {
      for (let i = y * width + rect.x; i < y * width + rect.x + rect.w; i++, o += 4) {
        const painted = data[i] === 1;
        out[o] = painted ? r : 0;
        out[o + 1] = painted ? g : 0;
        out[o + 2] = painted ? b : 0;
        out[o + 3] = painted ? 255 : 0;
      }
    }
    return out;
  }
}
