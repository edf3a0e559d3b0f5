// AITRE: Rewrite Selection — an instruction, the rewrite streamed in, then a diff (selection ↔ rewrite,
// both served from memory under the aitre-rewrite: scheme) with Accept / Reject in the diff's title bar
// and in a notification. Accept replaces the selection only if the original text is still there.
// (CodeLens would be nicer, but diff editors hide CodeLens unless diffEditor.codeLens is on.)
import * as vscode from 'vscode';
import { ContextKeys } from '../../constants';
import { GatewayError } from '../../core/gateway/errors';
import { withoutKeptNote } from '../../core/openai/errors';
import {
  argObject, argString, documentName, fenceFor, inputText, refuse, selectedText, withCancellableProgress,
} from './shared';
import type { OpenAiContext } from './context';

export const REWRITE_SCHEME = 'aitre-rewrite';

const SYSTEM_REWRITE = 'You rewrite text inside a code editor. Apply the user\'s instruction to the text they give. '
  + 'Reply with the rewritten text only: no explanation, no introduction, no Markdown code fence around it. '
  + 'Keep the language, formatting and indentation style of the original unless the instruction says otherwise.';

interface RewriteSession {
  id: string;
  source: vscode.Uri;
  range: vscode.Range;
  original: string;
  rewrite: string;
  /** Why the rewrite is incomplete, when it is. */
  incomplete?: string;
  originalUri: vscode.Uri;
  rewriteUri: vscode.Uri;
}

export interface RewriteResult {
  id: string;
  rewrite: string;
  incomplete?: string;
}

/** The model's reply without a code fence wrapped around all of it, with the original's trailing newline. */
export function cleanRewrite(reply: string, original: string): string {
  let text = reply;
  const fenced = /^\s*(`{3,}|~{3,})[^\n]*\n([\s\S]*?)\n?\1\s*$/.exec(text);
  if (fenced) text = fenced[2]!;
  else text = text.replace(/^\s*\n/, '');
  const trailing = /\s*$/.exec(original)?.[0] ?? '';
  return text.replace(/\s*$/, '') + trailing;
}

let sequence = 0;

export class RewriteCommands implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly sessions = new Map<string, RewriteSession>();
  private readonly changes = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changes.event;
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor(private readonly ctx: OpenAiContext) {
    this.subscriptions.push(
      this.changes,
      vscode.workspace.registerTextDocumentContentProvider(REWRITE_SCHEME, this),
      // Closing the diff by hand drops the rewrite (the file was never touched).
      vscode.window.tabGroups.onDidChangeTabs((event) => {
        for (const tab of event.closed) {
          const session = this.sessionOfTab(tab);
          if (session && !this.diffTabs(session).length) this.drop(session);
        }
      }),
    );
  }

  dispose(): void {
    for (const d of this.subscriptions) d.dispose();
    this.sessions.clear();
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    const [, id, side] = uri.path.split('/');
    const session = id ? this.sessions.get(id) : undefined;
    if (!session) return '';
    return side === 'original' ? session.original : session.rewrite;
  }

  /** Arguments: `{ instruction, model? }` skip the input box. */
  async rewriteSelection(arg?: unknown): Promise<RewriteResult | undefined> {
    const args = argObject(arg);
    const selection = selectedText(this.ctx.editors.lastTextEditor());
    if (!selection) refuse(vscode.l10n.t('Select the text to rewrite first. Nothing was sent.'));
    const instruction = argString(args, 'instruction') ?? await inputText({
      title: vscode.l10n.t('AITRE: Rewrite Selection'),
      prompt: vscode.l10n.t('How should the selected text be rewritten?'),
      placeHolder: vscode.l10n.t('Make it shorter and clearer'),
      what: vscode.l10n.t('instruction'),
    });
    if (instruction === undefined) return undefined;
    if (!instruction.trim()) refuse(vscode.l10n.t('The instruction is empty. Nothing was sent.'));
    const model = argString(args, 'model') ?? this.ctx.models.get('chat');
    const { editor, range, text } = selection;
    const language = editor.document.languageId;
    const fence = fenceFor(text);
    const stream = (signal: AbortSignal) => this.ctx.client.chatStream({
      model,
      signal,
      messages: [
        { role: 'system', content: SYSTEM_REWRITE },
        { role: 'user', content: `Instruction: ${instruction.trim()}\n\nText (${language}):\n${fence}\n${text}\n${fence}` },
      ],
    });

    let failure: GatewayError | undefined;
    const reply = await withCancellableProgress(vscode.l10n.t('AITRE: rewriting with {0}…', model), async (signal, report) => {
      const chat = stream(signal);
      try {
        await chat.result((_delta, soFar) => report(vscode.l10n.t('{0} characters', soFar.length)));
      } catch (error) {
        // Nothing arrived: nothing to show. Something arrived: show it, marked incomplete.
        if (!(error instanceof GatewayError) || !chat.text) throw error;
        failure = error;
      }
      return chat.text;
    });
    if (!reply.trim()) refuse(vscode.l10n.t('{0} sent an empty rewrite. The file is unchanged.', model));

    const id = `r${Date.now().toString(36)}${(sequence++).toString(36)}`;
    const name = documentName(editor.document).replace(/^.*\//, '') || 'selection';
    const session: RewriteSession = {
      id,
      source: editor.document.uri,
      range,
      original: text,
      rewrite: cleanRewrite(reply, text),
      ...(failure && { incomplete: failure.message }),
      originalUri: vscode.Uri.from({ scheme: REWRITE_SCHEME, path: `/${id}/original/${name}` }),
      rewriteUri: vscode.Uri.from({ scheme: REWRITE_SCHEME, path: `/${id}/rewrite/${name}` }),
    };
    this.sessions.set(id, session);
    await this.updateContext();
    await vscode.commands.executeCommand('vscode.diff', session.originalUri, session.rewriteUri,
      vscode.l10n.t('Rewrite of {0}: selection ↔ {1}rewrite', name, failure ? vscode.l10n.t('incomplete ') : ''), { preview: false });

    if (failure && failure.kind !== 'cancelled') {
      // One message, from the boundary; Accept / Reject stay in the diff's title bar.
      throw new GatewayError({
        kind: failure.kind, detail: failure.detail, status: failure.status, mayHaveReachedGateway: true,
        message: vscode.l10n.t('{0} The partial rewrite is shown in a diff: Accept or Reject it there.', withoutKeptNote(failure.message)),
      });
    }
    // Also in the diff's title bar; a click here after the diff was settled there does nothing.
    const ready = failure ? vscode.l10n.t('The rewrite of {0} was cancelled part-way; the partial rewrite is in the diff.', name) : vscode.l10n.t('The rewrite of {0} is ready in the diff.', name);
    void vscode.window.showInformationMessage(ready, vscode.l10n.t('Accept'), vscode.l10n.t('Reject')).then((choice) => {
      if (!choice || !this.sessions.has(id)) return;
      void this.ctx.boundary.run(choice === vscode.l10n.t('Accept') ? 'accept rewrite' : 'reject rewrite', () => (choice === vscode.l10n.t('Accept') ? this.accept(id) : this.reject(id)));
    });
    return { id, rewrite: session.rewrite, ...(session.incomplete && { incomplete: session.incomplete }) };
  }

  /** Replaces the original selection with the rewrite, if the original text is still there. */
  async accept(arg?: unknown): Promise<boolean> {
    const session = this.find(arg);
    const document = await vscode.workspace.openTextDocument(session.source);
    let range: vscode.Range | undefined = session.range;
    if (document.getText(range) !== session.original) {
      // The text moved (lines added above it): still take it if it is there exactly once.
      const all = document.getText();
      const at = all.indexOf(session.original);
      range = at >= 0 && all.indexOf(session.original, at + 1) < 0
        ? new vscode.Range(document.positionAt(at), document.positionAt(at + session.original.length)) : undefined;
    }
    if (!range) {
      await vscode.env.clipboard.writeText(session.rewrite);
      refuse(vscode.l10n.t('The selected text has changed since the rewrite was made, so it was not replaced. The rewrite is on the clipboard.'));
    }
    const edit = new vscode.WorkspaceEdit();
    edit.replace(document.uri, range, session.rewrite);
    if (!(await vscode.workspace.applyEdit(edit))) refuse(vscode.l10n.t('VS Code did not apply the rewrite (the file may be read-only). The file is unchanged.'));
    await this.closeDiff(session);
    this.drop(session);
    const editor = await vscode.window.showTextDocument(document, { preview: false });
    const end = document.positionAt(document.offsetAt(range.start) + session.rewrite.length);
    editor.selection = new vscode.Selection(range.start, end);
    editor.revealRange(new vscode.Range(range.start, end));
    vscode.window.setStatusBarMessage(vscode.l10n.t('AITRE: rewrite applied.'), 4000);
    return true;
  }

  /** Drops the rewrite; the file is not touched. */
  async reject(arg?: unknown): Promise<boolean> {
    const session = this.find(arg);
    await this.closeDiff(session);
    this.drop(session);
    vscode.window.setStatusBarMessage(vscode.l10n.t('AITRE: rewrite discarded; the file is unchanged.'), 4000);
    return true;
  }

  /** By id, by one of its URIs (the diff title bar passes the shown resource), else the newest. */
  private find(arg: unknown): RewriteSession {
    const key = arg instanceof vscode.Uri ? arg.path.split('/')[1] : typeof arg === 'string' ? arg : argString(argObject(arg), 'id');
    const session = key ? this.sessions.get(key) : [...this.sessions.values()].at(-1);
    if (!session) refuse(vscode.l10n.t('There is no rewrite waiting for Accept or Reject.'));
    return session;
  }

  private sessionOfTab(tab: vscode.Tab): RewriteSession | undefined {
    const input = tab.input;
    if (!(input instanceof vscode.TabInputTextDiff) || input.modified.scheme !== REWRITE_SCHEME) return undefined;
    return this.sessions.get(input.modified.path.split('/')[1] ?? '');
  }

  private diffTabs(session: RewriteSession): vscode.Tab[] {
    return vscode.window.tabGroups.all.flatMap((group) => group.tabs).filter((tab) =>
      tab.input instanceof vscode.TabInputTextDiff && tab.input.modified.toString() === session.rewriteUri.toString());
  }

  private async closeDiff(session: RewriteSession): Promise<void> {
    const tabs = this.diffTabs(session);
    if (tabs.length) await vscode.window.tabGroups.close(tabs);
  }

  private drop(session: RewriteSession): void {
    if (!this.sessions.delete(session.id)) return;
    void this.updateContext();
  }

  private async updateContext(): Promise<void> {
    await vscode.commands.executeCommand('setContext', ContextKeys.rewritePending, this.sessions.size > 0);
  }
}
