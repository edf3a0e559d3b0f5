// AITRE: Set API Key / Clear API Key.
import * as vscode from 'vscode';
import { checkApiKeyText } from '../core/gateway/config';
import type { ApiKeyStore } from '../platform/secrets';

/** Asks for the key (masked), stores it trimmed. Returns true when a key was stored. */
export async function promptAndStoreApiKey(keys: ApiKeyStore): Promise<boolean> {
  const value = await vscode.window.showInputBox({
    title: 'AITRE: Set API Key',
    prompt: 'Paste your AITRE key. It is kept in VS Code\'s secret storage and sent only to the configured gateway.',
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
  await keys.set(value.trim());
  vscode.window.setStatusBarMessage('AITRE: API key saved.', 4000);
  return true;
}

export async function clearApiKey(keys: ApiKeyStore): Promise<void> {
  if (!(await keys.get())) {
    void vscode.window.showInformationMessage('No AITRE API key is stored.');
    return;
  }
  await keys.clear();
  void vscode.window.showInformationMessage('AITRE API key removed from secret storage.');
}
