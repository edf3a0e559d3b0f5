// What the editor offers inside a prompt: completion items after `--` and for values, and the
// hover text of a parameter. Plain data (snippet text, Markdown); the providers only convert it.
import { modelSummary, parameterDescription, parameterTitle, valueEffect, valueSummary } from './describeParameter';
import { t } from '../base/l10n';
import { formatNumber, PARAMETERS, takesParameter, type ParameterSpec } from './parameters';
import { checkPrompt, modelLabel, modelOf, type CheckOptions, type PromptModel } from './promptCheck';
import { parsePrompt, parameterAt, valueText } from './promptTokens';

/** An image URL worth offering after --sref / --oref / --cref / --end. */
export interface ReferenceUrl {
  url: string;
  /** What it is ("Imagine: a red fox…", "upload fox.png"). */
  label: string;
}

export type CompletionSpot =
  | { kind: 'name'; start: number; end: number; typed: string; present: ReadonlySet<string>; model: PromptModel }
  | { kind: 'value'; start: number; end: number; typed: string; spec: ParameterSpec; model: PromptModel };

export interface AssistItem {
  label: string;
  /** Snippet syntax ($1, ${1|a,b|}) when `snippet` is set, else plain text. */
  insertText: string;
  snippet: boolean;
  detail: string;
  /** Markdown. */
  documentation: string;
  /** Keeps the table's order (and puts parameters that do not fit the model last). */
  sortText: string;
  /** Not for this model: shown struck through, sorted last. */
  notApplicable?: boolean;
  /** Open the suggestions again after inserting (to pick a reference URL). */
  retrigger?: boolean;
  /** The range the item replaces, as offsets in the prompt. */
  start: number;
  end: number;
}

const DASH_WORD = /^(?:--?|-?[\u2010-\u2015\u2212]{1,2})[A-Za-z0-9-]*$/;

/** What can be completed at `offset` of a prompt: a parameter name, a value, or nothing. */
export function completionSpot(text: string, offset: number, options: CheckOptions = {}): CompletionSpot | undefined {
  let start = offset;
  while (start > 0 && !/\s/.test(text[start - 1]!)) start--;
  let end = offset;
  while (end < text.length && !/\s/.test(text[end]!)) end++;
  const typed = text.slice(start, offset);
  const prompt = parsePrompt(text);
  const model = modelOf(prompt, options);
  if (DASH_WORD.test(typed)) {
    const present = new Set(prompt.params.filter((p) => p.start !== start && p.spec).map((p) => p.spec!.name));
    return { kind: 'name', start, end, typed, present, model };
  }
  const owner = [...prompt.params].reverse().find((p) => p.nameSpan.end < start);
  if (!owner?.spec) return undefined;
  const spec = owner.spec;
  if (!['choice', 'version', 'ratio', 'references', 'number'].includes(spec.kind)) return undefined;
  // Words between the name and this one: a single-value parameter completes only its first word.
  const before = [...owner.values, ...owner.stray].filter((w) => w.end < start);
  if (before.length > 0 && !(spec.kind === 'references' && owner.stray.every((w) => w.start >= start))) return undefined;
  return { kind: 'value', start, end, typed, spec, model };
}

function snippetFor(spec: ParameterSpec): { text: string; retrigger: boolean } {
  const name = `--${spec.name}`;
  switch (spec.kind) {
    case 'flag': return { text: name, retrigger: false };
    case 'number': return { text: `${name} \${1:${spec.defaultValue ?? formatNumber(spec.min!)}}`, retrigger: false };
    case 'choice':
    case 'version':
    case 'ratio': return { text: `${name} \${1|${spec.choices!.join(',')}|}`, retrigger: false };
    case 'list': return { text: `${name} \${1:${t('things to leave out')}}`, retrigger: false };
    case 'references': return { text: `${name} $0`, retrigger: true };
    case 'codes': return { text: name, retrigger: false };
  }
}

/** The Markdown that documents a parameter (completion documentation and the hover's first part). */
export function parameterDoc(spec: ParameterSpec): string {
  const names = [spec.name, ...spec.aliases].map((n) => `\`--${n}\``).join(t(' or '));
  const values = t('Values: {0}{1} · For: {2}', valueSummary(spec), spec.defaultValue ? t(' (default {0})', spec.defaultValue) : '', modelSummary(spec));
  const lines = [`**${parameterTitle(spec)}** — ${names}`, '', parameterDescription(spec), '', values];
  return lines.join('\n');
}

/** Completion items for a spot; `references` feed URL parameters. */
export function completionItems(spot: CompletionSpot, references: readonly ReferenceUrl[] = []): AssistItem[] {
  const range = { start: spot.start, end: spot.end };
  if (spot.kind === 'name') {
    return PARAMETERS.filter((spec) => !spot.present.has(spec.name) || spec.multiple && spec.kind === 'list').map((spec, index) => {
      const fits = takesParameter(spec, spot.model.generation) && spec.needs !== 'customZoom';
      const snippet = snippetFor(spec);
      return {
        label: `--${spec.name}`,
        insertText: snippet.text,
        snippet: true,
        detail: `${parameterTitle(spec)} · ${valueSummary(spec)}${fits ? '' : t(' · not on {0}', modelLabel(spot.model))}`,
        documentation: parameterDoc(spec),
        sortText: `${fits ? 'a' : 'z'}${String(index).padStart(3, '0')}`,
        ...(fits ? {} : { notApplicable: true }),
        ...(snippet.retrigger && references.length ? { retrigger: true } : {}),
        ...range,
      };
    });
  }
  const { spec } = spot;
  if (spec.kind === 'references') {
    return references.map((ref, index) => ({
      label: ref.url,
      insertText: ref.url,
      snippet: false,
      detail: ref.label,
      documentation: t('Reference image for {0}: {1}', `\`--${spec.name}\``, ref.label),
      sortText: String(index).padStart(4, '0'),
      ...range,
    }));
  }
  const values = spec.kind === 'number' ? (spec.marks ?? []).map((m) => m.value) : spec.choices ?? [];
  return values.map((value, index) => ({
    label: value,
    insertText: value,
    snippet: false,
    detail: valueEffect(spec, value) ?? '',
    documentation: parameterDoc(spec),
    sortText: String(index).padStart(4, '0'),
    ...range,
  }));
}

/** Hover Markdown for the parameter at `offset` of a prompt, with the effect of its value and its problems. */
export function parameterHover(text: string, offset: number, options: CheckOptions = {}): { markdown: string; start: number; end: number } | undefined {
  const prompt = parsePrompt(text);
  const param = parameterAt(prompt, offset);
  if (!param?.spec) return undefined;
  const { spec } = param;
  const parts = [parameterDoc(spec)];
  const value = valueText(prompt, param);
  const problems = checkPrompt(text, options).filter((p) => p.start >= param.start && p.end <= param.end && p.code !== 'parameter-order');
  if (value) {
    const effect = valueEffect(spec, value);
    parts.push('', `\`${code(`--${param.name} ${value}`)}\`${effect ? `: ${effect}` : ''}`);
  }
  const model = modelOf(prompt, options);
  if (!takesParameter(spec, model.generation) || problems.length) {
    parts.push('', ...problems.map((p) => `$(warning) ${escapeMarkdown(p.message)}`));
  } else if (spec.models) {
    parts.push('', t('Works here: this prompt runs on {0}{1}.', modelLabel(model), model.from === 'default' ? t(' (your default version)') : ''));
  }
  return { markdown: parts.join('\n'), start: param.start, end: param.end };
}

/** Text safe inside a Markdown code span. */
function code(text: string): string {
  return text.replace(/`/g, "'");
}

/** Text shown as is in Markdown (no links, emphasis or theme icons from the prompt's own words). */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>~$]/g, '\\$&');
}
