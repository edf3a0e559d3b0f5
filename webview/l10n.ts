// The webview's sentences come from the host, already in the UI language: the page shell puts a string
// table (English key -> translation) on <body data-l10n="…"> (src/shared/strings-table.ts), built with
// vscode.l10n.t in src/ui/results/webviewStrings.ts. Without a table (browser tests) the key, which is
// the English, is shown.
import { parseStrings, STRINGS_ATTRIBUTE } from '../src/shared/strings-table';

let table: Record<string, string> | undefined;

function strings(): Record<string, string> {
  table ??= parseStrings(document.body?.getAttribute(STRINGS_ATTRIBUTE));
  return table;
}

/** `message` in the UI language with `{0}`, `{1}`… filled in (the vscode.l10n.t convention). */
export function t(message: string, ...args: Array<string | number>): string {
  const text = Object.prototype.hasOwnProperty.call(strings(), message) ? strings()[message]! : message;
  return text.replace(/\{(\d+)\}/g, (whole, index: string) => (Number(index) < args.length ? String(args[Number(index)]) : whole));
}
