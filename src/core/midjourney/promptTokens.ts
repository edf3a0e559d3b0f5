// Splits one MidJourney prompt into its text and its parameters, with exact offsets, the way
// MidJourney reads it: parameters start with `--` at the start of a word and everything after the
// first one belongs to some parameter. Words a parameter cannot take are kept as "stray" text, so
// the checker can say that prompt text is in the wrong place.
import { findParameter, type ParameterSpec } from './parameters';

export interface Span { start: number; end: number }
export interface Word extends Span { text: string }

export interface ParamToken extends Span {
  /** The name as written, without the dashes (may be unknown). */
  name: string;
  spec: ParameterSpec | undefined;
  /** The dashes as written: `--`, or a dash MidJourney does not read (`—`, `–`…). */
  dash: Word;
  /** True for `--`; false for an em/en dash or another look-alike. */
  properDash: boolean;
  nameSpan: Span;
  values: Word[];
  /** Words after the parameter that it does not take: prompt text in the wrong place. */
  stray: Word[];
}

export interface ParsedPrompt {
  text: string;
  /** The prompt text before the first parameter (trimmed; start === end when there is none). */
  body: Span;
  /** Image URLs at the very start of the prompt (image prompts). */
  imageUrls: Word[];
  params: ParamToken[];
}

/** Dashes that phones and word processors put where `--` was typed. */
const LOOKALIKE_DASH = /^(?:-?[\u2010-\u2013\u2014\u2015\u2212\uFE58\uFE63\uFF0D]{1,2})/;
const PROPER = /^--(?=[A-Za-z])/;
const URL_WORD = /^<?https?:\/\/\S+?>?(?:::-?\d*\.?\d+)?$/i;
const SREF_CODE = /^(?:random|\d+)(?:::-?\d*\.?\d+)?$/i;
const PROFILE_CODE = /^(?=[a-z0-9]*\d)[a-z0-9]{4,}$/i;
const NUMERIC = /^-?(?:\d+\.?\d*|\.\d+)$/;

export function isUrlWord(text: string): boolean {
  return URL_WORD.test(text);
}

function words(text: string): Word[] {
  const found: Word[] = [];
  for (const m of text.matchAll(/\S+/g)) found.push({ text: m[0], start: m.index, end: m.index + m[0].length });
  return found;
}

/** A word that starts a parameter: `--name`, or a look-alike dash before a known parameter name. */
function parameterStart(word: Word): { dash: Word; proper: boolean; name: string } | undefined {
  if (PROPER.test(word.text)) {
    return { dash: { text: '--', start: word.start, end: word.start + 2 }, proper: true, name: word.text.slice(2) };
  }
  const lookalike = LOOKALIKE_DASH.exec(word.text)?.[0];
  if (lookalike) {
    const name = word.text.slice(lookalike.length);
    if (findParameter(name)) return { dash: { text: lookalike, start: word.start, end: word.start + lookalike.length }, proper: false, name };
  }
  return undefined;
}

/** A lone `--` or `-` being typed: not yet a parameter, and not prompt text either. */
function isPendingDash(word: Word): boolean {
  return /^(?:--?|[\u2010-\u2015\u2212])$/.test(word.text);
}

/** How many of the following words a parameter takes. */
function takeValues(spec: ParameterSpec | undefined, following: Word[]): number {
  if (!spec) return following.length; // unknown: we cannot tell its values from stray text
  switch (spec.kind) {
    case 'flag': return 0;
    case 'list': return following.length;
    case 'references': {
      let n = 0;
      while (n < following.length && (isUrlWord(following[n]!.text) || (spec.name === 'sref' && SREF_CODE.test(following[n]!.text)))) n++;
      return n;
    }
    case 'codes': {
      let n = 0;
      while (n < following.length && PROFILE_CODE.test(following[n]!.text)) n++;
      return n;
    }
    case 'version':
      if (spec.optionalValue) return following.length > 0 && NUMERIC.test(following[0]!.text) ? 1 : 0;
      return Math.min(1, following.length);
    default:
      return Math.min(1, following.length);
  }
}

export function parsePrompt(text: string): ParsedPrompt {
  const all = words(text);
  const params: ParamToken[] = [];
  const bodyWords: Word[] = [];
  let i = 0;
  while (i < all.length && !parameterStart(all[i]!)) bodyWords.push(all[i++]!);
  while (i < all.length) {
    const word = all[i]!;
    const start = parameterStart(word)!;
    i++;
    const following: Word[] = [];
    while (i < all.length && !parameterStart(all[i]!)) following.push(all[i++]!);
    const spec = findParameter(start.name);
    const kept = following.filter((w) => !isPendingDash(w));
    const count = takeValues(spec, kept);
    const values = kept.slice(0, count);
    const last = values.at(-1);
    params.push({
      name: start.name,
      spec,
      dash: start.dash,
      properDash: start.proper,
      nameSpan: { start: start.dash.end, end: word.end },
      values,
      stray: kept.slice(count),
      start: word.start,
      end: last ? last.end : word.end,
    });
  }
  const imageUrls: Word[] = [];
  for (const w of bodyWords) {
    if (!isUrlWord(w.text)) break;
    imageUrls.push(w);
  }
  const textWords = bodyWords.filter((w) => !isPendingDash(w));
  const body = textWords.length ? { start: textWords[0]!.start, end: textWords.at(-1)!.end } : { start: 0, end: 0 };
  return { text, body, imageUrls, params };
}

/** The value of a parameter as one string ("a, b" for --no a, b). */
export function valueText(prompt: ParsedPrompt, param: ParamToken): string {
  if (!param.values.length) return '';
  return prompt.text.slice(param.values[0]!.start, param.values.at(-1)!.end);
}

/** The parameter whose dash, name or values contain `offset` (an offset at the very end counts). */
export function parameterAt(prompt: ParsedPrompt, offset: number): ParamToken | undefined {
  return prompt.params.find((p) => offset >= p.start && offset <= p.end);
}
