// Prompt problems as you type: the core checker on every prompt of open documents, debounced, no
// network. Diagnostics never block anything; Imagine asks once when a prompt has errors.
import * as vscode from 'vscode';
import { PromptLanguage } from '../../constants';
import { checkPrompt, type PromptProblem, type Severity } from '../../core/midjourney/promptCheck';
import { config } from '../../platform/config';
import { checkOptions, type EditorPrompt, type PromptDocuments } from './documents';

const SEVERITY: Record<Severity, vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  info: vscode.DiagnosticSeverity.Information,
};

/** The diagnostic shown for a problem of a prompt (also used to match quick fixes to it). */
export function toDiagnostic(documents: PromptDocuments, prompt: EditorPrompt, problem: PromptProblem): vscode.Diagnostic {
  const diagnostic = new vscode.Diagnostic(documents.range(prompt, problem.start, problem.end), problem.message, SEVERITY[problem.severity]);
  diagnostic.source = PromptLanguage.diagnosticSource;
  diagnostic.code = problem.code;
  return diagnostic;
}

export class PromptDiagnostics implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection('aitre-prompts');
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();
  private readonly disposables: vscode.Disposable[] = [];

  constructor(private readonly documents: PromptDocuments, private readonly delayMs = 250) {
    this.disposables.push(
      this.collection,
      vscode.workspace.onDidOpenTextDocument((doc) => this.update(doc)),
      vscode.workspace.onDidChangeTextDocument((event) => { if (event.contentChanges.length) this.schedule(event.document); }),
      vscode.workspace.onDidCloseTextDocument((doc) => {
        this.cancel(doc);
        this.documents.forget(doc);
        this.collection.delete(doc.uri);
      }),
    );
    this.refreshAll();
  }

  /** Re-checks every open document (after a settings change). */
  refreshAll(): void {
    for (const doc of vscode.workspace.textDocuments) this.update(doc);
  }

  private schedule(doc: vscode.TextDocument): void {
    this.cancel(doc);
    const key = doc.uri.toString();
    this.timers.set(key, setTimeout(() => {
      this.timers.delete(key);
      if (!doc.isClosed) this.update(doc);
    }, this.delayMs));
  }

  private cancel(doc: vscode.TextDocument): void {
    const key = doc.uri.toString();
    const timer = this.timers.get(key);
    if (timer) clearTimeout(timer);
    this.timers.delete(key);
  }

  update(doc: vscode.TextDocument): void {
    if (!this.documents.scopeOf(doc) || !config.promptDiagnostics(doc)) {
      this.collection.delete(doc.uri);
      return;
    }
    const options = checkOptions();
    const diagnostics: vscode.Diagnostic[] = [];
    for (const prompt of this.documents.prompts(doc)) {
      for (const problem of checkPrompt(prompt.text, options)) diagnostics.push(toDiagnostic(this.documents, prompt, problem));
    }
    this.collection.set(doc.uri, diagnostics);
  }

  dispose(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
    for (const d of this.disposables) d.dispose();
  }
}
