// The MidJourney service: what a command asks for, done against the gateway and recorded in the
// store, with the tracker told to watch. Commands and the panel only talk to this.
import { actionForCustomId, modalKind } from '../shared/buttons';
import { buttonText, type MjTask, type TaskRecord } from '../shared/task';
import { GatewayError } from './errors';
import type { ImagineInput, MidjourneyClient, SubmitOutcome } from './midjourney';
import type { TaskStore } from './store';
import type { Tracker } from './tracker';

export interface SubmitResult {
  task: TaskRecord;
  outcome: SubmitOutcome;
}

export class MidjourneyService {
  constructor(
    readonly client: MidjourneyClient,
    readonly store: TaskStore,
    readonly tracker: Tracker,
    private readonly currentMode: () => string | undefined,
  ) {}

  async imagine(input: ImagineInput): Promise<SubmitResult> {
    const mode = input.mode ?? this.currentMode();
    const outcome = await this.client.imagine({ ...input, mode });
    const task = this.record(outcome, { action: 'IMAGINE', prompt: input.prompt.trim() }, { mode });
    return { task, outcome };
  }

  /**
   * Presses one of a task's buttons. The customId must be one the task itself returned: the panel
   * is not trusted to invent ids.
   */
  async press(taskId: string, customId: string): Promise<SubmitResult> {
    const parent = this.store.get(taskId);
    if (!parent) throw new GatewayError({ kind: 'not-found', message: 'That task is no longer in the list.' });
    const button = parent.buttons.find((b) => b.customId === customId);
    if (!button) {
      throw new GatewayError({ kind: 'validation', message: 'That button does not belong to this task. Refresh the task and try again.', detail: `press: ${customId} not in ${taskId}` });
    }
    if (parent.status !== 'SUCCESS') {
      throw new GatewayError({ kind: 'validation', message: 'This task has not finished yet. Its buttons work once it succeeds.' });
    }
    const mode = parent.mode ?? this.currentMode();
    const outcome = await this.client.action({ customId, taskId, mode });
    const kind = modalKind(customId);
    const task = this.record(outcome, {
      action: actionForCustomId(customId),
      prompt: parent.prompt,
      // A modal child starts from the parent's final prompt (falling back to its prompt).
      finalPrompt: outcome.finalPrompt || (kind ? parent.finalPrompt || parent.prompt : ''),
    }, { parentId: parent.id, originLabel: buttonText(button), mode });
    return { task, outcome };
  }

  /** Answers a task waiting in MODAL (Custom Zoom, Vary (Region), remix). */
  async submitModal(taskId: string, prompt: string | undefined, maskBase64?: string): Promise<SubmitResult> {
    const task = this.store.get(taskId);
    if (!task) throw new GatewayError({ kind: 'not-found', message: 'That task is no longer in the list.' });
    const outcome = await this.client.modal({ taskId, prompt, maskBase64, mode: task.mode ?? this.currentMode() });
    // The same task continues (or, on some gateways, a new id is returned): track whichever it is.
    if (outcome.taskId === taskId) {
      const updated = this.store.patch(taskId, { modalSubmitted: true, prompt: prompt?.trim() || task.prompt, lastChangeAt: Date.now() }) ?? task;
      this.tracker.kick();
      return { task: updated, outcome };
    }
    this.store.patch(taskId, { modalSubmitted: true });
    const next = this.record(outcome, { action: task.action, prompt: prompt?.trim() || task.prompt }, { parentId: task.parentId ?? task.id, originLabel: task.originLabel, mode: task.mode });
    return { task: next, outcome };
  }

  /** Adds any task id to the list (and tracks it if it still runs). */
  async open(taskId: string): Promise<TaskRecord> {
    const task = await this.client.fetch(taskId);
    const record = this.store.upsert(task, { untracked: undefined, stalled: false });
    this.tracker.start();
    return record;
  }

  private record(outcome: SubmitOutcome, seed: Partial<MjTask>, local: Partial<TaskRecord>): TaskRecord {
    const existing = this.store.get(outcome.taskId);
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
      failReason: '',
      buttons: [],
      submitTime: now,
      startTime: null,
      finishTime: null,
      botType: '',
      properties: {},
    };
    const record = this.store.upsert(task, local);
    this.tracker.kick();
    return record;
  }
}
