// How a task is named and described to people: shared by the tree and the result panel so they
// always agree.
import { buttonViews } from '../../shared/buttons';
import { t, uiLocale } from '../base/l10n';
import type { TaskView } from '../../shared/protocol';
import { isMidjourneyTask, isTerminalStatus, isWaitingForInput, resultText, splitNumberedPrompts, type TaskRecord } from '../../shared/task';

// A function, not a constant: the labels are read in the UI language of the moment (see core/base/l10n).
const ACTION_LABELS = (): Record<string, string> => ({
  IMAGINE: t('Imagine'),
  UPSCALE: t('Upscale'),
  VARIATION: t('Variation'),
  LOW_VARIATION: t('Vary (Subtle)'),
  HIGH_VARIATION: t('Vary (Strong)'),
  REROLL: t('Reroll'),
  ZOOM: t('Zoom Out'),
  CUSTOM_ZOOM: t('Custom Zoom'),
  PAN: t('Pan'),
  INPAINT: t('Vary (Region)'),
  DESCRIBE: t('Describe'),
  BLEND: t('Blend'),
  SHORTEN: t('Shorten'),
  SWAP_FACE: t('Face Swap'),
  VIDEO: t('Video'),
  EDIT: t('Edit'),
  RETEXTURE: t('Retexture'),
  MODAL: t('Modal'),
  CHAT_IMAGE: t('Chat Image'),
  GENERATE_IMAGE: t('Image'),
});

export function actionLabel(action: string): string {
  return ACTION_LABELS()[action] ?? (action ? action.charAt(0) + action.slice(1).toLowerCase().replace(/_/g, ' ') : t('Task'));
}

/** "U2", "Zoom Out 2x", or the action name. */
export function taskHeadline(task: TaskRecord): string {
  return task.originLabel || actionLabel(task.action);
}

export function shorten(text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

/** The tree label: what was done, and to which prompt. */
export function taskTitle(task: TaskRecord, max = 60): string {
  // A describe task's promptEn is its answer, not what it was about: name it by its image.
  const about = task.action === 'DESCRIBE' ? task.subject || task.prompt : task.prompt || task.promptEn || task.subject;
  const prompt = shorten(about ?? '', max);
  return prompt ? `${taskHeadline(task)}: ${prompt}` : `${taskHeadline(task)} ${task.id}`;
}

/**
 * A tree row: the state first while it matters ("58% · Imagine: a red fox…", "failed · …"), so a
 * narrow view still shows it; a finished row is its short title, with "done" beside it.
 */
export function taskRow(task: TaskRecord, now = Date.now()): { label: string; description: string } {
  const title = taskTitle(task, ROW_TITLE_CHARS);
  if (task.status === 'SUCCESS') return { label: title, description: t('done') };
  return { label: `${statusText(task, now)} · ${title}`, description: '' };
}

/** What a row's title keeps of the prompt (the tooltip has all of it). */
const ROW_TITLE_CHARS = 48;

/** Re-run works for prompts (imagine, shorten) and for buttons pressed on a parent that is still known. */
export function isRerunnable(task: TaskRecord): boolean {
  return ['IMAGINE', 'SHORTEN'].includes(task.action) || Boolean(task.originCustomId);
}

export function isRunning(task: TaskRecord): boolean {
  return !isTerminalStatus(task.status) && !task.untracked && !isWaitingForInput(task);
}

/** Short status for the tree description and the panel. */
export function statusText(task: TaskRecord, now = Date.now()): string {
  if (task.untracked && !isTerminalStatus(task.status)) return task.stalled ? t('stalled, not checked') : t('not tracked');
  switch (task.status) {
    case 'SUCCESS': return t('done');
    case 'FAILURE': return t('failed');
    case 'CANCEL': return t('cancelled');
    case 'MODAL': return task.modalSubmitted ? t('starting') : t('needs your input');
    case '':
    case 'NOT_START': return t('waiting to start');
    case 'SUBMITTED': return withStall(task, t('queued'), now);
    case 'IN_PROGRESS': return withStall(task, `${task.progress}%`, now);
    default: return withStall(task, task.status.toLowerCase().replace(/_/g, ' '), now);
  }
}

function withStall(task: TaskRecord, text: string, now: number): string {
  if (!task.stalled) return text;
  const minutes = Math.max(1, Math.round((now - task.lastChangeAt) / 60_000));
  return t('{0} · stalled {1} min', text, minutes);
}

function formatTime(ms: number | null | undefined): string {
  if (!ms) return '';
  return new Date(ms).toLocaleString(uiLocale());
}

/** Only URLs a webview may load: http(s). Relative paths (gateways that rewrite imageUrl) resolve against the gateway root. */
export function resolveImageUrl(imageUrl: string, gatewayRoot: string | undefined): string {
  const raw = imageUrl.trim();
  if (!raw) return '';
  try {
    const url = gatewayRoot ? new URL(raw, `${gatewayRoot}/`) : new URL(raw);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.toString() : '';
  } catch {
    return '';
  }
}

export interface ViewContext {
  get(id: string): TaskRecord | undefined;
  children(id: string): TaskRecord[];
  gatewayRoot: string | undefined;
  now?: number;
  /** Which buttons this gateway cannot run (MidjourneyService.buttonAvailability); all can when absent. */
  availability?: (task: TaskRecord) => { customId: string; enabled: boolean; reason?: string }[];
}

/**
 * The task's buttons as the panel shows them. A describe / shorten result offers "Imagine this" per prompt, so its
 * raw numbered buttons (PicReader / PromptAnalyzer 1–5: the same intent) are folded into it, not shown twice.
 */
function panelButtons(task: TaskRecord, kind: TaskView['kind'], context: ViewContext): TaskView['buttons'] {
  const refused = new Map<string, string>();
  for (const a of context.availability?.(task) ?? []) if (!a.enabled) refused.set(a.customId, a.reason ?? t('This gateway cannot run this button.'));
  const views = buttonViews(task.buttons, (id) => refused.get(id), t);
  return kind === 'describe' || kind === 'shorten' ? views.filter((b) => !/::(PicReader|PromptAnalyzer)::\d+$/i.test(b.customId)) : views;
}

/** Shorten results: "## Important tokens …" before "## Shortened prompts". */
export function shortenAnalysis(text: string): string {
  const cut = text.search(/(^|\n)\s*#*\s*Shortened prompts/i);
  return (cut >= 0 ? text.slice(0, cut) : '').replace(/^\s*#+\s*/gm, '').trim();
}

function resultKind(task: TaskRecord): TaskView['kind'] {
  if (task.action === 'DESCRIBE') return 'describe';
  if (task.action === 'SHORTEN') return 'shorten';
  if (!task.imageUrl && !task.saved?.length) return 'none';
  // Actions that return one picture; every other MidJourney image action returns a 2x2 grid.
  // A video task's picture is its poster: one frame, not a grid.
  return ['UPSCALE', 'SWAP_FACE', 'VIDEO'].includes(task.action) || !isMidjourneyTask(task) ? 'image' : 'grid';
}

export function toTaskView(task: TaskRecord, context: ViewContext): TaskView {
  const parent = task.parentId ? context.get(task.parentId) : undefined;
  const now = context.now ?? Date.now();
  const kind = resultKind(task);
  const done = task.status === 'SUCCESS';
  const text = kind === 'describe' || kind === 'shorten' ? resultText(task) : '';
  return {
    id: task.id,
    title: taskTitle(task, 120),
    action: actionLabel(task.action),
    status: task.status,
    statusText: statusText(task, now),
    running: isRunning(task),
    progress: task.status === 'SUCCESS' ? 100 : task.progress,
    prompt: kind === 'describe' ? '' : task.prompt || task.promptEn,
    // Describe/shorten text is shown as numbered prompts, not as a "final prompt".
    finalPrompt: kind === 'describe' || kind === 'shorten' ? '' : task.finalPrompt,
    failReason: task.failReason,
    note: task.localNote ?? '',
    // The panel shows local pictures only: the host fills imageUrl from its image cache or a saved copy.
    imageUrl: '',
    imageIsPreview: false,
    imageNote: '',
    imageProblem: '',
    canFetchAgain: false,
    canRerun: isRerunnable(task),
    videoUrl: '',
    videoType: '',
    videoCount: task.action === 'VIDEO' ? task.videoUrls.length : 0,
    videoNote: '',
    canMaskEdit: done && task.action !== 'VIDEO' && (kind === 'grid' || kind === 'image'),
    canAnimate: done && isMidjourneyTask(task) && task.action !== 'VIDEO' && (kind === 'grid' || kind === 'image'),
    canRerunWithEdits: ['IMAGINE', 'SHORTEN'].includes(task.action),
    buttons: done ? panelButtons(task, kind, context) : [],
    kind,
    prompts: done && text ? splitNumberedPrompts(text) : [],
    analysis: done && kind === 'shorten' ? shortenAnalysis(text) : '',
    canReplace: Boolean(task.source),
    // A video has no seed to look up and no grid to split.
    canSeed: done && isMidjourneyTask(task) && task.action !== 'VIDEO' && (kind === 'grid' || kind === 'image'),
    canSplit: done && kind === 'grid' && task.buttons.some((b) => /::upsample::[1-4]::/.test(b.customId)),
    savedPath: '',
    parts: [],
    parent: parent ? { id: parent.id, title: taskTitle(parent) } : undefined,
    children: context.children(task.id).map((c) => ({ id: c.id, title: taskTitle(c), statusText: statusText(c, now) })),
    submitted: formatTime(task.submitTime ?? task.addedAt),
    finished: formatTime(task.finishTime),
  };
}

/** The full path of a saved copy (a file: URI) for people. */
function filePath(uri: string): string {
  try {
    return decodeURIComponent(new URL(uri).pathname);
  } catch {
    return uri;
  }
}

/** Tooltip text for the tree: prompt, id, times, failReason, where it is saved. */
export function taskTooltip(task: TaskRecord, now = Date.now()): string {
  const lines = [
    taskHeadline(task),
    task.prompt ? t('Prompt: {0}', shorten(task.prompt, 400)) : '',
    t('Task ID: {0}', task.id),
    task.status === 'IN_PROGRESS' || task.status === 'SUBMITTED' ? t('Status: {0} ({1}% done)', statusText(task, now), task.progress) : t('Status: {0}', statusText(task, now)),
    t('Submitted: {0}', formatTime(task.submitTime ?? task.addedAt)),
    task.finishTime ? t('Finished: {0}', formatTime(task.finishTime)) : '',
    task.lastPolledAt ? t('Last checked: {0}', formatTime(task.lastPolledAt)) : '',
    task.failReason ? t('Failure: {0}', shorten(task.failReason, 400)) : '',
    ...(task.saved ?? []).map((f) => (f.part ? t('Saved (image {0}): {1}', f.part, filePath(f.uri)) : t('Saved: {0}', filePath(f.uri)))),
    task.localNote ? task.localNote : '',
  ];
  return lines.filter(Boolean).join('\n');
}
