// Video files and the host's video cache: what a file is by its bytes, how Insert writes it into
// Markdown, and ResultVideos against the simulator (a VIDEO task's WebM downloaded once and kept, its
// unplayable MP4 kept too, a link that returns no video not kept, a gone link one plain sentence).
import assert from 'node:assert/strict';
import { ImageCache } from '../../src/core/files/image-cache';
import { markdownVideo, sniffVideoMime, videoFileType, videoTypeOfExtension } from '../../src/core/files/videos';
import { resolveImageUrl } from '../../src/core/tasks/presentation';
import { expectsVideo, ResultVideos, VIDEO_GONE, VIDEO_UNREADABLE } from '../../src/core/tasks/result-videos';
import { GatewayError } from '../../src/core/gateway/errors';
import type { TaskRecord } from '../../src/shared/task';
import { harness, waitForTask, type Harness } from './helpers';
import { nodeArea, tempFolder } from './node-files';

const webmHead = Uint8Array.from([0x1a, 0x45, 0xdf, 0xa3, 0x9f, 0x42, 0x86, 0x81]);
const mp4Head = Uint8Array.from(Buffer.from('\0\0\0\x18ftypisom', 'latin1'));

suite('Video files', () => {
  test('WebM and MP4 are told apart by their bytes; the server\'s type only when the bytes say nothing', () => {
    assert.equal(sniffVideoMime(webmHead), 'video/webm');
    assert.equal(sniffVideoMime(mp4Head), 'video/mp4');
    assert.equal(sniffVideoMime(Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0])), undefined);
    assert.deepEqual(videoFileType(webmHead, 'video/mp4'), { ext: 'webm', type: 'video/webm' });
    assert.deepEqual(videoFileType(new Uint8Array(4), 'video/webm; codecs=vp8'), { ext: 'webm', type: 'video/webm' });
    assert.deepEqual(videoFileType(new Uint8Array(4), ''), { ext: 'mp4', type: 'video/mp4' });
    assert.equal(videoTypeOfExtension('WEBM'), 'video/webm');
    assert.equal(videoTypeOfExtension('mp4'), 'video/mp4');
  });

  test('Markdown: a link with the prompt (parameters dropped), or an HTML <video> tag with escaped attributes', () => {
    assert.equal(markdownVideo('waves at dusk --ar 16:9 --motion low', '../assets/aitre/a.webm', 'link'), '[waves at dusk](../assets/aitre/a.webm)');
    assert.equal(markdownVideo('a [bracket]', 'my videos/a.mp4', 'link'), '[a \\[bracket\\]](<my videos/a.mp4>)');
    assert.equal(markdownVideo('say "hi" <now>', 'my videos/a.mp4', 'html'), '<video src="my%20videos/a.mp4" controls title="say &quot;hi&quot; &lt;now&gt;"></video>');
    assert.equal(markdownVideo('', 'a.mp4', 'link'), '[video](a.mp4)');
  });
});

suite('Result videos (host download and cache)', function () {
  this.timeout(30_000);
  let h: Harness;
  let folder: { dir: string; cleanup(): void };
  setup(async () => {
    h = await harness();
    folder = tempFolder('aitre-videos-');
  });
  teardown(async () => {
    await h.sim.close();
    folder.cleanup();
  });

  const cacheIn = (dir: string) => new ImageCache(nodeArea(dir), { maxBytes: () => 1e9, dir: 'videos', fileType: videoFileType, typeOfExtension: videoTypeOfExtension });
  const videosWith = (cache: ImageCache) => new ResultVideos({ cache, fetch: (url) => h.gateway.fetchImage(url), videoUrl: (t) => resolveImageUrl(t.videoUrls[0] ?? '', h.sim.url) });

  async function finishedVideo(): Promise<TaskRecord> {
    const outcome = await h.mj.video({ image: 'https://example.com/first.png', prompt: 'waves', motion: 'low' });
    h.sim.finishTask(outcome.taskId);
    const task = await waitForTask(h.mj, outcome.taskId);
    assert.equal(task.status, 'SUCCESS');
    const now = Date.now();
    return { ...task, addedAt: now, updatedAt: now, lastChangeAt: now };
  }

  test('a finished video is downloaded once, kept as .webm, and its bytes serve Save', async () => {
    const task = await finishedVideo();
    assert.ok(expectsVideo(task));
    const videos = videosWith(cacheIn(folder.dir));
    assert.equal(videos.state(task).kind, 'loading');
    const fired: string[] = [];
    videos.onDidChange((id) => fired.push(id));
    await Promise.all([videos.ensure(task), videos.ensure(task)]);
    assert.equal(videos.downloads, 1, 'two asks, one download');
    assert.deepEqual(fired, [task.id]);
    const state = videos.state(task);
    assert.equal(state.kind, 'cached');
    assert.match(state.kind === 'cached' ? state.path : '', /^videos\/.+\.webm$/);
    const { bytes, url } = await videos.bytes(task);
    assert.equal(sniffVideoMime(bytes), 'video/webm');
    assert.match(url, /\/mj\/video\//);
    assert.equal(videos.downloads, 1, 'Save reads the cache');
    // Another window of the profile finds the same file without a download.
    const other = videosWith(cacheIn(folder.dir));
    await other.ensure(task);
    assert.equal(other.downloads, 0);
  });

  test('an MP4 the webview cannot play is still kept (as .mp4): the panel falls back, Save and Open use the file', async () => {
    h.sim.configure({ unplayableVideo: true });
    const task = await finishedVideo();
    const videos = videosWith(cacheIn(folder.dir));
    await videos.ensure(task);
    const state = videos.state(task);
    assert.equal(state.kind === 'cached' && state.contentType, 'video/mp4');
    assert.match(state.kind === 'cached' ? state.path : '', /\.mp4$/);
  });

  test('a link that answers with no video is not kept; a gone link gives the plain sentence, also to Save', async () => {
    const task = await finishedVideo();
    const notVideo = new ResultVideos({ cache: cacheIn(folder.dir), fetch: async () => ({ bytes: new TextEncoder().encode('<html>login</html>'), contentType: 'text/html' }), videoUrl: () => 'http://127.0.0.1/x' });
    await notVideo.ensure(task);
    assert.deepEqual(notVideo.state(task), { kind: 'missing', message: VIDEO_UNREADABLE });
    const gone = new ResultVideos({ cache: cacheIn(folder.dir), fetch: async () => { throw new GatewayError({ kind: 'not-found', message: 'x' }); }, videoUrl: () => 'http://127.0.0.1/x' });
    await assert.rejects(gone.bytes(task), (e: unknown) => e instanceof GatewayError && e.message === VIDEO_GONE);
    assert.equal(videosWith(cacheIn(folder.dir)).state({ ...task, action: 'IMAGINE' }).kind, 'none');
  });
});
