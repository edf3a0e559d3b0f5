// Quota in the status bar: asked at start and whenever the gateway URL or the key changes, after
// paid calls (at most once a minute), and on "AITRE: Refresh Quota" (the item's click).
import * as vscode from 'vscode';
import { Commands, Settings } from '../../constants';
import type { Logger } from '../../core/base/log';
import type { GatewayClient } from '../../core/gateway/client';
import { fetchQuota } from '../../core/quota/billing';
import { QuotaRefresher } from '../../core/quota/refresher';
import { config } from '../../platform/config';
import type { ApiKeyStore } from '../../platform/secrets';
import type { CommandBoundary } from '../boundary';
import { QuotaStatusItem } from './statusBar';

export interface QuotaDeps {
  gateway: GatewayClient;
  keys: ApiKeyStore;
  boundary: CommandBoundary;
  log: Logger;
}

export function registerQuota(context: vscode.ExtensionContext, deps: QuotaDeps): QuotaRefresher {
  const refresher = new QuotaRefresher({ load: () => fetchQuota(deps.gateway), logger: deps.log });
  const item = new QuotaStatusItem(refresher, config.quotaUnit);
  // The key store tells every refresh, changed or not: a new quota is asked only for a new key,
  // or for the key newly confirmed for another gateway (until then the gateway was not asked).
  let lastKey = deps.keys.known();
  let lastOrigin: string | undefined;
  const keyChanged = async () => {
    const origin = await deps.keys.origin();
    if (deps.keys.known() === lastKey && origin === lastOrigin) return;
    lastKey = deps.keys.known();
    lastOrigin = origin;
    void refresher.reset();
  };
  context.subscriptions.push(
    { dispose: () => refresher.dispose() },
    item,
    deps.gateway.onDidAnswerPaidCall(() => refresher.paidCall()),
    deps.keys.onDidChange(() => void keyChanged()),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (config.affects(event, Settings.baseUrl)) void refresher.reset();
      if (config.affects(event, Settings.quotaUnit)) item.update();
    }),
    deps.boundary.register(Commands.refreshQuota, () => refreshQuota(refresher)),
  );
  // Registered before the key is read at activation: that first read starts it (keyChanged).
  if (lastKey) void refresher.refresh();
  return refresher;
}

/** The click and the palette command: asks now and says why when there is nothing to show. */
async function refreshQuota(refresher: QuotaRefresher): Promise<void> {
  const state = await refresher.refresh();
  if (state.quota) return;
  if (state.missing === 'not-asked' && !state.problem) {
    void vscode.window.showInformationMessage(vscode.l10n.t('AITRE shows the quota once the gateway URL and the API key are set.'));
  } else {
    void vscode.window.showWarningMessage(state.problem ?? vscode.l10n.t('The gateway did not report the quota.'));
  }
}
