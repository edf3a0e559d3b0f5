// The result-image cache over real files, and ResultImages against the simulator with its pictures
// on a second local port (another origin, plain http): downloaded once, kept after the host
// answers 404, one plain sentence when no copy exists, previews while running, LRU eviction.
import assert from 'node:assert/strict';
import { ImageCache } from '../../src/core/files/image-cache';
import { IMAGE_GONE, IMAGE_UNREADABLE, ResultImages } from '../../src/core/tasks/result-images';
import { resolveImageUrl } from '../../src/core/tasks/presentation';
import { TaskStore } from '../../src/core/tasks/store';
import { MidjourneyService } from '../../src/core/tasks/service';
import { Tracker } from '../../src/core/tasks/tracker';
import { GatewayError } from '../../src/core/gateway/errors';
import type { TaskRecord } from '../../src/shared/task';
import { decodePng } from '../simulator';
import { FakeClock } from './fake-clock';
import { harness, type Harness } from './helpers';
import { nodeArea, tempFolder } from './node-files';

const png = (n: number) => {
  // A tiny valid PNG signature + filler: the cache only sniffs the type.
  const bytes = new Uint8Array(n);
  bytes.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return bytes;
};

suite('Image cache', () => {
  let folder: { dir: string; cleanup(): void };
  setup(() => { folder = tempFolder('aitre-images-'); });
  teardown(() => folder.cleanup());

  test('keeps images as files, least recently used out first, never the one just stored', async () => {
    const clock = new FakeClock();
    const cache = new ImageCache(nodeArea(folder.dir), { maxBytes: () => 3000, clock });
    await cache.put('a', png(1000));
    clock.advance(10);
    await cache.put('b', png(1000));
    clock.advance(10);
    await cache.put('c', png(1000));
    clock.advance(10);
    assert.ok(await cache.get('a')); // a is now the most recently used
    clock.advance(10);
    await cache.put('d', png(1000));
    assert.deepEqual(['a', 'b', 'c', 'd'].map((id) => Boolean(cache.peek(id))), [true, false, true, true]);
    assert.equal(cache.totalBytes, 3000);
    await cache.put('huge', png(5000));
    assert.ok(cache.peek('huge'), 'the image just stored stays even when it alone is over the limit');
    assert.equal(cache.count, 1);
    const read = await cache.read('huge');
    assert.equal(read?.bytes.byteLength, 5000);
    assert.equal(read?.contentType, 'image/png');
  });

  test('two windows share one cache folder: an image one stored is found by the other', async () => {
    const one = new ImageCache(nodeArea(folder.dir), { maxBytes: () => 1e9 });
    const two = new ImageCache(nodeArea(folder.dir), { maxBytes: () => 1e9 });
    assert.equal(await two.get('x'), undefined);
    await one.put('x', png(100));
    await one.flush();
    const clock = new FakeClock(Date.now() + 5000); // past the re-list pause
    const three = new ImageCache(nodeArea(folder.dir), { maxBytes: () => 1e9, clock });
    assert.ok(await three.get('x'));
    assert.ok((await three.read('x'))?.bytes.byteLength === 100);
  });
});

interface ImageRig extends Harness {
  folder: { dir: string; cleanup(): void };
  clock: FakeClock;
  store: TaskStore;
  tracker: Tracker;
  service: MidjourneyService;
  cache: ImageCache;
  images: ResultImages;
}

async function imageRig(): Promise<ImageRig> {
  const clock = new FakeClock();
  const h = await harness({ imageHost: 'separate', clock: () => clock.now(), speed: { syncDelayMs: 1000, submittedMs: 1000, runMs: 3000, progressSteps: 3 } }, { readRetries: 0 });
  const folder = tempFolder('aitre-images-');
  const store = new TaskStore(nodeArea(`${folder.dir}/tasks`), { now: () => clock.now() });
  await store.open();
  const tracker = new Tracker(h.mj, store, { intervalMs: () => 1000, firstPollDelayMs: 1000, clock });
  const cache = new ImageCache(nodeArea(folder.dir), { maxBytes: () => 1e9 });
  const images = new ResultImages({ cache, fetchImage: (url) => h.gateway.fetchImage(url), imageUrl: (t) => resolveImageUrl(t.imageUrl, h.sim.url) });
  return { ...h, folder, clock, store, tracker, service: new MidjourneyService(h.mj, store, tracker, () => 'default'), cache, images };
}

/** One tick of the tracker on the fake clock, waited for until it has completely finished. */
async function tick(r: ImageRig): Promise<void> {
  const polled = new Promise<void>((resolve) => { const d = r.tracker.onDidPoll(() => { d.dispose(); resolve(); }); });
  assert.ok(r.clock.runNext(), 'a tick should be scheduled');
  await polled;
  await new Promise((resolve) => setImmediate(resolve));
}

async function finished(r: ImageRig, prompt: string): Promise<TaskRecord> {
  const { task } = await r.service.imagine({ prompt });
  for (let i = 0; i < 10 && r.store.get(task.id)!.status !== 'SUCCESS'; i++) await tick(r);
  const done = r.store.get(task.id)!;
  assert.equal(done.status, 'SUCCESS');
  return done;
}

const pictureRequests = (r: ImageRig) => r.sim.requests.filter((q) => q.route.startsWith('GET /mj/image/') && q.headers.host === new URL(r.sim.imageUrl).host);

suite('Result images (picture host on another port)', () => {
  let r: ImageRig | undefined;
  teardown(async () => {
    if (!r) return;
    r.tracker.dispose();
    r.images.dispose();
    await r.store.flush();
    r.store.dispose();
    await r.sim.close();
    r.folder.cleanup();
    r = undefined;
  });

  test('a finished image is downloaded once, without the key, and kept after its host answers 404', async () => {
      r = await imageRig();
    const task = await finished(r, 'a fox on a CDN');
    assert.ok(task.imageUrl.startsWith(r.sim.imageUrl), 'the simulator links pictures on the other port');
    assert.equal(r.images.state(task).kind, 'loading');
    await Promise.all([r.images.ensure(task), r.images.ensure(task)]);
    const state = r.images.state(task);
    assert.equal(state.kind, 'cached');
    assert.equal(pictureRequests(r).length, 1);
    assert.equal(pictureRequests(r)[0]!.headers.authorization, undefined, 'the key goes to the gateway only');
    // The link expires; the copy stays, for the panel and for Save.
    r.sim.configure({ imagesGone: true });
    await r.images.ensure(task);
    const { bytes } = await r.images.bytes(task);
    assert.equal(decodePng(Buffer.from(bytes)).width, 512);
    assert.equal(pictureRequests(r).length, 1);
    // Another window over the same cache finds it without a download.
    const other = new ResultImages({ cache: new ImageCache(nodeArea(r.folder.dir), { maxBytes: () => 1e9 }), fetchImage: (url) => r!.gateway.fetchImage(url), imageUrl: (t) => t.imageUrl });
    await other.ensure(task);
    assert.equal(other.state(task).kind, 'cached');
    assert.equal(other.downloads, 0);
  });

  test('an image that is gone before it was ever cached gives one plain sentence, and Fetch Again can recover', async () => {
    r = await imageRig();
    const task = await finished(r, 'expired before anyone looked');
    r.sim.configure({ imagesGone: true });
    await r.images.ensure(task);
    const state = r.images.state(task);
    assert.deepEqual(state, { kind: 'missing', reason: 'gone', message: IMAGE_GONE() });
    assert.match(IMAGE_GONE(), /re-run/i);
    // Asking again does not download again: the state is kept.
    await r.images.ensure(task);
    assert.equal(pictureRequests(r).length, 1);
    await assert.rejects(r.images.bytes(task), (e: Error) => e instanceof GatewayError && e.message === IMAGE_GONE());
    r.sim.configure({ imagesGone: false });
    await r.images.retry(task);
    assert.equal(r.images.state(task).kind, 'cached');
  });

  test('a link that answers with something that is not a picture is not cached, and says so; a file that will not show is fetched again once, not forever', async () => {
    r = await imageRig();
    const task = await finished(r, 'a link that returns JSON');
    const wrong = { ...task, id: 'wrong-link', imageUrl: `${r.sim.url}/v1/models` };
    await r.images.ensure(wrong);
    assert.deepEqual(r.images.state(wrong), { kind: 'missing', reason: 'gone', message: IMAGE_UNREADABLE() });
    assert.equal(r.cache.peek(wrong.id), undefined);
    // A cached file the panel cannot show: dropped and fetched again once; the second time it is reported.
    await r.images.ensure(task);
    assert.equal(r.images.state(task).kind, 'cached');
    const before = pictureRequests(r).length;
    await r.images.broken(task);
    assert.equal(r.images.state(task).kind, 'cached');
    await r.images.broken(task);
    assert.deepEqual(r.images.state(task), { kind: 'missing', reason: 'gone', message: IMAGE_UNREADABLE() });
    assert.equal(pictureRequests(r).length, before + 1, 'one new download, not a loop');
  });

  test('a running task shows a preview (data: URL), refreshed when its progress changes', async () => {
    r = await imageRig();
    const { task } = await r.service.imagine({ prompt: 'watch it grow' });
    let current = r.store.get(task.id)!;
    for (let i = 0; i < 10 && !(current.status === 'IN_PROGRESS' && current.imageUrl); i++) {
      await tick(r);
      current = r.store.get(task.id)!;
    }
    await r.images.ensure(current);
    const preview = r.images.state(current);
    assert.equal(preview.kind, 'preview');
    assert.match(preview.kind === 'preview' ? preview.dataUrl : '', /^data:image\/png;base64,/);
    const before = pictureRequests(r).length;
    await r.images.ensure(current); // same progress: nothing new to fetch
    assert.equal(pictureRequests(r).length, before);
  });

  test('the polling window caches an image the moment its task finishes; a window that does not poll waits until it is shown', async () => {
    r = await imageRig();
    let active = true;
    const following = r.images.follow(r.store, () => active);
    try {
      await finished(r, 'cached on finish');
      const done = r.store.all()[0]!;
      await new Promise<void>((resolve) => { const d = r!.images.onDidChange((id) => { if (id === done.id) { d.dispose(); resolve(); } }); });
      assert.equal(r.images.state(done).kind, 'cached');
      active = false;
      const second = await finished(r, 'not cached: this window does not poll');
      assert.equal(r.images.state(second).kind, 'loading');
      assert.equal(pictureRequests(r).length, 1);
    } finally {
      following.dispose();
    }
  });
});
