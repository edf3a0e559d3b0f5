// What part of a line a command sends. With no selection the current line is the prompt; a
// selection that leaves prompt text or parameters on its line (a wrapped line selected with Home,
// Shift+End: "…watercolor" without its "--niji 6") is worth one question before a paid submit.
import { promptOn } from './promptDocument';
import { parsePrompt } from './promptTokens';
import { t } from '../base/l10n';

/** The prompt on the cursor's line: list markers and outer spaces left out; headings and blank lines give nothing. */
export function promptOfLine(line: string): string | undefined {
  return promptOn(line, 0, true)?.text;
}

export interface LeftOut {
  /** The selection grown to whole lines (list markers and outer spaces left out). */
  whole: string;
  /** The text of the line(s) the selection leaves out, before and after it. */
  before: string;
  after: string;
  /** Parameters among what is left out, as written ("--niji 6"). */
  parameters: string[];
}

/**
 * What a selection leaves out of its lines. `first`/`last` are the texts of its first and last line,
 * `startCharacter` and `endCharacter` where it starts on the first and ends on the last.
 * Undefined when nothing but spaces or list markers is left out.
 */
export function leftOutOfLines(lines: readonly string[], startCharacter: number, endCharacter: number): LeftOut | undefined {
  if (!lines.length) return undefined;
  const first = lines[0]!;
  const last = lines.at(-1)!;
  const firstPrompt = promptOn(first, 0, true);
  const lastPrompt = lines.length === 1 ? firstPrompt : promptOn(last, 0, true);
  const promptStart = firstPrompt?.start ?? first.length;
  const promptEnd = lastPrompt?.end ?? 0;
  const before = startCharacter > promptStart ? first.slice(promptStart, startCharacter).trim() : '';
  const after = endCharacter < promptEnd ? last.slice(endCharacter, promptEnd).trim() : '';
  if (!before && !after) return undefined;
  const whole = lines.map((l) => promptOn(l, 0, true)?.text ?? l.trim()).filter(Boolean).join(' ');
  const parsed = parsePrompt(after);
  const parameters = parsed.params.map((p) => after.slice(p.start, p.end));
  return { whole, before, after, parameters };
}

/** One sentence on what a selection leaves out: "The selection leaves out "--niji 6" at the end of its line." */
export function leftOutSentence(left: LeftOut, max = 60): string {
  const clip = (s: string): string => (s.length > max ? `${s.slice(0, max - 1)}…` : s);
  const parts: string[] = [];
  if (left.before) parts.push(t('"{0}" at the start', clip(left.before)));
  if (left.after) parts.push(t('"{0}" at the end', clip(left.after)));
  const why = left.parameters.length ? t(' Without its parameters MidJourney draws with its defaults.') : '';
  return parts.length === 2 ? t('The selection leaves out {0} and {1} of its line.{2}', parts[0]!, parts[1]!, why) : t('The selection leaves out {0} of its line.{1}', parts[0] ?? '', why);
}
