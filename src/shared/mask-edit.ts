// The messages between the host and the "Edit with a Mask" webview (gpt-image edits), both ways. Guards check
// every field: a message that does not match is dropped.
export type MaskEditToWebview =
  /** The picture to paint on (a data: URL) and the prompt to start from. */
  | { type: 'open'; imageUrl: string; prompt: string }
  /** The answer to a submit: accepted (the panel closes) or refused (the editor stays, with the reason). */
  | { type: 'result'; requestId: number; ok: true }
  | { type: 'result'; requestId: number; ok: false; message: string };

export type MaskEditToHost =
  | { type: 'ready' }
  | { type: 'submit'; requestId: number; maskDataUrl: string; prompt: string }
  | { type: 'cancel' };

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isRequestId = (v: unknown): v is number => Number.isSafeInteger(v) && (v as number) >= 1;
const MAX_MASK_CHARS = 70 * 1024 * 1024;

export function isMaskEditToHost(message: unknown): message is MaskEditToHost {
  if (!isObject(message)) return false;
  switch (message.type) {
    case 'ready':
    case 'cancel':
      return true;
    case 'submit':
      return isRequestId(message.requestId) && typeof message.maskDataUrl === 'string' && message.maskDataUrl.length <= MAX_MASK_CHARS
        && message.maskDataUrl.startsWith('data:image/png;base64,') && typeof message.prompt === 'string'
        && message.prompt.trim().length > 0 && message.prompt.length <= 32_000;
    default:
      return false;
  }
}

export function isMaskEditToWebview(message: unknown): message is MaskEditToWebview {
  if (!isObject(message)) return false;
  switch (message.type) {
    case 'open':
      return typeof message.imageUrl === 'string' && message.imageUrl.startsWith('data:image/') && typeof message.prompt === 'string';
    case 'result':
      return isRequestId(message.requestId) && (message.ok === true || (message.ok === false && typeof message.message === 'string'));
    default:
      return false;
  }
}
