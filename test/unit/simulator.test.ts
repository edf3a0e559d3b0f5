// The AITRE gateway simulator, exercised over real HTTP with fetch. Each test starts its own simulator on port 0.
import assert from 'node:assert/strict';
import {
  DEFAULT_SIM_KEY,
  FAIL_REASON,
  decodePng,
  gridQuadrantColor,
  startSimulator,
  type Simulator,
  type SimulatorOptions,
  type TaskDto,
} from '../simulator';
import { encodePng } from '../simulator/png';

interface Answer {
  status: number;
  headers: Headers;
  text: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- loose on purpose: the assertions below check the shapes
  json: any;
}

async function withSim(options: SimulatorOptions, run: (sim: Simulator) => Promise<void>): Promise<void> {
  const sim = await startSimulator(options);
  try {
    await run(sim);
  } finally {
    await sim.close();
  }
}

async function call(sim: Simulator, method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Answer> {
  const response = await fetch(`${sim.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${sim.apiKey}`, 'content-type': 'application/json', ...headers },
    ...(body !== undefined && { body: typeof body === 'string' ? body : JSON.stringify(body) }),
  });
  const text = await response.text();
  let json: unknown = undefined;
  try {
    json = JSON.parse(text);
  } catch {
    // not JSON: tests look at `text`
  }
  return { status: response.status, headers: response.headers, text, json };
}

const post = (sim: Simulator, path: string, body: unknown) => call(sim, 'POST', path, body);
const fetchTask = async (sim: Simulator, id: string): Promise<TaskDto> => (await call(sim, 'GET', `/mj/task/${id}/fetch`)).json as TaskDto;

async function submit(sim: Simulator, path: string, body: unknown): Promise<string> {
  const answer = await post(sim, path, body);
  assert.equal(answer.status, 200, answer.text);
  assert.ok([1, 21, 22].includes(answer.json.code), answer.text);
  return String(answer.json.result);
}

/** Submits and jumps the task to its end. */
async function finished(sim: Simulator, id: string): Promise<TaskDto> {
  sim.finishTask(id);
  return fetchTask(sim, id);
}

async function imagined(sim: Simulator, prompt = 'a red fox in snow'): Promise<TaskDto> {
  return finished(sim, await submit(sim, '/mj/submit/imagine', { botType: 'MID_JOURNEY', prompt }));
}

async function press(sim: Simulator, task: TaskDto, label: string): Promise<Answer> {
  const button = task.buttons.find((b) => b.label === label || b.emoji === label);
  assert.ok(button, `no button ${label} on ${task.action}`);
  return post(sim, '/mj/submit/action', { customId: button.customId, taskId: task.id });
}

async function pollUntil(sim: Simulator, id: string, done: (task: TaskDto) => boolean, timeoutMs = 15_000): Promise<TaskDto[]> {
  const seen: TaskDto[] = [];
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const task = await fetchTask(sim, id);
    seen.push(task);
    if (done(task)) return seen;
    if (Date.now() > deadline) assert.fail(`task ${id} stuck at ${task.status}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** A clock the test moves by hand: task phases then depend on steps, not on how fast the machine is. */
function steppedClock(): { clock: () => number; advance(ms: number): void } {
  let now = Date.now();
  return { clock: () => now, advance: (ms) => { now += ms; } };
}

/** Fetches the task after each step of `stepMs` on the test's clock until `done`; every phase is seen. */
async function stepUntil(sim: Simulator, time: { advance(ms: number): void }, id: string, done: (task: TaskDto) => boolean, stepMs = 10, maxSteps = 1000): Promise<TaskDto[]> {
  const seen: TaskDto[] = [];
  for (let step = 0; step < maxSteps; step++) {
    const task = await fetchTask(sim, id);
    seen.push(task);
    if (done(task)) return seen;
    time.advance(stepMs);
  }
  return assert.fail(`task ${id} stuck at ${seen.at(-1)?.status}`);
}

const pngDataUrl = (width: number, height: number): string =>
  `data:image/png;base64,${encodePng(width, height, new Uint8Array(width * height * 3).fill(255)).toString('base64')}`;

const mjError = (code: number, description: string) => ({ description: `${description} `, type: 'upstream_error', code });

suite('simulator', () => {
  suite('gateway basics', () => {
    test('rejects a missing or wrong key in the OpenAI shape without echoing it', () =>
      withSim({}, async (sim) => {
        for (const headers of [{ authorization: '' }, { authorization: 'Bearer sk-wrong-key-123' }]) {
          const answer = await call(sim, 'POST', '/mj/submit/imagine', { prompt: 'cat' }, headers);
          assert.equal(answer.status, 401);
          assert.equal(answer.json.error.type, 'new_api_error');
          assert.match(answer.json.error.message, /^Invalid token \(request id: \w+\)$/);
          assert.ok(!answer.text.includes('wrong-key') && !answer.text.includes(DEFAULT_SIM_KEY));
        }
        // new-api also takes the key without sk-, and mj-api-secret on MJ routes.
        assert.equal((await call(sim, 'GET', '/v1/models', undefined, { authorization: 'Bearer aitre-sim-0000' })).status, 200);
        const secret = await call(sim, 'POST', '/mj/submit/imagine', { prompt: 'cat' }, { authorization: '', 'mj-api-secret': DEFAULT_SIM_KEY });
        assert.equal(secret.status, 200);
      }));

    test('answers unknown routes 404 in the OpenAI shape and lists models', () =>
      withSim({}, async (sim) => {
        const unknown = await call(sim, 'POST', '/x?y=1');
        assert.equal(unknown.status, 404);
        assert.deepEqual(unknown.json, { error: { message: 'Invalid URL (POST /x)', type: 'invalid_request_error' } });
        const models = await call(sim, 'GET', '/v1/models');
        assert.equal(models.json.object, 'list');
        const ids = models.json.data.map((m: { id: string }) => m.id);
        for (const id of ['mj_imagine', 'gpt-4o-mini', 'dall-e-3', 'gpt-image-1', 'tts-1', 'whisper-1', 'text-embedding-3-small', 'gpt-3.5-turbo-instruct']) {
          assert.ok(ids.includes(id), id);
        }
      }));

    test('records every request with its mode prefix, lower-cased headers and parsed body', () =>
      withSim({}, async (sim) => {
        await call(sim, 'POST', '/mj-relax/mj/submit/imagine?x=1', { prompt: 'cat' }, { 'X-Trace': 'abc' });
        await call(sim, 'GET', '/__sim/requests'); // control routes are not recorded
        assert.equal(sim.requests.length, 1);
        const [recorded] = sim.requests;
        assert.ok(recorded);
        assert.equal(recorded.path, '/mj-relax/mj/submit/imagine?x=1');
        assert.equal(recorded.route, 'POST /mj/submit/imagine');
        assert.equal(recorded.mode, 'mj-relax');
        assert.equal(recorded.headers['x-trace'], 'abc');
        assert.deepEqual(recorded.body, { prompt: 'cat' });
        sim.clearRequests();
        assert.equal(sim.requests.length, 0);
      }));
  });

  suite('imagine', () => {
    test('runs "" → SUBMITTED → IN_PROGRESS (preview) → SUCCESS with the grid buttons; result is a bare number', () => {
      const time = steppedClock();
      return withSim({ clock: time.clock, speed: { syncDelayMs: 60, submittedMs: 60, runMs: 150, progressSteps: 3 } }, async (sim) => {
        const answer = await post(sim, '/mj/submit/imagine', { botType: 'MID_JOURNEY', prompt: 'a lighthouse --ar 1:1' });
        assert.match(answer.text, /^\{"code":1,"description":"Submit success","result":\d{16,17},"properties":\{\}\}$/);
        const id = String(answer.json.result);
        const seen = await stepUntil(sim, time, id, (t) => t.status === 'SUCCESS');
        const statuses = seen.map((t) => t.status).filter((s, i, all) => s !== all[i - 1]);
        assert.deepEqual(statuses, ['', 'SUBMITTED', 'IN_PROGRESS', 'SUCCESS']);

        const running = seen.filter((t) => t.status === 'IN_PROGRESS');
        for (const t of running) assert.match(t.imageUrl, new RegExp(`^${sim.url}/mj/image/${id}\\?rand=\\d+$`));
        const percents = running.map((t) => Number.parseInt(t.progress, 10));
        assert.deepEqual(percents, [...percents].sort((a, b) => a - b));
        assert.equal(seen.find((t) => t.status === 'SUBMITTED')?.progress, '0%');

        const done = seen.at(-1) as TaskDto;
        assert.equal(done.progress, '100%');
        assert.equal(done.imageUrl, `${sim.url}/mj/image/${id}`);
        assert.equal(done.action, 'IMAGINE');
        assert.equal(done.prompt, 'a lighthouse --ar 1:1');
        assert.equal(done.description, 'Submit success');
        assert.deepEqual(done.properties, { finalPrompt: 'a lighthouse --ar 1:1', finalZhPrompt: '' });
        assert.ok(done.submitTime <= done.startTime && done.startTime <= done.finishTime);
        assert.deepEqual(done.buttons.map((b) => b.label || b.emoji), ['U1', 'U2', 'U3', 'U4', '🔄', 'V1', 'V2', 'V3', 'V4']);
        const hash = sim.getTask(id)?.hash;
        assert.deepEqual(done.buttons[0], { customId: `MJ::JOB::upsample::1::${hash}`, emoji: '', label: 'U1', style: 2, type: 2 });
        assert.equal(done.buttons[4]?.customId, `MJ::JOB::reroll::0::${hash}::SOLO`);
      });
    });

    test('serves a real PNG grid whose quadrants have the documented colours, and a darker preview', () =>
      withSim({}, async (sim) => {
        const grid = await imagined(sim);
        const response = await fetch(grid.imageUrl); // no auth on the image route
        assert.equal(response.headers.get('content-type'), 'image/png');
        const bytes = Buffer.from(await response.arrayBuffer());
        assert.deepEqual([...bytes.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
        assert.equal(bytes.toString('latin1', 12, 16), 'IHDR');
        assert.deepEqual([bytes.readUInt32BE(16), bytes.readUInt32BE(20)], [512, 512]);
        const png = decodePng(bytes);
        const centres = [[128, 128], [384, 128], [128, 384], [384, 384]] as const;
        centres.forEach(([x, y], i) => assert.deepEqual(png.pixel(x, y), [...gridQuadrantColor(grid.id, i + 1)]));

        const stalled = await submit(sim, '/mj/submit/imagine', { prompt: 'cat --sim-stall' });
        const [running] = (await pollUntil(sim, stalled, (t) => t.status === 'IN_PROGRESS')).slice(-1);
        assert.equal(running?.progress, '46%');
        const preview = decodePng(Buffer.from(await (await fetch(running?.imageUrl ?? '')).arrayBuffer()));
        const sum = (rgb: readonly number[]) => rgb.reduce((a, b) => a + b, 0);
        assert.ok(sum(preview.pixel(128, 128)) < sum(gridQuadrantColor(stalled, 1)));

        const missing = await fetch(`${sim.url}/mj/image/123`);
        assert.equal(missing.status, 400);
        assert.deepEqual(await missing.json(), { error: 'midjourney_task_not_found' });
      }));

    test('draws grids and upscales with the prompt\'s --ar: 16:9 is 512x288, 2:3 is 342x512, quadrant centres exact', () =>
      withSim({}, async (sim) => {
        const picture = async (task: TaskDto) => decodePng(Buffer.from(await (await fetch(task.imageUrl)).arrayBuffer()));
        const wide = await imagined(sim, 'a harbour at dusk --ar 16:9 --v 7');
        const png = await picture(wide);
        assert.deepEqual([png.width, png.height], [512, 288]);
        const centres = [[128, 72], [384, 72], [128, 216], [384, 216]] as const;
        centres.forEach(([x, y], i) => assert.deepEqual(png.pixel(x, y), [...gridQuadrantColor(wide.id, i + 1)]));
        const upscale = await finished(sim, String((await press(sim, wide, 'U3')).json.result));
        const single = await picture(upscale);
        assert.deepEqual([single.width, single.height], [512, 288]);
        assert.deepEqual(single.pixel(256, 144), [...gridQuadrantColor(wide.id, 3)]);
        const tall = await picture(await imagined(sim, 'a tower --ar 2:3'));
        assert.deepEqual([tall.width, tall.height], [342, 512]);
        // No --ar, 1:1, or a ratio MidJourney would refuse: square, as before.
        for (const prompt of ['a fox', 'a fox --ar 1:1', 'a fox --ar 9:1']) {
          const square = await picture(await imagined(sim, prompt));
          assert.deepEqual([square.width, square.height], [512, 512], prompt);
        }
      }));

    test('validates prompts and plays the prompt scenarios', () =>
      withSim({}, async (sim) => {
        assert.deepEqual((await post(sim, '/mj/submit/imagine', { prompt: '  ' })).json, mjError(4, 'prompt_is_required'));
        const broken = await post(sim, '/mj/submit/imagine', '{"prompt":');
        assert.equal(broken.status, 400);

        const banned = await post(sim, '/mj/submit/imagine', { prompt: 'a bloodbath' });
        assert.equal(banned.status, 200);
        assert.deepEqual(banned.json, { code: 24, description: '可能包含敏感词', properties: { promptEn: 'a bloodbath', bannedWord: 'bloodbath' } });

        const queued = await post(sim, '/mj/submit/imagine', { prompt: 'cat --sim-queue' });
        assert.equal(queued.json.code, 1); // new-api rewrites 22 → 1
        assert.equal(queued.json.properties.numberOfQueues, 3);

        const full = await post(sim, '/mj/submit/imagine', { prompt: 'cat --sim-queue-full' });
        assert.deepEqual([full.status, full.json.code, full.json.description], [200, 23, '队列已满，请稍后尝试']);

        for (const [code, status] of [[3, 200], [9, 200], [4, 400], [5, 400]] as const) {
          const answer = await post(sim, '/mj/submit/imagine', { prompt: `cat --sim-code=${code}` });
          assert.deepEqual([answer.status, answer.json.code], [status, code]);
          if (status === 400) assert.equal(answer.json.type, 'upstream_error');
        }

        const limited = await post(sim, '/mj/submit/imagine', { prompt: 'cat --sim-ratelimit' });
        assert.equal(limited.status, 429);
        assert.deepEqual(limited.json, mjError(30, '请求过于频繁'));

        const failing = await submit(sim, '/mj/submit/imagine', { prompt: 'cat --sim-fail' });
        const failed = (await pollUntil(sim, failing, (t) => t.status === 'FAILURE')).at(-1);
        assert.deepEqual([failed?.failReason, failed?.progress, failed?.promptEn], [FAIL_REASON, '100%', 'cat']);
      }));

    test('plus quirks: NOT_START, code 22 kept, empty progress on failure', () =>
      // A frozen clock: the task stays before its first sync however slow the machine is.
      withSim({ clock: steppedClock().clock, quirks: 'plus', speed: { syncDelayMs: 200, submittedMs: 0, runMs: 0, progressSteps: 1 } }, async (sim) => {
        const queued = await post(sim, '/mj/submit/imagine', { prompt: 'cat --sim-queue' });
        assert.equal(queued.json.code, 22);
        const task = await fetchTask(sim, String(queued.json.result));
        assert.deepEqual([task.status, task.botType, task.description], ['NOT_START', 'MID_JOURNEY', '/imagine cat']);
        const failing = await submit(sim, '/mj/submit/imagine', { prompt: 'cat --sim-fail' });
        const failed = await finished(sim, failing);
        assert.deepEqual([failed.status, failed.progress], ['FAILURE', '']);
      }));
  });

  suite('actions', () => {
    test('U2 gives an upscale of quadrant 2 with the upscale button set', () =>
      withSim({}, async (sim) => {
        const grid = await imagined(sim);
        const answer = await press(sim, grid, 'U2');
        assert.match(answer.text, /"result":"\d{16,17}"/); // a string everywhere but imagine
        const upscale = await finished(sim, String(answer.json.result));
        assert.equal(upscale.action, 'UPSCALE');
        assert.equal(upscale.prompt, ''); // new-api shows the request prompt; an action has none
        assert.equal(upscale.promptEn, grid.promptEn);
        const hash = sim.getTask(upscale.id)?.hash;
        assert.deepEqual(upscale.buttons.map((b) => b.label || b.emoji), [
          'Upscale (Subtle)', 'Upscale (Creative)', 'Vary (Subtle)', 'Vary (Strong)', 'Vary (Region)',
          'Zoom Out 2x', 'Zoom Out 1.5x', 'Custom Zoom', '⬅️', '➡️', '⬆️', '⬇️',
        ]);
        assert.deepEqual(upscale.buttons.map((b) => b.customId).slice(4, 8), [
          `MJ::Inpaint::1::${hash}::SOLO`, `MJ::Outpaint::50::1::${hash}::SOLO`, `MJ::Outpaint::75::1::${hash}::SOLO`, `MJ::CustomZoom::${hash}`,
        ]);
        const png = decodePng(Buffer.from(await (await fetch(upscale.imageUrl)).arrayBuffer()));
        assert.deepEqual(png.pixel(256, 256), [...gridQuadrantColor(grid.id, 2)]);

        const zoomed = await finished(sim, String((await press(sim, upscale, 'Zoom Out 2x')).json.result));
        assert.equal(zoomed.action, 'ZOOM');
        assert.equal(zoomed.buttons.length, 9); // zoom gives a new grid
        const subtle = await finished(sim, String((await press(sim, upscale, 'Upscale (Subtle)')).json.result));
        assert.deepEqual([subtle.action, subtle.buttons.length], ['UPSCALE', 12]);
        const pan = await finished(sim, String((await press(sim, upscale, '⬅️')).json.result));
        assert.equal(pan.action, 'PAN');
      }));

    test('rejects bad actions with new-api descriptions', () =>
      withSim({ speed: 'demo' }, async (sim) => {
        const running = await submit(sim, '/mj/submit/imagine', { prompt: 'cat' });
        const hash = sim.getTask(running)?.hash;
        const custom = `MJ::JOB::upsample::1::${hash}`;
        assert.deepEqual((await post(sim, '/mj/submit/action', { customId: custom, taskId: running })).json, mjError(4, 'task_status_not_success'));
        assert.deepEqual((await post(sim, '/mj/submit/action', { customId: custom, taskId: '42' })).json, mjError(4, 'task_not_found'));
        assert.deepEqual((await post(sim, '/mj/submit/action', { taskId: running })).json, mjError(4, 'custom_id_is_required'));
        sim.finishTask(running);
        const foreign = await post(sim, '/mj/submit/action', { customId: 'MJ::JOB::upsample::1::other-hash', taskId: running });
        assert.deepEqual([foreign.status, foreign.json.code], [400, 4]);
        const garbage = await post(sim, '/mj/submit/action', { customId: 'nonsense', taskId: running });
        assert.deepEqual(garbage.json, { error: { message: 'Invalid request, unknown_action:nonsense', type: 'new_api_error' } });
      }));

    test('Custom Zoom answers 21, waits in MODAL and runs after the modal', () =>
      withSim({}, async (sim) => {
        const upscale = await finished(sim, String((await press(sim, await imagined(sim), 'U1')).json.result));
        const answer = await press(sim, upscale, 'Custom Zoom');
        assert.equal(answer.json.code, 21); // not rewritten for CUSTOM_ZOOM
        assert.equal(answer.json.description, 'Waiting for window confirm');
        assert.deepEqual(answer.json.properties, { finalPrompt: upscale.promptEn, remix: true });
        const id = String(answer.json.result);
        const waiting = (await pollUntil(sim, id, (t) => t.status === 'MODAL')).at(-1);
        assert.equal(waiting?.action, 'CUSTOM_ZOOM');
        const noZoom = await post(sim, '/mj/submit/modal', { taskId: id, prompt: 'cat --ar 1:1' });
        assert.deepEqual([noZoom.status, noZoom.json.code], [400, 4]);
        const ok = await post(sim, '/mj/submit/modal', { taskId: id, prompt: 'cat --ar 1:1 --zoom 1.5', maskBase64: '' });
        assert.deepEqual(ok.json, { code: 1, description: 'Submit success', result: id, properties: {} });
        const done = (await pollUntil(sim, id, (t) => t.status === 'SUCCESS')).at(-1);
        assert.equal(done?.promptEn, 'cat --ar 1:1 --zoom 1.5');
        assert.equal(done?.buttons.length, 9);
      }));

    test('Vary (Region) needs a PNG mask and stores it', () =>
      withSim({}, async (sim) => {
        const upscale = await finished(sim, String((await press(sim, await imagined(sim), 'U3')).json.result));
        const answer = await press(sim, upscale, 'Vary (Region)');
        assert.equal(answer.json.code, 21);
        const id = String(answer.json.result);
        const noMask = await post(sim, '/mj/submit/modal', { taskId: id, prompt: 'a hat' });
        assert.deepEqual([noMask.status, noMask.json.code], [400, 4]);
        const mask = pngDataUrl(4, 4);
        assert.equal((await post(sim, '/mj/submit/modal', { taskId: id, prompt: 'a hat', maskBase64: mask })).json.code, 1);
        assert.equal(sim.getTask(id)?.maskBase64, mask);
        assert.deepEqual(sim.requests.at(-1)?.body, { taskId: id, prompt: 'a hat', maskBase64: mask });
        assert.equal((await finished(sim, id)).action, 'INPAINT');
      }));

    test('remix sends variations through MODAL: code 1 on new-api, 21 on plus', async () => {
      for (const [quirks, code] of [['new-api', 1], ['plus', 21]] as const) {
        await withSim({ remix: true, quirks }, async (sim) => {
          const answer = await press(sim, await imagined(sim), 'V1');
          assert.equal(answer.json.code, code, quirks);
          const id = String(answer.json.result);
          await pollUntil(sim, id, (t) => t.status === 'MODAL');
          await submit(sim, '/mj/submit/modal', { taskId: id, prompt: 'a fox, remixed' });
          const done = await finished(sim, id);
          assert.deepEqual([done.status, done.action, done.promptEn], ['SUCCESS', 'VARIATION', 'a fox, remixed']);
        });
      }
    });

    test('image-seed answers for finished tasks only', () =>
      withSim({ speed: 'demo' }, async (sim) => {
        const id = await submit(sim, '/mj/submit/imagine', { prompt: 'cat' });
        assert.deepEqual((await call(sim, 'GET', `/mj/task/${id}/image-seed`)).json.code, 4);
        sim.finishTask(id);
        const seed = (await call(sim, 'GET', `/mj/task/${id}/image-seed`)).json;
        assert.equal(seed.code, 1);
        assert.equal(seed.description, 'Success');
        assert.match(seed.result, /^\d+$/);
      }));
  });

  suite('describe, shorten, blend, swap', () => {
    test('describe serves the upload back and offers four prompts that imagine through MODAL', () =>
      withSim({}, async (sim) => {
        const upload = pngDataUrl(8, 4);
        const done = await finished(sim, await submit(sim, '/mj/submit/describe', { botType: 'MID_JOURNEY', base64: upload }));
        assert.deepEqual([done.action, done.prompt], ['DESCRIBE', '']);
        const text = done.properties.finalPrompt;
        assert.equal(done.promptEn, text);
        assert.match(text, /^1️⃣ .+ --ar 2:1\n\n2️⃣ .+\n\n3️⃣ .+\n\n4️⃣ .+ --ar 2:1$/);
        assert.deepEqual(done.buttons.map((b) => b.customId), [
          'MJ::Job::PicReader::1', 'MJ::Job::PicReader::2', 'MJ::Job::PicReader::3', 'MJ::Job::PicReader::4', 'MJ::Picread::Retry',
        ]);
        const served = Buffer.from(await (await fetch(done.imageUrl)).arrayBuffer());
        assert.equal(served.toString('base64'), upload.split(',')[1]);

        const pick = await press(sim, done, '2️⃣');
        assert.equal(pick.json.code, 1); // 21 rewritten by new-api
        const id = String(pick.json.result);
        await pollUntil(sim, id, (t) => t.status === 'MODAL');
        await submit(sim, '/mj/submit/modal', { taskId: id });
        const imagine = await finished(sim, id);
        assert.equal(imagine.action, 'IMAGINE');
        assert.equal(`2️⃣ ${imagine.promptEn}`, text.split('\n\n')[1]);
      }));

    test('shorten analyses the prompt and its buttons can be rejected like stock new-api', () =>
      withSim({}, async (sim) => {
        const done = await finished(sim, await submit(sim, '/mj/submit/shorten', { prompt: 'a fluffy orange cat on a sunny windowsill --ar 3:2' }));
        assert.equal(done.action, 'SHORTEN');
        assert.equal(done.imageUrl, '');
        assert.match(done.properties.finalPrompt, /^## Important tokens\n.*fluffy \(\d\.\d\d\).*\n\n## Shortened prompts\n1️⃣ .+ --ar 3:2\n\n2️⃣ .+\n\n3️⃣ .+\n\n4️⃣ .+\n\n5️⃣ .+$/s);
        assert.deepEqual(done.buttons.map((b) => b.emoji || b.label), ['1️⃣', '2️⃣', '3️⃣', '4️⃣', '5️⃣', 'Show Details']);
        assert.equal(done.buttons[0]?.customId, 'MJ::JOB::PromptAnalyzer::1');
        assert.equal((await press(sim, done, '1️⃣')).json.code, 1);

        sim.configure({ rejectJobButtons: true });
        const rejected = await press(sim, done, '1️⃣');
        assert.equal(rejected.status, 400);
        assert.deepEqual(rejected.json, { error: { message: 'Invalid request, unknown_action:MJ::JOB::PromptAnalyzer::1', type: 'new_api_error' } });
      }));

    test('blend validates 2..5 data-URLs and gives a grid; swap face gives a single image', () =>
      withSim({}, async (sim) => {
        const image = pngDataUrl(2, 2);
        const tooFew = await post(sim, '/mj/submit/blend', { base64Array: [image], dimensions: 'SQUARE' });
        assert.deepEqual([tooFew.status, tooFew.json.code, tooFew.json.type], [400, 4, 'upstream_error']);
        const notDataUrls = await post(sim, '/mj/submit/blend', { base64Array: ['abc', 'def'] });
        assert.equal(notDataUrls.json.code, 4);
        const blend = await finished(sim, await submit(sim, '/mj/submit/blend', { base64Array: [image, image], dimensions: 'PORTRAIT' }));
        assert.deepEqual([blend.action, blend.prompt, blend.buttons.length], ['BLEND', '', 9]);

        assert.equal((await post(sim, '/mj/insight-face/swap', { sourceBase64: image })).json.code, 4);
        const swap = await finished(sim, await submit(sim, '/mj/insight-face/swap', { sourceBase64: image, targetBase64: image }));
        assert.deepEqual([swap.action, swap.prompt, swap.status], ['SWAP_FACE', 'InsightFace', 'SUCCESS']);
        assert.equal(decodePng(Buffer.from(await (await fetch(swap.imageUrl)).arrayBuffer())).width, 512);
      }));
  });

  suite('task queries', () => {
    test('list-by-condition keeps request order and drops unknown ids; can be switched off', () =>
      withSim({}, async (sim) => {
        const a = await submit(sim, '/mj/submit/imagine', { prompt: 'a' });
        const b = await submit(sim, '/mj/submit/imagine', { prompt: 'b' });
        const list = await post(sim, '/mj/task/list-by-condition', { ids: [b, '404', a] });
        assert.deepEqual(list.json.map((t: TaskDto) => t.id), [b, a]);
        assert.deepEqual((await post(sim, '/mj/task/list-by-condition', { ids: ['1'] })).json, []);

        sim.configure({ listByCondition: false });
        const gone = await post(sim, '/mj-fast/mj/task/list-by-condition', { ids: [a] });
        assert.equal(gone.status, 404);
        assert.deepEqual(gone.json, { error: { message: 'Invalid URL (POST /mj-fast/mj/task/list-by-condition)', type: 'invalid_request_error' } });
      }));

    test('a restarted simulator continues in-flight tasks from the same state', async () => {
      const time = steppedClock();
      const first = await startSimulator({ clock: time.clock, speed: { syncDelayMs: 0, submittedMs: 0, runMs: 150, progressSteps: 3 } });
      const id = await submit(first, '/mj/submit/imagine', { prompt: 'cat' });
      time.advance(10);
      await first.close();
      await withSim({ state: first.state, port: first.port, clock: time.clock }, async (second) => {
        assert.equal(second.url, first.url);
        assert.equal((await fetchTask(second, id)).status, 'IN_PROGRESS');
        const done = (await stepUntil(second, time, id, (t) => t.status === 'SUCCESS')).at(-1);
        assert.equal(done?.buttons.length, 9);
        assert.notEqual(await submit(second, '/mj/submit/imagine', { prompt: 'dog' }), id);
      });
    });
  });

  suite('faults', () => {
    test('status, rate-limit, malformed JSON and HTML pages, counted by times', () =>
      withSim({}, async (sim) => {
        sim.addFault({ route: 'POST /mj/submit/imagine', fault: { kind: 'status', status: 503 }, times: 1 });
        const failed = await post(sim, '/mj/submit/imagine', { prompt: 'cat' });
        assert.equal(failed.status, 503);
        assert.equal(typeof failed.json.error.message, 'string');
        assert.equal((await post(sim, '/mj/submit/imagine', { prompt: 'cat' })).status, 200);

        sim.addFault({ route: 'GET /mj/task/{id}/fetch', fault: { kind: 'rate-limit', retryAfterSeconds: 7 }, times: 1 });
        const limited = await call(sim, 'GET', '/mj/task/1/fetch');
        assert.deepEqual([limited.status, limited.headers.get('retry-after'), limited.json.code], [429, '7', 30]);

        sim.addFault({ route: /fetch$/, fault: { kind: 'malformed-json' }, times: 1 });
        const malformed = await call(sim, 'GET', '/mj/task/1/fetch');
        assert.equal(malformed.status, 200);
        assert.throws(() => JSON.parse(malformed.text));

        sim.addFault({ fault: { kind: 'html' } });
        const html = await call(sim, 'GET', '/v1/models');
        assert.equal(html.status, 502);
        assert.match(html.headers.get('content-type') ?? '', /text\/html/);
        assert.match(html.text, /<center>nginx<\/center>/);
        sim.clearFaults();
        assert.equal((await call(sim, 'GET', '/v1/models')).status, 200);
        assert.ok(sim.requests.some((r) => r.route === 'GET /mj/task/1/fetch')); // faulted requests are recorded too
      }));

    test('hang never answers (until close) and reset drops the connection', async () => {
      const sim = await startSimulator();
      sim.addFault({ route: 'GET /v1/models', fault: { kind: 'hang' } });
      await assert.rejects(fetch(`${sim.url}/v1/models`, { signal: AbortSignal.timeout(100) }), { name: 'TimeoutError' });
      const pending = fetch(`${sim.url}/v1/models`).catch((error: unknown) => error);
      // The second request is hanging once the simulator has recorded it.
      for (let polls = 0; sim.requests.filter((r) => r.route === 'GET /v1/models').length < 2; polls++) {
        if (polls > 2000) assert.fail('the hanging request never reached the simulator');
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
      sim.clearFaults();
      sim.addFault({ route: 'POST /mj/submit/imagine', fault: { kind: 'reset' } });
      await assert.rejects(post(sim, '/mj/submit/imagine', { prompt: 'cat' }), TypeError);
      await sim.close(); // also ends the hung request
      assert.ok((await pending) instanceof Error);
    });

    test('control routes drive a simulator over HTTP', () =>
      withSim({ speed: 'demo' }, async (sim) => {
        const control = (method: string, path: string, body?: unknown) => call(sim, method, path, body, { authorization: '' });
        assert.equal((await control('POST', '/__sim/faults', { route: '/^GET \\/v1/', fault: { kind: 'status', status: 500 }, times: 1 })).status, 200);
        assert.equal((await call(sim, 'GET', '/v1/models')).status, 500);
        assert.equal((await control('POST', '/__sim/configure', { quirks: 'plus' })).status, 200);
        const id = await submit(sim, '/mj/submit/imagine', { prompt: 'cat' });
        assert.equal((await fetchTask(sim, id)).status, 'NOT_START');
        await control('POST', `/__sim/tasks/${id}/finish`, { fail: 'boom' });
        assert.deepEqual([(await fetchTask(sim, id)).status, (await fetchTask(sim, id)).failReason], ['FAILURE', 'boom']);
        const recorded = (await control('GET', '/__sim/requests')).json as Array<{ route: string }>;
        assert.ok(recorded.some((r) => r.route === `GET /mj/task/${id}/fetch`));
        assert.equal((await control('POST', '/__sim/tasks/0/finish')).status, 404);
      }));
  });
});
