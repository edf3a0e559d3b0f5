// The part of vscode.Memento (globalState) the core's small memories need; tests pass a Map-backed fake.

export interface MementoLike {
  get<T>(key: string): T | undefined;
  update(key: string, value: unknown): PromiseLike<void>;
}

/** An in-memory MementoLike, for tests and for a host that does not persist. */
export class MemoryMemento implements MementoLike {
  private readonly values = new Map<string, unknown>();
  get<T>(key: string): T | undefined {
    return this.values.get(key) as T | undefined;
  }
  update(key: string, value: unknown): Promise<void> {
    // A copy, as globalState stores JSON.
    if (value === undefined) this.values.delete(key);
    else this.values.set(key, JSON.parse(JSON.stringify(value)));
    return Promise.resolve();
  }
}
