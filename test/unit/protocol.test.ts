// The webview is not trusted: every message it sends is checked field by field (known types, known
// enums, bounded strings); what nothing sends is not accepted at all.
import assert from 'node:assert/strict';
import { isHostToWebview, isWebviewToHost } from '../../src/shared/protocol';

const MASK = 'data:image/png;base64,iVBORw0KGgo=';
const region = { type: 'region', requestId: 1, taskId: '1712345678901234', customId: 'MJ::Inpaint::1::abc::SOLO', maskDataUrl: MASK, prompt: 'a dragon' };

suite('Webview message guards', () => {
  test('openExternal is gone: the panel opens nothing by itself', () => {
    assert.ok(!isWebviewToHost({ type: 'openExternal', url: 'https://example.com' }));
  });

  test('region: a request id the answer can name, a PNG mask, a non-empty bounded prompt', () => {
    assert.ok(isWebviewToHost(region));
    for (const bad of [
      { ...region, requestId: undefined },
      { ...region, requestId: 0 },
      { ...region, requestId: 1.5 },
      { ...region, customId: '' },
      { ...region, customId: 'x'.repeat(257) },
      { ...region, maskDataUrl: 'data:image/jpeg;base64,AAAA' },
      { ...region, maskDataUrl: 'https://evil.example/mask.png' },
      { ...region, prompt: '' },
      { ...region, prompt: 'x'.repeat(6001) },
      { ...region, taskId: '../../x' },
    ]) assert.ok(!isWebviewToHost(bad), JSON.stringify(bad).slice(0, 120));
  });

  test('enums and bounds everywhere else', () => {
    assert.ok(isWebviewToHost({ type: 'press', taskId: '17', customId: 'MJ::JOB::upsample::1::h' }));
    assert.ok(!isWebviewToHost({ type: 'press', taskId: '17', customId: '' }));
    assert.ok(!isWebviewToHost({ type: 'copy', taskId: '17', what: 'apiKey' }));
    assert.ok(!isWebviewToHost({ type: 'usePrompt', taskId: '17', index: 1, how: 'eval' }));
    assert.ok(!isWebviewToHost({ type: 'usePrompt', taskId: '17', index: 11, how: 'imagine' }));
    assert.ok(!isWebviewToHost({ type: 'result', taskId: '17', action: 'delete' }));
    assert.ok(!isWebviewToHost({ type: 'result', taskId: '17', action: 'insert', part: 5 }));
    assert.ok(isWebviewToHost({ type: 'splitFailed', requestId: 3, message: 'No 2D canvas available.' }));
    assert.ok(!isWebviewToHost({ type: 'splitFailed', requestId: 3, message: 'x'.repeat(501) }));
    assert.ok(!isWebviewToHost({ type: 'splitFailed', requestId: -1, message: 'x' }));
    assert.ok(!isWebviewToHost({ type: 'splitDone', requestId: 3, parts: ['a', 'b', 'c', '<script>'] }));
  });

  test('the host answers a region submit with its request id: accepted, or refused with a sentence', () => {
    assert.ok(isHostToWebview({ type: 'regionResult', requestId: 4, ok: true }));
    assert.ok(isHostToWebview({ type: 'regionResult', requestId: 4, ok: false, message: 'Banned word "bloodbath".' }));
    assert.ok(!isHostToWebview({ type: 'regionResult', requestId: 4, ok: false }));
    assert.ok(!isHostToWebview({ type: 'regionResult', ok: true }));
  });
});
