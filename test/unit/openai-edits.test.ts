// gpt-image edits (/v1/images/edits, multipart) and speech instructions, against the simulator over real HTTP;
// and the PNG / JPEG / WebP header reader the checks use.
import assert from 'node:assert/strict';
import type { GatewayError } from '../../src/core/gateway/errors';
import { readImageHeader } from '../../src/core/files/images';
import { OpenAiClient, speechTakesInstructions, takesInputFidelity } from '../../src/core/openai/client';
import { decodePng, encodePng, generatedImageColor, renderVideo } from '../simulator';
import { encodePngRgba } from '../simulator/png';
import { harness, rejects, type Harness } from './helpers';

const W = 96;
const H = 64;
const photo = () => encodePng(W, H, new Uint8Array(W * H * 3).fill(30));
/** Transparent (= edit) in the top half. */
const mask = (width = W, height = H) => encodePngRgba(width, height, (_x, y) => [255, 255, 255, y < height / 2 ? 0 : 255]);
/** The smallest JPEG header with a SOF0 of 640x480. */
const jpeg = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x04, 0x00, 0x00, 0xff, 0xc0, 0x00, 0x11, 0x08, 0x01, 0xe0, 0x02, 0x80, 0x03, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);

suite('OpenAI-format image edits and speech instructions', () => {
  let h: Harness;
  let ai: OpenAiClient;
  setup(async () => {
    h = await harness();
    ai = new OpenAiClient(h.gateway);
  });
  teardown(async () => { await h?.sim.close(); });
  const posts = () => h.sim.requests.filter((r) => r.route === 'POST /v1/images/edits');

  test('editImage sends a multipart image, mask and options, and reads the b64_json answer: the masked half changed', async () => {
    const result = await ai.editImage({
      model: 'gpt-image-1', prompt: 'a starry sky', image: { name: '/work/pics/photo.png', bytes: photo() }, mask: { name: 'mask.png', bytes: mask() },
      size: '1024x1024', quality: 'high', inputFidelity: 'high',
    });
    assert.equal(result.images.length, 1);
    const picture = decodePng(Buffer.from(result.images[0]!.b64!, 'base64'));
    assert.equal(result.images[0]!.mimeType, 'image/png');
    assert.deepEqual(picture.pixel(10, 5), [...generatedImageColor('a starry sky')]);
    assert.deepEqual(picture.pixel(10, H - 5), [30, 30, 30]);
    const sent = posts().at(-1)!;
    assert.match(sent.headers['content-type']!, /^multipart\/form-data; boundary=/);
    const raw = String(sent.body);
    for (const part of ['name="model"', 'gpt-image-1', 'name="image"; filename="photo.png"', 'name="mask"; filename="mask.png"', 'name="input_fidelity"', 'name="quality"']) {
      assert.ok(raw.includes(part), `missing ${part}`);
    }
    assert.ok(!raw.includes('/work/pics'), 'only the file name leaves the machine');
    assert.ok(!raw.includes('response_format'));
  });

  test('mask and option mistakes are refused before sending, in one sentence each', async () => {
    const image = { name: 'photo.png', bytes: photo() };
    const cases: Array<[Parameters<OpenAiClient['editImage']>[0], RegExp]> = [
      [{ model: 'gpt-image-1', prompt: 'x', image, mask: { name: 'm.png', bytes: photo() } }, /no transparency/],
      [{ model: 'gpt-image-1', prompt: 'x', image, mask: { name: 'm.png', bytes: mask(48, 48) } }, /mask is 48x48 but "photo.png" is 96x64/],
      [{ model: 'gpt-image-1', prompt: 'x', image, mask: { name: 'm.jpg', bytes: jpeg } }, /must be a PNG/],
      [{ model: 'gpt-image-1', prompt: ' ', image }, /needs a prompt/],
      [{ model: 'gpt-image-1', prompt: 'x', image: { name: 'notes.txt', bytes: Buffer.from('hello') } }, /not a PNG, JPEG or WebP/],
      [{ model: 'gpt-image-1', prompt: 'x', image, responseFormat: 'url' }, /no response format/],
      [{ model: 'gpt-image-1', prompt: 'x', image, size: '800x600' }, /1024x1024, 1536x1024, 1024x1536, auto/],
      [{ model: 'gpt-image-1-mini', prompt: 'x', image, inputFidelity: 'high' }, /no input fidelity/],
      [{ model: 'dall-e-3', prompt: 'x', image }, /cannot edit images/],
      [{ model: 'dall-e-2', prompt: 'x', image }, /square PNG/],
      [{ model: 'gpt-image-1', prompt: 'x', image: [] }, /Choose the image/],
    ];
    for (const [input, pattern] of cases) {
      const error = await rejects<GatewayError>(ai.editImage(input));
      assert.equal(error.kind, 'validation', `${pattern}: ${error.message}`);
      assert.match(error.message, pattern);
    }
    assert.equal(posts().length, 0);
  });

  test('several images go as image[]; the gateway\'s own refusal reads as a sentence', async () => {
    const result = await ai.editImage({ model: 'gpt-image-1', prompt: 'blend these', image: [{ name: 'a.png', bytes: photo() }, { name: 'b.png', bytes: photo() }], n: 2 });
    assert.equal(result.images.length, 2);
    assert.equal((String(posts().at(-1)!.body).match(/name="image\[\]"/g) ?? []).length, 2);
    // A model the key cannot use: new-api's 503 "无可用渠道" becomes the usual sentence.
    const error = await rejects<GatewayError>(ai.editImage({ model: 'gpt-image-2', prompt: 'x', image: { name: 'p.jpg', bytes: jpeg } }));
    assert.equal(error.message, 'The gateway has no model gpt-image-2 for your key. Pick another with AITRE: Select Model.');
  });

  test('readImageHeader: PNG size and alpha (colour type or tRNS), JPEG and WebP sizes, anything else undefined', () => {
    assert.deepEqual(readImageHeader(photo()), { mime: 'image/png', width: W, height: H, hasAlpha: false });
    assert.deepEqual(readImageHeader(mask(5, 7)), { mime: 'image/png', width: 5, height: 7, hasAlpha: true });
    const withTrns = Buffer.concat([photo().subarray(0, 33), Buffer.from([0, 0, 0, 6, 0x74, 0x52, 0x4e, 0x53, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]), photo().subarray(33)]);
    assert.equal(readImageHeader(withTrns)!.hasAlpha, true);
    assert.deepEqual(readImageHeader(jpeg), { mime: 'image/jpeg', width: 640, height: 480, hasAlpha: false });
    // A lossy WebP is a VP8 key frame in a RIFF box: take the simulator's own VP8 frame.
    const webm = renderVideo('webp');
    const frameAt = webm.indexOf(Buffer.from([0x9d, 0x01, 0x2a])) - 3;
    const vp8 = webm.subarray(frameAt, frameAt + 10);
    const riff = Buffer.concat([Buffer.from('RIFF'), Buffer.alloc(4), Buffer.from('WEBPVP8 '), Buffer.alloc(4), vp8]);
    assert.deepEqual(readImageHeader(riff), { mime: 'image/webp', width: 256, height: 144, hasAlpha: false });
    assert.equal(readImageHeader(Buffer.from('hello world')), undefined);
  });

  test('speech instructions go to models that take them; tts-1 and tts-1-hd refuse them before sending', async () => {
    const audio = await ai.speech({ model: 'gpt-4o-mini-tts', input: 'Hello.', voice: 'alloy', format: 'wav', instructions: '  Speak slowly and warmly. ' });
    assert.ok(audio.bytes.length > 44);
    assert.equal((h.sim.requests.at(-1)!.body as { instructions: string }).instructions, 'Speak slowly and warmly.');
    const before = h.sim.requests.length;
    for (const model of ['tts-1', 'tts-1-hd']) {
      const error = await rejects<GatewayError>(ai.speech({ model, input: 'Hello.', voice: 'alloy', instructions: 'Whisper.' }));
      assert.equal(error.message, `${model} cannot take speaking instructions. Leave them out, or choose gpt-4o-mini-tts.`);
    }
    assert.equal(h.sim.requests.length, before);
    // Blank instructions are not sent at all.
    await ai.speech({ model: 'tts-1', input: 'Hello.', voice: 'alloy', format: 'wav', instructions: '   ' });
    assert.equal('instructions' in (h.sim.requests.at(-1)!.body as object), false);
    assert.deepEqual(['tts-1', 'tts-1-hd', 'openai/tts-1', 'gpt-4o-mini-tts', 'gpt-4o-tts'].map(speechTakesInstructions), [false, false, false, true, true]);
    assert.deepEqual(['gpt-image-1', 'gpt-image-1-mini', 'dall-e-2'].map(takesInputFidelity), [true, false, false]);
  });
});
