// The MidJourney service: what a command asks for, done against the gateway and recorded in the
// store, with the tracker told to watch. Commands and the panel only talk to this.
import { actionForCustomId, modalKind } from '../../shared/buttons';
import { buttonText, isWaitingForInput, splitNumberedPrompts, resultText, type MjTask, type TaskRecord, type TextSource } from '../../shared/task';
import { GatewayError } from '../gateway/errors';
import { Emitter, type Disposable } from '../base/events';
import { checkMaskDataUrl } from '../files/images';
import { silentLogger, type Logger } from '../base/log';
import type { BlendInput, DescribeInput, ImagineInput, MidjourneyClient, ShortenInput, SubmitOutcome, SwapFaceInput } from '../midjourney/client';
import { InFlight, intentKey } from './inflight';
import type { TaskStore } from './store';
import type { Tracker } from './tracker';
import { t } from '../base/l10n';
// Video, edits, uploads and buttons the gateway refuses (issue 14): kept in ./media, exposed below.
import { MemoryMemento, type MementoLike } from '../base/memento';
import type { ImageInput } from '../files/images';
import { classifyButton } from '../midjourney/buttons';
import type { CallOptions, EditInput, VideoInput } from '../midjourney/client';
import type { VideoMotion } from '../midjourney/media';
import { ButtonSupport } from '../midjourney/support';
import { ReferenceUploads, type ReferenceUpload } from '../midjourney/uploads';
import { MediaSubmits, type ButtonAvailability, type VideoOptions } from './media';

export interface SubmitResult {
  task: TaskRecord;
  outcome: SubmitOutcome;
  /** A press the gateway refuses as an action, sent through its equivalent route instead (see press()). */
  routed?: 'video' | 'video-extend' | 'imagine';
}

export interface MidjourneyServiceOptions {
  /** Where the per-gateway button memory and the uploaded references live (the host passes globalState). */
  memento?: MementoLike;
}

export class MidjourneyService {
  /**
   * Children created here that may turn MODAL only on a later poll (new-api answers code 1 where
   * the proxy said 21). The value is the prompt to answer with ("Imagine this" on a describe or
   * shorten result), or undefined when a person has to answer (remix): then onDidNeedInput fires.
   * The one place that reacts to a task turning MODAL.
   */
  private readonly awaitingModal = new Map<string, string | undefined>();
  private readonly inFlight = new InFlight();
  private readonly needsInput = new Emitter<string>();
  private readonly subscription: Disposable;
  /** A task created in this window waits for a person's input (a prompt, a zoom). */
  readonly onDidNeedInput = this.needsInput.event;
  /** Which non-classic buttons this gateway refuses (learnt once per kind, per gateway). */
  readonly buttonSupport: ButtonSupport;
  /** Reference images uploaded to the gateway, by content hash (issue 15 reads recent()). */
  readonly uploads: ReferenceUploads;
  readonly media: MediaSubmits;

  constructor(
    readonly client: MidjourneyClient,
    readonly store: TaskStore,
    readonly tracker: Tracker,
    private readonly currentMode: () => string | undefined,
    private readonly logger: Logger = silentLogger,
    options: MidjourneyServiceOptions = {},
  ) {
    const memento = options.memento ?? new MemoryMemento();
    this.buttonSupport = new ButtonSupport(memento, () => client.gatewayOrigin());
    this.uploads = new ReferenceUploads(memento);
    this.media = new MediaSubmits({
      client, store, currentMode, logger, support: this.buttonSupport, uploads: this.uploads,
      record: (outcome, seed, local) => this.record(outcome, seed, local),
    });
    this.subscription = store.onDidChange((change) => {
      for (const id of change.changed) {
        if (!this.awaitingModal.has(id)) continue;
        const task = store.get(id);
        if (task && isWaitingForInput(task)) {
          const prompt = this.awaitingModal.get(id);
          this.awaitingModal.delete(id);
          if (prompt === undefined) this.needsInput.fire(id);
          else this.answerModal(id, prompt);
        } else if (!task || (task.status !== '' && task.status !== 'MODAL')) {
          this.awaitingModal.delete(id); // it started (or went) without needing us
        }
      }
    });
  }

  dispose(): void {
    this.subscription.dispose();
    this.needsInput.dispose();
  }

  /**
   * True while AITRE itself answers this MODAL task (an automatic prompt waiting for the MODAL to
   * show, or any modal submit on its way): "Continue…" must not send a second one.
   */
  isAnsweringModal(taskId: string): boolean {
    return this.awaitingModal.get(taskId) !== undefined || this.inFlight.has(modalKey(taskId));
  }

  private answerModal(id: string, prompt: string): void {
    this.submitModal(id, prompt).catch((error: unknown) => {
      this.logger.error(`auto modal for ${id}: ${error instanceof GatewayError ? error.detail : String(error)}`);
      if (error instanceof GatewayError && error.kind === 'duplicate') return;
      this.store.patch(id, { localNote: t('The prompt could not be confirmed ({0}). Use "Continue…" to try again.', error instanceof Error ? error.message : 'error') });
    });
  }

  async blend(input: BlendInput, subject: string): Promise<SubmitResult> {
    const mode = input.mode ?? this.currentMode();
    const outcome = await this.client.blend({ ...input, mode });
    return { task: await this.record(outcome, { action: 'BLEND' }, { mode, subject }), outcome };
  }

  async describe(input: DescribeInput, subject: string): Promise<SubmitResult> {
    const mode = input.mode ?? this.currentMode();
    const outcome = await this.client.describe({ ...input, mode });
    return { task: await this.record(outcome, { action: 'DESCRIBE' }, { mode, subject }), outcome };
  }

  async shorten(input: ShortenInput, source?: TextSource): Promise<SubmitResult> {
    const mode = input.mode ?? this.currentMode();
    const outcome = await this.client.shorten({ ...input, mode });
    return { task: await this.record(outcome, { action: 'SHORTEN', prompt: input.prompt.trim() }, { mode, source }), outcome };
  }

  async swapFace(input: SwapFaceInput, subject: string): Promise<SubmitResult> {
    const mode = input.mode ?? this.currentMode();
    const outcome = await this.client.swapFace({ ...input, mode });
    return { task: await this.record(outcome, { action: 'SWAP_FACE' }, { mode, subject }), outcome };
  }

  /** The numbered prompts of a finished describe/shorten task. */
  promptsOf(taskId: string): string[] {
    const task = this.store.get(taskId);
    return task ? splitNumberedPrompts(resultText(task)) : [];
  }

  /**
   * "Imagine this" on prompt `index` (1-based) of a describe/shorten result: the task's own
   * PicReader / PromptAnalyzer button (action → MODAL → modal), or, when the gateway does not
   * support that button (new-api's `unknown_action`), a plain imagine of the same prompt.
   */
  async imaginePrompt(taskId: string, index: number, prompt?: string): Promise<SubmitResult> {
    const task = this.store.get(taskId);
    if (!task) throw new GatewayError({ kind: 'not-found', message: t('That task is no longer in the list.') });
    const text = (prompt ?? this.promptsOf(taskId)[index - 1] ?? '').trim();
    if (!text) throw new GatewayError({ kind: 'validation', message: t('There is no prompt {0} on this task.', index) });
    return this.inFlight.run(intentKey('prompt', taskId, index, text), t('Prompt {0}', index), async () => {
      const button = task.buttons.find((b) => new RegExp(`::(PicReader|PromptAnalyzer)::${index}$`, 'i').test(b.customId));
      if (button) {
        try {
          const result = await this.press(taskId, button.customId, { finalPrompt: text, prompt: text }, { modalPrompt: text });
          if (result.routed) return result; // already imagined directly: the gateway refuses this button
          if (result.outcome.needsModal) return await this.submitModal(result.task.id, text);
          return result;
        } catch (error) {
          if (!(error instanceof GatewayError && error.kind === 'unsupported-action')) throw error;
          this.logger.info(`The gateway does not support ${button.customId} (${error.detail}); imagining prompt ${index} directly instead.`);
        }
      }
      const mode = this.currentMode();
      const outcome = await this.client.imagine({ prompt: text, mode });
      return { task: await this.record(outcome, { action: 'IMAGINE', prompt: text }, { mode, parentId: taskId, originLabel: t('Prompt {0}', index) }), outcome };
    });
  }

  /**
   * Vary (Region): the Inpaint button, then the modal with the painted mask and the prompt, in one
   * step. After a refused modal (a banned word, say) the waiting child is answered again instead of
   * pressing the button a second time.
   */
  async varyRegion(taskId: string, customId: string, maskDataUrl: string, prompt: string): Promise<SubmitResult> {
    if (modalKind(customId) !== 'region') throw new GatewayError({ kind: 'validation', message: t('That button is not Vary (Region).') });
    const maskProblem = checkMaskDataUrl(maskDataUrl);
    if (maskProblem) throw new GatewayError({ kind: 'validation', message: t('{0} Paint the area to change, then submit again.', maskProblem) });
    if (!prompt.trim()) throw new GatewayError({ kind: 'validation', message: t('Describe what should appear in the painted area.') });
    return this.inFlight.run(intentKey('region', taskId, customId, prompt.trim()), t('This Vary (Region)'), async () => {
      const waiting = this.store.children(taskId).find((c) => c.originCustomId === customId && isWaitingForInput(c));
      if (waiting) {
        try {
          return await this.submitModal(waiting.id, prompt.trim(), maskDataUrl);
        } catch (error) {
          // The gateway forgot that window (it expires): open a new one, as a first try would.
          if (!(error instanceof GatewayError && (error.kind === 'not-found' || error.kind === 'validation'))) throw error;
          this.logger.info(`Vary (Region): the waiting task ${waiting.id} cannot be answered (${error.detail}); pressing the button again.`);
        }
      }
      const pressed = await this.press(taskId, customId, {}, { followModal: false });
      return this.submitModal(pressed.task.id, prompt.trim(), maskDataUrl);
    });
  }

  async imagine(input: ImagineInput): Promise<SubmitResult> {
    const mode = input.mode ?? this.currentMode();
    const outcome = await this.client.imagine({ ...input, mode });
    const task = await this.record(outcome, { action: 'IMAGINE', prompt: input.prompt.trim() }, { mode });
    return { task, outcome };
  }

  /**
   * Presses one of a task's buttons. The customId must be one the task itself returned: the panel
   * is not trusted to invent ids. The same press is refused while it is on its way.
   * `modalPrompt`: answer the child's MODAL with this prompt when it shows up on a poll;
   * `followModal: false`: the caller answers the modal itself.
   */
  async press(taskId: string, customId: string, seed: Partial<MjTask> = {}, follow: { modalPrompt?: string; followModal?: boolean } = {}): Promise<SubmitResult> {
    const parent = this.store.get(taskId);
    if (!parent) throw new GatewayError({ kind: 'not-found', message: t('That task is no longer in the list.') });
    const button = parent.buttons.find((b) => b.customId === customId);
    if (!button) {
      throw new GatewayError({ kind: 'validation', message: t('That button does not belong to this task. Refresh the task and try again.'), detail: `press: ${customId} not in ${taskId}` });
    }
    if (parent.status !== 'SUCCESS') {
      throw new GatewayError({ kind: 'validation', message: t('This task has not finished yet. Its buttons work once it succeeds.') });
    }
    return this.inFlight.run(intentKey('press', taskId, customId, seed.prompt), buttonText(button), async () => {
      const mode = parent.mode ?? this.currentMode();
      // Buttons new-api cannot turn into actions: tried once per kind and gateway, then sent to their equivalent.
      const info = classifyButton(customId);
      if (this.media.knownRefused(info)) return this.media.pressEquivalent(parent, button, info, seed.prompt);
      let outcome: SubmitOutcome;
      try {
        outcome = await this.client.action({ customId, taskId, mode });
      } catch (error) {
        if (info.classic || !(error instanceof GatewayError && error.kind === 'unsupported-action')) throw error;
        await this.media.learnRefusal(info, error);
        return this.media.pressEquivalent(parent, button, info, seed.prompt);
      }
      const kind = modalKind(customId);
      const task = await this.record(outcome, {
        action: actionForCustomId(customId),
        prompt: parent.prompt,
        // A modal child starts from the parent's final prompt (falling back to its prompt).
        finalPrompt: outcome.finalPrompt || (kind ? parent.finalPrompt || parent.prompt : ''),
        ...seed,
      }, { parentId: parent.id, originLabel: buttonText(button), originCustomId: customId, mode });
      if (!outcome.needsModal && follow.followModal !== false && !outcome.alreadyExists) this.awaitingModal.set(task.id, follow.modalPrompt);
      return { task, outcome };
    });
  }

  /**
   * Answers a task waiting in MODAL (Custom Zoom, Vary (Region), remix). One answer per task: a
   * second one while the first is on its way, or after it was accepted, is refused unsent.
   */
  async submitModal(taskId: string, prompt: string | undefined, maskBase64?: string): Promise<SubmitResult> {
    const task = this.store.get(taskId);
    if (!task) throw new GatewayError({ kind: 'not-found', message: t('That task is no longer in the list.') });
    if (task.modalSubmitted) {
      throw new GatewayError({ kind: 'duplicate', message: t('{0} was already confirmed; AITRE sends it once.', task.originLabel ?? t('This follow-up')), detail: `modal for ${taskId} already submitted` });
    }
    return this.inFlight.run(modalKey(taskId), task.originLabel ?? t('This follow-up'), async () => {
      this.awaitingModal.delete(taskId);
      const outcome = await this.client.modal({ taskId, prompt, maskBase64, mode: task.mode ?? this.currentMode() });
      // The same task continues (or, on some gateways, a new id is returned): track whichever it is.
      if (outcome.taskId === taskId) {
        const updated = this.store.patch(taskId, { modalSubmitted: true, prompt: prompt?.trim() || task.prompt, lastChangeAt: Date.now() }) ?? task;
        await this.saved(taskId);
        this.tracker.kick();
        return { task: updated, outcome };
      }
      this.store.patch(taskId, { modalSubmitted: true });
      const next = await this.record(outcome, { action: task.action, prompt: prompt?.trim() || task.prompt }, { parentId: task.parentId ?? task.id, originLabel: task.originLabel, mode: task.mode });
      return { task: next, outcome };
    });
  }

  // --- Video, edits, references (issue 14); the work is in ./media.ts. ---

  /** "Animate": picture `index` (0-based; 0–3 on a grid, 0 on an upscale) of a finished image task → VIDEO task. */
  animate(taskId: string, index: number, motion: VideoMotion, options?: VideoOptions): Promise<SubmitResult> {
    return this.media.animate(taskId, index, motion, options);
  }

  /** "Extend": video `index` (0-based) of a finished VIDEO task → a longer VIDEO task. */
  extendVideo(taskId: string, index: number, motion: VideoMotion, options?: VideoOptions): Promise<SubmitResult> {
    return this.media.extendVideo(taskId, index, motion, options);
  }

  /** "Video from Image…": first frame (data URL or link), optional last frame / loop, motion, batch size. */
  videoFromImage(input: VideoInput, subject: string): Promise<SubmitResult> {
    return this.media.videoFromImage(input, subject);
  }

  /** "Edit Image…" through /mj/submit/edits. */
  edit(input: EditInput, subject: string): Promise<SubmitResult> {
    return this.media.edit(input, subject);
  }

  /** Retexture; a gateway without the route throws a `route-missing` GatewayError. */
  retexture(input: EditInput, subject: string): Promise<SubmitResult> {
    return this.media.retexture(input, subject);
  }

  /** URLs for local images (--oref / --sref / --cref), each file uploaded to this gateway at most once. */
  upload(images: readonly ImageInput[], options?: CallOptions): Promise<string[]> {
    return this.media.upload(images, options);
  }

  /** Uploaded references on the current gateway, most recently used first. */
  recentReferences(limit?: number): ReferenceUpload[] {
    const origin = this.client.gatewayOrigin();
    return origin ? this.uploads.recent(origin, limit) : [];
  }

  /** For the panel: each button of the task, whether it can run on this gateway, and why not. */
  buttonAvailability(task: Pick<TaskRecord, 'buttons'>): ButtonAvailability[] {
    return this.media.availability(task);
  }

  /** Adds any task id to the list (and tracks it if it still runs). */
  async open(taskId: string): Promise<TaskRecord> {
    const task = await this.client.fetch(taskId);
    await this.store.load(task.id); // an older copy on disk keeps its place and its local notes
    this.store.upsert(task, { untracked: undefined, stalled: false });
    await this.saved(task.id);
    this.tracker.start();
    return this.store.get(task.id)!;
  }

  /**
   * A paid submit is on disk before the command that made it reports success: a crash or a
   * reload right after loses nothing. A failed write is logged (the store keeps retrying); the
   * task is still shown and tracked.
   */
  private async saved(id: string): Promise<void> {
    if (!(await this.store.saved(id))) this.logger.error(`Task ${id} could not be saved yet; AITRE keeps trying. Its id is in this log.`);
  }

  private async record(outcome: SubmitOutcome, seed: Partial<MjTask>, local: Partial<TaskRecord>): Promise<TaskRecord> {
    const existing = outcome.alreadyExists ? await this.store.load(outcome.taskId) : this.store.get(outcome.taskId);
    if (existing && outcome.alreadyExists) {
      this.tracker.start();
      return existing;
    }
    const now = Date.now();
    const task: MjTask = {
      id: outcome.taskId,
      action: seed.action ?? 'IMAGINE',
      // new-api shows "" until its first sync; a modal answer means the task waits for us.
      status: outcome.needsModal ? 'MODAL' : '',
      progress: 0,
      prompt: seed.prompt ?? '',
      promptEn: '',
      finalPrompt: seed.finalPrompt ?? '',
      description: outcome.description,
      imageUrl: '',
      videoUrls: [],
      failReason: '',
      buttons: [],
      submitTime: now,
      startTime: null,
      finishTime: null,
      botType: '',
      properties: {},
    };
    const record = this.store.upsert(task, local);
    await this.saved(task.id);
    this.tracker.kick();
    return this.store.get(task.id) ?? record;
  }
}

const modalKey = (taskId: string): string => intentKey('modal', taskId);
