// Which documents hold prompts and where: the `midjourney` language (every line), Markdown and plain
// text files listed in aitre.prompts.files (every non-heading line), and ```midjourney blocks in any
// other Markdown or plain-text file. The core finds the lines; this adds VS Code's glob matching
// and a per-version cache, so every provider asks the same question cheaply.
import * as vscode from 'vscode';
import { PromptLanguage } from '../../constants';
import type { CheckOptions } from '../../core/midjourney/promptCheck';
import { findPrompts, type PromptLine, type PromptScope } from '../../core/midjourney/promptDocument';
import { config } from '../../platform/config';

/** The languages the prompt providers are registered for. */
export const PROMPT_SELECTOR: vscode.DocumentSelector = [
  { language: PromptLanguage.id },
  { language: 'markdown' },
  { language: 'plaintext' },
];

/** A prompt on a line, with the line's text from the prompt's start (trailing spaces kept, for the cursor). */
export interface EditorPrompt extends PromptLine {
  /** The line from the prompt's first character to its end, trailing spaces included. */
  tail: string;
}

export class PromptDocuments {
  private readonly cache = new Map<string, { version: number; prompts: EditorPrompt[] }>();

  constructor(private readonly files: () => string[] = config.promptFiles) {}

  /** How a document holds prompts, or undefined when it cannot hold any. */
  scopeOf(document: vscode.TextDocument): PromptScope | undefined {
    if (document.languageId === PromptLanguage.id) return { allLines: true, markdown: false };
    if (document.languageId !== 'markdown' && document.languageId !== 'plaintext') return undefined;
    const markdown = document.languageId === 'markdown';
    const listed = this.files().some((glob) => filtersFor(glob).some((pattern) => vscode.languages.match({ pattern }, document) > 0));
    return { allLines: listed, markdown };
  }

  prompts(document: vscode.TextDocument): EditorPrompt[] {
    const key = document.uri.toString();
    const cached = this.cache.get(key);
    if (cached && cached.version === document.version) return cached.prompts;
    const scope = this.scopeOf(document);
    const text = document.getText();
    // Most Markdown files have no prompt fence: skip the scan.
    const found = !scope || (!scope.allLines && !/^\s{0,3}(?:`{3,}|~{3,})/m.test(text)) ? [] : findPrompts(text, scope);
    const prompts = found.map((p) => ({ ...p, tail: document.lineAt(p.line).text.slice(p.start) }));
    this.cache.set(key, { version: document.version, prompts });
    return prompts;
  }

  /** The prompt under a position (its trailing spaces count, so completion works after "--v "). */
  promptAt(document: vscode.TextDocument, position: vscode.Position): EditorPrompt | undefined {
    return this.prompts(document).find((p) => p.line === position.line && position.character >= p.start && position.character <= p.start + p.tail.length);
  }

  /** The editor range of a span given as offsets into a prompt. */
  range(prompt: PromptLine, start: number, end: number): vscode.Range {
    return new vscode.Range(prompt.line, prompt.start + start, prompt.line, prompt.start + end);
  }

  forget(document: vscode.TextDocument): void {
    this.cache.delete(document.uri.toString());
  }

  /** Settings changed (which files are listed): every answer may change. */
  clear(): void {
    this.cache.clear();
  }
}

// A glob from the setting as document filters. Globs starting with a double star, and absolute ones,
// match anywhere; "prompts/*.md" is relative to each workspace folder (a bare DocumentFilter pattern
// would be matched against the absolute path and never match).
function filtersFor(glob: string): vscode.GlobPattern[] {
  const trimmed = glob.trim();
  if (trimmed.startsWith('**') || trimmed.startsWith('/') || /^[A-Za-z]:[\\/]/.test(trimmed)) return [trimmed];
  return (vscode.workspace.workspaceFolders ?? []).map((folder) => new vscode.RelativePattern(folder, trimmed.replace(/^\.\//, '')));
}

/** What the checker assumes: the bot AITRE sends to by default and the user's default version. */
export function checkOptions(overrides: CheckOptions = {}): CheckOptions {
  return { bot: config.botType(), defaultVersion: config.promptDefaultVersion(), ...overrides };
}
