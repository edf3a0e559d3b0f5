// Every MidJourney submit runs inside the host's in-flight wrapper (the progress notification),
// which learns what is sent and how many images go up, and ends when the gateway answered.
import assert from 'node:assert/strict';
import { MidjourneyClient, type SubmitInfo } from '../../src/core/midjourney/client';
import { harness, type Harness } from './helpers';

const PNG = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==';

suite('MidJourney submits in flight', () => {
  let h: Harness;
  teardown(async () => { await h?.sim.close(); });

  test('imagine, blend and describe each pass through the wrapper once, with their images counted', async () => {
    h = await harness();
    const seen: (SubmitInfo & { requestsBefore: number; requestsAfter: number })[] = [];
    const mj = new MidjourneyClient(h.gateway, {
      mode: () => 'default',
      botType: () => 'MID_JOURNEY',
      inFlight: async (info, work) => {
        const requestsBefore = h.sim.requests.length;
        const result = await work();
        seen.push({ ...info, requestsBefore, requestsAfter: h.sim.requests.length });
        return result;
      },
    });
    await mj.imagine({ prompt: 'a fox' });
    await mj.imagine({ prompt: 'a fox like these', base64Array: [PNG, PNG] });
    await mj.blend({ base64Array: [PNG, PNG, PNG] });
    await mj.describe({ base64: PNG });
    await mj.describe({ link: 'https://example.com/a.png' });
    assert.deepEqual(seen.map(({ label, images }) => [label, images]), [['imagine', 0], ['imagine', 2], ['blend', 3], ['describe', 1], ['describe', 0]]);
    // The request is sent inside the wrapper: one request each, made while it was open.
    assert.ok(seen.every((s) => s.requestsAfter === s.requestsBefore + 1));
  });

  test('a refused submit still closes the wrapper (the error passes through)', async () => {
    h = await harness();
    let open = 0;
    const mj = new MidjourneyClient(h.gateway, {
      mode: () => 'default', botType: () => 'MID_JOURNEY',
      inFlight: async (_info, work) => { open++; try { return await work(); } finally { open--; } },
    });
    await assert.rejects(mj.imagine({ prompt: 'a bloodbath' }), /Banned word/);
    assert.equal(open, 0);
  });
});
