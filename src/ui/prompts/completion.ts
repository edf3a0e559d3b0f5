// Completion inside prompts: parameter names after `--`, values after a name, and image URLs the
// user made recently after --sref / --oref / --cref / --end. The items come from the core.
import * as vscode from 'vscode';
import { completionItems, completionSpot, type AssistItem, type ReferenceUrl } from '../../core/midjourney/promptAssist';
import { checkOptions, type EditorPrompt, type PromptDocuments } from './documents';

/** Typing `-` starts a parameter; a space after a name (or a value's `:`) asks for its values. */
export const COMPLETION_TRIGGERS = ['-', ' ', ':', '\u2014', '\u2013'];

export class PromptCompletion implements vscode.CompletionItemProvider {
  constructor(private readonly documents: PromptDocuments, private readonly references: () => ReferenceUrl[]) {}

  provideCompletionItems(document: vscode.TextDocument, position: vscode.Position): vscode.CompletionItem[] | undefined {
    const prompt = this.documents.promptAt(document, position);
    if (!prompt) return undefined;
    const offset = position.character - prompt.start;
    const spot = completionSpot(prompt.tail, offset, checkOptions());
    if (!spot) return undefined;
    const references = spot.kind === 'value' && spot.spec.kind !== 'references' ? [] : this.references();
    return completionItems(spot, references).map((item) => this.toItem(prompt, position, item, spot.kind === 'name' ? spot.typed : ''));
  }

  private toItem(prompt: EditorPrompt, position: vscode.Position, item: AssistItem, typed: string): vscode.CompletionItem {
    const isName = item.label.startsWith('--');
    const result = new vscode.CompletionItem(
      { label: item.label, description: item.detail },
      isName ? vscode.CompletionItemKind.Property : /^https?:/.test(item.label) ? vscode.CompletionItemKind.Reference : vscode.CompletionItemKind.Value,
    );
    result.insertText = item.snippet ? new vscode.SnippetString(item.insertText) : item.insertText;
    result.detail = item.detail;
    result.documentation = new vscode.MarkdownString(item.documentation);
    result.sortText = item.sortText;
    // A word typed with a phone's dash still finds `--chaos` (inserting it writes proper dashes);
    // `-` and `--` match the label itself, also while the second `-` is typed.
    const lookalike = /^-?[\u2010-\u2015\u2212]{1,2}/.exec(typed)?.[0];
    result.filterText = isName && lookalike ? `${lookalike}${item.label.slice(2)}` : item.label;
    const start = this.documents.range(prompt, item.start, item.end);
    result.range = { inserting: new vscode.Range(start.start, position), replacing: start };
    if (item.notApplicable) result.tags = [vscode.CompletionItemTag.Deprecated];
    if (item.retrigger) result.command = { command: 'editor.action.triggerSuggest', title: vscode.l10n.t('Suggest reference images') };
    return result;
  }
}
