// The prompt checker: what in a MidJourney prompt would be refused, misread or wasted, with the
// fixes as plain data (offsets + replacement text). Cheap and offline: it runs as the user types.
import { modelSummary, parameterTitle } from './describeParameter';
import { closestParameter, findParameter, sameValue, takesParameter, type ParameterSpec } from './parameters';
import { parsePrompt, valueText, type ParamToken, type ParsedPrompt, type Span } from './promptTokens';
import type { ProblemCode, PromptFix, PromptProblem, Severity, TextEdit } from './promptProblems';
import { checkValue, type ProblemSink } from './promptValues';
import { t } from '../base/l10n';

export type { ProblemCode, PromptFix, PromptProblem, Severity, TextEdit } from './promptProblems';

export type BotChoice = 'MID_JOURNEY' | 'NIJI_JOURNEY';

export interface CheckOptions {
  /** Where the prompt goes: a new Imagine (the default), or the prompt Custom Zoom asks for. */
  context?: 'imagine' | 'customZoom';
  /** The bot it is sent to (Imagine (Niji) sends to the Niji bot). */
  bot?: BotChoice;
  /** The version a prompt without --v runs on (the user's MidJourney default). */
  defaultVersion?: string;
}

export interface PromptModel {
  family: 'midjourney' | 'niji';
  version: string;
  /** Comparable model generation: Niji 6 behaves like v6.1 for references, Niji 5 like v5.2. */
  generation: number;
  /** Where the version came from. */
  from: 'prompt' | 'bot' | 'default';
}

const NIJI_GENERATION: Record<string, number> = { 5: 5.2, 6: 6.1 };
export const DEFAULT_VERSION = '7';

export function modelOf(prompt: ParsedPrompt, options: CheckOptions = {}): PromptModel {
  const niji = prompt.params.find((p) => p.spec?.name === 'niji');
  if (niji) {
    const version = niji.values[0]?.text ?? '6';
    return { family: 'niji', version, generation: NIJI_GENERATION[version] ?? (Number(version) || 6.1), from: 'prompt' };
  }
  const v = prompt.params.find((p) => p.spec?.name === 'v' && p.values.length);
  const given = v ? Number(v.values[0]!.text) : NaN;
  if (v && Number.isFinite(given)) return { family: 'midjourney', version: v.values[0]!.text, generation: given, from: 'prompt' };
  if (options.bot === 'NIJI_JOURNEY') return { family: 'niji', version: '6', generation: 6.1, from: 'bot' };
  const version = options.defaultVersion ?? DEFAULT_VERSION;
  return { family: 'midjourney', version, generation: Number(version) || 7, from: 'default' };
}

export function modelLabel(model: PromptModel): string {
  return model.family === 'niji' ? `Niji ${model.version}` : `v${model.version}`;
}

/** Applies non-overlapping edits (any order) to a text. */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  let out = text;
  for (const edit of [...edits].sort((a, b) => b.start - a.start)) out = out.slice(0, edit.start) + edit.text + out.slice(edit.end);
  return out;
}

export function checkPrompt(text: string, options: CheckOptions = {}): PromptProblem[] {
  return new Checker(parsePrompt(text), options).run();
}

/** `--ar 16:9`, `--tile`: a parameter as written, with its own values and nothing stray. */
function paramText(prompt: ParsedPrompt, p: ParamToken, name = p.name): string {
  const value = valueText(prompt, p);
  return value ? `--${name} ${value}` : `--${name}`;
}

class Checker implements ProblemSink {
  private readonly problems: PromptProblem[] = [];
  private readonly model: PromptModel;

  constructor(private readonly prompt: ParsedPrompt, private readonly options: CheckOptions) {
    this.model = modelOf(prompt, options);
  }

  run(): PromptProblem[] {
    const seen = new Map<string, ParamToken>();
    for (const p of this.prompt.params) {
      if (!p.name) continue;
      if (!p.properDash) this.dash(p);
      if (!p.spec) {
        this.unknown(p);
        continue;
      }
      const first = seen.get(p.spec.name);
      if (first) this.duplicate(p, first);
      else seen.set(p.spec.name, p);
      this.placement(p, p.spec);
      checkValue(p, p.spec, this);
    }
    this.nijiWithV();
    this.order();
    if (this.options.context === 'customZoom' && !seen.has('zoom')) {
      const end = this.prompt.text.trimEnd().length;
      this.add('zoom-missing', 'error', t('Custom Zoom needs --zoom followed by a value between 1 and 2, e.g. --zoom 1.5.'), { start: end, end },
        [{ title: t('Add {0}', '--zoom 2'), edits: [{ start: end, end, text: `${end ? ' ' : ''}--zoom 2` }], preferred: true }]);
    }
    if (this.prompt.body.start === this.prompt.body.end && this.prompt.params.length && !this.problems.some((p) => p.code === 'parameter-order')) {
      const first = this.prompt.params[0]!;
      this.add('no-text', 'error', t('The prompt has only parameters: describe the image before them.'), first);
    }
    return this.problems.sort((a, b) => a.start - b.start || a.end - b.end);
  }

  add(code: ProblemCode, severity: Severity, message: string, span: Span, fixes: PromptFix[] = []): void {
    const about = this.prompt.params.find((q) => span.start >= q.start && span.end <= q.end)?.spec?.name;
    this.problems.push({ code, severity, message, start: span.start, end: span.end, fixes, ...(about ? { parameter: about } : {}) });
  }

  /** Removes a parameter with the space before it (or after it, at the very start). */
  private removal(p: ParamToken): TextEdit {
    const text = this.prompt.text;
    let start = p.start;
    let end = p.end;
    while (start > 0 && /\s/.test(text[start - 1]!)) start--;
    if (start === 0) while (end < text.length && /\s/.test(text[end]!)) end++;
    return { start, end, text: '' };
  }

  removeFix(p: ParamToken, preferred = false): PromptFix {
    return { title: t('Remove {0}', paramText(this.prompt, p)), edits: [this.removal(p)], preferred };
  }

  private rename(p: ParamToken, name: string): TextEdit {
    return { start: p.dash.start, end: p.nameSpan.end, text: `--${name}` };
  }

  private dash(p: ParamToken): void {
    this.add('dash', 'error', t('"{0}" starts with a dash MidJourney does not read as a parameter: type two hyphens ({1}).', `${p.dash.text}${p.name}`, `--${p.name}`), { start: p.dash.start, end: p.nameSpan.end },
      [{ title: t('Replace "{0}" with "{1}"', p.dash.text, '--'), edits: [{ start: p.dash.start, end: p.dash.end, text: '--' }], preferred: true }]);
  }

  private unknown(p: ParamToken): void {
    // `--v7`, `--ar16:9`: a known name with its value glued on.
    const glued = /^([a-z]+)(\d[\d.:]*)$/i.exec(p.name);
    const gluedSpec = glued ? findParameter(glued[1]!) : undefined;
    if (glued && gluedSpec && gluedSpec.kind !== 'flag') {
      const fixed = `--${glued[1]} ${glued[2]}`;
      this.add('unknown-parameter', 'error', t('"{0}" needs a space between the name and the value: {1}.', `--${p.name}`, fixed), p,
        [{ title: t('Change to {0}', fixed), edits: [{ start: p.dash.start, end: p.nameSpan.end, text: fixed }], preferred: true }]);
      return;
    }
    const guess = closestParameter(p.name);
    const span = { start: p.dash.start, end: p.nameSpan.end };
    if (guess) {
      this.add('unknown-parameter', 'error', t('{0} is not a MidJourney parameter; did you mean {1}?', `--${p.name}`, `--${guess.name}`), span,
        [{ title: t('Change to {0}', `--${guess.name}`), edits: [this.rename(p, guess.name)], preferred: true }, this.removeFix(p)]);
    } else {
      this.add('unknown-parameter', 'error', t('{0} is not a MidJourney parameter AITRE knows: MidJourney refuses prompts with unknown parameters.', `--${p.name}`), span, [this.removeFix(p)]);
    }
  }

  private duplicate(p: ParamToken, first: ParamToken): void {
    const message = first.name === p.name
      ? t('{0} appears twice; MidJourney takes it once.', `--${p.name}`)
      : t('{0} and {1} both set {2}; MidJourney takes it once.', `--${first.name}`, `--${p.name}`, parameterTitle(p.spec!).toLowerCase());
    this.add('duplicate', 'error', message, p,
      [{ title: t('Remove the second {0}', paramText(this.prompt, p)), edits: [this.removal(p)], preferred: true }]);
  }

  /** Version, bot, video and Custom Zoom rules. */
  private placement(p: ParamToken, spec: ParameterSpec): void {
    const label = modelLabel(this.model);
    const why = this.model.from === 'default' ? t(' (your default version)') : this.model.from === 'bot' ? t(' (Imagine (Niji) uses the Niji bot)') : '';
    if (!takesParameter(spec, this.model.generation)) {
      const fixes: PromptFix[] = [];
      if ((spec.name === 'cref' || spec.name === 'cw') && this.model.generation >= 7) {
        const to = spec.name === 'cref' ? 'oref' : 'ow';
        fixes.push({ title: t('Replace {0} with {1}', `--${p.name}`, `--${to}`), edits: [this.rename(p, to)], preferred: true });
      }
      if ((spec.name === 'oref' || spec.name === 'ow') && this.model.generation >= 6 && this.model.generation < 7) {
        const to = spec.name === 'oref' ? 'cref' : 'cw';
        const edits = [this.rename(p, to)];
        const value = p.values[0];
        if (to === 'cw' && value && Number(value.text) > 100) edits.push({ start: value.start, end: value.end, text: '100' });
        fixes.push({ title: t('Replace {0} with {1}', `--${p.name}`, `--${to}`), edits, preferred: true });
      }
      fixes.push(this.removeFix(p, fixes.length === 0));
      const instead = spec.name === 'cref' && this.model.generation >= 7 ? t(': use {0} instead', '--oref') : spec.name === 'oref' && this.model.generation >= 6 ? t(': use {0} instead', '--cref') : '';
      this.add('not-for-model', 'error', t('{0} does not work on {1}{2}; it is for {3}{4}.', `--${p.name}`, label, why, modelSummary(spec), instead), p, fixes);
    }
    if (spec.name === 'style' && p.values[0] && !sameValue(p.values[0].text, 'raw') && spec.choices!.some((c) => sameValue(c, p.values[0]!.text))
      && !(this.model.family === 'niji' && this.model.version === '5')) {
      this.add('not-for-model', 'error', t('{0} is a Niji 5 style; this prompt runs on {1}{2}. Add --niji 5, or use --style raw.', `--style ${p.values[0].text}`, label, why), p,
        [{ title: t('Change to {0}', '--style raw'), edits: [{ start: p.values[0].start, end: p.values[0].end, text: 'raw' }] }]);
    }
    if (spec.needs === 'video' && !this.prompt.params.some((q) => q.spec?.name === 'video')) {
      const end = this.prompt.params.at(-1)!.end;
      this.add('needs-video', 'warning', t('{0} only applies to video jobs: add --video, or remove it.', `--${p.name}`), p,
        [{ title: t('Add {0}', '--video'), edits: [{ start: end, end, text: ' --video' }], preferred: true }, this.removeFix(p)]);
    }
    if (spec.needs === 'customZoom' && this.options.context !== 'customZoom') {
      this.add('zoom-outside-custom-zoom', 'error', t('--zoom only works in the prompt Custom Zoom asks for (press Custom Zoom on an upscaled image); Imagine refuses it.'), p, [this.removeFix(p, true)]);
    }
  }

  private nijiWithV(): void {
    const v = this.prompt.params.find((p) => p.spec?.name === 'v');
    if (!v) return;
    const niji = this.prompt.params.find((p) => p.spec?.name === 'niji');
    if (niji) {
      this.add('niji-with-v', 'error', t('--niji and --v pick two different models: keep one.'), v.start > niji.start ? v : niji,
        [this.removeFix(v, true), this.removeFix(niji)]);
    } else if (this.options.bot === 'NIJI_JOURNEY') {
      this.add('niji-with-v', 'error', t('Imagine (Niji) sends this to the Niji bot, which does not take --v: remove it, or use Imagine.'), v, [this.removeFix(v, true)]);
    }
  }

  /** Prompt text after a parameter: MidJourney would read it as that parameter's value. */
  private order(): void {
    const strays = this.prompt.params.filter((p) => p.stray.length);
    if (!strays.length) return;
    const { text, body } = this.prompt;
    const parts = [text.slice(body.start, body.end), ...strays.map((p) => text.slice(p.stray[0]!.start, p.stray.at(-1)!.end))].filter(Boolean);
    const params = this.prompt.params.map((p) => (p.name ? paramText(this.prompt, p, p.name) : '')).filter(Boolean);
    const leading = /^\s*/.exec(text)![0].length;
    const trailing = text.length - text.trimEnd().length;
    const rebuilt = [...parts, ...params].join(' ');
    const fix: PromptFix = { title: t('Move the prompt text before the parameters'), edits: [{ start: leading, end: text.length - trailing, text: rebuilt }], preferred: true };
    const startsWithParam = body.start === body.end;
    for (const p of strays) {
      const span = { start: p.stray[0]!.start, end: p.stray.at(-1)!.end };
      const words = text.slice(span.start, span.end);
      const message = startsWithParam && p === strays[0]
        ? t('The prompt starts with parameters: MidJourney reads everything after {0} as parameters, so "{1}" would be lost. Put the text first.', `--${p.name}`, shortQuote(words))
        : t('"{0}" comes after {1}, so MidJourney reads it as part of that parameter: move the text before the parameters.', shortQuote(words), `--${p.name}`);
      this.add('parameter-order', 'error', message, span, [fix]);
    }
  }
}

function shortQuote(text: string): string {
  return text.length > 40 ? `${text.slice(0, 39)}…` : text;
}
