// What a key has left and has used, from the gateway's OpenAI-compatible billing routes as new-api
// answers them for a token key (controller/billing.go):
//   GET /v1/dashboard/billing/subscription → hard_limit_usd = remaining + used (100000000 when unlimited),
//                                            access_until (epoch seconds, 0 = never)
//   GET /v1/dashboard/billing/usage        → total_usage = used, in cents
// new-api ignores the usage dates and reports the key's total; OpenAI-style gateways read them as the
// period, so we send the current month, as OpenAI's own dashboard did. A failure may come as HTTP 200
// with an `{error:{message}}` body. Amounts are in the gateway's display unit (dollars unless its
// admin chose yuan or tokens).
import type { GatewayClient } from '../gateway/client';
import { cleanGatewayText, GatewayError } from '../gateway/errors';
import { t } from '../base/l10n';

/** new-api's stand-in limit for a key with unlimited quota. */
export const UNLIMITED_LIMIT = 100_000_000;

export interface Quota {
  /** What the key may spend in total; undefined when unlimited. */
  limit: number | undefined;
  used: number;
  /** limit − used, never below 0; undefined when unlimited. */
  left: number | undefined;
  unlimited: boolean;
  /** When the key stops working (epoch ms), if it expires. */
  expiresAt?: number;
}

/** `start_date`/`end_date` (YYYY-MM-DD, UTC, end exclusive): the first day of this month to tomorrow. */
export function usageRange(now: number): { start: string; end: string } {
  const today = new Date(now);
  const start = new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), 1));
  const end = new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate() + 1));
  const day = (d: Date) => d.toISOString().slice(0, 10);
  return { start: day(start), end: day(end) };
}

/** Asks both routes (reads: retried on transient failures, never paid) and combines the answers. */
export async function fetchQuota(gateway: GatewayClient, options: { now?: number; signal?: AbortSignal } = {}): Promise<Quota> {
  const { start, end } = usageRange(options.now ?? Date.now());
  const [subscription, usage] = await Promise.all([
    gateway.requestJson({ method: 'GET', url: gateway.v1Url('dashboard/billing/subscription'), kind: 'read', label: 'quota (billing subscription)', signal: options.signal, background: true }),
    gateway.requestJson({ method: 'GET', url: gateway.v1Url(`dashboard/billing/usage?start_date=${start}&end_date=${end}`), kind: 'read', label: 'quota (billing usage)', signal: options.signal, background: true }),
  ]);
  return parseQuota(subscription.data, usage.data);
}

/** The two answers as a Quota, or a GatewayError when either is not a billing answer. */
export function parseQuota(subscription: unknown, usage: unknown): Quota {
  const sub = record(subscription, 'subscription');
  const use = record(usage, 'usage');
  const limit = amount(sub.hard_limit_usd) ?? amount(sub.system_hard_limit_usd) ?? amount(sub.soft_limit_usd);
  const cents = amount(use.total_usage);
  if (limit === undefined || cents === undefined) {
    throw new GatewayError({
      kind: 'bad-response',
      message: t('The gateway sent a quota AITRE cannot read.'),
      detail: `quota: subscription ${JSON.stringify(subscription).slice(0, 200)} usage ${JSON.stringify(usage).slice(0, 200)}`,
    });
  }
  const used = cents / 100;
  const unlimited = limit >= UNLIMITED_LIMIT;
  const until = amount(sub.access_until);
  return {
    limit: unlimited ? undefined : limit,
    used,
    left: unlimited ? undefined : Math.max(0, limit - used),
    unlimited,
    ...(until && until > 0 ? { expiresAt: until * 1000 } : {}),
  };
}

function record(value: unknown, what: string): Record<string, unknown> {
  const body = typeof value === 'object' && value !== null && !Array.isArray(value) ? value as Record<string, unknown> : undefined;
  const error = body && typeof body.error === 'object' && body.error !== null ? body.error as Record<string, unknown> : undefined;
  if (!body || error) {
    // new-api answers a failed lookup with HTTP 200 and an OpenAI error body.
    throw new GatewayError({
      kind: error ? 'server' : 'bad-response',
      message: error ? t('The gateway could not report the quota: {0}.', cleanGatewayText(error.message) || t('unknown error')) : t('The gateway sent a quota AITRE cannot read.'),
      detail: `quota ${what}: ${JSON.stringify(value).slice(0, 300)}`,
    });
  }
  return body;
}

function amount(value: unknown): number | undefined {
  const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  return typeof n === 'number' && Number.isFinite(n) && n >= 0 ? n : undefined;
}
