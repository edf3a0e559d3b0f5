// Proxies: VS Code's rules as plain values, and the gateway client's fetch through a real local
// proxy (absolute-form http and CONNECT tunnels) to the simulator, reachable only by name through
// the proxy, over http and over https with a self-signed certificate.
import assert from 'node:assert/strict';
import { GatewayClient } from '../../src/core/gateway/client';
import type { GatewayError } from '../../src/core/gateway/errors';
import { displayProxy, proxyFor, type ProxySettings } from '../../src/core/gateway/proxy';
import { ProxyAwareFetch, type NetworkPolicy } from '../../src/core/gateway/proxyFetch';
import { MidjourneyClient } from '../../src/core/midjourney/client';
import { startSimulator, type Simulator } from '../simulator';
import { startProxy, startTlsFront, TEST_TLS_HOST, type TestProxy, type TlsFront } from '../simulator/proxy';
import { rejects, waitForTask } from './helpers';

const base = (over: Partial<ProxySettings> = {}): ProxySettings => ({ proxy: '', noProxy: [], strictSSL: true, support: 'override', env: {}, ...over });

suite('Proxy rules (as VS Code applies them)', () => {
  test('the http.proxy setting wins over the environment; loopback is always direct', () => {
    const settings = base({ proxy: 'http://proxy.corp:3128', env: { HTTPS_PROXY: 'http://env.corp:8080' } });
    assert.deepEqual(proxyFor('https://api.example.com/v1/models', settings), { kind: 'proxy', url: 'http://proxy.corp:3128', from: 'setting' });
    assert.deepEqual(proxyFor('http://127.0.0.1:8080/mj', settings), { kind: 'direct', why: 'loopback' });
    assert.deepEqual(proxyFor('http://localhost/mj', settings), { kind: 'direct', why: 'loopback' });
  });

  test('the environment: https_proxy, HTTPS_PROXY, http_proxy, HTTP_PROXY, one proxy for every scheme', () => {
    assert.deepEqual(proxyFor('https://a.example', base({ env: { HTTP_PROXY: 'http://p:1' } })), { kind: 'proxy', url: 'http://p:1', from: 'environment' });
    assert.deepEqual(proxyFor('http://a.example', base({ env: { https_proxy: 'http://s:2', HTTP_PROXY: 'http://p:1' } })), { kind: 'proxy', url: 'http://s:2', from: 'environment' });
    // A value without a scheme is ignored, as VS Code does.
    assert.deepEqual(proxyFor('http://a.example', base({ proxy: 'proxy.corp:3128' })), { kind: 'direct', why: 'no proxy configured' });
  });

  test('NO_PROXY and http.noProxy: names, subdomains, ports, "*"; the setting replaces the environment list', () => {
    const env = { HTTPS_PROXY: 'http://p:1', NO_PROXY: 'example.com, .internal:8443' };
    assert.equal(proxyFor('https://api.example.com', base({ env })).kind, 'direct');
    assert.equal(proxyFor('https://example.com', base({ env })).kind, 'direct');
    assert.equal(proxyFor('https://notexample.com', base({ env })).kind, 'proxy');
    assert.equal(proxyFor('https://gw.internal:8443', base({ env })).kind, 'direct');
    assert.equal(proxyFor('https://gw.internal', base({ env })).kind, 'proxy');
    assert.deepEqual(proxyFor('https://api.example.com', base({ env, noProxy: ['other.org'] })), { kind: 'proxy', url: 'http://p:1', from: 'environment' });
    assert.deepEqual(proxyFor('https://x.other.org', base({ env, noProxy: ['other.org'] })), { kind: 'direct', why: 'no-proxy setting' });
    assert.deepEqual(proxyFor('https://anything', base({ env: { ...env, no_proxy: '*' } })), { kind: 'direct', why: 'NO_PROXY' });
  });

  test('proxy support off sends everything directly; a SOCKS proxy is left to VS Code', () => {
    assert.deepEqual(proxyFor('https://a.example', base({ proxy: 'http://p:1', support: 'off' })), { kind: 'direct', why: 'proxy support off' });
    assert.equal(proxyFor('https://a.example', base({ proxy: 'socks5://p:1080' })).kind, 'unsupported');
  });

  test('a proxy password never shows in what is logged', () => {
    assert.equal(displayProxy('http://me:secret@proxy.corp:3128'), 'http://me:***@proxy.corp:3128');
  });
});

suite('Gateway requests through a local proxy', () => {
  let sim: Simulator;
  let proxy: TestProxy;
  let tls: TlsFront;
  let network: ProxyAwareFetch | undefined;
  const routedCalls: string[] = [];
  const logs: string[] = [];

  suiteSetup(async () => {
    sim = await startSimulator({ speed: 'test' });
    tls = await startTlsFront(sim.port);
    proxy = await startProxy({ 'plain.aitre.test': sim.port, [TEST_TLS_HOST]: tls.port });
  });
  suiteTeardown(async () => {
    await proxy?.close();
    await tls?.close();
    await sim?.close();
  });
  teardown(() => { network?.dispose(); network = undefined; proxy.reset(); routedCalls.splice(0); logs.splice(0); });

  function client(root: string, settings: Partial<ProxySettings>, hostRoutes = false) {
    const policy: NetworkPolicy = { settings: () => base(settings), hostRoutesFetch: () => hostRoutes, proxyAuthorization: () => undefined };
    const routed: typeof fetch = (input, init) => { routedCalls.push(String(input instanceof Request ? input.url : input)); return fetch(input, init); };
    network = new ProxyAwareFetch(policy, { routed, plain: fetch }, { debug() {}, info: (m) => logs.push(m), warn() {}, error() {} });
    const gateway = new GatewayClient({ baseUrl: () => root, apiKey: () => sim.apiKey, keyOrigin: () => new URL(root).origin, fetch: network.fetch, retryBaseDelayMs: 5 });
    return { gateway, mj: new MidjourneyClient(gateway, { mode: () => 'default', botType: () => 'MID_JOURNEY' }) };
  }

  test('plain http: absolute-form requests through http.proxy, task to SUCCESS, image download; the proxy can read the key', async () => {
    const root = `http://plain.aitre.test:${sim.port}`;
    const { gateway, mj } = client(root, { proxy: proxy.url });
    const outcome = await mj.imagine({ prompt: 'a fox behind a proxy' });
    const task = await waitForTask(mj, outcome.taskId);
    assert.equal(task.status, 'SUCCESS');
    const image = await gateway.fetchImage(`/mj/image/${task.id}`);
    assert.ok(image.bytes.length > 0);
    const targets = proxy.seen.map((r) => `${r.method} ${r.target}`);
    assert.ok(targets.includes(`POST ${root}/mj/submit/imagine`), JSON.stringify(targets));
    assert.ok(targets.includes(`GET ${root}/mj/image/${task.id}`), JSON.stringify(targets));
    // Over plain http a proxy reads every header, the key included (the README says so).
    assert.equal(proxy.seen.find((r) => r.target.endsWith('/mj/submit/imagine'))!.headers.authorization, `Bearer ${sim.apiKey}`);
    assert.deepEqual(routedCalls, []);
    assert.match(logs.join('\n'), /go through the proxy http:\/\/127\.0\.0\.1:\d+ \(from the http\.proxy setting\)/);
  });

  test('https through a CONNECT tunnel: the proxy sees the host name only, never the key; strictSSL off accepts the self-signed certificate', async () => {
    const root = `https://${TEST_TLS_HOST}:${tls.port}`;
    const { gateway, mj } = client(root, { env: { HTTPS_PROXY: proxy.url }, strictSSL: false }, true);
    const outcome = await mj.imagine({ prompt: 'a fox in a tunnel' });
    const task = await waitForTask(mj, outcome.taskId);
    assert.equal(task.status, 'SUCCESS');
    assert.ok((await gateway.fetchImage(`/mj/image/${task.id}`)).bytes.length > 0);
    assert.ok(proxy.seen.length > 0 && proxy.seen.every((r) => r.kind === 'connect' && r.target === `${TEST_TLS_HOST}:${tls.port}`), JSON.stringify(proxy.seen));
    const relayed = proxy.tunnelled();
    assert.ok(relayed.length > 0);
    assert.ok(!relayed.includes(sim.apiKey) && !relayed.includes('Bearer') && !relayed.includes('/mj/submit'), 'the tunnel carried readable request text');
    // VS Code's fetch never reads http.proxyStrictSSL, so AITRE's own agent carried these.
    assert.deepEqual(routedCalls, []);
    assert.match(logs.join('\n'), /without verifying certificates/);
  });

  test('https with http.proxyStrictSSL on: the self-signed certificate is refused, nothing is accepted', async () => {
    const { mj } = client(`https://${TEST_TLS_HOST}:${tls.port}`, { proxy: proxy.url, strictSSL: true });
    const before = sim.requests.length;
    const error = await rejects<GatewayError>(mj.imagine({ prompt: 'refused' }));
    assert.equal(error.kind, 'network');
    assert.equal(sim.requests.length, before);
  });

  test('where VS Code routes fetch itself (strict certificates), AITRE leaves the request to it', async () => {
    const { gateway } = client(`http://plain.aitre.test:${sim.port}`, { proxy: proxy.url }, true);
    await rejects(gateway.requestJson({ method: 'GET', url: gateway.v1Url('models'), kind: 'read', label: 'models' }));
    assert.ok(routedCalls.length > 0 && routedCalls.every((u) => u.startsWith('http://plain.aitre.test')));
    assert.deepEqual(proxy.seen, [], 'the plain global fetch here has no proxy: VS Code would have added it');
  });

  test('NO_PROXY: the gateway is asked directly, and the proxy sees nothing', async () => {
    const { gateway } = client(`http://plain.aitre.test:${sim.port}`, { env: { HTTP_PROXY: proxy.url, NO_PROXY: '.aitre.test' } });
    const error = await rejects<GatewayError>(gateway.requestJson({ method: 'GET', url: gateway.v1Url('models'), kind: 'read', label: 'models' }));
    // Only the proxy knows that name: asked directly, it is not found.
    assert.equal(error.kind, 'network');
    assert.match(error.message, /host not found/);
    assert.deepEqual(proxy.seen, []);
    assert.match(logs.join('\n'), /go directly \(NO_PROXY\)/);
  });
});
