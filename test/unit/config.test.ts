import assert from 'node:assert/strict';
import { checkApiKeyText, checkBaseUrl, modePrefix } from '../../src/core/gateway/config';
import { redact } from '../../src/core/base/log';
import { checkCustomZoomPrompt, promptFromArgument, withDefaultZoom } from '../../src/core/midjourney/prompts';

suite('Settings and input checks', () => {
  test('base URL with or without a trailing slash gives the same root', () => {
    assert.deepEqual(checkBaseUrl('https://api.example.com'), { ok: true, url: 'https://api.example.com' });
    assert.deepEqual(checkBaseUrl('https://api.example.com/'), { ok: true, url: 'https://api.example.com' });
    assert.deepEqual(checkBaseUrl(' http://127.0.0.1:8080/gw/ '), { ok: true, url: 'http://127.0.0.1:8080/gw' });
  });

  test('a base URL ending in /v1 is refused with the root to use instead', () => {
    const check = checkBaseUrl('https://api.example.com/v1/');
    assert.equal(check.ok, false);
    assert.match(!check.ok ? check.message : '', /ends with \/v1.*https:\/\/api\.example\.com/);
  });

  test('malformed, non-http, credentialed, /mj and empty URLs are refused with a reason', () => {
    for (const [input, pattern] of [
      ['not a url', /not a valid URL/],
      ['ftp://x.example', /must start with https/],
      ['https://user:pw@x.example', /user name or password/],
      ['https://x.example/mj', /contains \/mj/],
      ['https://x.example/?a=1', /"\?"/],
      ['', /No gateway URL/],
    ] as const) {
      const check = checkBaseUrl(input);
      assert.equal(check.ok, false, input);
      assert.match(!check.ok ? check.message : '', pattern);
    }
  });

  test('mode prefixes', () => {
    assert.equal(modePrefix('default'), '');
    assert.equal(modePrefix('fast'), 'mj-fast');
    assert.equal(modePrefix('relax'), 'mj-relax');
    assert.equal(modePrefix('turbo'), 'mj-turbo');
    assert.equal(modePrefix(undefined), '');
  });

  test('API key text: any non-blank single token is accepted; mistakes are explained', () => {
    assert.equal(checkApiKeyText('sk-abcdef123456'), undefined);
    assert.equal(checkApiKeyText('  sk-abcdef123456  '), undefined);
    assert.equal(checkApiKeyText('my-gateway-key-without-sk'), undefined);
    assert.match(checkApiKeyText('') ?? '', /Paste/);
    assert.match(checkApiKeyText('sk-abc def') ?? '', /spaces/);
    assert.match(checkApiKeyText('https://api.example.com') ?? '', /URL/);
    assert.match(checkApiKeyText('Bearer sk-abcdef123') ?? '', /without "Bearer"/);
    assert.match(checkApiKeyText('sk-1') ?? '', /too short/);
  });

  test('custom zoom prompts need --zoom between 1 and 2', () => {
    assert.equal(checkCustomZoomPrompt('a fox --zoom 1.5'), undefined);
    assert.equal(checkCustomZoomPrompt('a fox --ar 1:1 --zoom 2'), undefined);
    assert.equal(checkCustomZoomPrompt('a fox --zoom 1'), undefined);
    assert.match(checkCustomZoomPrompt('a fox --zoom 2.5') ?? '', /between 1 and 2/);
    assert.match(checkCustomZoomPrompt('a fox --zoom 0.5') ?? '', /between 1 and 2/);
    assert.match(checkCustomZoomPrompt('a fox --zoom big') ?? '', /between 1 and 2/);
    assert.match(checkCustomZoomPrompt('a fox') ?? '', /needs --zoom/);
    assert.equal(withDefaultZoom('a fox'), 'a fox --zoom 2');
    assert.equal(withDefaultZoom('a fox --zoom 1.2'), 'a fox --zoom 1.2');
  });

  test('prompt arguments from keybindings', () => {
    assert.equal(promptFromArgument('a fox'), 'a fox');
    assert.equal(promptFromArgument({ prompt: 'a cat' }), 'a cat');
    assert.equal(promptFromArgument({}), undefined);
    assert.equal(promptFromArgument(undefined), undefined);
  });

  test('redaction removes the key, Bearer tokens and sk- keys', () => {
    const line = redact('Authorization: Bearer sk-secret-123456 and my-raw-key-abc and sk-other-999999', ['my-raw-key-abc']);
    assert.ok(!line.includes('sk-secret-123456'));
    assert.ok(!line.includes('my-raw-key-abc'));
    assert.ok(!line.includes('sk-other-999999'));
  });
});
