// AITRE: Animate… — any finished MidJourney picture (a grid or one image) into a short video, from the
// tree, the result panel or the palette: asks the motion and, on a grid, which picture, then one submit.
// AITRE: Video from Image… — a workspace picture as the first frame (Explorer), with an optional end frame or a
// loop, the motion and the batch size in one summary pick whose defaults Enter accepts, and an optional prompt.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { GatewayError, refuse } from '../../core/gateway/errors';
import { IMAGE_EXTENSIONS, imageToDataUrl } from '../../core/files/images';
import type { VideoBatchSize, VideoMotion } from '../../core/midjourney/media';
import { taskTitle } from '../../core/tasks/presentation';
import type { MidjourneyService, SubmitResult } from '../../core/tasks/service';
import { isMidjourneyTask, type TaskRecord } from '../../shared/task';
import { taskIdOf } from '../tasks/commands';
import type { MidjourneyUi } from './commands';

const SINGLE_IMAGE_ACTIONS = ['UPSCALE', 'SWAP_FACE'];

/** A finished MidJourney picture that can be animated. */
export function isAnimatable(task: TaskRecord): boolean {
  return task.status === 'SUCCESS' && isMidjourneyTask(task) && task.action !== 'VIDEO'
    && !['DESCRIBE', 'SHORTEN'].includes(task.action) && Boolean(task.imageUrl || task.saved?.length);
}

export class VideoCommands {
  constructor(
    private readonly service: MidjourneyService,
    private readonly ui: MidjourneyUi,
  ) {}

  /** Returns the new VIDEO task's id (the panel follows it), or undefined when the user cancelled. */
  async animate(arg?: unknown): Promise<string | undefined> {
    const task = await this.target(arg);
    if (!task) return undefined;
    if (!isAnimatable(task)) refuse(task.action === 'VIDEO' ? vscode.l10n.t('This is already a video: use its Extend buttons to make it longer.') : vscode.l10n.t('Only a finished MidJourney image can be animated. Wait for it to finish, or pick another task.'));
    const single = SINGLE_IMAGE_ACTIONS.includes(task.action);
    const index = single ? 0 : await this.pickImage();
    if (index === undefined) return undefined;
    const motion = await vscode.window.showQuickPick([
      { label: vscode.l10n.t('Low motion'), description: vscode.l10n.t('a calm scene, a slowly moving camera'), value: 'low' as const },
      { label: vscode.l10n.t('High motion'), description: vscode.l10n.t('more movement of the subject and the camera'), value: 'high' as const },
    ], { title: single ? vscode.l10n.t('AITRE: Animate (a new paid video task)') : vscode.l10n.t('AITRE: Animate picture {0} (a new paid video task)', index + 1), placeHolder: vscode.l10n.t('How much should move?'), ignoreFocusOut: true });
    if (!motion) return undefined;
    const result = await this.service.animate(task.id, index, motion.value);
    announce(result, vscode.l10n.t('Animate ({0})', motion.label));
    await this.ui.reveal(result.task.id);
    return result.task.id;
  }

  /** Returns the new VIDEO task's id, or undefined when cancelled. */
  async videoFromImage(arg?: unknown): Promise<string | undefined> {
    const first = arg instanceof vscode.Uri ? arg : await pickImageFile(vscode.l10n.t('AITRE: Video from Image — the first frame'));
    if (!first) return undefined;
    const firstFrame = await readImage(first);
    const choice: { motion: VideoMotion; end: 'none' | 'loop' | vscode.Uri; batch: VideoBatchSize } = { motion: 'low', end: 'none', batch: 1 };
    const endText = () => (choice.end === 'none' ? vscode.l10n.t('no end frame') : choice.end === 'loop' ? vscode.l10n.t('loops') : vscode.l10n.t('ends on {0}', path.basename(choice.end.path)));
    for (;;) {
      const picked = await vscode.window.showQuickPick([
        { label: vscode.l10n.t('$(play) Make the Video'), description: `${motionText(choice.motion)} · ${endText()} · ${choice.batch > 1 ? vscode.l10n.t('{0} videos', choice.batch) : vscode.l10n.t('{0} video', choice.batch)}`, detail: vscode.l10n.t('A new paid MidJourney video task.'), key: 'go' as const },
        { label: vscode.l10n.t('Options'), kind: vscode.QuickPickItemKind.Separator, key: undefined },
        { label: vscode.l10n.t('Motion'), description: motionValue(choice.motion), key: 'motion' as const },
        { label: vscode.l10n.t('End'), description: endText(), key: 'end' as const },
        { label: vscode.l10n.t('Videos per job'), description: String(choice.batch), key: 'batch' as const },
      ], { title: vscode.l10n.t('AITRE: Video from {0}', path.basename(first.path)), placeHolder: vscode.l10n.t('Enter makes the video with these options; pick a row to change it'), ignoreFocusOut: true });
      if (!picked) return undefined;
      if (picked.key === 'go') break;
      if (picked.key === 'motion') {
        const m = await vscode.window.showQuickPick([
          { label: motionValue('low'), description: vscode.l10n.t('a calm scene, a slowly moving camera'), value: 'low' as const },
          { label: motionValue('high'), description: vscode.l10n.t('more movement of the subject and the camera'), value: 'high' as const },
        ], { title: vscode.l10n.t('AITRE: Motion') });
        if (m) choice.motion = m.value;
      } else if (picked.key === 'end') {
        const e = await vscode.window.showQuickPick([
          { label: vscode.l10n.t('No end frame'), value: 'none' as const },
          { label: vscode.l10n.t('Loop'), description: vscode.l10n.t('end on the first frame'), value: 'loop' as const },
          { label: vscode.l10n.t('Choose an end frame…'), description: vscode.l10n.t('a second picture the video moves towards'), value: 'pick' as const },
        ], { title: vscode.l10n.t('AITRE: How the video ends') });
        if (e?.value === 'pick') choice.end = (await pickImageFile(vscode.l10n.t('AITRE: Video from Image — the end frame'))) ?? choice.end;
        else if (e) choice.end = e.value;
      } else if (picked.key === 'batch') {
        const b = await vscode.window.showQuickPick(['1', '2', '4'].map((label) => ({ label })), { title: vscode.l10n.t('AITRE: Videos per job (each is billed)') });
        if (b) choice.batch = Number(b.label) as VideoBatchSize;
      }
    }
    const prompt = await vscode.window.showInputBox({
      title: vscode.l10n.t('AITRE: Video from {0} — prompt (optional)', path.basename(first.path)),
      prompt: vscode.l10n.t('What should happen in the video? Leave it empty to let MidJourney decide.'),
      placeHolder: vscode.l10n.t('the waves roll in, the camera slowly pans right'),
      ignoreFocusOut: true,
    });
    if (prompt === undefined) return undefined;
    const endImage = choice.end instanceof vscode.Uri ? await readImage(choice.end) : undefined;
    const result = await this.service.videoFromImage({
      image: firstFrame, motion: choice.motion, batchSize: choice.batch,
      ...(endImage && { endImage }), ...(choice.end === 'loop' && { loop: true }),
      ...(prompt.trim() && { prompt: prompt.replace(/\s+/g, ' ').trim() }),
    }, path.basename(first.path));
    announce(result, vscode.l10n.t('Video from Image'));
    await this.ui.reveal(result.task.id);
    this.ui.showResult(result.task.id, true);
    return result.task.id;
  }

  private async pickImage(): Promise<number | undefined> {
    const picked = await vscode.window.showQuickPick(
      [1, 2, 3, 4].map((n) => ({ label: vscode.l10n.t('Picture {0}', n), description: [vscode.l10n.t('top left'), vscode.l10n.t('top right'), vscode.l10n.t('bottom left'), vscode.l10n.t('bottom right')][n - 1], value: n - 1 })),
      { title: vscode.l10n.t('AITRE: Animate — which picture of the grid?'), ignoreFocusOut: true },
    );
    return picked?.value;
  }

  /** The task given (tree row, panel, id), else a pick among the finished pictures. */
  private async target(arg: unknown): Promise<TaskRecord | undefined> {
    const id = taskIdOf(arg);
    if (id) {
      const task = this.service.store.get(id);
      if (!task) refuse(vscode.l10n.t('That task is no longer in the list.'));
      return task;
    }
    const candidates = this.service.store.all().filter(isAnimatable).slice(0, 50);
    if (candidates.length === 0) refuse(vscode.l10n.t('There is no finished MidJourney image to animate yet: imagine one first.'));
    const picked = await vscode.window.showQuickPick(candidates.map((t) => ({ label: taskTitle(t), description: t.id, task: t })), { title: vscode.l10n.t('AITRE: Animate — which image?'), matchOnDescription: true });
    return picked?.task;
  }
}

async function pickImageFile(title: string): Promise<vscode.Uri | undefined> {
  return (await vscode.window.showOpenDialog({ title, canSelectMany: false, filters: { [vscode.l10n.t('Images')]: [...IMAGE_EXTENSIONS] }, openLabel: vscode.l10n.t('Use') }))?.[0];
}

/** A workspace picture as the data URL the video route takes. */
async function readImage(uri: vscode.Uri): Promise<string> {
  const name = path.basename(uri.path);
  let bytes: Uint8Array;
  try {
    bytes = await vscode.workspace.fs.readFile(uri);
  } catch {
    throw new GatewayError({ kind: 'validation', message: vscode.l10n.t('"{0}" cannot be read. Nothing was sent.', name) });
  }
  const check = imageToDataUrl({ name, bytes });
  if (!check.ok) refuse(vscode.l10n.t('{0} Nothing was sent.', check.message));
  return check.dataUrl;
}

function announce(result: SubmitResult, what: string): void {
  const { outcome, task } = result;
  if (outcome.queuePosition !== undefined) void vscode.window.showInformationMessage(vscode.l10n.t('{0} accepted and queued: {1} task(s) ahead of it.', what, outcome.queuePosition));
  else vscode.window.setStatusBarMessage(vscode.l10n.t('AITRE: {0} submitted (task {1}).', what, task.id), 5000);
}

/** "low" / "high" as shown (the value sent stays the English word). */
function motionValue(motion: VideoMotion): string {
  return motion === 'high' ? vscode.l10n.t('high') : vscode.l10n.t('low');
}

function motionText(motion: VideoMotion): string {
  return motion === 'high' ? vscode.l10n.t('high motion') : vscode.l10n.t('low motion');
}
