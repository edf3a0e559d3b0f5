// Completion spots and items, and hover text, inside one prompt.
import assert from 'node:assert/strict';
import { completionItems, completionSpot, escapeMarkdown, parameterHover } from '../../src/core/midjourney/promptAssist';

/** The spot at the `|` of a prompt written with a cursor mark. */
function spotAt(marked: string, options = {}) {
  const offset = marked.indexOf('|');
  const text = marked.replace('|', '');
  return { text, offset, spot: completionSpot(text, offset, options) };
}

suite('Prompt completion and hover', () => {
  test('after -- (or a single -, or an em dash) every parameter is offered, with a snippet for its values', () => {
    const { spot } = spotAt('a misty forest --ch|');
    assert.equal(spot?.kind, 'name');
    assert.deepEqual([spot!.start, spot!.end, spot!.typed], [15, 19, '--ch']);
    const items = completionItems(spot!);
    const chaos = items.find((i) => i.label === '--chaos')!;
    assert.equal(chaos.insertText, '--chaos ${1:0}');
    assert.match(chaos.detail, /Chaos · 0–100/);
    assert.match(chaos.documentation, /How different the four images/);
    assert.equal(items.find((i) => i.label === '--v')!.insertText, '--v ${1|7,6.1,6,5.2,8,8.1|}');
    assert.match(items.find((i) => i.label === '--ar')!.insertText, /^--ar \$\{1\|1:1,16:9,9:16,3:2/);
    assert.equal(items.find((i) => i.label === '--style')!.insertText, '--style ${1|raw,cute,expressive,original,scenic|}');
    assert.equal(items.find((i) => i.label === '--motion')!.insertText, '--motion ${1|low,high|}');
    assert.equal(items.find((i) => i.label === '--tile')!.insertText, '--tile');
    assert.equal(completionSpot('a fox -', 7)?.kind, 'name');
    assert.equal(completionSpot('a fox —', 7)?.kind, 'name');
  });

  test('parameters already in the prompt are left out; those the model does not take come last, marked', () => {
    const { spot } = spotAt('a fox --ar 1:1 --v 7 --|');
    const items = completionItems(spot!);
    assert.ok(!items.some((i) => i.label === '--ar' || i.label === '--v'));
    const cref = items.find((i) => i.label === '--cref')!;
    assert.ok(cref.notApplicable);
    assert.match(cref.detail, /not on v7/);
    assert.ok(cref.sortText > items.find((i) => i.label === '--oref')!.sortText);
    assert.ok(items.find((i) => i.label === '--zoom')!.notApplicable, '--zoom is for Custom Zoom only');
    const v6 = completionItems(spotAt('a fox --v 6 --|').spot!);
    assert.ok(!v6.find((i) => i.label === '--cref')!.notApplicable);
    assert.ok(v6.find((i) => i.label === '--oref')!.notApplicable);
  });

  test('values: versions, ratios, marks with their effect, and reference URLs for --sref/--oref', () => {
    let items = completionItems(spotAt('a fox --v |').spot!);
    assert.deepEqual(items.map((i) => i.label), ['7', '6.1', '6', '5.2', '8', '8.1']);
    assert.match(items[0]!.detail, /default model/);
    items = completionItems(spotAt('a fox --ar 1|6:9').spot!);
    assert.equal(items[1]!.label, '16:9');
    assert.match(items[1]!.detail, /landscape/);
    assert.deepEqual([items[0]!.start, items[0]!.end], [11, 15]);
    items = completionItems(spotAt('a fox --chaos |').spot!);
    assert.deepEqual(items.map((i) => i.label), ['0', '10', '25', '50', '100']);
    const refs = [{ url: 'https://gw.example/mj/image/1', label: 'Imagine: a fox' }];
    items = completionItems(spotAt('a fox --sref |').spot!, refs);
    assert.deepEqual(items.map((i) => [i.label, i.detail]), [['https://gw.example/mj/image/1', 'Imagine: a fox']]);
    // --sref takes several: after one URL, another is offered.
    assert.equal(spotAt('a fox --sref https://a.example/x.png |').spot?.kind, 'value');
    assert.equal(completionItems(spotAt('a fox --oref |').spot!, refs).length, 1);
    // The name item asks for the suggestions again, so the URLs show right after it.
    assert.ok(completionItems(spotAt('a fox --sr|').spot!, refs).find((i) => i.label === '--sref')!.retrigger);
    assert.ok(!completionItems(spotAt('a fox --sr|').spot!, []).find((i) => i.label === '--sref')!.retrigger);
  });

  test('nothing to complete in prompt text, after a value is given, or for flags', () => {
    assert.equal(spotAt('a fo|x').spot, undefined);
    assert.equal(spotAt('a fox --ar 16:9 |').spot, undefined);
    assert.equal(spotAt('a fox --tile |').spot, undefined);
    assert.equal(spotAt('a fox --no |').spot, undefined);
  });

  test('hover: what it does, range, versions, and the effect of the value', () => {
    const text = 'a misty forest --chaos 50';
    const hover = parameterHover(text, text.indexOf('chaos'))!;
    assert.deepEqual([hover.start, hover.end], [15, 25]);
    assert.match(hover.markdown, /\*\*Chaos\*\* — `--chaos` or `--c`/);
    assert.match(hover.markdown, /How different the four images of the grid are/);
    assert.match(hover.markdown, /Values: 0–100 \(default 0\) · For: every version/);
    assert.match(hover.markdown, /`--chaos 50`: very different takes on the prompt/);
  });

  test('hover shows the problems of the parameter, and which model the prompt runs on', () => {
    let text = 'a knight --cref https://x.example/k.png';
    let hover = parameterHover(text, text.length - 1)!;
    assert.match(hover.markdown, /For: v6 and Niji 6 only/);
    assert.match(hover.markdown, /\$\(warning\) \\-\\-cref does not work on v7/);
    text = 'a knight --oref https://x.example/k.png';
    hover = parameterHover(text, 10)!;
    assert.match(hover.markdown, /Works here: this prompt runs on v7 \(your default version\)/);
    text = 'a fox --chaos 150';
    assert.match(parameterHover(text, 8)!.markdown, /must be between 0 and 100/);
    assert.equal(parameterHover('a fox --foo 1', 8), undefined);
    assert.equal(parameterHover('a fox --chaos 1', 2), undefined);
  });

  test('Markdown from prompt text is escaped (no links, no theme icons)', () => {
    assert.equal(escapeMarkdown('[x](command:y) $(zap) *b*'), '\\[x\\]\\(command:y\\) \\$\\(zap\\) \\*b\\*');
  });
});
