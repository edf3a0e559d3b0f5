// POST /mj/submit/{imagine,blend,describe,shorten} and /mj/insight-face/swap.
import { describeButtons, gridButtons, shortenButtons } from './buttons';
import { asObject, text, type Handler } from './context';
import { parseImageDataUrl } from './data-url';
import { mjError } from './errors';
import { pngSize } from './png';
import { acceptTask, bindFailed, FAIL_REASON, screenPrompt } from './submit';
import { createTask } from './tasks';
import { aspectRatio, describeText, readScenario, shortenText, stripSimFlags } from './text';
import type { ImageSpec } from './types';

const BOT_TYPES = new Set(['MID_JOURNEY', 'NIJI_JOURNEY']);
const botTypeOf = (value: unknown): string => (typeof value === 'string' && BOT_TYPES.has(value) ? value : 'MID_JOURNEY');

export const imagine: Handler = (core, { body }) => {
  const input = asObject(body);
  if (!input) return bindFailed();
  const prompt = text(input.prompt).trim();
  if (!prompt) return mjError(4, 'prompt_is_required');
  const references = input.base64Array ?? [];
  if (!Array.isArray(references) || references.some((item) => !parseImageDataUrl(item))) {
    return mjError(4, 'base64Array must hold image data-URLs (data:image/png;base64,...)');
  }
  const scenario = readScenario(prompt);
  const promptEn = stripSimFlags(prompt);
  const early = screenPrompt(scenario, promptEn);
  if (early) return early;
  const task = createTask(core.state, {
    action: 'IMAGINE',
    botType: botTypeOf(input.botType),
    requestPrompt: prompt,
    promptEn,
    submitDescription: '',
    commandDescription: `/imagine ${promptEn}`,
    state: text(input.state),
    buttons: gridButtons,
    failReason: scenario.fail ? FAIL_REASON : null,
    stall: scenario.stall,
  }, core.config.speed, core.now());
  // AITRE's docs print the imagine id as a bare number; emitting it that way here (and as a string on every
  // other route) makes sure clients normalise both.
  return acceptTask(core, task, { queued: scenario.queue, numericResult: true });
};

const DIMENSIONS = new Set(['PORTRAIT', 'SQUARE', 'LANDSCAPE']);

export const blend: Handler = (core, { body }) => {
  const input = asObject(body);
  if (!input) return bindFailed();
  const images = input.base64Array;
  if (!Array.isArray(images) || images.length < 2 || images.length > 5) {
    return mjError(4, 'base64Array must hold 2 to 5 images');
  }
  if (images.some((item) => !parseImageDataUrl(item))) {
    return mjError(4, 'base64Array items must be image data-URLs (data:image/png;base64,...)');
  }
  const dimensions = input.dimensions ?? 'SQUARE';
  if (typeof dimensions !== 'string' || !DIMENSIONS.has(dimensions)) {
    return mjError(4, 'dimensions must be PORTRAIT, SQUARE or LANDSCAPE');
  }
  const task = createTask(core.state, {
    action: 'BLEND',
    botType: botTypeOf(input.botType),
    requestPrompt: '',
    promptEn: '',
    submitDescription: '',
    commandDescription: `/blend {id} ${images.length}`,
    state: text(input.state),
    buttons: gridButtons,
  }, core.config.speed, core.now());
  return acceptTask(core, task);
};

export const describe: Handler = (core, { body }) => {
  const input = asObject(body);
  if (!input) return bindFailed();
  let image: ImageSpec;
  let aspect = '1:1';
  if (input.base64 !== undefined && input.base64 !== '') {
    const upload = parseImageDataUrl(input.base64);
    if (!upload) return mjError(4, 'base64 must be an image data-URL (data:image/png;base64,...)');
    image = { kind: 'upload', ...upload };
    const size = pngSize(Buffer.from(upload.base64, 'base64'));
    if (size && size.width > 0 && size.height > 0) aspect = aspectRatio(size.width, size.height);
  } else if (/^https?:\/\/\S+$/.test(text(input.link))) {
    image = { kind: 'stock' };
  } else {
    return mjError(4, 'base64 or link is required');
  }
  const key = image.kind === 'upload' ? image.base64 : text(input.link);
  const task = createTask(core.state, {
    action: 'DESCRIBE',
    botType: botTypeOf(input.botType),
    requestPrompt: '',
    promptEn: '',
    submitDescription: '',
    commandDescription: '/describe {id}',
    state: text(input.state),
    image,
    buttons: describeButtons,
  }, core.config.speed, core.now());
  // Keyed by picture and task, so a retry of the same picture reads differently.
  task.promptEn = task.finalPrompt = describeText(`${key}#${task.id}`, aspect);
  return acceptTask(core, task);
};

export const shorten: Handler = (core, { body }) => {
  const input = asObject(body);
  if (!input) return bindFailed();
  const prompt = text(input.prompt).trim();
  if (!prompt) return mjError(4, 'prompt_is_required');
  const scenario = readScenario(prompt);
  const promptEn = stripSimFlags(prompt);
  const early = screenPrompt(scenario, promptEn);
  if (early) return early;
  const task = createTask(core.state, {
    action: 'SHORTEN',
    botType: botTypeOf(input.botType),
    requestPrompt: prompt,
    promptEn,
    finalPrompt: shortenText(promptEn),
    submitDescription: '',
    commandDescription: `/shorten ${promptEn}`,
    state: text(input.state),
    image: { kind: 'none' },
    buttons: shortenButtons,
    failReason: scenario.fail ? FAIL_REASON : null,
    stall: scenario.stall,
  }, core.config.speed, core.now());
  return acceptTask(core, task, { queued: scenario.queue });
};

export const swapFace: Handler = (core, { body }) => {
  const input = asObject(body);
  if (!input) return bindFailed();
  if (!parseImageDataUrl(input.sourceBase64) || !parseImageDataUrl(input.targetBase64)) {
    return mjError(4, 'sour_base64_and_target_base64_is_required');
  }
  const task = createTask(core.state, {
    action: 'SWAP_FACE',
    botType: 'INSIGHT_FACE',
    requestPrompt: 'InsightFace',
    promptEn: 'InsightFace',
    submitDescription: '',
    commandDescription: '/swap_face {id}',
    state: text(input.state),
    buttons: () => [],
  }, core.config.speed, core.now());
  task.image = { kind: 'single', seed: task.id, index: 1 };
  return acceptTask(core, task);
};
