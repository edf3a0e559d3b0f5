// The simulator's OpenAI-format routes, checked by an independent peer: the official `openai` npm client.
// If the simulator drifted from the real wire format, this client (not ours) would fail to read it.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import OpenAI, { toFile } from 'openai';
import { decodePng, encodePng, generatedImageColor, pngSize, startSimulator, type Simulator } from '../simulator';
import { encodePngRgba } from '../simulator/png';

suite('Simulator OpenAI routes, seen by the official openai client', () => {
  let sim: Simulator;
  let client: OpenAI;
  setup(async () => {
    sim = await startSimulator({ speed: 'test' });
    client = new OpenAI({ baseURL: `${sim.url}/v1`, apiKey: sim.apiKey, maxRetries: 0, timeout: 10_000 });
  });
  teardown(async () => { await sim?.close(); });

  test('models.list', async () => {
    const ids: string[] = [];
    for await (const model of client.models.list()) ids.push(model.id);
    for (const id of ['gpt-4o-mini', 'gpt-4o-image', 'dall-e-3', 'gpt-image-1', 'flux-schnell', 'tts-1', 'tts-1-hd', 'whisper-1', 'text-embedding-3-small', 'gpt-3.5-turbo-instruct']) {
      assert.ok(ids.includes(id), id);
    }
  });

  test('chat.completions.create, not streamed', async () => {
    const answer = await client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Say this is a test' }] });
    assert.equal(answer.object, 'chat.completion');
    assert.match(answer.choices[0]!.message.content!, /Say this is a test/);
    assert.equal(answer.choices[0]!.finish_reason, 'stop');
    assert.ok(answer.usage!.total_tokens > 0);
  });

  test('chat.completions.create, streamed: chunks then [DONE], usage on request', async () => {
    const stream = await client.chat.completions.create({
      model: 'gpt-4o-mini', stream: true, stream_options: { include_usage: true }, messages: [{ role: 'user', content: 'héllo 世界' }],
    });
    let text = '';
    let chunks = 0;
    let finish: string | null = null;
    let usage = 0;
    for await (const chunk of stream) {
      chunks++;
      assert.equal(chunk.object, 'chat.completion.chunk');
      text += chunk.choices[0]?.delta.content ?? '';
      finish = chunk.choices[0]?.finish_reason ?? finish;
      usage = chunk.usage?.total_tokens ?? usage;
    }
    assert.ok(chunks > 5);
    assert.match(text, /you said "héllo 世界"/);
    assert.equal(finish, 'stop');
    assert.ok(usage > 0);
  });

  test('a streamed error event surfaces as an APIError in the official client too', async () => {
    const stream = await client.chat.completions.create({ model: 'gpt-4o-mini', stream: true, messages: [{ role: 'user', content: 'x --sim-error' }] });
    await assert.rejects((async () => { for await (const chunk of stream) void chunk; })(), /failed mid-answer/);
  });

  test('an unknown model is new-api\'s 503 "no channel"', async () => {
    await assert.rejects(client.chat.completions.create({ model: 'gpt-9', messages: [{ role: 'user', content: 'x' }] }),
      (error: InstanceType<typeof OpenAI.APIError>) => error.status === 503 && /无可用渠道/.test(error.message));
  });

  test('gpt-4o-image answers Markdown whose image link is a real PNG', async () => {
    const answer = await client.chat.completions.create({ model: 'gpt-4o-image', messages: [{ role: 'user', content: [{ type: 'text', text: 'a war cat' }] }] });
    const url = /!\[image\]\((\S+)\)/.exec(answer.choices[0]!.message.content!)?.[1];
    assert.ok(url);
    assert.deepEqual(pngSize(new Uint8Array(await (await fetch(url)).arrayBuffer())), { width: 1024, height: 1024 });
  });

  test('images.generate: url form (dall-e-3) and b64_json form (gpt-image-1)', async () => {
    const byUrl = await client.images.generate({ model: 'dall-e-3', prompt: 'a lighthouse', size: '1024x1792' });
    assert.ok(byUrl.data![0]!.revised_prompt);
    const png = new Uint8Array(await (await fetch(byUrl.data![0]!.url!)).arrayBuffer());
    assert.deepEqual(pngSize(png), { width: 1024, height: 1792 });
    const inline = await client.images.generate({ model: 'gpt-image-1', prompt: 'a fox', size: '1024x1024' });
    assert.equal(inline.data![0]!.url, undefined);
    assert.equal(decodePng(Buffer.from(inline.data![0]!.b64_json!, 'base64')).height, 1024);
    assert.ok(inline.usage!.total_tokens > 0);
    const asked = await client.images.generate({ model: 'dall-e-3', prompt: 'x', response_format: 'b64_json' });
    assert.ok(asked.data![0]!.b64_json);
  });

  test('images.edit: the official client\'s multipart image + mask, answered with the masked part changed', async () => {
    const image = encodePng(40, 20, new Uint8Array(40 * 20 * 3).fill(70));
    const mask = encodePngRgba(40, 20, (x) => [0, 0, 0, x < 20 ? 0 : 255]);
    const result = await client.images.edit({
      model: 'gpt-image-1', prompt: 'a red door', input_fidelity: 'high',
      image: await toFile(image, 'wall.png', { type: 'image/png' }), mask: await toFile(mask, 'mask.png', { type: 'image/png' }),
    });
    const png = decodePng(Buffer.from(result.data![0]!.b64_json!, 'base64'));
    assert.deepEqual(png.pixel(5, 10), [...generatedImageColor('a red door')]);
    assert.deepEqual(png.pixel(35, 10), [70, 70, 70]);
    await assert.rejects(client.images.edit({ model: 'gpt-image-1', prompt: 'x', image: await toFile(image, 'wall.png', { type: 'image/png' }), mask: await toFile(image, 'm.png', { type: 'image/png' }) }),
      (error: InstanceType<typeof OpenAI.APIError>) => error.status === 400 && /alpha channel/.test(error.message));
  });

  test('audio.speech.create returns audio bytes with an audio Content-Type', async () => {
    const response = await client.audio.speech.create({ model: 'tts-1', voice: 'alloy', input: 'Hello.', response_format: 'wav' });
    assert.equal(response.headers.get('content-type'), 'audio/wav');
    const bytes = Buffer.from(await response.arrayBuffer());
    assert.equal(bytes.toString('latin1', 0, 4), 'RIFF');
    const mp3 = await client.audio.speech.create({ model: 'tts-1', voice: 'alloy', input: 'Hello.' });
    assert.equal(mp3.headers.get('content-type'), 'audio/mpeg');
    await assert.rejects(client.audio.speech.create({ model: 'tts-1', voice: 'alloy', input: 'x'.repeat(4097) }),
      (error: InstanceType<typeof OpenAI.APIError>) => error.status === 400 && /maximum length 4096/.test(error.message));
  });

  test('audio.transcriptions.create (toFile) gets the upload intact; text format too; translations', async () => {
    const bytes = Buffer.from(Array.from({ length: 50_000 }, (_, i) => (i * 7) % 256));
    const sha = createHash('sha256').update(bytes).digest('hex').slice(0, 16);
    const json = await client.audio.transcriptions.create({ file: await toFile(bytes, 'meeting.wav'), model: 'whisper-1', language: 'en' });
    assert.equal(json.text, `Simulated transcript of meeting.wav: 50000 bytes, sha256 ${sha}. Language: en.`);
    const text = await client.audio.transcriptions.create({ file: await toFile(bytes, 'meeting.wav'), model: 'whisper-1', response_format: 'text' });
    assert.match(String(text), /meeting\.wav: 50000 bytes/);
    const english = await client.audio.translations.create({ file: await toFile(bytes, 'rede.ogg'), model: 'whisper-1' });
    assert.match(english.text, /^Simulated English translation of rede\.ogg/);
  });

  test('embeddings.create (the client asks base64 by default) and float', async () => {
    const result = await client.embeddings.create({ model: 'text-embedding-3-small', input: ['same', 'same', 'other'] });
    assert.equal((sim.requests.at(-1)!.body as { encoding_format: string }).encoding_format, 'base64');
    const [a, b, c] = result.data.map((d) => d.embedding);
    assert.equal(a!.length, 256);
    const dot = (x: number[], y: number[]) => x.reduce((sum, v, i) => sum + v * (y[i] ?? 0), 0);
    assert.ok(Math.abs(dot(a!, b!) - 1) < 1e-5);
    assert.ok(Math.abs(dot(a!, c!)) < 0.5);
    const floats = await client.embeddings.create({ model: 'text-embedding-3-small', input: 'same', encoding_format: 'float' });
    assert.ok(Math.abs(dot(floats.data[0]!.embedding, a!) - 1) < 1e-5);
  });

  test('completions.create', async () => {
    const result = await client.completions.create({ model: 'gpt-3.5-turbo-instruct', prompt: 'Say this is a test', max_tokens: 7, temperature: 0 });
    assert.equal(result.object, 'text_completion');
    assert.equal(result.choices[0]!.finish_reason, 'length');
    assert.ok(result.choices[0]!.text.startsWith('\n\nThis is'));
  });

  test('every route asks for the Bearer key', async () => {
    const stranger = new OpenAI({ baseURL: `${sim.url}/v1`, apiKey: 'sk-wrong', maxRetries: 0 });
    await assert.rejects(stranger.embeddings.create({ model: 'text-embedding-3-small', input: 'x' }), (error: InstanceType<typeof OpenAI.APIError>) => error.status === 401);
    await assert.rejects(stranger.audio.transcriptions.create({ file: await toFile(Buffer.from('x'), 'a.wav'), model: 'whisper-1' }), (error: InstanceType<typeof OpenAI.APIError>) => error.status === 401);
  });
});
