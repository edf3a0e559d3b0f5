// Where the API key may go. The key is bound to the one gateway origin the user confirmed; plain
// http is fine without a question only on this machine (loopback); nothing outside the configured
// root ever gets the key. Pure functions: the client enforces them, the UI words the questions.
import { GatewayError } from './errors';
import { t } from '../base/l10n';

/** 127.0.0.0/8, ::1, localhost and *.localhost: traffic that never leaves this machine. */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').replace(/\.$/, '').toLowerCase();
  if (host === 'localhost' || host.endsWith('.localhost') || host === '::1') return true;
  const v4 = /^127\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(host);
  return Boolean(v4 && v4.slice(1).every((part) => Number(part) <= 255));
}

/** `https://api.example.com` for a root such as `https://api.example.com/gw`. */
export function originOf(root: string): string {
  return new URL(root).origin;
}

/** True when the key would cross the network unencrypted: http:// to another machine. */
export function isCleartext(origin: string): boolean {
  const url = new URL(origin);
  return url.protocol === 'http:' && !isLoopbackHost(url.hostname);
}

/** The host (and port) people recognise, for sentences. */
export function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

/**
 * Whether `url` lies under the gateway `root` (same origin, path inside the root's path, no
 * credentials). URLs are compared after parsing, so `..` and `%2e%2e` cannot climb out.
 */
export function isUnderRoot(url: string, root: string): boolean {
  let target: URL;
  let base: URL;
  try {
    target = new URL(url);
    base = new URL(`${root.replace(/\/+$/, '')}/`);
  } catch {
    return false;
  }
  if (target.username || target.password) return false;
  return target.origin === base.origin && (target.pathname.startsWith(base.pathname) || `${target.pathname}/` === base.pathname);
}

/** The key is set but not confirmed for the origin a request would go to: nothing is sent. */
export function untrustedOriginError(origin: string, confirmed: string | undefined): GatewayError {
  const host = hostOf(origin);
  const message = confirmed
    ? t('The AITRE gateway changed from {0} to {1}. AITRE sends your API key there only after you confirm {2} is your gateway.', hostOf(confirmed), host, origin)
    : t('AITRE has not sent your API key to {0} before. It sends the key only after you confirm {1} is your gateway.', host, origin);
  return new GatewayError({
    kind: 'untrusted-origin',
    origin,
    message,
    detail: `key confirmed for ${confirmed ?? 'no gateway yet'}; request to ${origin} not sent`,
  });
}
