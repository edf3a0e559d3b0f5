// What the OpenAI-format commands are given: the composition root's dependencies, and what the
// feature modules share once registered.
import type * as vscode from 'vscode';
import type { Logger } from '../../core/base/log';
import type { GatewayClient } from '../../core/gateway/client';
import type { OpenAiClient } from '../../core/openai/client';
import type { PictureService } from '../../core/openai/pictures';
import type { ResultImages } from '../../core/tasks/result-images';
import type { TaskStore } from '../../core/tasks/store';
import type { CommandBoundary } from '../boundary';
import type { EditorMemory } from '../midjourney/inputs';
import type { ResultCommands } from '../results/commands';
import type { AnswerDocuments } from './answers';
import type { ModelSettings } from './models';

/** What the composition root hands in; all of it exists there already. */
export interface OpenAiDeps {
  gateway: GatewayClient;
  boundary: CommandBoundary;
  editors: EditorMemory;
  store: TaskStore;
  results: ResultCommands;
  /** The image cache the result panel shows from. */
  images: ResultImages;
  log: Logger;
  /** Shows a task in the result panel. */
  panel: { show(taskId: string, options?: { preserveFocus?: boolean }): void; readonly visibleColumn: vscode.ViewColumn | undefined };
  /** Selects a task in the Tasks tree. */
  reveal(taskId: string): Promise<void>;
  /** Fires true when an API key is set, false when it is cleared (the chat-model item shows only with a key). */
  onKeyChange?: vscode.Event<boolean>;
}

/** What the feature modules share once registered. */
export interface OpenAiContext extends OpenAiDeps {
  client: OpenAiClient;
  /** Generate Image and Generate Image (Chat Model): the request, the tasks, the image cache. */
  pictures: PictureService;
  models: ModelSettings;
  /** Ask's read-only answer documents. */
  answers: AnswerDocuments;
  state: vscode.Memento;
}
