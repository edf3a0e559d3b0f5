// Lenses above each prompt: Imagine, Imagine (Niji), and once imagined "Open result (n)". Imagine
// runs the Imagine from Selection command with the prompt, so it is the one way to submit (and it
// asks before sending a prompt with errors). The aitre.prompts.codeLens setting turns them off,
// also per language.
import * as vscode from 'vscode';
import { Commands } from '../../constants';
import type { PromptTaskIndex } from '../../core/tasks/promptTasks';
import { parsePrompt } from '../../core/midjourney/promptTokens';
import { config } from '../../platform/config';
import type { PromptDocuments } from './documents';

export class PromptCodeLenses implements vscode.CodeLensProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;
  private signature: string;
  private readonly subscription: { dispose(): void };

  constructor(private readonly documents: PromptDocuments, private readonly index: PromptTaskIndex) {
    this.signature = index.signature();
    // Progress ticks change nothing a lens shows: refresh only when a prompt's task count changes.
    this.subscription = index.onDidChange(() => {
      const next = this.index.signature();
      if (next === this.signature) return;
      this.signature = next;
      this.changed.fire();
    });
  }

  refresh(): void {
    this.changed.fire();
  }

  provideCodeLenses(document: vscode.TextDocument): vscode.CodeLens[] {
    if (!config.promptCodeLens(document)) return [];
    const lenses: vscode.CodeLens[] = [];
    for (const prompt of this.documents.prompts(document)) {
      const range = this.documents.range(prompt, 0, prompt.text.length);
      lenses.push(new vscode.CodeLens(range, {
        title: vscode.l10n.t('$(sparkle) Imagine'),
        tooltip: vscode.l10n.t('Send this prompt to MidJourney (one paid job)'),
        command: Commands.imagineFromSelection,
        arguments: [{ prompt: prompt.text }],
      }));
      // A prompt that picks its model (--niji or --v) already says which bot draws it; otherwise
      // the other bot than the default one is a click away.
      const picksModel = parsePrompt(prompt.text).params.some((p) => p.spec?.name === 'niji' || p.spec?.name === 'v');
      if (!picksModel) lenses.push(new vscode.CodeLens(range, otherBot(prompt.text, config.botType())));
      const count = this.index.tasksFor(prompt.text).length;
      if (count) {
        lenses.push(new vscode.CodeLens(range, {
          title: vscode.l10n.t('Open result ({0})', count),
          tooltip: count === 1 ? vscode.l10n.t('Show the task this prompt made') : vscode.l10n.t('Pick one of the {0} tasks this prompt made', count),
          command: Commands.openPromptResults,
          arguments: [prompt.text],
        }));
      }
    }
    return lenses;
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}

function otherBot(prompt: string, defaultBot: 'MID_JOURNEY' | 'NIJI_JOURNEY'): vscode.Command {
  return defaultBot === 'NIJI_JOURNEY'
    ? {
      title: vscode.l10n.t('Imagine (MidJourney)'),
      tooltip: vscode.l10n.t('Send this prompt to the MidJourney bot instead of Niji (one paid job)'),
      command: Commands.imagineFromSelection,
      arguments: [{ prompt, botType: 'MID_JOURNEY' }],
    }
    : {
      title: vscode.l10n.t('Imagine (Niji)'),
      tooltip: vscode.l10n.t('Send this prompt to the Niji bot (anime and illustration; one paid job)'),
      command: Commands.imagineFromSelection,
      arguments: [{ prompt, botType: 'NIJI_JOURNEY' }],
    };
}
