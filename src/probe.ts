// What activate() hands out, and only to an extension test run (ExtensionMode.Test). In normal
// use activate() returns nothing, so no other extension finds the key, the task service or the
// gateway client in `exports`. Even here everything is a function over the live objects that
// returns plain data: no internal object is reachable, and the key can be set or cleared, never read.
import type { TaskStore } from './core/tasks/store';
import type { Disposable } from './core/base/events';
import type { QuotaState } from './core/quota/refresher';
import type { ShownMessage } from './ui/boundary';

/** The task store's data, through functions (tests read tasks and seed them; the bench times them). */
export interface TaskStoreView extends Pick<TaskStore, 'get' | 'has' | 'all' | 'children' | 'upsert' | 'patch' | 'remove' | 'flush' | 'saved' | 'loadAll'> {
  readonly size: number;
  /** Tasks read into memory (the rest of the history is on disk only until asked for). */
  readonly loadedCount: number;
  /** Resolves when the newest page of finished tasks has been read after a start. */
  ready(): Promise<void>;
}

export interface AitreTestProbe {
  readonly store: TaskStoreView;
  /** The numbered prompts of a describe/shorten result. */
  promptsOf(taskId: string): string[];
  /** The task the result panel shows, if it is open. */
  shownTaskId(): string | undefined;
  /** As "AITRE: Set API Key": stores the key bound to the gateway configured now. */
  setKey(key: string): Promise<void>;
  clearKey(): Promise<void>;
  /** What the error boundary showed, so a test can wait for a refusal instead of a fixed time. */
  shownMessages(): readonly ShownMessage[];
  /** True while this window holds the poller lease (docs/task-store.md). */
  isPoller(): boolean;
  /** Forgets which buttons the gateway refused (learnt per gateway), as after a gateway change. */
  forgetLearnedButtons(): Promise<void>;
  /** The quota the status bar shows, and its changes (tests wait for its state). */
  quotaState(): QuotaState;
  onQuotaChange(listener: (state: QuotaState) => void): Disposable;
}

export function testProbe(store: TaskStore, from: Omit<AitreTestProbe, 'store'>): AitreTestProbe {
  const view: TaskStoreView = Object.freeze({
    get: (id: string) => store.get(id),
    has: (id: string) => store.has(id),
    all: () => store.all(),
    children: (id: string) => store.children(id),
    upsert: (...args: Parameters<TaskStore['upsert']>) => store.upsert(...args),
    patch: (...args: Parameters<TaskStore['patch']>) => store.patch(...args),
    remove: (...args: Parameters<TaskStore['remove']>) => store.remove(...args),
    flush: () => store.flush(),
    saved: (id: string) => store.saved(id),
    loadAll: () => store.loadAll(),
    ready: () => store.ready,
    get size() { return store.size; },
    get loadedCount() { return store.loadedCount; },
  });
  return Object.freeze({
    store: view,
    promptsOf: (taskId: string) => from.promptsOf(taskId),
    shownTaskId: () => from.shownTaskId(),
    setKey: (key: string) => from.setKey(key),
    clearKey: () => from.clearKey(),
    shownMessages: () => from.shownMessages().map((m) => ({ ...m })),
    isPoller: () => from.isPoller(),
    forgetLearnedButtons: () => from.forgetLearnedButtons(),
    quotaState: () => ({ ...from.quotaState() }),
    onQuotaChange: (listener: (state: QuotaState) => void) => from.onQuotaChange((state) => listener({ ...state })),
  });
}
