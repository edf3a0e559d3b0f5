// The mask editor's model: the raster plus what the user did to it, one undo step per action
// (a brush or eraser stroke, a rectangle, invert, clear). A step keeps the pixels its action
// overwrote, for the part of the image it touched, so undo and redo are exact pixel swaps and
// never replay the history. The history is bounded (steps and bytes); the oldest steps go first.
// Pure: no DOM, runs in Node (test/unit/mask-model.test.ts). Every edit returns the pixels it may
// have changed, for the editor to repaint, or undefined when it changed nothing.
import { type Point, type Rect, union } from './geometry';
import { type MaskKind, MaskRaster } from './raster';

/** At most this many undo steps… */
export const HISTORY_STEPS = 100;
/** …holding at most this many bytes of overwritten pixels (the newest step is always kept). */
export const HISTORY_BYTES = 64 * 1024 * 1024;
/** A pointer move shorter than this (image pixels) adds nothing to a stroke. */
const MIN_STEP = 0.5;

export interface HistoryBound { steps: number; bytes: number }

/** One undo step: the pixels of `rect` as they were on the other side of the step, or an invert (its own inverse). */
type Step = { kind: 'pixels'; rect: Rect; bytes: Uint8Array } | { kind: 'invert' };

interface Stroke { value: 0 | 1; radius: number; last: Point; touched: Rect | undefined }

export class MaskModel {
  readonly raster: MaskRaster;
  private readonly bound: HistoryBound;
  private undoSteps: Step[] = [];
  private redoSteps: Step[] = [];
  private storedBytes = 0;
  private stroke: Stroke | undefined;
  /** The raster as it was when the stroke in progress began (allocated on the first stroke, then reused). */
  private beforeStroke: Uint8Array | undefined;

  constructor(width: number, height: number, bound: Partial<HistoryBound> = {}) {
    this.raster = new MaskRaster(width, height);
    this.bound = { steps: bound.steps ?? HISTORY_STEPS, bytes: bound.bytes ?? HISTORY_BYTES };
  }

  get width(): number { return this.raster.width; }
  get height(): number { return this.raster.height; }
  get painted(): number { return this.raster.painted; }
  get isEmpty(): boolean { return this.raster.painted === 0; }
  get canUndo(): boolean { return !this.stroke && this.undoSteps.length > 0; }
  get canRedo(): boolean { return !this.stroke && this.redoSteps.length > 0; }
  get undoDepth(): number { return this.undoSteps.length; }
  /** A stroke is in progress: until it ends or is aborted, every other edit is refused. */
  get stroking(): boolean { return this.stroke !== undefined; }

  // ---- strokes ---------------------------------------------------------------------------------

  /** Starts a brush (or, with `erase`, eraser) stroke of diameter `size` with a dab at `at`. */
  beginStroke(at: Point, size: number, erase: boolean): Rect | undefined {
    if (this.stroke) return undefined;
    const { data } = this.raster;
    this.beforeStroke ??= new Uint8Array(data.length);
    this.beforeStroke.set(data);
    const radius = size / 2;
    const value = erase ? 0 : 1;
    const touched = this.raster.stampSegment(at.x, at.y, at.x, at.y, radius, value);
    this.stroke = { value, radius, last: at, touched };
    return touched;
  }

  /** Drags the stroke on to `to` (a move under half a pixel is ignored). */
  extendStroke(to: Point): Rect | undefined {
    const stroke = this.stroke;
    if (!stroke || Math.hypot(to.x - stroke.last.x, to.y - stroke.last.y) < MIN_STEP) return undefined;
    const dirty = this.raster.stampSegment(stroke.last.x, stroke.last.y, to.x, to.y, stroke.radius, stroke.value);
    stroke.last = to;
    stroke.touched = union(stroke.touched, dirty);
    return dirty;
  }

  /** Ends the stroke: it becomes one undo step. */
  endStroke(): void {
    const stroke = this.stroke;
    if (!stroke || !this.beforeStroke) return;
    this.stroke = undefined;
    const rect = stroke.touched ?? { x: 0, y: 0, w: 0, h: 0 };
    this.push({ kind: 'pixels', rect, bytes: this.raster.read(rect, this.beforeStroke) });
  }

  /** Drops the stroke in progress: the mask is as it was before it began. */
  abortStroke(): Rect | undefined {
    const stroke = this.stroke;
    if (!stroke || !this.beforeStroke) return undefined;
    this.stroke = undefined;
    if (stroke.touched) this.raster.swap(stroke.touched, this.raster.read(stroke.touched, this.beforeStroke));
    return stroke.touched;
  }

  // ---- one-shot edits --------------------------------------------------------------------------

  /** Paints (or, with `erase`, erases) a rectangle. */
  paintRect(rect: Rect, erase: boolean): Rect | undefined {
    if (this.stroke) return undefined;
    const box = this.raster.clip(rect);
    if (!box) return undefined;
    const before = this.raster.read(box);
    this.raster.fillRect(box, erase ? 0 : 1);
    this.push({ kind: 'pixels', rect: box, bytes: before });
    return box;
  }

  invert(): Rect | undefined {
    if (this.stroke) return undefined;
    this.push({ kind: 'invert' });
    return this.raster.invert();
  }

  /** Erases everything (undoably); nothing happens when nothing is painted. */
  clear(): Rect | undefined {
    const box = this.stroke ? undefined : this.raster.paintedBounds();
    if (!box) return undefined;
    const before = this.raster.read(box);
    this.raster.fillRect(box, 0);
    this.push({ kind: 'pixels', rect: box, bytes: before });
    return box;
  }

  // ---- history ---------------------------------------------------------------------------------

  undo(): Rect | undefined {
    if (this.stroke) return undefined;
    const step = this.undoSteps.pop();
    if (!step) return undefined;
    this.redoSteps.push(step);
    return this.flip(step);
  }

  redo(): Rect | undefined {
    if (this.stroke) return undefined;
    const step = this.redoSteps.pop();
    if (!step) return undefined;
    this.undoSteps.push(step);
    return this.flip(step);
  }

  /** Crosses a step in either direction: the stored pixels and the raster's trade places. */
  private flip(step: Step): Rect | undefined {
    if (step.kind === 'invert') return this.raster.invert();
    if (step.rect.w === 0 || step.rect.h === 0) return undefined;
    this.raster.swap(step.rect, step.bytes);
    return step.rect;
  }

  /** Records a new step: the redo history goes, and the oldest steps beyond the bound. */
  private push(step: Step): void {
    for (const dropped of this.redoSteps) this.storedBytes -= sizeOf(dropped);
    this.redoSteps = [];
    this.undoSteps.push(step);
    this.storedBytes += sizeOf(step);
    while (this.undoSteps.length > 1
      && (this.undoSteps.length > this.bound.steps || this.storedBytes > this.bound.bytes)) {
      this.storedBytes -= sizeOf(this.undoSteps.shift()!);
    }
  }

  // ---- export ----------------------------------------------------------------------------------

  /** The mask to send at the image's natural size (see MaskRaster.exportRgba). */
  exportRgba(kind: MaskKind, out?: Uint8ClampedArray): Uint8ClampedArray {
    return this.raster.exportRgba(kind, out);
  }
}

const sizeOf = (step: Step): number => (step.kind === 'pixels' ? step.bytes.length : 0);
