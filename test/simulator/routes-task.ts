// Task queries, the image proxy route, and GET /v1/models.
import { createHash } from 'node:crypto';
import { asObject, type Handler, type SimCore } from './context';
import { imageInPhase, taskDto } from './dto';
import { mjError, submitAnswer } from './errors';
import { renderImage } from './images';
import { json } from './reply';
import { phaseAt } from './tasks';
import type { SimTask } from './types';

const dtoOf = (core: SimCore, task: SimTask) =>
  taskDto(task, { url: core.url, imageBase: core.imageBase, quirks: core.config.quirks, now: core.now(), unplayableVideo: core.config.unplayableVideo });

export const fetchTask: Handler = (core, { params }) => {
  const task = core.state.tasks[params.id ?? ''];
  // new-api's own spelling for this route.
  if (!task) return mjError(4, 'task_no_found');
  return json(200, dtoOf(core, task));
};

export const listByCondition: Handler = (core, { body }) => {
  const ids = asObject(body)?.ids;
  if (!Array.isArray(ids)) return json(200, []);
  const tasks = ids.map((id) => core.state.tasks[String(id)]).filter((task): task is SimTask => task !== undefined && !core.hiddenFromList.has(task.id));
  return json(200, tasks.map((task) => dtoOf(core, task)));
};

/** MJ seeds are 32-bit unsigned numbers; derive a stable one from the task id. */
export function seedOf(task: SimTask): string {
  return String(createHash('sha256').update(`seed:${task.id}`).digest().readUInt32BE(0));
}

export const imageSeed: Handler = (core, { params }) => {
  const task = core.state.tasks[params.id ?? ''];
  if (!task) return mjError(4, 'task_no_found');
  if (phaseAt(task, core.now()).status !== 'SUCCESS' || task.image.kind === 'none') {
    return mjError(4, 'task has no seed yet');
  }
  return submitAnswer({ code: 1, description: 'Success', result: seedOf(task) });
};

/** GET /mj/image/{id}: no auth, like new-api's image forwarder. */
export const image: Handler = (core, { params }) => {
  // Links that expired: what a CDN answers once the picture is gone.
  if (core.config.imagesGone) return { status: 404, headers: { 'content-type': 'text/plain' }, body: 'Not Found' };
  const task = core.state.tasks[params.id ?? ''];
  if (!task) return json(400, { error: 'midjourney_task_not_found' });
  const shown = imageInPhase(task, phaseAt(task, core.now()));
  const picture = shown ? renderImage(task.image, shown === 'preview') : null;
  // new-api fetches the upstream URL; with none yet that request fails.
  if (!picture) return json(500, { error: 'http_get_image_failed' });
  return {
    status: 200,
    headers: { 'content-type': picture.contentType, 'cache-control': shown === 'final' ? 'public, max-age=86400' : 'no-store' },
    body: picture.bytes,
  };
};

export const MODELS: ReadonlyArray<[id: string, owner: string]> = [
  ['gpt-4o-mini', 'openai'],
  ['gpt-4o-image', 'openai'],
  ['gpt-3.5-turbo-instruct', 'openai'],
  ['dall-e-3', 'openai'],
  ['gpt-image-1', 'openai'],
  ['flux-schnell', 'black-forest-labs'],
  ['tts-1', 'openai'],
  ['tts-1-hd', 'openai'],
  ['whisper-1', 'openai'],
  ['text-embedding-3-small', 'openai'],
  ['mj_imagine', 'midjourney'],
  ['mj_upscale', 'midjourney'],
  ['mj_variation', 'midjourney'],
  ['mj_describe', 'midjourney'],
  ['mj_blend', 'midjourney'],
  // Last, and only one: pickers list every model, and the e2e harness needs their last row on screen.
  ['gpt-4o-mini-tts', 'openai'],
];

export const models: Handler = () =>
  json(200, {
    object: 'list',
    data: MODELS.map(([id, owner]) => ({ id, object: 'model', created: 1626777600, owned_by: owner })),
    success: true, // new-api adds this field to the OpenAI list
  });
