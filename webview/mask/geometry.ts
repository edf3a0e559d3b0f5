// The mask editor's geometry, in image pixels at the image's natural size: mapping a point on the
// displayed (CSS-scaled) image to natural pixels, the rectangle a drag spans, the brush size rules
// and the keyboard selection rectangle. Pure: no DOM, runs in Node (test/unit/mask-model.test.ts).

export interface Point { x: number; y: number }
/** x, y, w, h in whole image pixels; the rectangle covers pixels x … x + w - 1 and y … y + h - 1. */
export interface Rect { x: number; y: number; w: number; h: number }
export interface Size { width: number; height: number }

export const BRUSH_MIN = 4;
export const BRUSH_MAX = 200;

export const clamp = (value: number, min: number, max: number): number => Math.min(max, Math.max(min, value));

/**
 * A point on the displayed image (offset from its top-left corner, in CSS pixels) in natural image
 * pixels, whatever the CSS scale. A display with no size yet maps everything to the origin.
 */
export function toNatural(offset: Point, display: Size, natural: Size): Point {
  if (!display.width || !display.height) return { x: 0, y: 0 };
  return { x: (offset.x * natural.width) / display.width, y: (offset.y * natural.height) / display.height };
}

/** The rectangle between two drag points, rounded to whole pixels and kept inside the image. */
export function dragRect(a: Point, b: Point, image: Size): Rect {
  const x0 = Math.round(clamp(Math.min(a.x, b.x), 0, image.width));
  const y0 = Math.round(clamp(Math.min(a.y, b.y), 0, image.height));
  const x1 = Math.round(clamp(Math.max(a.x, b.x), 0, image.width));
  const y1 = Math.round(clamp(Math.max(a.y, b.y), 0, image.height));
  return { x: x0, y: y0, w: x1 - x0, h: y1 - y0 };
}

/** A brush size (diameter in image pixels) made whole and kept within BRUSH_MIN … BRUSH_MAX. */
export const brushSize = (size: number): number => Math.round(clamp(size, BRUSH_MIN, BRUSH_MAX));

/** The starting brush: a twelfth of the image's short side. */
export const defaultBrushSize = (image: Size): number => brushSize(Math.min(image.width, image.height) / 12);

/** [ and ] change the brush by a fifth (at least 2 px), so a few presses go from fine to coarse. */
export const stepBrushSize = (size: number, direction: 1 | -1): number =>
  brushSize(size + direction * Math.max(2, Math.round(size * 0.2)));

// ---- the keyboard selection ------------------------------------------------------------------

/** Where the keyboard selection starts: the middle half of the image. */
export function defaultSelection(image: Size): Rect {
  return {
    x: Math.round(image.width / 4), y: Math.round(image.height / 4),
    w: Math.round(image.width / 2), h: Math.round(image.height / 2),
  };
}

/** One arrow press: 1/64 of the short side (at least 1 px), or exactly 1 px when `fine` (Alt). */
export const selectionStep = (image: Size, fine: boolean): number =>
  (fine ? 1 : Math.max(1, Math.round(Math.min(image.width, image.height) / 64)));

/**
 * The selection after an arrow press: moved by dx, dy (kept inside the image), or with `resize`
 * (Shift) its far edges moved instead (at least 1 px wide and high, never past the image's edge).
 */
export function moveSelection(selection: Rect, dx: number, dy: number, resize: boolean, image: Size): Rect {
  const s = { ...selection };
  if (resize) {
    s.w = clamp(s.w + dx, 1, image.width - s.x);
    s.h = clamp(s.h + dy, 1, image.height - s.y);
  } else {
    s.x = clamp(s.x + dx, 0, image.width - s.w);
    s.y = clamp(s.y + dy, 0, image.height - s.h);
  }
  return s;
}

/** The smallest rectangle holding both (either may be absent). */
export function union(a: Rect | undefined, b: Rect | undefined): Rect | undefined {
  if (!a) return b;
  if (!b) return a;
  const x = Math.min(a.x, b.x);
  const y = Math.min(a.y, b.y);
  return { x, y, w: Math.max(a.x + a.w, b.x + b.w) - x, h: Math.max(a.y + a.h, b.y + b.h) - y };
}
