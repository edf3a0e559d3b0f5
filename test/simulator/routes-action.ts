// POST /mj/submit/action (press a button of a finished task) and POST /mj/submit/modal (confirm a MODAL task).
import { describeButtons, gridButtons, parseCustomId, shortenButtons, upscaleButtons, type ParsedAction } from './buttons';
import type { RuntimeConfig } from './config';
import { asObject, text, type Handler } from './context';
import { parseImageDataUrl } from './data-url';
import { mjError, openAiError, submitAnswer } from './errors';
import { createVideoTask } from './routes-media';
import { acceptTask, bindFailed, FAIL_REASON, screenPrompt } from './submit';
import { confirmModal, createTask, phaseAt, type NewTask } from './tasks';
import { describeText, numberedPrompt, readScenario, shortenText, stripSimFlags } from './text';
import type { SimTask } from './types';

export const action: Handler = (core, { body }) => {
  const input = asObject(body);
  if (!input) return bindFailed();
  const customId = text(input.customId);
  if (!customId) return mjError(4, 'custom_id_is_required');
  // new-api maps the customId to an action while picking a channel, so a rejection has the OpenAI shape.
  const parsed = parseCustomId(customId);
  const refused = !parsed
    || (parsed.video ? core.config.quirks === 'new-api' : !parsed.stockNewApi && core.config.rejectJobButtons);
  if (refused) return openAiError(400, `Invalid request, unknown_action:${customId}`);
  const parent = core.state.tasks[text(input.taskId)];
  if (!parent) return mjError(4, 'task_not_found');
  if (phaseAt(parent, core.now()).status !== 'SUCCESS') return mjError(4, 'task_status_not_success');
  if (!parent.buttons.some((b) => b.customId === customId)) return mjError(4, 'unknown customId');

  if (parsed.video) {
    // The bare proxy runs video buttons itself: animate an image, extend a video, or upscale one video of a batch.
    const { kind, motion } = parsed.video;
    const child = createVideoTask(core, { prompt: parent.promptEn, motion, batch: 1, parent, index: parsed.index - 1, extend: kind === 'extend' });
    return acceptTask(core, child);
  }
  const remix = core.config.remix && parsed.remixable;
  const child = createTask(core.state, childOf(parent, parsed, remix, core.config), core.config.speed, core.now());
  if (parsed.outcome === 'describe') {
    child.promptEn = child.finalPrompt = describeText(`${parent.id}#${child.id}`, '1:1');
  }
  return acceptTask(core, child);
};

/** The task a button press creates. Zoom / pan / vary give a new grid; upscales give a single image. */
function childOf(parent: SimTask, parsed: ParsedAction, remix: boolean, config: RuntimeConfig): NewTask {
  const common = {
    action: parsed.action,
    botType: parent.botType,
    requestPrompt: '', // an action request carries no prompt
    promptEn: parent.promptEn,
    submitDescription: '',
    commandDescription: commandOf(parsed, parent.id),
    parentId: parent.id,
    index: parsed.index,
    modal: parsed.modal ?? (remix ? 'remix' : null),
  };
  switch (parsed.outcome) {
    case 'single': {
      // U{i} of a grid shows quadrant i; upscaling an upscale keeps its picture.
      const image = parent.image.kind === 'grid'
        ? { kind: 'single' as const, seed: parent.image.seed, index: parsed.index, ...(parent.image.aspect && { aspect: parent.image.aspect }) }
        : parent.image;
      return { ...common, image, buttons: (hash) => upscaleButtons(hash, { version: config.version, videoButtons: config.videoButtons }) };
    }
    case 'describe':
      return { ...common, promptEn: '', image: parent.image, buttons: describeButtons };
    case 'shorten':
      return { ...common, finalPrompt: shortenText(parent.promptEn, true), image: { kind: 'none' }, buttons: shortenButtons };
    case 'video': // handled by action() before a child is built
    case 'grid': {
      if (parsed.modal === 'prompt') {
        // Describe / shorten follow-up: imagine suggestion N (editable in the modal).
        const chosen = numberedPrompt(parent.finalPrompt, parsed.index) ?? parent.promptEn;
        return { ...common, promptEn: chosen, commandDescription: `/imagine ${chosen}`, buttons: gridButtons };
      }
      return { ...common, buttons: gridButtons };
    }
  }
}

function commandOf(parsed: ParsedAction, parentId: string): string {
  if (parsed.action === 'UPSCALE') return `/up ${parentId} U${parsed.index}`;
  if (parsed.action === 'VARIATION') return `/up ${parentId} V${parsed.index}`;
  if (parsed.action === 'REROLL') return `/up ${parentId} R`;
  return `/${parsed.action.toLowerCase()} ${parentId}`;
}

export const modal: Handler = (core, { body }) => {
  const input = asObject(body);
  if (!input) return bindFailed();
  const task = core.state.tasks[text(input.taskId)];
  if (!task) return mjError(4, 'task_not_found');
  if (!task.modal) return mjError(4, 'task status is not MODAL');

  const prompt = text(input.prompt).trim() || task.promptEn;
  const problem = modalProblem(task, prompt, input.maskBase64);
  if (problem) return mjError(4, problem);
  const scenario = readScenario(prompt);
  const promptEn = stripSimFlags(prompt);
  const early = screenPrompt(scenario, promptEn);
  if (early) return early;

  task.promptEn = task.finalPrompt = promptEn;
  if (task.modal === 'inpaint') task.maskBase64 = text(input.maskBase64);
  task.failReason = scenario.fail ? FAIL_REASON : null;
  task.stall = scenario.stall;
  confirmModal(task, core.config.speed, core.now());
  return submitAnswer({ code: 1, description: 'Submit success', result: task.id, properties: {} });
};

/** Why the modal input does not fit what the task waits for, or null. */
function modalProblem(task: SimTask, prompt: string, mask: unknown): string | null {
  if (task.modal === 'custom-zoom') {
    const zoom = /--zoom\s+([\d.]+)/.exec(prompt);
    const value = zoom?.[1] ? Number(zoom[1]) : NaN;
    if (!(value >= 1 && value <= 2)) return 'custom zoom needs --zoom between 1 and 2 in prompt';
  }
  if (task.modal === 'inpaint' && parseImageDataUrl(mask)?.mime !== 'image/png') {
    return 'maskBase64 is required (a PNG data-URL, white = repaint)';
  }
  return null;
}
