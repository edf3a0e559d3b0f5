// Audio the speech route answers with. No encoder is bundled, so only what can be made honestly is made:
// WAV (16-bit PCM, mono, 24 kHz, a tone whose length follows the input), raw PCM, and MP3 as a run of silent
// MPEG-1 Layer III frames. Other formats (opus, aac, flac) are answered as WAV and labelled audio/wav.

export const SAMPLE_RATE = 24_000;

/** Tone length: 40 ms per input character, between 0.2 s and 2 s. */
export function toneMs(input: string): number {
  return Math.min(2000, Math.max(200, input.length * 40));
}

export function pcmTone(ms: number, hz = 440): Buffer {
  const samples = Math.round((SAMPLE_RATE * ms) / 1000);
  const out = Buffer.alloc(samples * 2);
  for (let i = 0; i < samples; i++) {
    out.writeInt16LE(Math.round(Math.sin((2 * Math.PI * hz * i) / SAMPLE_RATE) * 8000), i * 2);
  }
  return out;
}

export function wav(pcm: Buffer): Buffer {
  const header = Buffer.alloc(44);
  header.write('RIFF', 0, 'latin1');
  header.writeUInt32LE(36 + pcm.length, 4);
  header.write('WAVE', 8, 'latin1');
  header.write('fmt ', 12, 'latin1');
  header.writeUInt32LE(16, 16); // fmt chunk size
  header.writeUInt16LE(1, 20); // PCM
  header.writeUInt16LE(1, 22); // mono
  header.writeUInt32LE(SAMPLE_RATE, 24);
  header.writeUInt32LE(SAMPLE_RATE * 2, 28); // byte rate
  header.writeUInt16LE(2, 32); // block align
  header.writeUInt16LE(16, 34); // bits per sample
  header.write('data', 36, 'latin1');
  header.writeUInt32LE(pcm.length, 40);
  return Buffer.concat([header, pcm]);
}

/** Silent MP3: MPEG-1 Layer III, 128 kbit/s, 44.1 kHz, mono, no padding → 417-byte frames of 26 ms each.
 *  All-zero side information and main data decode as silence. */
export function silentMp3(ms: number): Buffer {
  const frames = Math.max(1, Math.round(ms / 26));
  const frame = Buffer.alloc(417);
  frame.set([0xff, 0xfb, 0x90, 0xc4]); // sync, MPEG-1, Layer III, no CRC | 128 kbit/s, 44.1 kHz | mono
  return Buffer.concat(Array.from({ length: frames }, () => frame));
}
