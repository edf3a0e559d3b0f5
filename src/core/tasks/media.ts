// The MidJourney video, edit and reference-upload submits, and what a button becomes when the gateway cannot
// press it. MidjourneyService owns an instance and exposes these as its own methods; `record` is the service's
// one way to turn an accepted submit into a tracked task.
import { splitNumberedPrompts, resultText, buttonText, isMidjourneyTask, type MjTask, type TaskButton, type TaskRecord } from '../../shared/task';
import { GatewayError } from '../gateway/errors';
import { silentLogger, type Logger } from '../base/log';
import type { ImageInput } from '../files/images';
import { BUTTON_KIND_NAMES, classifyButton, type ButtonInfo, type ButtonKind, type ButtonRoute } from '../midjourney/buttons';
import type { CallOptions, EditInput, MidjourneyClient, SubmitOutcome, VideoInput } from '../midjourney/client';
import type { VideoBatchSize, VideoMotion, VideoType } from '../midjourney/media';
import type { ButtonSupport } from '../midjourney/support';
import type { ReferenceUploads } from '../midjourney/uploads';
import type { TaskStore } from './store';
import { t } from '../base/l10n';

/** What every submit returns: the recorded task and the gateway's answer. */
export interface MediaSubmitResult {
  task: TaskRecord;
  outcome: SubmitOutcome;
  /** Set when a button press went to its equivalent route because the gateway refuses the button as an action. */
  routed?: Exclude<ButtonRoute, 'action' | 'none'>;
}

/** Whether (and how) one of a task's buttons can be pressed on the current gateway. */
export interface ButtonAvailability {
  customId: string;
  kind: ButtonKind;
  /** False when the gateway is known to be unable to run it; `reason` says so in one sentence. */
  enabled: boolean;
  /** Where a press goes: the action route, or the equivalent route this gateway was found to need. */
  route: ButtonRoute;
  reason?: string;
}

export interface VideoOptions extends CallOptions {
  /** Default: the parent's prompt. */
  prompt?: string;
  batchSize?: VideoBatchSize;
  videoType?: VideoType;
}

/** Where the task came from, when a button made it (so the tree can say "Animate (High motion)"). */
interface Origin { label: string; customId: string }

/** The service's record(): resolves once the new task is on disk (docs/task-store.md). */
type Record_ = (outcome: SubmitOutcome, seed: Partial<MjTask>, local: Partial<TaskRecord>) => Promise<TaskRecord>;

export interface MediaDeps {
  client: MidjourneyClient;
  store: TaskStore;
  currentMode: () => string | undefined;
  record: Record_;
  support: ButtonSupport;
  uploads: ReferenceUploads;
  logger?: Logger;
}

/** Actions whose result is one picture; every other MidJourney picture task holds a 2x2 grid. */
const SINGLE_IMAGE_ACTIONS = ['UPSCALE', 'SWAP_FACE'];

const refuse = (message: string): never => {
  throw new GatewayError({ kind: 'validation', message });
};

export class MediaSubmits {
  private readonly logger: Logger;

  constructor(private readonly deps: MediaDeps) {
    this.logger = deps.logger ?? silentLogger;
  }

  /**
   * Animate picture `index` (0-based: 0–3 on a grid, 0 on a single image) of a finished MidJourney image task:
   * /mj/submit/video with its taskId, index and motion, and its prompt unless `options.prompt` says otherwise.
   */
  async animate(taskId: string, index: number, motion: VideoMotion, options: VideoOptions = {}, origin?: Origin): Promise<MediaSubmitResult> {
    const parent = this.finished(taskId);
    if (!isMidjourneyTask(parent)) refuse(t('This picture was not made by MidJourney: use "Video from Image…" with the saved file instead.'));
    if (parent.action === 'VIDEO') refuse(t('This is already a video. Use Extend to make it longer.'));
    if (!parent.imageUrl && !parent.saved?.length) refuse(t('This task has no picture to animate.'));
    const single = SINGLE_IMAGE_ACTIONS.includes(parent.action);
    if (!Number.isInteger(index) || index < 0 || index > (single ? 0 : 3)) refuse(single ? t('This task has one picture: animate picture 1.') : t('Choose picture 1 to 4 of the grid.'));
    const prompt = options.prompt ?? (parent.prompt || parent.promptEn);
    return this.submitVideo({ ...options, prompt, taskId, index, motion }, parent, origin ?? { label: t('Animate {0} ({1} motion)', index + 1, motion), customId: '' });
  }

  /** Extend video `index` (0-based) of a finished VIDEO task: /mj/submit/video with action "extend". */
  async extendVideo(taskId: string, index: number, motion: VideoMotion, options: VideoOptions = {}, origin?: Origin): Promise<MediaSubmitResult> {
    const parent = this.finished(taskId);
    if (parent.action !== 'VIDEO') refuse(t('Only a video can be extended.'));
    const videos = Math.max(1, parent.videoUrls.length);
    if (!Number.isInteger(index) || index < 0 || index >= videos) refuse(videos === 1 ? t('This task has one video: extend video 1.') : t('Choose video 1 to {0}.', videos));
    const prompt = options.prompt ?? (parent.prompt || parent.promptEn);
    return this.submitVideo({ ...options, prompt, action: 'extend', taskId, index, motion }, parent, origin ?? { label: t('Extend ({0} motion)', motion), customId: '' });
  }

  /** A video from an image (a data URL of a local file, or a link): first frame, optional last frame or loop. */
  async videoFromImage(input: VideoInput, subject: string): Promise<MediaSubmitResult> {
    const mode = input.mode ?? this.deps.currentMode();
    const outcome = await this.deps.client.video({ ...input, mode });
    return { task: await this.deps.record(outcome, { action: 'VIDEO', prompt: input.prompt?.trim() ?? '' }, { mode, subject }), outcome };
  }

  /** MidJourney Edit (task action EDIT): `image` changed as the prompt says. */
  async edit(input: EditInput, subject: string): Promise<MediaSubmitResult> {
    const mode = input.mode ?? this.deps.currentMode();
    const outcome = await this.deps.client.edits({ ...input, mode });
    return { task: await this.deps.record(outcome, { action: 'EDIT', prompt: input.prompt.trim() }, { mode, subject }), outcome };
  }

  /** Retexture (task action RETEXTURE); a gateway without it throws a `route-missing` GatewayError. */
  async retexture(input: EditInput, subject: string): Promise<MediaSubmitResult> {
    const mode = input.mode ?? this.deps.currentMode();
    const outcome = await this.deps.client.retexture({ ...input, mode });
    return { task: await this.deps.record(outcome, { action: 'RETEXTURE', prompt: input.prompt.trim() }, { mode, subject }), outcome };
  }

  /**
   * URLs for local images to use as --oref / --sref / --cref: each file (by content) is uploaded to this gateway
   * once; later uses, under any name, reuse the URL. One URL per image, in order.
   */
  async upload(images: readonly ImageInput[], options: CallOptions = {}): Promise<string[]> {
    const origin = this.deps.client.gatewayOrigin();
    if (!origin) throw new GatewayError({ kind: 'config', message: t('Set "aitre.baseUrl" to your gateway first.') });
    return this.deps.uploads.urlsFor(origin, images, (dataUrls) => this.deps.client.uploadImages(dataUrls, options));
  }

  /** Each of the task's buttons: can it run here, and where does a press go. */
  availability(task: Pick<TaskRecord, 'buttons'>): ButtonAvailability[] {
    return task.buttons.map((button) => {
      const info = classifyButton(button.customId);
      const base = { customId: button.customId, kind: info.kind };
      if (info.classic || !this.deps.support.isRefused(info.kind)) return { ...base, enabled: true, route: 'action' as const };
      if (info.equivalent !== 'none' && !this.deps.support.isUnrunnable(info.kind)) return { ...base, enabled: true, route: info.equivalent };
      return { ...base, enabled: false, route: 'none' as const, reason: cannotRun(buttonText(button), info) };
    });
  }

  /** Whether a press of this button should skip the action route (the gateway is known to refuse it). */
  knownRefused(info: ButtonInfo): boolean {
    return !info.classic && this.deps.support.isRefused(info.kind);
  }

  /** Remembers that the gateway answered unknown_action for this kind. */
  async learnRefusal(info: ButtonInfo, error: GatewayError): Promise<void> {
    this.logger.info(`The gateway refuses ${BUTTON_KIND_NAMES[info.kind]} buttons as actions (${error.detail}); ${info.equivalent === 'none' ? 'they are shown disabled from now on' : `sending them through the ${info.equivalent} route from now on`}.`);
    await this.deps.support.refuse(info.kind);
  }

  /**
   * A press of a button the gateway refuses as an action: its equivalent route, or a plain refusal.
   * `prompt` replaces the prompt an imagine equivalent would use (an edited "Imagine this").
   */
  async pressEquivalent(parent: TaskRecord, button: TaskButton, info: ButtonInfo, prompt?: string): Promise<MediaSubmitResult> {
    const label = buttonText(button);
    const origin = { label, customId: button.customId };
    const index = (info.number ?? 1) - 1;
    try {
      switch (info.equivalent) {
        case 'video':
          return { ...(await this.animate(parent.id, index, info.motion ?? 'low', {}, origin)), routed: 'video' };
        case 'video-extend':
          return { ...(await this.extendVideo(parent.id, index, info.motion ?? 'low', {}, origin)), routed: 'video-extend' };
        case 'imagine':
          return { ...(await this.imagineOption(parent, info.number ?? 1, origin, prompt)), routed: 'imagine' };
        case 'none':
          break;
      }
    } catch (error) {
      if (error instanceof GatewayError && error.kind === 'route-missing') {
        await this.deps.support.markUnrunnable(info.kind);
        throw new GatewayError({ kind: 'unsupported-action', status: error.status, detail: error.detail, message: cannotRun(label, info) });
      }
      throw error;
    }
    throw new GatewayError({ kind: 'unsupported-action', message: cannotRun(label, info), detail: `press: ${button.customId} is refused by this gateway` });
  }

  /** PicReader / PromptAnalyzer N without the button: imagine prompt N of the describe / shorten result. */
  private async imagineOption(parent: TaskRecord, n: number, origin: Origin, edited?: string): Promise<MediaSubmitResult> {
    const prompt = (edited?.trim() || splitNumberedPrompts(resultText(parent))[n - 1])?.trim();
    if (!prompt) refuse(t('There is no prompt {0} on this task.', n));
    const mode = this.deps.currentMode();
    const outcome = await this.deps.client.imagine({ prompt: prompt!, mode });
    return { task: await this.deps.record(outcome, { action: 'IMAGINE', prompt }, { mode, parentId: parent.id, originLabel: t('Prompt {0}', n), originCustomId: origin.customId }), outcome };
  }

  private async submitVideo(input: VideoInput, parent: TaskRecord, origin: Origin): Promise<MediaSubmitResult> {
    const mode = parent.mode ?? this.deps.currentMode();
    const outcome = await this.deps.client.video({ ...input, mode });
    const task = await this.deps.record(outcome, { action: 'VIDEO', prompt: input.prompt?.trim() ?? '' }, {
      mode, parentId: parent.id, originLabel: origin.label, ...(origin.customId && { originCustomId: origin.customId }),
    });
    return { task, outcome };
  }

  private finished(taskId: string): TaskRecord {
    const task = this.deps.store.get(taskId);
    if (!task) throw new GatewayError({ kind: 'not-found', message: t('That task is no longer in the list.') });
    if (task.status !== 'SUCCESS') refuse(t('This task has not finished yet. Try again once it succeeds.'));
    return task;
  }
}

/** "This gateway cannot run Show Details; …" — what a disabled button's tooltip and a refused press say. */
function cannotRun(label: string, info: ButtonInfo): string {
  const name = buttonKindName(info.kind);
  const what = label && label !== BUTTON_KIND_NAMES[info.kind] ? `"${label}" (${name})` : name;
  const hint = info.kind === 'video-upscale' ? t(' Animate the upscaled image again, or use the video as it is.')
    : info.kind === 'animate' || info.kind === 'extend' ? t(' It offers no MidJourney video route either.')
      : info.kind === 'describe-retry' ? t(' Run Describe on the image again instead.')
        : '';
  return t('This gateway cannot run {0}: it does not support that button.{1}', what, hint);
}

/** BUTTON_KIND_NAMES (English, for the log) in the UI language, for what a person reads. */
function buttonKindName(kind: ButtonKind): string {
  switch (kind) {
    case 'upscale': return t('Upscale');
    case 'upscale-hd': return t('HD upscale');
    case 'variation': return t('Variation');
    case 'vary-subtle': return t('Vary (Subtle)');
    case 'vary-strong': return t('Vary (Strong)');
    case 'vary-region': return t('Vary (Region)');
    case 'zoom': return t('Zoom Out');
    case 'custom-zoom': return t('Custom Zoom');
    case 'pan': return t('Pan');
    case 'reroll': return t('Reroll');
    case 'animate': return t('Animate');
    case 'extend': return t('Extend video');
    case 'video-upscale': return t('Video upscale');
    case 'describe-prompt': return t('Imagine from Describe');
    case 'shorten-prompt': return t('Imagine from Shorten');
    case 'describe-retry': return t('Describe again');
    case 'shorten-details': return t('Show Details');
    case 'bookmark': return t('Bookmark');
    case 'other': return t('this button');
  }
}
