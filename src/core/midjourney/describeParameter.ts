// Parameters and their values in words: the value summary ("0–100"), the models that take a
// parameter, and what one value does. Completion, hovers and the checker's messages use these.
import { formatNumber, sameValue, type ParameterSpec } from './parameters';

/** "0–100", "1:1, 16:9, …", "low | high": the values a parameter takes, in a few characters. */
export function valueSummary(spec: ParameterSpec): string {
  switch (spec.kind) {
    case 'number': return `${formatNumber(spec.min!)}–${formatNumber(spec.max!)}`;
    case 'choice':
    case 'version': return spec.choices!.join(' | ');
    case 'ratio': return 'W:H';
    case 'flag': return 'no value';
    case 'references': return spec.name === 'sref' ? 'image URLs or a style code' : spec.multiple ? 'image URLs' : 'an image URL';
    case 'list': return 'words, separated by commas';
    case 'codes': return 'optional profile codes';
  }
}

/** The models a parameter is for, in words. */
export function modelSummary(spec: ParameterSpec): string {
  if (spec.models) return spec.models.label;
  if (spec.needs === 'video') return 'video jobs (with --video)';
  if (spec.needs === 'customZoom') return 'Custom Zoom only';
  return 'every version';
}

/** One line on what a value does ("50: very different takes on the prompt"), or undefined when nothing useful can be said. */
export function valueEffect(spec: ParameterSpec, value: string): string | undefined {
  if (spec.kind === 'ratio') return ratioEffect(value);
  const marks = spec.marks ?? [];
  if (spec.kind === 'number') {
    const n = Number(value);
    if (!Number.isFinite(n) || marks.length === 0) return undefined;
    if (spec.min !== undefined && spec.max !== undefined && (n < spec.min || n > spec.max)) return undefined;
    // The band a value falls in is described by the nearest mark at or below it.
    let chosen = marks[0]!;
    for (const mark of marks) if (Number(mark.value) <= n) chosen = mark;
    return chosen.effect;
  }
  const exact = marks.find((m) => sameValue(m.value, value));
  return exact?.effect;
}

function ratioEffect(value: string): string | undefined {
  const match = /^(\d+):(\d+)$/.exec(value);
  if (!match) return undefined;
  const w = Number(match[1]);
  const h = Number(match[2]);
  if (!w || !h) return undefined;
  if (w === h) return 'square';
  const factor = (Math.max(w, h) / Math.min(w, h)).toFixed(2).replace(/\.?0+$/, '');
  return w > h ? `landscape: ${factor} times as wide as tall` : `portrait: ${factor} times as tall as wide`;
}
