// A WebM (Matroska) writer for one VP8 video track: EBML header, Segment with Info (duration), Tracks and a
// single Cluster of SimpleBlocks, with a Cues entry so the video can be seeked. Enough for a browser's <video> and for ffprobe.

/** An EBML variable-length size, in the fewest bytes. */
function vintSize(size: number): Buffer {
  for (let length = 1; length <= 8; length++) {
    if (size < 2 ** (7 * length) - 1) {
      const out = Buffer.alloc(length);
      let rest = size;
      for (let i = length - 1; i >= 0; i--) {
        out[i] = rest % 256;
        rest = Math.floor(rest / 256);
      }
      out[0]! |= 1 << (8 - length);
      return out;
    }
  }
  throw new Error('vintSize: too large');
}

/** An element: its id bytes (as written, marker included), its size, its payload. */
function element(id: number, payload: Buffer): Buffer {
  const hex = id.toString(16);
  return Buffer.concat([Buffer.from(hex.length % 2 ? `0${hex}` : hex, 'hex'), vintSize(payload.length), payload]);
}

const uint = (id: number, value: number): Buffer => {
  const bytes: number[] = [];
  let rest = value;
  do {
    bytes.unshift(rest % 256);
    rest = Math.floor(rest / 256);
  } while (rest > 0);
  return element(id, Buffer.from(bytes));
};
const str = (id: number, value: string): Buffer => element(id, Buffer.from(value, 'utf8'));
const float = (id: number, value: number): Buffer => {
  const payload = Buffer.alloc(8);
  payload.writeDoubleBE(value);
  return element(id, payload);
};
const master = (id: number, ...children: Buffer[]): Buffer => element(id, Buffer.concat(children));

export interface WebmVideo {
  width: number;
  height: number;
  /** Frames per second (every frame lasts 1/fps s). */
  fps: number;
  /** Raw VP8 frames, in display order. */
  frames: readonly Buffer[];
}

/** The whole file. */
export function writeWebm(video: WebmVideo): Buffer {
  const frameMs = 1000 / video.fps;
  const ebml = master(0x1a45dfa3,
    uint(0x4286, 1), // EBMLVersion
    uint(0x42f7, 1), // EBMLReadVersion
    uint(0x42f2, 4), // EBMLMaxIDLength
    uint(0x42f3, 8), // EBMLMaxSizeLength
    str(0x4282, 'webm'), // DocType
    uint(0x4287, 2), // DocTypeVersion
    uint(0x4285, 2)); // DocTypeReadVersion
  const info = master(0x1549a966,
    uint(0x2ad7b1, 1_000_000), // TimecodeScale: timecodes in ms
    str(0x4d80, 'aitre-simulator'), // MuxingApp
    str(0x5741, 'aitre-simulator'), // WritingApp
    float(0x4489, video.frames.length * frameMs)); // Duration (ms)
  const tracks = master(0x1654ae6b, master(0xae,
    uint(0xd7, 1), // TrackNumber
    uint(0x73c5, 1), // TrackUID
    uint(0x83, 1), // TrackType: video
    uint(0x9c, 0), // FlagLacing
    str(0x86, 'V_VP8'), // CodecID
    uint(0x23e383, Math.round(frameMs * 1_000_000)), // DefaultDuration (ns)
    master(0xe0, uint(0xb0, video.width), uint(0xba, video.height)))); // Video: PixelWidth, PixelHeight
  const blocks = video.frames.map((frame, i) => {
    const head = Buffer.alloc(4);
    head[0] = 0x81; // track number 1 as a vint
    head.writeInt16BE(Math.round(i * frameMs), 1); // timecode relative to the cluster
    head[3] = 0x80; // key frame
    return element(0xa3, Buffer.concat([head, frame]));
  });
  const cluster = master(0x1f43b675, uint(0xe7, 0), ...blocks);
  // One cue (time 0 → the cluster) so players can seek; the cluster's position counts from the segment's data.
  const cues = (position: number) => master(0x1c53bb6b, master(0xbb, uint(0xb3, 0), master(0xb7, uint(0xf7, 1), uint(0xf1, position))));
  const before = info.length + tracks.length;
  let cueBytes = cues(before);
  cueBytes = cues(before + cueBytes.length); // the size of the position field may grow it once
  return Buffer.concat([ebml, master(0x18538067, info, tracks, cueBytes, cluster)]);
}
