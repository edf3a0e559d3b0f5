// Parameters and their values in words: the value summary ("0–100"), the models that take a
// parameter, and what one value does. Completion, hovers and the checker's messages use these.
import { formatNumber, sameValue, type ParameterSpec } from './parameters';
import { t, tTable } from '../base/l10n';

/** "0–100", "1:1, 16:9, …", "low | high": the values a parameter takes, in a few characters. */
export function valueSummary(spec: ParameterSpec): string {
  switch (spec.kind) {
    case 'number': return `${formatNumber(spec.min!)}–${formatNumber(spec.max!)}`;
    case 'choice':
    case 'version': return spec.choices!.join(' | ');
    case 'ratio': return 'W:H';
    case 'flag': return t('no value');
    case 'references': return spec.name === 'sref' ? t('image URLs or a style code') : spec.multiple ? t('image URLs') : t('an image URL');
    case 'list': return t('words, separated by commas');
    case 'codes': return t('optional profile codes');
  }
}

/** The parameter's name in words ("Aspect ratio"), in the UI language. */
export function parameterTitle(spec: ParameterSpec): string {
  return tTable(spec.title);
}

/** What the parameter does, in one line, in the UI language. */
export function parameterDescription(spec: ParameterSpec): string {
  return tTable(spec.description);
}

/** The models a parameter is for, in words. */
export function modelSummary(spec: ParameterSpec): string {
  if (spec.models) return tTable(spec.models.label);
  if (spec.needs === 'video') return t('video jobs (with --video)');
  if (spec.needs === 'customZoom') return t('Custom Zoom only');
  return t('every version');
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
    return tTable(chosen.effect);
  }
  const exact = marks.find((m) => sameValue(m.value, value));
  return exact ? tTable(exact.effect) : undefined;
}

function ratioEffect(value: string): string | undefined {
  const match = /^(\d+):(\d+)$/.exec(value);
  if (!match) return undefined;
  const w = Number(match[1]);
  const h = Number(match[2]);
  if (!w || !h) return undefined;
  if (w === h) return t('square');
  const factor = (Math.max(w, h) / Math.min(w, h)).toFixed(2).replace(/\.?0+$/, '');
  return w > h ? t('landscape: {0} times as wide as tall', factor) : t('portrait: {0} times as tall as wide', factor);
}
