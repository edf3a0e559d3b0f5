// MidJourney buttons grouped the way MidJourney lays them out. Unknown buttons land in "other"
// and still work: the customId is always sent exactly as the gateway returned it.
import { buttonText, type TaskButton } from './task';

export type ButtonGroup = 'upscale' | 'vary' | 'zoom' | 'pan' | 'reroll' | 'video' | 'prompt' | 'other';

export const BUTTON_GROUP_ORDER: readonly ButtonGroup[] = ['upscale', 'vary', 'zoom', 'pan', 'reroll', 'video', 'prompt', 'other'];

export const BUTTON_GROUP_TITLES: Record<ButtonGroup, string> = {
  upscale: 'Upscale',
  vary: 'Vary',
  zoom: 'Zoom',
  pan: 'Pan',
  reroll: 'Reroll',
  video: 'Video',
  prompt: 'Use prompt',
  other: 'Other',
};

export function buttonGroup(customId: string): ButtonGroup {
  const id = customId.toLowerCase();
  if (id.includes('::animate_') || id.includes('::video_virtual_upscale')) return 'video';
  if (id.includes('::upsample')) return 'upscale';
  if (id.includes('::variation') || id.includes('low_variation') || id.includes('high_variation') || id.includes('::inpaint')) return 'vary';
  if (id.includes('::outpaint') || id.includes('::customzoom')) return 'zoom';
  if (id.includes('::pan_')) return 'pan';
  if (id.includes('::reroll') || id.includes('picread::retry')) return 'reroll';
  if (id.includes('::picreader::') || id.includes('::promptanalyzer::')) return 'prompt';
  return 'other';
}

/** Buttons whose follow-up task waits for input (MODAL) before it starts. */
export function modalKind(customId: string): 'custom-zoom' | 'region' | undefined {
  const id = customId.toLowerCase();
  if (id.includes('::customzoom')) return 'custom-zoom';
  if (id.includes('::inpaint')) return 'region';
  return undefined;
}

/** The action new-api will record for a customId (for labelling the child before the first poll). */
export function actionForCustomId(customId: string): string {
  const id = customId.toLowerCase();
  if (id.includes('::animate_') || id.includes('::video_virtual_upscale')) return 'VIDEO';
  if (id.includes('::upsample')) return 'UPSCALE';
  if (id.includes('low_variation')) return 'LOW_VARIATION';
  if (id.includes('high_variation')) return 'HIGH_VARIATION';
  if (id.includes('::variation')) return 'VARIATION';
  if (id.includes('::pan_')) return 'PAN';
  if (id.includes('::reroll')) return 'REROLL';
  if (id.includes('::outpaint')) return 'ZOOM';
  if (id.includes('::customzoom')) return 'CUSTOM_ZOOM';
  if (id.includes('::inpaint')) return 'INPAINT';
  return 'IMAGINE';
}

/**
 * What a MidJourney button does, in a sentence for its tooltip, ending with what it costs: every one
 * starts a new paid job.
 */
export function buttonExplanation(customId: string): string {
  const id = customId.toLowerCase();
  const n = /::(\d)(?:::|$)/.exec(customId)?.[1];
  const which = n ? ` image ${n} of the grid` : ' this picture';
  const paid = ' Starts a new paid MidJourney job.';
  if (id.includes('::video_virtual_upscale')) return `Upscale this video.${paid}`;
  if (id.includes('::animate_high')) return `Make a short video of this picture, with a lot of motion.${paid}`;
  if (id.includes('::animate_')) return `Make a short video of this picture, with little motion.${paid}`;
  if (id.includes('::upsample::')) return `Upscale${which} into a picture of its own.${paid}`;
  if (id.includes('::upsample_v') && id.includes('_2x_creative')) return `Upscale this picture 2x, letting MidJourney add detail.${paid}`;
  if (id.includes('::upsample_v') || id.includes('upsample')) return `Upscale this picture 2x, keeping it as it is.${paid}`;
  if (id.includes('low_variation')) return `Four variations that stay close to this picture.${paid}`;
  if (id.includes('high_variation')) return `Four variations that change this picture more.${paid}`;
  if (id.includes('::variation')) return `Four new variations of${which}.${paid}`;
  if (id.includes('::inpaint')) return `Paint the area to change and describe it; the rest stays.${paid}`;
  if (id.includes('::customzoom')) return `Zoom out by a factor you choose (1 to 2), with a prompt you can edit.${paid}`;
  const zoom = /::outpaint::(\d+)/.exec(id)?.[1];
  if (zoom) return `Zoom out${zoom === '50' ? ' 2x' : zoom === '75' ? ' 1.5x' : ''}: MidJourney draws a wider view around the picture.${paid}`;
  const pan = /::pan_(left|right|up|down)/.exec(id)?.[1];
  if (pan) return `Extend the picture ${pan === 'up' || pan === 'down' ? pan + 'wards' : 'to the ' + pan}.${paid}`;
  if (id.includes('::reroll') || id.includes('picread::retry')) return `The same prompt again, for four new pictures.${paid}`;
  if (id.includes('::picreader::') || id.includes('::promptanalyzer::')) return `Imagine this prompt.${paid}`;
  return `Runs this MidJourney action.${paid}`;
}

export interface ButtonView {
  customId: string;
  text: string;
  group: ButtonGroup;
  /** What the button does and that it is a paid job (its tooltip). */
  explanation: string;
  /** The likely next step (the first group of the task's buttons: upscale on a grid). */
  primary: boolean;
  /** Set when this gateway is known to be unable to run the button: it is shown disabled, with this as the reason. */
  unavailable?: string;
}

/** `availability(customId)`: the sentence that says why the button cannot run here, or undefined when it can. */
export function buttonViews(buttons: readonly TaskButton[], unavailable: (customId: string) => string | undefined = () => undefined): ButtonView[] {
  const groups = new Set(buttons.map((b) => buttonGroup(b.customId)));
  const primaryGroup = BUTTON_GROUP_ORDER.find((g) => groups.has(g) && g !== 'other');
  return buttons.map((b) => {
    const reason = unavailable(b.customId);
    const group = buttonGroup(b.customId);
    return { customId: b.customId, text: buttonText(b), group, explanation: buttonExplanation(b.customId), primary: group === primaryGroup, ...(reason && { unavailable: reason }) };
  });
}
