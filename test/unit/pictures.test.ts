// The OpenAI-format picture service against the simulator over real HTTP: each picture a finished
// task of its own kind, its bytes in the image cache, on disk before the call returns; a chat reply
// without a picture is one failed task that keeps the reply.
import assert from 'node:assert/strict';
import { ImageCache } from '../../src/core/files/image-cache';
import { OpenAiClient } from '../../src/core/openai/client';
import { decodeDataUrl, PictureService } from '../../src/core/openai/pictures';
import { resolveImageUrl } from '../../src/core/tasks/presentation';
import { reviveRecord } from '../../src/core/tasks/records';
import { ResultImages } from '../../src/core/tasks/result-images';
import { TaskStore } from '../../src/core/tasks/store';
import { isMidjourneyTask } from '../../src/shared/task';
import { decodePng } from '../simulator';
import { harness, type Harness } from './helpers';
import { nodeArea, tempFolder } from './node-files';

suite('Picture service (OpenAI-format images as tasks)', () => {
  let h: Harness;
  let folder: { dir: string; cleanup(): void };
  let store: TaskStore;
  let images: ResultImages;
  let pictures: PictureService;

  setup(async () => {
    h = await harness();
    folder = tempFolder('aitre-pictures-');
    store = new TaskStore(nodeArea(`${folder.dir}/tasks`));
    await store.open();
    const cache = new ImageCache(nodeArea(folder.dir), { maxBytes: () => 1e9 });
    images = new ResultImages({ cache, fetchImage: (url) => h.gateway.fetchImage(url), imageUrl: (t) => resolveImageUrl(t.imageUrl, h.sim.url) });
    pictures = new PictureService({ client: new OpenAiClient(h.gateway), store, images, fetchImage: (url) => h.gateway.fetchImage(url) });
  });

  teardown(async () => {
    store.dispose();
    folder.cleanup();
    await h.sim.close();
  });

  test('generate: two pictures are two finished openai-image tasks, cached, on disk, with the options asked', async () => {
    const { pictures: made } = await pictures.generate({ model: 'gpt-image-1', prompt: ' a lighthouse ', n: 2, size: '1024x1024', quality: 'low' }, { size: '1024x1024', n: '2', style: undefined });
    assert.equal(made.length, 2);
    for (const picture of made) {
      assert.ok('bytes' in picture, 'the picture was not read');
      const task = store.get(picture.task.id)!;
      assert.equal(task.kind, 'openai-image');
      assert.equal(isMidjourneyTask(task), false);
      assert.equal(task.status, 'SUCCESS');
      assert.equal(task.prompt, 'a lighthouse');
      assert.deepEqual(task.properties, { model: 'gpt-image-1', size: '1024x1024', n: '2' });
      assert.deepEqual(task.buttons, []);
      assert.equal(images.state(task).kind, 'cached');
      const png = decodePng(picture.bytes);
      assert.deepEqual([png.width, png.height], [1024, 1024]);
    }
    assert.deepEqual(made.map((p) => p.task.id.replace(/^img-\d+/, '')), ['-1', '-2']);
    // A second window reads them from disk: they were written before generate() answered.
    const other = new TaskStore(nodeArea(`${folder.dir}/tasks`));
    await other.open();
    await other.loadAll();
    assert.deepEqual(made.map((p) => other.get(p.task.id)?.kind), ['openai-image', 'openai-image'], `${other.size} task(s) on disk: ${other.all().map((t) => t.id).join(', ')}`);
    other.dispose();
  });

  test('drawWithChat: the picture link becomes a task; a reply without a picture is one failed task that keeps the reply', async () => {
    const drawn = await pictures.drawWithChat({ model: 'gpt-4o-image', prompt: 'a war cat' });
    assert.equal(drawn.pictures.length, 1);
    const task = drawn.pictures[0]!.task;
    assert.equal(task.kind, 'openai-image');
    assert.equal(task.action, 'CHAT_IMAGE');
    assert.match(task.imageUrl, /\/v1\/files\/img-[\w-]+\.png$/);

    const none = await pictures.drawWithChat({ model: 'gpt-4o-mini', prompt: 'a cat, in words only' });
    assert.deepEqual(none.pictures, []);
    const failed = store.get(none.failed!.id)!;
    assert.equal(failed.status, 'FAILURE');
    assert.equal(failed.kind, 'openai-image');
    assert.match(failed.failReason, /gpt-4o-mini answered without a picture/);
    assert.ok(failed.finalPrompt.length > 0, 'the reply text is kept');
  });

  test('two requests at once get different ids (flux answers with links: each is downloaded)', async () => {
    const [a, b] = await Promise.all([
      pictures.generate({ model: 'flux-schnell', prompt: 'one' }),
      pictures.generate({ model: 'flux-schnell', prompt: 'two' }),
    ]);
    assert.notEqual(a.pictures[0]!.task.id, b.pictures[0]!.task.id);
  });

  test('records saved before tasks had a kind: a picture of the OpenAI-format routes is read as one, MidJourney stays MidJourney', () => {
    assert.equal(reviveRecord({ id: 'img-1', action: 'GENERATE_IMAGE' }, 0)?.kind, 'openai-image');
    assert.equal(reviveRecord({ id: 'chat-1', action: 'CHAT_IMAGE' }, 0)?.kind, 'openai-image');
    assert.equal(reviveRecord({ id: '171', action: 'IMAGINE' }, 0)?.kind, undefined);
  });

  test('decodeDataUrl reads base64 data: URLs (type and bytes) and nothing else', () => {
    assert.deepEqual(decodeDataUrl('data:image/png;base64,iVBO'), { bytes: new Uint8Array([0x89, 0x50, 0x4e]), contentType: 'image/png' });
    assert.equal(decodeDataUrl('https://x.test/a.png'), undefined);
  });
});
