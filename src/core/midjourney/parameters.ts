// The MidJourney prompt parameters AITRE knows (aitre-api.md §3.10a): names, aliases, values, the
// models that take them, and what a value does. Completion, hovers and the prompt checker read
// this one table.

/** How a parameter's value is written. */
export type ParameterKind =
  | 'number' // one number in [min, max]
  | 'choice' // one of `choices`
  | 'version' // one of `choices`, a list that grows with new models (unknown values are a warning)
  | 'ratio' // W:H
  | 'flag' // no value
  | 'references' // image URLs (or, for --sref, style codes)
  | 'list' // free words (--no a, b)
  | 'codes'; // optional codes (--p)

/** Which MidJourney model generation a prompt runs on: 5.2, 6.1, 7, 8… (Niji N maps to its MidJourney twin). */
export interface ModelRange { min?: number; max?: number; label: string }

/** A value worth suggesting, with what it does. */
export interface ValueMark { value: string; effect: string }

export interface ParameterSpec {
  /** Canonical name without the dashes. */
  name: string;
  aliases: readonly string[];
  title: string;
  kind: ParameterKind;
  /** One line: what the parameter does. */
  description: string;
  min?: number;
  max?: number;
  integer?: boolean;
  defaultValue?: string;
  choices?: readonly string[];
  /** Suggested values and what each does; for numbers they also describe the bands between them. */
  marks?: readonly ValueMark[];
  /** The value may be left out (--niji alone, --p alone). */
  optionalValue?: boolean;
  /** More than one value is allowed (--sref url1 url2, --no a, b). */
  multiple?: boolean;
  /** Only these model generations take it. */
  models?: ModelRange;
  /** Only meaningful together with another parameter or in one place. */
  needs?: 'video' | 'customZoom';
}

const V6 = 6;
const V7 = 7;

export const PARAMETERS: readonly ParameterSpec[] = [
  {
    name: 'v', aliases: ['version'], title: 'Version', kind: 'version',
    description: 'Which MidJourney model draws the image.',
    choices: ['7', '6.1', '6', '5.2', '8', '8.1'], defaultValue: '7',
    marks: [
      { value: '7', effect: 'the default model: best prompt understanding; takes --oref, --draft and --exp' },
      { value: '6.1', effect: 'sharper details than 6; takes --cref' },
      { value: '6', effect: 'good text rendering and prompt following; takes --cref' },
      { value: '5.2', effect: 'the older model, with a strong house style' },
      { value: '8', effect: 'the newest upstream model; its grids carry no Zoom, Pan or HD-upscale buttons' },
      { value: '8.1', effect: 'the newest upstream model; its grids carry no Zoom, Pan or HD-upscale buttons' },
    ],
  },
  {
    name: 'niji', aliases: [], title: 'Niji', kind: 'version',
    description: 'Use the Niji model (anime and illustration) instead of the MidJourney model.',
    choices: ['6', '5'], defaultValue: '6', optionalValue: true,
    marks: [
      { value: '6', effect: 'Niji 6: the current anime model; takes --cref' },
      { value: '5', effect: 'Niji 5: the older anime model; takes --style cute, expressive, original or scenic' },
    ],
  },
  {
    name: 'ar', aliases: ['aspect'], title: 'Aspect ratio', kind: 'ratio',
    description: 'The shape of the image, as width:height in whole numbers.',
    defaultValue: '1:1',
    choices: ['1:1', '16:9', '9:16', '3:2', '2:3', '4:3', '3:4', '4:5', '5:4', '21:9', '2:1', '1:2'],
  },
  {
    name: 'chaos', aliases: ['c'], title: 'Chaos', kind: 'number', min: 0, max: 100, integer: true, defaultValue: '0',
    description: 'How different the four images of the grid are from each other.',
    marks: [
      { value: '0', effect: 'the four images look alike' },
      { value: '10', effect: 'a little variety between the four images' },
      { value: '25', effect: 'clearly different compositions' },
      { value: '50', effect: 'very different takes on the prompt' },
      { value: '100', effect: 'wild, unexpected results' },
    ],
  },
  {
    name: 'stylize', aliases: ['s'], title: 'Stylize', kind: 'number', min: 0, max: 1000, integer: true, defaultValue: '100',
    description: 'How strongly MidJourney applies its own aesthetic over your prompt.',
    marks: [
      { value: '0', effect: 'follows the prompt literally, with little artistic flair' },
      { value: '50', effect: 'close to the prompt, lightly styled' },
      { value: '100', effect: 'the default balance of prompt and style' },
      { value: '250', effect: 'noticeably artistic' },
      { value: '750', effect: 'very artistic; may drift from the prompt' },
      { value: '1000', effect: 'the strongest style; the prompt matters least' },
    ],
  },
  {
    name: 'weird', aliases: ['w'], title: 'Weird', kind: 'number', min: 0, max: 3000, integer: true, defaultValue: '0',
    description: 'Quirky, unconventional aesthetics.',
    marks: [
      { value: '0', effect: 'off: nothing unusual' },
      { value: '250', effect: 'a touch of strangeness' },
      { value: '1000', effect: 'clearly odd and surprising' },
      { value: '3000', effect: 'as weird as it gets' },
    ],
  },
  {
    name: 'quality', aliases: ['q'], title: 'Quality', kind: 'choice', choices: ['1', '2', '4', '.5', '.25'], defaultValue: '1',
    description: 'How much rendering time (and GPU time you pay for) goes into the first grid.',
    marks: [
      { value: '.25', effect: 'fastest and roughest, a quarter of the GPU time' },
      { value: '.5', effect: 'faster and less detailed, half the GPU time' },
      { value: '1', effect: 'the default' },
      { value: '2', effect: 'more detail, twice the GPU time' },
      { value: '4', effect: 'the most detail, four times the GPU time (v7)' },
    ],
  },
  {
    name: 'seed', aliases: [], title: 'Seed', kind: 'number', min: 0, max: 4294967295, integer: true,
    description: 'The starting noise: the same seed and prompt give very similar images.',
  },
  {
    name: 'stop', aliases: [], title: 'Stop', kind: 'number', min: 10, max: 100, integer: true, defaultValue: '100',
    description: 'Stop rendering at this percentage: lower values are blurrier and less detailed.',
    marks: [
      { value: '10', effect: 'stops very early: a soft, blurry sketch' },
      { value: '50', effect: 'half-finished: soft edges, little detail' },
      { value: '90', effect: 'nearly finished, slightly softer' },
      { value: '100', effect: 'fully rendered (the default)' },
    ],
  },
  { name: 'tile', aliases: [], title: 'Tile', kind: 'flag', description: 'Makes a seamless pattern that repeats like tiles.' },
  {
    name: 'no', aliases: [], title: 'No', kind: 'list', multiple: true,
    description: 'Things to leave out of the image, separated by commas (a negative prompt).',
  },
  {
    name: 'iw', aliases: [], title: 'Image weight', kind: 'number', min: 0, max: 3, defaultValue: '1',
    description: 'How much an image prompt (a URL at the start of the prompt) counts against the text.',
    marks: [
      { value: '0', effect: 'the image prompt barely matters' },
      { value: '0.5', effect: 'the text leads, the image hints' },
      { value: '1', effect: 'the default balance' },
      { value: '2', effect: 'the image leads' },
      { value: '3', effect: 'the image dominates the text' },
    ],
  },
  {
    name: 'sref', aliases: [], title: 'Style reference', kind: 'references', multiple: true, models: { min: V6, label: 'v6 and later' },
    description: 'Copy the look of these images (URLs), a style code, or "random".',
  },
  {
    name: 'sw', aliases: [], title: 'Style weight', kind: 'number', min: 0, max: 1000, integer: true, defaultValue: '100', models: { min: V6, label: 'v6 and later' },
    description: 'How strongly the --sref style is applied.',
    marks: [
      { value: '0', effect: 'the style reference is ignored' },
      { value: '100', effect: 'the default strength' },
      { value: '400', effect: 'a strong style match' },
      { value: '1000', effect: 'the style overrides almost everything' },
    ],
  },
  {
    name: 'sv', aliases: [], title: 'Style reference version', kind: 'version', choices: ['6', '4', '3', '2', '1'], models: { min: V6, label: 'v6 and later' },
    description: 'Which style-reference algorithm --sref uses.',
    marks: [
      { value: '6', effect: 'the current algorithm (the default on v7)' },
      { value: '4', effect: 'the older v6 algorithm (style codes made before v7)' },
    ],
  },
  {
    name: 'cref', aliases: [], title: 'Character reference', kind: 'references', multiple: true, models: { min: V6, max: 6.99, label: 'v6 and Niji 6 only' },
    description: 'Keep the character from these images (URLs). On v7 and later, use --oref instead.',
  },
  {
    name: 'cw', aliases: [], title: 'Character weight', kind: 'number', min: 0, max: 100, integer: true, defaultValue: '100', models: { min: V6, max: 6.99, label: 'v6 and Niji 6 only' },
    description: 'How much of the --cref character is kept.',
    marks: [
      { value: '0', effect: 'only the face' },
      { value: '50', effect: 'face and hair' },
      { value: '100', effect: 'face, hair and clothes (the default)' },
    ],
  },
  {
    name: 'oref', aliases: [], title: 'Omni reference', kind: 'references', models: { min: V7, label: 'v7 and later' },
    description: 'Put the person or object of this image (one URL) into the picture.',
  },
  {
    name: 'ow', aliases: [], title: 'Omni weight', kind: 'number', min: 1, max: 1000, integer: true, defaultValue: '100', models: { min: V7, label: 'v7 and later' },
    description: 'How closely the --oref subject is copied.',
    marks: [
      { value: '25', effect: 'loosely inspired by the reference' },
      { value: '100', effect: 'the default strength' },
      { value: '400', effect: 'a close copy of the reference' },
      { value: '1000', effect: 'as close as possible (style changes may suffer)' },
    ],
  },
  {
    name: 'p', aliases: ['profile', 'personalize'], title: 'Personalization', kind: 'codes', optionalValue: true, multiple: true, models: { min: V6, label: 'v6 and later' },
    description: 'Apply your personalization profile, or the profile and moodboard codes given.',
  },
  { name: 'draft', aliases: [], title: 'Draft', kind: 'flag', models: { min: V7, label: 'v7 and later' }, description: 'Draft mode: about ten times faster and half the cost, at lower quality.' },
  {
    name: 'exp', aliases: [], title: 'Experimental aesthetics', kind: 'number', min: 0, max: 100, integer: true, defaultValue: '0', models: { min: V7, label: 'v7 and later' },
    description: 'More detail, dynamism and tone-mapping; high values may override --stylize and --p.',
    marks: [
      { value: '0', effect: 'off (the default)' },
      { value: '10', effect: 'a little extra detail and punch' },
      { value: '25', effect: 'clearly more dynamic' },
      { value: '100', effect: 'the strongest effect; prompt accuracy may suffer' },
    ],
  },
  { name: 'raw', aliases: [], title: 'Raw', kind: 'flag', description: 'Raw style: fewer automatic beautifications (the same as --style raw).' },
  {
    name: 'style', aliases: [], title: 'Style', kind: 'choice', choices: ['raw', 'cute', 'expressive', 'original', 'scenic'],
    description: 'A style variant of the model.',
    marks: [
      { value: 'raw', effect: 'fewer automatic beautifications: closer to a photo or your exact words' },
      { value: 'cute', effect: 'Niji 5: charming, cute characters' },
      { value: 'expressive', effect: 'Niji 5: a more illustrated, 3D look' },
      { value: 'original', effect: 'Niji 5: the original Niji 5 look' },
      { value: 'scenic', effect: 'Niji 5: cinematic backgrounds and scenes' },
    ],
  },
  {
    name: 'zoom', aliases: [], title: 'Zoom', kind: 'number', min: 1, max: 2, defaultValue: '2', needs: 'customZoom',
    description: 'Custom Zoom: how far to zoom out. Only valid in the prompt Custom Zoom asks for.',
    marks: [
      { value: '1', effect: 'no zoom at all' },
      { value: '1.5', effect: 'zoom out by half again' },
      { value: '2', effect: 'zoom out twice as far (the largest step)' },
    ],
  },
  { name: 'video', aliases: [], title: 'Video', kind: 'flag', description: 'Make a short video instead of a still image.' },
  {
    name: 'motion', aliases: [], title: 'Motion', kind: 'choice', choices: ['low', 'high'], defaultValue: 'low', needs: 'video',
    description: 'How much the video moves.',
    marks: [
      { value: 'low', effect: 'calm scenes, a mostly still camera' },
      { value: 'high', effect: 'lots of camera and subject movement (glitches more likely)' },
    ],
  },
  { name: 'loop', aliases: [], title: 'Loop', kind: 'flag', needs: 'video', description: 'The video ends where it starts, so it loops seamlessly.' },
  { name: 'end', aliases: [], title: 'End frame', kind: 'references', needs: 'video', description: 'The image (URL) the video should end on.' },
  {
    name: 'bs', aliases: [], title: 'Batch size', kind: 'choice', choices: ['4', '2', '1'], defaultValue: '4', needs: 'video',
    description: 'How many videos to make; each one costs GPU time.',
    marks: [
      { value: '1', effect: 'one video: the cheapest' },
      { value: '2', effect: 'two videos' },
      { value: '4', effect: 'four videos (the default)' },
    ],
  },
  {
    name: 'repeat', aliases: ['r'], title: 'Repeat', kind: 'number', min: 1, max: 40, integer: true, defaultValue: '1',
    description: 'Runs the same prompt several times: every run is a separate paid job.',
  },
  { name: 'fast', aliases: [], title: 'Fast mode', kind: 'flag', description: 'Run this job in Fast mode (the gateway may strip it; AITRE\'s mode setting is the reliable way).' },
  { name: 'relax', aliases: [], title: 'Relax mode', kind: 'flag', description: 'Run this job in Relax mode (the gateway may strip it; AITRE\'s mode setting is the reliable way).' },
  { name: 'turbo', aliases: [], title: 'Turbo mode', kind: 'flag', description: 'Run this job in Turbo mode (the gateway may strip it; AITRE\'s mode setting is the reliable way).' },
  { name: 'stealth', aliases: [], title: 'Stealth', kind: 'flag', description: 'Keep this job out of the public MidJourney gallery (Pro and Mega plans).' },
  { name: 'public', aliases: [], title: 'Public', kind: 'flag', description: 'Show this job in the public MidJourney gallery.' },
];

const BY_NAME = new Map<string, ParameterSpec>();
for (const spec of PARAMETERS) for (const name of [spec.name, ...spec.aliases]) BY_NAME.set(name, spec);

/** The parameter for a name as written (without dashes, any case), if AITRE knows it. */
export function findParameter(name: string): ParameterSpec | undefined {
  return BY_NAME.get(name.toLowerCase());
}

/** The known parameter a mistyped name most likely meant: a unique prefix, else one or two letters off. */
export function closestParameter(name: string): ParameterSpec | undefined {
  const lower = name.toLowerCase();
  const prefixed = new Set(PARAMETERS.filter((s) => [s.name, ...s.aliases].some((n) => n.startsWith(lower))));
  if (prefixed.size === 1) return [...prefixed][0];
  if (lower.length < 3) return undefined;
  let best: { spec: ParameterSpec; distance: number } | undefined;
  for (const [candidate, spec] of BY_NAME) {
    if (candidate.length < 3) continue;
    const distance = editDistance(lower, candidate);
    if (distance <= 2 && (!best || distance < best.distance)) best = { spec, distance };
  }
  return best?.spec;
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let previous = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const current = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, previous + (a[i - 1] === b[j - 1] ? 0 : 1));
      previous = current;
    }
  }
  return row[b.length]!;
}

/** Does a model generation (7, 6.1, 5.2 …) take this parameter? */
export function takesParameter(spec: ParameterSpec, generation: number): boolean {
  const range = spec.models;
  if (!range) return true;
  return (range.min === undefined || generation >= range.min) && (range.max === undefined || generation <= range.max);
}

/** `.5` and `0.5`, `7` and `7.0` are the same value; words compare without case. */
export function sameValue(a: string, b: string): boolean {
  if (a.toLowerCase() === b.toLowerCase()) return true;
  const x = Number(a);
  const y = Number(b);
  return a.trim() !== '' && b.trim() !== '' && Number.isFinite(x) && Number.isFinite(y) && x === y;
}

/** A number as a parameter value: 100, 0.5, 4294967295. */
export function formatNumber(n: number): string {
  return String(n);
}
