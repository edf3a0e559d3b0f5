// The video of a finished VIDEO task, fetched by the extension host like its images (never by the
// webview): downloaded once into the video cache, then played from there by the panel and copied
// from there by Save / Insert. A link that is gone or returns no video gives one plain sentence.
import type { Disposable } from '../base/events';
import { Emitter } from '../base/events';
import { silentLogger, type Logger } from '../base/log';
import { GatewayError } from '../gateway/errors';
import type { ImageCache } from '../files/image-cache';
import { sniffVideoMime } from '../files/videos';
import type { TaskRecord } from '../../shared/task';

export type VideoState =
  | { kind: 'none' }
  | { kind: 'loading' }
  | { kind: 'cached'; path: string; contentType: string }
  | { kind: 'missing'; message: string };

export interface ResultVideosDeps {
  /** An ImageCache over the "videos" folder (with the video file types). */
  cache: ImageCache;
  /** GatewayClient.fetchImage: any http(s) host, the key to the gateway's own origin only. */
  fetch(url: string): Promise<{ bytes: Uint8Array; contentType: string }>;
  /** The task's first video link as an absolute http(s) URL, '' when it has none. */
  videoUrl(task: TaskRecord): string;
  logger?: Logger;
}

export const VIDEO_GONE = 'This video is no longer available from the gateway (its link has expired) and no copy was kept: animate the image again to make a new one.';
export const VIDEO_UNREADABLE = 'What the video link returned is not a video AITRE can keep: try again later, or animate the image again.';

/** A finished video task (the only tasks with a video to show). */
export function expectsVideo(task: TaskRecord): boolean {
  return task.status === 'SUCCESS' && task.action === 'VIDEO' && task.videoUrls.length > 0;
}

export class ResultVideos implements Disposable {
  private readonly failures = new Map<string, string>();
  private readonly inflight = new Map<string, Promise<void>>();
  private readonly changed = new Emitter<string>();
  private readonly logger: Logger;
  /** Downloads started (tests and the log). */
  downloads = 0;

  readonly onDidChange = this.changed.event;

  constructor(private readonly deps: ResultVideosDeps) {
    this.logger = deps.logger ?? silentLogger;
  }

  get folder(): string {
    return this.deps.cache.folder;
  }

  state(task: TaskRecord): VideoState {
    if (!expectsVideo(task)) return { kind: 'none' };
    const cached = this.deps.cache.peek(task.id);
    if (cached) return { kind: 'cached', path: cached.path, contentType: cached.contentType };
    const failure = this.failures.get(task.id);
    return failure ? { kind: 'missing', message: failure } : { kind: 'loading' };
  }

  /** Downloads the video once (another window may have cached it already). Fires onDidChange(task.id). */
  ensure(task: TaskRecord): Promise<void> {
    if (!expectsVideo(task) || this.deps.cache.peek(task.id) || this.failures.has(task.id)) return Promise.resolve();
    const current = this.inflight.get(task.id);
    if (current) return current;
    const next = this.download(task).finally(() => { this.inflight.delete(task.id); });
    this.inflight.set(task.id, next);
    return next;
  }

  /** "Fetch Again" for the video. */
  retry(task: TaskRecord): Promise<void> {
    this.failures.delete(task.id);
    return this.ensure(task);
  }

  /** The video for Save / Insert: from the cache, else one download that is kept. */
  async bytes(task: TaskRecord): Promise<{ bytes: Uint8Array; contentType: string; url: string }> {
    const url = this.deps.videoUrl(task);
    const hit = await this.deps.cache.read(task.id);
    if (hit) return { ...hit, url };
    this.failures.delete(task.id);
    await this.ensure(task);
    const again = await this.deps.cache.read(task.id);
    if (again) return { ...again, url };
    throw new GatewayError({ kind: 'validation', message: this.failures.get(task.id) ?? VIDEO_GONE });
  }

  /** Caches each video the moment this window sees its task finish (in the polling window only). */
  follow(store: { get(id: string): TaskRecord | undefined; onDidChange(listener: (e: { changed: string[] }) => void): Disposable }, active: () => boolean): Disposable {
    return store.onDidChange(({ changed }) => {
      if (!active()) return;
      for (const id of changed) {
        const task = store.get(id);
        if (task && expectsVideo(task)) void this.ensure(task);
      }
    });
  }

  dispose(): void {
    this.changed.dispose();
  }

  private async download(task: TaskRecord): Promise<void> {
    try {
      if (await this.deps.cache.get(task.id)) return;
      const url = this.deps.videoUrl(task);
      if (!url) {
        this.failures.set(task.id, VIDEO_GONE);
        return;
      }
      this.downloads++;
      const { bytes, contentType } = await this.deps.fetch(url);
      // An error page served with 200 is not kept: it would never play and hide the real problem.
      if (!sniffVideoMime(bytes) && !/^video\//i.test(contentType)) {
        this.failures.set(task.id, VIDEO_UNREADABLE);
        this.logger.warn(`Video of task ${task.id}: the link returned ${bytes.byteLength} bytes of ${contentType || 'unknown type'}, not a video.`);
        return;
      }
      await this.deps.cache.put(task.id, bytes, contentType);
      this.logger.debug(`Video cache: kept the video of task ${task.id} (${bytes.byteLength} bytes).`);
    } catch (error) {
      const gone = error instanceof GatewayError && error.kind === 'not-found';
      this.failures.set(task.id, gone ? VIDEO_GONE : 'The video could not be downloaded right now: use Fetch Again to try once more.');
      this.logger.warn(`Video of task ${task.id}: ${error instanceof GatewayError ? error.detail : String(error)}`);
    } finally {
      this.changed.fire(task.id);
    }
  }
}
