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
import { TaskCommands } from './ui/tasks/commands';
import { Commands, Views } from './constants';
import { checkBaseUrl } from './core/gateway/config';
import { GatewayClient } from './core/gateway/client';
import { MidjourneyClient } from './core/midjourney/client';
import { resolveImageUrl } from './core/tasks/presentation';
import { subArea } from './core/base/files';
import { setLocale, setTranslator } from './core/base/l10n';
import { ImageCache } from './core/files/image-cache';
import { ResultImages } from './core/tasks/result-images';
import { ResultVideos } from './core/tasks/result-videos';
import { videoFileType, videoTypeOfExtension } from './core/files/videos';
import { VideoCommands } from './ui/midjourney/video';
import { ReferenceCommands } from './ui/midjourney/references';
import { EditCommands } from './ui/midjourney/edits';
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
import { showRunningCount } from './ui/tasks/badge';
import { reportTracking } from './ui/tasks/trackingNotices';
import { FailureNotices } from './ui/tasks/failures';
import { TaskTreeProvider } from './ui/tasks/tree';
import { SettingsFollower } from './ui/settingsChanges';
import { GatewayTrust } from './ui/trust';
import { testProbe, type AitreTestProbe } from './probe';

/** What `activate` returns to an extension test run; in normal use it returns nothing (see probe.ts). */
export type AitreApi = AitreTestProbe;

let activeStore: TaskStore | undefined;
let activeLease: PollerLease | undefined;
let activeCache: ImageCache | undefined;
let activeVideoCache: ImageCache | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<AitreApi | undefined> {
  // Core sentences (errors, labels, quota) in the UI language: one bundle, keys are the English text.
  setTranslator((message, ...args) => vscode.l10n.t(message, ...args));
  setLocale(vscode.env.language);
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
  // VIDEO tasks' videos: the same host download, into their own cache folder (same size limit).
  const videoCache = new ImageCache(storage, { maxBytes: config.imageCacheBytes, logger: log, dir: 'videos', fileType: videoFileType, typeOfExtension: videoTypeOfExtension });
  activeVideoCache = videoCache;
  const videos = new ResultVideos({
    cache: videoCache,
    fetch: (url) => gateway.fetchImage(url),
    videoUrl: (task) => resolveImageUrl(task.videoUrls[0] ?? '', gatewayRoot()),
    logger: log,
  });
  context.subscriptions.push(videos, videos.follow(store, () => tracker.isPoller), { dispose: () => void videoCache.flush() });

  // The panel takes focus from the editor; "Insert at cursor" goes to the editor the user left.
  let lastTextEditor = vscode.window.activeTextEditor;
  context.subscriptions.push(vscode.window.onDidChangeActiveTextEditor((editor) => { if (editor) lastTextEditor = editor; }));
  const editors = { lastTextEditor: () => vscode.window.activeTextEditor ?? (lastTextEditor && !lastTextEditor.document.isClosed ? lastTextEditor : undefined) };

  const boundary = new CommandBoundary(log, { askForKey: () => promptAndStoreApiKey(keys, trust) });

  const tree = new TaskTreeProvider(store, config.groupByDay, (task) => {
    const saved = task.saved?.find((f) => !f.part);
    if (saved) return vscode.Uri.parse(saved.uri);
    const cached = imageCache.peek(task.id);
    return cached ? vscode.Uri.joinPath(context.globalStorageUri, ...cached.path.split('/')) : undefined;
  });
  const treeView = vscode.window.createTreeView(Views.tasks, { treeDataProvider: tree, showCollapseAll: true });
  context.subscriptions.push(tree, treeView, showRunningCount(treeView, store));

  const revealWhenListed = async (taskId: string) => {
    // Wait until a shown view has the new row (it learns of the store's change a moment later); a
    // hidden one is opened by the reveal and reads the store afresh.
    if (treeView.visible) await tree.whenListed(taskId);
    if (!store.has(taskId)) return;
    // A reveal that cannot find the row (filtered out, removed meanwhile) is not the user's problem.
    await treeView.reveal(tree.nodeFor(taskId), { select: true, focus: false, expand: true }).then(undefined, (error: unknown) => log.debug(`reveal ${taskId}: ${String(error)}`));
  };
  // Commands go on (announce, ask for a modal's input) while the row is revealed.
  const reveal = (taskId: string): Promise<void> => { void revealWhenListed(taskId); return Promise.resolve(); };
  // `panel` is created below; the UI callbacks only run after activation.
  const ui = { reveal, showResult: (id: string, preserveFocus?: boolean) => panel.show(id, { preserveFocus }) };
  const mjCommands = new MidjourneyCommands(service, boundary, ui, () => checkOptions(), config.resultsOpenPanel);
  const inputCommands = new MidjourneyInputCommands(service, ui, editors);
  const videoCommands = new VideoCommands(service, ui);
  const referenceCommands = new ReferenceCommands(service, ui, editors);
  const editCommands = new EditCommands(service, ui, images, context.globalState, () => client.gatewayOrigin());
  const taskCommands = new TaskCommands(service, (id) => panel.show(id), new ViewProgress(Views.tasks));
  const history = new HistoryCommands(service, tree, treeView, ui, gatewayRoot);
  const results = new ResultCommands({
    store, images, videos, videoMarkdown: config.videoMarkdown, editors, gatewayRoot, outputFolder: config.outputFolder,
    splitGrid: (taskId, bytes, contentType) => panel.splitImage(taskId, bytes, contentType),
  });
  const panel: ResultPanel = new ResultPanel(context.extensionUri, store, {
    press: (taskId, customId) => boundary.run('button', () => mjCommands.press(taskId, customId)),
    usePrompt: (taskId, index, how) => boundary.run('use prompt', () => inputCommands.usePrompt(taskId, index, how)),
    // The mask editor shows a refusal itself (and keeps the painting): no toast for it.
    region: (taskId, customId, mask, prompt) => boundary.attempt('vary region', () => mjCommands.varyRegion(taskId, customId, mask, prompt), { show: false }),
    copySeed: async (taskId) => { await boundary.run('copy seed', () => inputCommands.copySeed(taskId)); },
    result: async (taskId, action, part) => { await boundary.run(`result ${action}`, () => results.run(taskId, action, part)); },
    animate: (taskId) => boundary.run('animate', () => videoCommands.animate(taskId)),
    edit: (taskId) => boundary.run('edit image', () => editCommands.run('edit', taskId)),
    availability: (task) => service.buttonAvailability(task),
    localImages: (taskId) => results.localImages(taskId),
    copy: async (taskId, what) => { await boundary.run('copy', () => results.copy(taskId, what)); },
    rerun: (taskId) => boundary.run('re-run', async () => (await history.rerun(taskId))?.id),
    rerunWithEdits: (taskId) => boundary.run('re-run with edits', async () => (await history.rerunWithEdits(taskId))?.id),
    gatewayRoot,
  }, log, { results: images, root: context.globalStorageUri, folder: imageCache.folder, videos });
  context.subscriptions.push(panel);
  context.subscriptions.push(mjCommands);
  context.subscriptions.push(new FailureNotices(store, {
    open: (id) => panel.show(id),
    rerun: (id) => boundary.run('re-run', async () => {
      const task = await history.rerun(id);
      if (task) panel.show(task.id, { preserveFocus: true });
    }),
    isPoller: () => tracker.isPoller,
  }));

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
    boundary.register(Commands.animate, (arg) => videoCommands.animate(arg)),
    boundary.register(Commands.videoFromImage, (arg) => videoCommands.videoFromImage(arg)),
    boundary.register(Commands.editImage, (arg) => editCommands.run('edit', arg)),
    boundary.register(Commands.retexture, (arg) => editCommands.run('retexture', arg)),
    boundary.register(Commands.useAsOmniReference, (arg) => referenceCommands.useAs('omni', arg)),
    boundary.register(Commands.useAsStyleReference, (arg) => referenceCommands.useAs('style', arg)),
    boundary.register(Commands.useAsCharacterReference, (arg) => referenceCommands.useAs('character', arg)),
    boundary.register(Commands.splitGrid, (arg) => results.splitGrid(arg)),
    boundary.register(Commands.insertImage, (arg, part) => results.insert(arg, part)),
    boundary.register(Commands.insertImageReplacingSelection, (arg, part) => results.insert(arg, part, true)),
    boundary.register(Commands.copyDetails, (arg, what) => results.copy(arg, what)),
    boundary.register(Commands.openImageInBrowser, (arg) => results.openInBrowser(arg)),
    boundary.register(Commands.revealSavedImage, (arg) => results.reveal(arg)),
    boundary.register(Commands.usePrompt, (taskId, index, how) => inputCommands.usePromptCommand(taskId, index, how)),
    boundary.register(Commands.continueTask, (arg) => mjCommands.continueCommand(arg)),
    boundary.register(Commands.pressButton, (taskId, customId) => mjCommands.pressCommand(taskId, customId)),
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

  const settings = new SettingsFollower(tree, tracker, boundary);
  context.subscriptions.push(settings, reportTracking(tracker, boundary, trust, settings.alreadySaid));

  // The tracker pauses while the key is missing or not confirmed for the gateway; a new key or a
  // confirmation resumes it.
  context.subscriptions.push(keys.onDidChange(() => tracker.start()));

  registerOpenAiFeatures(context, { gateway, boundary, editors, store, results, images, log, panel, reveal, onKeyChange: keys.onDidChange });
  registerPromptFeatures(context, {
    store, results, images, boundary, ui, gatewayRoot,
    uploads: () => service.recentReferences().map((u) => ({ url: u.url, label: vscode.l10n.t('Uploaded {0}', u.name) })),
  });
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

/** Writes pending task changes and hands the poller lease on before the window closes or reloads. */
export async function deactivate(): Promise<void> {
  await activeStore?.flush();
  await activeLease?.release();
  await activeCache?.flush();
  await activeVideoCache?.flush();
}
