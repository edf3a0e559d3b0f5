// AITRE: Select Model — which model each kind of OpenAI-format call uses. The gateway's list
// (GET /v1/models) is sorted by what each name can do, cached in memory and in globalState, and any
// name may be typed for models the list lacks. The choices live in the aitre.models.* settings.
import * as vscode from 'vscode';
import { uiLocale } from '../../core/base/l10n';
import { Commands, Settings } from '../../constants';
import { GatewayError } from '../../core/gateway/errors';
import { classifyModel, type ModelInfo, type OpenAiClient } from '../../core/openai/client';
import { config } from '../../platform/config';
import { argObject, argString } from './shared';

/** A model setting: one per capability, plus the chat model that draws (gpt-4o-image). */
export type ModelSlot = 'chat' | 'chatImage' | 'image' | 'speech' | 'transcription' | 'embeddings' | 'completions';

interface SlotInfo {
  slot: ModelSlot;
  label: string;
  setting: string;
  fallback: string;
  usedBy: string;
  fits(id: string): boolean;
}

const caps = (id: string) => classifyModel(id);

// Labels are getters: read in the UI language when shown, not when the module loads.
export const MODEL_SLOTS: readonly SlotInfo[] = [
  { slot: 'chat', get label() { return vscode.l10n.t('Chat'); }, setting: Settings.modelChat, fallback: 'gpt-4o-mini', get usedBy() { return vscode.l10n.t('Ask about Selection, Rewrite Selection'); }, fits: (id) => caps(id).has('chat') },
  { slot: 'image', get label() { return vscode.l10n.t('Image'); }, setting: Settings.modelImage, fallback: 'dall-e-3', get usedBy() { return vscode.l10n.t('Generate Image'); }, fits: (id) => caps(id).has('image') && !caps(id).has('chat') },
  { slot: 'chatImage', get label() { return vscode.l10n.t('Image through chat'); }, setting: Settings.modelChatImage, fallback: 'gpt-4o-image', get usedBy() { return vscode.l10n.t('Generate Image (Chat Model)'); }, fits: (id) => caps(id).has('image') && caps(id).has('chat') },
  { slot: 'speech', get label() { return vscode.l10n.t('Speech'); }, setting: Settings.modelSpeech, fallback: 'tts-1', get usedBy() { return vscode.l10n.t('Speak Selection'); }, fits: (id) => caps(id).has('speech') },
  { slot: 'transcription', get label() { return vscode.l10n.t('Transcription'); }, setting: Settings.modelTranscription, fallback: 'whisper-1', get usedBy() { return vscode.l10n.t('Transcribe Audio, Translate Audio to English'); }, fits: (id) => caps(id).has('transcription') },
  { slot: 'embeddings', get label() { return vscode.l10n.t('Embeddings'); }, setting: Settings.modelEmbeddings, fallback: 'text-embedding-3-small', get usedBy() { return vscode.l10n.t('Embed Selection, Compare Selections'); }, fits: (id) => caps(id).has('embeddings') },
  { slot: 'completions', get label() { return vscode.l10n.t('Completions'); }, setting: Settings.modelCompletions, fallback: 'gpt-3.5-turbo-instruct', get usedBy() { return vscode.l10n.t('Complete at Cursor'); }, fits: (id) => caps(id).has('completions') },
];

const slotInfo = (slot: ModelSlot): SlotInfo => MODEL_SLOTS.find((s) => s.slot === slot)!;

export function isModelSlot(value: unknown): value is ModelSlot {
  return typeof value === 'string' && MODEL_SLOTS.some((s) => s.slot === value);
}

const CACHE_KEY = 'aitre.openai.models';

interface CachedList {
  baseUrl: string;
  at: number;
  models: ModelInfo[];
}

interface ModelItem extends vscode.QuickPickItem {
  model?: string;
  refresh?: boolean;
}

export class ModelSettings implements vscode.Disposable {
  private memory: CachedList | undefined;
  private readonly statusItem: vscode.StatusBarItem;
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor(private readonly client: OpenAiClient, private readonly state: vscode.Memento, private readonly baseUrl: () => string) {
    this.statusItem = vscode.window.createStatusBarItem('aitre.chatModel', vscode.StatusBarAlignment.Right, 100);
    this.statusItem.name = vscode.l10n.t('AITRE Chat Model');
    this.subscriptions.push(this.statusItem, vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration(`${Settings.section}.models`)) this.updateStatus();
    }));
    // Shown once a key is set (showStatus): a model name before that means nothing to a newcomer.
    this.updateStatus();
  }

  /** The chat-model item is shown only while an API key is set. */
  showStatus(hasKey: boolean): void {
    if (hasKey) this.statusItem.show();
    else this.statusItem.hide();
  }

  dispose(): void {
    for (const d of this.subscriptions) d.dispose();
  }

  /** The model chosen for a slot (its setting), or the default. */
  get(slot: ModelSlot): string {
    const info = slotInfo(slot);
    return config.modelName(info.setting) || info.fallback;
  }

  /** Stores the choice where it takes effect: the workspace when the workspace already sets it, else the user settings. */
  async set(slot: ModelSlot, model: string): Promise<void> {
    await config.setModelName(slotInfo(slot).setting, model);
    this.updateStatus();
  }

  /** The gateway's model list: from memory, else globalState (same gateway), else GET /v1/models. */
  async list(refresh = false): Promise<ModelInfo[]> {
    const baseUrl = this.baseUrl();
    if (!refresh && this.memory?.baseUrl === baseUrl) return this.memory.models;
    const saved = this.state.get<CachedList>(CACHE_KEY);
    if (!refresh && saved?.baseUrl === baseUrl && Array.isArray(saved.models)) {
      this.memory = saved;
      return saved.models;
    }
    const models = await this.client.listModels();
    this.memory = { baseUrl, at: Date.now(), models };
    await this.state.update(CACHE_KEY, this.memory);
    return models;
  }

  /** When the list in use was fetched (for the picker's placeholder). */
  listedAt(): number | undefined {
    return this.memory?.at;
  }

  /**
   * AITRE: Select Model. Arguments skip the pickers: `{ capability: 'chat', model: 'gpt-4o' }` sets it,
   * `{ capability: 'chat' }` opens that capability's picker.
   */
  async select(arg?: unknown): Promise<string | undefined> {
    const args = argObject(arg);
    let slot = isModelSlot(args.capability) ? args.capability : isModelSlot(arg) ? arg : undefined;
    const given = argString(args, 'model')?.trim();
    if (slot && given) {
      await this.set(slot, given);
      return given;
    }
    if (!slot) {
      const picked = await vscode.window.showQuickPick(MODEL_SLOTS.map((s) => ({
        label: s.label, description: this.get(s.slot), detail: s.usedBy, slot: s.slot,
      })), { title: vscode.l10n.t('AITRE: Select Model'), placeHolder: vscode.l10n.t('Which kind of model?') });
      if (!picked) return undefined;
      slot = picked.slot;
    }
    const model = await this.pickModel(slot);
    if (!model) return undefined;
    await this.set(slot, model);
    vscode.window.setStatusBarMessage(vscode.l10n.t('AITRE: {0} model is now {1}.', slotInfo(slot).label.toLowerCase(), model), 4000);
    return model;
  }

  private async pickModel(slot: ModelSlot): Promise<string | undefined> {
    const info = slotInfo(slot);
    const current = this.get(slot);
    const pick = vscode.window.createQuickPick<ModelItem>();
    pick.title = vscode.l10n.t('AITRE: {0} model', info.label);
    pick.placeholder = vscode.l10n.t('Loading the gateway\'s model list…');
    pick.matchOnDescription = true;
    pick.ignoreFocusOut = true;
    let models: ModelInfo[] = [];
    let listProblem = '';
    const render = () => {
      const fitting = models.filter((m) => info.fits(m.id));
      const others = models.filter((m) => !info.fits(m.id));
      const typed = pick.value.trim();
      const item = (m: ModelInfo): ModelItem => ({ label: m.id, description: [m.id === current ? vscode.l10n.t('current') : '', m.ownedBy].filter(Boolean).join(' · '), model: m.id });
      const items: ModelItem[] = [];
      if (typed && !models.some((m) => m.id === typed)) items.push({ label: typed, description: vscode.l10n.t('use this name'), model: typed, alwaysShow: true });
      if (!models.some((m) => m.id === current)) items.push({ label: current, description: vscode.l10n.t('current (not in the gateway\'s list)'), model: current });
      items.push(...fitting.map(item));
      if (others.length) items.push({ label: vscode.l10n.t('Other models on this gateway'), kind: vscode.QuickPickItemKind.Separator }, ...others.map(item));
      items.push({ label: '', kind: vscode.QuickPickItemKind.Separator }, { label: vscode.l10n.t('$(refresh) Refresh model list'), refresh: true, alwaysShow: true });
      pick.items = items;
      const active = typed ? items[0] : items.find((i) => i.model === current);
      if (active) pick.activeItems = [active];
      const when = this.listedAt();
      pick.placeholder = listProblem
        ? vscode.l10n.t('The model list is unavailable ({0}). Type a model name.', listProblem)
        : vscode.l10n.t('Pick or type a model for {0}{1}', info.usedBy, when ? vscode.l10n.t(' · list from {0}', new Date(when).toLocaleTimeString(uiLocale())) : '');
    };
    const load = async (refresh: boolean) => {
      pick.busy = true;
      try {
        models = await this.list(refresh);
        listProblem = '';
      } catch (error) {
        // Without a key, or with a wrong key or gateway URL, the boundary says what to fix.
        if (!(error instanceof GatewayError) || ['no-key', 'auth', 'config'].includes(error.kind)) throw error;
        listProblem = error.message.replace(/[.]$/, '');
      } finally {
        pick.busy = false;
      }
      render();
    };
    return new Promise<string | undefined>((resolve, reject) => {
      let settled = false;
      const finish = (value: string | undefined, error?: unknown) => {
        if (settled) return;
        settled = true;
        pick.dispose();
        if (error) reject(error);
        else resolve(value);
      };
      pick.onDidChangeValue(render);
      pick.onDidHide(() => finish(undefined));
      pick.onDidAccept(() => {
        const chosen = pick.selectedItems[0] ?? pick.activeItems[0];
        if (chosen?.refresh) {
          void load(true).catch((error) => finish(undefined, error));
          return;
        }
        const model = chosen?.model ?? pick.value.trim();
        if (model) finish(model);
      });
      render();
      pick.show();
      void load(false).catch((error) => finish(undefined, error));
    });
  }

  private updateStatus(): void {
    const model = this.get('chat');
    this.statusItem.text = vscode.l10n.t('$(comment-discussion) {0}', model);
    this.statusItem.tooltip = vscode.l10n.t('AITRE chat model: {0} (click to change)', model);
    this.statusItem.command = { title: vscode.l10n.t('Select Model'), command: Commands.selectModel, arguments: [{ capability: 'chat' }] };
  }
}
