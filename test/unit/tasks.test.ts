import assert from 'node:assert/strict';
import { normaliseId, normaliseTask, parseProgress, taskChanged } from '../../src/core/midjourney/normalise';
import { buttonText, isTerminalStatus, needsPolling, resultText, splitNumberedPrompts, type TaskRecord } from '../../src/shared/task';

suite('Task normalisation', () => {
  test('ids are strings whether the gateway prints a string or a number', () => {
    assert.equal(normaliseId('1320098173412546'), '1320098173412546');
    assert.equal(normaliseId(1320098173412546), '1320098173412546');
    assert.equal(normaliseId(' 17 '), '17');
    assert.equal(normaliseId(null), '');
    assert.equal(normaliseId({}), '');
  });

  test('progress "46%" becomes 46; empty, missing and junk become 0; values are clamped', () => {
    assert.equal(parseProgress('46%'), 46);
    assert.equal(parseProgress('100%'), 100);
    assert.equal(parseProgress(''), 0);
    assert.equal(parseProgress(undefined), 0);
    assert.equal(parseProgress('abc'), 0);
    assert.equal(parseProgress('46'), 46);
    assert.equal(parseProgress(150), 100);
    assert.equal(parseProgress('-5%'), 0);
  });

  test('every status value is kept, including "", MODAL and CANCEL', () => {
    for (const status of ['', 'NOT_START', 'SUBMITTED', 'MODAL', 'IN_PROGRESS', 'SUCCESS', 'FAILURE', 'CANCEL', 'SOMETHING_NEW']) {
      assert.equal(normaliseTask({ id: '1', status }).status, status);
    }
    assert.equal(normaliseTask({ id: '1' }).status, '');
    assert.ok(isTerminalStatus('CANCEL') && isTerminalStatus('FAILURE') && isTerminalStatus('SUCCESS'));
    assert.ok(!isTerminalStatus('') && !isTerminalStatus('MODAL') && !isTerminalStatus('SOMETHING_NEW'));
  });

  test('a failed task with progress "100%" is still a failure (status decides, never progress)', () => {
    const task = normaliseTask({ id: 9, status: 'FAILURE', progress: '100%', failReason: 'banned' });
    assert.equal(task.progress, 100);
    assert.ok(isTerminalStatus(task.status));
    assert.equal(task.failReason, 'banned');
  });

  test('buttons are kept exactly as returned, entries without customId dropped', () => {
    const buttons = [
      { customId: 'MJ::JOB::upsample::1::abc', emoji: '', label: 'U1', style: 2, type: 2 },
      { customId: 'MJ::JOB::reroll::0::abc::SOLO', emoji: '🔄', label: '', style: 2, type: 2 },
      { emoji: 'x' },
    ];
    const task = normaliseTask({ id: '1', buttons });
    assert.deepEqual(task.buttons, buttons.slice(0, 2));
    assert.equal(buttonText(task.buttons[1]!), '🔄');
    assert.equal(buttonText(task.buttons[0]!), 'U1');
  });

  test('times are epoch ms or null; properties.finalPrompt is lifted', () => {
    const task = normaliseTask({ id: '1', submitTime: 1700000000000, startTime: 0, finishTime: null, properties: { finalPrompt: 'fp' } });
    assert.equal(task.submitTime, 1700000000000);
    assert.equal(task.startTime, null);
    assert.equal(task.finishTime, null);
    assert.equal(task.finalPrompt, 'fp');
  });

  test('junk input never throws', () => {
    for (const junk of [null, undefined, 42, 'text', [], { buttons: 'no' }, { properties: [] }]) {
      const task = normaliseTask(junk);
      assert.equal(typeof task.id, 'string');
      assert.deepEqual(task.buttons, []);
    }
  });

  test('describe/shorten text comes from finalPrompt, then promptEn, then prompt', () => {
    assert.equal(resultText({ finalPrompt: 'a', promptEn: 'b', prompt: 'c' }), 'a');
    assert.equal(resultText({ finalPrompt: '', promptEn: 'b', prompt: 'c' }), 'b');
    assert.equal(resultText({ finalPrompt: '', promptEn: '', prompt: 'c' }), 'c');
  });

  test('numbered prompts split on keycap emojis and on "1." lists', () => {
    const describe = '1️⃣ a cat on a mat --ar 1:1\n\n2️⃣ a dog --ar 1:1\n\n3️⃣ a fox\n\n4️⃣ a bird, in flight';
    assert.deepEqual(splitNumberedPrompts(describe), ['a cat on a mat --ar 1:1', 'a dog --ar 1:1', 'a fox', 'a bird, in flight']);
    const shorten = '## Important tokens\nred, fox\n\n## Shortened prompts\n1️⃣ red fox\n\n2️⃣ fox snow\n\n3️⃣ fox\n\n4️⃣ red\n\n5️⃣ snow fox';
    assert.deepEqual(splitNumberedPrompts(shorten), ['red fox', 'fox snow', 'fox', 'red', 'snow fox']);
    assert.deepEqual(splitNumberedPrompts('1. one\n2. two'), ['one', 'two']);
    assert.deepEqual(splitNumberedPrompts(''), []);
  });

  test('a new preview ?rand= alone is not a change; progress is', () => {
    const a = normaliseTask({ id: '1', status: 'IN_PROGRESS', progress: '15%', imageUrl: 'http://g/mj/image/1?rand=1' });
    const b = normaliseTask({ id: '1', status: 'IN_PROGRESS', progress: '15%', imageUrl: 'http://g/mj/image/1?rand=2' });
    const c = normaliseTask({ id: '1', status: 'IN_PROGRESS', progress: '46%', imageUrl: 'http://g/mj/image/1?rand=3' });
    assert.equal(taskChanged(a, b), false);
    assert.equal(taskChanged(b, c), true);
  });

  test('videos: videoUrl first, then videoUrls ({url} or plain strings), no repeats; poster from thumbnailUrl; a new video is a change', () => {
    const task = normaliseTask({
      id: '1', action: 'VIDEO', status: 'SUCCESS', thumbnailUrl: 'https://cdn/p.webp',
      videoUrl: 'https://cdn/1.mp4', videoUrls: [{ url: 'https://cdn/1.mp4' }, { url: ' https://cdn/2.mp4 ' }, 'https://cdn/3.mp4', { url: '' }, null, 7],
    });
    assert.deepEqual(task.videoUrls, ['https://cdn/1.mp4', 'https://cdn/2.mp4', 'https://cdn/3.mp4']);
    assert.equal(task.imageUrl, 'https://cdn/p.webp');
    assert.equal(normaliseTask({ id: '2', imageUrl: 'https://g/mj/image/2', thumbnailUrl: 'https://cdn/t.png' }).imageUrl, 'https://g/mj/image/2');
    assert.deepEqual(normaliseTask({ id: '3', videoUrl: '', videoUrls: null }).videoUrls, []);
    assert.equal(taskChanged(normaliseTask({ id: '1', status: 'SUCCESS' }), task), true);
    assert.equal(taskChanged(task, normaliseTask({ ...task, videoUrl: task.videoUrls[0], videoUrls: task.videoUrls.map((url) => ({ url })) })), false);
  });

  test('polling: unfinished tasks yes; finished, untracked and unanswered MODAL no', () => {
    const base = { ...normaliseTask({ id: '1' }), addedAt: 0, updatedAt: 0, lastChangeAt: 0 } as TaskRecord;
    assert.ok(needsPolling({ ...base, status: '' }));
    assert.ok(needsPolling({ ...base, status: 'IN_PROGRESS' }));
    assert.ok(!needsPolling({ ...base, status: 'SUCCESS' }));
    assert.ok(!needsPolling({ ...base, status: 'IN_PROGRESS', untracked: true }));
    assert.ok(!needsPolling({ ...base, status: 'MODAL' }));
    assert.ok(needsPolling({ ...base, status: 'MODAL', modalSubmitted: true }));
  });
});
