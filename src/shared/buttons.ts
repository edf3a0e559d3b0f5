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

export interface ButtonView {
  customId: string;
  text: string;
  group: ButtonGroup;
  /** Set when this gateway is known to be unable to run the button: it is shown disabled, with this as the reason. */
  unavailable?: string;
}

/** `availability(customId)`: the sentence that says why the button cannot run here, or undefined when it can. */
export function buttonViews(buttons: readonly TaskButton[], unavailable: (customId: string) => string | undefined = () => undefined): ButtonView[] {
  return buttons.map((b) => {
    const reason = unavailable(b.customId);
    return { customId: b.customId, text: buttonText(b), group: buttonGroup(b.customId), ...(reason && { unavailable: reason }) };
  });
}
