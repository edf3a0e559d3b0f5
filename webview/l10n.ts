// The webview's sentences come from the host, already in the UI language: the panel's HTML carries
// a string table (English key -> translation) in <script id="l10n-strings" type="application/json">,
// built with vscode.l10n.t in src/ui/results/webviewStrings.ts. Without a table (browser tests) the
// key, which is the English, is shown.

let table: Record<string, string> | undefined;

function strings(): Record<string, string> {
  if (!table) {
    const json = document.getElementById('l10n-strings')?.textContent;
    try {
      table = json ? (JSON.parse(json) as Record<string, string>) : {};
    } catch {
      table = {};
    }
  }
  return table;
}

/** `message` in the UI language with `{0}`, `{1}`… filled in (the vscode.l10n.t convention). */
export function t(message: string, ...args: Array<string | number>): string {
  const text = Object.prototype.hasOwnProperty.call(strings(), message) ? strings()[message]! : message;
  return text.replace(/\{(\d+)\}/g, (whole, index: string) => (Number(index) < args.length ? String(args[Number(index)]) : whole));
}
