// The "Edit with a Mask" webview (gpt-image edits): the same mask editor as Vary (Region), in the mode that exports
// a PNG transparent where painted. It stays open, painting kept, until the host accepts or refuses the submit.
import { isMaskEditToWebview, type MaskEditToHost } from '../src/shared/mask-edit';
import { openMaskEditor, type MaskEditorHandle } from './mask/editor';
import { registerToolkit } from './kit';

interface VsCodeApi { postMessage(message: MaskEditToHost): void }
declare function acquireVsCodeApi(): VsCodeApi;

const vscode = acquireVsCodeApi();
registerToolkit();

let editor: MaskEditorHandle | undefined;
let nextRequest = 1;
let pending: number | undefined;

window.addEventListener('message', (event: MessageEvent<unknown>) => {
  const message = event.data;
  if (!isMaskEditToWebview(message)) return;
  if (message.type === 'open') {
    editor?.close();
    const container = document.getElementById('mask-editor');
    if (!container) return;
    container.replaceChildren();
    editor = openMaskEditor({
      container,
      imageUrl: message.imageUrl,
      prompt: message.prompt,
      mode: 'edit',
      onSubmit: ({ maskDataUrl, prompt }) => {
        pending = nextRequest++;
        vscode.postMessage({ type: 'submit', requestId: pending, maskDataUrl, prompt });
      },
      onCancel: () => vscode.postMessage({ type: 'cancel' }),
    });
    return;
  }
  if (message.requestId !== pending) return;
  pending = undefined;
  if (!message.ok) editor?.refused(message.message);
});

vscode.postMessage({ type: 'ready' });
