// Proxies inside the real extension host (VS Code 1.100 in code-server): the gateway is reachable
// only by name through a small local proxy started here, as behind a corporate proxy. The loop
// (Imagine → tracked to SUCCESS → image saved) runs through it over plain http (VS Code's own fetch
// support carries it) and over https through a CONNECT tunnel with http.proxyStrictSSL off (AITRE's
// agent carries it: VS Code's fetch never reads that setting); http.noProxy sends it past (NO_PROXY in the environment: the unit tests, as the host reads it at start).
import * as assert from 'assert';
import * as vscode from 'vscode';
import type { AitreApi } from '../../src/extension';
import type { TaskRecord } from '../../src/shared/task';
import { startSimulator, type Simulator } from '../simulator';
import { startProxy, startTlsFront, TEST_TLS_HOST, type ProxiedRequest, type TestProxy, type TlsFront } from '../simulator/proxy';
import { connect, disconnect, messagesFrom, until } from './helpers';

const PLAIN_HOST = 'plain.aitre.test';

suite('Proxies in the extension host', () => {
  let sim: Simulator;
  let tls: TlsFront;
  let proxy: TestProxy;
  let api: AitreApi;
  const http = () => vscode.workspace.getConfiguration('http');
  const aitre = () => vscode.workspace.getConfiguration('aitre');

  suiteSetup(async () => {
    sim = await startSimulator({ speed: { syncDelayMs: 50, submittedMs: 100, runMs: 300, progressSteps: 2 } });
    tls = await startTlsFront(sim.port);
    proxy = await startProxy({ [PLAIN_HOST]: sim.port, [TEST_TLS_HOST]: tls.port });
    api = await connect(sim);
  });

  suiteTeardown(async () => {
    for (const key of ['proxy', 'noProxy', 'proxyStrictSSL']) await http().update(key, undefined, vscode.ConfigurationTarget.Global);
    await disconnect(api);
    await proxy?.close();
    await tls?.close();
    await sim?.close();
  });

  /**
   * The gateway at `root` (a name only the proxy knows), reached through the proxy, with strict
   * certificates or not, and `noProxy`. Waits for the quota asked for the new gateway. Returns what
   * the proxy saw and relayed from then on (the quota's tunnel stays open and carries the test's
   * requests too).
   */
  async function through(root: string, strictSSL: boolean, noProxy?: string[]): Promise<{ seen: () => ProxiedRequest[]; relayed: () => Buffer }> {
    await api.setKey(sim.apiKey);
    sim.clearFaults();
    await http().update('proxy', proxy.url, vscode.ConfigurationTarget.Global);
    await http().update('proxyStrictSSL', strictSSL ? undefined : false, vscode.ConfigurationTarget.Global);
    await http().update('noProxy', noProxy, vscode.ConfigurationTarget.Global);
    sim.configure({ publicUrl: root }); // image links name the gateway as the client knows it
    const marks = { seen: proxy.seen.length, bytes: proxy.tunnelled().length };
    if (aitre().get('baseUrl') !== root) {
      // The key is confirmed for the new gateway once it is configured (as Set API Key does); the
      // quota is then asked there: wait for that answer (or its failure) after the confirmation.
      await aitre().update('baseUrl', root, vscode.ConfigurationTarget.Global);
      let askedAfterKey = false;
      const settled = new Promise<void>((resolve) => {
        const listener = api.onQuotaChange((state) => {
          if (state.loading) askedAfterKey = true;
          else if (askedAfterKey && (state.quota !== undefined || state.missing === 'unavailable')) { listener.dispose(); resolve(); }
        });
      });
      await api.setKey(sim.apiKey);
      await settled;
    }
    return { seen: () => proxy.seen.slice(marks.seen), relayed: () => proxy.tunnelled().subarray(marks.bytes) };
  }

  teardown(() => { sim.configure({ publicUrl: '' }); });

  /** Imagine, wait for SUCCESS, save the image: returns the task and the saved file. */
  async function loop(prompt: string): Promise<{ task: TaskRecord; file: vscode.Uri }> {
    const task = await vscode.commands.executeCommand<TaskRecord>('aitre.imagineFromSelection', prompt);
    assert.ok(task, 'Imagine returned no task');
    const done = await until(() => { const t = api.store.get(task.id); return t?.status === 'SUCCESS' ? t : undefined; }, 'the task to succeed');
    assert.match(done.imageUrl ?? '', new RegExp(`/mj/image/${done.id}`));
    const file = await vscode.commands.executeCommand<vscode.Uri>('aitre.saveImage', done.id);
    assert.ok(file, 'the image was not saved');
    assert.ok((await vscode.workspace.fs.stat(file)).size > 0);
    return { task: done, file };
  }

  test('VS Code 1.100 routes the extension host\'s global fetch itself (the experiment AITRE relies on)', () => {
    const patched = globalThis as { __vscodeOriginalFetch?: unknown; __vscodePatchedFetch?: unknown };
    assert.strictEqual(typeof patched.__vscodeOriginalFetch, 'function', 'the global fetch is not patched');
    assert.notStrictEqual(globalThis.fetch, patched.__vscodeOriginalFetch);
    assert.strictEqual(http().get('fetchAdditionalSupport'), true);
    assert.strictEqual(http().get('proxySupport'), 'override');
  });

  test('plain http: the loop runs through http.proxy (VS Code\'s fetch support), and the proxy saw every request', async () => {
    const root = `http://${PLAIN_HOST}:${sim.port}`;
    const at = await through(root, true);
    const { task, file } = await loop('a fox behind a corporate proxy');
    // VS Code's fetch tunnels plain http too; either way the proxy carried it, by name.
    assert.ok(at.seen().length > 0, 'the proxy saw nothing');
    assert.ok(at.seen().every((r) => r.target.includes(PLAIN_HOST)), JSON.stringify(at.seen().map((r) => r.target)));
    const relayed = Buffer.concat([at.relayed(), Buffer.from(at.seen().map((r) => `${r.target} ${JSON.stringify(r.headers)}`).join('\n'))]).toString('latin1');
    assert.ok(relayed.includes('/mj/submit/imagine') && relayed.includes(`/mj/image/${task.id}`), 'submit and download did not go through the proxy');
    await vscode.workspace.fs.delete(file);
  });

  test('https through a CONNECT tunnel with http.proxyStrictSSL off: the loop works and the proxy never reads the key', async () => {
    const root = `https://${TEST_TLS_HOST}:${tls.port}`;
    const at = await through(root, false);
    const { file } = await loop('a fox in a tunnel');
    assert.ok(at.seen().length > 0 && at.seen().every((r) => r.kind === 'connect' && r.target === `${TEST_TLS_HOST}:${tls.port}`), JSON.stringify(at.seen()));
    const relayed = at.relayed();
    assert.ok(relayed.length > 0, 'nothing went through the tunnel');
    assert.ok(!relayed.includes(sim.apiKey), 'the key crossed the proxy in clear');
    assert.ok(!relayed.includes('Authorization') && !relayed.includes('/mj/submit'), 'request text crossed the proxy in clear');
    assert.ok(at.seen().every((r) => !JSON.stringify(r.headers).includes(sim.apiKey)), 'the key is in a CONNECT header');
    await vscode.workspace.fs.delete(file);
  });

  test('https with strict certificates refuses the self-signed gateway, and nothing is submitted', async () => {
    await through(`https://${TEST_TLS_HOST}:${tls.port}`, true);
    const shown = messagesFrom(api);
    const before = sim.requests.filter((r) => r.route === 'POST /mj/submit/imagine').length;
    await vscode.commands.executeCommand('aitre.imagineFromSelection', 'a fox with a bad certificate');
    await shown(/connection to gateway\.aitre\.test:\d+ broke|Cannot reach/);
    assert.strictEqual(sim.requests.filter((r) => r.route === 'POST /mj/submit/imagine').length, before);
  });

  test('http.noProxy sends the gateway past the proxy (here: not found, since only the proxy knows the name)', async () => {
    const at = await through(`http://${PLAIN_HOST}:${sim.port}`, true, ['.aitre.test']);
    const shown = messagesFrom(api);
    await vscode.commands.executeCommand('aitre.openTaskById', '1712345678901234');
    await shown(/Cannot reach the gateway at plain\.aitre\.test:\d+ \(host not found\)/);
    assert.deepEqual(at.seen(), [], 'the proxy was asked (the quota or the task)');
  });
});
