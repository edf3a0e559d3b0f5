// The typed messages between the extension host and the result panel webview, both ways.
// Guards check every field: a message that does not match is dropped.
import type { ButtonView } from './buttons';

/** What the panel shows for one task (built by the host; every string is rendered as text). */
export interface TaskView {
  id: string;
  title: string;
  action: string;
  status: string;
  statusText: string;
  running: boolean;
  progress: number;
  prompt: string;
  finalPrompt: string;
  failReason: string;
  note: string;
  /** A local URL the panel may load (webview resource of the image cache or a saved copy, or a data: preview), or ''. */
  imageUrl: string;
  imageIsPreview: boolean;
  /** Shown where the image goes while there is none yet ("Downloading the image…"), or ''. */
  imageNote: string;
  /** Why there is no image and what to do, in one sentence ('' when there is no problem); the host keeps it across repaints. */
  imageProblem: string;
  /** "Fetch Again" is offered (with imageProblem). */
  canFetchAgain: boolean;
  /** VIDEO tasks: a local URL of the first video (the video cache or a saved copy), or ''. */
  videoUrl: string;
  /** Its MIME type ('video/webm', 'video/mp4'), or ''. */
  videoType: string;
  /** How many videos the task made (its first is shown); 0 for every other task. */
  videoCount: number;
  /** While the video downloads, or why it is not available; '' otherwise. */
  videoNote: string;
  /** A finished picture (any model) that "Edit with Mask…" can change. */
  canMaskEdit: boolean;
  /** A finished MidJourney picture that "Animate…" can turn into a video. */
  canAnimate: boolean;
  /** "Re-run" is possible (same prompt, or the same button on the same parent). */
  canRerun: boolean;
  /** The prompt can be edited before it runs again (imagine, shorten). */
  canRerunWithEdits: boolean;
  buttons: ButtonView[];
  /** What the result is: a 2x2 grid, one image, describe/shorten text, or nothing to show yet. */
  kind: 'grid' | 'image' | 'describe' | 'shorten' | 'none';
  /** Describe (4) / shorten (5) suggestions, numbered from 1. */
  prompts: string[];
  /** Shorten: the token analysis shown above the prompts. */
  analysis: string;
  /** Shorten from a selection: "Replace selection" is possible. */
  canReplace: boolean;
  /** A finished image task: its seed can be looked up. */
  canSeed: boolean;
  /** A finished 2x2 grid: it can be split locally. */
  canSplit: boolean;
  /** Workspace path of the saved copy ('' when not saved); the image then shows from it. */
  savedPath: string;
  /** Split grid images that are saved: part number (1 = top left) and a loadable URL. */
  parts: { part: number; url: string; path: string }[];
  parent?: { id: string; title: string };
  children: { id: string; title: string; statusText: string }[];
  submitted: string;
  finished: string;
}

export type HostToWebview =
  | { type: 'task'; task: TaskView }
  | { type: 'missing'; id: string; message: string }
  | { type: 'busy'; customId: string | null }
  /** The answer to a `region` submit: accepted (the editor closes) or refused (the editor stays, with the reason). */
  | { type: 'regionResult'; requestId: number; ok: true }
  | { type: 'regionResult'; requestId: number; ok: false; message: string }
  /** Cut this image into its 2x2 grid; answer with splitDone / splitFailed. Base64 survives every
   *  webview transport (typed arrays do not arrive as typed arrays in every host). */
  | { type: 'split'; requestId: number; base64: string; mime: string };

export type WebviewToHost =
  | { type: 'ready'; taskId: string | null }
  | { type: 'press'; taskId: string; customId: string }
  | { type: 'open'; taskId: string }
  | { type: 'copy'; taskId: string; what: 'id' | 'prompt' | 'finalPrompt' | 'imageUrl' }
  | { type: 'usePrompt'; taskId: string; index: number; how: 'imagine' | 'insert' | 'copy' | 'replace' }
  | { type: 'region'; requestId: number; taskId: string; customId: string; maskDataUrl: string; prompt: string }
  | { type: 'copySeed'; taskId: string }
  | { type: 'result'; taskId: string; action: ResultAction; part?: number }
  /** The four parts as base64 PNGs (top left, top right, bottom left, bottom right). */
  | { type: 'splitDone'; requestId: number; parts: string[] }
  | { type: 'splitFailed'; requestId: number; message: string }
  /** The shown image did not load (its cached file is gone): the host finds out why and repaints. */
  | { type: 'imageFailed'; taskId: string };

/**
 * `openVideo`: the video outside the panel (the system player); `animate` / `edit` / `maskEdit`: Animate… / Edit Image… /
 * Edit Image with a Mask… on this task; `rerunEdits`: Re-run with Edits (the prompt asked first).
 */
export type ResultAction = 'save' | 'insert' | 'copyUrl' | 'open' | 'reveal' | 'splitGrid' | 'fetchAgain' | 'rerun' | 'rerunEdits' | 'openVideo' | 'animate' | 'edit' | 'maskEdit';

const RESULT_ACTIONS: readonly string[] = ['save', 'insert', 'copyUrl', 'open', 'reveal', 'splitGrid', 'fetchAgain', 'rerun', 'rerunEdits', 'openVideo', 'animate', 'edit', 'maskEdit'];

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isId = (v: unknown): v is string => typeof v === 'string' && /^[\w-]{1,64}$/.test(v);
/** A non-empty string of at most `max` characters. */
const isText = (v: unknown, max: number): v is string => typeof v === 'string' && v.length > 0 && v.length <= max;
const isRequestId = (v: unknown): v is number => Number.isSafeInteger(v) && (v as number) >= 1;
const isOneOf = (v: unknown, allowed: readonly string[]): boolean => typeof v === 'string' && allowed.includes(v);
/** Mask PNGs are far below this; a bigger message is not ours. */
const MAX_MASK_CHARS = 16 * 1024 * 1024;
const MAX_PROMPT_CHARS = 6000;
const MAX_CUSTOM_ID_CHARS = 256;

export function isWebviewToHost(message: unknown): message is WebviewToHost {
  if (!isObject(message)) return false;
  switch (message.type) {
    case 'ready':
      return message.taskId === null || isId(message.taskId);
    case 'press':
      return isId(message.taskId) && isText(message.customId, MAX_CUSTOM_ID_CHARS);
    case 'open':
      return isId(message.taskId);
    case 'copy':
      return isId(message.taskId) && isOneOf(message.what, ['id', 'prompt', 'finalPrompt', 'imageUrl']);
    case 'usePrompt':
      return isId(message.taskId) && Number.isInteger(message.index) && (message.index as number) >= 1 && (message.index as number) <= 10
        && isOneOf(message.how, ['imagine', 'insert', 'copy', 'replace']);
    case 'region':
      return isRequestId(message.requestId) && isId(message.taskId) && isText(message.customId, MAX_CUSTOM_ID_CHARS)
        && isText(message.maskDataUrl, MAX_MASK_CHARS) && message.maskDataUrl.startsWith('data:image/png;base64,')
        && isText(message.prompt, MAX_PROMPT_CHARS);
    case 'copySeed':
      return isId(message.taskId);
    case 'result':
      return isId(message.taskId) && isOneOf(message.action, RESULT_ACTIONS)
        && (message.part === undefined || (Number.isInteger(message.part) && (message.part as number) >= 1 && (message.part as number) <= 4));
    case 'splitDone':
      return isRequestId(message.requestId) && Array.isArray(message.parts) && message.parts.length === 4
        && message.parts.every((p) => isText(p, 90 * 1024 * 1024) && /^[A-Za-z0-9+/=]+$/.test(p));
    case 'splitFailed':
      return isRequestId(message.requestId) && isText(message.message, 500);
    case 'imageFailed':
      return isId(message.taskId);
    default:
      return false;
  }
}

export function isHostToWebview(message: unknown): message is HostToWebview {
  if (!isObject(message)) return false;
  switch (message.type) {
    case 'task':
      return isObject(message.task) && typeof message.task.id === 'string';
    case 'missing':
      return typeof message.id === 'string' && typeof message.message === 'string';
    case 'busy':
      return message.customId === null || typeof message.customId === 'string';
    case 'regionResult':
      return isRequestId(message.requestId) && (message.ok === true || (message.ok === false && typeof message.message === 'string'));
    case 'split':
      return Number.isInteger(message.requestId) && typeof message.base64 === 'string' && typeof message.mime === 'string';
    default:
      return false;
  }
}
