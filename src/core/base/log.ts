// The logging interface the core writes to. The host adapts it to a LogOutputChannel; tests collect lines.

export interface Logger {
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

export const silentLogger: Logger = { debug() {}, info() {}, warn() {}, error() {} };

/** Replace every occurrence of each secret (and of any `Bearer xxx`) with a placeholder. */
export function redact(text: string, secrets: readonly (string | undefined)[] = []): string {
  let out = text.replace(/Bearer\s+[^\s"',]+/gi, 'Bearer [redacted]');
  for (const secret of secrets) {
    if (secret && secret.length >= 4) out = out.split(secret).join('[redacted]');
  }
  return out.replace(/\bsk-[A-Za-z0-9_-]{6,}/g, 'sk-[redacted]');
}
