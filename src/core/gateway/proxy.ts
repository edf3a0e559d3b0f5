// Which proxy a gateway request goes through, by the rules VS Code's own proxy support applies
// (@vscode/proxy-agent): loopback hosts always go direct; `http.noProxy` when it has entries, else
// NO_PROXY/no_proxy; then `http.proxy`; then HTTPS_PROXY/https_proxy/HTTP_PROXY/http_proxy (one
// proxy for every scheme, as VS Code reads them); `http.proxySupport: off` turns it all off.
// Plain values in, a decision out: the platform layer reads the settings and the environment.

export type ProxySupport = 'off' | 'on' | 'fallback' | 'override';

export interface ProxySettings {
  /** `http.proxy` (may be empty). */
  proxy?: string;
  /** `http.noProxy`. */
  noProxy: readonly string[];
  /** `http.proxyStrictSSL`: verify certificates on the way through the proxy. */
  strictSSL: boolean;
  /** `http.proxySupport`. */
  support: ProxySupport;
  /** The environment (HTTPS_PROXY, NO_PROXY…). */
  env: Readonly<Record<string, string | undefined>>;
}

export type ProxyDecision =
  | { kind: 'direct'; why: 'proxy support off' | 'loopback' | 'no-proxy setting' | 'NO_PROXY' | 'no proxy configured' }
  | { kind: 'proxy'; url: string; from: 'setting' | 'environment' }
  /** A SOCKS (or otherwise unknown) proxy: only VS Code's own support can reach it. */
  | { kind: 'unsupported'; url: string; from: 'setting' | 'environment' };

const LOOPBACK = new Set(['localhost', '127.0.0.1', '::1', '[::1]', '::ffff:127.0.0.1']);

export function proxyFor(target: string, settings: ProxySettings): ProxyDecision {
  if (settings.support === 'off') return { kind: 'direct', why: 'proxy support off' };
  const url = new URL(target);
  const host = url.hostname.toLowerCase();
  if (LOOPBACK.has(host)) return { kind: 'direct', why: 'loopback' };
  const port = url.port || (url.protocol === 'https:' ? '443' : '80');
  // Entries in the setting replace the environment's list (VS Code: "if there are any config entries
  // present then env variables are ignored").
  const configured = settings.noProxy.map((e) => e.trim()).filter(Boolean);
  if (configured.length) {
    if (bypasses(configured, host, port)) return { kind: 'direct', why: 'no-proxy setting' };
  } else if (bypasses(splitList(settings.env.no_proxy ?? settings.env.NO_PROXY), host, port)) {
    return { kind: 'direct', why: 'NO_PROXY' };
  }
  const fromSetting = (settings.proxy ?? '').trim();
  if (fromSetting && schemeOf(fromSetting)) return decide(fromSetting, 'setting');
  const env = settings.env;
  const fromEnv = (env.https_proxy || env.HTTPS_PROXY || env.http_proxy || env.HTTP_PROXY || '').trim();
  if (fromEnv && schemeOf(fromEnv)) return decide(fromEnv, 'environment');
  return { kind: 'direct', why: 'no proxy configured' };
}

/** Shows a proxy URL without its password, for logs. */
export function displayProxy(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString().replace(/\/$/, '');
  } catch {
    return url.replace(/\/\/[^@/]*@/, '//***@');
  }
}

function decide(url: string, from: 'setting' | 'environment'): ProxyDecision {
  const scheme = schemeOf(url);
  return scheme === 'http' || scheme === 'https' ? { kind: 'proxy', url, from } : { kind: 'unsupported', url, from };
}

/** Like VS Code: a proxy value without "scheme://" is ignored. */
function schemeOf(url: string): string | undefined {
  const i = url.indexOf('://');
  return i > 0 ? url.slice(0, i).toLowerCase() : undefined;
}

function splitList(value: string | undefined): string[] {
  return (value ?? '').split(',').map((e) => e.trim()).filter(Boolean);
}

/** "*" bypasses all; "example.com", ".example.com" and "example.com:8080" match the host and its subdomains. */
function bypasses(entries: readonly string[], host: string, port: string): boolean {
  if (entries.includes('*')) return true;
  return entries.some((entry) => {
    const [name = '', wantPort] = entry.toLowerCase().split(':', 2);
    if (!name) return false;
    const domain = name.startsWith('.') ? name : `.${name}`;
    return `.${host}`.endsWith(domain) && (!wantPort || wantPort === port);
  });
}
