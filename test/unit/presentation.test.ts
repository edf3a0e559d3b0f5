import assert from 'node:assert/strict';
import { resolveImageUrl, statusText, taskRow, taskTitle, toTaskView } from '../../src/core/tasks/presentation';
import { normaliseTask } from '../../src/core/midjourney/normalise';
import { buttonGroup, buttonViews } from '../../src/shared/buttons';
import { isWebviewToHost } from '../../src/shared/protocol';
import type { TaskRecord } from '../../src/shared/task';

const record = (patch: Partial<TaskRecord>): TaskRecord => ({
  ...normaliseTask({ id: '1710000000000001', prompt: 'a red fox in snow' }), addedAt: 1, updatedAt: 1, lastChangeAt: 1, ...patch,
});

suite('Presentation', () => {
  test('titles name the action (or the button) and the prompt', () => {
    assert.equal(taskTitle(record({ action: 'IMAGINE' })), 'Imagine: a red fox in snow');
    assert.equal(taskTitle(record({ action: 'UPSCALE', originLabel: 'U2' })), 'U2: a red fox in snow');
    assert.equal(taskTitle(record({ action: 'DESCRIBE', prompt: '' })), 'Describe 1710000000000001');
  });

  test('status text for every status', () => {
    assert.equal(statusText(record({ status: '' })), 'waiting to start');
    assert.equal(statusText(record({ status: 'SUBMITTED' })), 'queued');
    assert.equal(statusText(record({ status: 'IN_PROGRESS', progress: 46 })), '46%');
    assert.equal(statusText(record({ status: 'MODAL' })), 'needs your input');
    assert.equal(statusText(record({ status: 'SUCCESS' })), 'done');
    assert.equal(statusText(record({ status: 'FAILURE' })), 'failed');
    assert.equal(statusText(record({ status: 'CANCEL' })), 'cancelled');
    assert.match(statusText(record({ status: 'IN_PROGRESS', progress: 85, stalled: true, lastChangeAt: 0 }), 12 * 60_000), /85% · stalled 12 min/);
  });

  test('tree rows lead with the state until done; labels stay short', () => {
    assert.deepEqual(taskRow(record({ action: 'IMAGINE', status: 'IN_PROGRESS', progress: 58 })), { label: '58% · Imagine: a red fox in snow', description: '' });
    assert.deepEqual(taskRow(record({ action: 'IMAGINE', status: 'FAILURE' })), { label: 'failed · Imagine: a red fox in snow', description: '' });
    assert.deepEqual(taskRow(record({ action: 'IMAGINE', status: 'SUCCESS' })), { label: 'Imagine: a red fox in snow', description: 'done' });
    const long = taskRow(record({ action: 'IMAGINE', status: 'SUCCESS', prompt: 'word '.repeat(40) }));
    assert.ok(long.label.length <= 'Imagine: '.length + 48, long.label);
  });

  test('image URLs: relative ones resolve against the gateway; javascript: and data: are dropped', () => {
    assert.equal(resolveImageUrl('/mj/image/1', 'https://gw.example'), 'https://gw.example/mj/image/1');
    assert.equal(resolveImageUrl('https://cdn.example/a.png', 'https://gw.example'), 'https://cdn.example/a.png');
    assert.equal(resolveImageUrl('javascript:alert(1)', 'https://gw.example'), '');
    assert.equal(resolveImageUrl('data:text/html,<script>alert(1)</script>', 'https://gw.example'), '');
    assert.equal(resolveImageUrl('', 'https://gw.example'), '');
  });

  test('the panel view shows buttons only on success, grouped, labels or emoji', () => {
    const buttons = [
      { customId: 'MJ::JOB::upsample::1::h', emoji: '', label: 'U1', style: 2, type: 2 },
      { customId: 'MJ::JOB::reroll::0::h::SOLO', emoji: '🔄', label: '', style: 2, type: 2 },
      { customId: 'MJ::JOB::variation::1::h', emoji: '', label: 'V1', style: 2, type: 2 },
      { customId: 'MJ::Something::new', emoji: '', label: 'New', style: 2, type: 2 },
    ];
    const ctx = { get: () => undefined, children: () => [], gatewayRoot: 'http://127.0.0.1:1' };
    assert.deepEqual(toTaskView(record({ status: 'IN_PROGRESS', buttons }), ctx).buttons, []);
    const view = toTaskView(record({ status: 'SUCCESS', buttons }), ctx);
    assert.deepEqual(view.buttons.map((b) => [b.text, b.group]), [['U1', 'upscale'], ['🔄', 'reroll'], ['V1', 'vary'], ['New', 'other']]);
    assert.deepEqual(buttonViews(buttons).map((b) => b.customId), buttons.map((b) => b.customId));
  });

  test('buttons explain themselves and say they are paid; the first group (upscale on a grid, then the next) is the primary step', () => {
    const b = (customId: string, label = '') => ({ customId, emoji: '', label, style: 2, type: 2 });
    const grid = buttonViews([b('MJ::JOB::upsample::2::h', 'U2'), b('MJ::JOB::reroll::0::h::SOLO'), b('MJ::JOB::variation::3::h', 'V3')]);
    assert.deepEqual(grid.map((v) => v.primary), [true, false, false]);
    assert.equal(grid[0]!.explanation, 'Upscale image 2 of the grid into a picture of its own. Starts a new paid MidJourney job.');
    assert.equal(grid[2]!.explanation, 'Four new variations of image 3 of the grid. Starts a new paid MidJourney job.');
    const upscaled = buttonViews([
      b('MJ::JOB::upsample_v7_2x_creative::1::h::SOLO', 'Upscale (Creative)'), b('MJ::Outpaint::50::1::h::SOLO', 'Zoom Out 2x'),
      b('MJ::JOB::pan_left::1::h::SOLO'), b('MJ::JOB::pan_up::1::h::SOLO'), b('MJ::Inpaint::1::h::SOLO', 'Vary (Region)'), b('MJ::JOB::animate_high::1::h::SOLO'),
    ]);
    assert.deepEqual(upscaled.map((v) => v.primary), [true, false, false, false, false, false]);
    assert.deepEqual(upscaled.map((v) => v.explanation.replace(' Starts a new paid MidJourney job.', '')), [
      'Upscale this picture 2x, letting MidJourney add detail.',
      'Zoom out 2x: MidJourney draws a wider view around the picture.',
      'Extend the picture to the left.',
      'Extend the picture upwards.',
      'Paint the area to change and describe it; the rest stays.',
      'Make a short video of this picture, with a lot of motion.',
    ]);
    assert.ok(upscaled.every((v) => v.explanation.endsWith('Starts a new paid MidJourney job.')));
    // Only unknown buttons: none is singled out.
    assert.deepEqual(buttonViews([b('MJ::Something::new', 'New')]).map((v) => v.primary), [false]);
  });

  test('button groups for the upscaled-image set', () => {
    assert.equal(buttonGroup('MJ::JOB::upsample_v6_2x_subtle::1::h::SOLO'), 'upscale');
    assert.equal(buttonGroup('MJ::JOB::low_variation::1::h::SOLO'), 'vary');
    assert.equal(buttonGroup('MJ::Inpaint::1::h::SOLO'), 'vary');
    assert.equal(buttonGroup('MJ::Outpaint::50::1::h::SOLO'), 'zoom');
    assert.equal(buttonGroup('MJ::CustomZoom::h'), 'zoom');
    assert.equal(buttonGroup('MJ::JOB::pan_left::1::h::SOLO'), 'pan');
    assert.equal(buttonGroup('MJ::Job::PicReader::1'), 'prompt');
  });

  test('webview messages are checked field by field', () => {
    assert.ok(isWebviewToHost({ type: 'press', taskId: '123', customId: 'MJ::JOB::upsample::1::h' }));
    assert.ok(isWebviewToHost({ type: 'ready', taskId: null }));
    assert.ok(!isWebviewToHost({ type: 'press', taskId: '../../etc', customId: 'x' }));
    assert.ok(!isWebviewToHost({ type: 'press', taskId: '123' }));
    assert.ok(!isWebviewToHost({ type: 'openExternal', url: 'javascript:alert(1)' }));
    assert.ok(!isWebviewToHost({ type: 'eval', code: '1' }));
    assert.ok(!isWebviewToHost('press'));
  });
});

import { markdownImage, outputFileName, relativePath, slugify, uniqueFileName } from '../../src/core/files/outputs';

suite('Workspace outputs', () => {
  test('slugs drop MidJourney flags and punctuation', () => {
    assert.equal(slugify('A red fox, in fresh snow! --ar 3:2 --v 6.1'), 'a-red-fox-in-fresh-snow');
    assert.equal(slugify('Café crème --niji 6'), 'cafe-creme');
    assert.equal(slugify('!!!'), 'image');
    assert.ok(slugify('word '.repeat(40)).length <= 40);
  });

  test('file names are short: date, kind, short task id and slug; never overwrite', () => {
    const name = outputFileName({ id: '1712', action: 'IMAGINE', prompt: 'a red fox --ar 3:2', promptEn: '', subject: undefined, submitTime: new Date(2026, 10, 28, 12).getTime(), addedAt: 0 }, 'png', 3);
    assert.equal(name, '2026-11-28-imagine-1712-a-red-fox-3.png');
    const upscale = outputFileName({ id: '1796112803053002', action: 'UPSCALE', prompt: 'a red fox in fresh snow, golden hour --ar 3:2', promptEn: '', subject: undefined, submitTime: new Date(2026, 11, 1, 12).getTime(), addedAt: 0 }, 'png');
    assert.equal(upscale, '2026-12-01-upscale-053002-a-red-fox-in-fresh-snow.png');
    const generated = outputFileName({ id: 'img-1796112803053-2', action: 'GENERATE_IMAGE', prompt: 'a lighthouse on a cliff in a storm', promptEn: '', subject: undefined, submitTime: new Date(2026, 11, 1, 12).getTime(), addedAt: 0 }, 'png');
    assert.equal(generated, '2026-12-01-image-030532-a-lighthouse-on-a-cliff.png');
    const taken = new Set(['x.png', 'x (2).png']);
    assert.equal(uniqueFileName('x.png', (n) => taken.has(n)), 'x (3).png');
    assert.equal(uniqueFileName('y.png', (n) => taken.has(n)), 'y.png');
  });

  test('relative paths from the document to the image, and Markdown image text', () => {
    assert.equal(relativePath('/ws/docs/post.md', '/ws/assets/aitre/a.png'), '../assets/aitre/a.png');
    assert.equal(relativePath('/ws/post.md', '/ws/assets/aitre/a.png'), 'assets/aitre/a.png');
    assert.equal(relativePath('/ws/assets/aitre/notes.md', '/ws/assets/aitre/a.png'), 'a.png');
    assert.equal(markdownImage('a red fox [draft] --ar 3:2', 'assets/a.png'), '![a red fox \\[draft\\]](assets/a.png)');
    assert.equal(markdownImage('x', 'my images/a (1).png'), '![x](<my images/a (1).png>)');
  });

  test('shorten folds its raw numbered buttons into "Imagine this"; a refused button carries its reason', () => {
    const b = (customId: string, label = '') => ({ customId, emoji: '', label, style: 2, type: 2 });
    const task = record({
      action: 'SHORTEN', status: 'SUCCESS', promptEn: '## Shortened prompts\n1️⃣ fox\n2️⃣ red fox',
      buttons: [b('MJ::JOB::PromptAnalyzer::1'), b('MJ::JOB::PromptAnalyzer::2'), b('MJ::PromptAnalyzer::Show::h', 'Show Details')],
    });
    const view = toTaskView(task, {
      get: () => undefined, children: () => [], gatewayRoot: undefined,
      availability: (t) => t.buttons.map((x) => (x.label === 'Show Details' ? { customId: x.customId, enabled: false, reason: 'This gateway cannot run Show Details.' } : { customId: x.customId, enabled: true })),
    });
    assert.deepEqual(view.buttons.map((x) => [x.text, x.unavailable]), [['Show Details', 'This gateway cannot run Show Details.']]);
    assert.equal(view.prompts.length, 2);
  });

  test('a video task: no seed, no split, its videos counted; a finished picture can be animated', () => {
    const video = toTaskView(record({ action: 'VIDEO', status: 'SUCCESS', imageUrl: 'https://gw/p.png', videoUrls: ['https://gw/v1.webm', 'https://gw/v2.webm'] }), { get: () => undefined, children: () => [], gatewayRoot: undefined });
    assert.deepEqual([video.canSeed, video.canSplit, video.canAnimate, video.videoCount, video.kind], [false, false, false, 2, 'image']);
    const grid = toTaskView(record({ action: 'IMAGINE', status: 'SUCCESS', imageUrl: 'https://gw/g.png' }), { get: () => undefined, children: () => [], gatewayRoot: undefined });
    assert.deepEqual([grid.canAnimate, grid.videoCount], [true, 0]);
  });
});
