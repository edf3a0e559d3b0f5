// The fetch the gateway client uses, routed by VS Code's proxy rules (proxy.ts). Where VS Code's
// extension host already routes the global fetch (its "fetch additional support", on by default in
// 1.100: settings, environment, the system proxy, PAC files, proxy logins, system certificates),
// requests go through it untouched. Only where it does not is a proxy agent added here: when its
// fetch support is off or absent, and when `http.proxyStrictSSL` is off (VS Code's fetch never
// reads that setting, so a TLS-inspecting corporate proxy would fail every request).
import type { ProxyAgent } from 'undici';
import type * as undici from './undici';
import { silentLogger, type Logger } from '../base/log';
import { displayProxy, proxyFor, type ProxyDecision, type ProxySettings } from './proxy';

export interface NetworkPolicy {
  settings(): ProxySettings;
  /** VS Code's fetch support is on: the global fetch already follows these settings. */
  hostRoutesFetch(): boolean;
  /** `http.proxyAuthorization`: a Proxy-Authorization value for proxies that need a login. */
  proxyAuthorization(): string | undefined;
}

export interface FetchPair {
  /** The global fetch (VS Code's routed one when its support is on). */
  routed: typeof fetch;
  /** Node's own fetch, before VS Code patched it: takes a dispatcher as is. */
  plain: typeof fetch;
}

type UndiciModule = typeof undici;

type Route = { via: 'host' | 'direct' } | { via: 'agent'; url: string; strictSSL: boolean };

export class ProxyAwareFetch {
  private readonly agents = new Map<string, ProxyAgent>();
  private lastLogged = '';

  constructor(private readonly policy: NetworkPolicy, private readonly base: FetchPair, private readonly logger: Logger = silentLogger) {}

  readonly fetch = (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.toString() : input.url;
    const route = this.route(url);
    if (route.via !== 'agent') return route.via === 'host' ? this.base.routed(input, init) : this.base.plain(input, init);
    // Node's fetch takes an undici dispatcher in its init (as VS Code's own fetch support does); its
    // types come from Node's copy of undici, hence the cast.
    return this.base.plain(input, { ...init, dispatcher: this.agent(route.url, route.strictSSL) as unknown } as RequestInit);
  };

  /** How a request to `url` travels; logged once each time it changes. */
  route(url: string): Route {
    const settings = this.policy.settings();
    let decision: ProxyDecision;
    try {
      decision = proxyFor(url, settings);
    } catch {
      return { via: 'host' }; // not a URL the rules can read: let the fetch itself refuse it
    }
    const hostRoutes = this.policy.hostRoutesFetch();
    let route: Route;
    if (decision.kind === 'proxy' && (!hostRoutes || !settings.strictSSL)) route = { via: 'agent', url: decision.url, strictSSL: settings.strictSSL };
    else route = { via: hostRoutes || decision.kind === 'unsupported' ? 'host' : 'direct' };
    this.describe(decision, route, hostRoutes);
    return route;
  }

  dispose(): void {
    for (const agent of this.agents.values()) void agent.close().catch(() => undefined);
    this.agents.clear();
  }

  private agent(url: string, strictSSL: boolean): ProxyAgent {
    const auth = this.policy.proxyAuthorization();
    const key = JSON.stringify([url, strictSSL, auth ?? '']);
    let agent = this.agents.get(key);
    if (!agent) {
      // Loaded on first use (a separate bundle in the .vsix, see esbuild.mjs).
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { ProxyAgent: Agent } = require('./undici.js') as UndiciModule;
      agent = new Agent({
        uri: url,
        ...(auth ? { token: auth } : {}),
        // Plain http goes as absolute-form requests, as proxies expect (many refuse CONNECT to ports
        // other than 443); https always goes through a CONNECT tunnel.
        proxyTunnel: false,
        // Not verifying means: the proxy's certificate, and the gateway's as the proxy presents it.
        requestTls: { rejectUnauthorized: strictSSL },
        proxyTls: { rejectUnauthorized: strictSSL },
      });
      this.agents.set(key, agent);
    }
    return agent;
  }

  private describe(decision: ProxyDecision, route: Route, hostRoutes: boolean): void {
    let line: string;
    if (route.via === 'agent') {
      line = `Network: gateway requests go through the proxy ${displayProxy(route.url)} (from the ${decision.kind === 'proxy' && decision.from === 'setting' ? 'http.proxy setting' : 'environment'})${route.strictSSL ? '' : ', without verifying certificates (http.proxyStrictSSL is off)'}.`;
    } else if (decision.kind === 'unsupported') {
      line = hostRoutes
        ? `Network: the proxy ${displayProxy(decision.url)} is left to VS Code's proxy support (AITRE itself speaks only http and https proxies).`
        : `Network: the proxy ${displayProxy(decision.url)} is not an http or https proxy, and VS Code's fetch support is off: requests go without it.`;
    } else if (route.via === 'host') {
      line = decision.kind === 'proxy'
        ? `Network: VS Code's proxy support sends gateway requests through ${displayProxy(decision.url)}.`
        : `Network: gateway requests follow VS Code's proxy support (${decision.why}).`;
    } else {
      line = `Network: gateway requests go directly (${decision.kind === 'direct' ? decision.why : 'no proxy'}).`;
    }
    if (line === this.lastLogged) return;
    this.lastLogged = line;
    this.logger.info(line);
  }
}
