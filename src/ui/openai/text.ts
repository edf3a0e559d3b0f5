// Embeddings (Embed Selection → a JSON document; Compare Selections → a cosine similarity in plain words)
// and legacy completions (Complete at Cursor → text inserted where the cursor is).
import * as vscode from 'vscode';
import { cosineSimilarity } from '../../core/openai/client';
import {
  argNumber, argObject, argString, inputText, openUntitled, refuse, selectedText, withCancellableProgress,
} from './shared';
import type { OpenAiContext } from './context';

/** How much of the document before the cursor goes into a completion prompt. */
export const COMPLETION_CONTEXT_CHARS = 2000;
const PREVIEW_CHARS = 200;

/** "0.873 — very similar". */
export function describeSimilarity(value: number): string {
  const words = value >= 0.95 ? vscode.l10n.t('nearly identical in meaning')
    : value >= 0.8 ? vscode.l10n.t('very similar')
      : value >= 0.6 ? vscode.l10n.t('similar')
        : value >= 0.4 ? vscode.l10n.t('somewhat related')
          : value >= 0.2 ? vscode.l10n.t('loosely related')
            : vscode.l10n.t('unrelated');
  return `${value.toFixed(3)} — ${words}`;
}

export function preview(text: string, max = PREVIEW_CHARS): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

/** The embedding JSON with the vector on one line (pretty everywhere else). */
export function embeddingJson(record: { model: string; input: string; dimensions: number; usage: unknown; embedding: number[] }): string {
  const { embedding, ...rest } = record;
  const head = JSON.stringify(rest, null, 2).replace(/\n}$/, '');
  return `${head},\n  "embedding": [${embedding.join(', ')}]\n}\n`;
}

export interface CompareOutcome {
  similarity: number;
  message: string;
}

export class TextCommands {
  constructor(private readonly ctx: OpenAiContext) {}

  /** AITRE: Embed Selection. Arguments: `{ text?, model?, dimensions? }`. */
  async embedSelection(arg?: unknown): Promise<vscode.TextDocument | undefined> {
    const args = argObject(arg);
    const text = argString(args, 'text') ?? selectedText(this.ctx.editors.lastTextEditor())?.text ?? await inputText({
      title: vscode.l10n.t('AITRE: Embed Selection'), prompt: vscode.l10n.t('No text is selected: the text to embed.'), what: 'text',
    });
    if (text === undefined) return undefined;
    if (!text.trim()) refuse(vscode.l10n.t('There is no text to embed. Nothing was sent.'));
    const model = argString(args, 'model') ?? this.ctx.models.get('embeddings');
    const dimensions = argNumber(args, 'dimensions');
    const result = await withCancellableProgress(vscode.l10n.t('AITRE: embedding with {0}…', model), (signal) => this.ctx.client.embed({ model, input: text, dimensions, signal }));
    const vector = result.vectors[0]!;
    const json = embeddingJson({
      model: result.model,
      input: preview(text),
      dimensions: vector.length,
      usage: { prompt_tokens: result.usage.promptTokens, total_tokens: result.usage.totalTokens },
      embedding: vector,
    });
    const editor = await openUntitled(json, 'json');
    vscode.window.setStatusBarMessage(vscode.l10n.t('AITRE: {0}-number embedding from {1}.', vector.length, result.model), 5000);
    return editor.document;
  }

  /**
   * AITRE: Compare Selections: two selections (multi-cursor), or the selection and a text typed in.
   * Arguments: `{ a, b, model? }`.
   */
  async compareSelections(arg?: unknown): Promise<CompareOutcome | undefined> {
    const args = argObject(arg);
    let a = argString(args, 'a');
    let b = argString(args, 'b');
    if (a === undefined || b === undefined) {
      const editor = this.ctx.editors.lastTextEditor();
      const selections = (editor?.selections ?? []).map((s) => editor!.document.getText(s)).filter((t) => t.trim());
      a ??= selections[0];
      if (a === undefined) {
        a = await inputText({ title: vscode.l10n.t('AITRE: Compare Selections (1 of 2)'), prompt: vscode.l10n.t('No text is selected: the first text.'), what: vscode.l10n.t('first text') });
        if (a === undefined) return undefined;
      }
      b ??= selections[1] ?? await inputText({
        title: vscode.l10n.t('AITRE: Compare Selections'), prompt: vscode.l10n.t('Compare "{0}" with…', preview(a, 60)), placeHolder: vscode.l10n.t('Another text (or select two passages with Alt+Click)'), what: vscode.l10n.t('second text'),
      });
      if (b === undefined) return undefined;
    }
    if (!a.trim() || !b.trim()) refuse(vscode.l10n.t('One of the two texts is empty. Nothing was sent.'));
    const model = argString(args, 'model') ?? this.ctx.models.get('embeddings');
    const result = await withCancellableProgress(vscode.l10n.t('AITRE: comparing with {0}…', model), (signal) => this.ctx.client.embed({ model, input: [a!, b!], signal }));
    const similarity = cosineSimilarity(result.vectors[0]!, result.vectors[1]!);
    const message = vscode.l10n.t('AITRE: similarity {0} ("{1}" vs "{2}", {3}).', describeSimilarity(similarity), preview(a, 40), preview(b, 40), result.model);
    void vscode.window.showInformationMessage(message);
    return { similarity, message };
  }

  /** AITRE: Complete at Cursor: the last ~2,000 characters before the cursor → /v1/completions → inserted there. Arguments: `{ maxTokens?, model? }`. */
  async completeAtCursor(arg?: unknown): Promise<string | undefined> {
    const args = argObject(arg);
    const editor = this.ctx.editors.lastTextEditor();
    if (!editor) refuse(vscode.l10n.t('Open a document and put the cursor where the text should continue.'));
    const document = editor.document;
    const position = editor.selection.active;
    const offset = document.offsetAt(position);
    const prompt = document.getText(new vscode.Range(document.positionAt(Math.max(0, offset - COMPLETION_CONTEXT_CHARS)), position));
    if (!prompt.trim()) refuse(vscode.l10n.t('There is no text before the cursor to continue. Nothing was sent.'));
    const model = argString(args, 'model') ?? this.ctx.models.get('completions');
    const version = document.version;
    const result = await withCancellableProgress(vscode.l10n.t('AITRE: completing with {0}…', model), (signal) =>
      this.ctx.client.complete({ model, prompt, maxTokens: argNumber(args, 'maxTokens') ?? 256, signal }));
    if (!result.text) {
      vscode.window.setStatusBarMessage(vscode.l10n.t('AITRE: {0} had nothing to add.', model), 4000);
      return '';
    }
    if (document.isClosed) {
      await vscode.env.clipboard.writeText(result.text);
      refuse(vscode.l10n.t('The document was closed before the completion arrived. The completion is on the clipboard.'));
    }
    // Typed meanwhile: the text goes where the cursor is now.
    const live = vscode.window.visibleTextEditors.find((e) => e.document === document);
    const at = document.version === version ? position : (live ?? editor).selection.active;
    const edit = new vscode.WorkspaceEdit();
    edit.insert(document.uri, at, result.text);
    if (!(await vscode.workspace.applyEdit(edit))) refuse(vscode.l10n.t('VS Code did not insert the completion (the document may be read-only).'));
    if (live) {
      const end = document.positionAt(document.offsetAt(at) + result.text.length);
      live.selection = new vscode.Selection(end, end);
    }
    vscode.window.setStatusBarMessage(vscode.l10n.t('AITRE: inserted {0} characters from {1}{2}.', result.text.length, result.model, result.finishReason === 'length' ? vscode.l10n.t(' (stopped at the token limit)') : ''), 5000);
    return result.text;
  }
}
