// The one translation function of the core (which must not import `vscode`). The host sets it to
// `vscode.l10n.t` at activation; until then (and in unit tests) it is English with `{0}` placeholders
// filled in. Keys are the English sentences (the `vscode.l10n.t` convention), so one bundle,
// l10n/bundle.l10n.<lang>.json, serves host and core. Call it where the text is shown, never in a
// module-level constant: a constant would be English forever, made before activation set the host.

export type L10nArg = string | number | boolean;
export type Translator = (message: string, ...args: L10nArg[]) => string;

/** `{0}`, `{1}`… replaced by the arguments, the way `vscode.l10n.t` does. */
export function format(message: string, args: readonly L10nArg[]): string {
  return message.replace(/\{(\d+)\}/g, (whole, index: string) => (Number(index) < args.length ? String(args[Number(index)]) : whole));
}

const english: Translator = (message, ...args) => format(message, args);
let current: Translator = english;

/** The user-facing sentence `message` in the UI language, placeholders filled in. */
export function t(message: string, ...args: L10nArg[]): string {
  return current(message, ...args);
}

/** Set by the composition root (vscode.l10n.t); `undefined` restores English (tests). */
export function setTranslator(translator: Translator | undefined): void {
  current = translator ?? english;
}

/**
 * A sentence of the MidJourney parameter table (core/midjourney/parameters.ts: titles, descriptions,
 * value effects, model ranges), a module-level table of English literals that is translated when shown.
 * The one way to translate a key that is not a literal at the call: test/unit/l10n.test.ts reads the
 * table's keys from PARAMETERS itself, and allows this call only in core/midjourney/describeParameter.ts.
 */
export function tTable(message: string): string {
  return current(message);
}

let locale: string | undefined;

/**
 * The UI language for dates and times (the host passes vscode.env.language, e.g. "zh-cn"), so a Chinese
 * UI on an English system shows Chinese dates. A tag Intl does not know leaves the runtime's default.
 */
export function setLocale(value: string | undefined): void {
  try {
    locale = value && Intl.DateTimeFormat.supportedLocalesOf([value]).length ? value : undefined;
  } catch {
    locale = undefined;
  }
}

/** The locale for toLocaleString and friends; undefined means the runtime's default (unit tests). */
export function uiLocale(): string | undefined {
  return locale;
}
