// Pieces every OpenAI-format command uses: refusals, arguments, the selection, progress with Cancel,
// and a document that text streams into. (What the commands are given: context.ts.)
import * as vscode from 'vscode';
import { GatewayError, refuse } from '../../core/gateway/errors';

export { refuse };


export function cancelled(message = 'Cancelled.'): GatewayError {
  return new GatewayError({ kind: 'cancelled', message, mayHaveReachedGateway: true });
}

/** A plain-object argument (from a keybinding, a test or another command), else {}. */
export function argObject(arg: unknown): Record<string, unknown> {
  return typeof arg === 'object' && arg !== null && !Array.isArray(arg) && !(arg instanceof vscode.Uri) ? arg as Record<string, unknown> : {};
}

export const argString = (args: Record<string, unknown>, key: string): string | undefined =>
  typeof args[key] === 'string' ? args[key] as string : undefined;

export const argNumber = (args: Record<string, unknown>, key: string): number | undefined =>
  typeof args[key] === 'number' && Number.isFinite(args[key]) ? args[key] as number : undefined;

/** The selection of an editor: its text and where it is. */
export interface SelectedText {
  editor: vscode.TextEditor;
  range: vscode.Range;
  text: string;
}

export function selectedText(editor: vscode.TextEditor | undefined): SelectedText | undefined {
  if (!editor || editor.selection.isEmpty) return undefined;
  const range = new vscode.Range(editor.selection.start, editor.selection.end);
  const text = editor.document.getText(range);
  return text.trim() ? { editor, range, text } : undefined;
}

/** The file name of a document, for titles ("notes.md", "Untitled-1"). */
export function documentName(document: vscode.TextDocument): string {
  const path = document.uri.path;
  return document.isUntitled ? path : path.slice(path.lastIndexOf('/') + 1);
}

/** Explorer commands get (clicked, selection[]); tests may pass { uri }. */
export function uriArgument(arg: unknown): vscode.Uri | undefined {
  if (arg instanceof vscode.Uri) return arg;
  const given = argObject(arg).uri;
  if (given instanceof vscode.Uri) return given;
  if (typeof given === 'string' && given) return /^[a-z][\w+.-]*:/i.test(given) && !/^[a-z]:[\\/]/i.test(given) ? vscode.Uri.parse(given) : vscode.Uri.file(given);
  return undefined;
}

export async function inputText(options: vscode.InputBoxOptions & { what: string }): Promise<string | undefined> {
  const { what, ...box } = options;
  const value = await vscode.window.showInputBox({
    ignoreFocusOut: true,
    validateInput: (text) => (text.trim() ? undefined : vscode.l10n.t('The {0} is empty.', what)),
    ...box,
  });
  if (value === undefined) return undefined;
  if (!value.trim()) refuse(vscode.l10n.t('The {0} is empty. Nothing was sent.', what));
  return value;
}

/**
 * Runs `work` under a notification with a Cancel button. Cancel aborts the signal; the work decides
 * what it keeps. The title is updated through `report`.
 */
export function withCancellableProgress<T>(title: string, work: (signal: AbortSignal, report: (message: string) => void) => Promise<T>): Promise<T> {
  return Promise.resolve(vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, async (progress, token) => {
    const controller = new AbortController();
    const subscription = token.onCancellationRequested(() => controller.abort());
    try {
      return await work(controller.signal, (message) => progress.report({ message }));
    } finally {
      subscription.dispose();
    }
  }));
}

/** A language id VS Code knows, else plaintext (openTextDocument refuses unknown ids on some versions). */
export async function knownLanguage(...candidates: string[]): Promise<string> {
  const known = new Set(await vscode.languages.getLanguages());
  return candidates.find((id) => known.has(id)) ?? 'plaintext';
}

/** A new untitled document (not a preview): beside the editor keeping the focus there, or in its place, focused. */
export async function openUntitled(content: string, language: string, where: 'beside' | 'active' = 'beside'): Promise<vscode.TextEditor> {
  const document = await vscode.workspace.openTextDocument({ language, content });
  return where === 'beside'
    ? vscode.window.showTextDocument(document, { viewColumn: vscode.ViewColumn.Beside, preview: false, preserveFocus: true })
    : vscode.window.showTextDocument(document, { viewColumn: vscode.ViewColumn.Active, preview: false, preserveFocus: false });
}

/** A Markdown code fence longer than any run of backticks in `text`. */
export function fenceFor(text: string): string {
  const longest = Math.max(0, ...Array.from(text.matchAll(/`+/g), (m) => m[0].length));
  return '`'.repeat(Math.max(3, longest + 1));
}

/** A readable size: 812 B, 14.2 KB, 3.1 MB. */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** The same failure with a sentence added (what was kept), for the boundary to show. */
export function withNote(error: unknown, note: string): unknown {
  if (!(error instanceof GatewayError) || !note) return error;
  return new GatewayError({
    kind: error.kind, detail: error.detail, status: error.status, code: error.code, retryAfterMs: error.retryAfterMs,
    mayHaveReachedGateway: error.mayHaveReachedGateway, message: `${error.message} ${note}`,
  });
}
