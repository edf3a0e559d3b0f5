// The simulator's video (test/simulator/video.ts) plays in headless Debian chromium: a <video> loads it from
// GET /mj/video/{id}-1.webm, reports its size and duration, and frames drawn to a canvas at three times show the
// documented colours (the bar moves). This is what the result panel relies on to play a VIDEO task.
//
//   node esbuild.mjs --tests && npx mocha --ui tdd --timeout 60000 out/test/browser/video.spec.js
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { inBar, startSimulator, videoColors, VIDEO_FPS, VIDEO_FRAMES, VIDEO_HEIGHT, VIDEO_WIDTH, type Simulator } from '../simulator';

const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';

interface Sample { width: number; height: number; duration: number; pixels: Array<{ frame: number; x: number; rgb: number[] }> }

suite('simulator video in chromium', function () {
  this.timeout(60_000);
  let sim: Simulator;
  let browser: Browser;
  let page: Page;
  let xdg: string;

  suiteSetup(async () => {
    sim = await startSimulator({ speed: 'test' });
    xdg = fs.mkdtempSync(path.join(os.tmpdir(), 'aitre-video-'));
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--autoplay-policy=no-user-gesture-required',
        '--disable-background-networking', '--disable-component-update', '--disable-sync'],
      env: { ...process.env as Record<string, string>, XDG_CONFIG_HOME: xdg, XDG_CACHE_HOME: xdg, XDG_DATA_HOME: xdg },
    });
    page = await browser.newPage();
    // Same origin as the video, so the canvas may read its pixels.
    await page.goto(`${sim.url}/mj/attachments/none`);
  });

  /** Submits a video from a link and jumps it to SUCCESS; returns its id. */
  async function finishedVideo(): Promise<string> {
    const submit = await fetch(`${sim.url}/mj/submit/video`, {
      method: 'POST',
      headers: { authorization: `Bearer ${sim.apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ image: 'https://example.com/first-frame.png', prompt: 'waves', motion: 'low' }),
    });
    const id = String(((await submit.json()) as { result: string }).result);
    sim.finishTask(id);
    return id;
  }

  suiteTeardown(async () => {
    await browser?.close();
    await sim?.close();
    if (xdg) fs.rmSync(xdg, { recursive: true, force: true });
  });

  test('a VIDEO task\'s WebM decodes: size, duration, and the moving bar frame by frame', async () => {
    const id = await finishedVideo();
    const frames = [0, 7, VIDEO_FRAMES - 1];
    const xs = [8, 120, 248];
    const sample = await page.evaluate(async ([src, fps, frames, xs]) => {
      const document = (globalThis as any).document; // the page's DOM (this file is type-checked without DOM types)
      const video = document.createElement('video');
      video.muted = true;
      video.preload = 'auto';
      document.body.append(video);
      const once = (name: string) => new Promise<void>((resolve, reject) => {
        video.addEventListener(name, () => resolve(), { once: true });
        video.addEventListener('error', () => reject(new Error(`video error ${video.error?.code}: ${video.error?.message}`)), { once: true });
      });
      video.src = src as string;
      await once('loadeddata');
      const canvas = document.createElement('canvas');
      canvas.width = video.videoWidth;
      canvas.height = video.videoHeight;
      const context = canvas.getContext('2d', { willReadFrequently: true });
      const pixels: Array<{ frame: number; x: number; rgb: number[] }> = [];
      for (const frame of frames as number[]) {
        const seeked = once('seeked');
        // The frame is painted after 'seeked'; requestVideoFrameCallback says when it really is there.
        const painted = new Promise<void>((resolve) => video.requestVideoFrameCallback(() => resolve()));
        video.currentTime = (frame + 0.5) / (fps as number);
        await seeked;
        await painted;
        context.drawImage(video, 0, 0);
        for (const x of xs as number[]) pixels.push({ frame, x, rgb: [...context.getImageData(x, 70, 1, 1).data.slice(0, 3)] });
      }
      return { width: video.videoWidth, height: video.videoHeight, duration: video.duration, pixels };
    }, [`${sim.url}/mj/video/${id}-1.webm`, VIDEO_FPS, frames, xs] as const) as Sample;

    assert.deepStrictEqual([sample.width, sample.height], [VIDEO_WIDTH, VIDEO_HEIGHT]);
    assert.ok(Math.abs(sample.duration - VIDEO_FRAMES / VIDEO_FPS) < 0.05, `duration ${sample.duration}`);
    const { background, bar } = videoColors(`${id}:1`);
    for (const { frame, x, rgb } of sample.pixels) {
      const want = inBar(x, frame) ? bar : background;
      assert.ok(rgb.every((v, i) => Math.abs(v - want[i]!) <= 8), `frame ${frame} x ${x}: got ${rgb}, want ${want}`);
    }
  });

  test('with unplayableVideo the <video> reports an error (what the panel falls back to the poster on)', async () => {
    sim.configure({ unplayableVideo: true });
    try {
      const id = await finishedVideo();
      const outcome = await page.evaluate(async (src) => {
        const video = (globalThis as any).document.createElement('video');
        return new Promise<string>((resolve) => {
          video.addEventListener('loadeddata', () => resolve('played'), { once: true });
          video.addEventListener('error', () => resolve(`error ${video.error?.code}`), { once: true });
          video.src = src;
        });
      }, `${sim.url}/mj/video/${id}-1.mp4`);
      assert.match(outcome, /^error [34]$/); // MEDIA_ERR_DECODE or MEDIA_ERR_SRC_NOT_SUPPORTED
    } finally {
      sim.configure({ unplayableVideo: false });
    }
  });
});
