// The one module that knows which UI kit the panel uses. Swapping @vscode/webview-ui-toolkit for
// its successor (@vscode-elements/elements) is a change to this file only.
import { provideVSCodeDesignSystem, vsCodeButton, vsCodeProgressRing } from '@vscode/webview-ui-toolkit';

export function registerToolkit(): void {
  provideVSCodeDesignSystem().register(vsCodeButton(), vsCodeProgressRing());
}

/** Creates a toolkit button (a <vscode-button>). */
export function createButton(text: string, appearance: 'primary' | 'secondary' | 'icon' = 'secondary'): HTMLElement {
  const button = document.createElement('vscode-button');
  button.setAttribute('appearance', appearance);
  button.textContent = text;
  return button;
}
