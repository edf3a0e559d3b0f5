// Hovers in prompts: on a parameter, what it does (range, models, the value's effect, its problems);
// on the text of a prompt that was imagined, its last result as a thumbnail.
import * as vscode from 'vscode';
import { Commands } from '../../constants';
import { escapeMarkdown, parameterHover } from '../../core/midjourney/promptAssist';
import { statusText } from '../../core/tasks/presentation';
import { lastResult, type PromptTaskIndex } from '../../core/tasks/promptTasks';
import { checkOptions, type PromptDocuments } from './documents';
import type { Thumbnails } from './results';

// Small enough that the hover never needs a scroll bar.
const THUMBNAIL_WIDTH = 180;

export class PromptHover implements vscode.HoverProvider {
  constructor(private readonly documents: PromptDocuments, private readonly index: PromptTaskIndex, private readonly thumbnails: Thumbnails) {}

  async provideHover(document: vscode.TextDocument, position: vscode.Position, token: vscode.CancellationToken): Promise<vscode.Hover | undefined> {
    const prompt = this.documents.promptAt(document, position);
    if (!prompt) return undefined;
    const offset = position.character - prompt.start;
    const param = parameterHover(prompt.text, offset, checkOptions());
    if (param) {
      const markdown = new vscode.MarkdownString(param.markdown);
      markdown.supportThemeIcons = true;
      return new vscode.Hover(markdown, this.documents.range(prompt, param.start, param.end));
    }
    if (offset > prompt.text.length) return undefined;
    const tasks = this.index.tasksFor(prompt.text);
    if (!tasks.length) return undefined;
    const latest = tasks[0]!;
    const result = lastResult(tasks);
    const image = result ? await this.thumbnails.uriFor(result) : undefined;
    if (token.isCancellationRequested) return undefined;
    const markdown = new vscode.MarkdownString(undefined, true);
    markdown.isTrusted = { enabledCommands: [Commands.openPromptResults] };
    const times = tasks.length === 1 ? vscode.l10n.t('once') : vscode.l10n.t('{0} times', tasks.length);
    const args = encodeURIComponent(JSON.stringify([prompt.text]));
    const openText = tasks.length > 1 ? vscode.l10n.t('$(go-to-file) Open results') : vscode.l10n.t('$(go-to-file) Open result');
    const open = `[${openText}](command:${Commands.openPromptResults}?${args} "${vscode.l10n.t('Show the result panel and the task')}")`;
    markdown.appendMarkdown(`${vscode.l10n.t('**AITRE** · imagined {0} · latest: {1} · {2}', times, escapeMarkdown(statusText(latest)), open)}\n\n`);
    if (image) {
      // A parenthesis would end the Markdown link early.
      const href = image.toString().replace(/[()]/g, (c) => encodeURIComponent(c));
      markdown.appendMarkdown(`![${vscode.l10n.t('Last result of this prompt')}](${href}|width=${THUMBNAIL_WIDTH})`);
    } else if (result) {
      markdown.appendMarkdown(vscode.l10n.t('The last result has no image AITRE can show here.'));
    }
    return new vscode.Hover(markdown, this.documents.range(prompt, 0, prompt.text.length));
  }
}
