// How gateway requests reach the network inside VS Code: the `http.*` proxy settings and the
// environment as VS Code reads them, and whether VS Code's extension host already routes the global
// fetch (its "fetch additional support": on by default, it patches globalThis.fetch and keeps the
// original as __vscodeOriginalFetch). The decisions themselves are in core/gateway/proxy*.ts.
import * as vscode from 'vscode';
import type { Logger } from '../core/base/log';
import type { ProxySettings, ProxySupport } from '../core/gateway/proxy';
import { ProxyAwareFetch, type NetworkPolicy } from '../core/gateway/proxyFetch';

const SUPPORT: readonly ProxySupport[] = ['off', 'on', 'fallback', 'override'];

interface PatchedGlobal { __vscodeOriginalFetch?: typeof fetch; __vscodePatchedFetch?: typeof fetch }

function http(): vscode.WorkspaceConfiguration {
  return vscode.workspace.getConfiguration('http');
}

export const networkPolicy: NetworkPolicy = {
  settings(): ProxySettings {
    const support = http().get<string>('proxySupport', 'override');
    return {
      proxy: http().get<string>('proxy', ''),
      noProxy: http().get<unknown[]>('noProxy', []).filter((e): e is string => typeof e === 'string'),
      strictSSL: http().get<boolean>('proxyStrictSSL', true),
      support: (SUPPORT as readonly string[]).includes(support) ? support as ProxySupport : 'override',
      env: process.env,
    };
  },
  hostRoutesFetch(): boolean {
    const patched = typeof (globalThis as PatchedGlobal).__vscodeOriginalFetch === 'function';
    return patched && http().get<boolean>('fetchAdditionalSupport', true);
  },
  proxyAuthorization(): string | undefined {
    return http().get<string | null>('proxyAuthorization', null) ?? undefined;
  },
};

/** The gateway client's fetch; dispose it with the extension (it holds proxy connections). */
export function createGatewayFetch(logger: Logger): ProxyAwareFetch {
  const global = globalThis as PatchedGlobal;
  const routed: typeof fetch = (input, init) => globalThis.fetch(input, init);
  const plain = global.__vscodeOriginalFetch ?? routed;
  return new ProxyAwareFetch(networkPolicy, { routed, plain }, logger);
}
