// Checks on prompts typed by the user, before anything is sent (and paid for).
import { checkPrompt } from './promptCheck';
import { t } from '../base/l10n';

const ZOOM = /--zoom\s+(\S+)/i;

/**
 * Custom Zoom needs `--zoom N` with 1 ≤ N ≤ 2. Returns a sentence when the prompt is not acceptable.
 * Only the zoom decides here (the prompt checker's zoom rules): the rest of a remix prompt is the user's.
 */
export function checkCustomZoomPrompt(prompt: string): string | undefined {
  if (!prompt.trim()) return t('Write a prompt with --zoom, e.g. "a red fox --zoom 1.5".');
  const zoomProblem = checkPrompt(prompt, { context: 'customZoom' }).find((p) => p.code === 'zoom-missing'
    || (p.parameter === 'zoom' && ['missing-value', 'invalid-value', 'out-of-range'].includes(p.code)));
  return zoomProblem?.message;
}

/** The prompt as Imagine sends it (whitespace runs become one space): the key that finds its tasks again. */
export function normalisePrompt(prompt: string): string {
  return prompt.replace(/\s+/g, ' ').trim();
}

/** The Custom Zoom prefill: the prompt with `--zoom 2` unless it already has a zoom. */
export function withDefaultZoom(prompt: string): string {
  const trimmed = prompt.trim();
  return ZOOM.test(trimmed) ? trimmed : `${trimmed} --zoom 2`.trim();
}

/** A prompt taken from a command argument: a string, or `{ prompt: string }` from a keybinding. */
export function promptFromArgument(arg: unknown): string | undefined {
  if (typeof arg === 'string') return arg;
  if (typeof arg === 'object' && arg !== null && typeof (arg as { prompt?: unknown }).prompt === 'string') {
    return (arg as { prompt: string }).prompt;
  }
  return undefined;
}

/** `{ botType: 'NIJI_JOURNEY' }` in a keybinding's arguments picks the bot for that call. */
export function botTypeFromArgument(arg: unknown): 'MID_JOURNEY' | 'NIJI_JOURNEY' | undefined {
  const value = typeof arg === 'object' && arg !== null ? (arg as { botType?: unknown }).botType : undefined;
  return value === 'MID_JOURNEY' || value === 'NIJI_JOURNEY' ? value : undefined;
}
