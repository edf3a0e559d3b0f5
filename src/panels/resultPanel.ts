// The one owner of the result webview (view type `aitre.result`). The only place the panel's HTML
// and CSP are written. Updates go by postMessage; the HTML is set once per panel.
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import { Views } from '../constants';
import { toTaskView } from '../core/presentation';
import type { TaskStore } from '../core/store';
import type { Logger } from '../core/log';
import { isWebviewToHost, type HostToWebview, type WebviewToHost } from '../shared/protocol';

export interface ResultPanelActions {
  /** Runs a button of a task (with the host's error boundary); returns the new child's id. */
  press(taskId: string, customId: string): Promise<string | undefined>;
  copy(taskId: string, what: 'id' | 'prompt' | 'finalPrompt' | 'imageUrl'): Promise<void>;
  /** A describe/shorten prompt: imagine (returns the new task id), insert, copy or replace. */
  usePrompt(taskId: string, index: number, how: 'imagine' | 'insert' | 'copy' | 'replace'): Promise<string | undefined>;
  /** Vary (Region) with the painted mask; returns the new task id. */
  region(taskId: string, customId: string, maskDataUrl: string, prompt: string): Promise<string | undefined>;
  copySeed(taskId: string): Promise<void>;
  gatewayRoot(): string | undefined;
}

export class ResultPanel implements vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;
  private taskId: string | undefined;
  private ready = false;
  private readonly disposables: vscode.Disposable[] = [];
  private panelDisposables: vscode.Disposable[] = [];

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly store: TaskStore,
    private readonly actions: ResultPanelActions,
    private readonly logger: Logger,
  ) {
    this.disposables.push(
      store.onDidChange((change) => {
        const id = this.taskId;
        if (!id || !this.panel) return;
        const task = store.get(id);
        // The shown task, its parent or one of its children changed: repaint by message.
        const related = change.changed.includes(id) || change.removed.includes(id)
          || (task && change.changed.some((c) => store.get(c)?.parentId === id || c === task.parentId));
        if (related) this.post();
      }),
      vscode.window.registerWebviewPanelSerializer(Views.resultPanel, {
        deserializeWebviewPanel: async (panel, state: unknown) => {
          const id = typeof state === 'object' && state !== null && typeof (state as { taskId?: unknown }).taskId === 'string'
            ? (state as { taskId: string }).taskId : undefined;
          this.adopt(panel);
          this.taskId = id;
        },
      }),
    );
  }

  /** The task the panel shows, if it is open. */
  get shownTaskId(): string | undefined {
    return this.panel ? this.taskId : undefined;
  }

  /** Create-or-reveal, showing this task. */
  show(taskId: string, options: { preserveFocus?: boolean } = {}): void {
    this.taskId = taskId;
    if (this.panel) {
      this.panel.reveal(undefined, options.preserveFocus);
      this.post();
      return;
    }
    const panel = vscode.window.createWebviewPanel(
      Views.resultPanel,
      'AITRE Result',
      { viewColumn: vscode.ViewColumn.Beside, preserveFocus: options.preserveFocus ?? false },
      { enableScripts: true, retainContextWhenHidden: false, localResourceRoots: [vscode.Uri.joinPath(this.extensionUri, 'dist'), vscode.Uri.joinPath(this.extensionUri, 'media')] },
    );
    this.adopt(panel);
  }

  private adopt(panel: vscode.WebviewPanel): void {
    this.panel = panel;
    this.ready = false;
    panel.iconPath = vscode.Uri.joinPath(this.extensionUri, 'media', 'aitre.svg');
    panel.webview.options = { enableScripts: true, localResourceRoots: [vscode.Uri.joinPath(this.extensionUri, 'dist'), vscode.Uri.joinPath(this.extensionUri, 'media')] };
    panel.webview.html = this.html(panel.webview);
    this.panelDisposables.push(
      panel.webview.onDidReceiveMessage((message: unknown) => this.receive(message)),
      panel.onDidDispose(() => {
        this.panel = undefined;
        this.ready = false;
        this.panelDisposables.forEach((d) => d.dispose());
        this.panelDisposables = [];
      }),
      panel.onDidChangeViewState(() => { if (panel.visible) this.post(); }),
    );
  }

  private async receive(message: unknown): Promise<void> {
    if (!isWebviewToHost(message)) {
      this.logger.warn('Result panel: dropped a message of unknown shape.');
      return;
    }
    const msg: WebviewToHost = message;
    switch (msg.type) {
      case 'ready':
        this.ready = true;
        if (!this.taskId && msg.taskId && this.store.has(msg.taskId)) this.taskId = msg.taskId;
        this.post();
        break;
      case 'press':
        await this.followUp(msg.taskId, msg.customId, () => this.actions.press(msg.taskId, msg.customId));
        break;
      case 'region':
        await this.followUp(msg.taskId, msg.customId, () => this.actions.region(msg.taskId, msg.customId, msg.maskDataUrl, msg.prompt));
        break;
      case 'usePrompt':
        if (msg.how === 'imagine') await this.followUp(msg.taskId, `prompt-${msg.index}`, () => this.actions.usePrompt(msg.taskId, msg.index, msg.how));
        else if (this.store.has(msg.taskId)) await this.actions.usePrompt(msg.taskId, msg.index, msg.how);
        break;
      case 'copySeed':
        if (this.store.has(msg.taskId)) await this.actions.copySeed(msg.taskId);
        break;
      case 'open':
        if (this.store.has(msg.taskId)) {
          this.taskId = msg.taskId;
          this.post();
        }
        break;
      case 'copy':
        if (this.store.has(msg.taskId)) await this.actions.copy(msg.taskId, msg.what);
        break;
      case 'openExternal':
        await vscode.env.openExternal(vscode.Uri.parse(msg.url, true));
        break;
    }
  }

  /**
   * Runs an action started from the shown task (ids from the webview are checked against the
   * store, never trusted) and makes the panel follow the task it creates.
   */
  private async followUp(taskId: string, busyKey: string, run: () => Promise<string | undefined>): Promise<void> {
    if (taskId !== this.taskId || !this.store.has(taskId)) return;
    this.send({ type: 'busy', customId: busyKey });
    try {
      const childId = await run();
      if (childId && this.store.has(childId)) this.taskId = childId;
    } finally {
      this.send({ type: 'busy', customId: null });
      this.post();
    }
  }

  private post(): void {
    if (!this.panel || !this.ready || !this.taskId) return;
    const task = this.store.get(this.taskId);
    if (!task) {
      this.send({ type: 'missing', id: this.taskId, message: 'This task was removed from the list.' });
      return;
    }
    this.panel.title = `AITRE: ${task.originLabel || task.action.charAt(0) + task.action.slice(1).toLowerCase()} ${task.id.slice(-6)}`;
    this.send({
      type: 'task',
      task: toTaskView(task, { get: (id) => this.store.get(id), children: (id) => this.store.children(id), gatewayRoot: this.actions.gatewayRoot() }),
    });
  }

  private send(message: HostToWebview): void {
    void this.panel?.webview.postMessage(message);
  }

  private html(webview: vscode.Webview): string {
    const nonce = makeNonce();
    const script = webview.asWebviewUri(vscode.Uri.joinPath(this.extensionUri, 'dist', 'webview.js'));
    const style = webview.asWebviewUri(vscode.Uri.joinPath(this.extensionUri, 'media', 'panel.css'));
    const gateway = this.actions.gatewayRoot();
    const gatewayOrigin = gateway ? new URL(gateway).origin : '';
    // Images: the gateway, https, and our own resources. No inline script or style, no eval.
    const csp = [
      "default-src 'none'",
      `img-src ${webview.cspSource} https: ${gatewayOrigin}`.trim(),
      `style-src ${webview.cspSource} 'nonce-${nonce}'`,
      `font-src ${webview.cspSource}`,
      `script-src 'nonce-${nonce}'`,
    ].join('; ');
    return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${style}" nonce="${nonce}">
<title>AITRE Result</title>
</head>
<body>
<main id="app" aria-live="polite">
  <header>
    <h1 id="title">Loading task…</h1>
    <div class="status-line"><span id="status" class="status"></span><vscode-progress-ring id="spinner" hidden></vscode-progress-ring></div>
    <div id="bar" class="bar" hidden><div id="bar-fill" class="bar-fill"></div></div>
  </header>
  <p id="note" class="note" hidden></p>
  <p id="fail" class="fail" role="alert" hidden></p>
  <figure id="figure" hidden>
    <img id="image" alt="">
    <figcaption id="caption"></figcaption>
  </figure>
  <section id="actions" aria-label="MidJourney buttons" hidden></section>
  <section id="suggestions" hidden>
    <h2 id="suggestions-title">Suggested prompts</h2>
    <p id="analysis" class="analysis"></p>
    <ol id="suggestion-list"></ol>
  </section>
  <section id="prompt-section" hidden>
    <h2>Prompt</h2>
    <p id="prompt" class="prompt"></p>
    <vscode-button id="copy-prompt" appearance="secondary">Copy Prompt</vscode-button>
  </section>
  <section id="final-section" hidden>
    <h2>Final prompt</h2>
    <p id="final-prompt" class="prompt"></p>
  </section>
  <section id="lineage" hidden>
    <div id="parent"></div>
    <ul id="children"></ul>
  </section>
  <footer>
    <span id="task-id"></span>
    <vscode-button id="copy-id" appearance="secondary" aria-label="Copy task ID" title="Copy task ID">Copy ID</vscode-button>
    <vscode-button id="copy-seed" appearance="secondary" title="Copy the MidJourney seed of this result" hidden>Copy Seed</vscode-button>
    <span id="times"></span>
  </footer>
</main>
<script type="module" nonce="${nonce}" src="${script}"></script>
</body>
</html>`;
  }

  dispose(): void {
    this.panel?.dispose();
    this.panelDisposables.forEach((d) => d.dispose());
    this.disposables.forEach((d) => d.dispose());
  }
}

function makeNonce(): string {
  return randomBytes(16).toString('hex');
}
