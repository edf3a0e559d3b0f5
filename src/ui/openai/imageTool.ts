// AITRE's Generate Image as a language model tool (`aitre_generateImage`): a chat agent, or any
// extension through vscode.lm.invokeTool, asks for a picture; VS Code asks the person first (the
// call costs money), then the picture goes the way Generate Image sends it: the same request, the
// same task, saved in the workspace and shown in the result panel. The agent gets the saved paths.
import * as vscode from 'vscode';
import { Tools } from '../../constants';
import { userMessageOf } from '../../core/gateway/errors';
import { imageRequestBody } from '../../core/openai/images';
import type { TaskRecord } from '../../shared/task';
import type { OpenAiContext } from './context';
import { imageCount, type ImageCommands } from './images';

/** The input the manifest's inputSchema describes (an agent may send anything: checked here). */
export interface ImageToolInput {
  prompt?: unknown;
  size?: unknown;
  n?: unknown;
}

interface CheckedInput {
  prompt: string;
  size?: string;
  n: number;
}

export class ImageTool implements vscode.LanguageModelTool<ImageToolInput> {
  constructor(private readonly ctx: OpenAiContext, private readonly images: ImageCommands) {}

  /** What VS Code shows before the call: every invocation is confirmed, because every one is paid. */
  prepareInvocation(options: vscode.LanguageModelToolInvocationPrepareOptions<ImageToolInput>): vscode.PreparedToolInvocation {
    const model = this.ctx.models.get('image');
    const input = checkInput(model, options.input);
    const what = imageCount(input.n);
    const message = new vscode.MarkdownString()
      .appendText(vscode.l10n.t('AITRE sends this prompt to {0} at {1}, which charges for each image, and saves the result in the workspace.', model, this.gatewayHost()))
      .appendCodeblock(input.prompt, 'text');
    if (input.size) message.appendText(vscode.l10n.t('Size: {0}', input.size));
    return {
      invocationMessage: vscode.l10n.t('AITRE: generating {0} with {1}…', what, model),
      confirmationMessages: { title: vscode.l10n.t('Generate {0} with {1}?', what, model), message },
    };
  }

  async invoke(options: vscode.LanguageModelToolInvocationOptions<ImageToolInput>, token: vscode.CancellationToken): Promise<vscode.LanguageModelToolResult> {
    const model = this.ctx.models.get('image');
    const input = checkInput(model, options.input);
    const controller = new AbortController();
    const cancel = token.onCancellationRequested(() => controller.abort());
    try {
      // The boundary logs the details and offers Set API Key when none is set; the sentence goes to
      // the chat (a tool's error is shown there, not as a notification of its own).
      const outcome = await this.ctx.boundary.attempt('image tool', () => this.images.send({
        model, prompt: input.prompt, chosen: { size: input.size, n: String(input.n) },
      }, controller.signal), { show: false });
      if (!outcome.ok) throw new Error(outcome.message);
      return new vscode.LanguageModelToolResult([new vscode.LanguageModelTextPart(resultText(model, input.prompt, outcome.value ?? []))]);
    } finally {
      cancel.dispose();
    }
  }

  private gatewayHost(): string {
    try {
      return new URL(this.ctx.gateway.root()).host;
    } catch {
      return vscode.l10n.t('the configured gateway'); // a bad URL is refused, with its fix, when the call is made
    }
  }
}

export function registerImageTool(ctx: OpenAiContext, images: ImageCommands): vscode.Disposable {
  return vscode.lm.registerTool(Tools.generateImage, new ImageTool(ctx, images));
}

/**
 * The input as sent, or the sentence that says what is wrong with it, before the person is asked
 * (the same checks Generate Image makes before it sends anything).
 */
function checkInput(model: string, input: ImageToolInput | undefined): CheckedInput {
  const prompt = typeof input?.prompt === 'string' ? input.prompt.trim() : '';
  const size = typeof input?.size === 'string' && input.size.trim() ? input.size.trim() : undefined;
  const n = input?.n === undefined || input.n === null ? 1 : Number(input.n);
  try {
    imageRequestBody({ model, prompt, size, n });
  } catch (error) {
    throw new Error(userMessageOf(error), { cause: error });
  }
  return { prompt, size, n };
}

/**
 * What the agent reads back: the saved files (workspace-relative, ready for a Markdown link).
 * Written in English on purpose: it is read by the language model, not shown as a message.
 */
function resultText(model: string, prompt: string, tasks: readonly TaskRecord[]): string {
  const files = tasks.flatMap((task) => (task.saved ?? []).filter((file) => file.part === undefined)
    .map((file) => vscode.workspace.asRelativePath(vscode.Uri.parse(file.uri), false)));
  if (files.length === 0) return `${model} made ${tasks.length} image(s), but none could be saved in the workspace; the AITRE result panel shows them.`;
  const alt = prompt.replace(/[\]\n\r]/g, ' ').slice(0, 80);
  return [
    `${model} made ${files.length} image(s) for the prompt; AITRE saved them in the workspace and shows them in its result panel:`,
    ...files.map((file) => `- ${file} (Markdown: ![${alt}](${file.split('/').map(encodeURIComponent).join('/')}))`),
    `AITRE task id(s): ${tasks.map((t) => t.id).join(', ')}.`,
  ].join('\n');
}
