// The prompt tokeniser: text and parameters with exact offsets, the way MidJourney reads a prompt.
import assert from 'node:assert/strict';
import { parameterAt, parsePrompt, valueText } from '../../src/core/midjourney/promptTokens';

const slice = (text: string, span: { start: number; end: number }) => text.slice(span.start, span.end);

suite('Prompt tokeniser', () => {
  test('text, then parameters with their values and exact offsets', () => {
    const text = 'a red fox in snow --ar 16:9 --chaos 20 --tile';
    const p = parsePrompt(text);
    assert.equal(slice(text, p.body), 'a red fox in snow');
    assert.deepEqual(p.params.map((x) => [x.name, x.spec?.name, x.values.map((v) => v.text), slice(text, x)]), [
      ['ar', 'ar', ['16:9'], '--ar 16:9'],
      ['chaos', 'chaos', ['20'], '--chaos 20'],
      ['tile', 'tile', [], '--tile'],
    ]);
    const chaos = p.params[1]!;
    assert.equal(slice(text, chaos.dash), '--');
    assert.equal(slice(text, chaos.nameSpan), 'chaos');
    assert.ok(chaos.properDash);
  });

  test('aliases resolve to one parameter; names are case-insensitive', () => {
    const p = parsePrompt('x --s 250 --C 10 --Aspect 2:3 --q .5 --w 100');
    assert.deepEqual(p.params.map((x) => x.spec?.name), ['stylize', 'chaos', 'ar', 'quality', 'weird']);
  });

  test('several spaces between words keep the offsets exact', () => {
    const text = '  a fox    --ar    3:2   --stylize  50  ';
    const p = parsePrompt(text);
    assert.equal(slice(text, p.body), 'a fox');
    assert.equal(slice(text, p.params[0]!), '--ar    3:2');
    assert.equal(slice(text, p.params[0]!.values[0]!), '3:2');
    assert.equal(slice(text, p.params[1]!), '--stylize  50');
  });

  test('URLs after --sref (with ::weights and a style code) are its values, not text', () => {
    const text = 'a fox --sref https://cdn.example/a.png::2 <https://cdn.example/b.webp> 12345::1 --sw 300';
    const p = parsePrompt(text);
    const sref = p.params[0]!;
    assert.deepEqual(sref.values.map((v) => v.text), ['https://cdn.example/a.png::2', '<https://cdn.example/b.webp>', '12345::1']);
    assert.deepEqual(sref.stray, []);
    assert.equal(p.params[1]!.spec?.name, 'sw');
  });

  test('--no takes a comma list up to the next parameter', () => {
    const text = 'a garden --no people, cars, red flowers --ar 3:2';
    const p = parsePrompt(text);
    assert.equal(valueText(p, p.params[0]!), 'people, cars, red flowers');
    assert.deepEqual(p.params[0]!.stray, []);
  });

  test('trailing :: weights stay in the text', () => {
    const text = 'hot dog:: ::2 space ship::-0.5 --ar 1:1';
    const p = parsePrompt(text);
    assert.equal(slice(text, p.body), 'hot dog:: ::2 space ship::-0.5');
    assert.equal(p.params.length, 1);
  });

  test('image URLs at the start are image prompts; a URL later is text', () => {
    const p = parsePrompt('https://a.example/x.png https://a.example/y.png a fox https://z.example --iw 2');
    assert.deepEqual(p.imageUrls.map((u) => u.text), ['https://a.example/x.png', 'https://a.example/y.png']);
    assert.equal(p.params[0]!.spec?.name, 'iw');
  });

  test('words a parameter cannot take are stray (text in the wrong place)', () => {
    const p = parsePrompt('--ar 16:9 a fox in snow --tile at dusk');
    assert.equal(p.body.start, p.body.end);
    assert.deepEqual(p.params[0]!.stray.map((w) => w.text), ['a', 'fox', 'in', 'snow']);
    assert.deepEqual(p.params[1]!.stray.map((w) => w.text), ['at', 'dusk']);
  });

  test('--niji takes a version only when one follows; --p takes only code-like words', () => {
    let p = parsePrompt('a fox --niji --ar 1:1');
    assert.equal(p.params[0]!.values.length, 0);
    p = parsePrompt('a fox --niji 6');
    assert.deepEqual(p.params[0]!.values.map((v) => v.text), ['6']);
    p = parsePrompt('a fox --p ab12cd m7x9k2 with a hat');
    assert.deepEqual(p.params[0]!.values.map((v) => v.text), ['ab12cd', 'm7x9k2']);
    assert.deepEqual(p.params[0]!.stray.map((v) => v.text), ['with', 'a', 'hat']);
  });

  test('an em or en dash before a known name is a (mistyped) parameter; elsewhere it is text', () => {
    const text = 'a fox — in snow —ar 16:9 –v 7 well—known —hello';
    const p = parsePrompt(text);
    assert.deepEqual(p.params.map((x) => [x.dash.text, x.name, x.properDash]), [['—', 'ar', false], ['–', 'v', false]]);
    assert.equal(slice(text, p.body), 'a fox — in snow');
    // "well—known —hello" are words after --v: stray text, not parameters.
    assert.deepEqual(p.params[1]!.stray.map((w) => w.text), ['well—known', '—hello']);
  });

  test('an unknown --name is still a parameter (so it can be reported); a lone -- is being typed', () => {
    const p = parsePrompt('a fox --foo 3 --');
    assert.equal(p.params.length, 1);
    assert.equal(p.params[0]!.spec, undefined);
    assert.deepEqual(p.params[0]!.values.map((v) => v.text), ['3']);
    assert.equal(parsePrompt('a fox --').params.length, 0);
    assert.equal(slice('a fox --', parsePrompt('a fox --').body), 'a fox');
  });

  test('parameterAt finds the parameter under an offset (its end included)', () => {
    const text = 'a fox --chaos 50 --ar 1:1';
    const p = parsePrompt(text);
    assert.equal(parameterAt(p, text.indexOf('chaos'))?.name, 'chaos');
    assert.equal(parameterAt(p, text.indexOf('50') + 2)?.name, 'chaos');
    assert.equal(parameterAt(p, 2), undefined);
    assert.equal(parameterAt(p, text.length)?.name, 'ar');
  });
});
