// Task storage and lifecycle. There are no per-task timers: a task's phase is computed from its stored
// timestamps whenever it is read, so a simulator restarted with the same state continues in-flight tasks.
import { randomUUID } from 'node:crypto';
import { aspectOfPrompt } from './images';
import type { ImageSpec, ModalKind, SimButton, SimTask, SimulatorState, SpeedConfig } from './types';

export function createState(now: number): SimulatorState {
  // 16-digit ids like MJ's (e.g. 1733000000000000 + n), still below 2^53 so a JSON number stays exact.
  return { idBase: now * 1000, nextSeq: 1, tasks: {} };
}

export function nextTaskId(state: SimulatorState): string {
  let id: string;
  do id = String(state.idBase + state.nextSeq++);
  while (state.tasks[id]);
  return id;
}

export interface NewTask {
  action: string;
  botType?: string;
  requestPrompt: string;
  promptEn: string;
  finalPrompt?: string;
  submitDescription: string;
  commandDescription: string;
  state?: string;
  parentId?: string | null;
  index?: number;
  /** Defaults to a grid seeded with the new task's id. */
  image?: ImageSpec;
  buttons: (hash: string) => SimButton[];
  modal?: ModalKind | null;
  failReason?: string | null;
  stall?: boolean;
}

export function createTask(state: SimulatorState, init: NewTask, timing: SpeedConfig, now: number): SimTask {
  const id = nextTaskId(state);
  const hash = randomUUID();
  const modal = init.modal ?? null;
  const task: SimTask = {
    id,
    action: init.action,
    botType: init.botType ?? 'MID_JOURNEY',
    requestPrompt: init.requestPrompt,
    promptEn: init.promptEn,
    finalPrompt: init.finalPrompt ?? init.promptEn,
    submitDescription: init.submitDescription,
    commandDescription: init.commandDescription.replace('{id}', id),
    state: init.state ?? '',
    hash,
    parentId: init.parentId ?? null,
    index: init.index ?? 0,
    image: init.image ?? gridImage(id, init.promptEn),
    buttons: init.buttons(hash),
    submitTime: now,
    startedAt: modal ? null : now,
    skipSync: false,
    timing: { ...timing },
    modal,
    maskBase64: '',
    failReason: init.failReason ?? null,
    stall: init.stall ?? false,
    finishedAt: null,
  };
  state.tasks[id] = task;
  return task;
}

export type PhaseStatus = 'PENDING' | 'MODAL' | 'SUBMITTED' | 'IN_PROGRESS' | 'SUCCESS' | 'FAILURE';

/** A task as seen at one instant; PENDING = created but not yet synced by the gateway ("" / NOT_START). */
export interface Phase {
  status: PhaseStatus;
  /** 0..100 */
  percent: number;
  startTime: number;
  finishTime: number;
}

export const STALL_PERCENT = 46;

/** Progress of step k (0-based) of n: roughly 15/48/82 for three steps. */
function stepPercent(step: number, steps: number): number {
  return Math.min(99, Math.max(1, Math.round((100 * (step + 0.45)) / steps)));
}

export function phaseAt(task: SimTask, now: number): Phase {
  const { syncDelayMs, submittedMs, runMs, progressSteps } = task.timing;
  const pending = (status: PhaseStatus): Phase => ({ status, percent: 0, startTime: 0, finishTime: 0 });
  const final = (at: number, startTime: number): Phase => ({
    status: task.failReason === null ? 'SUCCESS' : 'FAILURE',
    percent: 100,
    startTime,
    finishTime: at,
  });

  if (task.finishedAt !== null && now >= task.finishedAt) {
    const started = task.startedAt ?? task.finishedAt;
    const startTime = Math.min(task.finishedAt, started + (task.skipSync ? 0 : syncDelayMs));
    return final(task.finishedAt, startTime);
  }
  if (task.modal || task.startedAt === null) {
    // The gateway only learns about the MODAL state at its first sync.
    return now - task.submitTime < syncDelayMs ? pending('PENDING') : pending('MODAL');
  }
  const elapsed = now - task.startedAt;
  const sync = task.skipSync ? 0 : syncDelayMs;
  const startTime = task.startedAt + sync;
  if (elapsed < sync) return pending('PENDING');
  if (elapsed < sync + submittedMs) return { status: 'SUBMITTED', percent: 0, startTime, finishTime: 0 };
  if (task.stall) return { status: 'IN_PROGRESS', percent: STALL_PERCENT, startTime, finishTime: 0 };
  const running = elapsed - sync - submittedMs;
  if (running < runMs) {
    const step = Math.min(progressSteps - 1, Math.floor((running / runMs) * progressSteps));
    return { status: 'IN_PROGRESS', percent: stepPercent(step, progressSteps), startTime, finishTime: 0 };
  }
  return final(task.startedAt + sync + submittedMs + runMs, startTime);
}

/** Jumps a task to its final state now; `fail` makes it a FAILURE with that reason. A finished task is left alone. */
export function finishTaskNow(task: SimTask, now: number, outcome: { fail?: string } = {}): void {
  const { status } = phaseAt(task, now);
  if (status === 'SUCCESS' || status === 'FAILURE') return;
  if (outcome.fail !== undefined) task.failReason = outcome.fail;
  task.modal = null;
  task.stall = false;
  task.startedAt ??= now;
  task.finishedAt = now;
}

/** Starts the lifecycle of a MODAL task once the modal has been confirmed. */
export function confirmModal(task: SimTask, timing: SpeedConfig, now: number): void {
  task.modal = null;
  task.startedAt = now;
  // The gateway's copy already exists, so there is no second "" phase.
  task.skipSync = true;
  task.timing = { ...timing };
}

/** A new grid, drawn with the prompt's --ar (MidJourney answers a 16:9 prompt with a 16:9 grid). */
function gridImage(seed: string, prompt: string): ImageSpec {
  const aspect = aspectOfPrompt(prompt);
  return aspect ? { kind: 'grid', seed, aspect } : { kind: 'grid', seed };
}
