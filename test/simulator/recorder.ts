// A second local server that only records what reaches it: the host a hostile workspace setting,
// a changed gateway setting or a redirect would send requests to. Whatever it gets is evidence.
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export interface RecordedHit {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

export interface Recorder {
  /** 'http://127.0.0.1:PORT' */
  readonly url: string;
  readonly hits: RecordedHit[];
  /** Hits that carried an Authorization header (or the key anywhere in headers or body). */
  withKey(key: string): RecordedHit[];
  close(): Promise<void>;
}

/** Answers every request 404 with a small JSON body, after recording it. Listens on 127.0.0.1. */
export async function startRecorder(): Promise<Recorder> {
  const hits: RecordedHit[] = [];
  const sockets = new Set<Socket>();
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      hits.push({ method: req.method ?? '', path: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      res.writeHead(404, { 'content-type': 'application/json' });
      res.end('{"error":{"message":"recorder: not a gateway"}}');
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    hits,
    withKey: (key) => hits.filter((h) => h.headers.authorization !== undefined || JSON.stringify(h.headers).includes(key) || h.body.includes(key)),
    close: () => new Promise<void>((resolve) => {
      server.close(() => resolve());
      for (const socket of sockets) socket.destroy();
    }),
  };
}
