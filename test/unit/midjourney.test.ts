// Every MidJourney call and submit code, against the simulator over real HTTP.
import assert from 'node:assert/strict';
import { GatewayError } from '../../src/core/gateway/errors';
import { splitNumberedPrompts } from '../../src/shared/task';
import { harness, rejects, waitForTask, type Harness } from './helpers';

const PNG_DATA_URL = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGP4z8AAAAMBAQDJ/pLvAAAAAElFTkSuQmCC';

suite('MidJourney calls', () => {
  let h: Harness;
  teardown(async () => { await h?.sim.close(); });

  test('imagine → fetch: id as a string, "" before sync, progress, preview, then 9 grid buttons', async () => {
    h = await harness({ speed: { syncDelayMs: 40, submittedMs: 80, runMs: 200, progressSteps: 4 } });
    const outcome = await h.mj.imagine({ prompt: 'a red fox --ar 3:2', botType: 'NIJI_JOURNEY' });
    assert.equal(typeof outcome.taskId, 'string');
    assert.match(outcome.taskId, /^\d{16,17}$/);
    assert.equal(h.sim.requests.at(-1)!.body && (h.sim.requests.at(-1)!.body as { botType: string }).botType, 'NIJI_JOURNEY');
    const first = await h.mj.fetch(outcome.taskId);
    assert.equal(first.status, '');
    const running = await waitForTask(h.mj, outcome.taskId, ['IN_PROGRESS']);
    assert.equal(running.status, 'IN_PROGRESS');
    assert.ok(running.progress > 0 && running.progress < 100);
    assert.match(running.imageUrl, /\/mj\/image\/\d+\?rand=/);
    const done = await waitForTask(h.mj, outcome.taskId);
    assert.equal(done.status, 'SUCCESS');
    assert.equal(done.progress, 100);
    assert.deepEqual(done.buttons.map((b) => b.label || b.emoji), ['U1', 'U2', 'U3', 'U4', '🔄', 'V1', 'V2', 'V3', 'V4']);
  });

  test('reference images go as base64Array data URLs; a non-data-URL is refused before sending', async () => {
    h = await harness();
    await h.mj.imagine({ prompt: 'a fox', base64Array: [PNG_DATA_URL] });
    assert.deepEqual((h.sim.requests.at(-1)!.body as { base64Array: string[] }).base64Array, [PNG_DATA_URL]);
    const before = h.sim.requests.length;
    const error = await rejects<GatewayError>(h.mj.imagine({ prompt: 'a fox', base64Array: ['/home/me/fox.png'] }));
    assert.equal(error.kind, 'validation');
    assert.equal(h.sim.requests.length, before);
  });

  test('empty and whitespace prompts are refused; nothing is sent', async () => {
    h = await harness();
    for (const prompt of ['', '   ', '\n\t']) {
      const error = await rejects<GatewayError>(h.mj.imagine({ prompt }));
      assert.equal(error.kind, 'validation');
    }
    assert.equal(h.sim.requests.length, 0);
  });

  test('action U1 on a grid gives an upscale with the upscaled-image buttons', async () => {
    h = await harness();
    const { taskId } = await h.mj.imagine({ prompt: 'a fox' });
    const grid = await waitForTask(h.mj, taskId);
    const u1 = grid.buttons.find((b) => b.label === 'U1')!;
    const child = await h.mj.action({ customId: u1.customId, taskId });
    assert.equal(child.needsModal, false);
    const upscale = await waitForTask(h.mj, child.taskId);
    assert.equal(upscale.action, 'UPSCALE');
    const labels = upscale.buttons.map((b) => b.label || b.emoji);
    for (const expected of ['Upscale (Subtle)', 'Upscale (Creative)', 'Vary (Subtle)', 'Vary (Strong)', 'Vary (Region)', 'Zoom Out 2x', 'Zoom Out 1.5x', 'Custom Zoom', '⬅️', '➡️', '⬆️', '⬇️']) {
      assert.ok(labels.includes(expected), `missing ${expected} in ${labels.join(', ')}`);
    }
  });

  test('an action on an unfinished parent is refused with a plain message', async () => {
    h = await harness({ speed: 'demo' });
    const { taskId } = await h.mj.imagine({ prompt: 'slow fox' });
    const error = await rejects<GatewayError>(h.mj.action({ customId: 'MJ::JOB::upsample::1::abc', taskId }));
    assert.match(error.message, /not finished yet|refused/);
    assert.ok(!error.message.includes('task_status_not_success'));
  });

  test('Custom Zoom: code 21 → MODAL → modal with --zoom → SUCCESS', async () => {
    h = await harness();
    const grid = await waitForTask(h.mj, (await h.mj.imagine({ prompt: 'a fox' })).taskId);
    const up = await waitForTask(h.mj, (await h.mj.action({ customId: grid.buttons.find((b) => b.label === 'U2')!.customId, taskId: grid.id })).taskId);
    const zoom = await h.mj.action({ customId: up.buttons.find((b) => b.label === 'Custom Zoom')!.customId, taskId: up.id });
    assert.equal(zoom.code, 21);
    assert.equal(zoom.needsModal, true);
    assert.equal((await waitForTask(h.mj, zoom.taskId, ['MODAL'])).status, 'MODAL');
    await h.mj.modal({ taskId: zoom.taskId, prompt: 'a fox --zoom 1.5' });
    const done = await waitForTask(h.mj, zoom.taskId);
    assert.equal(done.status, 'SUCCESS');
  });

  test('Vary (Region): modal carries the mask data URL', async () => {
    h = await harness();
    const grid = await waitForTask(h.mj, (await h.mj.imagine({ prompt: 'a fox' })).taskId);
    const up = await waitForTask(h.mj, (await h.mj.action({ customId: grid.buttons[0]!.customId, taskId: grid.id })).taskId);
    const region = await h.mj.action({ customId: up.buttons.find((b) => b.label === 'Vary (Region)')!.customId, taskId: up.id });
    assert.equal(region.needsModal, true);
    await h.mj.modal({ taskId: region.taskId, prompt: 'a fox wearing a hat', maskBase64: PNG_DATA_URL });
    assert.equal((h.sim.requests.at(-1)!.body as { maskBase64: string }).maskBase64, PNG_DATA_URL);
    assert.equal((await waitForTask(h.mj, region.taskId)).status, 'SUCCESS');
  });

  test('remix through new-api: code 1, but the first fetch says MODAL', async () => {
    h = await harness({ remix: true });
    const grid = await waitForTask(h.mj, (await h.mj.imagine({ prompt: 'a fox' })).taskId);
    const v1 = await h.mj.action({ customId: grid.buttons.find((b) => b.label === 'V1')!.customId, taskId: grid.id });
    assert.equal(v1.code, 1);
    assert.equal(v1.needsModal, false);
    assert.equal((await waitForTask(h.mj, v1.taskId, ['MODAL'])).status, 'MODAL');
    await h.mj.modal({ taskId: v1.taskId, prompt: 'a fox, watercolor' });
    assert.equal((await waitForTask(h.mj, v1.taskId)).status, 'SUCCESS');
  });

  test('remix on a plus gateway: code 21 says so directly', async () => {
    h = await harness({ remix: true, quirks: 'plus' });
    const grid = await waitForTask(h.mj, (await h.mj.imagine({ prompt: 'a fox' })).taskId);
    const v1 = await h.mj.action({ customId: grid.buttons.find((b) => b.label === 'V1')!.customId, taskId: grid.id });
    assert.equal(v1.code, 21);
    assert.equal(v1.needsModal, true);
  });

  test('code 22 queued (plus) shows the queue position; new-api rewrites it to 1', async () => {
    h = await harness({ quirks: 'plus' });
    const queued = await h.mj.imagine({ prompt: 'a fox --sim-queue' });
    assert.equal(queued.code, 22);
    assert.equal(queued.queuePosition, 3);
    await h.sim.close();
    h = await harness();
    const rewritten = await h.mj.imagine({ prompt: 'a fox --sim-queue' });
    assert.equal(rewritten.code, 1);
  });

  test('codes 23, 24, 3, 4, 5, 9, 30 are typed errors with plain messages', async () => {
    h = await harness();
    const cases: [string, string, RegExp][] = [
      ['a fox --sim-queue-full', 'queue-full', /queue is full/],
      ['a bloodbath fox', 'banned-word', /"bloodbath"/],
      ['a fox --sim-code=3', 'upstream', /could not find|account/],
      ['a fox --sim-code=4', 'validation', /balance is too low/],
      ['a fox --sim-code=5', 'upstream', /refused|failed/],
      ['a fox --sim-code=9', 'upstream', /failed to submit/],
      ['a fox --sim-ratelimit', 'rate-limited', /rate-limiting/],
    ];
    for (const [prompt, kind, pattern] of cases) {
      const error = await rejects<GatewayError>(h.mj.imagine({ prompt }));
      assert.ok(error instanceof GatewayError, prompt);
      assert.equal(error.kind, kind, `${prompt}: ${error.message}`);
      assert.match(error.message, pattern, prompt);
      assert.ok(!/[{}]/.test(error.message), `raw JSON in: ${error.message}`);
    }
    const banned = await rejects<GatewayError>(h.mj.imagine({ prompt: 'a bloodbath' }));
    assert.equal(banned.bannedWord, 'bloodbath');
  });

  test('a failed task: FAILURE with its reason (and progress "100%" on new-api)', async () => {
    h = await harness();
    const { taskId } = await h.mj.imagine({ prompt: 'a fox --sim-fail' });
    const task = await waitForTask(h.mj, taskId);
    assert.equal(task.status, 'FAILURE');
    assert.match(task.failReason, /Simulated failure/);
  });

  test('describe: four prompts from properties.finalPrompt, PicReader buttons', async () => {
    h = await harness();
    const { taskId } = await h.mj.describe({ base64: PNG_DATA_URL });
    const task = await waitForTask(h.mj, taskId);
    assert.equal(task.action, 'DESCRIBE');
    assert.equal(splitNumberedPrompts(task.finalPrompt).length, 4);
    assert.ok(task.buttons.some((b) => b.customId.includes('PicReader')));
    const noInput = await rejects<GatewayError>(h.mj.describe({}));
    assert.equal(noInput.kind, 'validation');
  });

  test('shorten: five shorter prompts', async () => {
    h = await harness();
    const task = await waitForTask(h.mj, (await h.mj.shorten({ prompt: 'a very detailed red fox sitting in fresh snow at golden hour' })).taskId);
    assert.equal(task.action, 'SHORTEN');
    assert.equal(splitNumberedPrompts(task.finalPrompt).length, 5);
  });

  test('blend: 2–5 images; outside that range refused before sending', async () => {
    h = await harness();
    for (const n of [0, 1, 6]) {
      const error = await rejects<GatewayError>(h.mj.blend({ base64Array: Array(n).fill(PNG_DATA_URL) }));
      assert.match(error.message, /2 to 5 images/);
    }
    assert.equal(h.sim.requests.length, 0);
    const { taskId } = await h.mj.blend({ base64Array: [PNG_DATA_URL, PNG_DATA_URL], dimensions: 'LANDSCAPE' });
    assert.equal((h.sim.requests.at(-1)!.body as { dimensions: string }).dimensions, 'LANDSCAPE');
    assert.equal((await waitForTask(h.mj, taskId)).action, 'BLEND');
  });

  test('list-by-condition: many ids in one request, unknown ids dropped', async () => {
    h = await harness();
    const a = (await h.mj.imagine({ prompt: 'a' })).taskId;
    const b = (await h.mj.imagine({ prompt: 'b' })).taskId;
    h.sim.clearRequests();
    const tasks = await h.mj.listByCondition([a, '999', b]);
    assert.deepEqual(tasks.map((t) => t.id), [a, b]);
    assert.equal(h.sim.requests.length, 1);
    assert.deepEqual(await h.mj.listByCondition([]), []);
  });

  test('a gateway without list-by-condition answers route-missing', async () => {
    h = await harness({ listByCondition: false });
    const error = await rejects<GatewayError>(h.mj.listByCondition(['1']));
    assert.equal(error.kind, 'route-missing');
  });

  test('fetch of an unknown id names the id; a malformed id is refused locally', async () => {
    h = await harness();
    const error = await rejects<GatewayError>(h.mj.fetch('1234567890123456'));
    assert.equal(error.kind, 'not-found');
    assert.match(error.message, /1234567890123456/);
    const bad = await rejects<GatewayError>(h.mj.fetch('../../etc/passwd'));
    assert.equal(bad.kind, 'validation');
  });

  test('image seed after success; before success a plain refusal', async () => {
    h = await harness({ speed: { syncDelayMs: 0, submittedMs: 100, runMs: 100, progressSteps: 2 } });
    const { taskId } = await h.mj.imagine({ prompt: 'a fox' });
    const early = await rejects<GatewayError>(h.mj.imageSeed(taskId));
    assert.ok(early instanceof GatewayError);
    await waitForTask(h.mj, taskId);
    assert.match(await h.mj.imageSeed(taskId), /^\d+$/);
  });

  test('face swap needs two images and gives a SWAP_FACE task', async () => {
    h = await harness();
    const { taskId } = await h.mj.swapFace({ sourceBase64: PNG_DATA_URL, targetBase64: PNG_DATA_URL });
    assert.equal((await waitForTask(h.mj, taskId)).action, 'SWAP_FACE');
    const error = await rejects<GatewayError>(h.mj.swapFace({ sourceBase64: '', targetBase64: PNG_DATA_URL }));
    assert.equal(error.kind, 'validation');
  });

  test('describe → imagine button rejected by new-api (unknown_action) is a typed error', async () => {
    h = await harness({ rejectJobButtons: true });
    const task = await waitForTask(h.mj, (await h.mj.describe({ base64: PNG_DATA_URL })).taskId);
    const pick = task.buttons.find((b) => b.customId.includes('PicReader::1'))!;
    const error = await rejects<GatewayError>(h.mj.action({ customId: pick.customId, taskId: task.id }));
    assert.equal(error.kind, 'unsupported-action');
    assert.ok(!error.message.includes('{'));
  });
});
