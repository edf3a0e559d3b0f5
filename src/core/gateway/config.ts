import { t } from '../base/l10n';
// Gateway settings as plain values: validated base URL, MidJourney mode prefix, bot type.

export const MJ_MODES = ['default', 'fast', 'relax', 'turbo'] as const;
export type MjMode = (typeof MJ_MODES)[number];
export const BOT_TYPES = ['MID_JOURNEY', 'NIJI_JOURNEY'] as const;
export type BotType = (typeof BOT_TYPES)[number];

/** `/mj-fast/mj/...` etc.; new-api strips anything before `/mj/` so the prefix only picks the upstream speed. */
export function modePrefix(mode: MjMode | string | undefined): string {
  switch (mode) {
    case 'fast': return 'mj-fast';
    case 'relax': return 'mj-relax';
    case 'turbo': return 'mj-turbo';
    default: return '';
  }
}

/** A failed check may know the URL that was meant (`fix`): the UI offers it as a button. */
export type BaseUrlCheck = { ok: true; url: string } | { ok: false; message: string; fix?: string };

/**
 * The gateway root, e.g. `https://api.example.com` (no `/v1`, no `/mj`). Returns the URL without a
 * trailing slash, or a sentence that says what is wrong and what to write instead.
 */
export function checkBaseUrl(raw: string | undefined): BaseUrlCheck {
  const text = (raw ?? '').trim();
  if (!text) {
    return { ok: false, message: t('No gateway URL is set. Set "aitre.baseUrl" to your AITRE gateway root, e.g. https://api.example.com.') };
  }
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    const fix = withScheme(text);
    return fix
      ? { ok: false, message: t('The gateway URL "{0}" has no https:// at the start. Use {1}.', text, fix), fix }
      : { ok: false, message: t('"{0}" is not a valid URL. Set "aitre.baseUrl" to the gateway root, e.g. https://api.example.com.', text) };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    // "localhost:8080" reads as a URL with the scheme "localhost:".
    const fix = text.includes('//') ? undefined : withScheme(text);
    return fix
      ? { ok: false, message: t('The gateway URL "{0}" has no https:// at the start. Use {1}.', text, fix), fix }
      : { ok: false, message: t('The gateway URL must start with https:// (or http:// for a local gateway), not {0}//.', url.protocol) };
  }
  if (url.username || url.password) {
    return { ok: false, message: t('The gateway URL must not contain a user name or password. Put the key in "AITRE: Set API Key" instead.') };
  }
  if (url.search || url.hash) {
    return { ok: false, message: t('The gateway URL must not contain "?" or "#" parts. Use only the gateway root, e.g. https://api.example.com.') };
  }
  const path = url.pathname.replace(/\/+$/, '');
  if (/\/v1$/i.test(path)) {
    const root = `${url.origin}${path.replace(/\/v1$/i, '')}`;
    return { ok: false, message: t('The gateway URL ends with /v1. Use the gateway root instead: {0} (AITRE adds /v1 and /mj itself).', root), fix: root };
  }
  if (/\/mj(-\w+)?(\/|$)/i.test(path)) {
    return { ok: false, message: t('The gateway URL contains /mj. Use the gateway root only, e.g. {0}.', url.origin) };
  }
  return { ok: true, url: `${url.origin}${path}` };
}

/** `api.example.com/v1` → `https://api.example.com` (the root, with https:// added), when that makes a good URL. */
function withScheme(text: string): string | undefined {
  if (/^[a-z][\w+.-]*:\/\//i.test(text) || /\s/.test(text)) return undefined;
  const check = checkBaseUrl(`https://${text}`);
  if (check.ok) return check.url;
  return check.fix;
}

/** Checks a pasted key; returns a sentence when it cannot be a key, undefined when it can. */
export function checkApiKeyText(text: string): string | undefined {
  const key = text.trim();
  if (!key) return t('Paste your AITRE key (it usually starts with sk-).');
  if (/^bearer$/i.test(key) || /^bearer\s/i.test(text.trim())) return t('Paste only the key, without "Bearer".');
  if (/\s/.test(key)) return t('The key must not contain spaces or line breaks.');
  if (/^https?:\/\//i.test(key)) return t('That is a URL. The gateway URL goes in the "aitre.baseUrl" setting; paste the key here.');
  if (key.length < 8) return t('That key is too short to be an AITRE key.');
  if (key.length > 512) return t('That key is too long to be an AITRE key.');
  return undefined;
}
