// What the prompt checker reports: a problem with its place, one sentence, and fixes as plain data.
// Its own module so the checker and the value rules both depend on it, not on each other.
import type { Span } from './promptTokens';

export type ProblemCode =
  | 'dash' // an em/en dash where `--` was meant
  | 'unknown-parameter'
  | 'missing-value'
  | 'invalid-value'
  | 'out-of-range'
  | 'unknown-version' // a version AITRE does not know (yet)
  | 'not-for-model' // --cref on v7+, --oref before v7, --draft on v6 …
  | 'niji-with-v'
  | 'duplicate'
  | 'parameter-order' // prompt text after (or before-less) parameters
  | 'no-text'
  | 'zoom-outside-custom-zoom'
  | 'zoom-missing'
  | 'needs-video'
  | 'repeat-cost';

export type Severity = 'error' | 'warning' | 'info';

export interface TextEdit { start: number; end: number; text: string }
export interface PromptFix { title: string; edits: TextEdit[]; preferred?: boolean }

export interface PromptProblem extends Span {
  code: ProblemCode;
  severity: Severity;
  /** One sentence: what is wrong and what to do. */
  message: string;
  fixes: PromptFix[];
  /** The canonical name of the parameter it is about, if any. */
  parameter?: string;
}
