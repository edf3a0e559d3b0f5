// A minimal VP8 key-frame encoder (RFC 6386), enough to make real video a browser can decode without any
// dependency: every macroblock is one flat colour, predicted with DC_PRED and corrected by its DC coefficients
// only, at quantiser index 0 and with the loop filter off, so the decoded pixels are exactly the colours asked
// for (in Y'CbCr). Frames are all key frames; webm.ts puts them in a container.
import { coefIndex, COEF_UPDATE_PROBS, DEFAULT_COEF_PROBS } from './vp8-tables';

/** The boolean entropy coder of RFC 6386 §7.3. */
class BoolEncoder {
  private readonly bytes: number[] = [];
  private range = 255;
  private bottom = 0;
  private bitCount = 24;

  write(prob: number, bit: boolean | number): void {
    const split = 1 + (((this.range - 1) * prob) >> 8);
    if (bit) {
      this.bottom = (this.bottom + split) >>> 0;
      this.range -= split;
    } else {
      this.range = split;
    }
    while (this.range < 128) {
      this.range <<= 1;
      if (this.bottom & 0x80000000) this.carry();
      this.bottom = (this.bottom << 1) >>> 0;
      if (--this.bitCount === 0) {
        this.bytes.push(this.bottom >>> 24);
        this.bottom &= 0xffffff;
        this.bitCount = 8;
      }
    }
  }

  /** An unsigned n-bit literal, most significant bit first, each bit at probability 1/2. */
  literal(value: number, bits: number): void {
    for (let bit = bits - 1; bit >= 0; bit--) this.write(128, (value >> bit) & 1);
  }

  /** Pads with 32 zero bits (as libvpx does) so the decoder never reads past the end. */
  finish(): Buffer {
    for (let i = 0; i < 32; i++) this.write(128, 0);
    return Buffer.from(this.bytes);
  }

  private carry(): void {
    let at = this.bytes.length - 1;
    while (at >= 0 && this.bytes[at] === 255) this.bytes[at--] = 0;
    if (at >= 0) this.bytes[at]! += 1;
  }
}

/** One macroblock's colour in Y'CbCr (0..255 each). */
export type Yuv = readonly [number, number, number];

/** Full-range RGB → BT.601 limited-range Y'CbCr, what a browser assumes for VP8 without colour metadata. */
export function rgbToYuv([r, g, b]: readonly [number, number, number]): Yuv {
  const clamp = (v: number) => Math.max(0, Math.min(255, Math.round(v)));
  return [
    clamp(16 + (65.481 * r + 128.553 * g + 24.966 * b) / 255),
    clamp(128 + (-37.797 * r - 74.203 * g + 112 * b) / 255),
    clamp(128 + (112 * r - 93.786 * g - 18.214 * b) / 255),
  ];
}

// Coefficient bands by position (§13.3); only positions 0 and 1 are ever coded here.
const BAND = [0, 1, 2, 3, 6, 4, 5, 6, 6, 6, 6, 6, 6, 6, 6, 7];
const BLOCK_Y_AFTER_Y2 = 0;
const BLOCK_Y2 = 1;
const BLOCK_CHROMA = 2;
// DCT extra-bit categories (§13.2): [base value, probabilities of the extra bits, most significant first].
const CATEGORIES: ReadonlyArray<readonly [number, readonly number[]]> = [
  [5, [159]],
  [7, [165, 145]],
  [11, [173, 148, 140]],
  [19, [176, 155, 140, 135]],
  [35, [180, 157, 141, 134, 130]],
  [67, [254, 254, 243, 230, 196, 177, 153, 140, 133, 130, 129]],
];

/**
 * Codes one block's tokens: either nothing (EOB at the first position) or a single DC value at position 0.
 * Returns whether the block had a non-zero coefficient (the context its neighbours see).
 */
function codeBlock(tokens: BoolEncoder, type: number, ctx: number, dc: number, first: number): boolean {
  const probs = (position: number, context: number) => (node: number) => DEFAULT_COEF_PROBS[coefIndex(type, BAND[position]!, context, node)]!;
  if (dc === 0 || first > 0) {
    tokens.write(probs(first, ctx)(0), 0); // EOB
    return false;
  }
  const p = probs(0, ctx);
  const v = Math.abs(dc);
  tokens.write(p(0), 1); // not EOB
  tokens.write(p(1), 1); // not ZERO
  if (v === 1) {
    tokens.write(p(2), 0);
  } else {
    tokens.write(p(2), 1);
    if (v <= 4) {
      tokens.write(p(3), 0);
      if (v === 2) tokens.write(p(4), 0);
      else {
        tokens.write(p(4), 1);
        tokens.write(p(5), v === 4 ? 1 : 0);
      }
    } else {
      tokens.write(p(3), 1);
      const cat = CATEGORIES.findIndex(([base], i) => v >= base && (i === CATEGORIES.length - 1 || v < CATEGORIES[i + 1]![0]));
      if (cat < 2) {
        tokens.write(p(6), 0);
        tokens.write(p(7), cat);
      } else {
        tokens.write(p(6), 1);
        tokens.write(p(8), cat >= 4 ? 1 : 0);
        tokens.write(p(cat >= 4 ? 10 : 9), cat % 2);
      }
      const [base, extra] = CATEGORIES[cat]!;
      extra.forEach((prob, i) => tokens.write(prob, ((v - base) >> (extra.length - 1 - i)) & 1));
    }
  }
  tokens.write(128, dc < 0 ? 1 : 0); // sign
  tokens.write(probs(1, v === 1 ? 1 : 2)(0), 0); // EOB after the DC
  return true;
}

/** DC_PRED of a flat macroblock from its flat neighbours (§12.2): the rounded mean, one side, or 128. */
function dcPredict(above: number | undefined, left: number | undefined): number {
  if (above !== undefined && left !== undefined) return (above + left + 1) >> 1;
  return above ?? left ?? 128;
}

/**
 * Encodes one key frame of `mbWidth` x `mbHeight` macroblocks (16x16 pixels each); `colour(x, y)` gives macroblock
 * (x, y)'s Y'CbCr colour. Returns the raw VP8 frame (what a WebM SimpleBlock or a WebP 'VP8 ' chunk holds).
 */
export function encodeKeyFrame(mbWidth: number, mbHeight: number, colour: (x: number, y: number) => Yuv): Buffer {
  if (mbWidth < 1 || mbHeight < 1 || mbWidth * 16 > 16383 || mbHeight * 16 > 16383) throw new Error('encodeKeyFrame: bad size');
  const header = new BoolEncoder();
  header.literal(0, 1); // colour space: YUV
  header.literal(0, 1); // clamping required
  header.literal(0, 1); // no segmentation
  header.literal(0, 1); // filter type: normal
  header.literal(0, 6); // loop filter level 0: off, so the flat colours stay exact
  header.literal(0, 3); // sharpness
  header.literal(0, 1); // no loop filter deltas
  header.literal(0, 2); // one token partition
  header.literal(0, 7); // quantiser index 0 (finest: DC step 4, Y2 DC step 8)
  for (let i = 0; i < 5; i++) header.literal(0, 1); // no quantiser deltas
  header.literal(1, 1); // refresh entropy probabilities
  for (const prob of COEF_UPDATE_PROBS) header.write(prob, 0); // keep every default token probability
  header.literal(0, 1); // no skip flags: every macroblock codes its 25 blocks

  const tokens = new BoolEncoder();
  const recon: Yuv[] = []; // reconstructed colour of each macroblock, row-major
  // Non-zero flags of the neighbouring blocks (§13.3): above (per column) and left (per row), per plane.
  const above = { y2: new Array<boolean>(mbWidth).fill(false), u: new Array<boolean>(mbWidth * 2).fill(false), v: new Array<boolean>(mbWidth * 2).fill(false) };
  for (let my = 0; my < mbHeight; my++) {
    const left = { y2: false, u: [false, false], v: [false, false] };
    for (let mx = 0; mx < mbWidth; mx++) {
      header.write(145, 1); // 16x16 prediction (not B_PRED)
      header.write(156, 0);
      header.write(163, 0); // DC_PRED
      header.write(142, 0); // chroma DC_PRED
      const target = colour(mx, my);
      const top = my > 0 ? recon[(my - 1) * mbWidth + mx] : undefined;
      const side = mx > 0 ? recon[my * mbWidth + mx - 1] : undefined;
      const delta = [0, 1, 2].map((plane) => target[plane]! - dcPredict(top?.[plane], side?.[plane]));
      // Y: the second-order (Y2) DC reaches every luma block through the inverse WHT and IDCT:
      // pixel delta = ((8c * 8 + 3) >> 3 + 4) >> 3 = d for c = 8d. Chroma: ((2d * 4) + 4) >> 3 = d.
      const y2nz = codeBlock(tokens, BLOCK_Y2, Number(above.y2[mx]) + Number(left.y2), 8 * delta[0]!, 0);
      above.y2[mx] = left.y2 = y2nz;
      for (let b = 0; b < 16; b++) codeBlock(tokens, BLOCK_Y_AFTER_Y2, 0, 0, 1); // luma AC: none (their flags stay 0)
      for (const [plane, d] of [['u', delta[1]!], ['v', delta[2]!]] as const) {
        for (let by = 0; by < 2; by++) {
          for (let bx = 0; bx < 2; bx++) {
            const nz = codeBlock(tokens, BLOCK_CHROMA, Number(above[plane][mx * 2 + bx]) + Number(left[plane][by]), 2 * d, 0);
            above[plane][mx * 2 + bx] = left[plane][by] = nz;
          }
        }
      }
      recon[my * mbWidth + mx] = target;
    }
  }
  const first = header.finish();
  const rest = tokens.finish();
  const width = mbWidth * 16;
  const height = mbHeight * 16;
  // Frame tag (§9.1): key frame, version 0, shown, first partition size; then the start code and the size.
  const tag = 0 | (0 << 1) | (1 << 4) | (first.length << 5);
  const head = Buffer.from([tag & 0xff, (tag >> 8) & 0xff, (tag >> 16) & 0xff, 0x9d, 0x01, 0x2a, width & 0xff, width >> 8, height & 0xff, height >> 8]);
  return Buffer.concat([head, first, rest]);
}
