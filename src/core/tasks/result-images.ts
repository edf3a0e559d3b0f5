// What picture a task's panel shows, fetched by the extension host, never by the webview: the
// finished image downloaded once into the image cache (the key only ever goes to the gateway, in
// GatewayClient.fetchImage), a preview of a running task kept in memory, or, when the image is gone
// and no copy exists, one sentence that says so and what to do. The state lives here, on the host,
// so it survives every repaint of the panel.
import type { Disposable } from '../base/events';
import { Emitter } from '../base/events';
import { silentLogger, type Logger } from '../base/log';
import { GatewayError } from '../gateway/errors';
import type { ImageCache } from '../files/image-cache';
import { sniffImageMime } from '../files/images';
import { isMidjourneyTask, isTerminalStatus, type TaskRecord } from '../../shared/task';
import { t } from '../base/l10n';

export type ImageState =
  /** No picture for this task (text results, failures, not started). */
  | { kind: 'none' }
  /** A finished image is being downloaded. */
  | { kind: 'loading' }
  | { kind: 'cached'; path: string }
  | { kind: 'preview'; dataUrl: string }
  | { kind: 'missing'; reason: 'gone' | 'unreachable' | 'no-link'; message: string };

export interface ResultImagesDeps {
  cache: ImageCache;
  /** GatewayClient.fetchImage: any http(s) host, the key to the gateway's own origin only. */
  fetchImage(url: string): Promise<{ bytes: Uint8Array; contentType: string }>;
  /** The task's image link as an absolute http(s) URL, '' when it has none. */
  imageUrl(task: TaskRecord): string;
  logger?: Logger;
}

/** Previews bigger than this are not shown (they would travel to the webview as data: URLs). */
const MAX_PREVIEW_BYTES = 8 * 1024 * 1024;

// Functions, not constants: read in the UI language of the moment (see core/base/l10n).
export const IMAGE_GONE = (): string => t('This image is no longer available from the gateway (its link has expired) and no copy was kept: re-run the task to make it again.');
export const IMAGE_NO_LINK = (): string => t('This task has no image link AITRE can download and no copy was kept: re-run the task to make it again.');
export const IMAGE_UNREADABLE = (): string => t('What the image link returned is not a picture AITRE can show: re-run the task, or use Fetch Again if the link was only briefly wrong.');

function unreachable(error: unknown): string {
  const kind = error instanceof GatewayError ? error.kind : 'network';
  const why = kind === 'timeout' || kind === 'network' ? 'the image host did not answer' : kind === 'server' ? 'the image host answered with an error' : 'the download failed';
  return t('The image could not be downloaded right now ({0}): use Fetch Again to try once more.', why);
}

/** A finished task that should have a picture: an image link, or an OpenAI-format picture (kept only locally). */
export function expectsImage(task: TaskRecord): boolean {
  if (task.status !== 'SUCCESS') return false;
  if (task.action === 'DESCRIBE' || task.action === 'SHORTEN') return false;
  return Boolean(task.imageUrl) || !isMidjourneyTask(task);
}

const stripRand = (url: string) => url.replace(/([?&])rand=[^&]*&?/, '$1').replace(/[?&]$/, '');

export class ResultImages implements Disposable {
  private readonly failures = new Map<string, { reason: 'gone' | 'unreachable' | 'no-link'; message: string }>();
  private readonly inflight = new Map<string, Promise<void>>();
  private readonly previews = new Map<string, { key: string; dataUrl: string }>();
  /** Tasks whose cached file the panel could not show once already (a second time means the bytes are bad). */
  private readonly brokenOnce = new Set<string>();
  private readonly changed = new Emitter<string>();
  private readonly logger: Logger;
  /** Downloads started (tests and the log). */
  downloads = 0;

  readonly onDidChange = this.changed.event;

  constructor(private readonly deps: ResultImagesDeps) {
    this.logger = deps.logger ?? silentLogger;
  }

  /** What the panel can show right now (no I/O). */
  state(task: TaskRecord): ImageState {
    if (task.status === 'SUCCESS') {
      const cached = this.deps.cache.peek(task.id);
      if (cached) return { kind: 'cached', path: cached.path };
      const failure = this.failures.get(task.id);
      if (failure) return { kind: 'missing', ...failure };
      return expectsImage(task) ? { kind: 'loading' } : { kind: 'none' };
    }
    const preview = this.previews.get(task.id);
    if (preview && !isTerminalStatus(task.status)) return { kind: 'preview', dataUrl: preview.dataUrl };
    return { kind: 'none' };
  }

  /**
   * Gets what state() lacks: a finished image into the cache (from the cache another window filled,
   * else one download), or the newest preview of a running task. Fires onDidChange(task.id).
   */
  ensure(task: TaskRecord): Promise<void> {
    if (task.status === 'SUCCESS') {
      if (this.deps.cache.peek(task.id) || this.failures.has(task.id) || !expectsImage(task)) return Promise.resolve();
      return this.once(task.id, () => this.fetchFinal(task));
    }
    if (isTerminalStatus(task.status) || !task.imageUrl) {
      if (this.previews.delete(task.id)) this.changed.fire(task.id);
      return Promise.resolve();
    }
    const key = `${stripRand(task.imageUrl)}#${task.progress}`;
    if (this.previews.get(task.id)?.key === key) return Promise.resolve();
    return this.once(task.id, () => this.fetchPreview(task, key));
  }

  /** "Fetch Again": forgets the failure and tries once more. */
  retry(task: TaskRecord): Promise<void> {
    this.failures.delete(task.id);
    this.brokenOnce.delete(task.id);
    this.changed.fire(task.id);
    return this.ensure(task);
  }

  /** The panel could not show the cached file (deleted under us): forget it and get it again, once. */
  async broken(task: TaskRecord): Promise<void> {
    await this.deps.cache.drop(task.id);
    if (this.brokenOnce.has(task.id)) {
      this.failures.set(task.id, { reason: 'gone', message: IMAGE_UNREADABLE() });
      this.changed.fire(task.id);
      return;
    }
    this.brokenOnce.add(task.id);
    this.failures.delete(task.id);
    this.changed.fire(task.id);
    await this.ensure(task);
  }

  /**
   * The image for Save / Insert / Save All 4: from the cache, else one download that is kept.
   * When it is gone and no copy exists, throws the same plain sentence the panel shows.
   */
  async bytes(task: TaskRecord): Promise<{ bytes: Uint8Array; contentType: string; url: string }> {
    const url = this.deps.imageUrl(task);
    const hit = await this.deps.cache.read(task.id);
    if (hit) return { ...hit, url };
    if (this.failures.get(task.id)?.reason === 'unreachable') this.failures.delete(task.id);
    await this.ensure(task);
    const again = await this.deps.cache.read(task.id);
    if (again) return { ...again, url };
    throw new GatewayError({ kind: 'validation', message: this.failures.get(task.id)?.message ?? IMAGE_GONE() });
  }

  /** A picture whose bytes are already here (OpenAI-format images): straight into the cache. */
  async put(taskId: string, bytes: Uint8Array, contentType: string): Promise<void> {
    await this.deps.cache.put(taskId, bytes, contentType);
    this.failures.delete(taskId);
    this.changed.fire(taskId);
  }

  /**
   * Caches each image the moment this window sees its task finish (only while `active()`, i.e. in
   * the window that polls, so one download serves every window).
   */
  follow(store: { get(id: string): TaskRecord | undefined; values(): Iterable<TaskRecord>; onDidChange(listener: (e: { changed: string[] }) => void): Disposable }, active: () => boolean): Disposable {
    const running = new Set<string>();
    for (const task of store.values()) if (!isTerminalStatus(task.status)) running.add(task.id);
    return store.onDidChange(({ changed }) => {
      for (const id of changed) {
        const task = store.get(id);
        if (!task) continue;
        if (!isTerminalStatus(task.status)) {
          running.add(id);
        } else if (running.delete(id) && task.status === 'SUCCESS' && active()) {
          void this.ensure(task);
        }
      }
    });
  }

  dispose(): void {
    this.changed.dispose();
  }

  private once(id: string, run: () => Promise<void>): Promise<void> {
    const current = this.inflight.get(id);
    if (current) return current;
    const next = run().finally(() => { this.inflight.delete(id); });
    this.inflight.set(id, next);
    return next;
  }

  private async fetchFinal(task: TaskRecord): Promise<void> {
    try {
      if (await this.deps.cache.get(task.id)) return; // another window cached it
      const url = this.deps.imageUrl(task);
      if (!url) {
        this.failures.set(task.id, isMidjourneyTask(task) ? { reason: 'no-link', message: IMAGE_NO_LINK() } : { reason: 'gone', message: IMAGE_GONE() });
        return;
      }
      this.downloads++;
      const { bytes, contentType } = await this.deps.fetchImage(url);
      // An error page served with 200 is not kept (it would never show, and hide the real problem).
      if (!sniffImageMime(bytes)) {
        this.failures.set(task.id, { reason: 'gone', message: IMAGE_UNREADABLE() });
        this.logger.warn(`Image of task ${task.id}: the link returned ${bytes.byteLength} bytes of ${contentType || 'unknown type'}, not an image.`);
        return;
      }
      await this.deps.cache.put(task.id, bytes, contentType);
      this.logger.debug(`Image cache: kept the image of task ${task.id} (${bytes.byteLength} bytes).`);
    } catch (error) {
      const gone = error instanceof GatewayError && error.kind === 'not-found';
      this.failures.set(task.id, gone ? { reason: 'gone', message: IMAGE_GONE() } : { reason: 'unreachable', message: unreachable(error) });
      this.logger.warn(`Image of task ${task.id}: ${error instanceof GatewayError ? error.detail : String(error)}`);
    } finally {
      this.changed.fire(task.id);
    }
  }

  private async fetchPreview(task: TaskRecord, key: string): Promise<void> {
    const url = this.deps.imageUrl(task);
    if (!url) return;
    try {
      this.downloads++;
      const { bytes } = await this.deps.fetchImage(url);
      const type = sniffImageMime(bytes);
      if (!type || bytes.byteLength > MAX_PREVIEW_BYTES) return;
      this.previews.set(task.id, { key, dataUrl: `data:${type};base64,${Buffer.from(bytes).toString('base64')}` });
      this.changed.fire(task.id);
    } catch (error) {
      // A preview that fails is simply not shown; the final image is what matters.
      this.logger.debug(`Preview of task ${task.id}: ${error instanceof GatewayError ? error.detail : String(error)}`);
    }
  }
}
