// Where the key goes, enforced in the one gateway client against real HTTP: only under the
// configured root, only to the origin the user confirmed, never along a redirect to another host
// (and a redirect is reported as one, not as a rejected key).
import assert from 'node:assert/strict';
import { GatewayClient } from '../../src/core/gateway/client';
import { type GatewayError } from '../../src/core/gateway/errors';
import { isCleartext, isLoopbackHost, isUnderRoot } from '../../src/core/gateway/trust';
import { startRecorder, startSimulator, type Recorder, type Simulator } from '../simulator';
import { harness, rejects, type Harness } from './helpers';

const submits = (sim: Simulator) => sim.requests.filter((r) => r.route === 'POST /mj/submit/imagine');

suite('Gateway trust: where the key may go', () => {
  let h: Harness | undefined;
  let other: Recorder | undefined;
  let cdn: Simulator | undefined;
  teardown(async () => {
    await h?.sim.close();
    await other?.close();
    await cdn?.close();
    h = other = cdn = undefined;
  });

  test('loopback, clear text and "under the root" are decided on parsed URLs', () => {
    for (const host of ['localhost', '127.0.0.1', '127.8.9.10', '[::1]', 'gw.localhost', 'LOCALHOST.']) assert.ok(isLoopbackHost(host), host);
    for (const host of ['10.0.0.5', '127.0.0.1.example.com', 'localhost.example.com', '128.0.0.1', '127.0.0.256', 'example.com']) assert.ok(!isLoopbackHost(host), host);
    assert.ok(isCleartext('http://10.0.0.5:3000'));
    assert.ok(isCleartext('http://gw.example.com'));
    assert.ok(!isCleartext('http://127.0.0.1:3000'));
    assert.ok(!isCleartext('https://gw.example.com'));
    const root = 'https://gw.example.com/aitre';
    assert.ok(isUnderRoot('https://gw.example.com/aitre/mj/submit/imagine', root));
    assert.ok(isUnderRoot('https://gw.example.com/aitre', root));
    assert.ok(!isUnderRoot('https://gw.example.com/aitre-evil/mj', root));
    assert.ok(!isUnderRoot('https://gw.example.com/aitre/../other/v1/models', root));
    assert.ok(!isUnderRoot('https://gw.example.com/aitre/%2e%2e/other', root));
    assert.ok(!isUnderRoot('https://gw.example.com.evil.net/aitre/v1', root));
    assert.ok(!isUnderRoot('http://gw.example.com/aitre/v1', root));
    assert.ok(!isUnderRoot('https://user:pw@gw.example.com/aitre/v1', root));
    assert.ok(!isUnderRoot('not a url', root));
  });

  test('a key not confirmed for the gateway origin is not sent: nothing reaches the gateway', async () => {
    h = await harness();
    h.keyOrigin.value = undefined;
    const first = await rejects<GatewayError>(h.mj.imagine({ prompt: 'a fox' }));
    assert.equal(first.kind, 'untrusted-origin');
    assert.equal(first.origin, h.sim.url);
    assert.match(first.message, new RegExp(`confirm ${h.sim.url.replace(/[.]/g, '\\.')} is your gateway`));
    h.keyOrigin.value = 'https://api.example.com';
    const changed = await rejects<GatewayError>(h.mj.fetch('1712345678901234'));
    assert.equal(changed.kind, 'untrusted-origin');
    assert.match(changed.message, /changed from api\.example\.com to 127\.0\.0\.1:\d+/);
    assert.equal(h.sim.requests.length, 0, 'a request went out with an unconfirmed key');
    h.keyOrigin.value = h.sim.url;
    await h.mj.imagine({ prompt: 'a fox' });
    assert.equal(submits(h.sim).length, 1);
  });

  test('someone waiting is asked in place (the same request goes on); a poll nobody waits for is never asked', async () => {
    const asked: string[] = [];
    let answer = false;
    h = await harness({}, {
      confirmOrigin: async (origin) => {
        asked.push(origin);
        if (answer) h!.keyOrigin.value = origin; // the host stores the confirmation
        return answer;
      },
    });
    h.keyOrigin.value = 'https://old.example.com';
    const poll = await rejects<GatewayError>(h.mj.listByCondition(['1712345678901234'], { background: true }));
    assert.equal(poll.kind, 'untrusted-origin');
    assert.deepEqual(asked, [], 'a background poll asked the person');
    const declined = await rejects<GatewayError>(h.mj.imagine({ prompt: 'declined' }));
    assert.equal(declined.kind, 'cancelled');
    assert.match(declined.message, /Nothing was sent: .* is not confirmed as your AITRE gateway/);
    assert.equal(h.sim.requests.length, 0);
    answer = true;
    const outcome = await h.mj.imagine({ prompt: 'confirmed in place' });
    assert.ok(outcome.taskId);
    assert.deepEqual(asked, [h.sim.url, h.sim.url]);
    assert.deepEqual(submits(h.sim).map((r) => (r.body as { prompt: string }).prompt), ['confirmed in place']);
    await h.mj.fetch(outcome.taskId);
    assert.equal(asked.length, 2, 'asked again after the confirmation');
  });

  test('a URL outside the configured root never gets the key, whoever builds it', async () => {
    h = await harness();
    other = await startRecorder();
    const error = await rejects<GatewayError>(h.gateway.requestJson({ method: 'POST', url: `${other.url}/mj/submit/imagine`, kind: 'submit', label: 'imagine', json: { prompt: 'x' } }));
    assert.equal(error.kind, 'config');
    assert.match(error.message, /outside the configured gateway/);
    // A root with a path: the same host outside that path is outside too.
    const sim = h.sim;
    const rooted = new GatewayClient({ baseUrl: () => `${sim.url}/gw`, apiKey: () => sim.apiKey, keyOrigin: () => sim.url });
    const before = sim.requests.length;
    const outside = await rejects<GatewayError>(rooted.requestJson({ method: 'GET', url: `${sim.url}/v1/models`, kind: 'read', label: 'models' }));
    assert.equal(outside.kind, 'config');
    assert.equal(sim.requests.length, before);
    await rooted.requestJson({ method: 'POST', url: rooted.mjUrl('submit/imagine'), kind: 'submit', label: 'imagine', json: { prompt: 'inside' } });
    assert.equal(sim.requests.at(-1)!.path, '/gw/mj/submit/imagine');
    assert.deepEqual(other.hits, []);
  });

  test('a 307 to another host: not followed, the prompt stays here, and the user is told about the redirect (not the key)', async () => {
    h = await harness();
    other = await startRecorder();
    h.sim.addFault({ route: 'POST /mj/submit/imagine', fault: { kind: 'redirect', status: 307, location: `${other.url}/mj/submit/imagine` }, times: 1 });
    const error = await rejects<GatewayError>(h.mj.imagine({ prompt: 'a secret castle' }));
    assert.equal(error.kind, 'redirected');
    assert.notEqual(error.kind, 'auth');
    assert.match(error.message, new RegExp(`redirected imagine to another host, ${other.url.replace('http://', '').replace(/[.]/g, '\\.')}`));
    assert.match(error.message, /did not send your key or your request there/);
    assert.ok(!/API key \(401\)|rejected the API key/.test(error.message));
    assert.deepEqual(other.hits, [], 'the other host received the request');
    assert.equal(submits(h.sim).length, 1, 'exactly the one redirected submit');
  });

  test('a 302 from a poll to another host is not followed either', async () => {
    h = await harness({}, { readRetries: 0 });
    other = await startRecorder();
    h.sim.addFault({ route: 'POST /mj/task/list-by-condition', fault: { kind: 'redirect', status: 302, location: `${other.url}/login` } });
    const error = await rejects<GatewayError>(h.mj.listByCondition(['1712345678901234']));
    assert.equal(error.kind, 'redirected');
    assert.deepEqual(other.hits, []);
  });

  test('redirects inside the root are followed with the key when the request can be repeated as it was', async () => {
    h = await harness();
    h.sim.addFault({ route: 'GET /v1/models', fault: { kind: 'redirect', status: 301, location: `${h.sim.url}/v1/models?moved=1` }, times: 1 });
    const models = await h.gateway.requestJson({ method: 'GET', url: h.gateway.v1Url('models'), kind: 'read', label: 'models' });
    assert.equal(models.status, 200);
    const followed = h.sim.requests.filter((r) => r.route === 'GET /v1/models');
    assert.deepEqual(followed.map((r) => r.path), ['/v1/models', '/v1/models?moved=1']);
    assert.ok(followed.every((r) => r.headers.authorization === `Bearer ${h!.sim.apiKey}`));

    h.sim.addFault({ route: 'POST /mj/submit/imagine', fault: { kind: 'redirect', status: 307, location: `${h.sim.url}/mj/submit/imagine?again=1` }, times: 1 });
    await h.mj.imagine({ prompt: 'kept body' });
    assert.deepEqual(submits(h.sim).map((r) => (r.body as { prompt: string }).prompt), ['kept body', 'kept body']);

    // A 302 would turn the POST into a GET without its body: not followed.
    h.sim.addFault({ route: 'POST /mj/submit/imagine', fault: { kind: 'redirect', status: 302, location: `${h.sim.url}/mj/submit/imagine` }, times: 1 });
    const refused = await rejects<GatewayError>(h.mj.imagine({ prompt: 'no silent GET' }));
    assert.equal(refused.kind, 'redirected');
    assert.match(refused.message, /redirect \(HTTP 302\) AITRE does not follow/);
  });

  test('image downloads: the key only under the root and only when confirmed; a redirect to a CDN goes without it', async () => {
    h = await harness();
    cdn = await startSimulator({ speed: 'test', state: h.sim.state }); // another host serving the same images
    const { taskId } = await h.mj.imagine({ prompt: 'a lighthouse' });
    h.sim.finishTask(taskId);
    const direct = await h.gateway.fetchImage(`${h.sim.url}/mj/image/${taskId}`);
    assert.ok(direct.bytes.length > 0);
    assert.equal(h.sim.requests.at(-1)!.headers.authorization, `Bearer ${h.sim.apiKey}`);

    h.sim.addFault({ route: /^GET \/mj\/image\//, fault: { kind: 'redirect', status: 302, location: `${cdn.url}/mj/image/${taskId}` }, times: 1 });
    const moved = await h.gateway.fetchImage(`${h.sim.url}/mj/image/${taskId}`);
    assert.ok(moved.bytes.length > 0);
    assert.equal(cdn.requests.length, 1);
    assert.equal(cdn.requests[0]!.headers.authorization, undefined, 'the CDN got the key');

    h.keyOrigin.value = 'https://api.example.com';
    await h.gateway.fetchImage(`${h.sim.url}/mj/image/${taskId}`);
    assert.equal(h.sim.requests.at(-1)!.headers.authorization, undefined, 'an unconfirmed origin got the key with an image request');
  });
});
