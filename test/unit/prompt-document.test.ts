// Where the prompts are in a document: every line of a prompt file, or ```midjourney blocks only.
import assert from 'node:assert/strict';
import { findPrompts } from '../../src/core/midjourney/promptDocument';

const ALL = { allLines: true, markdown: false };
const MD_ALL = { allLines: true, markdown: true };
const FENCED = { allLines: false, markdown: true };
const texts = (text: string, scope: typeof ALL) => findPrompts(text, scope).map((p) => [p.line, p.text]);

suite('Prompts in a document', () => {
  test('a prompt file: every non-empty line except # comments', () => {
    const text = ['# ideas for the poster', '', 'a red fox --ar 3:2', '   a lighthouse   ', '#no space comment', 'a castle'].join('\n');
    assert.deepEqual(texts(text, ALL), [[2, 'a red fox --ar 3:2'], [3, 'a lighthouse'], [5, 'a castle']]);
    const lighthouse = findPrompts(text, ALL)[1]!;
    assert.deepEqual([lighthouse.start, lighthouse.end], [3, 15]);
  });

  test('Markdown: only ```midjourney (or ```mj) blocks; other fences and prose are not prompts', () => {
    const text = [
      '# Poster', 'Some prose --chaos 500 that is not a prompt.', '',
      '```midjourney', 'a red fox --ar 3:2', '', '# a comment', 'a lighthouse', '```',
      '```js', 'const x = "--chaos 500";', '```',
      '~~~~ MJ', 'a castle', '~~~', 'still inside', '~~~~',
      'after',
    ].join('\r\n');
    assert.deepEqual(texts(text, FENCED), [[4, 'a red fox --ar 3:2'], [7, 'a lighthouse'], [13, 'a castle'], [15, 'still inside']]);
  });

  test('a Markdown file listed in aitre.prompts.files: every line but headings, lists unwrapped', () => {
    const text = [
      '---', 'title: prompts', 'tags: [a]', '---',
      '# Heading', 'Setext heading', '=====', 'Another heading', '---',
      '- a fox in snow --ar 3:2', '* [ ] a lighthouse', '12. a castle', '> a quote prompt',
      '![a fox](assets/fox.png)', '| a | table |', '<img src="x">', '<!-- hidden', 'still hidden -->',
      '***', '',
      '```js', 'code()', '```', '```midjourney', 'fenced prompt', '```',
      'a plain line',
    ].join('\n');
    assert.deepEqual(texts(text, MD_ALL).map(([, t]) => t), ['a fox in snow --ar 3:2', 'a lighthouse', 'a castle', 'a quote prompt', 'fenced prompt', 'a plain line']);
    const fox = findPrompts(text, MD_ALL)[0]!;
    assert.deepEqual([fox.line, fox.start, fox.end], [9, 2, 24]);
  });

  test('a line that starts with --ar is a prompt (not a list item)', () => {
    assert.deepEqual(texts('--ar 16:9 a fox', MD_ALL), [[0, '--ar 16:9 a fox']]);
  });

  test('an unclosed fence runs to the end of the document', () => {
    assert.deepEqual(texts('```midjourney\na fox\na cat', FENCED), [[1, 'a fox'], [2, 'a cat']]);
  });
});
