// The Vary (Region) mask editor: paint over the image where MidJourney should redraw it.
// White = repaint, black = keep. The mask lives on an owned, never-attached canvas of the image's
// natural size; the image itself is never drawn into a canvas, so a cross-origin image cannot taint
// what we export. The visible overlay is a second canvas of the same pixel size, scaled by CSS and
// tinted with the theme's focus colour. All text goes through textContent; styles come from
// media/mask-editor.css (plus element.style for positions computed here).
import { createButton } from '../kit';
import { t } from '../l10n';

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

type Tool = 'brush' | 'rect' | 'eraser';
interface Point { x: number; y: number }
interface Rect { x: number; y: number; w: number; h: number }
interface StrokeOp { kind: 'stroke'; erase: boolean; size: number; points: number[] }
type Op = StrokeOp | { kind: 'rect'; erase: boolean; rect: Rect } | { kind: 'clear' } | { kind: 'invert' };
type Drag =
  | { kind: 'stroke'; pointerId: number; op: StrokeOp }
  | { kind: 'rect'; pointerId: number; start: Point; end: Point };

const BRUSH_MIN = 4;
const BRUSH_MAX = 200;
/** Mask alpha at or above this counts as painted (strokes are antialiased; the export is not). */
const THRESHOLD = 128;
const TOOL_LABELS: Record<Tool, { text: string; key: string }> = {
  brush: { text: t('Brush'), key: 'B' },
  rect: { text: t('Rectangle'), key: 'R' },
  eraser: { text: t('Eraser'), key: 'E' },
};

let editorCount = 0;

/**
 * Mounts the editor into options.container. It stays until close() (the callbacks don't close it).
 * After onSubmit it waits (Submit and Cancel disabled, the painting kept) for close() or refused().
 */
export function openMaskEditor(options: MaskEditorOptions): MaskEditorHandle {
  return new MaskEditor(options);
}

function el<K extends keyof HTMLElementTagNameMap>(tag: K, className?: string, text?: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

function context2d(canvas: HTMLCanvasElement, willReadFrequently: boolean): CanvasRenderingContext2D {
  const ctx = canvas.getContext('2d', { willReadFrequently });
  if (!ctx) throw new Error('mask editor: no 2D canvas context');
  return ctx;
}

const clamp = (value: number, min: number, max: number): number => Math.min(max, Math.max(min, value));

class MaskEditor implements MaskEditorHandle {
  readonly canvas = el('canvas', 'mask-overlay');
  private readonly root = el('div', 'mask-editor');
  private readonly image = el('img', 'mask-image');
  private readonly frame = el('div', 'mask-frame');
  private readonly selectionBox = el('div', 'mask-selection');
  private readonly cursor = el('div', 'mask-cursor');
  private readonly status = el('p', 'mask-status');
  private readonly selectionInfo = el('p', 'mask-selection-info');
  private readonly hint = el('span', 'mask-hint');
  private readonly refusal = el('p', 'mask-refusal');
  private readonly promptInput = el('textarea', 'mask-prompt-input');
  private readonly sizeInput = el('input', 'mask-size-input');
  private readonly sizeOutput = el('output', 'mask-size-value');
  private readonly toolButtons: Record<Tool, HTMLElement>;
  private readonly undoButton: HTMLElement;
  private readonly redoButton: HTMLElement;
  private readonly clearButton: HTMLElement;
  private readonly invertButton: HTMLElement;
  private readonly cancelButton: HTMLElement;
  private readonly submitButton: HTMLElement;

  /** The mask itself: white (opaque) where painted, transparent elsewhere. Never attached, never shows the image. */
  private readonly mask = document.createElement('canvas');
  private maskCtx: CanvasRenderingContext2D | undefined;
  private displayCtx: CanvasRenderingContext2D | undefined;
  private width = 0;
  private height = 0;
  private state: 'loading' | 'ready' | 'error' = 'loading';
  private tool: Tool = 'brush';
  private size = 40;
  private ops: Op[] = [];
  private redoOps: Op[] = [];
  private painted = 0;
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
    const id = `mask-editor-${++editorCount}`;
    const { root } = this;
    root.id = id;
    root.tabIndex = -1;
    root.dataset.state = 'loading';
    root.setAttribute('role', 'dialog');
    root.setAttribute('aria-labelledby', `${id}-title`);
    root.setAttribute('aria-describedby', `${id}-help`);

    // Header: title and a one-line key map.
    const header = el('div', 'mask-header');
    const editMode = options.mode === 'edit';
    root.dataset.mode = editMode ? 'edit' : 'region';
    const title = el('h2', 'mask-title', editMode ? t('Edit with a Mask') : t('Vary (Region)'));
    title.id = `${id}-title`;
    const help = el('p', 'mask-help', editMode
      ? t('Paint the area the image model should change. Keys: B brush, R rectangle, E eraser, [ and ] brush size, I invert, '
        + 'Ctrl+Z undo, Ctrl+Shift+Z redo, Esc cancel. On the image: arrows move the selection, Shift+arrows resize it, '
        + 'Enter paints it, Delete erases it.')
      : t('Paint the area MidJourney should redraw. Keys: B brush, R rectangle, E eraser, [ and ] brush size, I invert, '
        + 'Ctrl+Z undo, Ctrl+Shift+Z redo, Esc cancel. On the image: arrows move the selection, Shift+arrows resize it, '
        + 'Enter paints it, Delete erases it.'));
    help.id = `${id}-help`;
    header.append(title, help);

    // Toolbar.
    const tools = el('div', 'mask-toolbar');
    tools.setAttribute('role', 'group');
    tools.setAttribute('aria-label', t('Mask tools'));
    const toolButtons = {} as Record<Tool, HTMLElement>;
    for (const tool of ['brush', 'rect', 'eraser'] as const) {
      const { text, key } = TOOL_LABELS[tool];
      toolButtons[tool] = this.button(text, `${text} tool`, () => this.setTool(tool), key, tool);
    }
    this.toolButtons = toolButtons;

    const sizeLabel = el('label', 'mask-size');
    sizeLabel.append(el('span', 'mask-size-label', t('Size')));
    const { sizeInput, sizeOutput } = this;
    sizeInput.type = 'range';
    sizeInput.min = String(BRUSH_MIN);
    sizeInput.max = String(BRUSH_MAX);
    sizeInput.step = '1';
    sizeInput.id = `${id}-size`;
    sizeInput.dataset.control = 'size';
    sizeInput.setAttribute('aria-label', t('Brush size in image pixels'));
    sizeInput.setAttribute('aria-keyshortcuts', '[ ]');
    sizeInput.title = t('Brush size ([ and ])');
    sizeInput.addEventListener('input', () => this.setSize(Number(sizeInput.value)));
    sizeOutput.htmlFor.add(sizeInput.id);
    sizeOutput.setAttribute('aria-hidden', 'true');
    sizeLabel.append(sizeInput, sizeOutput);

    this.undoButton = this.button(t('Undo'), t('Undo'), () => this.undo(), 'Control+Z', 'undo');
    this.redoButton = this.button(t('Redo'), t('Redo'), () => this.redo(), 'Control+Shift+Z', 'redo');
    this.clearButton = this.button(t('Clear'), t('Clear the mask'), () => this.clear(), undefined, 'clear');
    this.invertButton = this.button(t('Invert'), t('Invert the mask'), () => this.invert(), 'I', 'invert');
    tools.append(
      toolButtons.brush, toolButtons.rect, toolButtons.eraser, sizeLabel,
      el('span', 'mask-separator'),
      this.undoButton, this.redoButton, this.clearButton, this.invertButton,
    );

    // Stage: the image, the overlay canvas of the same pixel size, the selection and the brush cursor.
    const stage = el('div', 'mask-stage');
    const { image, canvas, frame } = this;
    image.alt = t('Image to vary');
    image.draggable = false;
    canvas.tabIndex = 0;
    canvas.dataset.control = 'canvas';
    canvas.setAttribute('role', 'application');
    canvas.setAttribute('aria-roledescription', t('mask canvas'));
    canvas.setAttribute('aria-label', t('Mask: arrows move the selection, Shift+arrows resize it, Enter paints it, Delete erases it'));
    this.selectionBox.hidden = true;
    this.cursor.hidden = true;
    frame.append(image, canvas, this.selectionBox, this.cursor);
    stage.append(frame);
    this.status.setAttribute('aria-live', 'polite');
    this.status.textContent = t('Loading the image…');
    this.selectionInfo.setAttribute('aria-live', 'polite');
    this.selectionInfo.hidden = true;

    // Prompt.
    const promptLabel = el('label', 'mask-prompt');
    promptLabel.append(el('span', 'mask-prompt-label', t('Prompt')));
    const { promptInput } = this;
    promptInput.rows = 2;
    promptInput.value = options.prompt;
    promptInput.spellcheck = false;
    promptInput.dataset.control = 'prompt';
    promptInput.setAttribute('aria-label', t('Prompt for the repainted area'));
    promptInput.addEventListener('input', () => this.updateControls());
    promptLabel.append(promptInput);

    // Actions.
    const actions = el('div', 'mask-actions');
    this.hint.setAttribute('aria-live', 'polite');
    this.hint.id = `${id}-hint`;
    this.cancelButton = this.button(t('Cancel'), t('Cancel'), () => this.cancel(), 'Escape', 'cancel');
    this.submitButton = this.button(t('Submit'), t('Submit'), () => this.submit(), 'Control+Enter', 'submit', 'primary');
    actions.append(this.hint, this.cancelButton, this.submitButton);

    this.refusal.setAttribute('role', 'alert');
    this.refusal.hidden = true;

    root.append(header, tools, stage, this.status, this.selectionInfo, promptLabel, this.refusal, actions);

    canvas.addEventListener('pointerdown', (e) => this.pointerDown(e));
    canvas.addEventListener('pointermove', (e) => this.pointerMove(e));
    canvas.addEventListener('pointerup', (e) => this.pointerUp(e));
    canvas.addEventListener('pointercancel', (e) => this.pointerAbort(e.pointerId));
    canvas.addEventListener('lostpointercapture', (e) => this.pointerAbort(e.pointerId));
    canvas.addEventListener('pointerleave', () => { this.cursor.hidden = true; });
    canvas.addEventListener('focus', () => { if (this.lastInput === 'keyboard') this.showSelection(true); });
    canvas.addEventListener('blur', () => this.showSelection(false));
    canvas.addEventListener('contextmenu', (e) => { if (this.drag) e.preventDefault(); });
    document.addEventListener('keydown', this.onDocumentKeyDown);
    document.addEventListener('keydown', this.onDocumentKeyCapture, true);
    document.addEventListener('pointerdown', this.onDocumentPointerCapture, true);

    image.addEventListener('load', () => this.imageReady());
    image.addEventListener('error', () => this.imageFailed());
    image.src = options.imageUrl;
    options.container.append(root);
    this.setTool('brush');
    this.setSize(this.size);
    this.updateControls();
    if (image.complete && image.naturalWidth > 0) this.imageReady();
  }

  refused(message: string): void {
    if (this.closed) return;
    this.submitting = false;
    this.submitButton.removeAttribute('aria-busy');
    this.refusal.textContent = t('Not submitted: {0}', message);
    this.refusal.hidden = false;
    this.updateControls();
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.drag = undefined;
    document.removeEventListener('keydown', this.onDocumentKeyDown);
    document.removeEventListener('keydown', this.onDocumentKeyCapture, true);
    document.removeEventListener('pointerdown', this.onDocumentPointerCapture, true);
    this.root.remove();
  }

  // ---- setup -------------------------------------------------------------------------------

  private button(text: string, label: string, action: () => void, keys: string | undefined, control: string,
    appearance: 'primary' | 'secondary' = 'secondary'): HTMLElement {
    const button = createButton(text, appearance);
    button.dataset.control = control;
    button.setAttribute('aria-label', label);
    const shortcut = keys?.replace('Control', 'Ctrl').replace('Escape', 'Esc');
    button.title = shortcut ? `${label} (${shortcut})` : label;
    if (keys) button.setAttribute('aria-keyshortcuts', keys);
    button.addEventListener('click', () => {
      if (!button.hasAttribute('disabled') && !this.closed) action();
    });
    return button;
  }

  private imageReady(): void {
    if (this.state === 'ready' || this.closed) return;
    const width = this.image.naturalWidth;
    const height = this.image.naturalHeight;
    if (!width || !height) {
      this.imageFailed();
      return;
    }
    this.width = width;
    this.height = height;
    this.mask.width = width;
    this.mask.height = height;
    this.canvas.width = width;
    this.canvas.height = height;
    this.maskCtx = context2d(this.mask, true);
    this.displayCtx = context2d(this.canvas, false);
    this.setSize(Math.round(clamp(Math.min(width, height) / 12, BRUSH_MIN, BRUSH_MAX)));
    this.selection = {
      x: Math.round(width / 4), y: Math.round(height / 4), w: Math.round(width / 2), h: Math.round(height / 2),
    };
    this.state = 'ready';
    this.root.dataset.state = 'ready';
    this.refresh();
    this.canvas.focus({ preventScroll: true });
  }

  private imageFailed(): void {
    if (this.state === 'ready' || this.closed) return;
    this.state = 'error';
    this.root.dataset.state = 'error';
    this.frame.hidden = true;
    this.status.textContent = t('The image could not be loaded, so there is nothing to paint on.');
    this.updateControls();
  }

  // ---- tools -------------------------------------------------------------------------------

  private setTool(tool: Tool): void {
    this.tool = tool;
    for (const [name, button] of Object.entries(this.toolButtons) as [Tool, HTMLElement][]) {
      const active = name === tool;
      button.setAttribute('appearance', active ? 'primary' : 'secondary');
      button.setAttribute('aria-pressed', String(active));
      button.classList.toggle('active', active);
    }
    this.canvas.dataset.tool = tool;
    this.cursor.hidden = true;
  }

  private setSize(size: number): void {
    if (!Number.isFinite(size)) return;
    this.size = Math.round(clamp(size, BRUSH_MIN, BRUSH_MAX));
    this.sizeInput.value = String(this.size);
    this.sizeInput.setAttribute('aria-valuetext', `${this.size} pixels`);
    this.sizeOutput.textContent = `${this.size} px`;
  }

  private stepSize(direction: 1 | -1): void {
    this.setSize(this.size + direction * Math.max(2, Math.round(this.size * 0.2)));
  }

  private undo(): void {
    const op = this.ops.pop();
    if (!op || this.drag) {
      if (op) this.ops.push(op);
      return;
    }
    this.redoOps.push(op);
    this.replay();
    this.refresh();
  }

  private redo(): void {
    const op = this.redoOps.pop();
    if (!op || this.drag || !this.maskCtx) {
      if (op) this.redoOps.push(op);
      return;
    }
    this.ops.push(op);
    this.apply(this.maskCtx, op);
    this.refresh();
  }

  private clear(): void {
    if (this.state !== 'ready' || this.drag) return;
    this.commit({ kind: 'clear' });
  }

  private invert(): void {
    if (this.state !== 'ready' || this.drag) return;
    this.commit({ kind: 'invert' });
  }

  /** Records an op that has not been drawn yet, draws it and refreshes. */
  private commit(op: Op): void {
    if (!this.maskCtx) return;
    this.apply(this.maskCtx, op);
    this.record(op);
  }

  /** Records an op already drawn on the mask. */
  private record(op: Op): void {
    this.ops.push(op);
    this.redoOps = [];
    this.refresh();
  }

  // ---- drawing -----------------------------------------------------------------------------

  private apply(ctx: CanvasRenderingContext2D, op: Op, paint = '#fff'): void {
    const { width, height } = this;
    ctx.save();
    switch (op.kind) {
      case 'stroke': {
        const { points } = op;
        for (let i = 0; i + 1 < points.length; i += 2) {
          const x = points[i] ?? 0;
          const y = points[i + 1] ?? 0;
          if (i === 0) this.dab(ctx, op, x, y, paint);
          else this.segment(ctx, op, points[i - 2] ?? x, points[i - 1] ?? y, x, y, paint);
        }
        break;
      }
      case 'rect':
        ctx.globalCompositeOperation = op.erase ? 'destination-out' : 'source-over';
        ctx.fillStyle = paint;
        ctx.fillRect(op.rect.x, op.rect.y, op.rect.w, op.rect.h);
        break;
      case 'clear':
        ctx.clearRect(0, 0, width, height);
        break;
      case 'invert':
        // xor with an opaque layer: alpha a becomes 1 - a.
        ctx.globalCompositeOperation = 'xor';
        ctx.fillStyle = paint;
        ctx.fillRect(0, 0, width, height);
        break;
    }
    ctx.restore();
  }

  private dab(ctx: CanvasRenderingContext2D, op: StrokeOp, x: number, y: number, paint: string): void {
    ctx.save();
    ctx.globalCompositeOperation = op.erase ? 'destination-out' : 'source-over';
    ctx.fillStyle = paint;
    ctx.beginPath();
    ctx.arc(x, y, op.size / 2, 0, Math.PI * 2);
    ctx.fill();
    ctx.restore();
  }

  private segment(ctx: CanvasRenderingContext2D, op: StrokeOp, x0: number, y0: number, x1: number, y1: number, paint: string): void {
    ctx.save();
    ctx.globalCompositeOperation = op.erase ? 'destination-out' : 'source-over';
    ctx.strokeStyle = paint;
    ctx.lineWidth = op.size;
    ctx.lineCap = 'round';
    ctx.lineJoin = 'round';
    ctx.beginPath();
    ctx.moveTo(x0, y0);
    ctx.lineTo(x1, y1);
    ctx.stroke();
    ctx.restore();
  }

  /** Redraws the mask from the op list (after undo or an aborted stroke). */
  private replay(): void {
    const ctx = this.maskCtx;
    if (!ctx) return;
    ctx.clearRect(0, 0, this.width, this.height);
    let start = 0;
    this.ops.forEach((op, i) => { if (op.kind === 'clear') start = i + 1; });
    for (const op of this.ops.slice(start)) this.apply(ctx, op);
  }

  private highlightRgb(): [number, number, number] {
    const match = /rgba?\(\s*([\d.]+)[\s,]+([\d.]+)[\s,]+([\d.]+)/.exec(getComputedStyle(this.canvas).color);
    return match ? [Number(match[1]), Number(match[2]), Number(match[3])] : [0, 127, 212];
  }

  /** Thresholds the mask: counts painted pixels and paints the overlay exactly as the export will be. */
  private refresh(): void {
    const { maskCtx, displayCtx, width, height } = this;
    if (maskCtx && displayCtx && width && height) {
      const source = maskCtx.getImageData(0, 0, width, height).data;
      const shown = displayCtx.createImageData(width, height);
      const out = shown.data;
      const [r, g, b] = this.highlightRgb();
      let painted = 0;
      for (let i = 3; i < source.length; i += 4) {
        if ((source[i] ?? 0) >= THRESHOLD) {
          painted++;
          out[i - 3] = r;
          out[i - 2] = g;
          out[i - 1] = b;
          out[i] = 255;
        }
      }
      displayCtx.putImageData(shown, 0, 0);
      this.painted = painted;
      this.root.dataset.painted = String(painted);
    }
    this.updateControls();
  }

  private exportMask(): string {
    const { maskCtx, width, height } = this;
    if (!maskCtx) throw new Error('mask editor: not ready');
    const source = maskCtx.getImageData(0, 0, width, height).data;
    const out = document.createElement('canvas');
    out.width = width;
    out.height = height;
    const ctx = context2d(out, false);
    const image = ctx.createImageData(width, height);
    const data = image.data;
    // Region: white = redraw, black = keep. Edit: transparent = change, opaque black = keep.
    const alphaMask = this.options.mode === 'edit';
    for (let i = 0; i < source.length; i += 4) {
      const painted = (source[i + 3] ?? 0) >= THRESHOLD;
      const value = painted && !alphaMask ? 255 : 0;
      data[i] = value;
      data[i + 1] = value;
      data[i + 2] = value;
      data[i + 3] = alphaMask && painted ? 0 : 255;
    }
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
    if (disabled && hadFocus) (this.state === 'ready' ? this.canvas : this.root).focus({ preventScroll: true });
  }

  private updateControls(): void {
    const ready = this.state === 'ready';
    for (const button of Object.values(this.toolButtons)) this.setDisabled(button, !ready);
    this.setDisabled(this.sizeInput, !ready);
    this.setDisabled(this.undoButton, !ready || this.ops.length === 0);
    this.setDisabled(this.redoButton, !ready || this.redoOps.length === 0);
    this.setDisabled(this.clearButton, !ready || this.painted === 0);
    this.setDisabled(this.invertButton, !ready);
    this.setDisabled(this.submitButton, !this.canSubmit());
    this.setDisabled(this.cancelButton, this.submitting);
    this.canvas.tabIndex = ready ? 0 : -1;

    const noPrompt = this.promptInput.value.trim() === '';
    const noMask = this.painted === 0;
    this.hint.textContent = !ready ? ''
      : this.submitting ? t('Submitting…')
      : noMask && noPrompt ? t('Paint an area and enter a prompt to submit.')
        : noMask ? t('Paint the area to redraw to submit.')
          : noPrompt ? t('Enter a prompt to submit.')
            : '';
    this.hint.hidden = this.hint.textContent === '';
    if (ready) {
      const share = (this.painted / (this.width * this.height)) * 100;
      this.status.textContent = noMask
        ? t('Nothing selected yet: paint over the part of the image to redraw.')
        : t('{0}% of the image will be redrawn.', share < 1 ? t('Under 1') : String(Math.round(share)));
    }
  }

  private canSubmit(): boolean {
    return this.state === 'ready' && !this.submitting && this.painted > 0 && this.promptInput.value.trim() !== '';
  }

  private submit(): void {
    if (!this.canSubmit() || this.drag || this.closed) return;
    // One submit per intent: a second click or Ctrl+Enter waits for the host's answer.
    this.submitting = true;
    this.refusal.hidden = true;
    this.submitButton.setAttribute('aria-busy', 'true');
    this.updateControls();
    this.options.onSubmit({
      maskDataUrl: this.exportMask(),
      prompt: this.promptInput.value.trim(),
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
    if (!box.width || !box.height) return { x: 0, y: 0 };
    return {
      x: ((event.clientX - box.left) * this.width) / box.width,
      y: ((event.clientY - box.top) * this.height) / box.height,
    };
  }

  private pointerDown(event: PointerEvent): void {
    if (this.state !== 'ready' || this.drag || !this.maskCtx || !this.displayCtx) return;
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
      this.showRect(this.dragRect(point, point), 'drag');
      return;
    }
    const op: StrokeOp = { kind: 'stroke', erase: this.tool === 'eraser', size: this.size, points: [point.x, point.y] };
    this.drag = { kind: 'stroke', pointerId: event.pointerId, op };
    this.dab(this.maskCtx, op, point.x, point.y, '#fff');
    this.dab(this.displayCtx, op, point.x, point.y, this.highlightCss());
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
      this.showRect(this.dragRect(drag.start, drag.end), 'drag');
      return;
    }
    const { maskCtx, displayCtx } = this;
    if (!maskCtx || !displayCtx) return;
    const colour = this.highlightCss();
    for (const e of events) {
      const point = this.toImage(e);
      const { points } = drag.op;
      const x0 = points[points.length - 2] ?? point.x;
      const y0 = points[points.length - 1] ?? point.y;
      if (Math.hypot(point.x - x0, point.y - y0) < 0.5) continue;
      points.push(point.x, point.y);
      this.segment(maskCtx, drag.op, x0, y0, point.x, point.y, '#fff');
      this.segment(displayCtx, drag.op, x0, y0, point.x, point.y, colour);
    }
  }

  private pointerUp(event: PointerEvent): void {
    const drag = this.drag;
    if (!drag || drag.pointerId !== event.pointerId) return;
    this.drag = undefined;
    if (this.canvas.hasPointerCapture(event.pointerId)) this.canvas.releasePointerCapture(event.pointerId);
    if (drag.kind === 'stroke') {
      this.record(drag.op);
      return;
    }
    this.selectionBox.hidden = true;
    const rect = this.dragRect(drag.start, this.toImage(event));
    if (rect.w > 0 && rect.h > 0) {
      this.selection = rect;
      this.commit({ kind: 'rect', erase: false, rect });
    }
  }

  /** pointercancel / lost capture / Escape: drop the stroke or rectangle in progress. */
  private pointerAbort(pointerId?: number): void {
    const drag = this.drag;
    if (!drag || (pointerId !== undefined && drag.pointerId !== pointerId)) return;
    this.drag = undefined;
    if (this.canvas.hasPointerCapture(drag.pointerId)) this.canvas.releasePointerCapture(drag.pointerId);
    this.selectionBox.hidden = true;
    if (drag.kind === 'stroke') this.replay();
    this.refresh();
  }

  private dragRect(a: Point, b: Point): Rect {
    const x0 = Math.round(clamp(Math.min(a.x, b.x), 0, this.width));
    const y0 = Math.round(clamp(Math.min(a.y, b.y), 0, this.height));
    const x1 = Math.round(clamp(Math.max(a.x, b.x), 0, this.width));
    const y1 = Math.round(clamp(Math.max(a.y, b.y), 0, this.height));
    return { x: x0, y: y0, w: x1 - x0, h: y1 - y0 };
  }

  private highlightCss(): string {
    return `rgb(${this.highlightRgb().join(', ')})`;
  }

  private moveCursor(event: PointerEvent): void {
    if (this.tool === 'rect' || event.pointerType === 'touch' || this.state !== 'ready') {
      this.cursor.hidden = true;
      return;
    }
    const box = this.canvas.getBoundingClientRect();
    if (!box.width) return;
    const point = this.toImage(event);
    const diameter = (this.size * box.width) / this.width;
    this.cursor.hidden = false;
    this.cursor.classList.toggle('erase', this.tool === 'eraser');
    this.cursor.style.left = `${(point.x / this.width) * 100}%`;
    this.cursor.style.top = `${(point.y / this.height) * 100}%`;
    this.cursor.style.width = `${diameter}px`;
    this.cursor.style.height = `${diameter}px`;
  }

  // ---- keyboard ----------------------------------------------------------------------------

  private showRect(rect: Rect, mode: 'drag' | 'keyboard'): void {
    const box = this.selectionBox;
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
      this.selectionInfo.textContent = this.describeSelection();
      this.selectionInfo.hidden = false;
    } else {
      if (!this.drag) this.selectionBox.hidden = true;
      this.selectionInfo.hidden = true;
    }
  }

  private describeSelection(): string {
    const { x, y, w, h } = this.selection;
    return t('Selection: {0} × {1} px at {2}, {3}. Enter paints it, Delete erases it.', w, h, x, y);
  }

  /** Arrow keys move the selection, Shift+arrows resize it, Alt for 1 px steps; Enter/Space paint, Delete/Backspace erase. */
  private canvasKey(event: KeyboardEvent): boolean {
    if (this.state !== 'ready' || event.ctrlKey || event.metaKey) return false;
    const step = event.altKey ? 1 : Math.max(1, Math.round(Math.min(this.width, this.height) / 64));
    const s = { ...this.selection };
    const dx = event.key === 'ArrowLeft' ? -step : event.key === 'ArrowRight' ? step : 0;
    const dy = event.key === 'ArrowUp' ? -step : event.key === 'ArrowDown' ? step : 0;
    if (dx || dy) {
      if (event.shiftKey) {
        s.w = clamp(s.w + dx, 1, this.width - s.x);
        s.h = clamp(s.h + dy, 1, this.height - s.y);
      } else {
        s.x = clamp(s.x + dx, 0, this.width - s.w);
        s.y = clamp(s.y + dy, 0, this.height - s.h);
      }
      this.selection = s;
      this.showSelection(true);
      return true;
    }
    if (event.altKey || event.shiftKey) return false;
    if (event.key === 'Enter' || event.key === ' ' || event.key === 'Delete' || event.key === 'Backspace') {
      const erase = event.key === 'Delete' || event.key === 'Backspace';
      this.showSelection(true);
      this.commit({ kind: 'rect', erase, rect: { ...this.selection } });
      this.status.textContent = `${erase ? t('Erased {0} by {1} pixels.', this.selection.w, this.selection.h) : t('Painted {0} by {1} pixels.', this.selection.w, this.selection.h)} ${this.status.textContent ?? ''}`;
      return true;
    }
    return false;
  }

  private handleKey(event: KeyboardEvent): void {
    if (this.closed || event.defaultPrevented || event.isComposing) return;
    const target = event.target instanceof Node ? event.target : null;
    const inside = target !== null && (this.root.contains(target) || target === document.body || target === document.documentElement);
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
    const typing = target === this.promptInput;
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
