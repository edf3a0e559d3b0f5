// Checks on prompts typed by the user, before anything is sent (and paid for).

const ZOOM = /--zoom\s+(\S+)/i;

/** Custom Zoom needs `--zoom N` with 1 ≤ N ≤ 2. Returns a sentence when the prompt is not acceptable. */
export function checkCustomZoomPrompt(prompt: string): string | undefined {
  if (!prompt.trim()) return 'Write a prompt with --zoom, e.g. "a red fox --zoom 1.5".';
  const match = ZOOM.exec(prompt);
  if (!match) return 'Custom Zoom needs --zoom followed by a value between 1 and 2, e.g. --zoom 1.5.';
  const value = Number(match[1]);
  if (!Number.isFinite(value) || value < 1 || value > 2) return `--zoom must be between 1 and 2 (it is ${match[1]}).`;
  return undefined;
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
