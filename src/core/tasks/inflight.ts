// One paid submit per intent: while a follow-up is on its way, the same follow-up again (same task,
// same button, same prompt) is refused before anything is sent. A double click, a second Enter, a
// keybinding pressed while the panel's click is still out: each would otherwise pay twice.
import { GatewayError } from '../gateway/errors';
import { t } from '../base/l10n';

export class InFlight {
  private readonly keys = new Set<string>();

  /** True while work under this key runs. */
  has(key: string): boolean {
    return this.keys.has(key);
  }

  /** Runs `work` unless the same key is already running; then throws `duplicate` (nothing sent). */
  async run<T>(key: string, what: string, work: () => Promise<T>): Promise<T> {
    if (this.keys.has(key)) {
      throw new GatewayError({
        kind: 'duplicate',
        message: t('{0} is already on its way; AITRE sends it once.', what),
        detail: `duplicate refused while in flight: ${key}`,
      });
    }
    this.keys.add(key);
    try {
      return await work();
    } finally {
      this.keys.delete(key);
    }
  }
}

/** The key of one intent: its parts, encoded so that no two different intents can collide. */
export function intentKey(...parts: (string | number | undefined)[]): string {
  return JSON.stringify(parts.map((p) => p ?? ''));
}
