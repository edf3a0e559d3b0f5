// The Vary (Region) mask editor (webview/mask/editor.ts) in headless Debian chromium, under the
// panel's strict CSP, driven like a person would: mouse, touch, pen and keyboard. The masks come
// back through the real onSubmit and are decoded here in Node.
//
//   node esbuild.mjs --tests && npx mocha --ui tdd --timeout 60000 out/test/browser/mask-editor.spec.js
//
// The webview module is bundled by this file (esbuild JS API, into a temp dir) together with a tiny
// entry that registers the toolkit and exposes open/close hooks on window; the fixture page is
// test/browser/fixtures/mask.html. Screenshot: test-results/mask-editor.png.
import * as assert from 'assert';
import type * as Esbuild from 'esbuild';
import * as fs from 'fs';
import * as http from 'http';
import type { AddressInfo } from 'net';
import { createRequire } from 'module';
import * as os from 'os';
import * as path from 'path';
import { chromium, type Browser, type CDPSession, type Page } from 'playwright-core';
import { decodePng, encodePng, type DecodedPng } from '../simulator/png';

// The repo root, found the same way the e2e harness finds it.
import { REPO_ROOT } from '../e2e/harness';
const RESULTS_DIR = path.join(REPO_ROOT, 'test-results');
const FIXTURES = path.join(REPO_ROOT, 'test', 'browser', 'fixtures');
const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
/** The panel's policy, minus nonces: everything from our own origin, nothing inline. */
const CSP = "default-src 'none'; img-src 'self'; style-src 'self'; script-src 'self'";
const W = 512;
const H = 384;
const PROMPT = 'a red fox in the snow --ar 4:3';

// The browser entry: the editor plus hooks for the test (esbuild strips types; nothing type-checks it).
const ENTRY = `
import { openMaskEditor } from './webview/mask/editor';
import { registerToolkit } from './webview/kit';
registerToolkit();
const w = window;
w.maskEvents = [];
w.cspViolations = [];
w.pointerTypes = [];
document.addEventListener('securitypolicyviolation', (e) => w.cspViolations.push(e.violatedDirective + ' ' + e.blockedURI + ' ' + e.sourceFile + ':' + e.lineNumber + ' ' + e.sample));
let handle;
w.openEditor = (imageUrl, prompt) => {
  if (handle) handle.close();
  w.maskEvents = [];
  handle = openMaskEditor({
    container: document.getElementById('host'),
    imageUrl,
    prompt,
    onSubmit: (result) => w.maskEvents.push({ type: 'submit', ...result }),
    onCancel: () => w.maskEvents.push({ type: 'cancel' }),
  });
  handle.canvas.addEventListener('pointerdown', (e) => w.pointerTypes.push(e.pointerType));
  w.maskHandle = handle;
};
w.closeEditor = () => { if (handle) handle.close(); handle = undefined; };
// The host's answer to a submit: a refusal keeps the editor open (an acceptance closes it: closeEditor).
w.refuse = (message) => handle.refused(message);
w.fixtureReady = true;
`;

/** A 512×384 test picture: gradients and a grid, so the screenshot shows the mask over something. */
function testImage(): Buffer {
  const rgb = new Uint8Array(W * H * 3);
  for (let y = 0; y < H; y++) {
    for (let x = 0; x < W; x++) {
      const i = (y * W + x) * 3;
      const grid = x % 64 === 0 || y % 64 === 0;
      rgb[i] = grid ? 240 : Math.round((x / W) * 200) + 30;
      rgb[i + 1] = grid ? 240 : Math.round((y / H) * 160) + 40;
      rgb[i + 2] = grid ? 240 : 120 + ((x >> 5) + (y >> 5)) % 2 * 60;
    }
  }
  return encodePng(W, H, rgb);
}

async function bundle(outDir: string): Promise<void> {
  // Loaded at run time: the esbuild JS API cannot itself be bundled into this file.
  const esbuild = createRequire(path.join(REPO_ROOT, 'package.json'))('esbuild') as typeof Esbuild;
  await esbuild.build({
    stdin: { contents: ENTRY, resolveDir: REPO_ROOT, loader: 'ts', sourcefile: 'mask-fixture-entry.ts' },
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    outfile: path.join(outDir, 'bundle.js'),
    logLevel: 'warning',
  });
}

function serve(outDir: string): Promise<http.Server> {
  const image = testImage();
  const files: Record<string, () => [string, Buffer]> = {
    '/': () => ['text/html; charset=utf-8', fs.readFileSync(path.join(FIXTURES, 'mask.html'))],
    '/theme.css': () => ['text/css', fs.readFileSync(path.join(FIXTURES, 'theme.css'))],
    '/media/panel.css': () => ['text/css', fs.readFileSync(path.join(REPO_ROOT, 'media', 'panel.css'))],
    '/media/mask-editor.css': () => ['text/css', fs.readFileSync(path.join(REPO_ROOT, 'media', 'mask-editor.css'))],
    '/bundle.js': () => ['text/javascript', fs.readFileSync(path.join(outDir, 'bundle.js'))],
    '/image.png': () => ['image/png', image],
  };
  const server = http.createServer((req, res) => {
    const file = files[new URL(req.url ?? '/', 'http://localhost').pathname];
    const headers = { 'Content-Security-Policy': CSP, 'Cache-Control': 'no-store' };
    if (req.url === '/favicon.ico') {
      res.writeHead(204, headers).end();
      return;
    }
    if (!file) {
      res.writeHead(404, { ...headers, 'Content-Type': 'text/plain' }).end('not found');
      return;
    }
    const [type, body] = file();
    res.writeHead(200, { ...headers, 'Content-Type': type }).end(body);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

function decodeDataUrl(url: string): DecodedPng {
  const prefix = 'data:image/png;base64,';
  assert.ok(url.startsWith(prefix), `mask is a PNG data URL (got ${url.slice(0, 40)}…)`);
  return decodePng(Buffer.from(url.slice(prefix.length), 'base64'));
}

interface MaskSummary { white: number; other: number; box: { x0: number; y0: number; x1: number; y1: number } | null }

/** Counts white / non-binary pixels and the bounding box of the white ones (x1, y1 exclusive). */
function summarize(png: DecodedPng): MaskSummary {
  let white = 0;
  let other = 0;
  let box: MaskSummary['box'] = null;
  for (let y = 0; y < png.height; y++) {
    for (let x = 0; x < png.width; x++) {
      const [r, g, b] = png.pixel(x, y);
      if (r === 255 && g === 255 && b === 255) {
        white++;
        if (!box) box = { x0: x, y0: y, x1: x + 1, y1: y + 1 };
        box.x0 = Math.min(box.x0, x);
        box.y0 = Math.min(box.y0, y);
        box.x1 = Math.max(box.x1, x + 1);
        box.y1 = Math.max(box.y1, y + 1);
      } else if (r !== 0 || g !== 0 || b !== 0) {
        other++;
      }
    }
  }
  return { white, other, box };
}

const isWhite = (png: DecodedPng, x: number, y: number): boolean => png.pixel(x, y).every((c) => c === 255);
const isBlack = (png: DecodedPng, x: number, y: number): boolean => png.pixel(x, y).every((c) => c === 0);

suite('browser: Vary (Region) mask editor', function () {
  this.timeout(60_000);
  let tmp: string;
  let server: http.Server;
  let origin: string;
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];

  suiteSetup(async () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'aitre-mask-'));
    await bundle(tmp);
    server = await serve(tmp);
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const xdg = path.join(tmp, 'xdg');
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
        '--disable-background-networking', '--disable-component-update', '--disable-sync'],
      env: { ...process.env as Record<string, string>, XDG_CONFIG_HOME: xdg, XDG_CACHE_HOME: xdg, XDG_DATA_HOME: xdg },
    });
    page = await browser.newPage({ viewport: { width: 760, height: 900 } });
    page.on('pageerror', (error) => pageErrors.push(`pageerror: ${error.message}`));
    page.on('console', (message) => { if (message.type() === 'error') pageErrors.push(`console: ${message.text()}`); });
    await page.goto(`${origin}/`);
    await page.waitForFunction(() => (globalThis as any).fixtureReady === true);
  });

  suiteTeardown(async () => {
    await browser?.close();
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  });

  setup(async () => {
    await page.evaluate(([url, prompt]) => (globalThis as any).openEditor(url, prompt), [`${origin}/image.png`, PROMPT]);
    await page.waitForSelector('.mask-editor[data-state="ready"]');
  });

  teardown(async () => {
    await page.evaluate(() => (globalThis as any).closeEditor());
  });

  // ---- helpers ----------------------------------------------------------------------------------

  const control = (name: string) => page.locator(`[data-control="${name}"]`);

  async function canvasBox(): Promise<{ x: number; y: number; width: number; height: number }> {
    const box = await control('canvas').boundingBox();
    assert.ok(box, 'the canvas is laid out');
    return box;
  }

  /** Image pixel -> page CSS pixel, through the editor's CSS scaling. */
  async function toPage(ix: number, iy: number): Promise<{ x: number; y: number }> {
    const box = await canvasBox();
    return { x: box.x + (ix * box.width) / W, y: box.y + (iy * box.height) / H };
  }

  async function drag(from: [number, number], to: [number, number], steps = 8): Promise<void> {
    const a = await toPage(...from);
    const b = await toPage(...to);
    await page.mouse.move(a.x, a.y);
    await page.mouse.down();
    await page.mouse.move(b.x, b.y, { steps });
    await page.mouse.up();
  }

  async function painted(): Promise<number> {
    return Number(await page.locator('.mask-editor').getAttribute('data-painted'));
  }

  async function events(): Promise<Array<{ type: string; maskDataUrl?: string; prompt?: string; width?: number; height?: number }>> {
    return page.evaluate(() => (globalThis as any).maskEvents);
  }

  async function isDisabled(name: string): Promise<boolean> {
    return (await control(name).getAttribute('disabled')) !== null;
  }

  /**
   * Waits until the UI kit has rendered every control's enabled state. A <vscode-button> (FAST)
   * copies its `disabled` attribute to the inner <button> in the next animation frame, and until
   * then Tab still follows the old state: keyboard navigation right after a change must wait.
   */
  async function kitSettled(): Promise<void> {
    await page.waitForFunction(() => [...(globalThis as any).document.querySelectorAll('.mask-editor vscode-button[data-control]')]
      .every((host: any) => {
        const inner = host.shadowRoot?.querySelector('button');
        return inner && inner.disabled === host.hasAttribute('disabled');
      }));
  }

  /** Clicks Submit and decodes the mask it hands to onSubmit. */
  async function submit(): Promise<DecodedPng> {
    const before = (await events()).length;
    assert.strictEqual(await isDisabled('submit'), false, 'Submit is enabled');
    await control('submit').click();
    await page.waitForFunction((n) => (globalThis as any).maskEvents.length > n, before);
    const event = (await events())[before];
    assert.ok(event && event.type === 'submit' && event.maskDataUrl, 'onSubmit was called');
    assert.strictEqual(event.width, W);
    assert.strictEqual(event.height, H);
    const png = decodeDataUrl(event.maskDataUrl);
    assert.deepStrictEqual([png.width, png.height], [W, H], 'the mask has the natural size of the image');
    // The editor waits for the host after a submit; answer as a host that did not take it, so the test can go on painting.
    await page.evaluate(() => (globalThis as any).refuse('Answered by the test.'));
    return png;
  }

  // ---- tests --------------------------------------------------------------------------------------

  test('the overlay canvas has the image\'s natural pixel size and covers the CSS-scaled image exactly', async () => {
    const sizes = await page.evaluate(() => {
      const w = globalThis as any;
      const canvas = w.maskHandle.canvas;
      const image = (globalThis as any).document.querySelector('.mask-image');
      const c = canvas.getBoundingClientRect();
      const i = image.getBoundingClientRect();
      return { width: canvas.width, height: canvas.height, c: [c.left, c.top, c.width, c.height], i: [i.left, i.top, i.width, i.height] };
    });
    assert.deepStrictEqual([sizes.width, sizes.height], [W, H]);
    sizes.c.forEach((v: number, k: number) => assert.ok(Math.abs(v - (sizes.i[k] ?? NaN)) < 0.5, `canvas box ${sizes.c} = image box ${sizes.i}`));
    assert.ok((sizes.c[2] ?? W) < W - 20, `the image is shown scaled down (${sizes.c[2]} CSS px wide), so mapping is exercised`);
    assert.strictEqual(await painted(), 0);
    assert.strictEqual(await isDisabled('submit'), true, 'Submit starts disabled (empty mask)');
    assert.match((await page.locator('.mask-hint').textContent()) ?? '', /paint/i);
    assert.strictEqual(await control('prompt').inputValue(), PROMPT, 'the prompt is prefilled');
  });

  test('a mouse-drawn rectangle + Submit gives a 512×384 black/white PNG, white exactly inside', async () => {
    await control('rect').click();
    assert.strictEqual(await control('rect').getAttribute('aria-pressed'), 'true');
    await drag([100, 80], [300, 240]);
    const png = await submit();
    const s = summarize(png);
    assert.strictEqual(s.other, 0, 'every pixel is pure black or pure white');
    assert.ok(s.box, 'something is white');
    const { x0, y0, x1, y1 } = s.box;
    // One CSS pixel is ~1.1 image pixels here: allow 2 px of rounding on each edge.
    for (const [got, want] of [[x0, 100], [y0, 80], [x1, 300], [y1, 240]] as const) {
      assert.ok(Math.abs(got - want) <= 2, `rectangle edges ${JSON.stringify(s.box)} ≈ 100,80 → 300,240`);
    }
    assert.strictEqual(s.white, (x1 - x0) * (y1 - y0), 'the white area is a solid rectangle');
    assert.ok(isWhite(png, 200, 160) && isBlack(png, 50, 50) && isBlack(png, 400, 300) && isBlack(png, 200, 250));
    const event = (await events()).at(-1);
    assert.strictEqual(event?.prompt, PROMPT);
  });

  test('brush strokes paint along the path; the eraser erases; [ and ] change the brush size', async () => {
    await page.keyboard.press('b');
    assert.strictEqual(await control('brush').getAttribute('aria-pressed'), 'true');
    const size = Number(await control('size').inputValue());
    assert.strictEqual(size, 32, 'default brush: 1/12 of the short side');
    await drag([60, 100], [450, 100], 20);
    let png = await submit();
    for (const x of [60, 150, 250, 350, 450]) assert.ok(isWhite(png, x, 100), `stroke covers (${x}, 100)`);
    assert.ok(isWhite(png, 250, 100 + 12), 'the stroke is about the brush size wide');
    assert.ok(isBlack(png, 250, 100 + 22) && isBlack(png, 250, 100 - 22), 'but not wider');
    assert.ok(isBlack(png, 250, 300));

    await page.keyboard.press('e');
    assert.strictEqual(await control('eraser').getAttribute('aria-pressed'), 'true');
    await drag([250, 40], [250, 160], 10);
    png = await submit();
    assert.ok(isBlack(png, 250, 100), 'the eraser removed the crossing');
    assert.ok(isWhite(png, 150, 100) && isWhite(png, 350, 100), 'the rest of the stroke stays');

    await page.keyboard.press(']');
    const bigger = Number(await control('size').inputValue());
    await page.keyboard.press('[');
    await page.keyboard.press('[');
    const smaller = Number(await control('size').inputValue());
    assert.ok(bigger > size && smaller < size, `] grows (${bigger}) and [ shrinks (${smaller}) the brush`);
    assert.match((await page.locator('.mask-size-value').textContent()) ?? '', new RegExp(`^${smaller} px$`));
  });

  test('undo and redo restore earlier masks (buttons, Ctrl+Z, Ctrl+Shift+Z, Ctrl+Y)', async () => {
    assert.strictEqual(await isDisabled('undo'), true);
    await page.keyboard.press('r');
    await drag([20, 20], [120, 120]);
    const one = await painted();
    await drag([300, 200], [480, 360]);
    const two = await painted();
    assert.ok(one > 0 && two > one, `two rectangles (${one} then ${two} px)`);

    await page.keyboard.press('Control+z');
    assert.strictEqual(await painted(), one, 'Ctrl+Z removes the second rectangle');
    let png = await submit();
    assert.ok(isWhite(png, 70, 70) && isBlack(png, 400, 300));
    await page.keyboard.press('Control+Shift+z');
    assert.strictEqual(await painted(), two, 'Ctrl+Shift+Z brings it back');
    await control('undo').click();
    await control('undo').click();
    assert.strictEqual(await painted(), 0, 'two undos: empty');
    assert.strictEqual(await isDisabled('undo'), true);
    assert.strictEqual(await isDisabled('submit'), true);
    await page.keyboard.press('Control+y');
    assert.strictEqual(await painted(), one, 'Ctrl+Y redoes');
    await control('redo').click();
    assert.strictEqual(await painted(), two, 'the Redo button redoes');
    assert.strictEqual(await isDisabled('redo'), true, 'nothing left to redo');
    png = await submit();
    assert.ok(isWhite(png, 70, 70) && isWhite(png, 400, 300) && isBlack(png, 250, 50));

    await control('undo').click();
    await drag([200, 20], [260, 60]);
    assert.strictEqual(await isDisabled('redo'), true, 'a new edit drops the redo history');
  });

  test('invert flips the mask (I and the Invert button)', async () => {
    await page.keyboard.press('r');
    await drag([100, 100], [200, 200]);
    const inside = await painted();
    await page.keyboard.press('i');
    assert.strictEqual(await painted(), W * H - inside);
    let png = await submit();
    assert.ok(isBlack(png, 150, 150) && isWhite(png, 20, 20) && isWhite(png, 400, 300));
    assert.strictEqual(summarize(png).other, 0);
    await control('invert').click();
    png = await submit();
    assert.ok(isWhite(png, 150, 150) && isBlack(png, 20, 20));
    assert.strictEqual(await painted(), inside, 'inverting twice is the identity');
  });

  test('clear empties the mask and disables Submit (as does a blank prompt)', async () => {
    await page.keyboard.press('r');
    await drag([50, 50], [250, 250]);
    assert.strictEqual(await isDisabled('submit'), false);
    assert.strictEqual(await page.locator('.mask-hint').isHidden(), true, 'no hint once it can be submitted');
    await control('clear').click();
    assert.strictEqual(await painted(), 0);
    assert.strictEqual(await isDisabled('submit'), true, 'empty mask: Submit disabled');
    assert.strictEqual(await isDisabled('clear'), true);
    assert.match((await page.locator('.mask-hint').textContent()) ?? '', /paint/i);
    await control('submit').click({ force: true });
    assert.strictEqual((await events()).length, 0, 'a disabled Submit does nothing');

    await control('undo').click();
    assert.ok((await painted()) > 0, 'clear can be undone');
    await control('prompt').fill('   ');
    assert.strictEqual(await isDisabled('submit'), true, 'blank prompt: Submit disabled');
    assert.match((await page.locator('.mask-hint').textContent()) ?? '', /prompt/i);
    await control('prompt').fill('a blue fox');
    const png = await submit();
    assert.ok(isWhite(png, 150, 150));
    assert.strictEqual((await events()).at(-1)?.prompt, 'a blue fox');
  });

  test('keyboard only: labelled controls in Tab order, arrows/Shift+arrows/Enter make a rectangle, Ctrl+Enter submits', async () => {
    // Every control carries an aria-label.
    const unlabelled = await page.evaluate(() => [...(globalThis as any).document.querySelectorAll('.mask-editor [data-control]')]
      .filter((e: any) => !e.getAttribute('aria-label')).map((e: any) => e.dataset.control));
    assert.deepStrictEqual(unlabelled, []);

    // Tab from the top of the editor walks through every enabled control, in order.
    await kitSettled();
    await page.locator('.mask-editor').focus();
    const order: string[] = [];
    for (let i = 0; i < 16; i++) {
      await page.keyboard.press('Tab');
      const name = await page.evaluate(() => ((globalThis as any).document.activeElement)?.dataset?.control ?? '');
      if (!name || order.includes(name)) break;
      order.push(name);
    }
    assert.deepStrictEqual(order, ['brush', 'rect', 'eraser', 'size', 'invert', 'canvas', 'prompt', 'cancel'],
      'undo, redo, clear and submit are disabled on an empty mask and skipped');

    // On the canvas: the selection appears, arrows move it, Shift+arrows resize it, Enter paints it.
    await control('canvas').focus();
    await page.keyboard.press('ArrowRight');
    assert.strictEqual(await page.locator('.mask-selection').isVisible(), true, 'the keyboard selection is shown');
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowUp');
    for (let i = 0; i < 3; i++) await page.keyboard.press('Shift+ArrowDown');
    await page.keyboard.press('Shift+ArrowLeft');
    // default selection 128,96 256×192; step = 384/64 = 6 px
    assert.match((await page.locator('.mask-selection-info').textContent()) ?? '', /250 × 210 px at 140, 90/);
    await page.keyboard.press('Enter');
    assert.strictEqual(await painted(), 250 * 210);
    await page.keyboard.press('Control+Enter');
    await page.waitForFunction(() => (globalThis as any).maskEvents.length === 1);
    const event = (await events())[0];
    assert.ok(event?.maskDataUrl);
    const s = summarize(decodeDataUrl(event.maskDataUrl));
    assert.deepStrictEqual(s.box, { x0: 140, y0: 90, x1: 390, y1: 300 });
    assert.strictEqual(s.white, 250 * 210);

    // Delete erases the selection again; Tab now also reaches the enabled Undo/Clear/Submit.
    await page.keyboard.press('Delete');
    assert.strictEqual(await painted(), 0);
    await page.keyboard.press('Control+z');
    assert.strictEqual(await painted(), 250 * 210);
    await kitSettled(); // Undo re-enabled Redo and Clear: Shift+Tab must see them
    await page.keyboard.press('Shift+Tab');
    await page.keyboard.press('Shift+Tab');
    assert.strictEqual(await page.evaluate(() => ((globalThis as any).document.activeElement)?.dataset?.control), 'clear');
    await page.keyboard.press('Enter');
    assert.strictEqual(await painted(), 0, 'Enter on the focused Clear button clears');
  });

  test('Escape cancels (from the canvas and from the prompt); Escape mid-drag only drops the drag', async () => {
    await page.keyboard.press('r');
    const a = await toPage(50, 50);
    const b = await toPage(200, 200);
    await page.mouse.move(a.x, a.y);
    await page.mouse.down();
    await page.mouse.move(b.x, b.y, { steps: 4 });
    await page.keyboard.press('Escape');
    await page.mouse.up();
    assert.strictEqual(await painted(), 0, 'the aborted rectangle was not painted');
    assert.strictEqual((await events()).length, 0, 'and the editor was not cancelled');

    await page.keyboard.press('Escape');
    assert.deepStrictEqual(await events(), [{ type: 'cancel' }]);
    await control('prompt').focus();
    await page.keyboard.press('Escape');
    assert.strictEqual((await events()).length, 2);
    await control('cancel').click();
    assert.strictEqual((await events()).length, 3, 'and so does the Cancel button');
  });

  test('after Submit the editor waits for the host: nothing more is sent; a refusal shows why and keeps the painting', async () => {
    await page.keyboard.press('r');
    await drag([100, 80], [300, 240]);
    const area = await painted();
    await control('submit').click();
    await page.waitForFunction(() => (globalThis as any).maskEvents.length === 1);
    assert.strictEqual(await isDisabled('submit'), true, 'Submit stays disabled until the host answers');
    assert.strictEqual(await control('submit').getAttribute('aria-busy'), 'true');
    assert.strictEqual(await isDisabled('cancel'), true, 'Cancel would drop the painting while the submit is out');
    assert.match((await page.locator('.mask-hint').textContent()) ?? '', /Submitting/);
    await control('submit').click({ force: true });
    await page.keyboard.press('Control+Enter');
    await page.keyboard.press('Escape');
    assert.deepStrictEqual((await events()).map((e) => e.type), ['submit'], 'a second submit (or a cancel) got through');

    const reason = 'Banned word "bloodbath": MidJourney refused the prompt. Rephrase it and submit again.';
    await page.evaluate((m) => (globalThis as any).refuse(m), reason);
    const refusal = page.locator('.mask-refusal');
    assert.strictEqual(await refusal.isVisible(), true);
    assert.strictEqual(await refusal.getAttribute('role'), 'alert');
    assert.strictEqual(((await refusal.textContent()) ?? '').trim(), `Not submitted: ${reason}`);
    assert.strictEqual(await painted(), area, 'the painting is kept');
    assert.strictEqual(await control('prompt').inputValue(), PROMPT, 'and so is the prompt');
    assert.strictEqual(await isDisabled('submit'), false);
    assert.strictEqual(await isDisabled('cancel'), false);
    fs.mkdirSync(RESULTS_DIR, { recursive: true });
    await page.locator('.mask-editor').screenshot({ path: path.join(RESULTS_DIR, 'mask-editor-refused.png') });

    await control('prompt').fill('a dragon on the tower');
    const png = await submit();
    assert.ok(isWhite(png, 200, 160) && isBlack(png, 50, 50), 'the same mask goes again');
    assert.strictEqual((await events()).at(-1)?.prompt, 'a dragon on the tower');
  });

  test('touch and pen strokes paint too (pointer events, not mouse events)', async () => {
    const cdp: CDPSession = await page.context().newCDPSession(page);
    try {
      await cdp.send('Emulation.setTouchEmulationEnabled', { enabled: true, maxTouchPoints: 2 });
      await page.keyboard.press('b');
      // A finger along y = 300.
      const path = [60, 160, 260, 360, 460].map((x) => [x, 300] as [number, number]);
      const points = await Promise.all(path.map(([x, y]) => toPage(x, y)));
      const [first, ...rest] = points;
      assert.ok(first);
      await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: [{ x: first.x, y: first.y }] });
      for (const p of rest) await cdp.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: [{ x: p.x, y: p.y }] });
      await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
      // A pen along y = 40.
      const p0 = await toPage(60, 40);
      const p1 = await toPage(460, 40);
      await cdp.send('Input.dispatchMouseEvent', { type: 'mouseMoved', x: p0.x, y: p0.y, pointerType: 'pen' });
      await cdp.send('Input.dispatchMouseEvent', { type: 'mousePressed', x: p0.x, y: p0.y, button: 'left', buttons: 1, clickCount: 1, pointerType: 'pen', force: 0.5 });
      for (let i = 1; i <= 8; i++) {
        const x = p0.x + ((p1.x - p0.x) * i) / 8;
        await cdp.send('Input.dispatchMouseEvent', { type: 'mouseMoved', x, y: p0.y, button: 'left', buttons: 1, pointerType: 'pen', force: 0.5 });
      }
      await cdp.send('Input.dispatchMouseEvent', { type: 'mouseReleased', x: p1.x, y: p1.y, button: 'left', buttons: 0, clickCount: 1, pointerType: 'pen' });
    } finally {
      await cdp.send('Emulation.setTouchEmulationEnabled', { enabled: false }).catch(() => undefined);
      await cdp.detach().catch(() => undefined);
    }
    const types = await page.evaluate(() => (globalThis as any).pointerTypes.slice(-2));
    assert.deepStrictEqual(types, ['touch', 'pen']);
    const png = await submit();
    for (const x of [60, 200, 300, 460]) {
      assert.ok(isWhite(png, x, 300), `touch stroke covers (${x}, 300)`);
      assert.ok(isWhite(png, x, 40), `pen stroke covers (${x}, 40)`);
    }
    assert.ok(isBlack(png, 250, 170));
  });

  test('screenshot with a painted region; no CSP violations or page errors', async () => {
    await page.keyboard.press('r');
    await drag([300, 60], [470, 200]);
    await page.keyboard.press('b');
    await drag([40, 330], [260, 250], 16);
    const b = await toPage(200, 160);
    await page.mouse.move(b.x, b.y); // show the brush cursor
    fs.mkdirSync(RESULTS_DIR, { recursive: true });
    await page.locator('.mask-editor').screenshot({ path: path.join(RESULTS_DIR, 'mask-editor.png') });
    assert.ok(fs.statSync(path.join(RESULTS_DIR, 'mask-editor.png')).size > 1000);
    // The one expected report: the toolkit's own feature probe (fast-web-utilities canUseFocusVisible)
    // appends an empty <style> without a nonce unless the page has <meta property="csp-nonce">.
    // Anything else (an inline style attribute would be style-src-attr) is ours and fails.
    const violations: string[] = await page.evaluate(() => (globalThis as any).cspViolations);
    assert.deepStrictEqual(violations.filter((v) => !/^style-src-elem inline \S+ $/.test(v)), []);
    const EMPTY_STYLE = 'sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU='; // the hash of '', i.e. that probe
    assert.deepStrictEqual(pageErrors.filter((e) => !e.includes(EMPTY_STYLE)), []);
  });
});
