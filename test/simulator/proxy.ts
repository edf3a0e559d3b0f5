// A small forward HTTP proxy for tests, on 127.0.0.1: absolute-form requests (plain http) are
// forwarded and recorded with their headers; CONNECT opens a tunnel and records the bytes it
// relayed (what a proxy can read of an https request: nothing but ciphertext). Host names are
// resolved by the proxy only (`hosts`), like a corporate network where the gateway is reachable
// through the proxy alone. Also: a TLS front (`startTlsFront`) that serves https for a name and
// forwards to a plain http server, so a test can reach the simulator over https.
import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import path from 'node:path';
import type { AddressInfo } from 'node:net';

export interface ProxiedRequest {
  kind: 'http' | 'connect';
  /** Absolute URL (http) or host:port (CONNECT). */
  target: string;
  method: string;
  /** Lower-cased names; for CONNECT, the CONNECT request's own headers. */
  headers: Record<string, string>;
}

export interface TestProxy {
  readonly url: string;
  readonly port: number;
  readonly seen: ProxiedRequest[];
  /** Every byte clients sent through CONNECT tunnels, concatenated. */
  tunnelled(): Buffer;
  /** Forgets what was seen and relayed so far. */
  reset(): void;
  close(): Promise<void>;
}

/** `hosts` maps a host name to the port on 127.0.0.1 that answers for it; other names get 502. */
export async function startProxy(hosts: Record<string, number>): Promise<TestProxy> {
  const seen: ProxiedRequest[] = [];
  const tunnel: Buffer[] = [];
  const sockets = new Set<net.Socket>();
  const resolve = (host: string): number | undefined => hosts[host.toLowerCase()];
  const flat = (h: http.IncomingHttpHeaders): Record<string, string> =>
    Object.fromEntries(Object.entries(h).map(([k, v]) => [k.toLowerCase(), Array.isArray(v) ? v.join(', ') : (v ?? '')]));

  const server = http.createServer((req, res) => {
    let target: URL;
    try {
      target = new URL(req.url ?? '');
    } catch {
      res.writeHead(400).end('absolute-form request expected');
      return;
    }
    seen.push({ kind: 'http', target: target.toString(), method: req.method ?? 'GET', headers: flat(req.headers) });
    const port = resolve(target.hostname);
    if (!port) {
      res.writeHead(502).end(`unknown host ${target.hostname}`);
      return;
    }
    const headers = { ...req.headers };
    delete headers['proxy-authorization'];
    delete headers['proxy-connection'];
    const upstream = http.request({ host: '127.0.0.1', port, method: req.method, path: `${target.pathname}${target.search}`, headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    upstream.on('error', () => { if (!res.headersSent) res.writeHead(502); res.end(); });
    req.pipe(upstream);
  });

  server.on('connect', (req: http.IncomingMessage, client: net.Socket, head: Buffer) => {
    // The port asked for does not matter: the proxy alone knows where a name is served.
    const host = (req.url ?? '').replace(/:\d+$/, '');
    seen.push({ kind: 'connect', target: req.url ?? '', method: 'CONNECT', headers: flat(req.headers) });
    const port = resolve(host);
    if (!port) {
      client.end('HTTP/1.1 502 Bad Gateway\r\n\r\n');
      return;
    }
    const upstream = net.connect(port, '127.0.0.1', () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      if (head.length) { tunnel.push(Buffer.from(head)); upstream.write(head); }
      client.on('data', (chunk: Buffer) => tunnel.push(Buffer.from(chunk)));
      client.pipe(upstream);
      upstream.pipe(client);
    });
    const end = () => { client.destroy(); upstream.destroy(); };
    upstream.on('error', end);
    client.on('error', end);
  });

  server.on('connection', (socket: net.Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    seen,
    tunnelled: () => Buffer.concat(tunnel),
    reset: () => { seen.splice(0); tunnel.splice(0); },
    close: () => new Promise<void>((done) => {
      server.close(() => done());
      for (const socket of sockets) socket.destroy();
    }),
  };
}

export interface TlsFront {
  readonly port: number;
  close(): Promise<void>;
}

/** The committed test certificate for gateway.aitre.test (self-signed: nothing trusts it by default). */
export const TEST_TLS_HOST = 'gateway.aitre.test';

function fixture(name: string): string {
  // Bundled to out/test/...: look upwards for test/fixtures/tls.
  let dir = __dirname;
  for (;;) {
    const candidate = path.join(dir, 'test', 'fixtures', 'tls', name);
    if (fs.existsSync(candidate)) return candidate;
    const up = path.dirname(dir);
    if (up === dir) throw new Error(`test/fixtures/tls/${name} not found`);
    dir = up;
  }
}

/** https on 127.0.0.1 with the test certificate, forwarding every request to http://127.0.0.1:`targetPort`. */
export async function startTlsFront(targetPort: number): Promise<TlsFront> {
  const sockets = new Set<net.Socket>();
  const server = https.createServer({ key: fs.readFileSync(fixture('gateway.key')), cert: fs.readFileSync(fixture('gateway.crt')) }, (req, res) => {
    const upstream = http.request({ host: '127.0.0.1', port: targetPort, method: req.method, path: req.url, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    upstream.on('error', () => { if (!res.headersSent) res.writeHead(502); res.end(); });
    req.pipe(upstream);
  });
  server.on('connection', (socket: net.Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  return {
    port: (server.address() as AddressInfo).port,
    close: () => new Promise<void>((done) => {
      server.close(() => done());
      for (const socket of sockets) socket.destroy();
    }),
  };
}
