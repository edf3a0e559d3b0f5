// What a key has spent: new-api's OpenAI-compatible billing routes for a token key
// (controller/billing.go), and a price per paid call so the numbers go down as a person works.
//
//   GET /v1/dashboard/billing/subscription  {object:"billing_subscription", has_payment_method:true,
//        soft_limit_usd, hard_limit_usd, system_hard_limit_usd (all = remaining + used), access_until}
//   GET /v1/dashboard/billing/usage         {object:"list", total_usage: used in cents}
//   (also without the /v1 prefix, as new-api serves both)
// new-api ignores start_date/end_date (the usage is the key's total); an unlimited key reports
// 100000000 as its limit. Amounts are kept in new-api's integer quota units (500 000 per dollar)
// so the answers carry the same float noise as the real thing.
import type { RuntimeConfig } from './config';
import type { Handler } from './context';
import { asObject, text } from './context';
import { json, type Reply } from './reply';
import type { QuotaSetting } from './types';

export const QUOTA_PER_UNIT = 500_000;
export const UNLIMITED_USD = 100_000_000;
export const DEFAULT_QUOTA: QuotaSetting = { totalUsd: 25, usedUsd: 3.42, unlimited: false, accessUntil: 0 };

/** Price in dollars of each paid route (new-api's default MidJourney prices; OpenAI calls at list prices). */
export const PRICES: Readonly<Record<string, number>> = {
  'POST /mj/submit/imagine': 0.1,
  'POST /mj/submit/blend': 0.1,
  'POST /mj/submit/describe': 0.05,
  'POST /mj/submit/shorten': 0.1,
  'POST /mj/submit/action': 0.1,
  'POST /mj/submit/modal': 0.1,
  'POST /mj/insight-face/swap': 0.05,
  'POST /v1/chat/completions': 0.002,
  'POST /v1/completions': 0.002,
  'POST /v1/embeddings': 0.0001,
  'POST /v1/images/generations': 0.04,
  'POST /v1/audio/speech': 0.015,
  'POST /v1/audio/transcriptions': 0.006,
  'POST /v1/audio/translations': 0.006,
};
/** Upscales cost half (new-api's mj_upscale). */
const UPSCALE_PRICE = 0.05;

/** The key's account in quota units. */
export interface Ledger {
  remain: number;
  used: number;
  unlimited: boolean;
  accessUntil: number;
}

export function ledgerFrom(setting: QuotaSetting = DEFAULT_QUOTA): Ledger {
  const used = Math.round(setting.usedUsd * QUOTA_PER_UNIT);
  return {
    used,
    remain: Math.max(0, Math.round(setting.totalUsd * QUOTA_PER_UNIT) - used),
    unlimited: setting.unlimited ?? false,
    accessUntil: setting.accessUntil ?? 0,
  };
}

/** What the call costs in dollars, or 0 when the route is free or the gateway did not accept it. */
export function priceOf(route: string, body: unknown, reply: Reply): number {
  const price = PRICES[route];
  if (price === undefined || reply.status !== 200) return 0;
  if (route.startsWith('POST /mj/')) {
    // Only accepted submits are charged (codes 1, 21 waiting for the modal, 22 queued).
    const code = typeof reply.body === 'string' ? Number((safeJson(reply.body) as { code?: unknown } | null)?.code) : NaN;
    if (code !== 1 && code !== 21 && code !== 22) return 0;
    if (route === 'POST /mj/submit/action' && /upsample/i.test(text(asObject(body)?.customId))) return UPSCALE_PRICE;
  }
  return price;
}

/** Takes the price of an answered call from the key; a key that runs dry stays at zero. */
export function charge(ledger: Ledger, usd: number): void {
  if (usd <= 0) return;
  const units = Math.round(usd * QUOTA_PER_UNIT);
  ledger.used += units;
  if (!ledger.unlimited) ledger.remain = Math.max(0, ledger.remain - units);
}

export const billingEnabled = (config: RuntimeConfig): boolean => config.billing;

export const subscription: Handler = (core) => {
  const { ledger } = core;
  const amount = ledger.unlimited ? UNLIMITED_USD : (ledger.remain + ledger.used) / QUOTA_PER_UNIT;
  return json(200, {
    object: 'billing_subscription',
    has_payment_method: true,
    soft_limit_usd: amount,
    hard_limit_usd: amount,
    system_hard_limit_usd: amount,
    access_until: ledger.accessUntil,
  });
};

export const usage: Handler = (core) => json(200, { object: 'list', total_usage: (core.ledger.used / QUOTA_PER_UNIT) * 100 });

function safeJson(raw: string): unknown {
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    return null;
  }
}
