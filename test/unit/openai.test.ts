// Every OpenAI-format call of the core, against the simulator over real HTTP, plus the pure helpers.
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { GatewayError } from '../../src/core/gateway/errors';
import {
  attachedImagesOf, AUDIO_UPLOAD_EXTENSIONS, AUDIO_UPLOAD_MAX_BYTES, classifyModel, cosineSimilarity, extractImageUrls,
  imageOptionsFor, imageRequestBody, OpenAiClient, SPEECH_MAX_CHARS, splitForSpeech, SseParser, type SseEvent,
} from '../../src/core/openai/client';
import { decodePng, pngSize } from '../simulator';
import { harness, rejects, type Harness } from './helpers';

/** A fetch that answers 200 with these SSE events, then closes the body or breaks it. */
function sseFetch(events: unknown[], end: 'close' | 'error'): typeof fetch {
  return (async () => {
    const queue = events.map((event) => new TextEncoder().encode(`data: ${JSON.stringify(event)}\n\n`));
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        const next = queue.shift();
        if (next) controller.enqueue(next);
        else if (end === 'close') controller.close();
        else controller.error(new TypeError('terminated'));
      },
    });
    return new Response(body, { status: 200, headers: { 'content-type': 'text/event-stream' } });
  }) as typeof fetch;
}

const delta = (content: string, finishReason: string | null = null) => ({ object: 'chat.completion.chunk', choices: [{ index: 0, delta: { content }, finish_reason: finishReason }] });

const NO_MODEL = 'The gateway has no model gpt-9 for your key. Pick another with AITRE: Select Model.';

suite('OpenAI-format calls', () => {
  let h: Harness;
  let ai: OpenAiClient;
  const start = async (idleMs?: number) => {
    h = await harness();
    ai = new OpenAiClient(h.gateway, idleMs === undefined ? {} : { streamIdleMs: idleMs });
  };
  teardown(async () => { await h?.sim.close(); });
  const user = (content: string) => [{ role: 'user' as const, content }];
  /** The last request the client made (not the test's own image downloads). */
  const last = () => h.sim.requests.filter((r) => r.method === 'POST').at(-1)!;

  suite('models', () => {
    test('listModels gives id and owner, with the key as a Bearer token', async () => {
      await start();
      const models = await ai.listModels();
      for (const id of ['gpt-4o-mini', 'gpt-4o-image', 'dall-e-3', 'gpt-image-1', 'flux-schnell', 'tts-1', 'tts-1-hd', 'whisper-1', 'text-embedding-3-small', 'gpt-3.5-turbo-instruct']) {
        assert.ok(models.some((m) => m.id === id), id);
      }
      assert.deepEqual(models.find((m) => m.id === 'dall-e-3'), { id: 'dall-e-3', ownedBy: 'openai' });
      assert.equal(h.sim.requests.at(-1)!.headers.authorization, `Bearer ${h.sim.apiKey}`);
    });

    test('classifyModel sorts names into capabilities', () => {
      const caps = (id: string) => [...classifyModel(id)].sort();
      assert.deepEqual(caps('gpt-4o-mini'), ['chat']);
      assert.deepEqual(caps('gpt-4-turbo'), ['chat']);
      assert.deepEqual(caps('gpt-3.5-turbo'), ['chat']);
      assert.deepEqual(caps('claude-3-5-sonnet-20241022'), ['chat']);
      assert.deepEqual(caps('gemini-1.5-pro'), ['chat']);
      assert.deepEqual(caps('deepseek-chat'), ['chat']);
      assert.deepEqual(caps('gpt-4o-image'), ['chat', 'image']);
      assert.deepEqual(caps('gemini-2.5-flash-image-preview'), ['chat', 'image']);
      assert.deepEqual(caps('dall-e-3'), ['image']);
      assert.deepEqual(caps('gpt-image-1'), ['image']);
      assert.deepEqual(caps('flux-schnell'), ['image']);
      assert.deepEqual(caps('ideogram-v2'), ['image']);
      assert.deepEqual(caps('tts-1-hd'), ['speech']);
      assert.deepEqual(caps('whisper-1'), ['transcription']);
      assert.deepEqual(caps('text-embedding-3-small'), ['embeddings']);
      assert.deepEqual(caps('bge-m3-embed'), ['embeddings']);
      assert.deepEqual(caps('gpt-3.5-turbo-instruct'), ['completions']);
      assert.deepEqual(caps('davinci-002'), ['completions']);
      assert.deepEqual(caps('babbage-002'), ['completions']);
      assert.deepEqual(caps('mj_imagine'), []);
    });
  });

  suite('chat', () => {
    test('chat answers one JSON message', async () => {
      await start();
      const result = await ai.chat({ model: 'gpt-4o-mini', messages: user('Say this is a test'), temperature: 0.2 });
      assert.match(result.text, /you said "Say this is a test"/);
      assert.equal(result.finishReason, 'stop');
      assert.equal(result.model, 'gpt-4o-mini');
      assert.ok(result.usage && result.usage.totalTokens > 0);
      assert.deepEqual(last().body, { model: 'gpt-4o-mini', messages: user('Say this is a test'), stream: false, temperature: 0.2 });
    });

    test('maxTokens cuts the answer with finish reason "length"', async () => {
      await start();
      const result = await ai.chat({ model: 'gpt-4o-mini', messages: user('hi'), maxTokens: 3 });
      assert.equal(result.finishReason, 'length');
      assert.equal(result.text, 'Simulated reply from ');
    });

    test('chatStream yields several deltas that add up to the same text as chat()', async () => {
      await start();
      const stream = ai.chatStream({ model: 'gpt-4o-mini', messages: user('stream me') });
      const deltas: string[] = [];
      for await (const delta of stream) deltas.push(delta);
      assert.ok(deltas.length > 5, `only ${deltas.length} deltas`);
      assert.equal(deltas.join(''), stream.text);
      assert.equal(stream.finishReason, 'stop');
      assert.equal(stream.error, undefined);
      assert.equal(stream.text, (await ai.chat({ model: 'gpt-4o-mini', messages: user('stream me') })).text);
      assert.equal((h.sim.requests.at(-2)!.body as { stream: boolean }).stream, true);
    });

    test('CRLF lines, halves of lines and split UTF-8 characters arrive intact; keep-alive comments are skipped', async () => {
      await start();
      const raw = await fetch(`${h.sim.url}/v1/chat/completions`, {
        method: 'POST',
        headers: { authorization: `Bearer ${h.sim.apiKey}`, 'content-type': 'application/json' },
        body: JSON.stringify({ model: 'gpt-4o-mini', stream: true, messages: user('x') }),
      });
      assert.match(await raw.text(), /\n: PING\n/); // the simulator really sends one
      const prompt = 'héllo 世界 🎉 ünïcode --sim-crlf';
      const result = await ai.chatStream({ model: 'gpt-4o-mini', messages: user(prompt) }).result();
      assert.match(result.text, /you said "héllo 世界 🎉 ünïcode"/);
      assert.equal(result.finishReason, 'stop');
    });

    test('a stream cut without [DONE] yields what came, then throws "cut off"; the text is kept', async () => {
      await start();
      const stream = ai.chatStream({ model: 'gpt-4o-mini', messages: user('tell me --sim-cut') });
      const seen: string[] = [];
      const error = await rejects<GatewayError>((async () => { for await (const d of stream) seen.push(d); })());
      assert.ok(error instanceof GatewayError);
      assert.equal(error.kind, 'network');
      assert.match(error.message, /^The answer was cut off/);
      assert.ok(seen.length >= 2);
      assert.equal(stream.text, seen.join(''));
      assert.equal(stream.text, 'Simulated reply from ');
      assert.equal(stream.finishReason, null);
      assert.equal(stream.error, error);
    });

    test('result() rejects on a cut, but the stream object still has the partial text', async () => {
      await start();
      const stream = ai.chatStream({ model: 'gpt-4o-mini', messages: user('--sim-cut') });
      const pieces: string[] = [];
      const error = await rejects<GatewayError>(stream.result((delta) => pieces.push(delta)));
      assert.equal(error.kind, 'network');
      assert.equal(stream.text, pieces.join(''));
      assert.ok(stream.text.length > 0);
    });

    test('cancelling through the signal stops the stream and keeps the partial text', async () => {
      await start();
      const controller = new AbortController();
      const stream = ai.chatStream({ model: 'gpt-4o-mini', messages: user('a long answer please'), signal: controller.signal });
      const error = await rejects<GatewayError>((async () => {
        for await (const delta of stream) {
          assert.ok(delta);
          controller.abort();
        }
      })());
      assert.equal(error.kind, 'cancelled');
      assert.equal(stream.text, 'Simulated ');
    });

    test('a stream that goes silent times out after the idle limit, text kept', async () => {
      await start(400);
      const stream = ai.chatStream({ model: 'gpt-4o-mini', messages: user('--sim-stall') });
      const error = await rejects<GatewayError>(stream.result());
      assert.equal(error.kind, 'timeout');
      assert.match(error.message, /stopped arriving.*text so far is kept/);
      assert.equal(stream.text, 'Simulated reply from ');
    });

    test('an error object inside the stream becomes a GatewayError after the text before it', async () => {
      await start();
      const stream = ai.chatStream({ model: 'gpt-4o-mini', messages: user('--sim-error') });
      const error = await rejects<GatewayError>(stream.result());
      assert.equal(error.kind, 'upstream');
      assert.match(error.message, /^The model stopped with an error: The upstream model failed mid-answer \(simulated\)\. The text so far is kept\.$/);
      assert.equal(stream.text, 'Simulated reply from ');
    });

    test('a finish_reason without [DONE] counts as finished; neither counts as cut', async () => {
      h = await harness({}, { fetch: sseFetch([delta('Hello'), delta(' world', 'stop')], 'close') });
      const done = await new OpenAiClient(h.gateway).chatStream({ model: 'm', messages: user('x') }).result();
      assert.deepEqual([done.text, done.finishReason], ['Hello world', 'stop']);
      await h.sim.close();
      h = await harness({}, { fetch: sseFetch([delta('Hel'), delta('lo')], 'close') });
      const stream = new OpenAiClient(h.gateway).chatStream({ model: 'm', messages: user('x') });
      assert.equal((await rejects<GatewayError>(stream.result())).kind, 'network');
      assert.equal(stream.text, 'Hello');
    });

    test('a stream can be read only once; empty messages are refused before sending', async () => {
      await start();
      const stream = ai.chatStream({ model: 'gpt-4o-mini', messages: user('once') });
      await stream.result();
      await assert.rejects(stream.result(), /only once/);
      const before = h.sim.requests.length;
      assert.throws(() => ai.chatStream({ model: 'gpt-4o-mini', messages: user('  ') }), (e: GatewayError) => e.kind === 'validation');
      assert.equal((await rejects<GatewayError>(ai.chat({ model: 'gpt-4o-mini', messages: [] }))).kind, 'validation');
      assert.equal(h.sim.requests.length, before);
    });
  });

  suite('errors', () => {
    test('an unknown model (new-api 503 "无可用渠道") reads as a plain model message, streamed or not', async () => {
      await start();
      const plain = await rejects<GatewayError>(ai.chat({ model: 'gpt-9', messages: user('hi') }));
      assert.equal(plain.kind, 'validation');
      assert.equal(plain.message, NO_MODEL);
      assert.equal(plain.status, 503);
      assert.match(plain.detail, /无可用渠道/);
      const streamed = await rejects<GatewayError>(ai.chatStream({ model: 'gpt-9', messages: user('hi') }).result());
      assert.equal(streamed.message, NO_MODEL);
      assert.equal((await rejects<GatewayError>(ai.embed({ model: 'gpt-9', input: 'x' }))).message, NO_MODEL);
      assert.equal((await rejects<GatewayError>(ai.generateImages({ model: 'gpt-9', prompt: 'x' }))).message, NO_MODEL);
    });

    test('OpenAI "model_not_found" (404) and new-api 403 "无权访问模型" read the same way', async () => {
      const answers = [
        { status: 404, body: { error: { message: 'The model `gpt-9` does not exist or you do not have access to it.', type: 'invalid_request_error', param: null, code: 'model_not_found' } } },
        { status: 403, body: { error: { message: '该令牌无权访问模型 gpt-9', type: 'new_api_error' } } },
      ];
      for (const answer of answers) {
        const fake = async () => new Response(JSON.stringify(answer.body), { status: answer.status, headers: { 'content-type': 'application/json' } });
        h = await harness({}, { fetch: fake as typeof fetch });
        const error = await rejects<GatewayError>(new OpenAiClient(h.gateway).chat({ model: 'gpt-9', messages: user('hi') }));
        assert.equal(error.message, NO_MODEL, String(answer.status));
        await h.sim.close();
      }
    });

    test('no key: refused before sending; wrong key: 401 says to set the key', async () => {
      await start();
      h.key.value = undefined;
      const none = await rejects<GatewayError>(ai.chatStream({ model: 'gpt-4o-mini', messages: user('hi') }).result());
      assert.equal(none.kind, 'no-key');
      assert.equal(h.sim.requests.length, 0);
      h.key.value = 'sk-wrong';
      const wrong = await rejects<GatewayError>(ai.chat({ model: 'gpt-4o-mini', messages: user('hi') }));
      assert.equal(wrong.kind, 'auth');
      assert.match(wrong.message, /rejected the API key \(401\).*Set API Key/);
      assert.equal((await rejects<GatewayError>(ai.speech({ model: 'tts-1', input: 'hi', voice: 'alloy' }))).kind, 'auth');
    });

    test('429 says to wait, with the Retry-After time; submits are not retried', async () => {
      await start();
      h.sim.addFault({ route: /^POST \/v1\//, fault: { kind: 'rate-limit', retryAfterSeconds: 7 } });
      const error = await rejects<GatewayError>(ai.chat({ model: 'gpt-4o-mini', messages: user('hi') }));
      assert.equal(error.kind, 'rate-limited');
      assert.match(error.message, /rate-limiting.*Wait 7 s/);
      assert.equal(h.sim.requests.length, 1);
      assert.equal((await rejects<GatewayError>(ai.chatStream({ model: 'gpt-4o-mini', messages: user('hi') }).result())).kind, 'rate-limited');
      assert.equal((await rejects<GatewayError>(ai.transcribe({ file: new Uint8Array(10), fileName: 'a.wav', model: 'whisper-1', responseFormat: 'json' }))).kind, 'rate-limited');
    });
  });

  suite('images', () => {
    test('imageThroughChat: progress as it streams, then the picture link (a real PNG), download link not doubled', async () => {
      await start();
      const progress: string[] = [];
      const result = await ai.imageThroughChat({ prompt: 'a war cat', onText: (text) => progress.push(text) });
      assert.ok(progress.length > 5);
      assert.ok(progress.some((text) => text.includes('Progress 27%') && !text.includes('![')));
      assert.equal(result.images.length, 1);
      assert.match(result.images[0]!, new RegExp(`^${h.sim.url}/v1/files/img-[\\w-]+\\.png$`));
      assert.match(result.text, /> Done ✅/);
      const png = new Uint8Array(await (await fetch(result.images[0]!)).arrayBuffer());
      assert.deepEqual(pngSize(png), { width: 1024, height: 1024 });
      const body = last().body as { model: string; stream: boolean; messages: Array<{ content: unknown[] }> };
      assert.equal(body.model, 'gpt-4o-image');
      assert.equal(body.stream, true);
      assert.deepEqual(body.messages[0]!.content, [{ type: 'text', text: 'a war cat' }]);
    });

    test('imageThroughChat sends a reference image as an image_url part; a bad reference is refused', async () => {
      await start();
      const reference = 'data:image/png;base64,iVBORw0KGgo=';
      const result = await ai.imageThroughChat({ prompt: 'same cat, in snow', referenceImageUrl: reference });
      assert.match(result.text, /Using your reference image/);
      const content = (last().body as { messages: Array<{ content: unknown[] }> }).messages[0]!.content;
      assert.deepEqual(content[1], { type: 'image_url', image_url: { url: reference } });
      assert.equal((await rejects<GatewayError>(ai.imageThroughChat({ prompt: 'x', referenceImageUrl: 'C:\\cat.png' }))).kind, 'validation');
    });

    test('imageThroughChat: a cut before the picture throws; after it, the picture comes back marked incomplete', async () => {
      await start();
      const early = await rejects<GatewayError>(ai.imageThroughChat({ prompt: 'a cat --sim-cut' }));
      assert.equal(early.kind, 'network');
      await h.sim.close();
      h = await harness({}, { fetch: sseFetch([delta('> Done\n\n![x](https://cdn.test/x.png)\n')], 'error') });
      const late = await new OpenAiClient(h.gateway).imageThroughChat({ prompt: 'a cat' });
      assert.deepEqual(late.images, ['https://cdn.test/x.png']);
      assert.match(late.incomplete!, /^The answer was cut off/);
    });

    test('extractImageUrls finds Markdown images, image links, bare image URLs and data: URLs, once each', () => {
      const md = [
        '> Progress 50%.',
        '![gen_01](https://cdn.example.com/a/gen_01.png)',
        '[点击下载](https://cdn.example.com/download/gen_01.png)',
        '![second](<https://cdn.example.com/b c.webp> "title")',
        '[docs](https://example.com/readme) and [a jpeg](https://x.test/p.jpeg?sig=1)',
        'Also https://x.test/q.JPG. and https://x.test/page.html',
        'inline data:image/png;base64,iVBORw0KGgo= here',
        '![gen_01](https://cdn.example.com/a/gen_01.png)',
        '![odd](https://img.test/render?id=5)',
      ].join('\n');
      assert.deepEqual(extractImageUrls(md), [
        'https://cdn.example.com/a/gen_01.png',
        'https://cdn.example.com/b c.webp',
        'https://x.test/p.jpeg?sig=1',
        'https://x.test/q.JPG',
        'data:image/png;base64,iVBORw0KGgo=',
        'https://img.test/render?id=5',
      ]);
      assert.deepEqual(extractImageUrls('no pictures here, see https://example.com'), []);
    });

    test('non-standard image fields in a chat message are tolerated', () => {
      assert.deepEqual(attachedImagesOf({ content: 'x', image: [{ data: 'iVBORw0KGgo=' }] }), ['data:image/png;base64,iVBORw0KGgo=']);
      assert.deepEqual(attachedImagesOf({ images: [{ type: 'image_url', image_url: { url: 'data:image/jpeg;base64,/9j/' } }, 'https://x.test/a.png', { url: 'https://x.test/b.png' }] }),
        ['data:image/jpeg;base64,/9j/', 'https://x.test/a.png', 'https://x.test/b.png']);
      assert.deepEqual(attachedImagesOf({ content: 'plain' }), []);
    });

    test('generateImages dall-e-3: url by default (a real PNG at the size asked) with revised_prompt; b64_json on request', async () => {
      await start();
      const byUrl = await ai.generateImages({ model: 'dall-e-3', prompt: 'a lighthouse', size: '1792x1024', quality: 'hd', style: 'natural' });
      assert.equal(byUrl.images.length, 1);
      const [image] = byUrl.images;
      assert.match(image!.url!, /\/v1\/files\/.+\.png$/);
      assert.equal(image!.b64, undefined);
      assert.match(image!.revisedPrompt!, /a lighthouse/);
      assert.ok(byUrl.created > 1_600_000_000);
      assert.deepEqual(pngSize(new Uint8Array(await (await fetch(image!.url!)).arrayBuffer())), { width: 1792, height: 1024 });
      assert.deepEqual(last().body, { model: 'dall-e-3', prompt: 'a lighthouse', n: 1, size: '1792x1024', quality: 'hd', style: 'natural' });

      const inline = await ai.generateImages({ model: 'dall-e-3', prompt: 'a lighthouse', responseFormat: 'b64_json' });
      assert.equal(inline.images[0]!.url, undefined);
      assert.equal(inline.images[0]!.mimeType, 'image/png');
      assert.equal(decodePng(Buffer.from(inline.images[0]!.b64!, 'base64')).width, 1024);
    });

    test('generateImages gpt-image-1 answers b64_json without being asked; flux gives n urls', async () => {
      await start();
      const gpt = await ai.generateImages({ model: 'gpt-image-1', prompt: 'a fox', n: 2, size: '1536x1024', quality: 'low', background: 'opaque', outputFormat: 'png' });
      assert.equal(gpt.images.length, 2);
      assert.ok(gpt.images.every((i) => i.b64 && !i.url && i.mimeType === 'image/png'));
      assert.deepEqual(pngSize(Buffer.from(gpt.images[1]!.b64!, 'base64')), { width: 1536, height: 1024 });
      assert.equal((last().body as Record<string, unknown>).response_format, undefined);
      const flux = await ai.generateImages({ model: 'flux-schnell', prompt: 'a boat', n: 3 });
      assert.equal(flux.images.filter((i) => i.url).length, 3);
    });

    test('imageOptionsFor tells the UI what each family takes', () => {
      const dalle = imageOptionsFor('dall-e-3');
      assert.deepEqual([dalle.sizes, dalle.qualities, dalle.styles, dalle.maxImages, dalle.maxPromptChars], [['1024x1024', '1792x1024', '1024x1792'], ['standard', 'hd'], ['vivid', 'natural'], 1, 4000]);
      const gpt = imageOptionsFor('gpt-image-1');
      assert.deepEqual(gpt.sizes, ['1024x1024', '1536x1024', '1024x1536', 'auto']);
      assert.deepEqual(gpt.backgrounds, ['auto', 'transparent', 'opaque']);
      assert.deepEqual(gpt.outputFormats, ['png', 'jpeg', 'webp']);
      assert.equal(gpt.maxImages, 10);
      assert.equal(gpt.responseFormat, false);
      assert.deepEqual(gpt.styles, []);
      const flux = imageOptionsFor('flux-schnell');
      assert.equal(flux.maxPromptChars, 1000);
      assert.deepEqual([flux.qualities, flux.styles], [[], []]);
      assert.equal(imageOptionsFor('ideogram-v2').family, 'other');
    });

    test('prompt length, n, and options a model lacks are refused before sending, in plain words', async () => {
      await start();
      const refusals: Array<[Parameters<OpenAiClient['generateImages']>[0], RegExp]> = [
        [{ model: 'dall-e-3', prompt: 'x'.repeat(4001) }, /dall-e-3 takes prompts of at most 4000 characters; this one has 4001/],
        [{ model: 'flux-schnell', prompt: 'y'.repeat(1001) }, /at most 1000 characters/],
        [{ model: 'dall-e-3', prompt: 'x', n: 2 }, /dall-e-3 makes one image per request/],
        [{ model: 'gpt-image-1', prompt: 'x', n: 11 }, /makes 1 to 10 images/],
        [{ model: 'dall-e-3', prompt: 'x', size: '512x512' }, /does not offer size "512x512". Choose 1024x1024, 1792x1024 or 1024x1792/],
        [{ model: 'gpt-image-1', prompt: 'x', style: 'vivid' }, /has no style option/],
        [{ model: 'gpt-image-1', prompt: 'x', responseFormat: 'url' }, /no response format option/],
        [{ model: 'dall-e-3', prompt: '   ' }, /prompt is empty/],
      ];
      for (const [input, message] of refusals) {
        const error = await rejects<GatewayError>(ai.generateImages(input));
        assert.equal(error.kind, 'validation');
        assert.match(error.message, message);
      }
      assert.equal(h.sim.requests.length, 0);
      assert.equal(imageRequestBody({ model: 'dall-e-3', prompt: 'x'.repeat(4000) }).prompt, 'x'.repeat(4000));
    });
  });

  suite('audio', () => {
    test('speech returns the audio bytes with type and extension: wav, mp3, and what the gateway really sent', async () => {
      await start();
      const wav = await ai.speech({ model: 'tts-1', input: 'Hello there.', voice: 'alloy', format: 'wav', speed: 1.5 });
      assert.equal(wav.contentType, 'audio/wav');
      assert.equal(wav.extension, 'wav');
      assert.equal(Buffer.from(wav.bytes.subarray(0, 4)).toString('latin1'), 'RIFF');
      assert.equal(Buffer.from(wav.bytes.subarray(8, 12)).toString('latin1'), 'WAVE');
      assert.deepEqual(last().body, { model: 'tts-1', input: 'Hello there.', voice: 'alloy', response_format: 'wav', speed: 1.5 });
      const mp3 = await ai.speech({ model: 'tts-1-hd', input: 'Hello.', voice: 'nova' });
      assert.deepEqual([mp3.contentType, mp3.extension, mp3.bytes[0], mp3.bytes[1]], ['audio/mpeg', 'mp3', 0xff, 0xfb]);
      // The simulator cannot encode FLAC and says so with audio/wav: the extension follows what was sent.
      assert.equal((await ai.speech({ model: 'tts-1', input: 'x', voice: 'echo', format: 'flac' })).extension, 'wav');
    });

    test('speech over 4096 characters is refused before sending; splitForSpeech makes parts the gateway takes', async () => {
      await start();
      const sentence = 'This sentence is part of a long text that must be read aloud. ';
      const long = `${sentence.repeat(40)}\n\n${sentence.repeat(40)}\n\n${sentence.repeat(60)}`;
      const error = await rejects<GatewayError>(ai.speech({ model: 'tts-1', input: long, voice: 'alloy' }));
      assert.equal(error.kind, 'validation');
      assert.match(error.message, new RegExp(`at most ${SPEECH_MAX_CHARS} characters.*has ${long.length}.*Split it`));
      assert.equal(h.sim.requests.length, 0);
      const parts = splitForSpeech(long);
      assert.ok(parts.length >= 2);
      for (const part of parts) {
        assert.ok(part.length <= SPEECH_MAX_CHARS);
        assert.ok((await ai.speech({ model: 'tts-1', input: part, voice: 'alloy', format: 'wav' })).bytes.length > 44);
      }
      assert.equal(parts.join(' ').replace(/\s+/g, ' '), long.trim().replace(/\s+/g, ' '));
    });

    test('splitForSpeech prefers paragraph, then sentence, then word boundaries', () => {
      assert.deepEqual(splitForSpeech('One two. Three four.\n\nFive six.', 20), ['One two. Three four.', 'Five six.']);
      assert.deepEqual(splitForSpeech('One two. Three four five.', 12), ['One two.', 'Three four', 'five.']);
      assert.deepEqual(splitForSpeech('abcdefghij', 4), ['abcd', 'efgh', 'ij']);
      assert.deepEqual(splitForSpeech('你好。世界很大。再见！', 5), ['你好。', '世界很大。', '再见！']);
      assert.deepEqual(splitForSpeech('  short  '), ['short']);
      assert.deepEqual(splitForSpeech(''), []);
    });

    test('transcribe uploads the file intact (name, size, hash) and answers every response format', async () => {
      await start();
      const file = new Uint8Array(randomBytes(300_000));
      const sha = createHash('sha256').update(file).digest('hex').slice(0, 16);
      const json = await ai.transcribe({ file, fileName: '/home/me/clip.m4a', model: 'whisper-1', language: 'de', prompt: 'Names: Ada', responseFormat: 'json' });
      assert.deepEqual(Object.keys(json), ['text']);
      assert.equal(json.text, `Simulated transcript of clip.m4a: 300000 bytes, sha256 ${sha}. Language: de. Prompt: Names: Ada.`);
      assert.match(last().headers['content-type']!, /^multipart\/form-data; boundary=/);
      const text = await ai.transcribe({ file, fileName: 'clip.m4a', model: 'whisper-1', responseFormat: 'text' });
      assert.equal(typeof text, 'string');
      assert.match(text, /clip\.m4a: 300000 bytes/);
      assert.match(await ai.transcribe({ file, fileName: 'clip.m4a', model: 'whisper-1', responseFormat: 'srt' }), /^1\n00:00:00,000 --> \d\d:\d\d:\d\d,\d{3}\n/);
      assert.match(await ai.transcribe({ file, fileName: 'clip.m4a', model: 'whisper-1', responseFormat: 'vtt' }), /^WEBVTT\n\n00:00:00\.000 --> /);
      const verbose = await ai.transcribe({ file, fileName: 'clip.m4a', model: 'whisper-1', responseFormat: 'verbose_json' });
      assert.ok(verbose.duration! > 0);
      assert.equal(verbose.segments?.[0]?.text, verbose.text);
    });

    test('translate goes to /audio/translations', async () => {
      await start();
      const result = await ai.translate({ file: new Uint8Array([1, 2, 3, 4]), fileName: 'talk.MP3', model: 'whisper-1', responseFormat: 'json' });
      assert.match(result.text, /^Simulated English translation of talk\.MP3: 4 bytes/);
      assert.equal(last().route, 'POST /v1/audio/translations');
    });

    test('unsupported types and files over 25 MB are refused before uploading', async () => {
      await start();
      assert.deepEqual([...AUDIO_UPLOAD_EXTENSIONS], ['flac', 'mp3', 'mp4', 'mpeg', 'mpga', 'm4a', 'ogg', 'wav', 'webm']);
      assert.equal(AUDIO_UPLOAD_MAX_BYTES, 25 * 1024 * 1024);
      const wrongType = await rejects<GatewayError>(ai.transcribe({ file: new Uint8Array(10), fileName: 'notes.txt', model: 'whisper-1', responseFormat: 'json' }));
      assert.match(wrongType.message, /"notes\.txt" is not an audio file.*flac, mp3/);
      const big = await rejects<GatewayError>(ai.transcribe({ file: new Uint8Array(AUDIO_UPLOAD_MAX_BYTES + 1), fileName: 'long.wav', model: 'whisper-1', responseFormat: 'text' }));
      assert.match(big.message, /25\.0 MB; the gateway takes at most 25 MB/);
      assert.equal(h.sim.requests.length, 0);
    });
  });

  suite('embeddings and completions', () => {
    test('embed: one vector per input, equal texts give cosine 1, different ones far less', async () => {
      await start();
      const result = await ai.embed({ model: 'text-embedding-3-small', input: ['the cat sat', 'the cat sat', 'quantum tax law'] });
      assert.equal(result.vectors.length, 3);
      assert.equal(result.vectors[0]!.length, 256);
      assert.equal(result.model, 'text-embedding-3-small');
      assert.ok(result.usage.promptTokens > 0 && result.usage.totalTokens >= result.usage.promptTokens);
      assert.ok(Math.abs(cosineSimilarity(result.vectors[0]!, result.vectors[1]!) - 1) < 1e-6);
      assert.ok(Math.abs(cosineSimilarity(result.vectors[0]!, result.vectors[2]!)) < 0.5);
      assert.equal((last().body as { encoding_format: string }).encoding_format, 'float');
      assert.equal((await ai.embed({ model: 'text-embedding-3-small', input: 'one', dimensions: 64 })).vectors[0]!.length, 64);
    });

    test('cosineSimilarity refuses different lengths and zero vectors in plain words', () => {
      assert.equal(cosineSimilarity([1, 0], [2, 0]), 1);
      assert.equal(cosineSimilarity([1, 0], [0, 3]), 0);
      assert.throws(() => cosineSimilarity([1, 2], [1, 2, 3]), (e: GatewayError) => e.kind === 'validation' && /2 and 3 numbers/.test(e.message));
      assert.throws(() => cosineSimilarity([0, 0], [1, 1]), /all zeros/);
    });

    test('complete: text and finish reason from /v1/completions', async () => {
      await start();
      const short = await ai.complete({ model: 'gpt-3.5-turbo-instruct', prompt: 'Say this is a test', maxTokens: 7, temperature: 0 });
      assert.equal(short.finishReason, 'length');
      assert.equal(short.text, '\n\nThis is a simulated completion by ');
      assert.deepEqual(last().body, { model: 'gpt-3.5-turbo-instruct', prompt: 'Say this is a test', max_tokens: 7, temperature: 0 });
      const full = await ai.complete({ model: 'gpt-3.5-turbo-instruct', prompt: 'Say this is a test', maxTokens: 100 });
      assert.equal(full.finishReason, 'stop');
      assert.match(full.text, /"Say this is a test", one word at a time\.$/);
      assert.ok(full.usage!.completionTokens > 7);
    });
  });
});

suite('SSE parser', () => {
  const stream = 'data: {"a":1}\r\n\r\n: ping\n\nevent: note\ndata: line one\ndata: line two\r\rdata:{"b":"é世"}\n\n: keep-alive\r\ndata: [DONE]\n\n';
  const expected: SseEvent[] = [
    { event: 'message', data: '{"a":1}' },
    { event: 'note', data: 'line one\nline two' },
    { event: 'message', data: '{"b":"é世"}' },
    { event: 'message', data: '[DONE]' },
  ];

  test('the same events whatever the split point (mid-line, mid-CRLF), comments skipped', () => {
    for (let cut = 0; cut <= stream.length; cut++) {
      const parser = new SseParser();
      const events = [...parser.push(stream.slice(0, cut)), ...parser.push(stream.slice(cut)), ...parser.end()];
      assert.deepEqual(events, expected, `split at ${cut}`);
    }
    const parser = new SseParser();
    const oneByOne = [...stream].flatMap((char) => parser.push(char));
    assert.deepEqual([...oneByOne, ...parser.end()], expected);
  });

  test('a last event without its blank line still counts at the end', () => {
    const parser = new SseParser();
    assert.deepEqual(parser.push('data: {"x":1}\n\ndata: [DONE]'), [{ event: 'message', data: '{"x":1}' }]);
    assert.deepEqual(parser.end(), [{ event: 'message', data: '[DONE]' }]);
  });
});
