// The one way to reach the AITRE gateway. Builds `/v1` and `/mj` URLs from the base URL, reads the
// key at send time (it is never stored here), applies timeouts per call kind, retries reads (never
// submits), and turns every failure into a GatewayError with a sentence for people.
// It is also the one place that decides where the key goes: only to URLs under the configured
// root, only when the user confirmed that origin for the key, and never along a redirect to
// another origin (see trust.ts).
import ky, { isTimeoutError, type KyInstance } from 'ky';
import { checkBaseUrl, modePrefix } from './config';
import { cleanGatewayText, describeGatewayDescription, GatewayError } from './errors';
import { Emitter } from '../base/events';
import { redact, silentLogger, type Logger } from '../base/log';
import { hostOf, isUnderRoot, originOf, untrustedOriginError } from './trust';
import { t } from '../base/l10n';

/** read: fetch/list/models · submit: anything that may cost money · upload: multipart/large bodies · stream: SSE. */
export type CallKind = 'read' | 'submit' | 'upload' | 'stream';

export const DEFAULT_TIMEOUTS: Record<CallKind, number> = {
  read: 20_000,
  submit: 60_000,
  upload: 180_000,
  stream: 300_000,
};

export interface GatewayOptions {
  /** The configured gateway root (validated on every request, so a settings change applies at once). */
  baseUrl: () => string | undefined;
  /** Read at send time; the client never keeps the key. */
  apiKey: () => Promise<string | undefined> | string | undefined;
  /**
   * The gateway origin the user confirmed for this key (e.g. `https://api.example.com`). A request
   * to any other origin is not sent: it fails with `untrusted-origin` until the user confirms.
   */
  keyOrigin: () => Promise<string | undefined> | string | undefined;
  /**
   * Asks the person (in the host: a modal that names the origin) whether the key may go to
   * `origin`; resolves true once they confirmed. Never called for background requests. Without
   * it, an unconfirmed origin always fails with `untrusted-origin`.
   */
  confirmOrigin?: (origin: string, confirmed: string | undefined) => Promise<boolean>;
  timeouts?: Partial<Record<CallKind, number>>;
  /** How often a read is retried after a transient failure, and the backoff base. */
  readRetries?: number;
  retryBaseDelayMs?: number;
  /** Longest Retry-After a read will wait in place before giving up (longer waits belong to the tracker). */
  maxInlineRetryAfterMs?: number;
  logger?: Logger;
  fetch?: typeof fetch;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

export interface GatewayRequest {
  method: 'GET' | 'POST';
  url: string;
  kind: CallKind;
  json?: unknown;
  body?: FormData;
  signal?: AbortSignal;
  /** Short name for logs, e.g. "imagine". */
  label: string;
  /** Nobody is waiting for this (the tracker's polls): never ask the person anything for it. */
  background?: boolean;
}

export interface GatewayResponse {
  status: number;
  headers: Headers;
  /** Parsed JSON body (for `expect: 'json'`). */
  data: unknown;
}

/** Same-root redirects (a trailing slash, a moved route) are followed this many times at most. */
const MAX_REDIRECTS = 3;
const isRedirect = (response: Response): boolean =>
  response.type === 'opaqueredirect' || (response.status >= 300 && response.status < 400 && response.status !== 304);

const abortableSleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    if (signal?.aborted) return reject(cancelledError());
    const timer = setTimeout(() => { signal?.removeEventListener('abort', onAbort); resolve(); }, ms);
    const onAbort = () => { clearTimeout(timer); reject(cancelledError()); };
    signal?.addEventListener('abort', onAbort, { once: true });
  });

function cancelledError(): GatewayError {
  return new GatewayError({ kind: 'cancelled', message: t('Cancelled.'), mayHaveReachedGateway: true });
}

export class GatewayClient {
  private readonly http: KyInstance;
  private readonly logger: Logger;
  private readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  private readonly paidCalls = new Emitter<string>();
  /** Fires (with the call's label) when a call that may cost money (submit, upload, stream) got a 2xx answer. */
  readonly onDidAnswerPaidCall = this.paidCalls.event;

  constructor(private readonly options: GatewayOptions) {
    this.logger = options.logger ?? silentLogger;
    this.sleep = options.sleep ?? abortableSleep;
    // Retries and error mapping are ours, so ky does neither. ky's retry options were weighed and do
    // not fit this policy: (1) its retries see only what its fetch throws, and an error status
    // reaches them only with throwHttpErrors, while every redirect here is answered by hand
    // (`redirect: 'manual'`) and every error body is read and mapped by us; (2) the decision needs
    // the body (an HTML error page or broken JSON behind a 200 is retried, a 4xx "unknown_action"
    // never); (3) its maxRetryAfter waits the maximum where a read must give up and leave a long
    // Retry-After to the tracker. The policy itself (reads: backoff with equal jitter and
    // Retry-After; submits, uploads and streams: never) is in requestJson and test/unit/gateway.test.ts.
    this.http = ky.create({ retry: 0, throwHttpErrors: false, timeout: false, fetch: options.fetch });
  }

  /** The validated root, or a config error that says how to fix the setting. */
  root(): string {
    const check = checkBaseUrl(this.options.baseUrl());
    if (!check.ok) throw new GatewayError({ kind: 'config', message: check.message, fixUrl: check.fix });
    return check.url;
  }

  /** `{root}/v1/{path}` for OpenAI-format routes. */
  v1Url(path: string): string {
    return `${this.root()}/v1/${path.replace(/^\/+/, '')}`;
  }

  /** `{root}[/mj-fast]/mj/{path}` for MidJourney routes. */
  mjUrl(path: string, mode?: string): string {
    const prefix = modePrefix(mode);
    return `${this.root()}${prefix ? `/${prefix}` : ''}/mj/${path.replace(/^\/+/, '')}`;
  }

  /** Sends a JSON request and returns the parsed body of a 2xx answer; every other outcome throws GatewayError. */
  async requestJson(request: GatewayRequest): Promise<GatewayResponse> {
    const attempts = request.kind === 'read' ? 1 + (this.options.readRetries ?? 2) : 1;
    let lastError: GatewayError | undefined;
    for (let attempt = 1; attempt <= attempts; attempt++) {
      try {
        const response = await this.send(request, true);
        let data: unknown;
        try {
          data = await this.readJson(request, response);
        } finally {
          // The one log line of this request, with the task id its answer names (a submit's result).
          this.logRequest(response, data);
        }
        return { status: response.status, headers: response.headers, data };
      } catch (error) {
        const mapped = error instanceof GatewayError ? error : this.unexpected(request, error);
        lastError = mapped;
        const retryable = request.kind === 'read' && mapped.isTransient && attempt < attempts;
        if (!retryable) throw mapped;
        const delay = this.retryDelay(attempt, mapped);
        if (delay === undefined) throw mapped;
        this.logger.warn(`${request.label}: ${mapped.detail}; retry ${attempt}/${attempts - 1} in ${delay} ms`);
        await this.sleep(delay, request.signal);
      }
    }
    throw lastError ?? new GatewayError({ kind: 'network', message: t('The request failed.') });
  }

  /** Sends a request and returns the raw 2xx Response (binary audio, SSE streams). Errors are mapped as for JSON. */
  async requestRaw(request: GatewayRequest): Promise<Response> {
    const response = await this.send(request);
    if (response.ok) return response;
    await this.readJson(request, response); // throws the mapped error
    throw new GatewayError({ kind: 'server', status: response.status, message: t('The gateway answered {0}.', response.status) });
  }

  /**
   * Downloads an image. The key goes only to URLs under the configured root, and only when the
   * user confirmed that origin (new-api serves /mj/image/{id}); any other host (a CDN) gets a plain
   * request with no Authorization header. A redirect away from the root is followed without the key.
   */
  async fetchImage(url: string, signal?: AbortSignal): Promise<{ bytes: Uint8Array; contentType: string }> {
    const root = this.root();
    let target: URL;
    try {
      target = new URL(url, `${root}/`);
    } catch {
      throw new GatewayError({ kind: 'validation', message: t('The image link is not a valid URL.') });
    }
    if (target.protocol !== 'https:' && target.protocol !== 'http:') {
      throw new GatewayError({ kind: 'validation', message: t('The image link is not an http(s) URL.') });
    }
    let key = isUnderRoot(target.toString(), root) ? await this.confirmedKey(root) : undefined;
    const timeout = this.options.timeouts?.upload ?? DEFAULT_TIMEOUTS.upload;
    const label = { method: 'GET', kind: 'read', label: 'download image', signal } as const;
    let response: Response;
    for (let hop = 0; ; hop++) {
      try {
        // With the key every redirect is ours to check; without it the runtime may follow freely.
        response = await this.http(target.toString(), {
          method: 'GET', signal, timeout, redirect: key ? 'manual' : 'follow', headers: key ? { Authorization: `Bearer ${key}` } : {},
        });
      } catch (error) {
        throw this.transportError({ ...label, url: target.toString() }, error, timeout, key ?? '');
      }
      if (!key || !isRedirect(response)) break;
      const next = redirectTarget(response, target.toString());
      await response.body?.cancel().catch(() => undefined);
      if (!next || hop >= MAX_REDIRECTS) {
        throw new GatewayError({ kind: 'redirected', message: t('The image link redirected AITRE too often or to nowhere. Try again later.'), detail: `download image: redirect from ${target.host}${target.pathname}` });
      }
      if (!isUnderRoot(next, root)) key = undefined;
      target = new URL(next);
    }
    if (!response.ok) {
      throw new GatewayError({
        kind: response.status === 404 || response.status === 403 || response.status === 400 ? 'not-found' : 'server',
        status: response.status,
        message: t('The image could not be downloaded (HTTP {0}). Gateway and CDN links expire after a while; if it is gone, press the task\'s buttons again or re-run it.', response.status),
        detail: `download image: HTTP ${response.status} ${target.host}${target.pathname}`,
      });
    }
    const bytes = new Uint8Array(await response.arrayBuffer());
    const contentType = response.headers.get('content-type') ?? '';
    if (bytes.length === 0) throw new GatewayError({ kind: 'bad-response', message: t('The image download was empty.') });
    return { bytes, contentType };
  }

  /**
   * The key goes to `origin` only if the user confirmed it: asked in place for a request someone
   * waits for (so the same request continues, nothing is re-entered), refused for background ones.
   */
  private async ensureConfirmed(origin: string, request: GatewayRequest): Promise<void> {
    const confirmed = await this.options.keyOrigin();
    if (confirmed === origin) return;
    const ask = this.options.confirmOrigin;
    if (!ask || request.background) throw untrustedOriginError(origin, confirmed);
    // Confirmed, and still the configured gateway once the answer came back.
    if ((await ask(origin, confirmed)) && (await this.options.keyOrigin()) === origin && originOf(this.root()) === origin) return;
    throw new GatewayError({
      kind: 'cancelled',
      message: t('Nothing was sent: {0} is not confirmed as your AITRE gateway.', origin),
      detail: `${request.label}: ${origin} not confirmed for the key (confirmed: ${confirmed ?? 'none'})`,
    });
  }

  /** The key, when one is set and confirmed for this root's origin; undefined otherwise (never throws). */
  private async confirmedKey(root: string): Promise<string | undefined> {
    const key = (await this.options.apiKey())?.trim();
    return key && (await this.options.keyOrigin()) === originOf(root) ? key : undefined;
  }

  private retryDelay(attempt: number, error: GatewayError): number | undefined {
    if (error.retryAfterMs !== undefined) {
      return error.retryAfterMs <= (this.options.maxInlineRetryAfterMs ?? 10_000) ? error.retryAfterMs : undefined;
    }
    const base = this.options.retryBaseDelayMs ?? 500;
    const exp = base * 2 ** (attempt - 1);
    return Math.round(exp / 2 + Math.random() * exp / 2); // "equal jitter"
  }

  /**
   * Sends one request with the key. Refuses (unsent) anything outside the configured root or to an
   * origin the key is not confirmed for; follows redirects only within the root and only when the
   * request can be repeated as it was (307/308 keep method and body; a GET may follow any 3xx).
   */
  private async send(request: GatewayRequest, logLater = false): Promise<Response> {
    const root = this.root();
    if (!isUnderRoot(request.url, root)) {
      throw new GatewayError({
        kind: 'config',
        message: t('AITRE did not send {0}: its address is outside the configured gateway {1}.', request.label, root),
        detail: `${request.label}: ${request.url} is not under ${root}`,
      });
    }
    const key = (await this.options.apiKey())?.trim();
    if (!key) {
      throw new GatewayError({
        kind: 'no-key',
        message: t('No AITRE API key is set. Run "AITRE: Set API Key" and paste your sk- key.'),
      });
    }
    await this.ensureConfirmed(originOf(root), request);
    const timeout = this.options.timeouts?.[request.kind] ?? DEFAULT_TIMEOUTS[request.kind];
    let url = request.url;
    for (let hop = 0; ; hop++) {
      const started = Date.now();
      let response: Response;
      try {
        response = await this.http(url, {
          method: request.method,
          json: request.json,
          body: request.body,
          signal: request.signal,
          timeout,
          redirect: 'manual',
          headers: { Authorization: `Bearer ${key}`, Accept: 'application/json' },
        });
      } catch (error) {
        this.logger.info(`${request.method} ${pathOf(url)} no answer after ${Date.now() - started} ms`);
        throw this.transportError({ ...request, url }, error, timeout, key);
      }
      const line = { method: request.method, url, status: response.status, ms: Date.now() - started };
      if (!isRedirect(response)) {
        if (logLater) this.pendingLogs.set(response, line);
        else this.logLine(line);
        if (request.kind !== 'read' && response.ok) this.paidCalls.fire(request.label);
        return response;
      }
      this.logLine(line);
      const next = redirectTarget(response, url);
      await response.body?.cancel().catch(() => undefined);
      const repeatable = request.method === 'GET' || response.status === 307 || response.status === 308;
      if (!next || !isUnderRoot(next, root) || !repeatable || hop >= MAX_REDIRECTS) {
        throw redirectedError(request, url, response.status, next, root);
      }
      url = next;
    }
  }

  /** Lines of JSON requests, written once their answer is read (it may name the task). */
  private readonly pendingLogs = new WeakMap<Response, RequestLine>();

  private logRequest(response: Response, data: unknown): void {
    const line = this.pendingLogs.get(response);
    if (!line) return;
    this.pendingLogs.delete(response);
    this.logLine(line, taskIdIn(data));
  }

  /** `POST /mj/submit/imagine 200 in 84 ms · task 1712…`: method, path, status, duration, task id; never the key or the host's query. */
  private logLine(line: RequestLine, answerTaskId?: string): void {
    this.logger.info(requestLogLine(line, answerTaskId));
  }

  private transportError(request: GatewayRequest, error: unknown, timeout: number, key: string): GatewayError {
    const host = safeHost(request.url);
    if (isTimeoutError(error)) {
      return new GatewayError({
        kind: 'timeout',
        message: request.kind === 'submit'
          ? t('The gateway did not answer within {0} s. The request may still have been accepted: check the task list before submitting again.', Math.round(timeout / 1000))
          : t('The gateway at {0} did not answer within {1} s. Try again later.', host, Math.round(timeout / 1000)),
        detail: `${request.label}: timeout after ${timeout} ms (${request.url})`,
        mayHaveReachedGateway: true,
      });
    }
    if (request.signal?.aborted || (error instanceof Error && error.name === 'AbortError')) return cancelledError();
    const code = networkCode(error);
    // A refused connection or unknown host means nothing reached the gateway; anything else might have.
    const neverSent = code === 'ECONNREFUSED' || code === 'ENOTFOUND' || code === 'EAI_AGAIN';
    return new GatewayError({
      kind: 'network',
      message: neverSent
        ? t('Cannot reach the gateway at {0} ({1}). Check "aitre.baseUrl" and your connection.', host, code === 'ECONNREFUSED' ? t('connection refused') : t('host not found'))
        : request.kind === 'submit' ? t('The connection to {0} broke. The request may still have been accepted: check the task list before submitting again.', host) : t('The connection to {0} broke.', host),
      detail: redact(`${request.label}: ${code ?? ''} ${String(error instanceof Error ? error.cause ?? error.message : error)}`, [key]),
      mayHaveReachedGateway: !neverSent,
    });
  }

  private unexpected(request: GatewayRequest, error: unknown): GatewayError {
    return new GatewayError({
      kind: 'network',
      message: t('The request failed unexpectedly. Details are in the AITRE output channel.'),
      detail: `${request.label}: ${error instanceof Error ? error.stack ?? error.message : String(error)}`,
      mayHaveReachedGateway: request.kind !== 'read',
    });
  }

  /** Reads a body as JSON; maps non-2xx answers (either error shape), HTML pages and broken JSON. */
  private async readJson(request: GatewayRequest, response: Response): Promise<unknown> {
    let text: string;
    try {
      text = await response.text();
    } catch (error) {
      throw new GatewayError({
        kind: 'network',
        message: t('The connection broke while reading the gateway\'s answer{0}.', request.kind === 'submit' ? t('. The request may still have been accepted: check the task list') : ''),
        detail: `${request.label}: body read failed: ${String(error)}`,
        mayHaveReachedGateway: true,
      });
    }
    let data: unknown;
    let parsed: boolean;
    try {
      data = text.trim() ? JSON.parse(text) : undefined;
      parsed = data !== undefined;
    } catch {
      parsed = false;
    }
    const status = response.status;
    const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'));
    if (!parsed) {
      const isHtml = /^\s*</.test(text);
      throw new GatewayError({
        kind: status >= 500 ? 'server' : 'bad-response',
        status,
        retryAfterMs,
        message: status >= 400
          ? t('The gateway answered with an error page (HTTP {0}){1}.', status, status >= 500 ? t('. It may be down or overloaded; try again in a minute') : '')
          : t('The gateway sent an answer AITRE cannot read{0}. A proxy may be in the way; check "aitre.baseUrl".', isHtml ? t(' (an HTML page instead of JSON)') : t(' (broken JSON)')),
        detail: `${request.label}: HTTP ${status}, unreadable body: ${text.slice(0, 200)}`,
        mayHaveReachedGateway: true,
      });
    }
    if (status >= 200 && status < 300) return data;
    throw mapErrorBody(request, status, data, retryAfterMs);
  }
}

/** Where a 3xx points, resolved against the request URL; undefined when the runtime hides it. */
function redirectTarget(response: Response, from: string): string | undefined {
  const location = response.headers.get('location');
  if (response.type === 'opaqueredirect' || !location) return undefined;
  try {
    return new URL(location, from).toString();
  } catch {
    return undefined;
  }
}

/**
 * A redirect AITRE does not follow: said as such (naming the other host), never as a key problem,
 * so nobody re-enters a key that is fine. Nothing went to the other host.
 */
function redirectedError(request: GatewayRequest, from: string, status: number, to: string | undefined, root: string): GatewayError {
  const here = hostOf(from);
  const elsewhere = to !== undefined && new URL(to).origin !== originOf(root);
  const message = elsewhere
    ? t('The gateway at {0} redirected {1} to another host, {2}. AITRE did not send your key or your request there. If {3} is your gateway, set "aitre.baseUrl" to it.', here, request.label, hostOf(to), new URL(to).origin)
    : to === undefined
      ? t('The gateway at {0} answered {1} with a redirect AITRE cannot see the target of. Check that "aitre.baseUrl" is the gateway root.', here, request.label)
      : t('The gateway at {0} answered {1} with a redirect (HTTP {2}) AITRE does not follow with your key. Check that "aitre.baseUrl" is the gateway root.', here, request.label, status);
  return new GatewayError({
    kind: 'redirected',
    status,
    message,
    detail: `${request.label}: HTTP ${status} ${from} -> ${to ?? '(hidden)'}; not followed`,
  });
}

function safeHost(url: string): string {
  try { return new URL(url).host; } catch { return 'the gateway'; }
}

function networkCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

export function parseRetryAfter(header: string | null): number | undefined {
  if (!header) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(header);
  return Number.isFinite(date) ? Math.max(0, date - Date.now()) : undefined;
}

/** Both gateway error shapes: OpenAI `{error:{message,type}}` and MidJourney `{description,type,code}`. */
function mapErrorBody(request: GatewayRequest, status: number, data: unknown, retryAfterMs: number | undefined): GatewayError {
  const record = (typeof data === 'object' && data !== null ? data : {}) as Record<string, unknown>;
  const openAi = typeof record.error === 'object' && record.error !== null ? record.error as Record<string, unknown> : undefined;
  const rawMessage = openAi ? cleanGatewayText(openAi.message)
    : typeof record.error === 'string' ? cleanGatewayText(record.error)
      : cleanGatewayText(record.description ?? record.message);
  const code = typeof record.code === 'number' ? record.code : undefined;
  // The gateway's words as text in the log (a description may be Chinese); the JSON only when there are none.
  const detail = `${request.label}: HTTP ${status}${code !== undefined ? ` code ${code}` : ''}${rawMessage ? ` · ${rawMessage}` : ` ${JSON.stringify(data).slice(0, 400)}`}`;
  const base = { status, code, detail, retryAfterMs, mayHaveReachedGateway: status >= 500 || status === 408 };

  if (status === 401) {
    return new GatewayError({ ...base, kind: 'auth', message: t('The gateway rejected the API key (401). Run "AITRE: Set API Key" with a valid key for this gateway.') });
  }
  if (status === 403) {
    return new GatewayError({ ...base, kind: 'forbidden', message: t('Your key may not use this here (403){0}. Check the key\'s group and model permissions.', rawMessage ? `: ${rawMessage}` : '') });
  }
  if (status === 429 || code === 30) {
    const wait = retryAfterMs !== undefined ? t(' Wait {0} s, then try again.', Math.ceil(retryAfterMs / 1000)) : t(' Wait a moment, then try again.');
    return new GatewayError({ ...base, kind: 'rate-limited', message: t('The gateway is rate-limiting requests.{0}', wait) });
  }
  const unknownAction = /unknown_action:?\s*(\S*)/.exec(rawMessage);
  if (unknownAction) {
    return new GatewayError({ ...base, kind: 'unsupported-action', message: t('This gateway does not support that button ({0}).', unknownAction[1] || t('unknown action')) });
  }
  if (status === 404) {
    const invalidUrl = /invalid url/i.test(rawMessage) || !rawMessage || (/not found|404/i.test(rawMessage) && !/task/i.test(rawMessage));
    if (invalidUrl) {
      return new GatewayError({ ...base, kind: 'route-missing', message: t('This gateway does not offer {0} (404). Check "aitre.baseUrl" points at the gateway root.', request.label) });
    }
  }
  const known = describeGatewayDescription(rawMessage);
  if (/task_no(t)?_found|task not found|midjourney_task_not_found/i.test(rawMessage)) {
    return new GatewayError({ ...base, kind: 'not-found', message: known ?? t('The gateway does not know that task.') });
  }
  if (status >= 500) {
    return new GatewayError({ ...base, kind: 'server', message: t('The gateway failed (HTTP {0}){1}. Try again in a minute.', status, rawMessage ? `: ${rawMessage}` : '') });
  }
  if (code === 3 || code === 5 || code === 9) {
    return new GatewayError({ ...base, kind: 'upstream', message: known ?? t('The MidJourney service refused the request{0}.', rawMessage ? `: ${rawMessage}` : '') });
  }
  return new GatewayError({
    ...base,
    kind: 'validation',
    message: known ?? (rawMessage ? t('The gateway refused the request: {0}', rawMessage) : t('The gateway refused the request (HTTP {0}).', status)),
  });
}

interface RequestLine { method: string; url: string; status: number; ms: number }

/** The path of a request URL (no host, no query: a query may carry what the log should not). */
function pathOf(url: string): string {
  try { return new URL(url).pathname; } catch { return '(unreadable URL)'; }
}

/** The task a request is about: in its path (`/mj/task/{id}/fetch`), else the id a submit answer names. */
function taskIdIn(data: unknown): string | undefined {
  if (typeof data !== 'object' || data === null) return undefined;
  const result = (data as { result?: unknown }).result;
  return typeof result === 'string' || typeof result === 'number' ? String(result) : undefined;
}

export function requestLogLine(line: RequestLine, answerTaskId?: string): string {
  const path = pathOf(line.url);
  const task = /\/mj\/task\/([\w-]+)\//.exec(path)?.[1] ?? answerTaskId;
  return `${line.method} ${path} ${line.status} in ${line.ms} ms${task ? ` · task ${task}` : ''}`;
}
