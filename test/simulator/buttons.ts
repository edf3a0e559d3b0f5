// Button sets as midjourney-proxy-plus returns them (docs §4.3) and the customId → action mapping new-api
// applies before forwarding an action (CoverPlusActionToNormalAction, docs §4.2).
import type { MjVersion, ModalKind, SimButton } from './types';

const button = (customId: string, label: string, emoji = ''): SimButton => ({ customId, emoji, label, style: 2, type: 2 });

export const KEYCAPS = ['1️⃣', '2️⃣', '3️⃣', '4️⃣', '5️⃣'] as const;

/** IMAGINE / VARIATION / REROLL / BLEND / ZOOM / PAN ... results: U1–U4, 🔄, V1–V4. */
export function gridButtons(hash: string): SimButton[] {
  return [
    ...[1, 2, 3, 4].map((i) => button(`MJ::JOB::upsample::${i}::${hash}`, `U${i}`)),
    button(`MJ::JOB::reroll::0::${hash}::SOLO`, '', '🔄'),
    ...[1, 2, 3, 4].map((i) => button(`MJ::JOB::variation::${i}::${hash}`, `V${i}`)),
  ];
}

export interface UpscaleOptions {
  /** Default 'v6'. */
  version?: MjVersion;
  /** Animate (High / Low motion) buttons, as video-enabled upstreams add them. */
  videoButtons?: boolean;
}

/** An upscaled single image: v6 (default) and v7 carry HD upscales, Vary, Zoom and Pan; v8 only Vary. */
export function upscaleButtons(hash: string, options: UpscaleOptions = {}): SimButton[] {
  const version = options.version ?? 'v6';
  const hd = version === 'v7' ? 'v7' : 'v6';
  return [
    ...(version === 'v8' ? [] : [
      button(`MJ::JOB::upsample_${hd}_2x_subtle::1::${hash}::SOLO`, 'Upscale (Subtle)', 'upscale_1'),
      button(`MJ::JOB::upsample_${hd}_2x_creative::1::${hash}::SOLO`, 'Upscale (Creative)', 'upscale_1'),
    ]),
    button(`MJ::JOB::low_variation::1::${hash}::SOLO`, 'Vary (Subtle)', '🪄'),
    button(`MJ::JOB::high_variation::1::${hash}::SOLO`, 'Vary (Strong)', '🪄'),
    button(`MJ::Inpaint::1::${hash}::SOLO`, 'Vary (Region)', '🖌️'),
    ...(version === 'v8' ? [] : [
      button(`MJ::Outpaint::50::1::${hash}::SOLO`, 'Zoom Out 2x', '🔍'),
      button(`MJ::Outpaint::75::1::${hash}::SOLO`, 'Zoom Out 1.5x', '🔍'),
      button(`MJ::CustomZoom::${hash}`, 'Custom Zoom', '🔍'),
      button(`MJ::JOB::pan_left::1::${hash}::SOLO`, '', '⬅️'),
      button(`MJ::JOB::pan_right::1::${hash}::SOLO`, '', '➡️'),
      button(`MJ::JOB::pan_up::1::${hash}::SOLO`, '', '⬆️'),
      button(`MJ::JOB::pan_down::1::${hash}::SOLO`, '', '⬇️'),
    ]),
    ...(options.videoButtons ? [
      button(`MJ::JOB::animate_high::1::${hash}::SOLO`, 'Animate (High motion)', '🎞️'),
      button(`MJ::JOB::animate_low::1::${hash}::SOLO`, 'Animate (Low motion)', '🎞️'),
    ] : []),
  ];
}

/** A finished VIDEO task: one video can be extended; a batch of several offers a video upscale of each (U1…). */
export function videoButtons(videos: number): (hash: string) => SimButton[] {
  return (hash) => (videos > 1
    ? Array.from({ length: videos }, (_, i) => button(`MJ::JOB::video_virtual_upscale::${i + 1}::${hash}`, `U${i + 1}`))
    : [
      button(`MJ::JOB::animate_high_extend::1::${hash}`, 'Extend (High motion)', '🎞️'),
      button(`MJ::JOB::animate_low_extend::1::${hash}`, 'Extend (Low motion)', '🎞️'),
    ]);
}

export function describeButtons(): SimButton[] {
  return [
    ...[1, 2, 3, 4].map((i) => button(`MJ::Job::PicReader::${i}`, '', KEYCAPS[i - 1])),
    button('MJ::Picread::Retry', '', '🔄'),
  ];
}

/** Spelled `MJ::JOB::PromptAnalyzer::N` as in AITRE's Action example. */
export function shortenButtons(hash: string): SimButton[] {
  return [
    ...[1, 2, 3, 4, 5].map((i) => button(`MJ::JOB::PromptAnalyzer::${i}`, '', KEYCAPS[i - 1])),
    button(`MJ::PromptAnalyzer::Show::${hash}`, 'Show Details'),
  ];
}

/** What an action produces. */
export type Outcome = 'grid' | 'single' | 'describe' | 'shorten' | 'video';

export interface ParsedAction {
  /** The task `action` new-api records (UPSCALE, VARIATION, ...). */
  action: string;
  /** Quadrant (U/V) or option (PicReader/PromptAnalyzer) number; 1 when the id carries none. */
  index: number;
  outcome: Outcome;
  /** MODAL regardless of remix. */
  modal: ModalKind | null;
  /** Lands in MODAL when remix is on. */
  remixable: boolean;
  /** False for describe/shorten follow-ups that stock new-api rejects as unknown_action. */
  stockNewApi: boolean;
  /** Video buttons: new-api always answers unknown_action; only the bare proxy ('plus' quirks) runs them. */
  video?: { kind: 'animate' | 'extend' | 'upscale'; motion: 'low' | 'high' };
}

/** Maps a customId like new-api does; null = new-api's `unknown_action:<customId>`. */
export function parseCustomId(customId: string): ParsedAction | null {
  const parts = customId.split('::');
  const number = (at: number): number => {
    const n = Number.parseInt(parts[at] ?? '', 10);
    return Number.isFinite(n) && n > 0 ? n : 1;
  };
  const base = { index: 1, modal: null, remixable: false, stockNewApi: true };

  // Follow-ups of describe / shorten: only a patched gateway knows these (docs §4.2 caveat).
  const followUp = /::(PicReader|PromptAnalyzer)::(\d+)$/.exec(customId);
  if (followUp) return { ...base, action: 'IMAGINE', index: Number(followUp[2]), outcome: 'grid', modal: 'prompt', stockNewApi: false };
  if (customId === 'MJ::Picread::Retry') return { ...base, action: 'DESCRIBE', outcome: 'describe', stockNewApi: false };
  if (customId.startsWith('MJ::PromptAnalyzer::Show::')) return { ...base, action: 'SHORTEN', outcome: 'shorten', stockNewApi: false };

  if (parts[0] !== 'MJ' || parts.length < 3) return null;
  const name = parts[1] === 'JOB' ? (parts[2] ?? '') : (parts[1] ?? '');
  const animate = /^animate_(high|low)(_extend)?$/.exec(name);
  if (animate) {
    const video = { kind: animate[2] ? 'extend' as const : 'animate' as const, motion: animate[1] as 'low' | 'high' };
    return { ...base, action: 'VIDEO', index: number(3), outcome: 'video', stockNewApi: false, video };
  }
  if (name === 'video_virtual_upscale') {
    return { ...base, action: 'VIDEO', index: number(3), outcome: 'video', stockNewApi: false, video: { kind: 'upscale', motion: 'low' } };
  }
  if (name.includes('upsample')) return { ...base, action: 'UPSCALE', index: number(3), outcome: 'single' };
  if (name === 'variation') return { ...base, action: 'VARIATION', index: number(3), outcome: 'grid', remixable: true };
  if (name === 'low_variation') return { ...base, action: 'LOW_VARIATION', outcome: 'grid', remixable: true };
  if (name === 'high_variation') return { ...base, action: 'HIGH_VARIATION', outcome: 'grid', remixable: true };
  if (name.includes('pan')) return { ...base, action: 'PAN', outcome: 'grid', remixable: true };
  if (name.includes('reroll')) return { ...base, action: 'REROLL', outcome: 'grid', remixable: true };
  if (name === 'Outpaint') return { ...base, action: 'ZOOM', outcome: 'grid' };
  if (name === 'CustomZoom') return { ...base, action: 'CUSTOM_ZOOM', outcome: 'grid', modal: 'custom-zoom' };
  if (name === 'Inpaint') return { ...base, action: 'INPAINT', outcome: 'grid', modal: 'inpaint' };
  return null;
}
