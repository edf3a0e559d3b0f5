// The prompt checker: one test per rule, each fix applied to the text.
import assert from 'node:assert/strict';
import { applyEdits, checkPrompt, modelOf, type CheckOptions, type ProblemCode, type PromptProblem } from '../../src/core/midjourney/promptCheck';
import { parsePrompt } from '../../src/core/midjourney/promptTokens';
import { checkCustomZoomPrompt } from '../../src/core/midjourney/prompts';

const codes = (text: string, options?: CheckOptions) => checkPrompt(text, options).map((p) => p.code);

function only(text: string, code: ProblemCode, options?: CheckOptions): PromptProblem {
  const problems = checkPrompt(text, options);
  assert.deepEqual(problems.map((p) => p.code), [code], JSON.stringify(problems, null, 1));
  return problems[0]!;
}

/** The text after applying the fix titled `title` (or the preferred one). */
function fixed(text: string, problem: PromptProblem, title?: string): string {
  const fix = title ? problem.fixes.find((f) => f.title === title) : problem.fixes.find((f) => f.preferred);
  assert.ok(fix, `no fix ${title ?? '(preferred)'} in ${JSON.stringify(problem.fixes.map((f) => f.title))}`);
  return applyEdits(text, fix.edits);
}

const at = (text: string, p: PromptProblem) => text.slice(p.start, p.end);

suite('Prompt checker', () => {
  test('a clean prompt has no problems', () => {
    for (const text of [
      'a red fox in fresh snow, golden hour --ar 3:2',
      'a lighthouse --v 6.1 --cref https://x.example/a.png --cw 50',
      'a lighthouse --oref https://x.example/a.png --ow 250 --exp 10 --draft',
      'a garden --no people, cars --stylize 250 --chaos 10 --weird 0 --q .5 --seed 42 --stop 90 --tile',
      'anime girl --niji 6 --style raw --ar 2:3',
      'a cat --niji 5 --style cute',
      'https://x.example/a.png a fox --iw 1.5 --sref 123456 --sw 400 --sv 4 --p',
      'a wave --video --motion high --loop --bs 2 --end https://x.example/end.png',
      'cat::2 dog::-0.5 --ar 1:1',
    ]) assert.deepEqual(checkPrompt(text), [], text);
  });

  test('unknown parameter: did-you-mean fix, remove fix, and glued values', () => {
    let text = 'a fox --chose 10';
    let p = only(text, 'unknown-parameter');
    assert.match(p.message, /did you mean --chaos/);
    assert.equal(at(text, p), '--chose');
    assert.equal(fixed(text, p), 'a fox --chaos 10');
    assert.equal(fixed(text, p, 'Remove --chose 10'), 'a fox');
    text = 'a fox --ch 50';
    assert.equal(fixed(text, only(text, 'unknown-parameter')), 'a fox --chaos 50'); // a unique prefix
    text = 'a fox --zzz';
    p = only(text, 'unknown-parameter');
    assert.match(p.message, /not a MidJourney parameter AITRE knows/);
    assert.deepEqual(p.fixes.map((f) => f.title), ['Remove --zzz']);
    text = 'a fox --v7';
    assert.equal(fixed(text, only(text, 'unknown-parameter')), 'a fox --v 7');
  });

  test('out of range: clamped by the fix; integers rounded; not-a-number refused', () => {
    let text = 'a misty forest --chaos 150';
    let p = only(text, 'out-of-range');
    assert.equal(p.message, '--chaos must be between 0 and 100 (it is 150).');
    assert.equal(at(text, p), '150');
    assert.equal(fixed(text, p), 'a misty forest --chaos 100');
    text = 'a fox --s -5';
    assert.equal(fixed(text, only(text, 'out-of-range')), 'a fox --s 0');
    text = 'a fox --iw 4';
    assert.equal(fixed(text, only(text, 'out-of-range')), 'a fox --iw 3');
    text = 'a fox --stop 5';
    assert.equal(fixed(text, only(text, 'out-of-range')), 'a fox --stop 10');
    text = 'a fox --chaos 12.6';
    p = only(text, 'invalid-value');
    assert.match(p.message, /whole number/);
    assert.equal(fixed(text, p), 'a fox --chaos 13');
    text = 'a fox --chaos lots';
    p = only(text, 'invalid-value');
    assert.match(p.message, /takes a number between 0 and 100 \(it is "lots"\)/);
    assert.equal(fixed(text, p, 'Remove --chaos lots'), 'a fox');
  });

  test('choices: quality to the nearest, motion to one of its words; unknown versions only warn', () => {
    let text = 'a fox --q 3';
    let p = only(text, 'invalid-value');
    assert.equal(fixed(text, p), 'a fox --q 2');
    text = 'a fox --q 0.25';
    assert.deepEqual(codes(text), []);
    text = 'a wave --video --motion medium';
    p = only(text, 'invalid-value');
    assert.deepEqual(p.fixes.map((f) => applyEdits(text, f.edits)), ['a wave --video --motion low', 'a wave --video --motion high']);
    text = 'a fox --v 9';
    p = only(text, 'unknown-version');
    assert.equal(p.severity, 'warning');
    assert.equal(fixed(text, p), 'a fox --v 8.1');
    assert.deepEqual(codes('a fox --v 7.0'), []);
  });

  test('aspect ratio: x or / becomes a colon, decimals become whole numbers, zero is refused', () => {
    let text = 'a fox --ar 16x9';
    assert.equal(fixed(text, only(text, 'invalid-value')), 'a fox --ar 16:9');
    text = 'a fox --ar 16/9';
    assert.equal(fixed(text, only(text, 'invalid-value')), 'a fox --ar 16:9');
    text = 'a fox --ar 1.5:1';
    const p = only(text, 'invalid-value');
    assert.match(p.message, /whole numbers/);
    assert.equal(fixed(text, p), 'a fox --ar 3:2');
    assert.deepEqual(only('a fox --ar 0:1', 'invalid-value').fixes, []);
    assert.deepEqual(only('a fox --ar wide', 'invalid-value').fixes.map((f) => f.title), ['Remove --ar wide']);
  });

  test('missing value: the default is offered, or removal', () => {
    let text = 'a fox --chaos';
    let p = only(text, 'missing-value');
    assert.match(p.message, /--chaos needs a value between 0 and 100, e\.g\. --chaos 0/);
    assert.equal(fixed(text, p), 'a fox --chaos 0');
    assert.equal(fixed(text, p, 'Remove --chaos'), 'a fox');
    text = 'a fox --oref --ar 1:1';
    p = only(text, 'missing-value');
    assert.match(p.message, /needs an image URL/);
    assert.deepEqual(p.fixes.map((f) => f.title), ['Remove --oref']);
    assert.deepEqual(codes('a fox --niji --tile --p'), []);
  });

  test('--cref on v7+ (also by default) is turned into --oref; --cw into --ow', () => {
    let text = 'a knight --cref https://x.example/k.png --cw 80';
    const problems = checkPrompt(text);
    assert.deepEqual(problems.map((p) => p.code), ['not-for-model', 'not-for-model']);
    assert.match(problems[0]!.message, /--cref does not work on v7 \(your default version\).*use --oref instead/);
    text = fixed(text, problems[0]!);
    assert.equal(text, 'a knight --oref https://x.example/k.png --cw 80');
    text = fixed(text, checkPrompt(text)[0]!);
    assert.equal(text, 'a knight --oref https://x.example/k.png --ow 80');
    assert.deepEqual(checkPrompt(text), []);
    assert.deepEqual(codes('a knight --cref https://x.example/k.png --v 8'), ['not-for-model']);
    // The default version is the user's: on v6.1 --cref is fine.
    assert.deepEqual(codes('a knight --cref https://x.example/k.png', { defaultVersion: '6.1' }), []);
  });

  test('--oref before v7 becomes --cref (with --ow clamped into --cw); on v5.2 it can only go', () => {
    let text = 'a knight --v 6 --oref https://x.example/k.png --ow 400';
    const [oref, ow] = checkPrompt(text);
    assert.equal(oref!.code, 'not-for-model');
    assert.equal(fixed(text, oref!), 'a knight --v 6 --cref https://x.example/k.png --ow 400');
    assert.equal(fixed(text, ow!), 'a knight --v 6 --oref https://x.example/k.png --cw 100');
    text = 'a knight --v 5.2 --oref https://x.example/k.png';
    const p = only(text, 'not-for-model');
    assert.deepEqual(p.fixes.map((f) => f.title), ['Remove --oref https://x.example/k.png']);
    assert.equal(fixed(text, p), 'a knight --v 5.2');
    assert.deepEqual(codes('a cat --niji 6 --oref https://x.example/k.png'), ['not-for-model']);
    assert.deepEqual(codes('a cat --v 6.1 --draft --exp 5'), ['not-for-model', 'not-for-model']);
  });

  test('Niji 5 styles need --niji 5', () => {
    const text = 'a cat --style cute';
    const p = only(text, 'not-for-model');
    assert.equal(fixed(text, p, 'Change to --style raw'), 'a cat --style raw');
    assert.deepEqual(codes('a cat --niji 5 --style scenic'), []);
  });

  test('--niji with --v: keep one; the Niji bot refuses --v', () => {
    const text = 'a cat --niji 6 --v 7';
    const p = only(text, 'niji-with-v');
    assert.equal(at(text, p), '--v 7');
    assert.equal(fixed(text, p), 'a cat --niji 6');
    assert.equal(fixed(text, p, 'Remove --niji 6'), 'a cat --v 7');
    const bot = only('a cat --v 7', 'niji-with-v', { bot: 'NIJI_JOURNEY' });
    assert.match(bot.message, /Niji bot/);
    assert.equal(fixed('a cat --v 7', bot), 'a cat');
    assert.deepEqual(codes('a cat --niji 6', { bot: 'NIJI_JOURNEY' }), []);
  });

  test('duplicated parameter (also through an alias): remove the second', () => {
    let text = 'a fox --ar 16:9 --tile --ar 1:1';
    let p = only(text, 'duplicate');
    assert.equal(at(text, p), '--ar 1:1');
    assert.equal(fixed(text, p), 'a fox --ar 16:9 --tile');
    text = 'a fox --s 100 --stylize 200';
    p = only(text, 'duplicate');
    assert.match(p.message, /--s and --stylize both set stylize/);
    assert.equal(fixed(text, p), 'a fox --s 100');
  });

  test('em and en dashes where -- was meant: replaced, and the parameter is still checked', () => {
    let text = 'a fox —ar 16:9';
    const p = only(text, 'dash');
    assert.equal(at(text, p), '—ar');
    assert.match(p.message, /type two hyphens \(--ar\)/);
    assert.equal(fixed(text, p), 'a fox --ar 16:9');
    text = 'a fox –chaos 150';
    assert.deepEqual(codes(text), ['dash', 'out-of-range']);
    text = 'a fox −−stylize 50';
    assert.equal(fixed(text, checkPrompt(text)[0]!), 'a fox --stylize 50');
  });

  test('parameters before the prompt text, and text after a parameter: moved in one fix', () => {
    let text = '--ar 16:9 a fox in snow';
    let p = only(text, 'parameter-order');
    assert.match(p.message, /starts with parameters/);
    assert.equal(at(text, p), 'a fox in snow');
    assert.equal(fixed(text, p), 'a fox in snow --ar 16:9');
    text = 'a fox --ar 16:9 in the snow --tile at dusk';
    const problems = checkPrompt(text);
    assert.deepEqual(problems.map((x) => [x.code, at(text, x)]), [['parameter-order', 'in the snow'], ['parameter-order', 'at dusk']]);
    assert.equal(fixed(text, problems[1]!), 'a fox in the snow at dusk --ar 16:9 --tile');
    assert.deepEqual(checkPrompt(fixed(text, problems[0]!)), []);
    p = only('--tile', 'no-text');
    assert.match(p.message, /only parameters/);
  });

  test('--zoom outside Custom Zoom; inside it, --zoom is required and checked', () => {
    const text = 'a fox --zoom 1.5';
    const p = only(text, 'zoom-outside-custom-zoom');
    assert.equal(fixed(text, p), 'a fox');
    assert.deepEqual(codes(text, { context: 'customZoom' }), []);
    const missing = only('a fox --ar 1:1', 'zoom-missing', { context: 'customZoom' });
    assert.equal(fixed('a fox --ar 1:1', missing), 'a fox --ar 1:1 --zoom 2');
    assert.deepEqual(codes('a fox --zoom 3', { context: 'customZoom' }), ['out-of-range']);
  });

  test('Custom Zoom input uses the same zoom rules (and only those)', () => {
    assert.equal(checkCustomZoomPrompt('a fox --zoom 1.5'), undefined);
    assert.equal(checkCustomZoomPrompt('a fox --chaos 300 --zoom 1.5'), undefined);
    assert.equal(checkCustomZoomPrompt('a fox --zoom 2.5'), '--zoom must be between 1 and 2 (it is 2.5).');
    assert.match(checkCustomZoomPrompt('a fox --zoom') ?? '', /--zoom needs a value between 1 and 2/);
    assert.match(checkCustomZoomPrompt('') ?? '', /Write a prompt with --zoom/);
  });

  test('video parameters without --video warn, with an "Add --video" fix', () => {
    const text = 'a wave --motion high --ar 16:9';
    const p = only(text, 'needs-video');
    assert.equal(p.severity, 'warning');
    assert.equal(fixed(text, p), 'a wave --motion high --ar 16:9 --video');
    assert.equal(fixed(text, p, 'Remove --motion high'), 'a wave --ar 16:9');
  });

  test('--repeat warns about the number of paid jobs', () => {
    const p = only('a fox --repeat 4', 'repeat-cost');
    assert.equal(p.severity, 'warning');
    assert.match(p.message, /4 paid jobs/);
    assert.equal(fixed('a fox --repeat 4', p, 'Remove --repeat 4'), 'a fox');
    assert.deepEqual(codes('a fox --r 1'), []);
    assert.deepEqual(codes('a fox --repeat 41'), ['out-of-range']);
  });

  test('problems name their parameter; a lone -- being typed is not a problem', () => {
    assert.equal(checkPrompt('a fox --chaos 150')[0]!.parameter, 'chaos');
    assert.equal(checkPrompt('--ar 1:1 a fox')[0]!.parameter, undefined);
    assert.deepEqual(codes('a fox --'), []);
    assert.deepEqual(codes('a fox --ar 1:1 --'), []);
  });

  test('the model: --niji, then --v, then the bot, then the default version', () => {
    assert.deepEqual(modelOf(parsePrompt('a --niji 5')), { family: 'niji', version: '5', generation: 5.2, from: 'prompt' });
    assert.deepEqual(modelOf(parsePrompt('a --v 6.1')), { family: 'midjourney', version: '6.1', generation: 6.1, from: 'prompt' });
    assert.equal(modelOf(parsePrompt('a'), { bot: 'NIJI_JOURNEY' }).family, 'niji');
    assert.equal(modelOf(parsePrompt('a'), { defaultVersion: '8' }).generation, 8);
    assert.equal(modelOf(parsePrompt('a')).version, '7');
  });

  test('fix edits never overlap and every fix of every problem applies cleanly', () => {
    const text = '—ar 16x9 a fox --chaos 150 --chose 1 --cref https://x.example/a.png --zoom 3 --ar 1:1 --niji 6 --v 7 --motion medium';
    const problems = checkPrompt(text);
    assert.ok(problems.length >= 8, JSON.stringify(problems.map((p) => p.code)));
    for (const problem of problems) {
      assert.ok(problem.message.endsWith('.') || problem.message.endsWith('?'), problem.message);
      assert.ok(!/[{}]/.test(problem.message), problem.message);
      for (const fix of problem.fixes) {
        const sorted = [...fix.edits].sort((a, b) => a.start - b.start);
        for (let i = 1; i < sorted.length; i++) assert.ok(sorted[i]!.start >= sorted[i - 1]!.end, fix.title);
        assert.notEqual(applyEdits(text, fix.edits), text, fix.title);
      }
      assert.ok(problem.fixes.filter((f) => f.preferred).length <= 1, problem.code);
    }
  });
});
