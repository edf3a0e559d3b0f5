// Server-Sent Events as OpenAI-format streams use them: `data:` lines, events separated by a blank line,
// `: ping` comments, LF, CRLF or CR line ends, and reads that split anywhere (mid-line, mid-CRLF, mid-character).

export interface SseEvent {
  /** The `event:` field, 'message' when absent. */
  event: string;
  /** The `data:` lines of the event joined with "\n". */
  data: string;
}

/** Incremental parser: push decoded text as it arrives, get the events it completes. Pure, no I/O. */
export class SseParser {
  private buffer = '';
  private data: string[] = [];
  private event = '';

  push(text: string): SseEvent[] {
    this.buffer += text;
    const events: SseEvent[] = [];
    let start = 0;
    const breaks = /\r\n|\r|\n/g;
    for (let match = breaks.exec(this.buffer); match; match = breaks.exec(this.buffer)) {
      // A CR at the very end may be the first half of a CRLF: wait for the next read.
      if (match[0] === '\r' && match.index === this.buffer.length - 1) break;
      this.line(this.buffer.slice(start, match.index), events);
      start = match.index + match[0].length;
    }
    this.buffer = this.buffer.slice(start);
    return events;
  }

  /** End of input. A last event without its closing blank line still counts (some servers omit it), and so
   *  does a last unterminated line; a caller that needs JSON will find out if it was cut short. */
  end(): SseEvent[] {
    const events: SseEvent[] = [];
    const rest = this.buffer.replace(/\r$/, '');
    this.buffer = '';
    if (rest) this.line(rest, events);
    this.line('', events);
    return events;
  }

  private line(line: string, events: SseEvent[]): void {
    if (line === '') {
      if (this.data.length > 0) events.push({ event: this.event || 'message', data: this.data.join('\n') });
      this.data = [];
      this.event = '';
      return;
    }
    if (line.startsWith(':')) return; // comment / keep-alive
    const colon = line.indexOf(':');
    const name = colon < 0 ? line : line.slice(0, colon);
    const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
    if (name === 'data') this.data.push(value);
    else if (name === 'event') this.event = value;
    // id and retry do not matter for a one-shot answer.
  }
}

/** Thrown by readSse when nothing at all arrived for `idleMs`. */
export class SseIdleError extends Error {
  constructor(readonly idleMs: number) {
    super(`no data for ${idleMs} ms`);
    this.name = 'SseIdleError';
  }
}

/**
 * The events of a response body, in order. Read errors (a dropped connection, an abort) are thrown as they come;
 * comments count as activity for the idle limit, so a gateway's keep-alives hold a slow answer open.
 * Stopping early (break / return) cancels the body, which frees the connection.
 */
export async function* readSse(body: ReadableStream<Uint8Array>, idleMs: number): AsyncGenerator<SseEvent> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  const parser = new SseParser();
  try {
    for (;;) {
      const { done, value } = await readWithin(reader, idleMs);
      const events = done ? [...parser.push(decoder.decode()), ...parser.end()] : parser.push(decoder.decode(value, { stream: true }));
      yield* events;
      if (done) return;
    }
  } finally {
    reader.cancel().catch(() => undefined);
  }
}

type ReadResult = Awaited<ReturnType<ReadableStreamDefaultReader<Uint8Array>['read']>>;

function readWithin(reader: ReadableStreamDefaultReader<Uint8Array>, idleMs: number): Promise<ReadResult> {
  if (!(idleMs > 0 && Number.isFinite(idleMs))) return reader.read();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const idle = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new SseIdleError(idleMs)), idleMs);
  });
  return Promise.race([reader.read(), idle]).finally(() => clearTimeout(timer));
}
