// Composition root: builds the services, registers commands and views, pushes disposables. No logic.
import * as vscode from 'vscode';
import { CommandBoundary } from './ui/boundary';
import { clearApiKey, promptAndStoreApiKey } from './ui/key';
import { MidjourneyCommands } from './ui/midjourney/commands';
import { MidjourneyInputCommands } from './ui/midjourney/inputs';
import { registerOpenAiFeatures } from './ui/openai';
import { checkOptions } from './ui/prompts/documents';
import { registerPromptFeatures } from './ui/prompts';
import { SubmitProgress, ViewProgress } from './ui/progress';
import { registerQuota } from './ui/quota';
import { registerWalkthrough } from './ui/walkthrough';
import { HistoryCommands } from './ui/tasks/history';
import { ResultCommands } from './ui/results/commands';
import { TaskCommands, taskIdOf } from './ui/tasks/commands';
import { Commands, Settings, Views } from './constants';
import { checkBaseUrl } from './core/gateway/config';
import { GatewayError } from './core/gateway/errors';
import { GatewayClient } from './core/gateway/client';
import { MidjourneyClient } from './core/midjourney/client';
import { isRunning, resolveImageUrl } from './core/tasks/presentation';
import { subArea } from './core/base/files';
import { setTranslator } from './core/base/l10n';
import { ImageCache } from './core/files/image-cache';
import { ResultImages } from './core/tasks/result-images';
import { PollerLease } from './core/tasks/lease';
import { LEGACY_KEY } from './core/tasks/migration';
import { MidjourneyService } from './core/tasks/service';
import { TaskStore } from './core/tasks/store';
import { Tracker } from './core/tasks/tracker';
import { ResultPanel } from './ui/results/panel';
import { config } from './platform/config';
import { createGatewayFetch } from './platform/network';
import { workspaceFsArea } from './platform/files';
import { OutputLog } from './platform/log';
import { ApiKeyStore } from './platform/secrets';
import { TaskTreeProvider } from './ui/tasks/tree';
import { GatewayTrust } from './ui/trust';
import { testProbe, type AitreTestProbe } from './probe';

/** What `activate` returns to an extension test run; in normal use it returns nothing (see probe.ts). */
export type AitreApi = AitreTestProbe;

let activeStore: TaskStore | undefined;
let activeLease: PollerLease | undefined;
let activeCache: ImageCache | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<AitreApi | undefined> {
  // Core sentences (errors, labels, quota) in the UI language: one bundle, keys are the English text.
  setTranslator((message, ...args) => vscode.l10n.t(message, ...args));
  const keys = new ApiKeyStore(context.secrets);
  const log = new OutputLog(() => [keys.known()]);
  context.subscriptions.push(keys, log);
  const trust = new GatewayTrust(keys, config.baseUrl, log);

  // Proxies (issue 16): VS Code's http.proxy / noProxy / proxyStrictSSL and HTTP(S)_PROXY / NO_PROXY.
  const network = createGatewayFetch(log);
  context.subscriptions.push(network);
  const gateway = new GatewayClient({
    baseUrl: config.baseUrl,
    apiKey: () => keys.get(),
    keyOrigin: () => keys.origin(),
    confirmOrigin: (origin) => trust.ask(origin),
    logger: log,
    fetch: network.fetch,
  });
  // Progress while MidJourney submits and uploads wait for the gateway (issue 16).
  const submitProgress = new SubmitProgress();
  const client = new MidjourneyClient(gateway, { mode: config.mode, botType: config.botType, inFlight: submitProgress.run });
  // One folder for every window of this profile (docs/task-store.md): tasks/ with the poller lease, images/.
  const storage = workspaceFsArea(context.globalStorageUri);
  const tasksArea = subArea(storage, 'tasks');
  const store = new TaskStore(tasksArea, { logger: log, maxHistory: config.historyLimit });
  // Activation waits for the running tasks only; the newest page of history follows (store.ready).
  await store.open({ read: () => context.globalState.get(LEGACY_KEY), clear: () => context.globalState.update(LEGACY_KEY, undefined) }, { background: true });
  activeStore = store;
  // Half a poll interval between heartbeats: a dead poller is replaced within two ticks.
  const lease = new PollerLease(tasksArea, { heartbeatMs: () => Math.min(2_500, Math.max(100, config.pollIntervalMs() / 2)), logger: log });
  activeLease = lease;
  const tracker = new Tracker(client, store, {
    intervalMs: config.pollIntervalMs,
    stallAfterMs: config.stallAfterMs,
    firstPollDelayMs: Math.min(1000, config.pollIntervalMs()),
    gateway: config.baseUrl,
    permit: lease,
    logger: log,
  });
  // globalState keeps which buttons this gateway refuses and which reference files were uploaded (by hash).
  const service = new MidjourneyService(client, store, tracker, config.mode, log, { memento: context.globalState });
  context.subscriptions.push({ dispose: () => { service.dispose(); tracker.dispose(); lease.dispose(); store.dispose(); } });
  const gatewayRoot = () => { const check = checkBaseUrl(config.baseUrl()); return check.ok ? check.url : undefined; };
  // Result images: downloaded by this host (once, by the polling window), shown from the cache.
  const imageCache = new ImageCache(storage, { maxBytes: config.imageCacheBytes, logger: log });
  activeCache = imageCache;
  const images = new ResultImages({
    cache: imageCache,
    fetchImage: (url) => gateway.fetchImage(url),
    imageUrl: (task) => resolveImageUrl(task.imageUrl, gatewayRoot()),
    logger: log,
  });
  context.subscriptions.push(images, images.follow(store, () => tracker.isPoller), { dispose: () => void imageCache.flush() });

  // The panel takes focus from the editor; "Insert at cursor" goes to the editor the user left.
  let lastTextEditor = vscode.window.activeTextEditor;
  context.subscriptions.push(vscode.window.onDidChangeActiveTextEditor((editor) => { if (editor) lastTextEditor = editor; }));
  const editors = { lastTextEditor: () => vscode.window.activeTextEditor ?? (lastTextEditor && !lastTextEditor.document.isClosed ? lastTextEditor : undefined) };

  const boundary = new CommandBoundary(log, { askForKey: () => promptAndStoreApiKey(keys, trust) });

  const tree = new TaskTreeProvider(store, config.groupByDay);
  const treeView = vscode.window.createTreeView(Views.tasks, { treeDataProvider: tree, showCollapseAll: true });
  const updateBadge = () => {
    let running = 0;
    for (const task of store.values()) if (isRunning(task)) running++;
    treeView.badge = running ? { value: running, tooltip: `${running} AITRE task(s) running` } : undefined;
  };
  context.subscriptions.push(tree, treeView, store.onDidChange(updateBadge));
  updateBadge();

  const reveal = async (taskId: string) => {
    const task = store.get(taskId);
    if (task) await treeView.reveal(task, { select: true, focus: false, expand: true });
  };
  // `panel` is created below; the UI callbacks only run after activation.
  const ui = { reveal, showResult: (id: string, preserveFocus?: boolean) => panel.show(id, { preserveFocus }) };
  const mjCommands = new MidjourneyCommands(service, boundary, ui, () => checkOptions());
  const inputCommands = new MidjourneyInputCommands(service, ui, editors);
  const taskCommands = new TaskCommands(service, (id) => panel.show(id), new ViewProgress(Views.tasks));
  const history = new HistoryCommands(service, tree, treeView, ui, gatewayRoot);
  const results = new ResultCommands({
    store, images, editors, gatewayRoot, outputFolder: config.outputFolder,
    splitGrid: (taskId, bytes, contentType) => panel.splitImage(taskId, bytes, contentType),
  });
  const panel: ResultPanel = new ResultPanel(context.extensionUri, store, {
    press: (taskId, customId) => boundary.run('button', () => mjCommands.press(taskId, customId)),
    usePrompt: (taskId, index, how) => boundary.run('use prompt', () => inputCommands.usePrompt(taskId, index, how)),
    // The mask editor shows a refusal itself (and keeps the painting): no toast for it.
    region: (taskId, customId, mask, prompt) => boundary.attempt('vary region', () => mjCommands.varyRegion(taskId, customId, mask, prompt), { show: false }),
    copySeed: async (taskId) => { await boundary.run('copy seed', () => inputCommands.copySeed(taskId)); },
    result: async (taskId, action, part) => { await boundary.run(`result ${action}`, () => results.run(taskId, action, part)); },
    localImages: (taskId) => results.localImages(taskId),
    copy: async (taskId, what) => { await boundary.run('copy', () => results.copy(taskId, what)); },
    rerun: (taskId) => boundary.run('re-run', async () => (await history.rerun(taskId))?.id),
    gatewayRoot,
  }, log, { results: images, root: context.globalStorageUri, folder: imageCache.folder });
  context.subscriptions.push(panel);
  context.subscriptions.push(mjCommands);

  context.subscriptions.push(
    boundary.register(Commands.setApiKey, () => promptAndStoreApiKey(keys, trust)),
    boundary.register(Commands.clearApiKey, () => clearApiKey(keys)),
    boundary.register(Commands.imagineFromSelection, (arg) => mjCommands.imagineFromSelection(arg)),
    boundary.register(Commands.openTaskById, (arg) => mjCommands.openTaskById(arg)),
    boundary.register(Commands.imagineWithReferences, (uri, uris) => inputCommands.imagineWithReferences(uri, uris)),
    boundary.register(Commands.blendImages, (uri, uris) => inputCommands.blend(uri, uris)),
    boundary.register(Commands.describeImage, (uri, arg) => inputCommands.describe(uri, arg)),
    boundary.register(Commands.shortenPrompt, (arg) => inputCommands.shorten(arg)),
    boundary.register(Commands.swapFace, (uri, uris) => inputCommands.swapFace(uri, uris)),
    boundary.register(Commands.copySeed, (arg) => inputCommands.copySeed(arg)),
    boundary.register(Commands.filterTasks, (arg) => history.filter(arg)),
    boundary.register(Commands.clearTaskFilter, () => history.clearFilter()),
    boundary.register(Commands.toggleGroupByDay, () => history.toggleGroupByDay()),
    boundary.register(Commands.rerunTask, (arg) => history.rerun(arg)),
    boundary.register(Commands.rerunWithEdits, (arg, prompt) => history.rerunWithEdits(arg, prompt)),
    boundary.register(Commands.exportHistory, (format, target) => history.export(format, target)),
    boundary.register(Commands.saveImage, (arg) => results.save(arg)),
    boundary.register(Commands.splitGrid, (arg) => results.splitGrid(arg)),
    boundary.register(Commands.insertImage, (arg, part) => results.insert(arg, typeof part === 'number' ? part : undefined)),
    boundary.register(Commands.copyDetails, (arg, what) => results.copy(arg, what === 'imageUrl' || what === 'prompt' || what === 'finalPrompt' || what === 'id' ? what : undefined)),
    boundary.register(Commands.openImageInBrowser, (arg) => results.openInBrowser(arg)),
    boundary.register(Commands.revealSavedImage, (arg) => results.reveal(arg)),
    boundary.register(Commands.usePrompt, (taskId, index, how) => (typeof taskId === 'string' && typeof index === 'number'
      ? inputCommands.usePrompt(taskId, index, how === 'insert' || how === 'copy' || how === 'replace' ? how : 'imagine') : undefined)),
    boundary.register(Commands.continueTask, (arg) => { const id = taskIdOf(arg); return id ? mjCommands.continueTask(id) : undefined; }),
    boundary.register(Commands.pressButton, (taskId, customId) => (typeof taskId === 'string' && typeof customId === 'string' ? mjCommands.press(taskId, customId) : undefined)),
    boundary.register(Commands.openResult, (arg) => taskCommands.openResult(arg)),
    boundary.register(Commands.copyTaskId, (arg) => taskCommands.copyTaskId(arg)),
    boundary.register(Commands.removeTask, (arg) => taskCommands.removeTask(arg)),
    boundary.register(Commands.refreshTasks, () => taskCommands.refresh()),
    boundary.register(Commands.loadOlderTasks, () => taskCommands.loadOlder()),
    boundary.register(Commands.clearFinished, () => taskCommands.clearFinished()),
    boundary.register(Commands.recheckTask, (arg) => taskCommands.recheck(arg)),
    boundary.register(Commands.stopTracking, (arg) => taskCommands.stopTracking(arg)),
    vscode.commands.registerCommand(Commands.showLog, () => log.channel.show(true)),
  );

  // A malformed gateway URL is reported once, when it is set, with the fix.
  context.subscriptions.push(vscode.workspace.onDidChangeConfiguration((event) => {
    if (config.affects(event, Settings.groupByDay)) tree.refresh();
    if (config.affects(event, Settings.baseUrl)) {
      const check = checkBaseUrl(config.baseUrl());
      if (!check.ok && config.baseUrl()) void vscode.window.showWarningMessage(check.message);
      else tracker.start();
    }
  }));

  // Tracker errors are logged by the tracker; a person sees one message until polling recovers.
  let warnedOffline = false;
  context.subscriptions.push({ dispose: tracker.onDidPoll((report) => {
    if (!report.error) {
      warnedOffline = false;
      return;
    }
    if (report.error.kind === 'untrusted-origin') {
      trust.notifyOnce(report.error); // polls send nothing meanwhile; one notification per origin
      return;
    }
    if (warnedOffline || report.error.kind === 'no-key') return;
    warnedOffline = true;
    if (report.error.isTransient) {
      void boundary.report('tracking', new GatewayError({
        kind: report.error.kind,
        detail: report.error.detail,
        message: `AITRE cannot check your running tasks right now (${transientReason(report.error)}). It keeps retrying on its own; no task is lost.`,
      }));
    } else {
      void boundary.report('tracking', report.error); // needs the user: key, settings...
    }
  }).dispose });

  // The tracker pauses while the key is missing or not confirmed for the gateway; a new key or a
  // confirmation resumes it.
  context.subscriptions.push(keys.onDidChange(() => tracker.start()));

  registerOpenAiFeatures(context, { gateway, boundary, editors, store, results, images, log, panel, reveal });
  registerPromptFeatures(context, { store, results, images, boundary, ui, gatewayRoot });
  // Quota in the status bar (issue 16): asked once the key is read below, after paid calls, on click.
  const quota = registerQuota(context, { gateway, keys, boundary, log });
  registerWalkthrough(context, store); // the steps' context keys, and AITRE: Get Started
  await keys.refresh();
  // The poller of all windows, or not: decided in the background; the tracker starts when it holds the lease.
  void lease.start();
  tracker.start(); // resume tracking whatever was running before the reload (once this window polls)
  log.info(`AITRE activated: ${store.size} task(s) in history (${store.loadedCount} read), ${tracker.activeTasks().length} to track${tracker.isPoller ? '' : ' by another window'}.`);
  if (context.extensionMode !== vscode.ExtensionMode.Test) return undefined;
  return testProbe(store, {
    promptsOf: (taskId) => service.promptsOf(taskId),
    shownTaskId: () => panel.shownTaskId,
    setKey: async (key) => keys.set(key, trust.currentOrigin()),
    clearKey: () => keys.clear(),
    shownMessages: () => boundary.shown,
    isPoller: () => tracker.isPoller,
    forgetLearnedButtons: async () => { await service.buttonSupport.reset(); },
    quotaState: () => quota.state,
    onQuotaChange: (listener) => quota.onDidChange(listener),
  });
}

function transientReason(error: GatewayError): string {
  switch (error.kind) {
    case 'server': return `the gateway answered HTTP ${error.status ?? '5xx'}`;
    case 'rate-limited': return 'the gateway is rate-limiting';
    case 'timeout': return 'the gateway does not answer';
    case 'bad-response': return 'the gateway sent an unreadable answer';
    default: return 'no connection to the gateway';
  }
}

/** Writes pending task changes and hands the poller lease on before the window closes or reloads. */
export async function deactivate(): Promise<void> {
  await activeStore?.flush();
  await activeLease?.release();
  await activeCache?.flush();
}
