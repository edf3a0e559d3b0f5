// The gateway client against the simulator over real HTTP: URLs, auth, timeouts, retries, faults.
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { GatewayClient } from '../../src/core/gateway/client';
import type { GatewayError } from '../../src/core/gateway/errors';
import { harness, rejects, waitForTask, type Harness } from './helpers';

suite('Gateway client', () => {
  let h: Harness;
  teardown(async () => { await h?.sim.close(); });

  test('a base URL with a trailing slash and the Bearer key read at send time', async () => {
    h = await harness();
    await h.mj.imagine({ prompt: 'a red fox' });
    const request = h.sim.requests.at(-1)!;
    assert.equal(request.path, '/mj/submit/imagine');
    assert.equal(request.headers.authorization, `Bearer ${h.sim.apiKey}`);
    h.key.value = 'sk-another-key-123';
    const error = await rejects<GatewayError>(h.mj.imagine({ prompt: 'again' }));
    assert.equal(error.kind, 'auth');
    assert.equal(h.sim.requests.at(-1)!.headers.authorization, 'Bearer sk-another-key-123');
    assert.ok(!error.message.includes('sk-another-key-123') && !error.detail.includes('sk-another-key-123'));
  });

  test('no key: a clear error and nothing sent', async () => {
    h = await harness();
    h.key.value = undefined;
    const error = await rejects<GatewayError>(h.mj.imagine({ prompt: 'a fox' }));
    assert.equal(error.kind, 'no-key');
    assert.match(error.message, /Set API Key/);
    assert.equal(h.sim.requests.length, 0);
  });

  test('OpenAI routes under /v1, MidJourney under /mj with the mode prefix', async () => {
    h = await harness();
    assert.equal(h.gateway.v1Url('models'), `${h.sim.url}/v1/models`);
    assert.equal(h.gateway.mjUrl('submit/imagine'), `${h.sim.url}/mj/submit/imagine`);
    for (const [mode, prefix] of [['fast', 'mj-fast'], ['relax', 'mj-relax'], ['turbo', 'mj-turbo']] as const) {
      h.mode.value = mode;
      await h.mj.imagine({ prompt: `a ${mode} fox` });
      const request = h.sim.requests.at(-1)!;
      assert.equal(request.path, `/${prefix}/mj/submit/imagine`);
      assert.equal(request.mode, prefix);
    }
    // Fetch works on the plain route whatever the mode.
    const id = (await h.mj.imagine({ prompt: 'x' })).taskId;
    await h.mj.fetch(id);
    assert.equal(h.sim.requests.at(-1)!.path, `/mj/task/${id}/fetch`);
  });

  test('a malformed or /v1 base URL is a config error before any request', async () => {
    h = await harness();
    const bad = new GatewayClient({ baseUrl: () => `${h.sim.url}/v1`, apiKey: () => h.sim.apiKey, keyOrigin: () => h.sim.url });
    assert.throws(() => bad.mjUrl('x'), (e: GatewayError) => e.kind === 'config' && /\/v1/.test(e.message));
  });

  test('reads are retried through a burst of 5xx; submits are not (no double charge)', async () => {
    h = await harness();
    const { taskId } = await h.mj.imagine({ prompt: 'a fox' });
    h.sim.clearRequests();
    h.sim.addFault({ route: /task\/.*\/fetch/, fault: { kind: 'status', status: 502 }, times: 2 });
    const task = await h.mj.fetch(taskId);
    assert.equal(task.id, taskId);
    assert.equal(h.sim.requests.length, 3);

    h.sim.clearRequests();
    h.sim.addFault({ route: 'POST /mj/submit/imagine', fault: { kind: 'status', status: 500 }, times: 1 });
    const error = await rejects<GatewayError>(h.mj.imagine({ prompt: 'another fox' }));
    assert.equal(error.kind, 'server');
    assert.equal(error.mayHaveReachedGateway, true);
    assert.equal(h.sim.requests.length, 1);
  });

  test('429 with Retry-After: the wait is reported, and a read waits it out when short', async () => {
    h = await harness({}, { readRetries: 0 });
    h.sim.addFault({ route: /fetch/, fault: { kind: 'rate-limit', retryAfterSeconds: 7 }, times: 1 });
    const error = await rejects<GatewayError>(h.mj.fetch('123'));
    assert.equal(error.kind, 'rate-limited');
    assert.equal(error.retryAfterMs, 7000);
    assert.match(error.message, /Wait 7 s/);
    await h.sim.close();

    h = await harness({}, { readRetries: 1, maxInlineRetryAfterMs: 2000 });
    const { taskId } = await h.mj.imagine({ prompt: 'fox' });
    h.sim.clearRequests();
    h.sim.addFault({ route: /fetch/, fault: { kind: 'rate-limit', retryAfterSeconds: 0 }, times: 1 });
    assert.equal((await h.mj.fetch(taskId)).id, taskId);
    assert.equal(h.sim.requests.length, 2);
  });

  test('a hung request times out with a plain message; a submit says it may have been accepted', async () => {
    h = await harness({}, { timeouts: { read: 150, submit: 150 }, readRetries: 0 });
    h.sim.addFault({ fault: { kind: 'hang' } });
    const read = await rejects<GatewayError>(h.mj.fetch('1'));
    assert.equal(read.kind, 'timeout');
    const submit = await rejects<GatewayError>(h.mj.imagine({ prompt: 'fox' }));
    assert.equal(submit.kind, 'timeout');
    assert.equal(submit.mayHaveReachedGateway, true);
    assert.match(submit.message, /may still have been accepted/);
  });

  test('a reset connection, malformed JSON and an HTML page each give one plain message', async () => {
    h = await harness({}, { readRetries: 0 });
    const cases = [
      [{ kind: 'reset' }, 'network', /connection/i],
      [{ kind: 'malformed-json' }, 'bad-response', /cannot read|broken JSON/],
      [{ kind: 'html', status: 502 }, 'server', /error page \(HTTP 502\)/],
    ] as const;
    for (const [fault, kind, pattern] of cases) {
      h.sim.clearFaults();
      h.sim.addFault({ fault });
      const error = await rejects<GatewayError>(h.mj.fetch('1'));
      assert.equal(error.kind, kind, JSON.stringify(fault));
      assert.match(error.message, pattern);
      assert.ok(!/[{}<>]/.test(error.message), `raw body leaked: ${error.message}`);
    }
  });

  test('connection refused: nothing reached the gateway', async () => {
    const server = http.createServer();
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as AddressInfo).port;
    await new Promise((r) => server.close(r));
    h = await harness();
    const client = new GatewayClient({ baseUrl: () => `http://127.0.0.1:${port}`, apiKey: () => 'sk-test-123456', keyOrigin: () => `http://127.0.0.1:${port}`, readRetries: 0 });
    const error = await rejects<GatewayError>(client.requestJson({ method: 'POST', url: client.mjUrl('submit/imagine'), kind: 'submit', label: 'imagine', json: {} }));
    assert.equal(error.kind, 'network');
    assert.equal(error.mayHaveReachedGateway, false);
    assert.match(error.message, /connection refused/);
  });

  test('image downloads carry the key only to the gateway\'s own host', async () => {
    h = await harness();
    const { taskId } = await h.mj.imagine({ prompt: 'a fox' });
    assert.equal((await waitForTask(h.mj, taskId)).status, 'SUCCESS');
    const own = await h.gateway.fetchImage(`/mj/image/${taskId}`);
    assert.ok(own.bytes.length > 100);
    assert.equal(h.sim.requests.at(-1)!.headers.authorization, `Bearer ${h.sim.apiKey}`);
    const seen: (string | undefined)[] = [];
    const cdn = http.createServer((req, res) => { seen.push(req.headers.authorization); res.setHeader('Content-Type', 'image/png'); res.end(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])); });
    await new Promise<void>((r) => cdn.listen(0, '127.0.0.1', r));
    try {
      const other = await h.gateway.fetchImage(`http://127.0.0.1:${(cdn.address() as AddressInfo).port}/cdn/a.png`);
      assert.equal(other.bytes.length, 8);
      assert.deepEqual(seen, [undefined]);
    } finally {
      await new Promise((r) => cdn.close(r));
    }
    await assert.rejects(h.gateway.fetchImage('javascript:alert(1)'), (e: GatewayError) => e.kind === 'validation');
  });

  test('an OpenAI-shape error (unknown route) is mapped without raw JSON', async () => {
    h = await harness();
    const error = await rejects<GatewayError>(h.gateway.requestJson({ method: 'GET', url: h.gateway.v1Url('nope'), kind: 'read', label: 'nope' }));
    assert.equal(error.kind, 'route-missing');
    assert.ok(!error.message.includes('{'));
  });
});
