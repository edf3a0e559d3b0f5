// The result panel's browser code. Every gateway string goes through textContent; the host is
// told about clicks with typed messages and repaints us by message, never by new HTML.
import { BUTTON_GROUP_ORDER, BUTTON_GROUP_TITLES, type ButtonView } from '../src/shared/buttons';
import { isHostToWebview, type HostToWebview, type ResultAction, type TaskView, type WebviewToHost } from '../src/shared/protocol';
import { openMaskEditor, type MaskEditorHandle } from './mask/editor';
import { createButton, registerToolkit } from './kit';
import { renderVideo, setUpVideo } from './video';
import { markUnavailable, unavailableNote } from './availability';
import { t } from './l10n';

interface VsCodeApi {
  postMessage(message: WebviewToHost): void;
  getState(): unknown;
  setState(state: unknown): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

const vscode = acquireVsCodeApi();
registerToolkit();

const $ = <T extends HTMLElement = HTMLElement>(id: string): T => {
  const el = document.getElementById(id);
  if (!el) throw new Error(`missing #${id}`);
  return el as T;
};

let current: TaskView | undefined;
/** What is on its way (a customId, `prompt-N`, `result-…`), or null: repaints keep the buttons disabled meanwhile. */
let pendingKey: string | null = null;

function show(el: HTMLElement, visible: boolean): void {
  el.hidden = !visible;
}

function text(id: string, value: string): void {
  $(id).textContent = value;
}

function render(task: TaskView): void {
  current = task;
  vscode.setState({ taskId: task.id });
  text('title', task.title);
  const status = $('status');
  status.textContent = task.statusText;
  status.dataset.status = task.status || 'PENDING';
  show($('spinner'), task.running || pendingKey !== null);
  show($('bar'), task.running || (task.progress > 0 && task.progress < 100));
  $('bar-fill').style.width = `${task.progress}%`;
  $('bar').setAttribute('aria-label', t('Progress {0}%', task.progress));

  text('note', task.note);
  show($('note'), Boolean(task.note));
  text('fail', task.failReason ? t('Failed: {0}', task.failReason) : '');
  show($('fail'), Boolean(task.failReason));
  renderFailedActions(task);

  renderImage(task);
  renderVideo(task);
  if (regionWaitingForImage && regionWaitingForImage.taskId !== task.id) regionWaitingForImage = undefined;
  if (regionWaitingForImage && task.imageUrl && !task.imageIsPreview) openRegionEditor(task, regionWaitingForImage.customId);
  renderButtons(task);
  renderSuggestions(task);
  renderResultActions(task);
  show($('copy-seed'), task.canSeed);

  text('prompt', task.prompt);
  show($('prompt-section'), Boolean(task.prompt));
  text('final-prompt', task.finalPrompt);
  show($('final-section'), Boolean(task.finalPrompt) && task.finalPrompt !== task.prompt);

  renderLineage(task);
  text('task-id', t('Task {0}', task.id));
  text('times', [task.submitted && t('submitted {0}', task.submitted), task.finished && t('finished {0}', task.finished)].filter(Boolean).join(' · '));
}

/** A failed or cancelled task offers to run again, here where its reason is shown. */
function renderFailedActions(task: TaskView): void {
  const ended = task.status === 'FAILURE' || task.status === 'CANCEL';
  show($('failed-actions'), ended && task.canRerun);
  show($('failed-rerun-edits'), ended && task.canRerunWithEdits);
}

/** The picture, or where it would be: a note while it downloads, or the host's sentence when it is gone. */
function renderImage(task: TaskView): void {
  const figure = $('figure');
  const image = $<HTMLImageElement>('image');
  text('image-note', task.imageNote);
  show($('image-note'), Boolean(task.imageNote) && !task.imageUrl);
  text('image-problem-text', task.imageProblem);
  show($('image-problem'), Boolean(task.imageProblem));
  show($('fetch-again'), task.canFetchAgain);
  show($('rerun'), task.canRerun);
  if (!task.imageUrl) {
    show(figure, false);
    image.removeAttribute('src');
    return;
  }
  show(figure, true);
  if (image.getAttribute('src') !== task.imageUrl) {
    image.classList.remove('broken');
    image.src = task.imageUrl;
  }
  image.alt = task.prompt ? t('Result for: {0}', task.prompt) : t('Result image');
  image.classList.toggle('preview', task.imageIsPreview);
  text('caption', task.imageIsPreview ? t('Preview: the final image appears when the task finishes.') : '');
}

function renderButtons(task: TaskView): void {
  const section = $('actions');
  section.replaceChildren();
  if (task.buttons.length === 0) {
    show(section, false);
    return;
  }
  show(section, true);
  for (const group of BUTTON_GROUP_ORDER) {
    const buttons = task.buttons.filter((b) => b.group === group);
    if (buttons.length === 0) continue;
    const row = document.createElement('div');
    row.className = 'button-row';
    row.dataset.group = group;
    const label = document.createElement('span');
    label.className = 'group-title';
    label.textContent = t(BUTTON_GROUP_TITLES[group]);
    row.append(label, ...buttons.map((b) => actionButton(task, b)));
    section.append(row);
  }
  const note = unavailableNote(task.buttons);
  if (note) section.append(note);
}

function actionButton(task: TaskView, view: ButtonView): HTMLElement {
  // The likely next step stands out (upscale on a grid); every tooltip says what the button does and that it costs.
  const button = createButton(view.text, view.primary ? 'primary' : 'secondary');
  button.dataset.customId = view.customId;
  button.title = view.explanation;
  button.addEventListener('click', () => {
    if (button.hasAttribute('disabled')) return;
    // Vary (Region) needs a painted mask first: paint here, then the host sends action + modal.
    if (/::Inpaint::/i.test(view.customId)) openRegionEditor(task, view.customId);
    else submitOnce(button, view.customId, { type: 'press', taskId: task.id, customId: view.customId });
  });
  if (pendingKey !== null) markBusy(button, view.customId === pendingKey);
  markUnavailable(button, view);
  return button;
}

/**
 * A click that costs money is one submit: the buttons are disabled, and the clicked one shows it
 * is working, before the host has even heard of it. They come back when the host says it is done.
 */
function submitOnce(button: HTMLElement, key: string, message: WebviewToHost): void {
  setBusy(key);
  button.setAttribute('aria-busy', 'true');
  vscode.postMessage(message);
}

let maskEditor: MaskEditorHandle | undefined;
/** Vary (Region) clicked while the host was still downloading the image: the editor opens when it arrives. */
let regionWaitingForImage: { taskId: string; customId: string } | undefined;
let nextRegionRequest = 1;
let pendingRegion: number | undefined;

function closeRegionEditor(): void {
  pendingRegion = undefined;
  maskEditor?.close();
  maskEditor = undefined;
  show($('mask-editor'), false);
  show($('app'), true);
}

function openRegionEditor(task: TaskView, customId: string): void {
  if (!task.imageUrl) {
    regionWaitingForImage = { taskId: task.id, customId };
    return;
  }
  regionWaitingForImage = undefined;
  closeRegionEditor();
  const container = $('mask-editor');
  container.replaceChildren();
  show($('app'), false);
  show(container, true);
  maskEditor = openMaskEditor({
    container,
    imageUrl: task.imageUrl,
    prompt: task.finalPrompt || task.prompt,
    // The editor stays open, painting included, until the host accepts or refuses the submit.
    onSubmit: ({ maskDataUrl, prompt }) => {
      pendingRegion = nextRegionRequest++;
      vscode.postMessage({ type: 'region', requestId: pendingRegion, taskId: task.id, customId, maskDataUrl, prompt });
    },
    onCancel: closeRegionEditor,
  });
}

/** Save / insert / split / copy / open / reveal, and the split grid's four images. */
function renderResultActions(task: TaskView): void {
  const hasImage = task.status === 'SUCCESS' && Boolean(task.imageUrl) && (task.kind === 'grid' || task.kind === 'image');
  show($('result-actions'), hasImage || (task.status === 'SUCCESS' && Boolean(task.videoUrl)));
  show($('animate'), task.canAnimate);
  show($('edit-image'), task.canAnimate); // the same pictures: finished MidJourney images
  show($('mask-edit'), task.canMaskEdit);
  show($('split'), task.canSplit);
  show($('reveal'), Boolean(task.savedPath) || task.parts.length > 0);
  // Saved already (Generate Image saves by itself): say where, offer Reveal, not Save again.
  show($('save'), !task.savedPath);
  text('saved-path', task.savedPath ? t('Saved to {0}', task.savedPath) : '');
  show($('saved-path'), Boolean(task.savedPath));
  const parts = $('parts');
  parts.replaceChildren(...task.parts.map(({ part, url, path }) => {
    const figure = document.createElement('figure');
    figure.className = 'part';
    const img = document.createElement('img');
    img.src = url;
    img.alt = t('Image {0} of the grid', part);
    const caption = document.createElement('figcaption');
    // The number is what matters at a glance; the full path is in the tooltip.
    caption.textContent = `#${part}`;
    figure.title = path;
    const insert = createButton(t('Insert #{0}', part));
    insert.dataset.part = String(part);
    insert.addEventListener('click', () => vscode.postMessage({ type: 'result', taskId: task.id, action: 'insert', part }));
    figure.append(img, caption, insert);
    return figure;
  }));
  show(parts, task.parts.length > 0);
}

/** Cuts a 2x2 grid into four PNGs in the browser (it decodes PNG, JPEG, WebP, GIF alike). */
function fromBase64(base64: string): Uint8Array {
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

async function splitGrid(base64: string, mime: string): Promise<string[]> {
  const bitmap = await createImageBitmap(new Blob([fromBase64(base64) as BlobPart], mime ? { type: mime } : {}));
  // Odd sizes: the left/top halves get the floor, the right/bottom ones the rest, so no pixel is lost.
  const w1 = Math.floor(bitmap.width / 2);
  const h1 = Math.floor(bitmap.height / 2);
  const boxes = [[0, 0, w1, h1], [w1, 0, bitmap.width - w1, h1], [0, h1, w1, bitmap.height - h1], [w1, h1, bitmap.width - w1, bitmap.height - h1]] as const;
  const parts: string[] = [];
  for (const [x, y, w, h] of boxes) {
    const canvas = document.createElement('canvas');
    canvas.width = w;
    canvas.height = h;
    const ctx = canvas.getContext('2d');
    if (!ctx) throw new Error(t('No 2D canvas available.'));
    ctx.drawImage(bitmap, x, y, w, h, 0, 0, w, h);
    const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/png'));
    if (!blob) throw new Error(t('The image could not be encoded.'));
    parts.push(toBase64(new Uint8Array(await blob.arrayBuffer())));
  }
  bitmap.close();
  return parts;
}

/** Describe (4) / shorten (5) prompts, each with what can be done with it. */
function renderSuggestions(task: TaskView): void {
  const section = $('suggestions');
  show(section, task.prompts.length > 0);
  text('suggestions-title', task.kind === 'shorten' ? t('Shortened prompts') : t('Suggested prompts'));
  text('analysis', task.analysis);
  show($('analysis'), Boolean(task.analysis));
  $('suggestion-list').replaceChildren(...task.prompts.map((prompt, i) => {
    const index = i + 1;
    const item = document.createElement('li');
    item.className = 'suggestion';
    const body = document.createElement('p');
    body.className = 'prompt';
    body.textContent = prompt;
    const actions = document.createElement('div');
    actions.className = 'button-row';
    const use = (label: string, how: 'imagine' | 'insert' | 'copy' | 'replace', appearance: 'primary' | 'secondary' = 'secondary') => {
      const button = createButton(label, appearance);
      button.dataset.prompt = String(index);
      button.dataset.how = how;
      button.addEventListener('click', () => {
        if (button.hasAttribute('disabled')) return;
        // "Imagine this" submits (and pays); insert, copy and replace do not.
        if (how === 'imagine') submitOnce(button, `prompt-${index}`, { type: 'usePrompt', taskId: task.id, index, how });
        else vscode.postMessage({ type: 'usePrompt', taskId: task.id, index, how });
      });
      if (how === 'imagine' && pendingKey !== null) markBusy(button, pendingKey === `prompt-${index}`);
      return button;
    };
    actions.append(use(t('Imagine this'), 'imagine', 'primary'));
    if (task.kind === 'shorten' && task.canReplace) actions.append(use(t('Replace selection'), 'replace'));
    if (task.kind === 'describe') actions.append(use(t('Insert at cursor'), 'insert'));
    actions.append(use(t('Copy'), 'copy'));
    item.append(body, actions);
    return item;
  }));
}

function renderLineage(task: TaskView): void {
  const parent = $('parent');
  parent.replaceChildren();
  if (task.parent) {
    const { id, title } = task.parent;
    parent.append(t('From '), link(title, id));
  }
  const list = $('children');
  list.replaceChildren(...task.children.map((child) => {
    const item = document.createElement('li');
    item.append(link(child.title, child.id), ` — ${child.statusText}`);
    return item;
  }));
  show($('lineage'), Boolean(task.parent) || task.children.length > 0);
}

function link(label: string, taskId: string): HTMLElement {
  const a = document.createElement('a');
  a.href = '#';
  a.textContent = label;
  a.addEventListener('click', (event) => {
    event.preventDefault();
    vscode.postMessage({ type: 'open', taskId });
  });
  return a;
}

function markBusy(button: HTMLElement, clicked: boolean): void {
  button.setAttribute('disabled', '');
  if (clicked) button.setAttribute('aria-busy', 'true');
}

function setBusy(key: string | null): void {
  pendingKey = key;
  show($('spinner'), key !== null || Boolean(current?.running));
  document.querySelectorAll<HTMLElement>('#actions vscode-button, #result-actions vscode-button, #image-problem vscode-button, #suggestion-list vscode-button[data-how="imagine"]').forEach((b) => {
    if (key) {
      b.setAttribute('disabled', '');
    } else if (b.dataset.unavailable) {
      b.removeAttribute('aria-busy'); // stays disabled: the gateway cannot run it
    } else {
      b.removeAttribute('disabled');
      b.removeAttribute('aria-busy');
    }
  });
}

function handle(message: HostToWebview): void {
  switch (message.type) {
    case 'task':
      render(message.task);
      break;
    case 'missing':
      text('title', message.message);
      show($('actions'), false);
      break;
    case 'busy':
      setBusy(message.customId);
      break;
    case 'regionResult':
      if (message.requestId !== pendingRegion) break; // an answer for an editor that is gone
      if (message.ok) closeRegionEditor();
      else {
        pendingRegion = undefined;
        maskEditor?.refused(message.message);
      }
      break;
    case 'split':
      splitGrid(message.base64, message.mime)
        .then((parts) => vscode.postMessage({ type: 'splitDone', requestId: message.requestId, parts }))
        .catch((error: unknown) => vscode.postMessage({ type: 'splitFailed', requestId: message.requestId, message: error instanceof Error ? error.message : String(error) }));
      break;
  }
}

window.addEventListener('message', (event: MessageEvent<unknown>) => {
  if (isHostToWebview(event.data)) handle(event.data);
});

// Only local files are shown; one that fails to load was removed under us. No broken-image icon:
// hide it and let the host (which keeps the state) find out why and repaint.
$<HTMLImageElement>('image').addEventListener('error', () => {
  $<HTMLImageElement>('image').classList.add('broken');
  if (current && !current.imageIsPreview) vscode.postMessage({ type: 'imageFailed', taskId: current.id });
});
$('copy-prompt').addEventListener('click', () => { if (current) vscode.postMessage({ type: 'copy', taskId: current.id, what: 'prompt' }); });
$('copy-id').addEventListener('click', () => { if (current) vscode.postMessage({ type: 'copy', taskId: current.id, what: 'id' }); });
const resultAction = (id: string, action: ResultAction) =>
  $(id).addEventListener('click', () => { if (current) vscode.postMessage({ type: 'result', taskId: current.id, action }); });
resultAction('save', 'save');
resultAction('insert', 'insert');
resultAction('split', 'splitGrid');
resultAction('copy-url', 'copyUrl');
resultAction('open-browser', 'open');
resultAction('reveal', 'reveal');
resultAction('fetch-again', 'fetchAgain');
resultAction('mask-edit', 'maskEdit');
setUpVideo(() => { if (current) vscode.postMessage({ type: 'result', taskId: current.id, action: 'openVideo' }); });
// Animate… asks motion (and which picture) on the host, then submits once: the buttons wait meanwhile.
$('edit-image').addEventListener('click', () => {
  const button = $('edit-image');
  if (current && !button.hasAttribute('disabled')) submitOnce(button, 'result-edit', { type: 'result', taskId: current.id, action: 'edit' });
});
$('animate').addEventListener('click', () => {
  const button = $('animate');
  if (current && !button.hasAttribute('disabled')) submitOnce(button, 'result-animate', { type: 'result', taskId: current.id, action: 'animate' });
});
// Re-run is a new paid task: one submit per click, like the MidJourney buttons.
$('rerun').addEventListener('click', () => {
  const button = $('rerun');
  if (current && !button.hasAttribute('disabled')) submitOnce(button, 'result-rerun', { type: 'result', taskId: current.id, action: 'rerun' });
});
for (const [id, action] of [['failed-rerun', 'rerun'], ['failed-rerun-edits', 'rerunEdits']] as const) {
  $(id).addEventListener('click', () => {
    const button = $(id);
    if (current && !button.hasAttribute('disabled')) submitOnce(button, `result-${action}`, { type: 'result', taskId: current.id, action });
  });
}
$('copy-seed').addEventListener('click', () => { if (current) vscode.postMessage({ type: 'copySeed', taskId: current.id }); });

const saved = vscode.getState() as { taskId?: unknown } | undefined;
vscode.postMessage({ type: 'ready', taskId: typeof saved?.taskId === 'string' ? saved.taskId : null });
