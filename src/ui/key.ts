// AITRE: Set API Key / Clear API Key.
import * as vscode from 'vscode';
import { checkApiKeyText } from '../core/gateway/config';
import { hostOf } from '../core/gateway/trust';
import type { ApiKeyStore } from '../platform/secrets';
import type { GatewayTrust } from './trust';

/**
 * Asks for the key (masked), stores it trimmed and bound to the gateway the box names (entering
 * it there is the confirmation). Returns true when a key was stored.
 */
export async function promptAndStoreApiKey(keys: ApiKeyStore, trust: GatewayTrust): Promise<boolean> {
  const origin = trust.currentOrigin();
  const value = await vscode.window.showInputBox({
    title: vscode.l10n.t('AITRE: Set API Key'),
    prompt: origin
      ? vscode.l10n.t('Paste your AITRE key for {0}. It is kept in VS Code\'s secret storage and sent only to {1}.', hostOf(origin), origin)
      : vscode.l10n.t('Paste your AITRE key. It is kept in VS Code\'s secret storage and sent only to the gateway you confirm (the "aitre.baseUrl" setting).'),
    placeHolder: 'sk-…',
    password: true,
    ignoreFocusOut: true,
    validateInput: (text) => checkApiKeyText(text),
  });
  if (value === undefined) return false;
  const problem = checkApiKeyText(value);
  if (problem) {
    void vscode.window.showWarningMessage(problem);
    return false;
  }
  // Bound only to the gateway the box named (the setting may have changed while it was open).
  const bound = trust.currentOrigin() === origin ? await trust.originForNewKey() : undefined;
  await keys.set(value.trim(), bound);
  vscode.window.setStatusBarMessage(vscode.l10n.t('AITRE: API key saved.'), 4000);
  return true;
}

export async function clearApiKey(keys: ApiKeyStore): Promise<void> {
  if (!(await keys.get())) {
    void vscode.window.showInformationMessage(vscode.l10n.t('No AITRE API key is stored.'));
    return;
  }
  await keys.clear();
  void vscode.window.showInformationMessage(vscode.l10n.t('AITRE API key removed from secret storage.'));
}
