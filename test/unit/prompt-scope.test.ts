import assert from 'node:assert/strict';
import { leftOutOfLines, leftOutSentence, promptOfLine } from '../../src/core/midjourney/promptScope';

suite('What a selection sends', () => {
  test('the cursor line gives its prompt without list markers; headings and blank lines give none', () => {
    assert.equal(promptOfLine('- a red fox --ar 3:2  '), 'a red fox --ar 3:2');
    assert.equal(promptOfLine('# Prompts'), undefined);
    assert.equal(promptOfLine('   '), undefined);
  });

  test('a selection cut where the screen wraps leaves out the parameters: the whole line is offered', () => {
    const line = 'a cozy reading nook with a cat, watercolor --niji 6';
    const left = leftOutOfLines([line], 0, 'a cozy reading nook with a cat, watercolor'.length)!;
    assert.equal(left.whole, line);
    assert.equal(left.after, '--niji 6');
    assert.deepEqual(left.parameters, ['--niji 6']);
    assert.equal(leftOutSentence(left), 'The selection leaves out "--niji 6" at the end of its line. Without its parameters MidJourney draws with its defaults.');
  });

  test('a whole line, with or without its list marker and outer spaces, leaves nothing out', () => {
    assert.equal(leftOutOfLines(['- a red fox  '], 2, 11), undefined);
    assert.equal(leftOutOfLines(['- a red fox  '], 0, 13), undefined);
    assert.equal(leftOutOfLines(['a red fox', 'in snow'], 0, 7), undefined);
  });

  test('text left out at the start is named too', () => {
    const left = leftOutOfLines(['a red fox in snow'], 6, 17)!;
    assert.equal(left.before, 'a red');
    assert.equal(left.after, '');
    assert.match(leftOutSentence(left), /^The selection leaves out "a red" at the start of its line\.$/);
  });
});

suite('Base URL fixes', () => {
  test('a URL ending in /v1 or without a scheme knows the root that was meant', async () => {
    const { checkBaseUrl } = await import('../../src/core/gateway/config');
    assert.deepEqual(checkBaseUrl('https://api.example.com/v1'), { ok: false, message: 'The gateway URL ends with /v1. Use the gateway root instead: https://api.example.com (AITRE adds /v1 and /mj itself).', fix: 'https://api.example.com' });
    const bare = checkBaseUrl('api.example.com/v1/');
    assert.equal(!bare.ok && bare.fix, 'https://api.example.com');
    const port = checkBaseUrl('localhost:8080');
    assert.equal(!port.ok && port.fix, 'https://localhost:8080');
    const other = checkBaseUrl('ftp://files.example.com');
    assert.equal(!other.ok && other.fix, undefined);
  });
});
