// The parameter table every prompt feature reads: complete, consistent, and saying what values do.
import assert from 'node:assert/strict';
import { modelSummary, valueEffect, valueSummary } from '../../src/core/midjourney/describeParameter';
import { closestParameter, findParameter, PARAMETERS, takesParameter } from '../../src/core/midjourney/parameters';

suite('Prompt parameters table', () => {
  test('every parameter of the API contract (§3.10a) is in the table, with its aliases', () => {
    const expected = ['v', 'niji', 'ar', 'chaos', 'stylize', 'weird', 'quality', 'seed', 'stop', 'tile', 'no', 'iw', 'sref', 'sw', 'sv',
      'cref', 'cw', 'oref', 'ow', 'p', 'draft', 'exp', 'raw', 'style', 'zoom', 'video', 'motion', 'loop', 'end', 'bs'];
    for (const name of expected) assert.ok(findParameter(name), `--${name} missing`);
    for (const [alias, name] of [['s', 'stylize'], ['c', 'chaos'], ['q', 'quality'], ['w', 'weird'], ['aspect', 'ar'], ['version', 'v'], ['profile', 'p'], ['STYLIZE', 'stylize']]) {
      assert.equal(findParameter(alias!)?.name, name, alias);
    }
  });

  test('names are unique; every entry has a title, a one-line description and a consistent value shape', () => {
    const seen = new Set<string>();
    for (const spec of PARAMETERS) {
      for (const name of [spec.name, ...spec.aliases]) {
        assert.ok(!seen.has(name), `${name} is used twice`);
        seen.add(name);
      }
      assert.ok(spec.title && spec.description.endsWith('.') && !spec.description.includes('\n'), spec.name);
      if (spec.kind === 'number') assert.ok(spec.min !== undefined && spec.max !== undefined && spec.min < spec.max, spec.name);
      if (spec.kind === 'choice' || spec.kind === 'version' || spec.kind === 'ratio') assert.ok(spec.choices?.length, spec.name);
      for (const mark of spec.marks ?? []) {
        if (spec.kind === 'number') assert.ok(Number(mark.value) >= spec.min! && Number(mark.value) <= spec.max!, `${spec.name} ${mark.value}`);
        else assert.ok(spec.choices!.includes(mark.value), `${spec.name} ${mark.value}`);
      }
      assert.ok(valueSummary(spec).length > 0 && modelSummary(spec).length > 0);
    }
  });

  test('ranges from the contract', () => {
    const range = (name: string) => [findParameter(name)!.min, findParameter(name)!.max];
    assert.deepEqual(range('chaos'), [0, 100]);
    assert.deepEqual(range('stylize'), [0, 1000]);
    assert.deepEqual(range('weird'), [0, 3000]);
    assert.deepEqual(range('seed'), [0, 4294967295]);
    assert.deepEqual(range('stop'), [10, 100]);
    assert.deepEqual(range('iw'), [0, 3]);
    assert.deepEqual(range('sw'), [0, 1000]);
    assert.deepEqual(range('cw'), [0, 100]);
    assert.deepEqual(range('ow'), [1, 1000]);
    assert.deepEqual(range('exp'), [0, 100]);
    assert.deepEqual(range('zoom'), [1, 2]);
    assert.deepEqual(findParameter('quality')!.choices, ['1', '2', '4', '.5', '.25']);
    assert.deepEqual(findParameter('motion')!.choices, ['low', 'high']);
    assert.deepEqual(findParameter('v')!.choices!.slice().sort(), ['5.2', '6', '6.1', '7', '8', '8.1']);
  });

  test('which models take --cref and --oref', () => {
    const cref = findParameter('cref')!;
    const oref = findParameter('oref')!;
    assert.ok(takesParameter(cref, 6) && takesParameter(cref, 6.1) && !takesParameter(cref, 7) && !takesParameter(cref, 5.2));
    assert.ok(takesParameter(oref, 7) && takesParameter(oref, 8.1) && !takesParameter(oref, 6.1));
    assert.ok(takesParameter(findParameter('chaos')!, 5.2));
  });

  test('what a value does, in one line', () => {
    const chaos = findParameter('chaos')!;
    assert.equal(valueEffect(chaos, '0'), 'the four images look alike');
    assert.equal(valueEffect(chaos, '60'), 'very different takes on the prompt');
    assert.equal(valueEffect(chaos, '150'), undefined);
    assert.equal(valueEffect(findParameter('ar')!, '16:9'), 'landscape: 1.78 times as wide as tall');
    assert.equal(valueEffect(findParameter('ar')!, '2:3'), 'portrait: 1.5 times as tall as wide');
    assert.equal(valueEffect(findParameter('ar')!, '5:5'), 'square');
    assert.match(valueEffect(findParameter('quality')!, '0.5') ?? '', /half the GPU time/);
    assert.match(valueEffect(findParameter('motion')!, 'HIGH') ?? '', /movement/);
    assert.equal(valueEffect(findParameter('seed')!, '42'), undefined);
  });

  test('closest parameter: a unique prefix, or one or two letters off', () => {
    assert.equal(closestParameter('ch')?.name, 'chaos');
    assert.equal(closestParameter('stylise')?.name, 'stylize');
    assert.equal(closestParameter('aspekt')?.name, 'ar');
    assert.equal(closestParameter('s'), undefined); // many start with s
    assert.equal(closestParameter('xyzzy'), undefined);
  });
});
