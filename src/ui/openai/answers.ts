// Ask's answers as read-only documents (`aitre-answer:` URIs): closing one never asks to save it, and
// Ctrl+S still offers "Save As" for an answer worth keeping. The text lives here while it streams
// and for the rest of the session; an answer tab VS Code restores after a reload says it is gone.
import * as vscode from 'vscode';
import { Schemes } from '../../constants';

/** The longest an answer's name gets (from the question's first line). */
const NAME_LENGTH = 40;

export class AnswerDocuments implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly texts = new Map<string, string>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  private readonly registration: vscode.Disposable;
  private count = 0;

  constructor() {
    this.registration = vscode.workspace.registerTextDocumentContentProvider(Schemes.answer, this);
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.texts.get(uri.toString())
      ?? `_${vscode.l10n.t('This answer was not kept: answers last until the window is closed or reloaded. Ask again to get a new one.')}_\n`;
  }

  /**
   * Opens a new answer, showing `content`, beside the editor without covering `avoid` (the result
   * panel's column) and keeping the focus where it is.
   */
  async open(question: string, content: string, from: vscode.ViewColumn | undefined, avoid: vscode.ViewColumn | undefined): Promise<AnswerWriter> {
    const uri = vscode.Uri.from({ scheme: Schemes.answer, path: `/${answerName(question)}.md`, query: String(++this.count) });
    this.texts.set(uri.toString(), content);
    const document = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(document, { viewColumn: answerColumn(from, avoid), preview: false, preserveFocus: true });
    return new AnswerWriter(document, content, (text) => {
      this.texts.set(uri.toString(), text);
      this.changed.fire(uri);
    });
  }

  dispose(): void {
    this.registration.dispose();
    this.changed.dispose();
  }
}

/** The column next to `from`, or past the result panel when that is where the panel is. */
export function answerColumn(from: vscode.ViewColumn | undefined, avoid: vscode.ViewColumn | undefined): vscode.ViewColumn {
  const next = (from ?? vscode.ViewColumn.One) + 1;
  return next === avoid ? next + 1 : next;
}

/** "Answer - What does this do", in the UI language (characters a file name cannot hold are dropped, for Save As). */
export function answerName(question: string): string {
  const words = [...question.trim().split('\n')[0]!].map((c) => (c < ' ' || '\\/:*?"<>|#%'.includes(c) ? ' ' : c)).join('').replace(/\s+/g, ' ').trim();
  const cut = words.length > NAME_LENGTH ? `${words.slice(0, NAME_LENGTH).replace(/\s+\S*$/, '')}…` : words;
  return cut ? vscode.l10n.t('Answer - {0}', cut) : vscode.l10n.t('Answer');
}

/**
 * Appends to one answer as text arrives: one document update in flight at a time, pieces that
 * arrive meanwhile join the next one. `closed` says the user closed the answer's tab.
 */
export class AnswerWriter {
  private text: string;
  private shown: string;
  private running: Promise<void> | undefined;

  constructor(readonly document: vscode.TextDocument, initial: string, private readonly publish: (text: string) => void) {
    this.text = initial;
    this.shown = initial;
  }

  get closed(): boolean {
    return this.document.isClosed || !vscode.window.tabGroups.all.some((group) => group.tabs.some((tab) =>
      tab.input instanceof vscode.TabInputText && tab.input.uri.toString() === this.document.uri.toString()));
  }

  append(piece: string): void {
    if (!piece) return;
    this.text += piece;
    this.running ??= this.drain().finally(() => { this.running = undefined; });
  }

  /** Resolves when the document shows everything appended so far (or it was closed). */
  async flush(): Promise<void> {
    while (this.running) await this.running;
  }

  private async drain(): Promise<void> {
    while (this.shown !== this.text && !this.closed) {
      const target = this.text;
      await this.showing(target);
      this.shown = target;
    }
  }

  /** Publishes `target` and waits until the document holds it (VS Code reads it back a moment later). */
  private showing(target: string): Promise<void> {
    return new Promise((resolve) => {
      const done = () => { listener.dispose(); closedListener.dispose(); clearTimeout(timer); resolve(); };
      const listener = vscode.workspace.onDidChangeTextDocument((e) => { if (e.document === this.document && this.document.getText() === target) done(); });
      const closedListener = vscode.workspace.onDidCloseTextDocument((d) => { if (d === this.document) done(); });
      // A document nobody shows any more may not be read back; the text is kept here regardless.
      const timer = setTimeout(done, 5_000);
      this.publish(target);
      if (this.document.getText() === target) done();
    });
  }
}
