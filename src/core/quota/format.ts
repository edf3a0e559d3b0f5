// The quota as people read it in the status bar: short text, a tooltip, a level for the colour.
// Every sentence is one template string (placeholders kept whole) so it can be localised as is.
import type { Quota } from './billing';
import { t } from '../base/l10n';

/** How the gateway counts (new-api's quota display type): dollars, yuan, or tokens. */
export type QuotaUnit = 'USD' | 'CNY' | 'tokens';
export const QUOTA_UNITS: readonly QuotaUnit[] = ['USD', 'CNY', 'tokens'];

export type QuotaLevel = 'ok' | 'low' | 'empty';

export interface QuotaView {
  /** Status-bar text, with a codicon. */
  text: string;
  /** Screen-reader label. */
  accessibility: string;
  /** Tooltip sentences, one per line. */
  tooltip: string[];
  level: QuotaLevel;
}

/** Below this share of the limit the item turns to a warning. */
export const LOW_SHARE = 0.1;

export function formatAmount(value: number, unit: QuotaUnit, locale = 'en-US'): string {
  if (unit === 'tokens') {
    const tokens = Math.round(value);
    const text = tokens >= 1_000_000
      ? new Intl.NumberFormat(locale, { notation: 'compact', maximumFractionDigits: 2 }).format(tokens)
      : new Intl.NumberFormat(locale).format(tokens);
    return t('{0} tokens', text);
  }
  const symbol = unit === 'CNY' ? '¥' : '$';
  if (value > 0 && value < 0.01) return `<${symbol}0.01`;
  const digits = value >= 1000 ? 0 : 2;
  return `${symbol}${new Intl.NumberFormat(locale, { minimumFractionDigits: digits, maximumFractionDigits: digits }).format(value)}`;
}

export function quotaLevel(quota: Quota): QuotaLevel {
  if (quota.unlimited || quota.left === undefined || quota.limit === undefined) return 'ok';
  if (quota.left <= 0) return 'empty';
  return quota.left < quota.limit * LOW_SHARE ? 'low' : 'ok';
}

export function formatQuota(quota: Quota, unit: QuotaUnit = 'USD', now = Date.now(), locale = 'en-US'): QuotaView {
  const used = formatAmount(quota.used, unit, locale);
  const level = quotaLevel(quota);
  const icon = level === 'ok' ? '$(credit-card)' : '$(warning)';
  const tooltip: string[] = [];
  let text: string;
  let accessibility: string;
  if (quota.unlimited || quota.left === undefined || quota.limit === undefined) {
    text = t('{0} {1} used', icon, used);
    accessibility = t('AITRE quota: no limit, {0} used', used);
    tooltip.push(t('This key has no spending limit.'), t('Used: {0}.', used));
  } else {
    const left = formatAmount(quota.left, unit, locale);
    const limit = formatAmount(quota.limit, unit, locale);
    text = t('{0} {1} left · {2} used', icon, left, used);
    accessibility = t('AITRE quota: {0} left, {1} used', left, used);
    tooltip.push(t('Left: {0} of {1}.', left, limit), t('Used: {0}.', used));
    if (level === 'empty') tooltip.push('Nothing is left: the gateway will refuse paid calls until the key is topped up.');
    else if (level === 'low') tooltip.push('Less than a tenth of the quota is left.');
  }
  if (quota.expiresAt !== undefined) {
    const day = new Date(quota.expiresAt).toISOString().slice(0, 10);
    tooltip.push(quota.expiresAt <= now ? t('The key expired on {0}.', day) : t('The key expires on {0}.', day));
  }
  return { text, accessibility, tooltip, level };
}
