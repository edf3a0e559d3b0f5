// The mask editor's pure model (webview/mask/{geometry,raster,model}.ts) in plain Node: which pixels a
// brush covers (at its edge and across the image's border), rectangles, the eraser, invert, clear,
// undo/redo down to the pixel, the history's bound, the keyboard selection, and the two exports (Vary
// (Region) black/white, gpt-image edit transparent where painted) at the natural size of a scaled image.
// That this file compiles under the root tsconfig (lib ES2022, no DOM) and runs in Node is the proof the model
// has no DOM in it.
import assert from 'node:assert/strict';
import {
  BRUSH_MAX, BRUSH_MIN, defaultBrushSize, defaultSelection, dragRect, moveSelection, selectionStep, stepBrushSize,
  toNatural, type Rect,
} from '../../webview/mask/geometry';
import { MaskModel } from '../../webview/mask/model';
import { MaskRaster } from '../../webview/mask/raster';

/** The painted pixels as "x,y" strings, for exact comparisons of small masks. */
function paintedSet(raster: MaskRaster): Set<string> {
  const out = new Set<string>();
  for (let y = 0; y < raster.height; y++) {
    for (let x = 0; x < raster.width; x++) if (raster.isPainted(x, y)) out.add(`${x},${y}`);
  }
  return out;
}

const sum = (data: Uint8Array): number => data.reduce((a, b) => a + b, 0);

/** RGBA of pixel (x, y) of an export of an image `width` wide. */
const rgba = (data: Uint8ClampedArray, width: number, x: number, y: number): number[] =>
  Array.from(data.subarray((y * width + x) * 4, (y * width + x) * 4 + 4));

/** A small deterministic generator (mulberry32), so the long undo/redo walk is the same every run. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

suite('Mask model: brush strokes', () => {
  test('a dab covers exactly the pixels whose centre is within the radius', () => {
    const raster = new MaskRaster(20, 20);
    // Centred on the corner (10, 10), radius 3: per quadrant the centres at offsets 0.5/1.5/2.5 except (2.5, 2.5).
    const dirty = raster.stampSegment(10, 10, 10, 10, 3, 1);
    assert.equal(raster.painted, 32);
    assert.equal(sum(raster.data), 32, 'the count matches the pixels');
    assert.deepEqual(dirty, { x: 7, y: 7, w: 6, h: 6 });
    assert.ok(raster.isPainted(7, 8) && raster.isPainted(12, 11) && raster.isPainted(9, 12), 'edge pixels inside the circle');
    assert.ok(!raster.isPainted(7, 7) && !raster.isPainted(12, 12) && !raster.isPainted(12, 7), 'the box corners are outside it');
    assert.ok(!raster.isPainted(13, 10) && !raster.isPainted(6, 10) && !raster.isPainted(10, 13), 'nothing past the radius');
  });

  test('a segment covers the band of the brush diameter and round caps at both ends', () => {
    const raster = new MaskRaster(20, 20);
    raster.stampSegment(2, 10, 17, 10, 2, 1);
    for (let x = 2; x < 17; x++) {
      for (const y of [8, 9, 10, 11]) assert.ok(raster.isPainted(x, y), `(${x}, ${y}) is inside the band`);
      assert.ok(!raster.isPainted(x, 7) && !raster.isPainted(x, 12), `(${x}, 7/12) is outside the band`);
    }
    // The caps: centre 0.5 is 1.5 from the start (inside radius 2 with the 0.5 row offset), 19.5 is 2.5 past the end.
    assert.ok(raster.isPainted(0, 10) && raster.isPainted(18, 9), 'the round caps reach past the end points');
    assert.ok(!raster.isPainted(19, 10) && !raster.isPainted(0, 8), 'but only by the radius');
    assert.equal(raster.painted, sum(raster.data));
  });

  test('a stroke across the border is clipped to the image; one entirely outside paints nothing', () => {
    const raster = new MaskRaster(20, 10);
    const dirty = raster.stampSegment(-10, 5, 30, 5, 3, 1);
    assert.deepEqual(dirty, { x: 0, y: 2, w: 20, h: 6 }, 'rows 2…7 (centres 2.5…7.5 from y = 5) across the full width');
    assert.equal(raster.painted, 20 * 6);
    assert.equal(raster.data.length, 200, 'nothing written past the raster');
    assert.equal(sum(raster.data), 120);
    assert.equal(raster.stampSegment(-50, -50, -20, -40, 5, 1), undefined);
    assert.equal(raster.stampSegment(25, 3, 40, 3, 4.9, 1), undefined, 'a brush whose reach stops short of the edge');
    assert.equal(raster.painted, 120);
  });

  test('the eraser takes away exactly what it covers', () => {
    const model = new MaskModel(30, 20);
    model.paintRect({ x: 0, y: 0, w: 30, h: 20 }, false);
    model.beginStroke({ x: 15, y: -5 }, 4, true);
    model.extendStroke({ x: 15, y: 25 });
    model.endStroke();
    // Radius 2 around x = 15: columns 13…16 (centres 13.5…16.5) are erased in every row.
    assert.equal(model.painted, 30 * 20 - 4 * 20);
    for (let y = 0; y < 20; y++) {
      assert.ok(!model.raster.isPainted(13, y) && !model.raster.isPainted(16, y));
      assert.ok(model.raster.isPainted(12, y) && model.raster.isPainted(17, y));
    }
  });

  test('moves under half a pixel add nothing; a stroke is one undo step however long', () => {
    const model = new MaskModel(40, 40);
    assert.deepEqual(model.beginStroke({ x: 10, y: 10 }, 4, false), { x: 8, y: 8, w: 4, h: 4 });
    assert.equal(model.extendStroke({ x: 10.3, y: 10.2 }), undefined);
    for (let x = 11; x <= 30; x++) model.extendStroke({ x, y: 10 });
    model.endStroke();
    assert.equal(model.undoDepth, 1);
    assert.ok(model.raster.isPainted(29, 10) && !model.raster.isPainted(33, 10));
    model.undo();
    assert.equal(model.painted, 0);
  });
});

suite('Mask model: rectangles, invert, clear', () => {
  test('a rectangle paints its pixels exactly; one reaching out of the image is clipped', () => {
    const model = new MaskModel(16, 12);
    assert.deepEqual(model.paintRect({ x: 3, y: 2, w: 5, h: 4 }, false), { x: 3, y: 2, w: 5, h: 4 });
    assert.equal(model.painted, 20);
    assert.ok(model.raster.isPainted(3, 2) && model.raster.isPainted(7, 5));
    assert.ok(!model.raster.isPainted(8, 5) && !model.raster.isPainted(7, 6) && !model.raster.isPainted(2, 2));
    assert.deepEqual(model.paintRect({ x: 12, y: -3, w: 10, h: 5 }, false), { x: 12, y: 0, w: 4, h: 2 });
    assert.equal(model.painted, 28);
    assert.equal(model.paintRect({ x: 20, y: 20, w: 3, h: 3 }, false), undefined, 'wholly outside: nothing, and no undo step');
    assert.equal(model.undoDepth, 2);
  });

  test('invert flips every pixel; twice is the identity; undo restores it', () => {
    const model = new MaskModel(10, 10);
    model.paintRect({ x: 2, y: 2, w: 3, h: 3 }, false);
    const before = paintedSet(model.raster);
    assert.deepEqual(model.invert(), { x: 0, y: 0, w: 10, h: 10 });
    assert.equal(model.painted, 100 - 9);
    assert.ok(!model.raster.isPainted(3, 3) && model.raster.isPainted(0, 0) && model.raster.isPainted(9, 9));
    model.invert();
    assert.deepEqual(paintedSet(model.raster), before);
    model.undo();
    assert.equal(model.painted, 91);
    model.undo();
    assert.deepEqual(paintedSet(model.raster), before);
  });

  test('clear empties the mask undoably, and does nothing (no step) on an empty mask', () => {
    const model = new MaskModel(10, 10);
    assert.equal(model.clear(), undefined);
    assert.equal(model.canUndo, false);
    model.paintRect({ x: 1, y: 1, w: 2, h: 2 }, false);
    model.paintRect({ x: 6, y: 7, w: 3, h: 1 }, false);
    assert.deepEqual(model.clear(), { x: 1, y: 1, w: 8, h: 7 }, 'it touches only the painted bounds');
    assert.equal(model.painted, 0);
    assert.ok(model.isEmpty);
    model.undo();
    assert.equal(model.painted, 7);
    assert.ok(model.raster.isPainted(8, 7) && model.raster.isPainted(1, 1) && !model.raster.isPainted(5, 5));
  });
});

suite('Mask model: undo and redo', () => {
  test('undo and redo walk back and forth through every state, pixel for pixel', () => {
    const model = new MaskModel(64, 48);
    const next = random(13);
    const states = [model.raster.data.slice()];
    for (let i = 0; i < 40; i++) {
      const r = next();
      if (r < 0.45) {
        const erase = next() < 0.3;
        model.beginStroke({ x: next() * 80 - 8, y: next() * 60 - 6 }, 4 + next() * 20, erase);
        for (let k = 0; k < 6; k++) model.extendStroke({ x: next() * 80 - 8, y: next() * 60 - 6 });
        model.endStroke();
      } else if (r < 0.8) {
        const rect: Rect = { x: Math.floor(next() * 70) - 3, y: Math.floor(next() * 50) - 3, w: 1 + Math.floor(next() * 30), h: 1 + Math.floor(next() * 30) };
        if (!model.paintRect(rect, next() < 0.3)) continue;
      } else if (r < 0.92) {
        model.invert();
      } else if (!model.clear()) {
        continue;
      }
      states.push(model.raster.data.slice());
    }
    assert.ok(states.length > 30, `a long history (${states.length} states)`);
    assert.equal(model.undoDepth, states.length - 1);
    for (let i = states.length - 2; i >= 0; i--) {
      model.undo();
      assert.deepEqual(model.raster.data, states[i], `undo back to state ${i}`);
      assert.equal(model.painted, sum(states[i]!), 'the count follows');
    }
    assert.equal(model.canUndo, false);
    assert.equal(model.undo(), undefined);
    for (let i = 1; i < states.length; i++) {
      model.redo();
      assert.deepEqual(model.raster.data, states[i], `redo to state ${i}`);
    }
    assert.equal(model.canRedo, false);
  });

  test('a new edit drops what could have been redone', () => {
    const model = new MaskModel(10, 10);
    model.paintRect({ x: 0, y: 0, w: 2, h: 2 }, false);
    model.paintRect({ x: 5, y: 5, w: 2, h: 2 }, false);
    model.undo();
    assert.equal(model.canRedo, true);
    model.paintRect({ x: 8, y: 0, w: 1, h: 1 }, false);
    assert.equal(model.canRedo, false);
    assert.equal(model.redo(), undefined);
    assert.deepEqual(paintedSet(model.raster), new Set(['0,0', '1,0', '0,1', '1,1', '8,0']));
  });

  test('an aborted stroke leaves the mask and the history as they were', () => {
    const model = new MaskModel(30, 30);
    model.paintRect({ x: 10, y: 10, w: 10, h: 10 }, false);
    const before = model.raster.data.slice();
    model.beginStroke({ x: 0, y: 0 }, 8, false);
    model.extendStroke({ x: 29, y: 29 });
    assert.ok(model.raster.isPainted(2, 2), 'the stroke shows while it is drawn');
    assert.deepEqual(model.abortStroke(), { x: 0, y: 0, w: 30, h: 30 });
    assert.deepEqual(model.raster.data, before);
    assert.equal(model.painted, 100);
    assert.equal(model.undoDepth, 1);
    // An aborted eraser stroke gives back what it erased.
    model.beginStroke({ x: 15, y: 15 }, 10, true);
    assert.ok(!model.raster.isPainted(15, 15));
    model.abortStroke();
    assert.deepEqual(model.raster.data, before);
  });

  test('while a stroke is in progress every other edit is refused', () => {
    const model = new MaskModel(20, 20);
    model.paintRect({ x: 0, y: 0, w: 5, h: 5 }, false);
    model.beginStroke({ x: 15, y: 15 }, 4, false);
    assert.equal(model.stroking, true);
    assert.equal(model.canUndo, false);
    assert.equal(model.undo(), undefined);
    assert.equal(model.paintRect({ x: 10, y: 0, w: 2, h: 2 }, false), undefined);
    assert.equal(model.invert(), undefined);
    assert.equal(model.clear(), undefined);
    assert.equal(model.beginStroke({ x: 1, y: 1 }, 4, true), undefined, 'a second pointer cannot start another');
    model.endStroke();
    assert.equal(model.undoDepth, 2);
    assert.equal(model.painted, 25 + 12, 'the rectangle and the dab of radius 2 (3 centres a quadrant)');
  });

  test('the history keeps at most its number of steps, the oldest going first', () => {
    const model = new MaskModel(20, 20, { steps: 3 });
    for (let i = 0; i < 5; i++) model.paintRect({ x: i * 4, y: 0, w: 2, h: 2 }, false);
    assert.equal(model.undoDepth, 3);
    while (model.canUndo) model.undo();
    // Steps 1 and 2 fell out of the history: their rectangles stay.
    assert.deepEqual(paintedSet(model.raster), new Set(['0,0', '1,0', '0,1', '1,1', '4,0', '5,0', '4,1', '5,1']));
    while (model.canRedo) model.redo();
    assert.equal(model.painted, 5 * 4);
  });

  test('the history keeps at most its bytes of overwritten pixels, but always the newest step', () => {
    const model = new MaskModel(40, 40, { bytes: 250 });
    for (let i = 0; i < 4; i++) model.paintRect({ x: i * 10, y: 0, w: 10, h: 10 }, false); // 100 bytes each
    assert.equal(model.undoDepth, 2, 'two steps of 100 bytes fit in 250');
    model.paintRect({ x: 0, y: 20, w: 20, h: 20 }, false); // 400 bytes: over the bound alone
    assert.equal(model.undoDepth, 1, 'the newest step stays even when it alone is over the bound');
    model.undo();
    assert.equal(model.painted, 400);
    model.invert(); // an invert stores no pixels
    model.invert();
    model.invert();
    assert.equal(model.undoDepth, 3);
  });

  test('the default bound is 100 steps', () => {
    const model = new MaskModel(8, 8);
    for (let i = 0; i < 130; i++) model.invert();
    assert.equal(model.undoDepth, 100);
  });
});

suite('Mask model: exports at the natural size', () => {
  // A 400×300 image shown at 200×150 CSS pixels: the user drags from (50, 40) to (100, 90) on screen.
  const natural = { width: 400, height: 300 };
  const display = { width: 200, height: 150 };

  function paintedFromDisplay(): MaskModel {
    const model = new MaskModel(natural.width, natural.height);
    const a = toNatural({ x: 50, y: 40 }, display, natural);
    const b = toNatural({ x: 100, y: 90 }, display, natural);
    assert.deepEqual([a, b], [{ x: 100, y: 80 }, { x: 200, y: 180 }]);
    const rect = dragRect(a, b, natural);
    assert.deepEqual(rect, { x: 100, y: 80, w: 100, h: 100 });
    model.paintRect(rect, false);
    return model;
  }

  test('Vary (Region): white where painted, black elsewhere, opaque, width × height × 4 bytes', () => {
    const model = paintedFromDisplay();
    const out = model.exportRgba('region');
    assert.equal(out.length, 400 * 300 * 4);
    for (const [x, y] of [[100, 80], [199, 179], [150, 120]] as const) assert.deepEqual(rgba(out, 400, x, y), [255, 255, 255, 255]);
    for (const [x, y] of [[99, 80], [200, 179], [199, 180], [0, 0], [399, 299]] as const) assert.deepEqual(rgba(out, 400, x, y), [0, 0, 0, 255]);
    let white = 0;
    for (let i = 0; i < out.length; i += 4) {
      if (out[i] === 255) white++;
      else assert.equal(out[i], 0, 'only black or white');
      assert.equal(out[i + 3], 255);
    }
    assert.equal(white, 100 * 100);
  });

  test('gpt-image edit: transparent where painted, opaque black elsewhere', () => {
    const model = paintedFromDisplay();
    const out = model.exportRgba('edit');
    assert.equal(out.length, 400 * 300 * 4);
    assert.deepEqual(rgba(out, 400, 100, 80), [0, 0, 0, 0]);
    assert.deepEqual(rgba(out, 400, 199, 179), [0, 0, 0, 0]);
    assert.deepEqual(rgba(out, 400, 200, 180), [0, 0, 0, 255]);
    assert.deepEqual(rgba(out, 400, 0, 0), [0, 0, 0, 255]);
    let clear = 0;
    for (let i = 3; i < out.length; i += 4) if (out[i] === 0) clear++;
    assert.equal(clear, 100 * 100);
  });

  test('the export fills a buffer it is given (a canvas ImageData) and refuses one of the wrong size', () => {
    const model = new MaskModel(3, 2);
    model.paintRect({ x: 1, y: 0, w: 1, h: 2 }, false);
    const buffer = new Uint8ClampedArray(3 * 2 * 4).fill(7);
    assert.equal(model.exportRgba('region', buffer), buffer);
    assert.deepEqual(Array.from(buffer), [0, 0, 0, 255, 255, 255, 255, 255, 0, 0, 0, 255, 0, 0, 0, 255, 255, 255, 255, 255, 0, 0, 0, 255]);
    assert.throws(() => model.exportRgba('edit', new Uint8ClampedArray(8)), RangeError);
  });

  test('the overlay of a part of the image: the highlight where painted, transparent elsewhere', () => {
    const raster = new MaskRaster(4, 4);
    raster.fillRect({ x: 1, y: 1, w: 1, h: 1 }, 1);
    const out = raster.overlayRgba({ x: 1, y: 1, w: 2, h: 1 }, [10, 20, 30]);
    assert.deepEqual(Array.from(out), [10, 20, 30, 255, 0, 0, 0, 0]);
  });

  test('a brush stroke drawn on the scaled display lands at natural-size pixels', () => {
    const model = new MaskModel(natural.width, natural.height);
    // A brush of 20 image px along y = 40 CSS px (= 80 image px).
    model.beginStroke(toNatural({ x: 20, y: 40 }, display, natural), 20, false);
    model.extendStroke(toNatural({ x: 180, y: 40 }, display, natural));
    model.endStroke();
    const out = model.exportRgba('region');
    assert.deepEqual(rgba(out, 400, 200, 80), [255, 255, 255, 255]);
    assert.deepEqual(rgba(out, 400, 200, 89), [255, 255, 255, 255], 'radius 10 below the line (centre 89.5)');
    assert.deepEqual(rgba(out, 400, 200, 90), [0, 0, 0, 255], 'and not a pixel more');
    assert.deepEqual(rgba(out, 400, 200, 40), [0, 0, 0, 255], 'nothing at the unscaled y');
  });

  test('a raster must have a whole, positive size', () => {
    assert.throws(() => new MaskRaster(0, 10), RangeError);
    assert.throws(() => new MaskRaster(10.5, 10), RangeError);
  });
});

suite('Mask model: geometry, brush size and the keyboard rectangle', () => {
  const image = { width: 512, height: 384 };

  test('display to natural mapping; a display without a size maps to the origin', () => {
    assert.deepEqual(toNatural({ x: 100, y: 75 }, { width: 400, height: 300 }, image), { x: 128, y: 96 });
    assert.deepEqual(toNatural({ x: 5, y: 5 }, { width: 0, height: 0 }, image), { x: 0, y: 0 });
  });

  test('a drag rectangle is whole pixels in either direction and stays inside the image', () => {
    assert.deepEqual(dragRect({ x: 300.4, y: 240.6 }, { x: 100.2, y: 79.5 }, image), { x: 100, y: 80, w: 200, h: 161 });
    assert.deepEqual(dragRect({ x: -40, y: 370 }, { x: 40, y: 900 }, image), { x: 0, y: 370, w: 40, h: 14 });
  });

  test('brush size: a twelfth of the short side, [ and ] by a fifth (at least 2 px), within the limits', () => {
    assert.equal(defaultBrushSize(image), 32);
    assert.equal(defaultBrushSize({ width: 20, height: 20 }), BRUSH_MIN);
    assert.equal(defaultBrushSize({ width: 8000, height: 8000 }), BRUSH_MAX);
    assert.equal(stepBrushSize(32, 1), 38);
    assert.equal(stepBrushSize(32, -1), 26);
    assert.equal(stepBrushSize(5, -1), BRUSH_MIN);
    assert.equal(stepBrushSize(BRUSH_MAX, 1), BRUSH_MAX);
  });

  test('the keyboard rectangle: starts in the middle half, arrows move it, Shift+arrows resize it, then it paints', () => {
    let s = defaultSelection(image);
    assert.deepEqual(s, { x: 128, y: 96, w: 256, h: 192 });
    const step = selectionStep(image, false);
    assert.equal(step, 6, '384 / 64');
    assert.equal(selectionStep(image, true), 1, 'Alt: one pixel');
    s = moveSelection(s, step, 0, false, image);
    s = moveSelection(s, step, 0, false, image);
    s = moveSelection(s, 0, -step, false, image);
    for (let i = 0; i < 3; i++) s = moveSelection(s, 0, step, true, image);
    s = moveSelection(s, -step, 0, true, image);
    assert.deepEqual(s, { x: 140, y: 90, w: 250, h: 210 }, 'the same keys as the browser test, the same rectangle');

    const model = new MaskModel(image.width, image.height);
    model.paintRect(s, false);
    assert.equal(model.painted, 250 * 210);
    assert.deepEqual(model.raster.paintedBounds(), s);
    model.paintRect(s, true);
    assert.equal(model.painted, 0, 'Delete erases the same rectangle');
  });

  test('the keyboard rectangle never leaves the image and never shrinks below one pixel', () => {
    let s = { x: 10, y: 10, w: 100, h: 50 };
    s = moveSelection(s, -1000, -1000, false, image);
    assert.deepEqual(s, { x: 0, y: 0, w: 100, h: 50 });
    s = moveSelection(s, 1000, 1000, false, image);
    assert.deepEqual(s, { x: 412, y: 334, w: 100, h: 50 }, 'against the far edges');
    s = moveSelection(s, 1000, 1000, true, image);
    assert.deepEqual(s, { x: 412, y: 334, w: 100, h: 50 }, 'it cannot grow past them');
    s = moveSelection(s, -1000, -1000, true, image);
    assert.deepEqual(s, { x: 412, y: 334, w: 1, h: 1 });
  });
});
