// The value rules of the prompt checker: what a parameter's value must look like, and the fix
// when the intended value is obvious (clamp, round, nearest choice, a colon in a ratio).
import { formatNumber, sameValue, type ParameterSpec } from './parameters';
import type { ProblemCode, PromptFix, Severity } from './promptProblems';
import type { ParamToken, Span } from './promptTokens';
import { t } from '../base/l10n';

/** Where the rules report to (the checker). */
export interface ProblemSink {
  add(code: ProblemCode, severity: Severity, message: string, span: Span, fixes?: PromptFix[]): void;
  /** Removes the parameter with its values. */
  removeFix(p: ParamToken, preferred?: boolean): PromptFix;
}

/** The value rules: missing, not a number, out of range, not a choice, malformed ratios, --repeat's cost. */
export function checkValue(p: ParamToken, spec: ParameterSpec, sink: ProblemSink): void {
  const value = p.values[0];
  if (!value) {
    if (spec.kind === 'flag' || spec.optionalValue) return;
    const example = spec.defaultValue ?? spec.choices?.[0];
    const fixes: PromptFix[] = [];
    if (example && spec.kind !== 'references') {
      fixes.push({ title: t('Add the value {0}', example), edits: [{ start: p.end, end: p.end, text: ` ${example}` }], preferred: true });
    }
    fixes.push(sink.removeFix(p));
    const eg = example && spec.kind !== 'references' ? t(', e.g. {0}', `--${p.name} ${example}`) : '';
    sink.add('missing-value', 'error', t('{0} needs {1}{2}.', `--${p.name}`, wanted(spec), eg), p, fixes);
    return;
  }
  const span = value;
  const replace = (text: string, title = t('Change to {0}', text), preferred = true): PromptFix => ({ title, edits: [{ start: span.start, end: span.end, text }], preferred });
  switch (spec.kind) {
    case 'number': {
      const n = Number(value.text);
      const range = t('between {0} and {1}', formatNumber(spec.min!), formatNumber(spec.max!));
      if (!/^-?(?:\d+\.?\d*|\.\d+)$/.test(value.text) || !Number.isFinite(n)) {
        sink.add('invalid-value', 'error', t('{0} takes a number {1} (it is "{2}").', `--${p.name}`, range, value.text), span, [sink.removeFix(p)]);
      } else if (n < spec.min! || n > spec.max!) {
        const clamped = Math.min(spec.max!, Math.max(spec.min!, n));
        sink.add('out-of-range', 'error', t('{0} must be {1} (it is {2}).', `--${p.name}`, range, value.text), span, [replace(formatNumber(clamped))]);
      } else if (spec.integer && !Number.isInteger(n)) {
        sink.add('invalid-value', 'error', t('{0} takes a whole number (it is {1}).', `--${p.name}`, value.text), span, [replace(String(Math.round(n)))]);
      } else if (spec.name === 'repeat' && n >= 2) {
        sink.add('repeat-cost', 'warning', t('{0} runs this prompt {1} times: {1} paid jobs from one click.', `--${p.name} ${value.text}`, n), p, [sink.removeFix(p)]);
      }
      return;
    }
    case 'choice':
    case 'version': {
      const choices = spec.choices ?? [];
      if (choices.some((c) => sameValue(c, value.text))) return;
      const numeric = choices.every((c) => Number.isFinite(Number(c))) && Number.isFinite(Number(value.text));
      const fixes = numeric
        ? [replace(nearest(choices, Number(value.text)))]
        : choices.length <= 5 ? choices.map((c, i) => replace(c, t('Change to {0}', `--${p.name} ${c}`), i === 0)) : [];
      const list = choices.join(', ');
      if (spec.kind === 'version') {
        sink.add('unknown-version', 'warning', t('AITRE does not know {0} (known: {1}); the gateway may refuse it.', `--${p.name} ${value.text}`, list), span, fixes);
      } else {
        sink.add('invalid-value', 'error', t('{0} takes {1} (it is "{2}").', `--${p.name}`, orList(choices), value.text), span, fixes);
      }
      return;
    }
    case 'ratio': checkRatio(p, value.text, replace, sink); return;
    default: return;
  }
}

/** What a parameter's value is, in words ("a value between 0 and 100"). */
function wanted(spec: ParameterSpec): string {
  switch (spec.kind) {
    case 'references': return spec.name === 'sref' ? t('image URLs or a style code') : t('an image URL (https://…)');
    case 'number': return t('a value between {0} and {1}', formatNumber(spec.min!), formatNumber(spec.max!));
    case 'list': return t('the things to leave out');
    default: {
      const choices = spec.choices ?? [];
      return t('a value ({0})', `${choices.slice(0, 4).join(', ')}${choices.length > 4 ? ', …' : ''}`);
    }
  }
}

function checkRatio(p: ParamToken, text: string, replace: (text: string) => PromptFix, sink: ProblemSink): void {
  const span = p.values[0]!;
  const proper = /^(\d+):(\d+)$/.exec(text);
  if (proper) {
    if (Number(proper[1]) === 0 || Number(proper[2]) === 0) sink.add('invalid-value', 'error', t('{0} needs two numbers above 0 (it is {1}).', `--${p.name}`, text), span);
    return;
  }
  const other = /^(\d+(?:\.\d+)?)\s*[x×X/*:;,_-]\s*(\d+(?:\.\d+)?)$/.exec(text);
  if (other) {
    const ratio = wholeRatio(Number(other[1]), Number(other[2]));
    const decimal = other[1]!.includes('.') || other[2]!.includes('.');
    const message = decimal ? t('{0} takes whole numbers (it is {1}).', `--${p.name}`, text) : t('{0} is width:height with a colon (it is {1}).', `--${p.name}`, text);
    sink.add('invalid-value', 'error', message, span, ratio ? [replace(ratio)] : []);
    return;
  }
  sink.add('invalid-value', 'error', t('{0} is width:height in whole numbers, e.g. 16:9 (it is "{1}").', `--${p.name}`, text), span, [sink.removeFix(p)]);
}

function nearest(choices: readonly string[], n: number): string {
  return [...choices].sort((a, b) => Math.abs(Number(a) - n) - Math.abs(Number(b) - n))[0]!;
}

function orList(choices: readonly string[]): string {
  return choices.length <= 1 ? (choices[0] ?? '') : t('{0} or {1}', choices.slice(0, -1).join(', '), choices.at(-1)!);
}

/** 1.5 x 1 → "3:2"; 16 x 9 → "16:9". */
function wholeRatio(w: number, h: number): string | undefined {
  if (!(w > 0 && h > 0)) return undefined;
  const scale = 10 ** Math.max(decimals(w), decimals(h));
  let a = Math.round(w * scale);
  let b = Math.round(h * scale);
  const g = gcd(a, b);
  a /= g;
  b /= g;
  return `${a}:${b}`;
}

function decimals(n: number): number {
  const s = String(n);
  return s.includes('.') ? s.split('.')[1]!.length : 0;
}

function gcd(a: number, b: number): number {
  return b ? gcd(b, a % b) : a;
}
