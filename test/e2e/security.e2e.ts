// Security in the real workbench: 30 XSS payloads in every gateway string the panel shows
// (prompt, promptEn, finalPrompt, description, failReason, button labels, imageUrl) must not run
// or load anything; and the API key must appear nowhere but the Authorization header to the gateway.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { startSimulator, type Simulator } from '../simulator';
import { useWorkbench, waitUntil } from './harness';
import { clearTasks, imagine, openResult, setApiKey, taskMadeElsewhere } from './steps';

interface Hit { method: string; url: string; headers: http.IncomingHttpHeaders }

/** A server nothing should ever contact: any request to it means a payload loaded something. */
async function startCanary(): Promise<{ url: string; hits: Hit[]; close(): Promise<void> }> {
  const hits: Hit[] = [];
  const server = http.createServer((req, res) => { hits.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers }); res.end(''); });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, hits, close: () => new Promise((r) => server.close(() => r())) };
}

function payloads(c: string): string[] {
  return [
    '<script>window.__xss=1</script>',
    '<img src=x onerror="window.__xss=2">',
    '<svg onload="window.__xss=3"></svg>',
    '<iframe src="javascript:parent.__xss=4"></iframe>',
    'javascript:window.__xss=5',
    'data:text/html,<script>parent.__xss=6</script>',
    `"><img src=${c}/p7.png>`,
    '<a href="javascript:window.__xss=8" id="xss8">click</a>',
    `<style>@import '${c}/p9.css';</style>`,
    `<link rel=stylesheet href=${c}/p10.css>`,
    `<object data="${c}/p11"></object>`,
    `<embed src="${c}/p12">`,
    '<video src=x onerror="window.__xss=13"></video>',
    '<body onload="window.__xss=14">',
    '<details open ontoggle="window.__xss=15">x</details>',
    '<math><mi xlink:href="javascript:window.__xss=16">x</mi></math>',
    "{{constructor.constructor('window.__xss=17')()}}",
    '${window.__xss=18}',
    `<img src="${c}/p19.png">`,
    `<meta http-equiv="refresh" content="0;url=${c}/p20">`,
    `<form action="${c}/p21"><button>go</button></form>`,
    `<base href="${c}/">`,
    '\'\';!--"<XSS>=&{()}',
    '<svg><script>window.__xss=24</script></svg>',
    "<img src=x:1 onerror=eval('window.__xss=25')>",
    '<input autofocus onfocus="window.__xss=26">',
    '<marquee onstart="window.__xss=27">x</marquee>',
    `<div style="background:url(${c}/p28.png)">x</div>`,
    '<isindex action=javascript:window.__xss=29 type=image>',
    `<script src="${c}/p30.js"></script>`,
  ];
}


function filesUnder(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { recursive: true }).map(String).map((f) => path.join(dir, f)).filter((f) => {
    try { return fs.statSync(f).isFile(); } catch { return false; }
  });
}

suite('e2e: security (XSS payloads, where the key goes)', function () {
  this.timeout(240_000);
  let sim: Simulator;
  let canary: Awaited<ReturnType<typeof startCanary>>;

  suiteSetup(async () => {
    sim = await startSimulator({ speed: 'test' });
    canary = await startCanary();
  });
  suiteTeardown(async () => { await sim?.close(); await canary?.close(); });

  const session = useWorkbench(() => ({
    settings: { 'aitre.baseUrl': sim.url, 'aitre.pollIntervalSeconds': 0.5 },
    files: { 'notes.md': '# notes\n' },
  }));

  setup(async function () {
    this.timeout(60_000);
    await setApiKey(session.wb, sim.apiKey);
  });

  test('set the key through the UI: the empty view says what to do next', async () => {
    const { wb } = session;
    await clearTasks(wb);
    await wb.page.locator('.welcome-view-content', { hasText: 'No tasks yet' }).waitFor({ timeout: 20_000 });
  });

  test('30 payloads in every gateway string: shown as text, nothing runs, nothing loads', async () => {
    const { wb } = session;
    const p = payloads(canary.url);
    // Tasks made elsewhere, finished, then printed by a hostile gateway.
    const a = await taskMadeElsewhere(sim, 'hostile success');
    const b = await taskMadeElsewhere(sim, 'hostile failure --sim-fail');
    const c = await taskMadeElsewhere(sim, 'hostile image');
    sim.overrideTask(a, {
      prompt: p.slice(0, 5).join(' '),
      promptEn: p.slice(5, 10).join(' '),
      description: p.slice(15, 18).join(' '),
      imageUrl: p[4],
      properties: { finalPrompt: p.slice(10, 15).join(' '), finalZhPrompt: '' },
      buttons: p.slice(18, 24).map((label, i) => ({ customId: `MJ::JOB::upsample::${i + 1}::hostile`, emoji: '', label, style: 2, type: 2 })),
    });
    sim.overrideTask(b, { failReason: p.slice(24, 30).join(' '), imageUrl: p[5] });
    sim.overrideTask(c, { imageUrl: `${canary.url}/p-image.png`, prompt: p[0] });

    const dialogs: string[] = [];
    wb.page.on('dialog', (d) => { dialogs.push(d.message()); void d.dismiss(); });
    for (const id of [a, b, c]) {
      await wb.runCommand('AITRE: Open Task by ID', { waitClosed: false });
      await wb.quickInputFill(id);
      await wb.quickInputAccept();
      const panel = await wb.webviewFrame('AITRE');
      // The panel renders a task in one go when its message arrives: once the id shows, every
      // gateway string is in the page (and any payload would have run).
      await panel.locator('#footer-id, #task-id', { hasText: id }).first().waitFor({ timeout: 20_000 });
      const executed = await panel.locator('body').evaluate(() => (globalThis as any).__xss ?? null);
      assert.equal(executed, null, `a payload ran in the panel of task ${id}`);
      // No element a payload could have brought in (light DOM only: the UI kit's shadow DOM is not
      // gateway text; VS Code's own API script and our CSP meta are expected).
      const found = await panel.locator('body').evaluate(() => [...(globalThis as any).document.querySelectorAll([
        'script:not([nonce]):not(#_vscodeApiScript)', 'iframe', 'object', 'embed', 'svg', 'form', 'base', 'marquee', 'details',
        'meta[http-equiv]:not([http-equiv="Content-Security-Policy"])', 'img:not(#image)', 'a[href^="javascript"]',
      ].join(', '))].map((e: any) => String(e.outerHTML).slice(0, 120)));
      assert.deepEqual(found, [], `elements injected in the panel of task ${id}`);
    }
    // The hostile strings are visible as literal text.
    const panel = await wb.webviewFrame('AITRE');
    await wb.page.evaluate(() => (globalThis as any).__xss ?? null).then((v) => assert.equal(v, null));
    await wb.runCommand('AITRE: Open Task by ID', { waitClosed: false });
    await wb.quickInputFill(a);
    await wb.quickInputAccept();
    await panel.locator('#task-id', { hasText: a }).waitFor({ timeout: 20_000 });
    await panel.locator('#prompt', { hasText: '<script>window.__xss=1</script>' }).waitFor({ timeout: 20_000 });
    assert.match((await panel.locator('#final-prompt').textContent()) ?? '', /<object data=/);
    const labels = await panel.locator('#actions vscode-button').allTextContents();
    assert.ok(labels.some((l) => l.includes('<meta http-equiv')), JSON.stringify(labels));
    assert.equal(await panel.locator('#image').getAttribute('src'), null, 'a javascript: imageUrl was given to <img>');
    await wb.screenshot('security-01-xss-payloads-as-text');
    assert.deepEqual(dialogs, []);
    // The panel loads nothing from the network (its CSP allows only local resources and data:).
    // The one request the canary may see is task c's own image link, downloaded by the extension
    // host (Node, not the webview's browser), without the key.
    assert.deepEqual(canary.hits.filter((h) => h.url !== '/p-image.png').map((h) => h.url), [], 'something loaded from a host that is not the gateway');
    for (const hit of canary.hits) {
      assert.equal(hit.headers.authorization, undefined, 'the key went to a host that is not the gateway');
      assert.ok(!/Mozilla/.test(String(hit.headers['user-agent'] ?? '')), 'the webview itself loaded a remote image');
    }
    const csp = (await panel.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content')) ?? '';
    const imgSources = (/img-src ([^;]*)/.exec(csp)?.[1] ?? '').split(/\s+/);
    assert.ok(imgSources.includes('data:'), csp);
    assert.deepEqual(imgSources.filter((t) => t === 'https:' || t === 'http:' || t.startsWith('http://')), [], `the panel may load remote images: ${csp}`);
  });

  test('the key is only ever in the Authorization header to the gateway', async () => {
    const { wb } = session;
    const key = sim.apiKey;
    // Some traffic of our own: a task, its panel, its image.
    await imagine(wb, 'a key-safety check');
    await openResult(wb, /Imagine: a key-safety check/, 'a key-safety check');
    // Every request the gateway saw carried it there (images too: the extension host downloads
    // them from the gateway's own origin); no other host ever got it.
    assert.ok(sim.requests.length > 0);
    for (const r of sim.requests) {
      assert.equal(r.headers.authorization, `Bearer ${key}`, `${r.route} without the key header`);
      assert.ok(!JSON.stringify(r.body ?? '').includes(key) && !r.path.includes(key), `${r.route} carries the key elsewhere`);
    }
    for (const hit of canary.hits) assert.equal(hit.headers.authorization, undefined);

    // Nothing on disk: settings, global state, logs (including the AITRE output channel), workspace.
    await wb.runCommand('AITRE: Show Log');
    // The output channel is written to disk a moment later: wait for this test's submit in it.
    await waitUntil('the AITRE log on disk', () => filesUnder(wb.server.userDataDir)
      .some((f) => /AITRE\.log$/.test(f) && fs.readFileSync(f, 'utf8').includes('AITRE activated')), 20_000);
    const files = [...filesUnder(wb.server.userDataDir), ...filesUnder(wb.workspace)];
    const leaks = files.filter((f) => fs.readFileSync(f).includes(Buffer.from(key)));
    assert.deepEqual(leaks.map((f) => path.relative(wb.server.scratch, f)), []);

    // Nothing in the panel's HTML or its saved state.
    const panel = await wb.webviewFrame('AITRE');
    await panel.locator('#title', { hasText: 'a key-safety check' }).waitFor({ timeout: 20_000 });
    const html = await panel.locator('html').evaluate((el: any) => el.outerHTML as string);
    assert.ok(!html.includes(key));
    await wb.screenshot('security-02-log-redacted');
  });
});
