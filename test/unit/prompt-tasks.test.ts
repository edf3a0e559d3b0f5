// Tasks seen from a prompt: found by the exact prompt sent, the last result, recent reference URLs.
import assert from 'node:assert/strict';
import { Emitter } from '../../src/core/base/events';
import { imaginesByPrompt, lastResult, PromptTaskIndex, recentReferenceUrls } from '../../src/core/tasks/promptTasks';
import type { TaskRecord } from '../../src/shared/task';

let clock = 1_000;
function task(id: string, over: Partial<TaskRecord> = {}): TaskRecord {
  clock += 1000;
  return {
    id, action: 'IMAGINE', status: 'SUCCESS', progress: 100, prompt: 'a fox', promptEn: '', finalPrompt: '', description: '',
    imageUrl: `/mj/image/${id}`, videoUrls: [], failReason: '', buttons: [], submitTime: clock, startTime: null, finishTime: clock + 500, botType: '',
    properties: {}, addedAt: clock, updatedAt: clock, lastChangeAt: clock, ...over,
  };
}

suite('Tasks by prompt', () => {
  test('Imagine tasks are found by the prompt as sent (whitespace-normalised), newest first; follow-ups are not', () => {
    const old = task('1', { prompt: 'a fox  --ar 3:2' });
    const recent = task('2', { prompt: 'a fox --ar 3:2', status: 'IN_PROGRESS', imageUrl: '' });
    const upscale = task('3', { action: 'UPSCALE', prompt: 'a fox --ar 3:2', parentId: '1' });
    const other = task('4', { prompt: 'a fox --ar 3:2 --tile' });
    const index = imaginesByPrompt([old, recent, upscale, other]);
    assert.deepEqual(index.get('a fox --ar 3:2')?.map((t) => t.id), ['2', '1']);
    assert.deepEqual(index.get('a fox --ar 3:2 --tile')?.map((t) => t.id), ['4']);
    assert.equal(lastResult(index.get('a fox --ar 3:2')!)?.id, '1', 'the newest finished one with an image');
    assert.equal(lastResult([recent]), undefined);
  });

  test('the index is rebuilt after a store change, and its signature changes only with the counts', () => {
    const tasks = new Map<string, TaskRecord>([['1', task('1')]]);
    const changes = new Emitter<void>();
    const index = new PromptTaskIndex({ values: () => tasks.values(), onDidChange: changes.event });
    let told = 0;
    index.onDidChange(() => { told++; });
    assert.equal(index.tasksFor(' a   fox ').length, 1);
    const before = index.signature();
    tasks.set('1', { ...tasks.get('1')!, progress: 50 });
    changes.fire();
    assert.equal(index.signature(), before);
    tasks.set('2', task('2'));
    changes.fire();
    assert.equal(index.tasksFor('a fox').length, 2);
    assert.notEqual(index.signature(), before);
    assert.equal(told, 2);
    index.dispose();
  });

  test('recent reference URLs: finished images, absolute http(s), newest first, one per URL', () => {
    const tasks = [
      task('1', { prompt: 'first' }),
      task('2', { prompt: 'second', imageUrl: 'https://cdn.example/2.png' }),
      task('3', { prompt: 'running', status: 'IN_PROGRESS' }),
      task('4', { prompt: 'again', imageUrl: 'https://cdn.example/2.png' }),
      task('5', { prompt: 'local only', imageUrl: 'file:///tmp/x.png' }),
      task('6', { action: 'UPSCALE', prompt: 'first', originLabel: 'U1' }),
    ];
    const urls = recentReferenceUrls(tasks, 'https://gw.example');
    assert.deepEqual(urls.map((u) => u.url), ['https://gw.example/mj/image/6', 'https://cdn.example/2.png', 'https://gw.example/mj/image/1']);
    assert.equal(urls[0]!.label, 'U1: first');
    assert.equal(recentReferenceUrls(tasks, 'https://gw.example', 1).length, 1);
  });
});
