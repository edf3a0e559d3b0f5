// Injected failures: what a flaky gateway, proxy or load balancer does to a request.
import { mjError, openAiError, RATE_LIMITED } from './errors';
import type { Reply } from './reply';
import type { FaultKind, FaultSpec } from './types';

interface ActiveFault {
  route: string | RegExp | undefined;
  fault: FaultKind;
  remaining: number;
}

const KINDS = new Set(['status', 'rate-limit', 'hang', 'reset', 'malformed-json', 'html', 'redirect', 'hold']);
const REDIRECTS = new Set([301, 302, 303, 307, 308]);

export class FaultBook {
  private active: ActiveFault[] = [];

  add(spec: FaultSpec): void {
    if (!spec || typeof spec !== 'object' || !spec.fault || !KINDS.has(spec.fault.kind)) {
      throw new Error(`Invalid fault: ${JSON.stringify(spec)}`);
    }
    const { fault } = spec;
    const validStatus = (status: unknown): boolean => Number.isInteger(status) && Number(status) >= 100 && Number(status) <= 599;
    if ((fault.kind === 'status' && !validStatus(fault.status)) || (fault.kind === 'html' && fault.status !== undefined && !validStatus(fault.status))) {
      throw new Error(`Invalid fault status: ${JSON.stringify(fault)}`);
    }
    if (fault.kind === 'redirect' && !(REDIRECTS.has(fault.status) && typeof fault.location === 'string' && fault.location !== '')) {
      throw new Error(`Invalid redirect fault: ${JSON.stringify(fault)}`);
    }
    if (fault.kind === 'rate-limit' && !(typeof fault.retryAfterSeconds === 'number' && fault.retryAfterSeconds >= 0)) {
      throw new Error(`Invalid retryAfterSeconds: ${JSON.stringify(fault)}`);
    }
    const times = spec.times ?? Infinity;
    if (!(times > 0)) throw new Error(`Invalid fault times: ${String(spec.times)}`);
    this.active.push({ route: spec.route, fault: spec.fault, remaining: times });
  }

  clear(): void {
    this.active = [];
  }

  /** The first fault matching this request, counting it down; null when none applies. */
  take(route: string, template: string | null): FaultKind | null {
    const index = this.active.findIndex(({ route: want }) =>
      want === undefined ? true : typeof want === 'string' ? want === route || want === template : want.test(route),
    );
    const hit = this.active[index];
    if (!hit) return null;
    hit.remaining -= 1;
    if (hit.remaining <= 0) this.active.splice(index, 1);
    return hit.fault;
  }
}

/** A fault spec from JSON (POST /__sim/faults): a route written "/pattern/flags" becomes a RegExp. */
export function faultFromJson(value: unknown): FaultSpec {
  const spec = value as FaultSpec & { route?: unknown; times?: unknown };
  const route = typeof spec?.route === 'string' ? toRouteMatcher(spec.route) : undefined;
  const times = typeof spec?.times === 'number' ? spec.times : undefined;
  return { fault: spec?.fault, ...(route !== undefined && { route }), ...(times !== undefined && { times }) };
}

function toRouteMatcher(route: string): string | RegExp {
  const regex = /^\/(.+)\/([a-z]*)$/.exec(route);
  return regex?.[1] ? new RegExp(regex[1], regex[2]) : route;
}

/** What the server does for a fault: write a reply, act on the socket, or hold the request. */
export type FaultAction = { reply: Reply } | { socket: 'hang' | 'reset' } | { hold: true };

export function faultAction(fault: FaultKind): FaultAction {
  switch (fault.kind) {
    case 'status':
      return { reply: openAiError(fault.status, `Simulated gateway error (HTTP ${fault.status})`) };
    case 'rate-limit':
      return { reply: mjError(30, RATE_LIMITED, 429, { 'retry-after': String(fault.retryAfterSeconds) }) };
    case 'malformed-json':
      // Cut mid-string, as a proxy dropping the connection after a partial write would.
      return { reply: { status: 200, headers: { 'content-type': 'application/json' }, body: '{"code":1,"description":"Submit success","result":"17' } };
    case 'html':
      return { reply: nginxPage(fault.status ?? 502) };
    case 'redirect':
      return { reply: { status: fault.status, headers: { location: fault.location, 'content-type': 'text/plain' }, body: `Redirecting to ${fault.location}` } };
    case 'hold':
      return { hold: true };
    case 'hang':
    case 'reset':
      return { socket: fault.kind };
  }
}

const REASONS: Record<number, string> = {
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Temporarily Unavailable',
  504: 'Gateway Time-out',
  413: 'Request Entity Too Large',
};

function nginxPage(status: number): Reply {
  const title = `${status} ${REASONS[status] ?? 'Error'}`;
  const body = `<html>\r\n<head><title>${title}</title></head>\r\n<body>\r\n<center><h1>${title}</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n`;
  return { status, headers: { 'content-type': 'text/html', server: 'nginx' }, body };
}
