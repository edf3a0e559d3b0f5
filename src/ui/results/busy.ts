// The result panel's "something paid is on its way" state. The webview disables its buttons on the
// click; this keeps them disabled until every follow-up the host runs is done, also across a
// refused second click and a webview that reloads (hidden and shown again) meanwhile.
import type { HostToWebview } from '../../shared/protocol';

export class PanelBusy {
  private count = 0;
  private key: string | null = null;

  constructor(private readonly send: (message: HostToWebview) => void) {}

  /** What is on its way, or null. */
  get current(): string | null {
    return this.count > 0 ? this.key : null;
  }

  /** Tells a fresh (or reloaded) webview what it must wait for. */
  announce(): void {
    this.send({ type: 'busy', customId: this.current });
  }

  async run<T>(key: string, work: () => Promise<T>): Promise<T> {
    this.count++;
    this.key = key;
    this.send({ type: 'busy', customId: key });
    try {
      return await work();
    } finally {
      // A refused second click must not re-enable the buttons while the first is still on its way.
      if (--this.count === 0) {
        this.key = null;
        this.send({ type: 'busy', customId: null });
      }
    }
  }
}
