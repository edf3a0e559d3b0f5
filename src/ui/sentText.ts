// What Imagine, Generate Image and Ask send from the editor: the selection, or with none the prompt on
// the cursor's line; a selection that leaves prompt text or parameters on its line(s) asks once
// whether to send the whole line (a wrapped line selected with Home, Shift+End is cut where the
// screen wraps it, not where the prompt ends).
import * as vscode from 'vscode';
import { leftOutOfLines, leftOutSentence, promptOfLine } from '../core/midjourney/promptScope';

export interface TakenText {
  editor: vscode.TextEditor;
  range: vscode.Range;
  text: string;
}

const WHOLE_LINE = (): string => vscode.l10n.t('Send the Whole Line');
const SELECTION_ONLY = (): string => vscode.l10n.t('Send the Selection Only');

/**
 * The text to send from `editor`. Undefined when the editor has nothing to offer (no editor, a blank
 * line): the command asks for the text instead. Null when the user dismissed the question: nothing is sent.
 */
export async function textToSend(editor: vscode.TextEditor | undefined, what: string): Promise<TakenText | undefined | null> {
  if (!editor) return undefined;
  const { document, selection } = editor;
  if (selection.isEmpty) {
    const line = document.lineAt(selection.active.line);
    const text = promptOfLine(line.text);
    return text ? { editor, range: line.range, text } : undefined;
  }
  // A selection made with Shift+Down ends at column 0 of the next line: that line is not part of it.
  const endLine = selection.end.character === 0 && selection.end.line > selection.start.line ? selection.end.line - 1 : selection.end.line;
  const end = selection.end.line === endLine ? selection.end : document.lineAt(endLine).range.end;
  const range = new vscode.Range(selection.start, end);
  const text = document.getText(range);
  if (!text.trim()) return undefined;
  const lines: string[] = [];
  for (let i = selection.start.line; i <= endLine; i++) lines.push(document.lineAt(i).text);
  const left = leftOutOfLines(lines, selection.start.character, end.character);
  if (!left) return { editor, range, text };
  const choice = await vscode.window.showWarningMessage(leftOutSentence(left), {
    modal: true,
    detail: vscode.l10n.t('The whole line: "{0}"\nThe selection: "{1}"\n\nWhich one should {2} send?', clip(left.whole), clip(text.replace(/\s+/g, ' ').trim()), what),
  }, WHOLE_LINE(), SELECTION_ONLY());
  if (choice === undefined) return null;
  if (choice === SELECTION_ONLY()) return { editor, range, text };
  const whole = new vscode.Range(selection.start.line, 0, endLine, document.lineAt(endLine).text.length);
  return { editor, range: whole, text: left.whole };
}

function clip(text: string, max = 300): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
