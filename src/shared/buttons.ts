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

/** The translation function the host gives (the core's t()); English with {0} filled in when none is given. */
export type ButtonTranslator = (message: string, ...args: Array<string | number>) => string;
const english: ButtonTranslator = (message, ...args) => message.replace(/\{(\d+)\}/g, (whole, i: string) => (Number(i) < args.length ? String(args[Number(i)]) : whole));

/**
 * What a MidJourney button does, in a sentence for its tooltip, ending with what it costs: every one
 * starts a new paid job.
 */

export function buttonExplanation(customId: string, t: ButtonTranslator = english): string {
  const id = customId.toLowerCase();
  const n = /::(\d)(?:::|$)/.exec(customId)?.[1];
  // Whole sentences per case (a translation cannot be put together from English pieces).
  if (id.includes('::video_virtual_upscale')) return t('Upscale this video. Starts a new paid MidJourney job.');
  if (id.includes('::animate_high')) return t('Make a short video of this picture, with a lot of motion. Starts a new paid MidJourney job.');
  if (id.includes('::animate_')) return t('Make a short video of this picture, with little motion. Starts a new paid MidJourney job.');
  if (id.includes('::upsample::')) return n ? t('Upscale image {0} of the grid into a picture of its own. Starts a new paid MidJourney job.', n) : t('Upscale this picture into a picture of its own. Starts a new paid MidJourney job.');
  if (id.includes('::upsample_v') && id.includes('_2x_creative')) return t('Upscale this picture 2x, letting MidJourney add detail. Starts a new paid MidJourney job.');
  if (id.includes('::upsample_v') || id.includes('upsample')) return t('Upscale this picture 2x, keeping it as it is. Starts a new paid MidJourney job.');
  if (id.includes('low_variation')) return t('Four variations that stay close to this picture. Starts a new paid MidJourney job.');
  if (id.includes('high_variation')) return t('Four variations that change this picture more. Starts a new paid MidJourney job.');
  if (id.includes('::variation')) return n ? t('Four new variations of image {0} of the grid. Starts a new paid MidJourney job.', n) : t('Four new variations of this picture. Starts a new paid MidJourney job.');
  if (id.includes('::inpaint')) return t('Paint the area to change and describe it; the rest stays. Starts a new paid MidJourney job.');
  if (id.includes('::customzoom')) return t('Zoom out by a factor you choose (1 to 2), with a prompt you can edit. Starts a new paid MidJourney job.');
  const zoom = /::outpaint::(\d+)/.exec(id)?.[1];
  if (zoom === '50') return t('Zoom out 2x: MidJourney draws a wider view around the picture. Starts a new paid MidJourney job.');
  if (zoom === '75') return t('Zoom out 1.5x: MidJourney draws a wider view around the picture. Starts a new paid MidJourney job.');
  if (zoom) return t('Zoom out: MidJourney draws a wider view around the picture. Starts a new paid MidJourney job.');
  const pan = /::pan_(left|right|up|down)/.exec(id)?.[1];
  if (pan === 'up') return t('Extend the picture upwards. Starts a new paid MidJourney job.');
  if (pan === 'down') return t('Extend the picture downwards. Starts a new paid MidJourney job.');
  if (pan === 'left') return t('Extend the picture to the left. Starts a new paid MidJourney job.');
  if (pan === 'right') return t('Extend the picture to the right. Starts a new paid MidJourney job.');
  if (id.includes('::reroll') || id.includes('picread::retry')) return t('The same prompt again, for four new pictures. Starts a new paid MidJourney job.');
  if (id.includes('::picreader::') || id.includes('::promptanalyzer::')) return t('Imagine this prompt. Starts a new paid MidJourney job.');
  return t('Runs this MidJourney action. Starts a new paid MidJourney job.');
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
export function buttonViews(buttons: readonly TaskButton[], unavailable: (customId: string) => string | undefined = () => undefined, t: ButtonTranslator = english): ButtonView[] {
  const groups = new Set(buttons.map((b) => buttonGroup(b.customId)));
  const primaryGroup = BUTTON_GROUP_ORDER.find((g) => groups.has(g) && g !== 'other');
  return buttons.map((b) => {
    const reason = unavailable(b.customId);
    const group = buttonGroup(b.customId);
    return { customId: b.customId, text: buttonText(b), group, explanation: buttonExplanation(b.customId, t), primary: group === primaryGroup, ...(reason && { unavailable: reason }) };
  });
}
