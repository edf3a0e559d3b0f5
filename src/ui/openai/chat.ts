// AITRE: Ask about Selection — a question about the selected text, the answer streamed live into a
// read-only Markdown document beside the editor (past the result panel, never over it; no save prompt
// on close). Whatever arrived stays there when the answer is cancelled or cut off; the boundary then
// says what happened.
import * as vscode from 'vscode';
import { GatewayError } from '../../core/gateway/errors';
import { withoutKeptNote } from '../../core/openai/errors';
import type { ChatMessage } from '../../core/openai/client';
import type { AnswerWriter } from './answers';
import { argObject, argString, documentName, fenceFor, inputText, withCancellableProgress } from './shared';
import { textToSend } from '../sentText';
import type { OpenAiContext } from './context';

const SYSTEM_ASK = 'You are a helpful assistant inside a code editor. Answer in Markdown. When the user shares a selection from a file, answer about that text.';

export interface AskResult {
  document: vscode.TextDocument;
  answer: string;
  finished: boolean;
}

/** The top of the answer document: the question, the selection quoted, then the answer heading. */
export function answerHeader(question: string, model: string, selection?: { text: string; name?: string; startLine: number; endLine: number; language: string }): string {
  const lines = [`# ${question.trim().split('\n')[0]!.slice(0, 120)}`, ''];
  if (question.trim().includes('\n') || question.trim().length > 120) lines.push(...question.trim().split('\n').map((l) => `> ${l}`), '');
  if (selection) {
    const fence = fenceFor(selection.text);
    const where = selection.startLine === selection.endLine ? vscode.l10n.t('line {0}', selection.startLine + 1) : vscode.l10n.t('lines {0}–{1}', selection.startLine + 1, selection.endLine + 1);
    lines.push(selection.name ? vscode.l10n.t('Selection from {0}, {1}:', `\`${selection.name}\``, where) : vscode.l10n.t('About this text:'), '', `${fence}${selection.language === 'plaintext' ? '' : selection.language}`, selection.text.replace(/\s+$/, ''), fence, '');
  }
  lines.push('---', '', vscode.l10n.t('**Answer** ({0}):', model), '', '');
  return lines.join('\n');
}

export class ChatCommands {
  constructor(private readonly ctx: OpenAiContext) {}

  /** Arguments: `{ question, text?, model? }` skip the input box (and the selection, when `text` is given). */
  async askAboutSelection(arg?: unknown): Promise<AskResult | undefined> {
    const args = argObject(arg);
    const given = argString(args, 'text');
    // The selection, or with none the cursor's line (a cut-short selection asks once).
    const selection = given === undefined ? await textToSend(this.ctx.editors.lastTextEditor(), vscode.l10n.t('Ask')) : undefined;
    if (selection === null) return undefined;
    const context = given ?? selection?.text;
    const question = argString(args, 'question') ?? await inputText({
      title: vscode.l10n.t('AITRE: Ask about Selection'),
      prompt: context ? vscode.l10n.t('Your question about the selected text.') : vscode.l10n.t('Your question (no text is selected, so it is sent on its own).'),
      placeHolder: vscode.l10n.t('e.g. What does this do? Any bugs?'),
      what: vscode.l10n.t('question'),
    });
    if (question === undefined) return undefined;
    if (!question.trim()) throw new GatewayError({ kind: 'validation', message: vscode.l10n.t('The question is empty. Nothing was sent.') });
    const model = argString(args, 'model') ?? this.ctx.models.get('chat');
    const messages: ChatMessage[] = [
      { role: 'system', content: SYSTEM_ASK },
      { role: 'user', content: context ? `${question.trim()}\n\nThe selected text:\n${fenceFor(context)}\n${context}\n${fenceFor(context)}` : question.trim() },
    ];
    const fromSelection = Boolean(selection) && argString(args, 'text') === undefined;
    const header = answerHeader(question, model, context === undefined ? undefined : {
      text: context,
      name: fromSelection ? documentName(selection!.editor.document) : undefined,
      startLine: fromSelection ? selection!.range.start.line : 0,
      endLine: fromSelection ? selection!.range.end.line : context.split('\n').length - 1,
      language: fromSelection ? selection!.editor.document.languageId : 'plaintext',
    });

    return withCancellableProgress(vscode.l10n.t('AITRE: asking {0}…', model), async (signal, report) => {
      const stream = this.ctx.client.chatStream({ model, messages, signal });
      // The document opens with the first words, so a refused request (no key, 401, 429, unknown model)
      // leaves no empty document behind.
      let out: AnswerWriter | undefined;
      const from = selection?.editor.viewColumn ?? this.ctx.editors.lastTextEditor()?.viewColumn;
      const open = async () => {
        out ??= await this.ctx.answers.open(question, header, from, this.ctx.panel.visibleColumn);
        return out;
      };
      let opening: Promise<AnswerWriter> | undefined;
      let received = 0;
      try {
        for await (const delta of stream) {
          opening ??= open();
          (await opening).append(delta);
          received += delta.length;
          if (out?.closed) throw new GatewayError({ kind: 'cancelled', message: vscode.l10n.t('The answer document was closed.') });
          report(vscode.l10n.t('{0} characters', received));
        }
      } catch (error) {
        if (!stream.text) throw error;
        const writer = await (opening ?? open());
        await writer.flush();
        const why = error instanceof GatewayError && error.kind === 'cancelled' ? vscode.l10n.t('Cancelled: the answer above is incomplete.')
          : vscode.l10n.t('The answer above is incomplete: {0}', error instanceof GatewayError ? withoutKeptNote(error.message) : vscode.l10n.t('it stopped early.'));
        writer.append(`\n\n> ⚠️ ${why}\n`);
        await writer.flush();
        throw error;
      }
      const writer = await (opening ?? open());
      if (!stream.text) writer.append(`${vscode.l10n.t('_(The model sent an empty answer.)_')}\n`);
      else if (stream.finishReason === 'length') writer.append(`\n\n> ⚠️ ${vscode.l10n.t('The answer stopped at the model\'s length limit.')}\n`);
      else if (!stream.text.endsWith('\n')) writer.append('\n');
      await writer.flush();
      vscode.window.setStatusBarMessage(vscode.l10n.t('AITRE: {0} answered ({1} characters).', model, stream.text.length), 4000);
      return { document: writer.document, answer: stream.text, finished: true };
    });
  }
}
