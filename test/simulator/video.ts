// The videos the simulator serves from GET /mj/video/{id}.{n}.webm (VIDEO tasks), and their poster.
//
// A video is 256x144 (16x9 macroblocks), VIDEO_FRAMES frames at VIDEO_FPS, VP8 in WebM: the format every
// Chromium build decodes (H.264 MP4, what MidJourney really sends, is missing from builds without proprietary
// codecs, such as VS Code's own). Each frame is the background colour videoColors(seed).background with a bar
// two macroblocks (32 px) wide in videoColors(seed).bar at x = 16 * frame .. 16 * frame + 31; the poster PNG is
// frame 0. So a test can tell which video it got (seed) and that it moves (bar position per frame).
import { gridQuadrantColor, type Rgb } from './images';
import { encodePng } from './png';
import { encodeKeyFrame, rgbToYuv } from './vp8';
import { writeWebm } from './webm';

export const VIDEO_WIDTH = 256;
export const VIDEO_HEIGHT = 144;
export const VIDEO_FRAMES = 15;
export const VIDEO_FPS = 10;
const BAR_MBS = 2;

/** The two colours of the video seeded `seed`: a hue and its opposite. */
export function videoColors(seed: string): { background: Rgb; bar: Rgb } {
  return { background: gridQuadrantColor(`video:${seed}`, 1), bar: gridQuadrantColor(`video:${seed}`, 3) };
}

/** Whether pixel column x of frame `frame` is inside the bar. */
export function inBar(x: number, frame: number): boolean {
  const mb = Math.floor(x / 16);
  return mb >= frame && mb < frame + BAR_MBS;
}

const cache = new Map<string, Buffer>();
function cached(key: string, make: () => Buffer): Buffer {
  let hit = cache.get(key);
  if (!hit) {
    if (cache.size > 32) cache.clear();
    cache.set(key, (hit = make()));
  }
  return hit;
}

/** The WebM file for `seed` (the task id and the video's number, e.g. "1733…:2"). */
export function renderVideo(seed: string): Buffer {
  return cached(`webm:${seed}`, () => {
    const { background, bar } = videoColors(seed);
    const [bg, fg] = [rgbToYuv(background), rgbToYuv(bar)];
    const frames = Array.from({ length: VIDEO_FRAMES }, (_, frame) =>
      encodeKeyFrame(VIDEO_WIDTH / 16, VIDEO_HEIGHT / 16, (mx) => (inBar(mx * 16, frame) ? fg : bg)));
    return writeWebm({ width: VIDEO_WIDTH, height: VIDEO_HEIGHT, fps: VIDEO_FPS, frames });
  });
}

/** Frame 0 as a PNG: the poster a video task shows in `imageUrl`. */
export function renderPoster(seed: string): Buffer {
  return cached(`poster:${seed}`, () => {
    const { background, bar } = videoColors(seed);
    const rgb = new Uint8Array(VIDEO_WIDTH * VIDEO_HEIGHT * 3);
    for (let y = 0; y < VIDEO_HEIGHT; y++) {
      for (let x = 0; x < VIDEO_WIDTH; x++) rgb.set(inBar(x, 0) ? bar : background, (y * VIDEO_WIDTH + x) * 3);
    }
    return encodePng(VIDEO_WIDTH, VIDEO_HEIGHT, rgb);
  });
}

/** An MP4 that no browser decodes: a valid 'ftyp' box naming H.264 brands, then media data with no 'moov' (no track
 *  a demuxer could read). What a webview without proprietary codecs makes of a real MidJourney MP4. */
export function unplayableMp4(seed: string): Buffer {
  const box = (type: string, payload: Buffer) => {
    const head = Buffer.alloc(8);
    head.writeUInt32BE(8 + payload.length);
    head.write(type, 4, 'latin1');
    return Buffer.concat([head, payload]);
  };
  const ftyp = box('ftyp', Buffer.from('isom\0\0\x02\0isomiso2avc1mp41', 'latin1'));
  return Buffer.concat([ftyp, box('mdat', Buffer.from(`not decodable: ${seed} `.repeat(64), 'utf8'))]);
}
