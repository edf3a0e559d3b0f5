import assert from 'node:assert/strict';
import { referenceEdit } from '../../src/core/midjourney/references';

const apply = (line: string, cursor: number, flag: '--sref' | '--oref' | '--cref', url: string) => {
  const edit = referenceEdit(line, cursor, flag, url);
  return 'already' in edit ? 'already' : line.slice(0, edit.at) + edit.text + line.slice(edit.at);
};

suite('Reference insertion (--oref / --sref / --cref)', () => {
  const U = 'https://gw.example/mj/ref/a.png';
  test('after the prompt, before its parameters, when the cursor is among or after them', () => {
    assert.equal(apply('a cat in a hat --ar 1:1 --v 7', 29, '--sref', U), `a cat in a hat --sref ${U} --ar 1:1 --v 7`);
    assert.equal(apply('a cat in a hat --ar 1:1', 18, '--oref', U), `a cat in a hat --oref ${U} --ar 1:1`);
  });
  test('at the cursor in a line without parameters, with spaces where needed', () => {
    assert.equal(apply('a cat in a hat', 14, '--cref', U), `a cat in a hat --cref ${U}`);
    assert.equal(apply('', 0, '--sref', U), `--sref ${U}`);
    assert.equal(apply('a cat', 2, '--sref', U), `a --sref ${U} cat`);
  });
  test('next to the same flag when the line has it; the same URL never twice', () => {
    assert.equal(apply('fox --sref https://x/1.png --ar 3:2', 35, '--sref', U), `fox --sref https://x/1.png ${U} --ar 3:2`);
    assert.equal(apply(`fox --sref ${U}`, 3, '--sref', U), 'already');
  });
});
