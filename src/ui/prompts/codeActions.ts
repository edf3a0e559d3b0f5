// Quick fixes for prompt diagnostics: the core checker's fixes (plain offsets and text) as edits.
import * as vscode from 'vscode';
import { PromptLanguage } from '../../constants';
import { checkPrompt } from '../../core/midjourney/promptCheck';
import { checkOptions, type PromptDocuments } from './documents';
import { toDiagnostic } from './diagnostics';

export class PromptCodeActions implements vscode.CodeActionProvider {
  static readonly metadata: vscode.CodeActionProviderMetadata = { providedCodeActionKinds: [vscode.CodeActionKind.QuickFix] };

  constructor(private readonly documents: PromptDocuments) {}

  provideCodeActions(document: vscode.TextDocument, range: vscode.Range | vscode.Selection, context: vscode.CodeActionContext): vscode.CodeAction[] {
    if (context.only && !vscode.CodeActionKind.QuickFix.contains(context.only) && !context.only.contains(vscode.CodeActionKind.QuickFix)) return [];
    const ours = context.diagnostics.filter((d) => d.source === PromptLanguage.diagnosticSource);
    if (!ours.length) return [];
    const actions: vscode.CodeAction[] = [];
    const options = checkOptions();
    for (const prompt of this.documents.prompts(document)) {
      if (prompt.line < range.start.line || prompt.line > range.end.line) continue;
      for (const problem of checkPrompt(prompt.text, options)) {
        // Each fix belongs to the diagnostic it repairs: same code, same range.
        const expected = toDiagnostic(this.documents, prompt, problem);
        const diagnostic = ours.find((d) => d.code === expected.code && d.range.isEqual(expected.range));
        if (!diagnostic) continue;
        for (const fix of problem.fixes) {
          const action = new vscode.CodeAction(fix.title, vscode.CodeActionKind.QuickFix);
          action.diagnostics = [diagnostic];
          action.isPreferred = fix.preferred === true;
          action.edit = new vscode.WorkspaceEdit();
          for (const edit of fix.edits) action.edit.replace(document.uri, this.documents.range(prompt, edit.start, edit.end), edit.text);
          actions.push(action);
        }
      }
    }
    return actions;
  }
}
