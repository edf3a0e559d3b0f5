// Waiting on conditions (never on fixed sleeps) and small string helpers the harness areas share.

export const escapeRe = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
export const exactRe = (s: string): RegExp => new RegExp(`^\\s*${escapeRe(s)}\\s*$`);
export const slug = (s: string): string => s.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 120) || 'shot';

/**
 * Polls `fn` until it returns true; throws with `what` (and the last error) after `timeoutMs`.
 * The interval is only how often the condition is looked at, never a delay something depends on.
 */
export async function waitUntil(what: string, fn: () => Promise<boolean> | boolean, timeoutMs: number, intervalMs = 50): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastErr: unknown;
  for (;;) {
    try {
      if (await fn()) return;
    } catch (e) {
      lastErr = e;
    }
    if (Date.now() > deadline) break;
    await new Promise((r) => setTimeout(r, intervalMs));
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${lastErr ? ` (last error: ${String(lastErr)})` : ''}`);
}

/** Like waitUntil, for a value: resolves with the first truthy result of `read`. */
export async function waitFor<T>(what: string, read: () => Promise<T | undefined | null | false> | T | undefined | null | false, timeoutMs = 20_000): Promise<T> {
  let value: T | undefined | null | false;
  await waitUntil(what, async () => Boolean(value = await read()), timeoutMs);
  return value as T;
}
