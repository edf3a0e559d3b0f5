// The AITRE gateway simulator: a real HTTP server on 127.0.0.1 that answers like a new-api gateway in front of
// a midjourney-proxy-plus (contract: ../shared/docs/aitre-api.md).
//
// SCENARIO TRIGGERS (inside the prompt of imagine, shorten, or a modal; --sim-queue is ignored on a modal)
//   bloodbath          200 {"code":24,"description":"可能包含敏感词","properties":{"promptEn":…,"bannedWord":"bloodbath"}}
//   --sim-fail         the task ends FAILURE, failReason "Simulated failure: the job was rejected upstream"
//   --sim-stall        the task stays IN_PROGRESS at 46% until finishTask()
//   --sim-queue        code 22 "排队中，前面还有3个任务", properties.numberOfQueues 3; new-api quirks rewrite it to code 1
//                      (description and properties kept), 'plus' keeps 22; the task then runs normally
//   --sim-queue-full   200 code 23 "队列已满，请稍后尝试" with an id that is never stored
//   --sim-code=N       3 → 200 "无可用的账号实例"; 9 → 200 "提交失败，系统异常"; 4 → 400 MJ shape "quota_not_enough ";
//                      5 → 400 MJ shape "do_request_failed "; any other N → 200 "Simulated code N"
//   --sim-ratelimit    429 {"description":"请求过于频繁 ","type":"upstream_error","code":30}
// The --sim-* flags are stripped from promptEn / finalPrompt (what "Midjourney" ran).
// OpenAI-format routes (/v1/...): see routes-openai.ts for the stream triggers (--sim-cut, --sim-stall, --sim-error,
// --sim-crlf), routes-openai-media.ts for images and audio, routes-openai-edits.ts for /v1/images/edits.
// Video, edits, retexture and uploads (/mj/submit/video, …): routes-media.ts; the video files: video.ts.
//
// Billing: GET /v1/dashboard/billing/{subscription,usage} answer like new-api for a token key (billing.ts); every
// accepted paid call takes its price from the key (options.quota, configure({ quota })), billing: false → 404.
//
// Request pipeline: read body → /__sim/* control routes (not recorded, no auth, never faulted) → CORS
// preflight → record → injected fault (a 'hold' waits for releaseHeld(), then goes on) → route lookup (unknown
// or disabled → 404 OpenAI shape) → auth → handler → charge the key.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { randomBytes } from 'node:crypto';
import { charge, DEFAULT_QUOTA, ledgerFrom, priceOf, QUOTA_PER_UNIT } from './billing';
import { applyConfigPatch, checkQuota, initialConfig } from './config';
import type { SimCore } from './context';
import { invalidUrl, openAiError } from './errors';
import { FaultBook, faultAction } from './faults';
import type { Reply } from './reply';
import { matchRoute, type RouteMatch } from './routes';
import { controlRoute } from './routes-sim';
import { writeStream } from './stream';
import { createState, finishTaskNow } from './tasks';
import type { RecordedRequest, Simulator, SimulatorOptions } from './types';

const MAX_BODY_BYTES = 64 * 1024 * 1024;

export async function startSimulator(options: SimulatorOptions = {}): Promise<Simulator> {
  const config = initialConfig(options);
  const now = options.clock ?? (() => Date.now());
  const state = options.state ?? createState(now());
  const requests: RecordedRequest[] = [];
  const faults = new FaultBook();
  const sockets = new Set<Socket>();
  const hiddenFromList = new Set<string>();
  const log = options.log;
  /** Requests a `hold` fault keeps waiting: each resolves when released (or when the server closes). */
  const held: (() => void)[] = [];
  const releaseHeld = (): number => held.splice(0).map((release) => release()).length;
  const ledger = ledgerFrom(checkQuota(options.quota ?? DEFAULT_QUOTA));

  const listen = async (handler: (req: IncomingMessage, res: ServerResponse) => Promise<void>, port: number) => {
    const srv = createServer((req, res) => {
      handler(req, res).catch((error: unknown) => {
        if (!res.headersSent) send(res, openAiError(500, `Simulator error: ${error instanceof Error ? error.message : String(error)}`), '');
      });
    });
    srv.on('connection', (socket) => {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
    });
    await new Promise<void>((resolve, reject) => {
      srv.once('error', reject);
      srv.listen(port, '127.0.0.1', () => {
        srv.off('error', reject);
        resolve();
      });
    });
    return srv;
  };
  const server = await listen((req, res) => handle(req, res), options.port ?? 0);
  const port = (server.address() as AddressInfo).port;
  const url = `http://127.0.0.1:${port}`;
  // A picture host that is not the gateway (another port is another origin): plain http, no key.
  const imageServer = options.imageHost === 'separate' ? await listen((req, res) => handle(req, res, true), 0) : undefined;
  const imageUrl = imageServer ? `http://127.0.0.1:${(imageServer.address() as AddressInfo).port}` : url;
  const core: SimCore = {
    state, config, now, ledger, hiddenFromList,
    get url() { return config.publicUrl ?? url; },
    get imageBase() { return imageServer ? imageUrl : config.publicUrl ?? url; },
  };

  const sim: Simulator = {
    url,
    port,
    imageUrl,
    hideFromList(id, hidden = true) {
      if (hidden) hiddenFromList.add(id);
      else hiddenFromList.delete(id);
    },
    get apiKey() {
      return config.apiKey;
    },
    state,
    requests,
    clearRequests: () => void requests.splice(0),
    addFault: (spec) => faults.add(spec),
    clearFaults: () => faults.clear(),
    releaseHeld,
    get heldCount() {
      return held.length;
    },
    configure: (patch) => {
      const quota = patch.quota === undefined ? undefined : ledgerFrom(checkQuota(patch.quota));
      applyConfigPatch(config, patch);
      if (quota) Object.assign(ledger, quota);
    },
    get quota() {
      const usedUsd = ledger.used / QUOTA_PER_UNIT;
      const leftUsd = ledger.unlimited ? undefined : ledger.remain / QUOTA_PER_UNIT;
      return { totalUsd: (ledger.remain + ledger.used) / QUOTA_PER_UNIT, usedUsd, leftUsd };
    },
    getTask: (id) => state.tasks[id],
    overrideTask(id, fields) {
      const task = state.tasks[id];
      if (!task) throw new Error(`No simulator task ${id}`);
      task.override = { ...task.override, ...fields };
    },
    finishTask(id, outcome) {
      const task = state.tasks[id];
      if (!task) throw new Error(`No simulator task ${id}`);
      finishTaskNow(task, now(), outcome);
    },
    close: () =>
      Promise.all([server, imageServer].filter((s) => s !== undefined).map((srv) => new Promise<void>((resolve) => {
        releaseHeld();
        srv.close(() => resolve());
        // Hung requests and idle keep-alive connections would keep close() waiting forever.
        for (const socket of sockets) socket.destroy();
      }))).then(() => undefined),
  };

  /** `pictureHost`: the separate picture server, which serves GET /mj/image/{id} and nothing else. */
  async function handle(req: IncomingMessage, res: ServerResponse, pictureHost = false): Promise<void> {
    const started = now();
    const method = req.method ?? 'GET';
    const fullPath = req.url ?? '/';
    const pathname = fullPath.split('?')[0] ?? '/';
    const rawBody = await readBody(req);
    const body = parseBody(rawBody.toString('utf8'));
    const requestId = newRequestId();
    const logLine = (outcome: string): void => log?.(`${method} ${fullPath} ${outcome} ${now() - started}ms`);
    res.on('finish', () => logLine(String(res.statusCode)));

    if (pathname.startsWith('/__sim/')) return send(res, controlRoute(sim, method, pathname, body), requestId);
    // CORS preflight (new-api allows every origin); not recorded, it is the browser's request, not the client's.
    if (method === 'OPTIONS') return send(res, { status: 204, headers: PREFLIGHT_HEADERS, body: '' }, requestId);

    const match = matchRoute(method, pathname);
    if (pictureHost && match.template !== 'GET /mj/image/{id}') return send(res, invalidUrl(method, pathname), requestId);
    requests.push({ method, path: fullPath, route: match.route, mode: match.mode, headers: flatHeaders(req), body, at: started });

    const fault = faults.take(match.route, match.template);
    if (fault) {
      const action = faultAction(fault);
      if ('reply' in action) return send(res, action.reply, requestId);
      if ('hold' in action) {
        logLine('(held)');
        await new Promise<void>((release) => held.push(release));
        if (res.destroyed) return;
        return answer(req, res, match, method, pathname, body, rawBody, requestId);
      }
      logLine(`(${action.socket})`);
      // A hang answers nothing until close(); a reset drops the connection with a TCP RST.
      if (action.socket === 'reset') req.socket.resetAndDestroy();
      return;
    }

    await answer(req, res, match, method, pathname, body, rawBody, requestId);
  }

  async function answer(req: IncomingMessage, res: ServerResponse, match: RouteMatch, method: string, pathname: string, body: unknown, rawBody: Buffer, requestId: string): Promise<void> {
    if (!match.def || (match.def.enabled && !match.def.enabled(config))) return send(res, invalidUrl(method, pathname), requestId);
    if (match.def.auth && !authorized(req, config.apiKey, match.path.startsWith('/mj/'))) {
      // Never echo the key back.
      return send(res, openAiError(401, `Invalid token (request id: ${requestId})`), requestId);
    }
    const reply = await match.def.handler(core, { method, path: match.path, params: match.params, body, raw: rawBody, headers: flatHeaders(req) });
    charge(ledger, priceOf(match.route, body, reply));
    send(res, reply, requestId);
  }

  return sim;
}

/** new-api's TokenAuth: `Authorization: Bearer sk-…` (the sk- prefix is optional); MJ routes also take `mj-api-secret`. */
function authorized(req: IncomingMessage, apiKey: string, mjRoute: boolean): boolean {
  let key = req.headers.authorization ?? '';
  if (!key && mjRoute) key = headerValue(req.headers['mj-api-secret']);
  key = key.replace(/^Bearer /, '');
  const bare = (k: string): string => k.replace(/^sk-/, '');
  return key !== '' && bare(key) === bare(apiKey);
}

function headerValue(value: string | string[] | undefined): string {
  return Array.isArray(value) ? value.join(', ') : (value ?? '');
}

function flatHeaders(req: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) out[name.toLowerCase()] = headerValue(value);
  return out;
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function parseBody(raw: string): unknown {
  if (raw === '') return null;
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    return raw;
  }
}

/** new-api style request id, e.g. 20250101120000123456789abcdef01. */
function newRequestId(): string {
  const stamp = new Date().toISOString().replace(/\D/g, '').slice(0, 17);
  return `${stamp}${randomBytes(4).toString('hex')}`;
}

const PREFLIGHT_HEADERS = {
  'access-control-allow-methods': 'GET, POST, PUT, PATCH, DELETE, OPTIONS',
  'access-control-allow-headers': 'authorization, content-type, mj-api-secret',
  'access-control-max-age': '600',
};

function send(res: ServerResponse, reply: Reply, requestId: string): void {
  if (reply.stream) {
    const headers = { 'access-control-allow-origin': '*', ...reply.headers, ...(requestId && { 'x-oneapi-request-id': requestId }) };
    return void writeStream(res, reply.status, headers, reply.stream);
  }
  const body = typeof reply.body === 'string' ? Buffer.from(reply.body, 'utf8') : reply.body;
  res.writeHead(reply.status, {
    'access-control-allow-origin': '*',
    ...reply.headers,
    ...(requestId && { 'x-oneapi-request-id': requestId }),
    'content-length': String(body.length),
  });
  res.end(body);
}
