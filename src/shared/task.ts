// The task model shared by the extension host and the webview. No `vscode`, no DOM.

/** Every status a gateway in the new-api / midjourney-proxy family may print. `""` is new-api before its first sync. */
export const KNOWN_STATUSES = ['', 'NOT_START', 'SUBMITTED', 'MODAL', 'IN_PROGRESS', 'SUCCESS', 'FAILURE', 'CANCEL'] as const;
export type KnownStatus = (typeof KNOWN_STATUSES)[number];
/** Open union: an unknown status from a newer upstream is kept, and treated as "still running". */
export type TaskStatus = KnownStatus | (string & {});

export interface TaskButton {
  customId: string;
  emoji: string;
  label: string;
  style: number;
  type: number;
}

/** A MidJourney task exactly as the gateway described it, normalised (ids as strings, progress as a number). */
export interface MjTask {
  id: string;
  action: string;
  status: TaskStatus;
  /** 0..100; decided from the `progress` string, never used to decide completion. */
  progress: number;
  prompt: string;
  promptEn: string;
  /** `properties.finalPrompt`: describe/shorten text, or the prompt the modal step will use. */
  finalPrompt: string;
  description: string;
  /** The picture (a grid, an image, or a video task's poster: `imageUrl`, else `thumbnailUrl`). */
  imageUrl: string;
  /** Video results (VIDEO tasks): `videoUrl` first, then every `videoUrls[].url`, without repeats; [] otherwise. */
  videoUrls: string[];
  failReason: string;
  buttons: TaskButton[];
  submitTime: number | null;
  startTime: number | null;
  finishTime: number | null;
  botType: string;
  properties: Record<string, unknown>;
}

/** What the extension remembers about a task: the gateway's view plus our own bookkeeping. */
export interface TaskRecord extends MjTask {
  /**
   * What made the task: absent for MidJourney (every record before this field existed), or
   * 'openai-image' for a picture from the OpenAI-format routes (finished at once, no buttons, no seed).
   */
  kind?: 'openai-image';
  /** The task whose button created this one. */
  parentId?: string;
  /** The button that created this task, so the tree can say "U2" or "Zoom Out 2x". */
  originLabel?: string;
  /** Its customId, so "Re-run" can press the same button on the parent again. */
  originCustomId?: string;
  /** What a task without a prompt is about ("2 images", "fox.png"), for its title. */
  subject?: string;
  /** Where a shorten prompt came from, so "Replace selection" can put a shorter one back. */
  source?: TextSource;
  /** Copies saved into the workspace (a whole image, or one part of a locally split grid). */
  saved?: SavedFile[];
  /** MidJourney mode prefix used to submit (none, mj-fast, ...). */
  mode?: string;
  /** Local times (epoch ms). */
  addedAt: number;
  updatedAt: number;
  /** Last time the gateway reported something different about this task. */
  lastChangeAt: number;
  /** Last successful poll. */
  lastPolledAt?: number;
  /** Set when the task has not changed for longer than the stall threshold. */
  stalled?: boolean;
  /** Set when the user asked to stop tracking this task (it stays in history). */
  untracked?: boolean;
  /** A MODAL task we already answered with /mj/submit/modal. */
  modalSubmitted?: boolean;
  /** Its failure was announced (once per task, whatever window or reload). */
  failureNoticed?: boolean;
  /** Our own note when the gateway cannot tell us (e.g. the task vanished). */
  localNote?: string;
}

export interface SavedFile {
  /** file URI of the saved image. */
  uri: string;
  /** 1–4 for one image of a split grid; absent for the whole image. */
  part?: number;
}

export interface TextSource {
  uri: string;
  startLine: number;
  startCharacter: number;
  endLine: number;
  endCharacter: number;
  /** The text that was there, to check it is still there before replacing it. */
  text: string;
}

/** The actions of pictures made through the OpenAI-format routes (shown as "Generate Image: …"). */
export const OPENAI_IMAGE_ACTIONS: readonly string[] = ['CHAT_IMAGE', 'GENERATE_IMAGE'];

/** A MidJourney task (with its buttons, seed, polling), not a picture of the OpenAI-format routes. */
export function isMidjourneyTask(task: Pick<TaskRecord, 'action' | 'kind'>): boolean {
  // Records written before `kind` existed are told apart by their action.
  return task.kind !== 'openai-image' && !OPENAI_IMAGE_ACTIONS.includes(task.action);
}

export function isTerminalStatus(status: TaskStatus): boolean {
  return status === 'SUCCESS' || status === 'FAILURE' || status === 'CANCEL';
}

/** A task the tracker should poll: unfinished, not waiting for the user, not stopped by the user. */
export function needsPolling(task: TaskRecord): boolean {
  if (isTerminalStatus(task.status) || task.untracked) return false;
  if (task.status === 'MODAL' && !task.modalSubmitted) return false;
  return true;
}

export function isWaitingForInput(task: TaskRecord): boolean {
  return task.status === 'MODAL' && !task.modalSubmitted;
}

/** A button's visible text: its label, or its emoji when the label is empty (🔄, ⬅️ ...). */
export function buttonText(button: TaskButton): string {
  const label = button.label.trim();
  if (label) return label;
  return button.emoji.trim() || button.customId;
}

/** Split describe/shorten text into its numbered prompts (1️⃣ ... 5️⃣, or "1." lists). */
export function splitNumberedPrompts(text: string): string[] {
  if (!text.trim()) return [];
  const keycap = /(?:^|\n)\s*([1-9])\uFE0F?\u20E3\s*/g;
  const starts: { index: number; end: number }[] = [];
  let m: RegExpExecArray | null;
  while ((m = keycap.exec(text))) starts.push({ index: m.index, end: m.index + m[0].length });
  if (starts.length === 0) {
    const numbered = /(?:^|\n)\s*([1-9])[.)]\s+/g;
    while ((m = numbered.exec(text))) starts.push({ index: m.index, end: m.index + m[0].length });
  }
  const prompts: string[] = [];
  for (let i = 0; i < starts.length; i++) {
    const next = starts[i + 1];
    const chunk = text.slice(starts[i]!.end, next ? next.index : undefined).trim();
    if (chunk) prompts.push(chunk);
  }
  return prompts;
}

/** The text a describe/shorten result carries: finalPrompt, then promptEn, then prompt. */
export function resultText(task: Pick<MjTask, 'finalPrompt' | 'promptEn' | 'prompt'>): string {
  return task.finalPrompt || task.promptEn || task.prompt;
}
