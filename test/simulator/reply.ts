// What a route handler returns; server.ts writes it to the socket.

export interface Reply {
  status: number;
  headers?: Record<string, string>;
  body: string | Buffer;
  /** A streamed answer (SSE): written piece by piece instead of `body` (see stream.ts). */
  stream?: StreamPlan;
}

export interface StreamPlan {
  /** Buffers let a piece end inside a multi-byte character, as TCP reads can. */
  pieces: Array<string | Buffer>;
  /** Pause before each piece, so the client really receives them apart. */
  gapMs: number;
  /** After the last piece: 'end' finishes the answer, 'cut' drops the connection, 'stall' keeps it open silently. */
  finish: 'end' | 'cut' | 'stall';
}

export function json(status: number, value: unknown, headers: Record<string, string> = {}): Reply {
  return { status, headers: { 'content-type': 'application/json; charset=utf-8', ...headers }, body: JSON.stringify(value) };
}
