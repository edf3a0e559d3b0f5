// Which non-classic buttons the configured gateway refuses (new-api's `unknown_action`), learnt from the first
// refusal of each kind and kept in a MementoLike (the host passes globalState), so the same button is never
// sent to /mj/submit/action again, and the panel can show it disabled or routed elsewhere. The memory belongs to
// one gateway origin: when the gateway changes, it starts empty again.
import type { MementoLike } from '../base/memento';
import type { ButtonKind } from './buttons';

export const BUTTON_SUPPORT_KEY = 'aitre.buttonSupport';

interface Saved {
  origin: string;
  /** Kinds /mj/submit/action answered unknown_action for. */
  refused: ButtonKind[];
  /** Refused kinds whose equivalent route is missing too (e.g. no /mj/submit/video): nothing can run them. */
  unrunnable?: ButtonKind[];
}

export class ButtonSupport {
  constructor(private readonly memento: MementoLike, private readonly origin: () => string | undefined) {}

  /** Whether the current gateway answered unknown_action for this kind of button. */
  isRefused(kind: ButtonKind): boolean {
    return this.refused().includes(kind);
  }

  /** Whether neither the action route nor the equivalent route can run this kind on the current gateway. */
  isUnrunnable(kind: ButtonKind): boolean {
    return this.current().unrunnable?.includes(kind) ?? false;
  }

  /** Every kind the current gateway refuses through the action route. */
  refused(): ButtonKind[] {
    return [...this.current().refused];
  }

  /** Remembers a refusal by the current gateway (a different gateway's memory is dropped). */
  async refuse(kind: ButtonKind): Promise<void> {
    const origin = this.origin();
    if (!origin || this.isRefused(kind)) return;
    const now = this.current();
    await this.memento.update(BUTTON_SUPPORT_KEY, { ...now, origin, refused: [...now.refused, kind] } satisfies Saved);
  }

  /** Remembers that the equivalent route of a refused kind is missing as well. */
  async markUnrunnable(kind: ButtonKind): Promise<void> {
    const origin = this.origin();
    if (!origin || this.isUnrunnable(kind)) return;
    const now = this.current();
    await this.memento.update(BUTTON_SUPPORT_KEY, {
      origin, refused: now.refused.includes(kind) ? now.refused : [...now.refused, kind], unrunnable: [...(now.unrunnable ?? []), kind],
    } satisfies Saved);
  }

  private current(): Saved {
    const saved = this.memento.get<Saved>(BUTTON_SUPPORT_KEY);
    const origin = this.origin() ?? '';
    if (!saved || !origin || saved.origin !== origin || !Array.isArray(saved.refused)) return { origin, refused: [] };
    return { origin, refused: saved.refused, ...(Array.isArray(saved.unrunnable) && { unrunnable: saved.unrunnable }) };
  }

  /** Forgets what was learnt (e.g. after the gateway was upgraded), so every button is tried once more. */
  async reset(): Promise<void> {
    await this.memento.update(BUTTON_SUPPORT_KEY, undefined);
  }
}
