// The OpenAI-format half of AITRE in the editor: builds the client over the shared gateway and registers
// every command through the one error boundary. Nothing else is handed back to the composition root.
import type * as vscode from 'vscode';
import { Commands } from '../../constants';
import { config } from '../../platform/config';
import { OpenAiClient } from '../../core/openai/client';
import { PictureService } from '../../core/openai/pictures';
import { AnswerDocuments } from './answers';
import { AudioCommands } from './audio';
import { ChatCommands } from './chat';
import { ImageCommands } from './images';
import { registerImageTool } from './imageTool';
import { MaskEditCommands } from './mask-edit';
import { ModelSettings } from './models';
import { RewriteCommands } from './rewrite';
import type { OpenAiContext, OpenAiDeps } from './context';
import { TextCommands } from './text';

export type { OpenAiDeps } from './context';

export function registerOpenAiFeatures(context: vscode.ExtensionContext, deps: OpenAiDeps): void {
  const client = new OpenAiClient(deps.gateway);
  const models = new ModelSettings(client, context.globalState, config.baseUrl);
  if (deps.onKeyChange) context.subscriptions.push(deps.onKeyChange((has) => models.showStatus(has)));
  const pictures = new PictureService({ client, store: deps.store, images: deps.images, fetchImage: (url) => deps.gateway.fetchImage(url), logger: deps.log });
  const answers = new AnswerDocuments();
  const ctx: OpenAiContext = { ...deps, client, pictures, models, answers, state: context.globalState };
  const chat = new ChatCommands(ctx);
  const rewrite = new RewriteCommands(ctx);
  const images = new ImageCommands(ctx);
  const maskEdits = new MaskEditCommands(ctx, images, context.extensionUri);
  const audio = new AudioCommands(ctx);
  const text = new TextCommands(ctx);
  const { boundary } = deps;

  context.subscriptions.push(
    models,
    answers,
    rewrite,
    maskEdits,
    boundary.register(Commands.editImageWithMask, (arg) => maskEdits.editWithMask(arg)),
    boundary.register(Commands.selectModel, (arg) => models.select(arg)),
    boundary.register(Commands.askAboutSelection, (arg) => chat.askAboutSelection(arg)),
    boundary.register(Commands.rewriteSelection, (arg) => rewrite.rewriteSelection(arg)),
    boundary.register(Commands.acceptRewrite, (arg) => rewrite.accept(arg)),
    boundary.register(Commands.rejectRewrite, (arg) => rewrite.reject(arg)),
    boundary.register(Commands.generateImageWithChat, (arg) => images.generateWithChat(arg)),
    boundary.register(Commands.generateImage, (arg) => images.generate(arg)),
    registerImageTool(ctx, images),
    boundary.register(Commands.speakSelection, (arg) => audio.speak(arg)),
    boundary.register(Commands.transcribeAudio, (arg) => audio.transcribe(arg)),
    boundary.register(Commands.translateAudio, (arg) => audio.translate(arg)),
    boundary.register(Commands.embedSelection, (arg) => text.embedSelection(arg)),
    boundary.register(Commands.compareSelections, (arg) => text.compareSelections(arg)),
    boundary.register(Commands.completeAtCursor, (arg) => text.completeAtCursor(arg)),
  );
}
