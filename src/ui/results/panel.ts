// The one owner of the result webview (view type `aitre.result`). The only place the panel's HTML
// and CSP are written. Updates go by postMessage; the HTML is set once per panel.
import * as vscode from 'vscode';
import { Commands, Views } from '../../constants';
import { actionLabel, toTaskView } from '../../core/tasks/presentation';
import type { ResultImages } from '../../core/tasks/result-images';
import type { TaskStore } from '../../core/tasks/store';
import type { Logger } from '../../core/base/log';
import type { TaskView } from '../../shared/protocol';
import type { TaskRecord } from '../../shared/task';
import { isWebviewToHost, type HostToWebview, type ResultAction, type WebviewToHost } from '../../shared/protocol';
import { webviewPage } from '../webviewPage';
import { PanelBusy } from './busy';
import { PanelPage } from './pageRequests';
import type { ResultVideos } from '../../core/tasks/result-videos';
import { fillVideo } from './video-view';
import { webviewStrings } from './webviewStrings';

export interface ResultPanelActions {
  /** Runs a button of a task (with the host's error boundary); returns the new child's id. */
  press(taskId: string, customId: string): Promise<string | undefined>;
  copy(taskId: string, what: 'id' | 'prompt' | 'finalPrompt' | 'imageUrl'): Promise<void>;
  /** A describe/shorten prompt: imagine (returns the new task id), insert, copy or replace. */
  usePrompt(taskId: string, index: number, how: 'imagine' | 'insert' | 'copy' | 'replace'): Promise<string | undefined>;
  /**
   * Vary (Region) with the painted mask: the new task id, or the sentence that says why it was
   * refused (the mask editor shows it and keeps the painting).
   */
  region(taskId: string, customId: string, maskDataUrl: string, prompt: string): Promise<{ ok: true; value: string | undefined } | { ok: false; message: string }>;
  copySeed(taskId: string): Promise<void>;
  /** Save, insert, copy the URL, open in the browser, reveal, split the grid. */
  result(taskId: string, action: ResultAction, part?: number): Promise<void>;
  /** Saved copies of the task's image and grid parts (only those still on disk). */
  localImages(taskId: string): Promise<{ whole?: vscode.Uri; parts: { part: number; uri: vscode.Uri }[] }>;
  gatewayRoot(): string | undefined;
  /** Edit Image… on the shown picture (asks the prompt on the host); returns the new EDIT task's id. */
  edit(taskId: string): Promise<string | undefined>;
  /** Which of a task's buttons this gateway can run (the refused ones show disabled, with the reason). */
  availability(task: TaskRecord): { customId: string; enabled: boolean; reason?: string }[];
  /** Animate… on the shown picture (asks motion and picture on the host); returns the new VIDEO task's id. */
  animate(taskId: string): Promise<string | undefined>;
  /** Re-run (the same prompt or button), from the panel's "image is gone" sentence. */
  rerun(taskId: string): Promise<string | undefined>;
  /** Re-run with the prompt edited first; the new task's id. */
  rerunWithEdits(taskId: string): Promise<string | undefined>;
}

/** Where result pictures come from: the host's image cache under `root` (globalStorage). */
export interface PanelImages {
  results: ResultImages;
  root: vscode.Uri;
  /** The cache folder inside `root`, which the webview may load files from. */
  folder: string;
  /** VIDEO tasks' videos: the host's video cache (its folder is inside `root` too). */
  videos: ResultVideos;
}

export class ResultPanel implements vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;
  private taskId: string | undefined;
  private readonly disposables: vscode.Disposable[] = [];
  private panelDisposables: vscode.Disposable[] = [];
  /** Follow-ups and result actions on their way: the panel's buttons stay disabled until none is. */
  private readonly busy = new PanelBusy((message) => this.send(message));
  /** Whether the page said it is ready, and the grid splits waiting for its answer. */
  private readonly page = new PanelPage((message) => this.send(message));

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly store: TaskStore,
    private readonly actions: ResultPanelActions,
    private readonly logger: Logger,
    private readonly images: PanelImages,
  ) {
    this.disposables.push(
      images.results.onDidChange((id) => { if (id === this.taskId && this.panel) void this.post(); }),
      images.videos.onDidChange((id) => { if (id === this.taskId && this.panel) void this.post(); }),
      store.onDidChange((change) => {
        const id = this.taskId;
        if (!id || !this.panel) return;
        const task = store.get(id);
        // The shown task, its parent or one of its children changed: repaint by message.
        const related = change.changed.includes(id) || change.removed.includes(id)
          || (task && change.changed.some((c) => store.get(c)?.parentId === id || c === task.parentId));
        if (related) void this.post();
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

  /** The editor column the panel is in while it is visible (an answer opens past it, not over it). */
  get visibleColumn(): vscode.ViewColumn | undefined {
    return this.panel?.visible ? this.panel.viewColumn : undefined;
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
      void this.post();
      return;
    }
    const panel = vscode.window.createWebviewPanel(
      Views.resultPanel,
      vscode.l10n.t('AITRE Result'),
      { viewColumn: vscode.ViewColumn.Beside, preserveFocus: options.preserveFocus ?? false },
      { enableScripts: true, retainContextWhenHidden: false, localResourceRoots: this.resourceRoots() },
    );
    this.adopt(panel);
  }

  private adopt(panel: vscode.WebviewPanel): void {
    this.panel = panel;
    this.page.opened();
    panel.iconPath = vscode.Uri.joinPath(this.extensionUri, 'media', 'aitre.svg');
    panel.webview.options = { enableScripts: true, localResourceRoots: this.resourceRoots() };
    panel.webview.html = this.html(panel.webview);
    this.panelDisposables.push(
      panel.webview.onDidReceiveMessage((message: unknown) => this.receive(message)),
      panel.onDidDispose(() => {
        this.panel = undefined;
        this.page.closed();
        this.panelDisposables.forEach((d) => d.dispose());
        this.panelDisposables = [];
      }),
      panel.onDidChangeViewState(() => { if (panel.visible) void this.post(); }),
    );
  }

  /** The panel may load our bundles and media, the image cache, and saved images in the workspace folders. */
  private resourceRoots(): vscode.Uri[] {
    return [
      vscode.Uri.joinPath(this.extensionUri, 'dist'),
      vscode.Uri.joinPath(this.extensionUri, 'media'),
      vscode.Uri.joinPath(this.images.root, this.images.folder),
      vscode.Uri.joinPath(this.images.root, this.images.videos.folder),
      ...(vscode.workspace.workspaceFolders ?? []).map((f) => f.uri),
    ];
  }

  private async receive(message: unknown): Promise<void> {
    if (!isWebviewToHost(message)) {
      this.logger.warn('Result panel: dropped a message of unknown shape.');
      // The webview may have disabled its buttons for it: give them back unless something is out.
      this.busy.announce();
      return;
    }
    const msg: WebviewToHost = message;
    switch (msg.type) {
      case 'ready':
        this.page.readied();
        if (!this.taskId && msg.taskId && this.store.has(msg.taskId)) this.taskId = msg.taskId;
        // A panel shown again mid-submit is a fresh page: it must wait like the one it replaced.
        if (this.busy.current) this.busy.announce();
        void this.post();
        break;
      case 'press':
        await this.followUp(msg.taskId, msg.customId, () => this.actions.press(msg.taskId, msg.customId));
        break;
      case 'region':
        await this.submitRegion(msg);
        break;
      case 'usePrompt':
        if (msg.how === 'imagine') await this.followUp(msg.taskId, `prompt-${msg.index}`, () => this.actions.usePrompt(msg.taskId, msg.index, msg.how));
        else if (this.store.has(msg.taskId)) await this.actions.usePrompt(msg.taskId, msg.index, msg.how);
        break;
      case 'copySeed':
        if (this.store.has(msg.taskId)) await this.actions.copySeed(msg.taskId);
        break;
      case 'result':
        if (msg.action === 'fetchAgain' || msg.action === 'rerun' || msg.action === 'rerunEdits') await this.imageAction(msg.taskId, msg.action);
        else if (msg.action === 'animate') await this.followUp(msg.taskId, 'result-animate', () => this.actions.animate(msg.taskId));
        else if (msg.action === 'edit') await this.followUp(msg.taskId, 'result-edit', () => this.actions.edit(msg.taskId));
        else if (msg.action === 'maskEdit') { if (this.store.has(msg.taskId)) await vscode.commands.executeCommand(Commands.editImageWithMask, msg.taskId); }
        else if (this.store.has(msg.taskId)) await this.whileBusy(`result-${msg.action}`, () => this.actions.result(msg.taskId, msg.action, msg.part));
        break;
      case 'splitDone':
        this.page.answered(msg.requestId, { parts: msg.parts });
        break;
      case 'splitFailed':
        this.page.answered(msg.requestId, { message: msg.message });
        break;
      case 'open':
        if (this.store.has(msg.taskId)) {
          this.taskId = msg.taskId;
          void this.post();
        }
        break;
      case 'copy':
        if (this.store.has(msg.taskId)) await this.actions.copy(msg.taskId, msg.what);
        break;
      case 'imageFailed': {
        const task = msg.taskId === this.taskId ? this.store.get(msg.taskId) : undefined;
        if (task) await this.images.results.broken(task);
        break;
      }
    }
  }

  /** The two answers to "the image is gone": try the download again, or make the task again. */
  private async imageAction(taskId: string, action: 'fetchAgain' | 'rerun' | 'rerunEdits'): Promise<void> {
    const task = taskId === this.taskId ? this.store.get(taskId) : undefined;
    if (!task) return;
    if (action === 'fetchAgain') {
      await this.images.results.retry(task);
      return;
    }
    if (action === 'rerunEdits') await this.followUp(taskId, 'result-rerunEdits', () => this.actions.rerunWithEdits(taskId));
    else await this.followUp(taskId, 'result-rerun', () => this.actions.rerun(taskId));
  }

  /** Disables the panel's buttons while `work` runs (the webview already did on the click), then repaints. */
  private async whileBusy<T>(key: string, work: () => Promise<T>): Promise<T> {
    try {
      return await this.busy.run(key, work);
    } finally {
      void this.post();
    }
  }

  /**
   * Vary (Region) from the mask editor: the editor stays open with the painting until this
   * answers; a refusal goes back to it as a sentence, an acceptance closes it and the panel
   * follows the new task.
   */
  private async submitRegion(msg: Extract<WebviewToHost, { type: 'region' }>): Promise<void> {
    const { requestId } = msg;
    if (msg.taskId !== this.taskId || !this.store.has(msg.taskId)) {
      this.send({ type: 'regionResult', requestId, ok: false, message: vscode.l10n.t('This panel no longer shows that task, so nothing was sent. Open the task and try again.') });
      return;
    }
    await this.whileBusy(msg.customId, async () => {
      const result = await this.actions.region(msg.taskId, msg.customId, msg.maskDataUrl, msg.prompt);
      if (!result.ok) {
        this.send({ type: 'regionResult', requestId, ok: false, message: result.message });
        return;
      }
      this.send({ type: 'regionResult', requestId, ok: true });
      if (result.value && this.store.has(result.value)) this.taskId = result.value;
    });
  }

  /**
   * Runs an action started from the shown task (ids from the webview are checked against the
   * store, never trusted) and makes the panel follow the task it creates.
   */
  private async followUp(taskId: string, busyKey: string, run: () => Promise<string | undefined>): Promise<void> {
    // Answered even when dropped: the webview disabled the button on the click and waits for us.
    await this.whileBusy(busyKey, async () => {
      if (taskId !== this.taskId || !this.store.has(taskId)) return;
      const childId = await run();
      if (childId && this.store.has(childId)) this.taskId = childId;
    });
  }

  /**
   * Cuts a grid image into its four parts in the webview (the browser decodes every format the
   * gateway may send). Opens the panel on the task if needed.
   */
  async splitImage(taskId: string, bytes: Uint8Array, mime: string): Promise<Uint8Array[]> {
    if (!this.panel || this.taskId !== taskId) this.show(taskId, { preserveFocus: true });
    return this.page.split(bytes, mime);
  }

  private async post(): Promise<void> {
    if (!this.panel || !this.page.isReady || !this.taskId) return;
    const panel = this.panel;
    // A restored panel may show an old task that is still on disk only.
    const task = this.store.get(this.taskId) ?? await this.store.load(this.taskId);
    if (!this.panel || !this.taskId) return;
    if (!task) {
      this.send({ type: 'missing', id: this.taskId, message: vscode.l10n.t('This task was removed from the list.') });
      return;
    }
    panel.title = `AITRE: ${task.originLabel || actionLabel(task.action)} ${task.id.slice(-6)}`;
    const view = toTaskView(task, { get: (id) => this.store.get(id), children: (id) => this.store.children(id), gatewayRoot: this.actions.gatewayRoot(), availability: (t) => this.actions.availability(t) });
    // A saved copy outlives the gateway's link: show it when there is one; else the cached image.
    const local = await this.actions.localImages(task.id);
    if (task.action === 'VIDEO') {
      // A video task's saved copy is its video; its picture is the poster from the image cache.
      fillVideo(view, task, panel.webview, this.images.videos, this.images.root, local.whole);
      this.showImage(view, task, panel.webview);
    } else if (local.whole) {
      view.imageUrl = panel.webview.asWebviewUri(local.whole).toString();
      view.savedPath = vscode.workspace.asRelativePath(local.whole, false);
    } else {
      this.showImage(view, task, panel.webview);
    }
    view.parts = local.parts.map(({ part, uri }) => ({ part, url: panel.webview.asWebviewUri(uri).toString(), path: vscode.workspace.asRelativePath(uri, false) }));
    if (this.taskId === task.id) this.send({ type: 'task', task: view });
  }

  /** Only local pictures reach the webview: the image cache, or a preview as data:. */
  private showImage(view: TaskView, task: TaskRecord, webview: vscode.Webview): void {
    const state = this.images.results.state(task);
    switch (state.kind) {
      case 'cached':
        view.imageUrl = webview.asWebviewUri(vscode.Uri.joinPath(this.images.root, ...state.path.split('/'))).toString();
        return;
      case 'preview':
        view.imageUrl = state.dataUrl;
        view.imageIsPreview = true;
        void this.images.results.ensure(task);
        return;
      case 'loading':
        view.imageNote = vscode.l10n.t('Downloading the image…');
        void this.images.results.ensure(task);
        return;
      case 'missing':
        view.imageProblem = state.message;
        view.canFetchAgain = true;
        return;
      case 'none':
        void this.images.results.ensure(task);
        return;
    }
  }

  private send(message: HostToWebview): void {
    void this.panel?.webview.postMessage(message);
  }

  private html(webview: vscode.Webview): string {
    // Images: our own resources only (the image cache, saved copies) and data:/blob: (previews,
    // the mask editor). The host downloads every picture; the webview never reaches the network.
    // Videos play from the host's video cache or a saved copy only. The webview's own sentences are
    // translated here (it has no bundle) and ride on <body data-l10n> (src/shared/strings-table.ts).
    return webviewPage({
      webview, extensionUri: this.extensionUri, title: vscode.l10n.t('AITRE Result'), lang: vscode.env.language,
      script: 'webview.js', styles: ['panel.css', 'mask-editor.css'],
      images: [webview.cspSource], media: [webview.cspSource],
      body: panelBody(), strings: webviewStrings(),
    });
  }

  dispose(): void {
    this.panel?.dispose();
    this.panelDisposables.forEach((d) => d.dispose());
    this.disposables.forEach((d) => d.dispose());
  }
}

/** Text for HTML (element content and quoted attributes): a translation may hold any character. */
function h(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** The result panel's markup in the UI language (webview/main.ts fills it in). */
function panelBody(): string {
  return `<section id="mask-editor" aria-label="${h(vscode.l10n.t('Vary (Region) mask editor'))}" hidden></section>
<main id="app" aria-live="polite">
  <header>
    <h1 id="title">${h(vscode.l10n.t('Loading task…'))}</h1>
    <div class="status-line"><span id="status" class="status"></span><vscode-progress-ring id="spinner" hidden></vscode-progress-ring></div>
    <div id="bar" class="bar" hidden><div id="bar-fill" class="bar-fill"></div></div>
  </header>
  <p id="note" class="note" hidden></p>
  <p id="fail" class="fail" role="alert" hidden></p>
  <section id="failed-actions" class="button-row" aria-label="${h(vscode.l10n.t('Try again'))}" hidden>
    <vscode-button id="failed-rerun" title="${h(vscode.l10n.t('Send the same prompt (or button) again: a new paid task'))}">${h(vscode.l10n.t('Re-run'))}</vscode-button>
    <vscode-button id="failed-rerun-edits" appearance="secondary" title="${h(vscode.l10n.t('Edit the prompt first, then send it: a new paid task'))}">${h(vscode.l10n.t('Re-run with Edits…'))}</vscode-button>
  </section>
  <figure id="video-figure" class="video-figure" hidden>
    <video id="video" controls loop muted playsinline preload="auto"></video>
    <figcaption id="video-caption"></figcaption>
  </figure>
  <section id="video-fallback" class="video-fallback" aria-label="${h(vscode.l10n.t('The video cannot play here'))}" hidden>
    <p id="video-fallback-text" role="status"></p>
    <vscode-button id="open-video" appearance="primary" title="${h(vscode.l10n.t('Open the video file in your system\'s video player'))}">${h(vscode.l10n.t('Open'))}</vscode-button>
  </section>
  <p id="video-note" class="image-note" hidden></p>
  <figure id="figure" hidden>
    <img id="image" alt="">
    <figcaption id="caption"></figcaption>
  </figure>
  <p id="image-note" class="image-note" hidden></p>
  <section id="image-problem" class="image-problem" aria-label="${h(vscode.l10n.t('The image is not available'))}" hidden>
    <p id="image-problem-text" role="status"></p>
    <div class="button-row">
      <vscode-button id="fetch-again" appearance="secondary" title="${h(vscode.l10n.t('Download the image again'))}">${h(vscode.l10n.t('Fetch Again'))}</vscode-button>
      <vscode-button id="rerun" appearance="secondary" title="${h(vscode.l10n.t('Run the same prompt (or button) again: a new paid task'))}" hidden>${h(vscode.l10n.t('Re-run'))}</vscode-button>
    </div>
  </section>
  <section id="result-actions" class="button-row" aria-label="${h(vscode.l10n.t('Keep this result'))}" hidden>
    <vscode-button id="save" appearance="secondary" title="${h(vscode.l10n.t('Save the image into the workspace output folder'))}">${h(vscode.l10n.t('Save'))}</vscode-button>
    <vscode-button id="insert" appearance="secondary" title="${h(vscode.l10n.t('Insert a Markdown image link (or the path) at the cursor'))}">${h(vscode.l10n.t('Insert into Editor'))}</vscode-button>
    <vscode-button id="animate" appearance="secondary" title="${h(vscode.l10n.t('Turn this picture into a short video (a new paid task)'))}" hidden>${h(vscode.l10n.t('Animate…'))}</vscode-button>
    <vscode-button id="edit-image" appearance="secondary" title="${h(vscode.l10n.t('Change this picture as a prompt says (MidJourney Edit: a new paid task)'))}" hidden>${h(vscode.l10n.t('Edit…'))}</vscode-button>
    <vscode-button id="mask-edit" appearance="secondary" title="${h(vscode.l10n.t('Paint where to change this picture; a gpt-image model edits it (a new paid request)'))}" hidden>${h(vscode.l10n.t('Edit with Mask…'))}</vscode-button>
    <vscode-button id="split" appearance="secondary" title="${h(vscode.l10n.t('Cut the grid into its four images locally: no gateway call, no cost'))}" hidden>${h(vscode.l10n.t('Save All 4'))}</vscode-button>
    <vscode-button id="copy-url" appearance="secondary">${h(vscode.l10n.t('Copy Image URL'))}</vscode-button>
    <vscode-button id="open-browser" appearance="secondary">${h(vscode.l10n.t('Open in Browser'))}</vscode-button>
    <vscode-button id="reveal" appearance="secondary" hidden>${h(vscode.l10n.t('Reveal in Explorer'))}</vscode-button>
  </section>
  <p id="saved-path" class="saved-path" hidden></p>
  <section id="parts" aria-label="${h(vscode.l10n.t('Grid images'))}" hidden></section>
  <section id="actions" aria-label="${h(vscode.l10n.t('MidJourney buttons'))}" hidden></section>
  <section id="suggestions" hidden>
    <h2 id="suggestions-title">${h(vscode.l10n.t('Suggested prompts'))}</h2>
    <p id="analysis" class="analysis"></p>
    <ol id="suggestion-list"></ol>
  </section>
  <section id="prompt-section" hidden>
    <h2>${h(vscode.l10n.t('Prompt'))}</h2>
    <p id="prompt" class="prompt"></p>
    <vscode-button id="copy-prompt" appearance="secondary">${h(vscode.l10n.t('Copy Prompt'))}</vscode-button>
  </section>
  <section id="final-section" hidden>
    <h2>${h(vscode.l10n.t('Final prompt'))}</h2>
    <p id="final-prompt" class="prompt"></p>
  </section>
  <section id="lineage" hidden>
    <div id="parent"></div>
    <ul id="children"></ul>
  </section>
  <footer>
    <span id="task-id"></span>
    <vscode-button id="copy-id" appearance="secondary" aria-label="${h(vscode.l10n.t('Copy task ID'))}" title="${h(vscode.l10n.t('Copy task ID'))}">${h(vscode.l10n.t('Copy ID'))}</vscode-button>
    <vscode-button id="copy-seed" appearance="secondary" title="${h(vscode.l10n.t('Copy the MidJourney seed of this result'))}" hidden>${h(vscode.l10n.t('Copy Seed'))}</vscode-button>
    <span id="times"></span>
  </footer>
</main>`;
}
