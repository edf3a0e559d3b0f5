// What a MidJourney button is, from its customId alone, and what to do when the gateway cannot press it.
// new-api turns only the classic buttons (upsample*, variation, low/high_variation, pan_*, reroll, Outpaint,
// CustomZoom, Inpaint) into /mj/submit/action calls; every other button comes back `unknown_action` (docs §4.2,
// §3.10a). Some of those have an equivalent route: Animate → /mj/submit/video with the parent's taskId, index and
// motion; Extend → the same with action "extend"; PicReader / PromptAnalyzer N → imagine that prompt.

export type ButtonKind =
  // classic: new-api maps these to an action
  | 'upscale' // U1–U4 on a grid
  | 'upscale-hd' // upsample_v5/v6/v6r1/v7_2x_subtle|creative on an upscale
  | 'variation' | 'vary-subtle' | 'vary-strong' | 'vary-region'
  | 'zoom' | 'custom-zoom' | 'pan' | 'reroll'
  // non-classic: stock new-api answers unknown_action
  | 'animate' // animate_high / animate_low on an upscaled image
  | 'extend' // animate_high_extend / animate_low_extend on a video
  | 'video-upscale' // video_virtual_upscale::N on a video batch
  | 'describe-prompt' // MJ::Job::PicReader::N (and ::all)
  | 'shorten-prompt' // MJ::Job::PromptAnalyzer::N
  | 'describe-retry' // MJ::Picread::Retry
  | 'shorten-details' // MJ::PromptAnalyzer::Show::…  ("Show Details")
  | 'bookmark' // MJ::BOOKMARK::…
  | 'other'; // anything newer (remix / animate modals, …): tried once, then remembered

/** What a refused button can be sent as instead. */
export type ButtonRoute = 'action' | 'video' | 'video-extend' | 'imagine' | 'none';

export interface ButtonInfo {
  kind: ButtonKind;
  /** new-api runs it through /mj/submit/action. */
  classic: boolean;
  /** The route to use when the action route answers unknown_action ('none': no equivalent). */
  equivalent: Exclude<ButtonRoute, 'action'>;
  /** The number in the customId, 1-based (U2 → 2, PicReader::3 → 3, animate_high::1 → 1), when it has one. */
  number?: number;
  /** animate / extend: the motion the button asks for. */
  motion?: 'low' | 'high';
}

/** A short name for each kind, for messages ("This gateway cannot run Show Details"). */
export const BUTTON_KIND_NAMES: Record<ButtonKind, string> = {
  upscale: 'Upscale', 'upscale-hd': 'HD upscale', variation: 'Variation', 'vary-subtle': 'Vary (Subtle)', 'vary-strong': 'Vary (Strong)',
  'vary-region': 'Vary (Region)', zoom: 'Zoom Out', 'custom-zoom': 'Custom Zoom', pan: 'Pan', reroll: 'Reroll', animate: 'Animate',
  extend: 'Extend video', 'video-upscale': 'Video upscale', 'describe-prompt': 'Imagine from Describe', 'shorten-prompt': 'Imagine from Shorten',
  'describe-retry': 'Describe again', 'shorten-details': 'Show Details', bookmark: 'Bookmark', other: 'this button',
};

const numberAt = (parts: readonly string[], at: number): number | undefined => {
  const n = Number.parseInt(parts[at] ?? '', 10);
  return Number.isFinite(n) && n > 0 ? n : undefined;
};

/** Classifies any customId exactly as the gateway returned it (case of "JOB" / "Job" does not matter). */
export function classifyButton(customId: string): ButtonInfo {
  const parts = customId.split('::');
  const lower = customId.toLowerCase();
  const classic = (kind: ButtonKind, number?: number): ButtonInfo => ({ kind, classic: true, equivalent: 'none', ...(number !== undefined && { number }) });
  const other = (kind: ButtonKind, equivalent: ButtonInfo['equivalent'] = 'none', extra: Partial<ButtonInfo> = {}): ButtonInfo => ({ kind, classic: false, equivalent, ...extra });

  const prompt = /::(picreader|promptanalyzer)::(\d+)$/.exec(lower);
  if (prompt) return other(prompt[1] === 'picreader' ? 'describe-prompt' : 'shorten-prompt', 'imagine', { number: Number(prompt[2]) });
  if (lower.includes('::picreader::')) return other('describe-prompt'); // "Imagine all": no single prompt
  if (lower === 'mj::picread::retry') return other('describe-retry');
  if (lower.startsWith('mj::promptanalyzer::show')) return other('shorten-details');
  if (lower.startsWith('mj::bookmark')) return other('bookmark');

  // MJ::JOB::<name>::<n>::<hash>[::SOLO]  or  MJ::<Name>::…
  const name = (parts[1]?.toUpperCase() === 'JOB' ? parts[2] : parts[1]) ?? '';
  const n = parts[1]?.toUpperCase() === 'JOB' ? numberAt(parts, 3) : undefined;
  const animate = /^animate_(high|low)(_extend)?$/i.exec(name);
  if (animate) {
    const motion = animate[1]!.toLowerCase() as 'low' | 'high';
    return animate[2] ? other('extend', 'video-extend', { number: n ?? 1, motion }) : other('animate', 'video', { number: n ?? 1, motion });
  }
  if (/^video_virtual_upscale$/i.test(name)) return other('video-upscale', 'none', { number: n });
  if (/^upsample$/i.test(name)) return classic('upscale', n);
  if (/upsample/i.test(name)) return classic('upscale-hd', n);
  if (/^low_variation$/i.test(name)) return classic('vary-subtle', n);
  if (/^high_variation$/i.test(name)) return classic('vary-strong', n);
  if (/^variation$/i.test(name)) return classic('variation', n);
  if (/^pan_/i.test(name)) return classic('pan', n);
  if (/^reroll$/i.test(name)) return classic('reroll');
  if (/^outpaint$/i.test(name)) return classic('zoom');
  if (/^customzoom$/i.test(name)) return classic('custom-zoom');
  if (/^inpaint$/i.test(name)) return classic('vary-region');
  return other('other');
}
