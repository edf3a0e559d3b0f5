// The Vary (Region) mask editor: paint over the image where MidJourney should redraw it (or, in 'edit' mode, where
// a gpt-image edit should change it). This is the DOM layer's behaviour: pointer and keyboard input, focus, what the
// controls show and the overlay canvas; ./view.ts builds the elements. The mask's pixels, its undo history and the
// exported bytes are the pure model in ./model.ts, ./raster.ts and ./geometry.ts (unit-tested in Node): this file
// calls it and paints the overlay from it.
// The image itself is never drawn into a canvas, so a cross-origin image cannot taint what we export. The overlay is
// a canvas of the image's natural pixel size, scaled by CSS and tinted with the theme's focus colour. All text goes
// through textContent; styles come from media/mask-editor.css (plus element.style for positions computed here).
import { t } from '../l10n';
import {
  brushSize, defaultBrushSize, defaultSelection, dragRect, moveSelection, selectionStep,
  stepBrushSize, toNatural, union, type Point, type Rect, type Size,
} from './geometry';
import { MaskModel } from './model';
import type { Rgb } from './raster';
import { buildMaskView, type MaskView, type Tool } from './view';

export interface MaskEditorOptions {
  /** Where to mount (the editor fills it). */
  container: HTMLElement;
  /** The image to paint over (already loadable under the panel's CSP). */
  imageUrl: string;
  /** Prefilled prompt (the parent's final prompt). */
  prompt: string;
  onSubmit(result: { maskDataUrl: string; prompt: string; width: number; height: number }): void;
  onCancel(): void;
  /**
   * 'region' (default): Vary (Region), the mask white where painted and black elsewhere. 'edit': a gpt-image edit
   * (/v1/images/edits), the mask transparent where painted and opaque elsewhere, the format that route wants.
   */
  mode?: 'region' | 'edit';
}
export interface MaskEditorHandle {
  close(): void;
  /**
   * The host refused the submit: show why inside the editor and let the user fix and submit
   * again. The painting and the prompt stay as they were.
   */
  refused(message: string): void;
  /** for tests */ readonly canvas: HTMLCanvasElement;
}

type Drag =
  | { kind: 'stroke'; pointerId: number }
  | { kind: 'rect'; pointerId: number; start: Point; end: Point };

let editorCount = 0;

/**
 * Mounts the editor into options.container. It stays until close() (the callbacks don't close it).
 * After onSubmit it waits (Submit and Cancel disabled, the painting kept) for close() or refused().
 */
export function openMaskEditor(options: MaskEditorOptions): MaskEditorHandle {
  return new MaskEditor(options);
}

function context2d(canvas: HTMLCanvasElement): CanvasRenderingContext2D {
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('mask editor: no 2D canvas context');
  return ctx;
}

class MaskEditor implements MaskEditorHandle {
  readonly canvas: HTMLCanvasElement;
  /** The editor's elements (./view.ts). */
  private readonly ui: MaskView;

  /** The mask's pixels and history (webview/mask/model.ts); the overlay canvas is painted from it. */
  private model: MaskModel | undefined;
  private displayCtx: CanvasRenderingContext2D | undefined;
  /** The highlight the overlay was last painted in: a theme change repaints all of it. */
  private shownColour = '';
  private width = 0;
  private height = 0;
  private state: 'loading' | 'ready' | 'error' = 'loading';
  private tool: Tool = 'brush';
  private size = 40;
  private drag: Drag | undefined;
  /** The keyboard selection rectangle, in image pixels. */
  private selection: Rect = { x: 0, y: 0, w: 0, h: 0 };
  private lastInput: 'keyboard' | 'pointer' = 'pointer';
  private closed = false;
  /** onSubmit was called and the host has not answered yet. */
  private submitting = false;

  private readonly onDocumentKeyDown = (event: KeyboardEvent): void => this.handleKey(event);
  private readonly onDocumentKeyCapture = (): void => { this.lastInput = 'keyboard'; };
  private readonly onDocumentPointerCapture = (): void => { this.lastInput = 'pointer'; };

  constructor(private readonly options: MaskEditorOptions) {
    // Every control goes quiet once the editor is closed.
    const unlessClosed = <A extends unknown[]>(action: (...args: A) => void) => (...args: A): void => {
      if (!this.closed) action(...args);
    };
    const ui = buildMaskView(`mask-editor-${++editorCount}`, options.mode === 'edit' ? 'edit' : 'region', options.prompt, {
      setTool: unlessClosed((tool: Tool) => this.setTool(tool)),
      setSize: (size: number) => this.setSize(size),
      undo: unlessClosed(() => this.undo()),
      redo: unlessClosed(() => this.redo()),
      clear: unlessClosed(() => this.clear()),
      invert: unlessClosed(() => this.invert()),
      cancel: unlessClosed(() => this.cancel()),
      submit: unlessClosed(() => this.submit()),
      promptChanged: () => this.updateControls(),
    });
    this.ui = ui;
    const { canvas, image } = ui;
    this.canvas = canvas;

    canvas.addEventListener('pointerdown', (e) => this.pointerDown(e));
    canvas.addEventListener('pointermove', (e) => this.pointerMove(e));
    canvas.addEventListener('pointerup', (e) => this.pointerUp(e));
    canvas.addEventListener('pointercancel', (e) => this.pointerAbort(e.pointerId));
    canvas.addEventListener('lostpointercapture', (e) => this.pointerAbort(e.pointerId));
    canvas.addEventListener('pointerleave', () => { this.ui.cursor.hidden = true; });
    canvas.addEventListener('focus', () => { if (this.lastInput === 'keyboard') this.showSelection(true); });
    canvas.addEventListener('blur', () => this.showSelection(false));
    canvas.addEventListener('contextmenu', (e) => { if (this.drag) e.preventDefault(); });
    document.addEventListener('keydown', this.onDocumentKeyDown);
    document.addEventListener('keydown', this.onDocumentKeyCapture, true);
    document.addEventListener('pointerdown', this.onDocumentPointerCapture, true);

    image.addEventListener('load', () => this.imageReady());
    image.addEventListener('error', () => this.imageFailed());
    image.src = options.imageUrl;
    options.container.append(ui.root);
    this.setTool('brush');
    this.setSize(this.size);
    this.updateControls();
    if (image.complete && image.naturalWidth > 0) this.imageReady();
  }

  refused(message: string): void {
    if (this.closed) return;
    this.submitting = false;
    this.ui.submitButton.removeAttribute('aria-busy');
    this.ui.refusal.textContent = t('Not submitted: {0}', message);
    this.ui.refusal.hidden = false;
    this.updateControls();
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.drag = undefined;
    document.removeEventListener('keydown', this.onDocumentKeyDown);
    document.removeEventListener('keydown', this.onDocumentKeyCapture, true);
    document.removeEventListener('pointerdown', this.onDocumentPointerCapture, true);
    this.ui.root.remove();
  }

  private imageReady(): void {
    if (this.state === 'ready' || this.closed) return;
    const width = this.ui.image.naturalWidth;
    const height = this.ui.image.naturalHeight;
    if (!width || !height) {
      this.imageFailed();
      return;
    }
    this.width = width;
    this.height = height;
    this.model = new MaskModel(width, height);
    this.canvas.width = width;
    this.canvas.height = height;
    this.displayCtx = context2d(this.canvas);
    this.setSize(defaultBrushSize({ width, height }));
    this.selection = defaultSelection({ width, height });
    this.state = 'ready';
    this.ui.root.dataset.state = 'ready';
    this.changed(this.model.raster.whole());
    this.canvas.focus({ preventScroll: true });
  }

  private imageFailed(): void {
    if (this.state === 'ready' || this.closed) return;
    this.state = 'error';
    this.ui.root.dataset.state = 'error';
    this.ui.frame.hidden = true;
    this.ui.status.textContent = t('The image could not be loaded, so there is nothing to paint on.');
    this.updateControls();
  }

  // ---- tools -------------------------------------------------------------------------------

  private setTool(tool: Tool): void {
    this.tool = tool;
    for (const [name, button] of Object.entries(this.ui.toolButtons) as [Tool, HTMLElement][]) {
      const active = name === tool;
      button.setAttribute('appearance', active ? 'primary' : 'secondary');
      button.setAttribute('aria-pressed', String(active));
      button.classList.toggle('active', active);
    }
    this.canvas.dataset.tool = tool;
    this.ui.cursor.hidden = true;
  }

  private setSize(size: number): void {
    if (!Number.isFinite(size)) return;
    this.size = brushSize(size);
    this.ui.sizeInput.value = String(this.size);
    this.ui.sizeInput.setAttribute('aria-valuetext', `${this.size} pixels`);
    this.ui.sizeOutput.textContent = `${this.size} px`;
  }

  private stepSize(direction: 1 | -1): void {
    this.setSize(stepBrushSize(this.size, direction));
  }

  private undo(): void {
    if (!this.drag) this.changed(this.model?.undo());
  }

  private redo(): void {
    if (!this.drag) this.changed(this.model?.redo());
  }

  private clear(): void {
    if (this.state !== 'ready' || this.drag) return;
    this.changed(this.model?.clear());
  }

  private invert(): void {
    if (this.state !== 'ready' || this.drag) return;
    this.changed(this.model?.invert());
  }

  // ---- drawing -----------------------------------------------------------------------------

  private highlightRgb(): Rgb {
    const match = /rgba?\(\s*([\d.]+)[\s,]+([\d.]+)[\s,]+([\d.]+)/.exec(getComputedStyle(this.canvas).color);
    return match ? [Number(match[1]), Number(match[2]), Number(match[3])] : [0, 127, 212];
  }

  /** Paints `rect` of the overlay from the model, exactly as the export will be, in the theme's highlight. */
  private paint(rect: Rect | undefined): void {
    const { model, displayCtx } = this;
    if (!model || !displayCtx || !rect || rect.w === 0 || rect.h === 0) return;
    const colour = this.highlightRgb();
    const key = colour.join(',');
    // The theme changed since the last paint: repaint everything in the new colour.
    const area = key === this.shownColour ? rect : model.raster.whole();
    this.shownColour = key;
    const shown = displayCtx.createImageData(area.w, area.h);
    model.raster.overlayRgba(area, colour, shown.data);
    displayCtx.putImageData(shown, area.x, area.y);
  }

  /** After an edit (or undo/redo): repaints what it touched and brings the controls up to date. */
  private changed(rect: Rect | undefined): void {
    this.paint(rect);
    if (this.model) this.ui.root.dataset.painted = String(this.model.painted);
    this.updateControls();
  }

  private exportMask(): string {
    const { model, width, height } = this;
    if (!model) throw new Error('mask editor: not ready');
    const out = document.createElement('canvas');
    out.width = width;
    out.height = height;
    const ctx = context2d(out);
    const image = ctx.createImageData(width, height);
    model.exportRgba(this.options.mode === 'edit' ? 'edit' : 'region', image.data);
    ctx.putImageData(image, 0, 0);
    return out.toDataURL('image/png');
  }

  // ---- state shown in the controls ------------------------------------------------------------

  private setDisabled(control: HTMLElement, disabled: boolean): void {
    if (disabled === control.hasAttribute('disabled')) return;
    const hadFocus = control === document.activeElement;
    if (disabled) control.setAttribute('disabled', '');
    else control.removeAttribute('disabled');
    if (control instanceof HTMLInputElement || control instanceof HTMLTextAreaElement) control.disabled = disabled;
    if (disabled && hadFocus) (this.state === 'ready' ? this.canvas : this.ui.root).focus({ preventScroll: true });
  }

  private updateControls(): void {
    const ready = this.state === 'ready';
    for (const button of Object.values(this.ui.toolButtons)) this.setDisabled(button, !ready);
    this.setDisabled(this.ui.sizeInput, !ready);
    this.setDisabled(this.ui.undoButton, !ready || !this.model?.canUndo);
    this.setDisabled(this.ui.redoButton, !ready || !this.model?.canRedo);
    this.setDisabled(this.ui.clearButton, !ready || this.painted === 0);
    this.setDisabled(this.ui.invertButton, !ready);
    this.setDisabled(this.ui.submitButton, !this.canSubmit());
    this.setDisabled(this.ui.cancelButton, this.submitting);
    this.canvas.tabIndex = ready ? 0 : -1;

    const noPrompt = this.ui.promptInput.value.trim() === '';
    const noMask = this.painted === 0;
    this.ui.hint.textContent = !ready ? ''
      : this.submitting ? t('Submitting…')
      : noMask && noPrompt ? t('Paint an area and enter a prompt to submit.')
        : noMask ? t('Paint the area to redraw to submit.')
          : noPrompt ? t('Enter a prompt to submit.')
            : '';
    this.ui.hint.hidden = this.ui.hint.textContent === '';
    if (ready) {
      const share = (this.painted / (this.width * this.height)) * 100;
      this.ui.status.textContent = noMask
        ? t('Nothing selected yet: paint over the part of the image to redraw.')
        : t('{0}% of the image will be redrawn.', share < 1 ? t('Under 1') : String(Math.round(share)));
    }
  }

  /** The image's natural size (0 × 0 until it has loaded). */
  private get natural(): Size {
    return { width: this.width, height: this.height };
  }

  private get painted(): number {
    return this.model?.painted ?? 0;
  }

  private canSubmit(): boolean {
    return this.state === 'ready' && !this.submitting && this.painted > 0 && this.ui.promptInput.value.trim() !== '';
  }

  private submit(): void {
    if (!this.canSubmit() || this.drag || this.closed) return;
    // One submit per intent: a second click or Ctrl+Enter waits for the host's answer.
    this.submitting = true;
    this.ui.refusal.hidden = true;
    this.ui.submitButton.setAttribute('aria-busy', 'true');
    this.updateControls();
    this.options.onSubmit({
      maskDataUrl: this.exportMask(),
      prompt: this.ui.promptInput.value.trim(),
      width: this.width,
      height: this.height,
    });
  }

  private cancel(): void {
    if (this.closed || this.submitting) return;
    this.options.onCancel();
  }

  // ---- pointer -----------------------------------------------------------------------------

  /** Client coordinates to image pixels, whatever the CSS scale. */
  private toImage(event: { clientX: number; clientY: number }): Point {
    const box = this.canvas.getBoundingClientRect();
    return toNatural({ x: event.clientX - box.left, y: event.clientY - box.top }, box, this.natural);
  }

  private pointerDown(event: PointerEvent): void {
    const { model } = this;
    if (this.state !== 'ready' || this.drag || !model) return;
    if (event.pointerType === 'mouse' && event.button !== 0) return;
    event.preventDefault();
    this.canvas.focus({ preventScroll: true });
    this.showSelection(false);
    try {
      this.canvas.setPointerCapture(event.pointerId);
    } catch {
      // an already-released pointer: the stroke still works while it stays over the canvas
    }
    const point = this.toImage(event);
    if (this.tool === 'rect') {
      this.drag = { kind: 'rect', pointerId: event.pointerId, start: point, end: point };
      this.showRect(dragRect(point, point, this.natural), 'drag');
      return;
    }
    this.drag = { kind: 'stroke', pointerId: event.pointerId };
    this.paint(model.beginStroke(point, this.size, this.tool === 'eraser'));
    this.moveCursor(event);
  }

  private pointerMove(event: PointerEvent): void {
    this.moveCursor(event);
    const drag = this.drag;
    if (!drag || drag.pointerId !== event.pointerId) return;
    const coalesced = event.getCoalescedEvents?.() ?? [];
    const events = coalesced.length > 0 ? coalesced : [event];
    if (drag.kind === 'rect') {
      drag.end = this.toImage(events[events.length - 1] ?? event);
      this.showRect(dragRect(drag.start, drag.end, this.natural), 'drag');
      return;
    }
    let dirty: Rect | undefined;
    for (const e of events) dirty = union(dirty, this.model?.extendStroke(this.toImage(e)));
    this.paint(dirty); // once for all the coalesced moves
  }

  private pointerUp(event: PointerEvent): void {
    const drag = this.drag;
    if (!drag || drag.pointerId !== event.pointerId) return;
    this.drag = undefined;
    if (this.canvas.hasPointerCapture(event.pointerId)) this.canvas.releasePointerCapture(event.pointerId);
    if (drag.kind === 'stroke') {
      this.model?.endStroke();
      this.changed(undefined); // the stroke is already on the overlay
      return;
    }
    this.ui.selectionBox.hidden = true;
    const rect = dragRect(drag.start, this.toImage(event), this.natural);
    if (rect.w > 0 && rect.h > 0) {
      this.selection = rect;
      this.changed(this.model?.paintRect(rect, false));
    }
  }

  /** pointercancel / lost capture / Escape: drop the stroke or rectangle in progress. */
  private pointerAbort(pointerId?: number): void {
    const drag = this.drag;
    if (!drag || (pointerId !== undefined && drag.pointerId !== pointerId)) return;
    this.drag = undefined;
    if (this.canvas.hasPointerCapture(drag.pointerId)) this.canvas.releasePointerCapture(drag.pointerId);
    this.ui.selectionBox.hidden = true;
    this.changed(drag.kind === 'stroke' ? this.model?.abortStroke() : undefined);
  }

  private moveCursor(event: PointerEvent): void {
    if (this.tool === 'rect' || event.pointerType === 'touch' || this.state !== 'ready') {
      this.ui.cursor.hidden = true;
      return;
    }
    const box = this.canvas.getBoundingClientRect();
    if (!box.width) return;
    const point = this.toImage(event);
    const diameter = (this.size * box.width) / this.width;
    this.ui.cursor.hidden = false;
    this.ui.cursor.classList.toggle('erase', this.tool === 'eraser');
    this.ui.cursor.style.left = `${(point.x / this.width) * 100}%`;
    this.ui.cursor.style.top = `${(point.y / this.height) * 100}%`;
    this.ui.cursor.style.width = `${diameter}px`;
    this.ui.cursor.style.height = `${diameter}px`;
  }

  // ---- keyboard ----------------------------------------------------------------------------

  private showRect(rect: Rect, mode: 'drag' | 'keyboard'): void {
    const box = this.ui.selectionBox;
    box.hidden = false;
    box.dataset.mode = mode;
    box.style.left = `${(rect.x / this.width) * 100}%`;
    box.style.top = `${(rect.y / this.height) * 100}%`;
    box.style.width = `${(rect.w / this.width) * 100}%`;
    box.style.height = `${(rect.h / this.height) * 100}%`;
  }

  private showSelection(show: boolean): void {
    if (this.state !== 'ready') return;
    if (show) {
      this.showRect(this.selection, 'keyboard');
      this.ui.selectionInfo.textContent = this.describeSelection();
      this.ui.selectionInfo.hidden = false;
    } else {
      if (!this.drag) this.ui.selectionBox.hidden = true;
      this.ui.selectionInfo.hidden = true;
    }
  }

  private describeSelection(): string {
    const { x, y, w, h } = this.selection;
    return t('Selection: {0} × {1} px at {2}, {3}. Enter paints it, Delete erases it.', w, h, x, y);
  }

  /** Arrow keys move the selection, Shift+arrows resize it, Alt for 1 px steps; Enter/Space paint, Delete/Backspace erase. */
  private canvasKey(event: KeyboardEvent): boolean {
    if (this.state !== 'ready' || event.ctrlKey || event.metaKey) return false;
    const step = selectionStep(this.natural, event.altKey);
    const dx = event.key === 'ArrowLeft' ? -step : event.key === 'ArrowRight' ? step : 0;
    const dy = event.key === 'ArrowUp' ? -step : event.key === 'ArrowDown' ? step : 0;
    if (dx || dy) {
      this.selection = moveSelection(this.selection, dx, dy, event.shiftKey, this.natural);
      this.showSelection(true);
      return true;
    }
    if (event.altKey || event.shiftKey) return false;
    if (event.key === 'Enter' || event.key === ' ' || event.key === 'Delete' || event.key === 'Backspace') {
      const erase = event.key === 'Delete' || event.key === 'Backspace';
      this.showSelection(true);
      const dirty = this.model?.paintRect(this.selection, erase);
      if (!dirty) return true; // a stroke is in progress: it ends first
      this.changed(dirty);
      this.ui.status.textContent = `${erase ? t('Erased {0} by {1} pixels.', this.selection.w, this.selection.h) : t('Painted {0} by {1} pixels.', this.selection.w, this.selection.h)} ${this.ui.status.textContent ?? ''}`;
      return true;
    }
    return false;
  }

  private handleKey(event: KeyboardEvent): void {
    if (this.closed || event.defaultPrevented || event.isComposing) return;
    const target = event.target instanceof Node ? event.target : null;
    const inside = target !== null && (this.ui.root.contains(target) || target === document.body || target === document.documentElement);
    if (!inside) return;
    const handled = (): void => { event.preventDefault(); event.stopPropagation(); };
    const mod = event.ctrlKey || event.metaKey;
    const key = event.key.length === 1 ? event.key.toLowerCase() : event.key;

    if (key === 'Escape') {
      handled();
      if (this.drag) this.pointerAbort();
      else this.cancel();
      return;
    }
    if (mod && key === 'Enter') {
      handled();
      this.submit();
      return;
    }
    const typing = target === this.ui.promptInput;
    if (typing) return; // the prompt keeps its own keys (including its text undo)
    if (mod && !event.altKey) {
      if (key === 'z') { handled(); if (event.shiftKey) this.redo(); else this.undo(); }
      else if (key === 'y') { handled(); this.redo(); }
      return;
    }
    if (target === this.canvas && this.canvasKey(event)) {
      handled();
      return;
    }
    if (mod || event.altKey || this.state !== 'ready') return;
    switch (key) {
      case 'b': this.setTool('brush'); break;
      case 'r': this.setTool('rect'); break;
      case 'e': this.setTool('eraser'); break;
      case '[': this.stepSize(-1); break;
      case ']': this.stepSize(1); break;
      case 'i': this.invert(); break;
      default: return;
    }
    handled();
  }
}
