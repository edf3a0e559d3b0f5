// Prompts are code: completion, hovers, diagnostics with quick fixes and lenses for MidJourney
// prompts in the editor. Registers the thin providers over the core checker and the task store.
import * as vscode from 'vscode';
import { Commands, Settings } from '../../constants';
import { PromptTaskIndex, recentReferenceUrls } from '../../core/tasks/promptTasks';
import type { ResultImages } from '../../core/tasks/result-images';
import type { TaskStore } from '../../core/tasks/store';
import { config } from '../../platform/config';
import type { CommandBoundary } from '../boundary';
import type { ResultCommands } from '../results/commands';
import { PromptCodeActions } from './codeActions';
import { PromptCodeLenses } from './codeLens';
import { COMPLETION_TRIGGERS, PromptCompletion } from './completion';
import { PromptDiagnostics } from './diagnostics';
import { PROMPT_SELECTOR, PromptDocuments } from './documents';
import { PromptHover } from './hover';
import { openPromptResults, Thumbnails, type PromptResultsUi } from './results';

export interface PromptDeps {
  store: TaskStore;
  results: ResultCommands;
  images: ResultImages;
  boundary: CommandBoundary;
  ui: PromptResultsUi;
  gatewayRoot: () => string | undefined;
  /** Images uploaded as references (MidjourneyService.recentReferences), newest first. */
  uploads?: () => { url: string; label: string }[];
}

export function registerPromptFeatures(context: vscode.ExtensionContext, deps: PromptDeps): void {
  const documents = new PromptDocuments();
  const index = new PromptTaskIndex(deps.store);
  // The one source of reference URLs for completion (uploads feed the store as tasks).
  // Uploaded local files come first (they were picked as references on purpose); one entry per URL.
  const references = () => {
    const seen = new Set<string>();
    return [...(deps.uploads?.() ?? []), ...recentReferenceUrls(deps.store.values(), deps.gatewayRoot())].filter((r) => !seen.has(r.url) && Boolean(seen.add(r.url)));
  };
  const thumbnails = new Thumbnails({ images: deps.images, storageRoot: context.globalStorageUri, results: deps.results });
  const diagnostics = new PromptDiagnostics(documents);
  const lenses = new PromptCodeLenses(documents, index);

  context.subscriptions.push(
    index,
    diagnostics,
    lenses,
    vscode.languages.registerCompletionItemProvider(PROMPT_SELECTOR, new PromptCompletion(documents, references), ...COMPLETION_TRIGGERS),
    vscode.languages.registerHoverProvider(PROMPT_SELECTOR, new PromptHover(documents, index, thumbnails)),
    vscode.languages.registerCodeActionsProvider(PROMPT_SELECTOR, new PromptCodeActions(documents), PromptCodeActions.metadata),
    vscode.languages.registerCodeLensProvider(PROMPT_SELECTOR, lenses),
    deps.boundary.register(Commands.openPromptResults, (prompt) => openPromptResults(index, deps.ui, prompt)),
    vscode.workspace.onDidChangeConfiguration((event) => {
      const prompts = [Settings.promptFiles, Settings.promptDefaultVersion, Settings.promptCodeLens, Settings.promptDiagnostics, Settings.botType];
      if (!prompts.some((key) => config.affects(event, key))) return;
      documents.clear();
      diagnostics.refreshAll();
      lenses.refresh();
    }),
  );
}
