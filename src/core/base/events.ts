// A tiny event emitter for the core (the core cannot use vscode.EventEmitter).

export interface Disposable { dispose(): void }
export type Listener<T> = (event: T) => void;

export class Emitter<T> {
  private listeners = new Set<Listener<T>>();

  readonly event = (listener: Listener<T>): Disposable => {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  };

  fire(event: T): void {
    for (const listener of [...this.listeners]) {
      try {
        listener(event);
      } catch {
        // One faulty listener must not stop the others (or the tracker).
      }
    }
  }

  dispose(): void {
    this.listeners.clear();
  }
}
