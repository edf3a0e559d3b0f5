// The mask editor's elements: header, toolbar, the stage (image, overlay canvas, selection, brush cursor),
// status lines, prompt and actions, with their labels, key hints and roles. It builds them and wires each
// control to the action it names; the state they show is the editor's business (./editor.ts).
import { createButton } from '../kit';
import { t } from '../l10n';
import { BRUSH_MAX, BRUSH_MIN } from './geometry';

export type Tool = 'brush' | 'rect' | 'eraser';

/** What the controls do (a click on a disabled button does nothing). */
export interface MaskViewActions {
  setTool(tool: Tool): void;
  setSize(size: number): void;
  undo(): void;
  redo(): void;
  clear(): void;
  invert(): void;
  cancel(): void;
  submit(): void;
  promptChanged(): void;
}

export interface MaskView {
  root: HTMLDivElement;
  image: HTMLImageElement;
  frame: HTMLDivElement;
  canvas: HTMLCanvasElement;
  selectionBox: HTMLDivElement;
  cursor: HTMLDivElement;
  status: HTMLParagraphElement;
  selectionInfo: HTMLParagraphElement;
  hint: HTMLSpanElement;
  refusal: HTMLParagraphElement;
  promptInput: HTMLTextAreaElement;
  sizeInput: HTMLInputElement;
  sizeOutput: HTMLOutputElement;
  toolButtons: Record<Tool, HTMLElement>;
  undoButton: HTMLElement;
  redoButton: HTMLElement;
  clearButton: HTMLElement;
  invertButton: HTMLElement;
  cancelButton: HTMLElement;
  submitButton: HTMLElement;
}

const TOOL_LABELS: Record<Tool, { text: string; key: string }> = {
  brush: { text: t('Brush'), key: 'B' },
  rect: { text: t('Rectangle'), key: 'R' },
  eraser: { text: t('Eraser'), key: 'E' },
};

function el<K extends keyof HTMLElementTagNameMap>(tag: K, className?: string, text?: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

function button(text: string, label: string, action: () => void, keys: string | undefined, control: string,
  appearance: 'primary' | 'secondary' = 'secondary'): HTMLElement {
  const node = createButton(text, appearance);
  node.dataset.control = control;
  node.setAttribute('aria-label', label);
  const shortcut = keys?.replace('Control', 'Ctrl').replace('Escape', 'Esc');
  node.title = shortcut ? `${label} (${shortcut})` : label;
  if (keys) node.setAttribute('aria-keyshortcuts', keys);
  node.addEventListener('click', () => {
    if (!node.hasAttribute('disabled')) action();
  });
  return node;
}

/** Builds the editor's elements under a root with the id `id` (not yet attached anywhere). */
export function buildMaskView(id: string, mode: 'region' | 'edit', prompt: string, act: MaskViewActions): MaskView {
  const root = el('div', 'mask-editor');
  root.id = id;
  root.tabIndex = -1;
  root.dataset.state = 'loading';
  root.setAttribute('role', 'dialog');
  root.setAttribute('aria-labelledby', `${id}-title`);
  root.setAttribute('aria-describedby', `${id}-help`);

  // Header: title and a one-line key map.
  const header = el('div', 'mask-header');
  const editMode = mode === 'edit';
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
    toolButtons[tool] = button(text, `${text} tool`, () => act.setTool(tool), key, tool);
  }

  const sizeLabel = el('label', 'mask-size');
  sizeLabel.append(el('span', 'mask-size-label', t('Size')));
  const sizeInput = el('input', 'mask-size-input');
  const sizeOutput = el('output', 'mask-size-value');
  sizeInput.type = 'range';
  sizeInput.min = String(BRUSH_MIN);
  sizeInput.max = String(BRUSH_MAX);
  sizeInput.step = '1';
  sizeInput.id = `${id}-size`;
  sizeInput.dataset.control = 'size';
  sizeInput.setAttribute('aria-label', t('Brush size in image pixels'));
  sizeInput.setAttribute('aria-keyshortcuts', '[ ]');
  sizeInput.title = t('Brush size ([ and ])');
  sizeInput.addEventListener('input', () => act.setSize(Number(sizeInput.value)));
  sizeOutput.htmlFor.add(sizeInput.id);
  sizeOutput.setAttribute('aria-hidden', 'true');
  sizeLabel.append(sizeInput, sizeOutput);

  const undoButton = button(t('Undo'), t('Undo'), () => act.undo(), 'Control+Z', 'undo');
  const redoButton = button(t('Redo'), t('Redo'), () => act.redo(), 'Control+Shift+Z', 'redo');
  const clearButton = button(t('Clear'), t('Clear the mask'), () => act.clear(), undefined, 'clear');
  const invertButton = button(t('Invert'), t('Invert the mask'), () => act.invert(), 'I', 'invert');
  tools.append(
    toolButtons.brush, toolButtons.rect, toolButtons.eraser, sizeLabel,
    el('span', 'mask-separator'),
    undoButton, redoButton, clearButton, invertButton,
  );

  // Stage: the image, the overlay canvas of the same pixel size, the selection and the brush cursor.
  const stage = el('div', 'mask-stage');
  const frame = el('div', 'mask-frame');
  const image = el('img', 'mask-image');
  const canvas = el('canvas', 'mask-overlay');
  const selectionBox = el('div', 'mask-selection');
  const cursor = el('div', 'mask-cursor');
  image.alt = t('Image to vary');
  image.draggable = false;
  canvas.tabIndex = 0;
  canvas.dataset.control = 'canvas';
  canvas.setAttribute('role', 'application');
  canvas.setAttribute('aria-roledescription', t('mask canvas'));
  canvas.setAttribute('aria-label', t('Mask: arrows move the selection, Shift+arrows resize it, Enter paints it, Delete erases it'));
  selectionBox.hidden = true;
  cursor.hidden = true;
  frame.append(image, canvas, selectionBox, cursor);
  stage.append(frame);
  const status = el('p', 'mask-status');
  status.setAttribute('aria-live', 'polite');
  status.textContent = t('Loading the image…');
  const selectionInfo = el('p', 'mask-selection-info');
  selectionInfo.setAttribute('aria-live', 'polite');
  selectionInfo.hidden = true;

  // Prompt.
  const promptLabel = el('label', 'mask-prompt');
  promptLabel.append(el('span', 'mask-prompt-label', t('Prompt')));
  const promptInput = el('textarea', 'mask-prompt-input');
  promptInput.rows = 2;
  promptInput.value = prompt;
  promptInput.spellcheck = false;
  promptInput.dataset.control = 'prompt';
  promptInput.setAttribute('aria-label', t('Prompt for the repainted area'));
  promptInput.addEventListener('input', () => act.promptChanged());
  promptLabel.append(promptInput);

  // Actions.
  const actions = el('div', 'mask-actions');
  const hint = el('span', 'mask-hint');
  hint.setAttribute('aria-live', 'polite');
  hint.id = `${id}-hint`;
  const cancelButton = button(t('Cancel'), t('Cancel'), () => act.cancel(), 'Escape', 'cancel');
  const submitButton = button(t('Submit'), t('Submit'), () => act.submit(), 'Control+Enter', 'submit', 'primary');
  actions.append(hint, cancelButton, submitButton);

  const refusal = el('p', 'mask-refusal');
  refusal.setAttribute('role', 'alert');
  refusal.hidden = true;

  root.append(header, tools, stage, status, selectionInfo, promptLabel, refusal, actions);
  return {
    root, image, frame, canvas, selectionBox, cursor, status, selectionInfo, hint, refusal, promptInput, sizeInput,
    sizeOutput, toolButtons, undoButton, redoButton, clearButton, invertButton, cancelButton, submitButton,
  };
}
