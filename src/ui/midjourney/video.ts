// AITRE: Animate… — any finished MidJourney picture (a grid or one image) into a short video, from the
// tree, the result panel or the palette: asks the motion and, on a grid, which picture, then one submit.
import * as vscode from 'vscode';
import { refuse } from '../../core/gateway/errors';
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
    if (!isAnimatable(task)) refuse(task.action === 'VIDEO' ? 'This is already a video: use its Extend buttons to make it longer.' : 'Only a finished MidJourney image can be animated. Wait for it to finish, or pick another task.');
    const single = SINGLE_IMAGE_ACTIONS.includes(task.action);
    const index = single ? 0 : await this.pickImage();
    if (index === undefined) return undefined;
    const motion = await vscode.window.showQuickPick([
      { label: 'Low motion', description: 'a calm scene, a slowly moving camera', value: 'low' as const },
      { label: 'High motion', description: 'more movement of the subject and the camera', value: 'high' as const },
    ], { title: `AITRE: Animate${single ? '' : ` picture ${index + 1}`} (a new paid video task)`, placeHolder: 'How much should move?', ignoreFocusOut: true });
    if (!motion) return undefined;
    const result = await this.service.animate(task.id, index, motion.value);
    announce(result, `Animate (${motion.label})`);
    await this.ui.reveal(result.task.id);
    return result.task.id;
  }

  private async pickImage(): Promise<number | undefined> {
    const picked = await vscode.window.showQuickPick(
      [1, 2, 3, 4].map((n) => ({ label: `Picture ${n}`, description: ['top left', 'top right', 'bottom left', 'bottom right'][n - 1], value: n - 1 })),
      { title: 'AITRE: Animate — which picture of the grid?', ignoreFocusOut: true },
    );
    return picked?.value;
  }

  /** The task given (tree row, panel, id), else a pick among the finished pictures. */
  private async target(arg: unknown): Promise<TaskRecord | undefined> {
    const id = taskIdOf(arg);
    if (id) {
      const task = this.service.store.get(id);
      if (!task) refuse('That task is no longer in the list.');
      return task;
    }
    const candidates = this.service.store.all().filter(isAnimatable).slice(0, 50);
    if (candidates.length === 0) refuse('There is no finished MidJourney image to animate yet: imagine one first.');
    const picked = await vscode.window.showQuickPick(candidates.map((t) => ({ label: taskTitle(t), description: t.id, task: t })), { title: 'AITRE: Animate — which image?', matchOnDescription: true });
    return picked?.task;
  }
}

function announce(result: SubmitResult, what: string): void {
  const { outcome, task } = result;
  if (outcome.queuePosition !== undefined) void vscode.window.showInformationMessage(`${what} accepted and queued: ${outcome.queuePosition} task(s) ahead of it.`);
  else vscode.window.setStatusBarMessage(`AITRE: ${what} submitted (task ${task.id}).`, 5000);
}
