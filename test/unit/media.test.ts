// Video, edits, retexture and reference uploads in the core, against the simulator over real HTTP: the client
// calls and their checks, the button classifier, and the service's routing of buttons new-api refuses.
import assert from 'node:assert/strict';
import { MemoryMemento } from '../../src/core/base/memento';
import type { GatewayError } from '../../src/core/gateway/errors';
import { classifyButton } from '../../src/core/midjourney/buttons';
import { BUTTON_SUPPORT_KEY } from '../../src/core/midjourney/support';
import { ReferenceUploads } from '../../src/core/midjourney/uploads';
import { MidjourneyService } from '../../src/core/tasks/service';
import { TaskStore } from '../../src/core/tasks/store';
import { Tracker } from '../../src/core/tasks/tracker';
import { toTaskView } from '../../src/core/tasks/presentation';
import { isTerminalStatus, type TaskRecord } from '../../src/shared/task';
import { encodePng, type SimulatorOptions } from '../simulator';
import { harness, rejects, sleep, waitForTask, type Harness } from './helpers';
import { nodeArea, tempFolder } from './node-files';

const png = (w: number, h: number, fill = 200) => encodePng(w, h, new Uint8Array(w * h * 3).fill(fill));
const dataUrl = (bytes: Buffer) => `data:image/png;base64,${bytes.toString('base64')}`;

interface Rig extends Harness { store: TaskStore; tracker: Tracker; service: MidjourneyService; memento: MemoryMemento; folder: { cleanup(): void } }

async function rig(sim: SimulatorOptions = {}, memento = new MemoryMemento()): Promise<Rig> {
  const h = await harness(sim, { readRetries: 0 });
  const folder = tempFolder();
  const store = new TaskStore(nodeArea(folder.dir));
  await store.open();
  const tracker = new Tracker(h.mj, store, { intervalMs: () => 20, firstPollDelayMs: 5, random: () => 0.5 });
  const service = new MidjourneyService(h.mj, store, tracker, () => 'default', undefined, { memento });
  return { ...h, store, tracker, service, memento, folder };
}

async function settled(r: Rig, id: string, timeoutMs = 5000): Promise<TaskRecord> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const task = r.store.get(id);
    if (task && isTerminalStatus(task.status)) return task;
    if (Date.now() > deadline) throw new Error(`task ${id} still ${task?.status}`);
    await sleep(10);
  }
}

/** imagine → U1, both finished and in the store. */
async function upscaleIn(r: Rig): Promise<TaskRecord> {
  const grid = await settled(r, (await r.service.imagine({ prompt: 'a red fox in snow' })).task.id);
  const u1 = grid.buttons.find((b) => b.label === 'U1')!;
  return settled(r, (await r.service.press(grid.id, u1.customId)).task.id);
}

const routes = (h: Harness, route: string) => h.sim.requests.filter((q) => q.route === route);
const bodyOf = (h: Harness, route: string) => routes(h, route).at(-1)?.body as Record<string, unknown> | undefined;

suite('Media: client calls', () => {
  let h: Harness;
  teardown(async () => { await h?.sim.close(); });

  test('video sends only what was given, with motion; input errors are refused before sending', async () => {
    h = await harness();
    const outcome = await h.mj.video({ image: dataUrl(png(8, 8)), endImage: 'https://example.com/end.png', prompt: ' waves ', motion: 'high', batchSize: 2, videoType: 'vid_1.1_i2v_720' });
    assert.deepEqual(bodyOf(h, 'POST /mj/submit/video'), {
      motion: 'high', prompt: 'waves', image: dataUrl(png(8, 8)), endImage: 'https://example.com/end.png', videoType: 'vid_1.1_i2v_720', batchSize: 2,
    });
    const task = await waitForTask(h.mj, outcome.taskId);
    assert.equal(task.action, 'VIDEO');
    assert.equal(task.videoUrls.length, 2);
    assert.match(task.videoUrls[0]!, /\/mj\/video\/\d+-1\.webm$/);
    assert.match(task.imageUrl, /\/mj\/image\/\d+$/);
    const before = h.sim.requests.length;
    const refusals: Array<[Parameters<typeof h.mj.video>[0], RegExp]> = [
      [{ prompt: 'no frame' }, /first frame/],
      [{ image: '/home/me/a.png' }, /image file or an http/],
      [{ image: dataUrl(png(2, 2)), motion: 'fast' as never }, /Motion/],
      [{ taskId: '1', index: 4 }, /picture number/],
      [{ taskId: '1', batchSize: 3 as never }, /1, 2 or 4/],
      [{ image: dataUrl(png(2, 2)), loop: true, endImage: 'https://example.com/e.png' }, /loop or a last frame/],
      [{ action: 'extend' }, /video task/],
      [{ taskId: '1', image: dataUrl(png(2, 2)) }, /not both/],
    ];
    for (const [input, pattern] of refusals) {
      const error = await rejects<GatewayError>(h.mj.video(input));
      assert.equal(error.kind, 'validation', JSON.stringify(input));
      assert.match(error.message, pattern);
    }
    assert.equal(h.sim.requests.length, before);
  });

  test('edits make an EDIT task; retexture on a gateway without it is route-missing in plain words', async () => {
    h = await harness();
    const edit = await h.mj.edits({ prompt: 'add a hat', image: dataUrl(png(8, 8)) });
    assert.equal((await waitForTask(h.mj, edit.taskId)).action, 'EDIT');
    const missing = await rejects<GatewayError>(h.mj.retexture({ prompt: 'marble', image: dataUrl(png(8, 8)) }));
    assert.equal(missing.kind, 'route-missing');
    assert.equal(missing.message, 'This gateway does not offer Retexture (it answered 404). Nothing was charged.');
    const empty = await rejects<GatewayError>(h.mj.edits({ prompt: ' ', image: dataUrl(png(8, 8)) }));
    assert.match(empty.message, /needs a prompt/);
    await h.sim.close();
    h = await harness({ retexture: true });
    assert.equal((await waitForTask(h.mj, (await h.mj.retexture({ prompt: 'marble', image: 'https://example.com/a.png' })).taskId)).action, 'RETEXTURE');
  });

  test('uploadImages returns one URL per image; bad, empty or oversized input is refused before sending', async () => {
    h = await harness();
    const urls = await h.mj.uploadImages([dataUrl(png(3, 3)), dataUrl(png(4, 4))]);
    assert.equal(urls.length, 2);
    assert.deepEqual(Buffer.from(await (await fetch(urls[1]!)).arrayBuffer()), png(4, 4));
    const before = h.sim.requests.length;
    for (const [input, pattern] of [[[], /at least one/], [['file.png'], /not an image data URL/], [[`data:image/png;base64,${'A'.repeat(14_000_000)}`], /MB/]] as const) {
      assert.match((await rejects<GatewayError>(h.mj.uploadImages(input))).message, pattern);
    }
    assert.equal(h.sim.requests.length, before);
  });
});

suite('Media: buttons', () => {
  test('classic buttons are actions; the others have their equivalent route or none', () => {
    const cases: Array<[string, string, boolean, string, number?, string?]> = [
      ['MJ::JOB::upsample::2::h', 'upscale', true, 'none', 2],
      ['MJ::JOB::upsample_v7_2x_subtle::1::h::SOLO', 'upscale-hd', true, 'none', 1],
      ['MJ::JOB::upsample_v6r1_2x_creative::1::h::SOLO', 'upscale-hd', true, 'none', 1],
      ['MJ::JOB::variation::3::h', 'variation', true, 'none', 3],
      ['MJ::JOB::low_variation::1::h::SOLO', 'vary-subtle', true, 'none', 1],
      ['MJ::JOB::high_variation::1::h::SOLO', 'vary-strong', true, 'none', 1],
      ['MJ::JOB::pan_left::1::h::SOLO', 'pan', true, 'none', 1],
      ['MJ::JOB::reroll::0::h::SOLO', 'reroll', true, 'none'],
      ['MJ::Outpaint::50::1::h::SOLO', 'zoom', true, 'none'],
      ['MJ::CustomZoom::h', 'custom-zoom', true, 'none'],
      ['MJ::Inpaint::1::h::SOLO', 'vary-region', true, 'none'],
      ['MJ::JOB::animate_high::1::h::SOLO', 'animate', false, 'video', 1, 'high'],
      ['MJ::JOB::animate_low_extend::1::h', 'extend', false, 'video-extend', 1, 'low'],
      ['MJ::JOB::video_virtual_upscale::3::h', 'video-upscale', false, 'none', 3],
      ['MJ::Job::PicReader::2', 'describe-prompt', false, 'imagine', 2],
      ['MJ::JOB::PromptAnalyzer::5', 'shorten-prompt', false, 'imagine', 5],
      ['MJ::Picread::Retry', 'describe-retry', false, 'none'],
      ['MJ::PromptAnalyzer::Show::h', 'shorten-details', false, 'none'],
      ['MJ::BOOKMARK::h', 'bookmark', false, 'none'],
      ['MJ::AnimateModal::prompt', 'other', false, 'none'],
    ];
    for (const [id, kind, classic, equivalent, number, motion] of cases) {
      const info = classifyButton(id);
      assert.equal(info.kind, kind, id);
      assert.equal(info.classic, classic, id);
      assert.equal(info.equivalent, equivalent, id);
      assert.equal(info.number, number, id);
      assert.equal(info.motion, motion, id);
    }
  });
});

suite('Media: reference uploads', () => {
  let h: Harness;
  teardown(async () => { await h?.sim.close(); });

  test('recent() lists the most recently used first, per gateway, and forget() makes the next use upload again', async () => {
    h = await harness();
    let clock = 1000;
    const memento = new MemoryMemento();
    const uploads = new ReferenceUploads(memento, { now: () => clock });
    const origin = new URL(h.sim.url).origin;
    const send = (urls: string[]) => h.mj.uploadImages(urls);
    const [fox] = await uploads.urlsFor(origin, [{ name: 'fox.png', bytes: png(5, 5, 1) }], send);
    clock = 2000;
    const [cat] = await uploads.urlsFor(origin, [{ name: 'cat.png', bytes: png(5, 5, 2) }], send);
    assert.deepEqual(uploads.recent(origin).map((u) => u.name), ['cat.png', 'fox.png']);
    clock = 3000;
    await uploads.urlsFor(origin, [{ name: 'renamed.png', bytes: png(5, 5, 1) }], send);
    assert.deepEqual(uploads.recent(origin).map((u) => [u.name, u.url, u.lastUsedAt]), [['fox.png', fox, 3000], ['cat.png', cat, 2000]]);
    assert.equal(uploads.lookup(origin, png(5, 5, 2)), cat);
    assert.deepEqual(uploads.recent('https://elsewhere.example'), []);
    assert.equal(routes(h, 'POST /mj/submit/upload-discord-images').length, 2);
    await uploads.forget(cat!);
    await uploads.urlsFor(origin, [{ name: 'cat.png', bytes: png(5, 5, 2) }], send);
    assert.equal(routes(h, 'POST /mj/submit/upload-discord-images').length, 3);
    // The memory survives a new instance over the same memento (a window reload).
    assert.equal(new ReferenceUploads(memento).recent(origin).length, 2);
  });
});

suite('Media: service', () => {
  let r: Rig | undefined;
  let other: Rig | undefined;
  teardown(async () => {
    for (const x of [r, other]) {
      x?.tracker.dispose();
      x?.service.dispose();
      await x?.store.flush();
      x?.store.dispose();
      await x?.sim.close();
      x?.folder.cleanup();
    }
    r = other = undefined;
  });

  test('Animate on any finished image task: one video submit with its taskId, index, motion and prompt, tracked to its videos', async () => {
    r = await rig();
    const grid = await settled(r, (await r.service.imagine({ prompt: 'a red fox' })).task.id);
    const { task } = await r.service.animate(grid.id, 2, 'high');
    assert.deepEqual(bodyOf(r, 'POST /mj/submit/video'), { motion: 'high', prompt: 'a red fox', taskId: grid.id, index: 2 });
    assert.equal(task.action, 'VIDEO');
    assert.equal(task.parentId, grid.id);
    assert.equal(task.originLabel, 'Animate 3 (high motion)');
    const done = await settled(r, task.id);
    assert.equal(done.videoUrls.length, 1);
    assert.equal(toTaskView(done, { get: (id) => r!.store.get(id), children: () => [], gatewayRoot: r!.sim.url }).kind, 'image');
    assert.match((await rejects<GatewayError>(r.service.animate(grid.id, 4, 'low'))).message, /picture 1 to 4/);
    assert.match((await rejects<GatewayError>(r.service.animate(done.id, 0, 'low'))).message, /already a video/);
    assert.equal(routes(r, 'POST /mj/submit/video').length, 1, 'the refusals sent nothing');
  });

  test('new-api refuses Animate as an action: detected once, remembered per gateway, routed to the video route', async () => {
    r = await rig({ videoButtons: true });
    const up = await upscaleIn(r);
    const high = up.buttons.find((b) => b.label === 'Animate (High motion)')!;
    const low = up.buttons.find((b) => b.label === 'Animate (Low motion)')!;
    assert.deepEqual(r.service.buttonAvailability(up).find((a) => a.customId === high.customId), { customId: high.customId, kind: 'animate', enabled: true, route: 'action' });

    const first = await r.service.press(up.id, high.customId);
    assert.equal(first.routed, 'video');
    assert.equal(routes(r, 'POST /mj/submit/action').filter((q) => (q.body as { customId: string }).customId === high.customId).length, 1);
    assert.deepEqual(bodyOf(r, 'POST /mj/submit/video'), { motion: 'high', prompt: 'a red fox in snow', taskId: up.id, index: 0 });
    assert.equal(first.task.originLabel, 'Animate (High motion)');
    assert.equal(first.task.originCustomId, high.customId);
    assert.equal(first.task.parentId, up.id);

    // The other motion is the same kind: straight to the video route.
    const actionsBefore = routes(r, 'POST /mj/submit/action').length;
    const second = await r.service.press(up.id, low.customId);
    assert.equal(routes(r, 'POST /mj/submit/action').length, actionsBefore);
    assert.equal(bodyOf(r, 'POST /mj/submit/video')!.motion, 'low');
    assert.equal(second.routed, 'video');
    assert.deepEqual(r.service.buttonAvailability(up).find((a) => a.customId === low.customId)?.route, 'video');
    assert.deepEqual(r.memento.get(BUTTON_SUPPORT_KEY), { origin: new URL(r.sim.url).origin, refused: ['animate'] });

    // Another gateway (another origin) starts from nothing, with the same memory store.
    other = await rig({ videoButtons: true }, r.memento);
    const otherUp = await upscaleIn(other);
    await other.service.press(otherUp.id, otherUp.buttons.find((b) => b.label === 'Animate (Low motion)')!.customId);
    assert.equal(routes(other, 'POST /mj/submit/action').filter((q) => String((q.body as { customId: string }).customId).includes('animate')).length, 1);
    assert.equal(routes(other, 'POST /mj/submit/video').length, 1);
  });

  test('the bare proxy runs Animate as an action: no video route, nothing remembered', async () => {
    r = await rig({ videoButtons: true, quirks: 'plus' });
    const up = await upscaleIn(r);
    const result = await r.service.press(up.id, up.buttons.find((b) => b.label === 'Animate (Low motion)')!.customId);
    assert.equal(result.routed, undefined);
    assert.equal(result.task.action, 'VIDEO');
    assert.equal(routes(r, 'POST /mj/submit/video').length, 0);
    assert.equal(r.memento.get(BUTTON_SUPPORT_KEY), undefined);
  });

  test('Extend goes to the video route with action "extend"; a video upscale is refused once, then shown disabled with the reason', async () => {
    r = await rig();
    const up = await upscaleIn(r);
    const single = await settled(r, (await r.service.animate(up.id, 0, 'low')).task.id);
    const extend = single.buttons.find((b) => b.label === 'Extend (High motion)')!;
    const extended = await r.service.press(single.id, extend.customId);
    assert.equal(extended.routed, 'video-extend');
    assert.deepEqual(bodyOf(r, 'POST /mj/submit/video'), { motion: 'high', prompt: 'a red fox in snow', action: 'extend', taskId: single.id, index: 0 });
    assert.equal((await settled(r, extended.task.id)).action, 'VIDEO');

    const batch = await settled(r, (await r.service.animate(up.id, 0, 'high', { batchSize: 4 })).task.id);
    const u2 = batch.buttons.find((b) => b.label === 'U2')!;
    const refused = await rejects<GatewayError>(r.service.press(batch.id, u2.customId));
    assert.equal(refused.kind, 'unsupported-action');
    assert.match(refused.message, /^This gateway cannot run "U2" \(Video upscale\): it does not support that button\./);
    const availability = r.service.buttonAvailability(batch);
    assert.ok(availability.every((a) => !a.enabled && a.route === 'none' && /cannot run/.test(a.reason!)), JSON.stringify(availability));
    const before = r.sim.requests.length;
    await rejects(r.service.press(batch.id, batch.buttons.find((b) => b.label === 'U3')!.customId));
    assert.equal(r.sim.requests.length, before, 'a known-refused button is not sent again');
  });

  test('a gateway with neither the action nor the video route: Animate is refused plainly, then disabled', async () => {
    r = await rig({ videoButtons: true });
    r.sim.addFault({ route: 'POST /mj/submit/video', fault: { kind: 'status', status: 404 } });
    const up = await upscaleIn(r);
    const high = up.buttons.find((b) => b.label === 'Animate (High motion)')!;
    const error = await rejects<GatewayError>(r.service.press(up.id, high.customId));
    assert.equal(error.kind, 'unsupported-action');
    assert.match(error.message, /cannot run "Animate \(High motion\)" \(Animate\).*no MidJourney video route/);
    const state = r.service.buttonAvailability(up).find((a) => a.customId === high.customId)!;
    assert.equal(state.enabled, false);
    assert.equal(r.store.all().filter((t) => t.action === 'VIDEO').length, 0);
  });

  test('PicReader refused: "Imagine this" still imagines (edited prompt kept), and a direct press imagines prompt N', async () => {
    r = await rig({ rejectJobButtons: true });
    const described = await settled(r, (await r.service.describe({ base64: dataUrl(png(8, 8)) }, 'fox.png')).task.id);
    const prompts = r.service.promptsOf(described.id);
    const first = await r.service.imaginePrompt(described.id, 1, 'my own edit of prompt one');
    assert.equal(first.task.action, 'IMAGINE');
    assert.equal(bodyOf(r, 'POST /mj/submit/imagine')!.prompt, 'my own edit of prompt one');
    assert.equal(routes(r, 'POST /mj/submit/action').length, 1);
    const pressed = await r.service.press(described.id, described.buttons.find((b) => b.customId.endsWith('PicReader::3'))!.customId);
    assert.equal(pressed.routed, 'imagine');
    assert.equal(bodyOf(r, 'POST /mj/submit/imagine')!.prompt, prompts[2]);
    assert.equal(pressed.task.originLabel, 'Prompt 3');
    assert.equal(routes(r, 'POST /mj/submit/action').length, 1, 'PicReader is not tried again');
    assert.equal(routes(r, 'POST /mj/submit/modal').length, 0);
  });

  test('a v8 upscale has no Zoom, Pan or HD upscale buttons, and that is no error: its buttons all work', async () => {
    r = await rig({ version: 'v8' });
    const up = await upscaleIn(r);
    assert.deepEqual(up.buttons.map((b) => b.label), ['Vary (Subtle)', 'Vary (Strong)', 'Vary (Region)']);
    assert.ok(r.service.buttonAvailability(up).every((a) => a.enabled && a.route === 'action'));
    const view = toTaskView(up, { get: (id) => r!.store.get(id), children: () => [], gatewayRoot: r!.sim.url });
    assert.deepEqual(view.buttons.map((b) => b.group), ['vary', 'vary', 'vary']);
    const vary = await r.service.press(up.id, up.buttons[0]!.customId);
    assert.equal((await settled(r, vary.task.id)).status, 'SUCCESS');
  });

  test('edit and retexture are recorded like other submits; retexture on a gateway without it records nothing', async () => {
    r = await rig();
    const edit = await r.service.edit({ prompt: 'add a hat', image: dataUrl(png(8, 8)) }, 'fox.png');
    assert.equal(edit.task.action, 'EDIT');
    assert.equal(edit.task.subject, 'fox.png');
    assert.equal((await settled(r, edit.task.id)).buttons.length, 9);
    const error = await rejects<GatewayError>(r.service.retexture({ prompt: 'marble', image: dataUrl(png(8, 8)) }, 'fox.png'));
    assert.equal(error.kind, 'route-missing');
    assert.equal(r.store.all().filter((t) => t.action === 'RETEXTURE').length, 0);
    const video = await r.service.videoFromImage({ image: dataUrl(png(8, 8)), loop: true, motion: 'low' }, 'fox.png');
    assert.equal(video.task.subject, 'fox.png');
    assert.equal(bodyOf(r, 'POST /mj/submit/video')!.loop, true);
  });

  test('uploads: the same file twice (any name) is one upload; different files or another gateway upload again; recent() newest first', async () => {
    r = await rig();
    const fox = png(6, 6, 10);
    const cat = png(6, 6, 90);
    const [a] = await r.service.upload([{ name: 'fox.png', bytes: fox }]);
    const [b] = await r.service.upload([{ name: 'copy of fox.png', bytes: new Uint8Array(fox) }]);
    assert.equal(a, b);
    assert.equal(routes(r, 'POST /mj/submit/upload-discord-images').length, 1);
    // Two at once, one of them known: only the new one is sent.
    const [c, d] = await r.service.upload([{ name: 'cat.png', bytes: cat }, { name: 'fox.png', bytes: fox }]);
    assert.equal(d, a);
    assert.equal(routes(r, 'POST /mj/submit/upload-discord-images').length, 2);
    assert.equal((bodyOf(r, 'POST /mj/submit/upload-discord-images')!.base64Array as string[]).length, 1);
    // Simultaneous uses of a new file share one request.
    const bird = png(7, 7, 50);
    const [e, f] = await Promise.all([r.service.upload([{ name: 'bird.png', bytes: bird }]), r.service.upload([{ name: 'bird2.png', bytes: bird }])]);
    assert.equal(e![0], f![0]);
    assert.equal(routes(r, 'POST /mj/submit/upload-discord-images').length, 3);
    assert.deepEqual(r.service.recentReferences().map((u) => u.url).sort(), [a, c, e![0]].sort());
    assert.ok(r.service.recentReferences().some((u) => u.url === c && u.name === 'cat.png'));
    // A refused file sends nothing.
    assert.match((await rejects<GatewayError>(r.service.upload([{ name: 'notes.txt', bytes: Buffer.from('hello') }]))).message, /not a PNG/);
    assert.equal(routes(r, 'POST /mj/submit/upload-discord-images').length, 3);

    other = await rig({}, r.memento);
    const [g] = await other.service.upload([{ name: 'fox.png', bytes: fox }]);
    assert.notEqual(g, a);
    assert.equal(routes(other, 'POST /mj/submit/upload-discord-images').length, 1);
  });
});
