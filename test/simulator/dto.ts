// The task object GET /mj/task/{id}/fetch returns, shaped like new-api's MidjourneyDto (docs §3.9).
import { randomInt } from 'node:crypto';
import type { Quirks, SimButton, SimTask } from './types';
import { phaseAt, type Phase } from './tasks';

export interface TaskDto {
  id: string;
  action: string;
  customId: string;
  botType: string;
  prompt: string;
  promptEn: string;
  description: string;
  state: string;
  submitTime: number;
  startTime: number;
  finishTime: number;
  imageUrl: string;
  /** VIDEO tasks once SUCCESS: the first video; "" otherwise (new-api always prints the field). */
  videoUrl: string;
  videoUrls: Array<{ url: string }>;
  /** 'plus' quirks only: the proxy's poster field (new-api's DTO has none). */
  thumbnailUrl?: string;
  status: string;
  progress: string;
  failReason: string;
  buttons: SimButton[];
  maskBase64: string;
  properties: { finalPrompt: string; finalZhPrompt: string };
}

export interface DtoContext {
  url: string;
  /** Base of picture links (the gateway, or a separate picture host). */
  imageBase?: string;
  quirks: Quirks;
  now: number;
  /** Video links name the undecodable .mp4 instead of the WebM (option unplayableVideo). */
  unplayableVideo?: boolean;
}

/** Whether the task has a picture to show in this phase (preview while running, final on success). */
export function imageInPhase(task: SimTask, phase: Phase): 'preview' | 'final' | null {
  if (task.image.kind === 'none') return null;
  if (phase.status === 'SUCCESS') return 'final';
  // A describe shows the uploaded picture from the start of the run; grids show a preview.
  if (phase.status === 'IN_PROGRESS') return task.image.kind === 'upload' || task.image.kind === 'stock' ? 'final' : 'preview';
  return null;
}

function statusText(phase: Phase, quirks: Quirks): string {
  // new-api stores the task with status "" until its first sync with the upstream proxy.
  if (phase.status === 'PENDING') return quirks === 'new-api' ? '' : 'NOT_START';
  return phase.status;
}

function progressText(phase: Phase, quirks: Quirks): string {
  if (phase.status === 'FAILURE') return quirks === 'new-api' ? '100%' : ''; // new-api forces 100% on failure
  if (phase.status === 'PENDING' && quirks === 'plus') return '';
  return `${phase.percent}%`;
}

/** Where video n (1-based) of a VIDEO task is served: a WebM browsers play, or (unplayable) an MP4 they cannot. */
export const videoUrlOf = (url: string, id: string, n: number, unplayable = false): string => `${url}/mj/video/${id}-${n}.${unplayable ? 'mp4' : 'webm'}`;

function videoFields(task: SimTask, ctx: DtoContext, done: boolean, imageUrl: string): Pick<TaskDto, 'videoUrl' | 'videoUrls' | 'thumbnailUrl'> {
  const urls = done ? Array.from({ length: task.videos ?? 0 }, (_, i) => videoUrlOf(ctx.url, task.id, i + 1, ctx.unplayableVideo)) : [];
  return {
    videoUrl: urls[0] ?? '',
    videoUrls: urls.map((url) => ({ url })),
    ...(ctx.quirks === 'plus' && task.action === 'VIDEO' && { thumbnailUrl: imageUrl }),
  };
}

export function taskDto(task: SimTask, ctx: DtoContext): TaskDto {
  const phase = phaseAt(task, ctx.now);
  const done = phase.status === 'SUCCESS';
  const image = imageInPhase(task, phase);
  // new-api forwards images through /mj/image/{id}, adding ?rand=<ns> while the task is not SUCCESS.
  // (A real gateway sets this URL even when there is no picture yet; the simulator leaves it "" then.)
  const imageUrl = image === null ? '' : `${ctx.imageBase ?? ctx.url}/mj/image/${task.id}${done ? '' : `?rand=${ctx.now}${randomInt(100000, 999999)}`}`;
  // Describe / shorten text only exists once the job has run.
  const promptEn = task.action === 'DESCRIBE' && !done ? '' : task.promptEn;
  const finalPrompt = (task.action === 'DESCRIBE' || task.action === 'SHORTEN') && !done ? '' : task.finalPrompt;
  const newApi = ctx.quirks === 'new-api';
  const dto: TaskDto = {
    id: task.id,
    action: task.action,
    customId: '',
    // new-api's DTO has botType but never fills it; the proxy itself reports it.
    botType: newApi ? '' : task.botType,
    // new-api shows the prompt of the submit request ("" for actions and describe); the proxy shows what ran.
    prompt: newApi ? task.requestPrompt : task.requestPrompt || promptEn,
    promptEn,
    description: newApi ? task.submitDescription : task.commandDescription,
    state: task.state,
    submitTime: task.submitTime,
    startTime: phase.startTime,
    finishTime: phase.finishTime,
    imageUrl,
    ...videoFields(task, ctx, done, imageUrl),
    status: statusText(phase, ctx.quirks),
    progress: progressText(phase, ctx.quirks),
    failReason: phase.status === 'FAILURE' ? (task.failReason ?? '') : '',
    buttons: done ? task.buttons : [],
    maskBase64: '',
    properties: { finalPrompt, finalZhPrompt: '' },
  };
  return task.override ? { ...dto, ...task.override } as TaskDto : dto;
}
