// The simulator's 2025–2026 routes over real HTTP: video (lifecycle, the WebM it serves), edits, retexture,
// uploads, version-dependent buttons, new-api's unknown_action for video buttons, /v1/images/edits with a
// multipart body, and speech instructions.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import {
  decodePng, encodePng, generatedImageColor, inBar, startSimulator, videoColors, VIDEO_FRAMES, VIDEO_HEIGHT, VIDEO_WIDTH,
  type Simulator, type SimulatorOptions, type TaskDto,
} from '../simulator';
import { encodePngRgba } from '../simulator/png';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- loose on purpose: the assertions check the shapes
interface Answer { status: number; headers: Headers; text: string; bytes: Buffer; json: any }

async function call(sim: Simulator, method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Answer> {
  const response = await fetch(`${sim.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${sim.apiKey}`, ...(body !== undefined && !(body instanceof FormData) && { 'content-type': 'application/json' }), ...headers },
    ...(body !== undefined && { body: body instanceof FormData ? body : JSON.stringify(body) }),
  });
  const bytes = Buffer.from(await response.arrayBuffer());
  const text = bytes.toString('utf8');
  let json: unknown;
  try { json = JSON.parse(text); } catch { json = undefined; }
  return { status: response.status, headers: response.headers, text, bytes, json };
}

async function withSim(options: SimulatorOptions, run: (sim: Simulator) => Promise<void>): Promise<void> {
  const sim = await startSimulator({ speed: 'test', ...options });
  try { await run(sim); } finally { await sim.close(); }
}

const fetchTask = async (sim: Simulator, id: string): Promise<TaskDto> => (await call(sim, 'GET', `/mj/task/${id}/fetch`)).json as TaskDto;

async function submit(sim: Simulator, path: string, body: unknown): Promise<string> {
  const answer = await call(sim, 'POST', path, body);
  assert.equal(answer.status, 200, answer.text);
  assert.equal(answer.json.code, 1, answer.text);
  return String(answer.json.result);
}

async function finished(sim: Simulator, id: string): Promise<TaskDto> {
  sim.finishTask(id);
  return fetchTask(sim, id);
}

async function press(sim: Simulator, task: TaskDto, label: string): Promise<Answer> {
  const button = task.buttons.find((b) => b.label === label || b.emoji === label);
  assert.ok(button, `no button ${label} on ${task.action}: ${task.buttons.map((b) => b.label || b.emoji).join(', ')}`);
  return call(sim, 'POST', '/mj/submit/action', { customId: button.customId, taskId: task.id });
}

/** An upscaled image: imagine, U1, both finished. */
async function upscaled(sim: Simulator): Promise<TaskDto> {
  const grid = await finished(sim, await submit(sim, '/mj/submit/imagine', { prompt: 'a red fox in snow' }));
  const u1 = await press(sim, grid, 'U1');
  return finished(sim, String(u1.json.result));
}

const pngDataUrl = (width: number, height: number): string =>
  `data:image/png;base64,${encodePng(width, height, new Uint8Array(width * height * 3).fill(200)).toString('base64')}`;

/** The WebM's frames as VP8 key frames: [width, height] from each frame header. */
function vp8Frames(webm: Buffer): Array<[number, number]> {
  const frames: Array<[number, number]> = [];
  for (let at = webm.indexOf(Buffer.from([0x9d, 0x01, 0x2a])); at >= 0; at = webm.indexOf(Buffer.from([0x9d, 0x01, 0x2a]), at + 3)) {
    frames.push([webm.readUInt16LE(at + 3) & 0x3fff, webm.readUInt16LE(at + 5) & 0x3fff]);
  }
  return frames;
}

const hasFfmpeg = spawnSync('ffmpeg', ['-version']).status === 0;
const near = (a: readonly number[], b: readonly number[], tolerance = 6) => a.every((v, i) => Math.abs(v - (b[i] ?? 0)) <= tolerance);

suite('simulator: video, edits, uploads', () => {
  test('video from an upscale: "" → SUBMITTED → IN_PROGRESS (poster preview) → SUCCESS with videoUrl, videoUrls and a poster', () =>
    withSim({}, async (sim) => {
      const parent = await upscaled(sim);
      // --sim-stall holds it IN_PROGRESS until finishTask(), so the running state is seen whatever the machine's load.
      const id = await submit(sim, '/mj/submit/video', { taskId: parent.id, index: 0, motion: 'high', prompt: 'a red fox in snow --sim-stall' });
      const seen: string[] = [];
      let running: TaskDto;
      for (running = await fetchTask(sim, id); running.status !== 'IN_PROGRESS'; running = await fetchTask(sim, id)) {
        seen.push(running.status);
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
      // Before it runs: "" (new-api before its first sync), then SUBMITTED, never back.
      const firstSubmitted = seen.indexOf('SUBMITTED');
      assert.ok(seen.every((status) => status === '' || status === 'SUBMITTED'), seen.join(','));
      assert.ok(firstSubmitted < 0 || !seen.slice(firstSubmitted).includes(''), seen.join(','));
      assert.equal(running.videoUrl, '');
      assert.deepEqual(running.videoUrls, []);
      assert.match(running.imageUrl, /\/mj\/image\/\d+\?rand=/);
      const done = await finished(sim, id);
      assert.equal(done.status, 'SUCCESS');
      assert.equal(done.action, 'VIDEO');
      assert.equal(done.promptEn, 'a red fox in snow');
      assert.equal(done.videoUrl, `${sim.url}/mj/video/${id}-1.webm`);
      assert.deepEqual(done.videoUrls, [{ url: done.videoUrl }]);
      assert.deepEqual(done.buttons.map((b) => b.label), ['Extend (High motion)', 'Extend (Low motion)']);
      assert.equal(sim.getTask(id)!.parentId, parent.id);
      const poster = await call(sim, 'GET', `/mj/image/${id}`);
      const png = decodePng(poster.bytes);
      assert.deepEqual([png.width, png.height], [VIDEO_WIDTH, VIDEO_HEIGHT]);
      assert.deepEqual(png.pixel(100, 70), [...videoColors(`${id}:1`).background]);
      assert.deepEqual(png.pixel(8, 70), [...videoColors(`${id}:1`).bar]);
    }));

  test('the video file is a WebM of VP8 key frames, served with byte ranges; not before SUCCESS', () =>
    withSim({ speed: 'demo' }, async (sim) => {
      const id = await submit(sim, '/mj/submit/video', { image: pngDataUrl(8, 8), prompt: 'waves' });
      assert.equal((await call(sim, 'GET', `/mj/video/${id}-1.webm`)).status, 404);
      sim.finishTask(id);
      const whole = await call(sim, 'GET', `/mj/video/${id}-1.webm`, undefined, { authorization: '' });
      assert.equal(whole.status, 200);
      assert.equal(whole.headers.get('content-type'), 'video/webm');
      assert.equal(whole.headers.get('accept-ranges'), 'bytes');
      assert.deepEqual([...whole.bytes.subarray(0, 4)], [0x1a, 0x45, 0xdf, 0xa3]); // EBML
      assert.ok(whole.bytes.includes(Buffer.from('V_VP8')));
      assert.deepEqual(vp8Frames(whole.bytes), Array.from({ length: VIDEO_FRAMES }, () => [VIDEO_WIDTH, VIDEO_HEIGHT]));
      const part = await call(sim, 'GET', `/mj/video/${id}-1.webm`, undefined, { range: 'bytes=10-19' });
      assert.equal(part.status, 206);
      assert.equal(part.headers.get('content-range'), `bytes 10-19/${whole.bytes.length}`);
      assert.deepEqual(part.bytes, whole.bytes.subarray(10, 20));
      assert.equal((await call(sim, 'GET', `/mj/video/${id}-2.webm`)).status, 404);
    }));

  test('unplayableVideo: the links name an MP4 (video/mp4) with no track in it, for the poster fallback', () =>
    withSim({ unplayableVideo: true }, async (sim) => {
      const done = await finished(sim, await submit(sim, '/mj/submit/video', { image: pngDataUrl(8, 8) }));
      assert.match(done.videoUrl, /\/mj\/video\/\d+-1\.mp4$/);
      const file = await call(sim, 'GET', new URL(done.videoUrl).pathname);
      assert.equal(file.status, 200);
      assert.equal(file.headers.get('content-type'), 'video/mp4');
      assert.equal(file.bytes.toString('latin1', 4, 8), 'ftyp');
      assert.ok(!file.bytes.includes(Buffer.from('moov')));
      sim.configure({ unplayableVideo: false });
      assert.match((await fetchTask(sim, done.id)).videoUrl, /\.webm$/);
    }));

  test('the video decodes to the documented frames (ffmpeg)', function () {
    if (!hasFfmpeg) this.skip(); // the browser suite decodes it in Chromium on every machine
    return withSim({}, async (sim) => {
      const id = await submit(sim, '/mj/submit/video', { image: pngDataUrl(8, 8), prompt: 'waves' });
      const webm = (await call(sim, 'GET', `/mj/video/${(await finished(sim, id)).id}-1.webm`)).bytes;
      const rgb = execFileSync('ffmpeg', ['-v', 'error', '-i', 'pipe:0', '-f', 'rawvideo', '-pix_fmt', 'rgb24', 'pipe:1'], { input: webm, maxBuffer: 64 << 20 });
      const frameBytes = VIDEO_WIDTH * VIDEO_HEIGHT * 3;
      assert.equal(rgb.length, frameBytes * VIDEO_FRAMES);
      const { background, bar } = videoColors(`${id}:1`);
      for (const frame of [0, 5, VIDEO_FRAMES - 1]) {
        for (const x of [8, 100, 250]) {
          const at = frame * frameBytes + (70 * VIDEO_WIDTH + x) * 3;
          const pixel = [rgb[at]!, rgb[at + 1]!, rgb[at + 2]!];
          assert.ok(near(pixel, inBar(x, frame) ? bar : background), `frame ${frame} x ${x}: ${pixel}`);
        }
      }
    });
  });

  test('video input is checked like the proxy does; batch 4 gives four videos with video upscale buttons', () =>
    withSim({}, async (sim) => {
      const parent = await upscaled(sim);
      const refusals: Array<[unknown, RegExp]> = [
        [{ taskId: parent.id, motion: 'fast' }, /motion/],
        [{ taskId: parent.id, index: 4 }, /index/],
        [{ taskId: parent.id, batchSize: 3 }, /batchSize/],
        [{ prompt: 'no picture' }, /image or taskId/],
        [{ image: '/home/me/a.png' }, /image must be/],
        [{ action: 'extend', taskId: parent.id }, /video task/],
        [{ action: 'loop', taskId: parent.id }, /action/],
        [{ taskId: '1234' }, /task_not_found/],
      ];
      for (const [body, pattern] of refusals) {
        const answer = await call(sim, 'POST', '/mj/submit/video', body);
        assert.equal(answer.status, 400, JSON.stringify(body));
        assert.equal(answer.json.code, 4);
        assert.match(answer.json.description, pattern);
      }
      const batch = await finished(sim, await submit(sim, '/mj/submit/video', { taskId: parent.id, batchSize: 4, motion: 'low' }));
      assert.equal(batch.videoUrls.length, 4);
      assert.deepEqual(batch.buttons.map((b) => b.label), ['U1', 'U2', 'U3', 'U4']);
      assert.ok(batch.buttons.every((b) => b.customId.includes('video_virtual_upscale')));
      // extend: the video route with action "extend" and the video task's id.
      const single = await finished(sim, await submit(sim, '/mj/submit/video', { taskId: parent.id }));
      const extended = await finished(sim, await submit(sim, '/mj/submit/video', { action: 'extend', taskId: single.id, index: 0, motion: 'high' }));
      assert.equal(extended.action, 'VIDEO');
      assert.equal(sim.getTask(extended.id)!.parentId, single.id);
    }));

  test('new-api answers unknown_action for animate / extend / video upscale buttons; the bare proxy runs them', async () => {
    await withSim({ videoButtons: true }, async (sim) => {
      const up = await upscaled(sim);
      const labels = up.buttons.map((b) => b.label);
      assert.ok(labels.includes('Animate (High motion)') && labels.includes('Animate (Low motion)'));
      const answer = await press(sim, up, 'Animate (High motion)');
      assert.equal(answer.status, 400);
      assert.match(answer.json.error.message, /^Invalid request, unknown_action:MJ::JOB::animate_high::1::/);
      const bookmark = await call(sim, 'POST', '/mj/submit/action', { customId: 'MJ::BOOKMARK::abc', taskId: up.id });
      assert.match(bookmark.json.error.message, /unknown_action/);
    });
    await withSim({ videoButtons: true, quirks: 'plus' }, async (sim) => {
      const up = await upscaled(sim);
      const answer = await press(sim, up, 'Animate (Low motion)');
      assert.equal(answer.json.code, 1, answer.text);
      const video = await finished(sim, String(answer.json.result));
      assert.equal(video.action, 'VIDEO');
      assert.equal(sim.getTask(video.id)!.motion, 'low');
      assert.equal(video.thumbnailUrl, video.imageUrl);
      const extend = await press(sim, video, 'Extend (High motion)');
      assert.equal(extend.json.code, 1);
    });
  });

  test('versions: v6 and v7 HD upscales; v8 has no Zoom, Pan or HD upscale buttons', async () => {
    const labelsFor = async (options: SimulatorOptions) => {
      let result: string[] = [];
      await withSim(options, async (sim) => { result = (await upscaled(sim)).buttons.map((b) => b.customId.split('::').slice(0, 3).join('::')); });
      return result;
    };
    const v6 = await labelsFor({});
    assert.ok(v6.includes('MJ::JOB::upsample_v6_2x_subtle') && v6.includes('MJ::Outpaint::50') && v6.includes('MJ::JOB::pan_left'));
    const v7 = await labelsFor({ version: 'v7' });
    assert.ok(v7.includes('MJ::JOB::upsample_v7_2x_creative') && !v7.some((id) => id.includes('v6')));
    const v8 = await labelsFor({ version: 'v8' });
    assert.deepEqual(v8, ['MJ::JOB::low_variation', 'MJ::JOB::high_variation', 'MJ::Inpaint::1']);
  });

  test('edits give an EDIT grid; retexture is 404 unless the gateway has it', async () => {
    await withSim({}, async (sim) => {
      const edit = await finished(sim, await submit(sim, '/mj/submit/edits', { prompt: 'add a hat', image: pngDataUrl(16, 16) }));
      assert.equal(edit.action, 'EDIT');
      assert.equal(edit.buttons.length, 9);
      assert.equal(decodePng((await call(sim, 'GET', `/mj/image/${edit.id}`)).bytes).width, 512);
      assert.match((await call(sim, 'POST', '/mj/submit/edits', { prompt: 'x' })).json.description, /image is required/);
      assert.match((await call(sim, 'POST', '/mj/submit/edits', { image: pngDataUrl(4, 4) })).json.description, /prompt_is_required/);
      const missing = await call(sim, 'POST', '/mj/submit/retexture', { prompt: 'x', image: pngDataUrl(4, 4) });
      assert.equal(missing.status, 404);
      assert.match(missing.json.error.message, /Invalid URL/);
    });
    await withSim({ retexture: true }, async (sim) => {
      const task = await finished(sim, await submit(sim, '/mj/submit/retexture', { prompt: 'marble', image: pngDataUrl(4, 4) }));
      assert.equal(task.action, 'RETEXTURE');
    });
  });

  test('upload-discord-images returns one URL per image, and serves the same bytes there without a key', () =>
    withSim({}, async (sim) => {
      const a = pngDataUrl(3, 3);
      const b = pngDataUrl(5, 5);
      const answer = await call(sim, 'POST', '/mj/submit/upload-discord-images', { base64Array: [a, b] });
      assert.equal(answer.json.code, 1);
      assert.equal(answer.json.result.length, 2);
      const served = await call(sim, 'GET', new URL(answer.json.result[1]).pathname, undefined, { authorization: '' });
      assert.equal(served.headers.get('content-type'), 'image/png');
      assert.deepEqual(served.bytes, Buffer.from(b.split(',')[1]!, 'base64'));
      assert.equal((await call(sim, 'POST', '/mj/submit/upload-discord-images', { base64Array: ['nope'] })).json.code, 4);
      assert.equal((await call(sim, 'POST', '/mj/submit/upload-discord-images', {})).json.code, 4);
    }));

  suite('/v1/images/edits', () => {
    const W = 64;
    const H = 48;
    const image = () => encodePng(W, H, new Uint8Array(W * H * 3).fill(40));
    /** Transparent (to edit) in the left half. */
    const mask = (width = W, height = H) => encodePngRgba(width, height, (x) => [0, 0, 0, x < width / 2 ? 0 : 255]);
    const form = (fields: Record<string, string | Buffer>) => {
      const data = new FormData();
      for (const [name, value] of Object.entries(fields)) {
        if (typeof value === 'string') data.append(name, value);
        else data.append(name, new Blob([new Uint8Array(value)], { type: 'image/png' }), `${name}.png`);
      }
      return data;
    };

    test('a real multipart edit: the transparent part of the mask is painted, the rest kept', () =>
      withSim({}, async (sim) => {
        const answer = await call(sim, 'POST', '/v1/images/edits', form({ model: 'gpt-image-1', prompt: 'a hat', image: image(), mask: mask(), input_fidelity: 'high', quality: 'high' }));
        assert.equal(answer.status, 200, answer.text);
        const png = decodePng(Buffer.from(answer.json.data[0].b64_json, 'base64'));
        assert.deepEqual([png.width, png.height], [W, H]);
        assert.deepEqual(png.pixel(5, 5), [...generatedImageColor('a hat')]);
        assert.deepEqual(png.pixel(W - 5, 5), [40, 40, 40]);
        assert.ok(answer.json.usage.total_tokens > 0);
        const body = sim.requests.at(-1)!.headers['content-type'];
        assert.match(body!, /^multipart\/form-data; boundary=/);
      }));

    test('the mask must be a PNG with an alpha channel of the image\'s size; other refusals in OpenAI\'s shape', () =>
      withSim({}, async (sim) => {
        const cases: Array<[Record<string, string | Buffer>, string, RegExp]> = [
          [{ model: 'gpt-image-1', prompt: 'x', image: image(), mask: image() }, 'mask', /alpha channel/],
          [{ model: 'gpt-image-1', prompt: 'x', image: image(), mask: mask(32, 32) }, 'mask', /32x32 but the image is 64x48/],
          [{ model: 'gpt-image-1', prompt: 'x', image: image(), mask: Buffer.from('GIF89a') }, 'mask', /must be a PNG/],
          [{ model: 'gpt-image-1', prompt: 'x', image: image(), response_format: 'url' }, 'response_format', /Unknown parameter/],
          [{ model: 'gpt-image-1', prompt: 'x', image: image(), input_fidelity: 'max' }, 'input_fidelity', /Supported values/],
          [{ model: 'gpt-image-1', prompt: '', image: image() }, 'prompt', /required/],
          [{ model: 'gpt-image-1', prompt: 'x' }, 'image', /required/],
          [{ model: 'dall-e-3', prompt: 'x', image: image() }, 'model', /does not support/],
        ];
        for (const [fields, param, pattern] of cases) {
          const answer = await call(sim, 'POST', '/v1/images/edits', form(fields));
          assert.equal(answer.status, 400, `${param}: ${answer.text}`);
          assert.equal(answer.json.error.type, 'invalid_request_error');
          assert.equal(answer.json.error.param, param);
          assert.match(answer.json.error.message, pattern);
        }
        const garbage = await call(sim, 'POST', '/v1/images/edits', 'not a form', { 'content-type': 'multipart/form-data; boundary=zz' });
        assert.equal(garbage.status, 400);
      }));
  });

  test('speech takes instructions on gpt-4o-mini-tts and refuses them on tts-1', () =>
    withSim({}, async (sim) => {
      const ok = await call(sim, 'POST', '/v1/audio/speech', { model: 'gpt-4o-mini-tts', input: 'Hello.', voice: 'coral', instructions: 'Speak softly.', response_format: 'wav' });
      assert.equal(ok.status, 200);
      assert.equal(ok.headers.get('content-type'), 'audio/wav');
      const refused = await call(sim, 'POST', '/v1/audio/speech', { model: 'tts-1', input: 'Hello.', voice: 'alloy', instructions: 'Speak softly.' });
      assert.equal(refused.status, 400);
      assert.equal(refused.json.error.param, 'instructions');
    }));
});
