// The one page shell of AITRE's webviews (the result panel, Edit with a Mask): a strict CSP with a
// fresh nonce, the stylesheets from media/, one module script from dist/. No inline script or
// style, no eval; images only from `images` (the host hands pictures over, the page never reaches
// the network), videos only from `media`.
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import { stringsAttribute } from '../shared/strings-table';

export interface WebviewPageParts {
  webview: vscode.Webview;
  extensionUri: vscode.Uri;
  /** Already in the UI language. */
  title: string;
  /** The UI language (vscode.env.language), for the page's lang attribute. */
  lang?: string;
  /** Bundles under dist/ (e.g. "webview.js") and stylesheets under media/. */
  script: string;
  styles: readonly string[];
  /** img-src sources besides data: and blob: (e.g. the webview's own resources). */
  images?: readonly string[];
  /** media-src sources; none when omitted. */
  media?: readonly string[];
  /** The body's markup before the script. */
  body: string;
  /** The page's own sentences in the UI language (English key -> text), read by webview/l10n.ts. */
  strings?: Readonly<Record<string, string>>;
}

export function webviewPage(parts: WebviewPageParts): string {
  const { webview, extensionUri } = parts;
  const nonce = randomBytes(16).toString('hex');
  const script = webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'dist', parts.script));
  const styles = parts.styles.map((name) => webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'media', name)));
  const csp = [
    "default-src 'none'",
    ['img-src', ...(parts.images ?? []), 'data:', 'blob:'].join(' '),
    ...(parts.media?.length ? [['media-src', ...parts.media].join(' ')] : []),
    `style-src ${webview.cspSource} 'nonce-${nonce}'`,
    `font-src ${webview.cspSource}`,
    `script-src 'nonce-${nonce}'`,
  ].join('; ');
  return `<!DOCTYPE html>
<html lang="${escapeHtml(parts.lang ?? 'en')}">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<meta property="csp-nonce" content="${nonce}">
${styles.map((href) => `<link rel="stylesheet" href="${href.toString()}" nonce="${nonce}">`).join('\n')}
<title>${escapeHtml(parts.title)}</title>
</head>
<body${parts.strings ? stringsAttribute(parts.strings) : ''}>
${parts.body}
<script type="module" nonce="${nonce}" src="${script.toString()}"></script>
</body>
</html>`;
}

/** Text for HTML element content and quoted attributes (a translation may hold any character). */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
