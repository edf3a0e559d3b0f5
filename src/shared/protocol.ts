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
  /** "Re-run" is possible (same prompt, or the same button on the same parent). */
  canRerun: boolean;
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
  /** Cut this image into its 2x2 grid; answer with splitDone / splitFailed. Base64 survives every
   *  webview transport (typed arrays do not arrive as typed arrays in every host). */
  | { type: 'split'; requestId: number; base64: string; mime: string };

export type WebviewToHost =
  | { type: 'ready'; taskId: string | null }
  | { type: 'press'; taskId: string; customId: string }
  | { type: 'open'; taskId: string }
  | { type: 'copy'; taskId: string; what: 'id' | 'prompt' | 'finalPrompt' | 'imageUrl' }
  | { type: 'openExternal'; url: string }
  | { type: 'usePrompt'; taskId: string; index: number; how: 'imagine' | 'insert' | 'copy' | 'replace' }
  | { type: 'region'; taskId: string; customId: string; maskDataUrl: string; prompt: string }
  | { type: 'copySeed'; taskId: string }
  | { type: 'result'; taskId: string; action: ResultAction; part?: number }
  /** The four parts as base64 PNGs (top left, top right, bottom left, bottom right). */
  | { type: 'splitDone'; requestId: number; parts: string[] }
  | { type: 'splitFailed'; requestId: number; message: string }
  /** The shown image did not load (its cached file is gone): the host finds out why and repaints. */
  | { type: 'imageFailed'; taskId: string };

export type ResultAction = 'save' | 'insert' | 'copyUrl' | 'open' | 'reveal' | 'splitGrid' | 'fetchAgain' | 'rerun';

const RESULT_ACTIONS: readonly string[] = ['save', 'insert', 'copyUrl', 'open', 'reveal', 'splitGrid', 'fetchAgain', 'rerun'];

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isId = (v: unknown): v is string => typeof v === 'string' && /^[\w-]{1,64}$/.test(v);

export function isWebviewToHost(message: unknown): message is WebviewToHost {
  if (!isObject(message)) return false;
  switch (message.type) {
    case 'ready':
      return message.taskId === null || isId(message.taskId);
    case 'press':
      return isId(message.taskId) && typeof message.customId === 'string' && message.customId.length > 0 && message.customId.length <= 256;
    case 'open':
      return isId(message.taskId);
    case 'copy':
      return isId(message.taskId) && ['id', 'prompt', 'finalPrompt', 'imageUrl'].includes(message.what as string);
    case 'openExternal':
      return typeof message.url === 'string' && /^https?:\/\//i.test(message.url) && message.url.length <= 4096;
    case 'usePrompt':
      return isId(message.taskId) && Number.isInteger(message.index) && (message.index as number) >= 1 && (message.index as number) <= 10
        && ['imagine', 'insert', 'copy', 'replace'].includes(message.how as string);
    case 'region':
      return isId(message.taskId) && typeof message.customId === 'string' && message.customId.length <= 256
        && typeof message.maskDataUrl === 'string' && message.maskDataUrl.startsWith('data:image/png;base64,') && message.maskDataUrl.length <= 16 * 1024 * 1024
        && typeof message.prompt === 'string' && message.prompt.length <= 6000;
    case 'copySeed':
      return isId(message.taskId);
    case 'result':
      return isId(message.taskId) && RESULT_ACTIONS.includes(message.action as string)
        && (message.part === undefined || (Number.isInteger(message.part) && (message.part as number) >= 1 && (message.part as number) <= 4));
    case 'splitDone':
      return Number.isInteger(message.requestId) && Array.isArray(message.parts) && message.parts.length === 4
        && message.parts.every((p) => typeof p === 'string' && p.length > 0 && p.length <= 90 * 1024 * 1024 && /^[A-Za-z0-9+/=]+$/.test(p));
    case 'splitFailed':
      return Number.isInteger(message.requestId) && typeof message.message === 'string';
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
    case 'split':
      return Number.isInteger(message.requestId) && typeof message.base64 === 'string' && typeof message.mime === 'string';
    default:
      return false;
  }
}
