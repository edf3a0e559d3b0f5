// How a webview gets its sentences: the host builds a table (English key -> text in the UI language) and
// the page shell puts it on <body data-l10n="…"> as JSON, so the first paint is already in the right
// language and the page holds no element besides its one nonce'd module script. The attribute is
// HTML-escaped (& < > "), so no translation, whatever it holds, can end the attribute or open a tag.

export const STRINGS_ATTRIBUTE = 'data-l10n';

/** ` data-l10n="…"`: the table as an escaped attribute of <body> (leading space included). */
export function stringsAttribute(table: Readonly<Record<string, string>>): string {
  const json = JSON.stringify(table).replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  return ` ${STRINGS_ATTRIBUTE}="${json}"`;
}

/** The table back from the attribute's value (the browser has already undone the escapes); {} when absent or broken. */
export function parseStrings(value: string | null | undefined): Record<string, string> {
  if (!value) return {};
  try {
    const parsed: unknown = JSON.parse(value);
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return {};
    return Object.fromEntries(Object.entries(parsed).filter((e): e is [string, string] => typeof e[1] === 'string'));
  } catch {
    return {};
  }
}
