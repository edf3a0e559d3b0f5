// Pictures from OpenAI-format models: Generate Image (POST /v1/images/generations, asking only the
// options the model takes) and Generate Image (Chat Model) (gpt-4o-image through the chat route, with an
// optional reference picture). These commands ask the questions; the picture service in the core
// (core/openai/pictures.ts) sends the request and records each picture as a task of its own kind; the
// pictures are then saved in the workspace, so the result panel shows the saved copy.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { GatewayError } from '../../core/gateway/errors';
import { withoutKeptNote } from '../../core/openai/errors';
import { imageToDataUrl } from '../../core/files/images';
import { imageOptionsFor, type ImageOptions } from '../../core/openai/client';
import type { RecordedPictures } from '../../core/openai/pictures';
import type { TaskRecord } from '../../shared/task';
import { textToSend } from '../sentText';
import {
  argNumber, argObject, argString, inputText, refuse, selectedText, uriArgument, withCancellableProgress,
} from './shared';
import type { OpenAiContext } from './context';

type ImageOptionKey = 'size' | 'quality' | 'style' | 'background' | 'n';

// Getters: read in the UI language when shown, not when the module loads.
const OPTION_LABELS: Record<ImageOptionKey, string> = {
  get size() { return vscode.l10n.t('Size'); }, get quality() { return vscode.l10n.t('Quality'); }, get style() { return vscode.l10n.t('Style'); },
  get background() { return vscode.l10n.t('Background'); }, get n() { return vscode.l10n.t('Number of images'); },
};

/** The options a model takes, as lists to choose from (the first is the default). */
export function askableOptions(options: ImageOptions): Array<{ key: ImageOptionKey; values: readonly string[] }> {
  const list: Array<{ key: ImageOptionKey; values: readonly string[] }> = [
    { key: 'size', values: options.sizes },
    { key: 'quality', values: options.qualities },
    { key: 'style', values: options.styles },
    { key: 'background', values: options.backgrounds },
    { key: 'n', values: options.maxImages > 1 ? Array.from({ length: options.maxImages }, (_, i) => String(i + 1)) : [] },
  ];
  return list.filter((o) => o.values.length > 0);
}

/** "an image", "3 images": what a request makes, in a sentence. */
export function imageCount(n: number): string {
  return n > 1 ? vscode.l10n.t('{0} images', n) : vscode.l10n.t('an image');
}

export class ImageCommands {
  constructor(private readonly ctx: OpenAiContext) {}

  /**
   * AITRE: Generate Image (Chat Model). From the Explorer the clicked image is the reference.
   * Arguments: `{ prompt, model?, reference? }` (reference: a file URI/path, or an http(s)/data: URL).
   */
  async generateWithChat(first?: unknown): Promise<TaskRecord[] | undefined> {
    const args = argObject(first);
    const referenceFile = uriArgument(first) ?? (args.reference instanceof vscode.Uri ? args.reference : undefined);
    const referenceText = argString(args, 'reference');
    let reference: string | undefined;
    let referenceName = '';
    if (referenceFile) {
      referenceName = path.basename(referenceFile.path);
      let bytes: Uint8Array;
      try {
        bytes = await vscode.workspace.fs.readFile(referenceFile);
      } catch {
        refuse(vscode.l10n.t('"{0}" cannot be read. Nothing was sent.', referenceName));
      }
      const check = imageToDataUrl({ name: referenceName, bytes });
      if (!check.ok) refuse(vscode.l10n.t('{0} Nothing was sent.', check.message));
      reference = check.dataUrl;
    } else if (referenceText) {
      reference = /^(https?:|data:)/i.test(referenceText) ? referenceText : undefined;
      if (!reference) {
        const file = uriArgument({ uri: referenceText })!;
        return this.generateWithChat({ ...args, reference: file });
      }
      referenceName = reference.startsWith('data:') ? vscode.l10n.t('an attached image') : reference;
    }
    // With a reference picture the prompt is always confirmed (the selection only prefills it).
    const selection = selectedText(this.ctx.editors.lastTextEditor())?.text;
    let prompt = argString(args, 'prompt') ?? (referenceName ? undefined : selection);
    prompt ??= await inputText({
      title: referenceName ? vscode.l10n.t('AITRE: Generate Image from {0}', referenceName) : vscode.l10n.t('AITRE: Generate Image (Chat Model)'),
      prompt: referenceName ? vscode.l10n.t('What should be made from the reference picture?') : vscode.l10n.t('Describe the picture.'),
      placeHolder: vscode.l10n.t('a watercolor fox in fresh snow'),
      value: selection?.trim(),
      what: vscode.l10n.t('prompt'),
    });
    if (prompt === undefined) return undefined;
    if (!prompt.trim()) refuse(vscode.l10n.t('The prompt is empty. Nothing was sent.'));
    const model = argString(args, 'model') ?? this.ctx.models.get('chatImage');
    const recorded = await withCancellableProgress(vscode.l10n.t('AITRE: drawing with {0}…', model), (signal, report) =>
      this.ctx.pictures.drawWithChat({
        model, prompt: prompt.trim(), referenceImageUrl: reference, referenceLabel: referenceName, signal,
        onText: (text) => {
          const last = text.trim().split('\n').filter((l) => l.trim() && !/^[`{]/.test(l.trim())).at(-1) ?? '';
          report(last.replace(/^[>#*\s]+/, '').replace(/!?\[[^\]]*\]\([^)]*\)/g, '').slice(0, 60));
        },
      }));
    if (recorded.failed) {
      await this.show([recorded.failed]);
      throw new GatewayError({ kind: 'bad-response', mayHaveReachedGateway: true, message: vscode.l10n.t('{0} answered without a picture. Its reply is kept on the task "{1}".', model, recorded.failed.id) });
    }
    const tasks = await this.saveAll(recorded);
    if (recorded.incomplete) void vscode.window.showWarningMessage(vscode.l10n.t('{0} The {1} picture(s) that arrived are saved.', withoutKeptNote(recorded.incomplete), tasks.length));
    return tasks;
  }

  /**
   * AITRE: Generate Image. Arguments `{ prompt, model?, size?, quality?, style?, background?, n?, outputFormat? }`
   * skip every question (options not given are left to the model's defaults).
   */
  async generate(arg?: unknown): Promise<TaskRecord[] | undefined> {
    const args = argObject(arg);
    const model = argString(args, 'model') ?? this.ctx.models.get('image');
    const options = imageOptionsFor(model);
    const givenPrompt = argString(args, 'prompt');
    let prompt = givenPrompt;
    if (prompt === undefined) {
      // The selection or the cursor's line, shown in an editable box first; the options come after.
      const taken = await textToSend(this.ctx.editors.lastTextEditor(), vscode.l10n.t('Generate Image'));
      if (taken === null) return undefined;
      prompt = await inputText({
        title: vscode.l10n.t('AITRE: Generate Image with {0}', model),
        prompt: options.maxPromptChars
          ? vscode.l10n.t('The prompt to send (at most {0} characters): edit it, then press Enter to choose the options.', options.maxPromptChars)
          : vscode.l10n.t('The prompt to send: edit it, then press Enter to choose the options.'),
        placeHolder: vscode.l10n.t('e.g. a lighthouse on a cliff in a storm, oil painting'),
        value: taken?.text.replace(/\s+/g, ' ').trim(),
        what: vscode.l10n.t('prompt'),
      });
    }
    if (prompt === undefined) return undefined;
    if (!prompt.trim()) refuse(vscode.l10n.t('The prompt is empty. Nothing was sent.'));

    let chosen: Partial<Record<ImageOptionKey, string>>;
    if (givenPrompt !== undefined) {
      chosen = {};
      for (const key of ['size', 'quality', 'style', 'background'] as const) {
        const value = argString(args, key);
        if (value) chosen[key] = value;
      }
      const n = argNumber(args, 'n');
      if (n !== undefined) chosen.n = String(n);
    } else {
      const asked = await this.askOptions(model, options, prompt);
      if (!asked) return undefined;
      chosen = asked;
    }
    return this.send({ model, prompt, chosen, outputFormat: argString(args, 'outputFormat') });
  }

  /**
   * Sends one request with everything chosen and saves the pictures: where Generate Image and the
   * chat tool meet. Without `signal` a notification with Cancel shows the request; a caller that
   * shows its own progress (a chat shows the tool's message) passes its own signal.
   */
  async send(request: { model: string; prompt: string; chosen: Partial<Record<ImageOptionKey, string>>; outputFormat?: string }, signal?: AbortSignal): Promise<TaskRecord[]> {
    const { model, chosen } = request;
    const n = chosen.n ? Number(chosen.n) : 1;
    const generate = (abort: AbortSignal) => this.ctx.pictures.generate({
      model, prompt: request.prompt.trim(), signal: abort, n,
      size: chosen.size, quality: chosen.quality, style: chosen.style, background: chosen.background,
      outputFormat: request.outputFormat,
    }, chosen);
    const recorded = signal
      ? await generate(signal)
      : await withCancellableProgress(vscode.l10n.t('AITRE: generating {0} with {1}…', imageCount(n), model), generate);
    return this.saveAll(recorded);
  }

  /** One quick pick: "Generate" first (Enter accepts the shown options), then a row per option to change it. */
  private async askOptions(model: string, options: ImageOptions, prompt: string): Promise<Partial<Record<ImageOptionKey, string>> | undefined> {
    const askable = askableOptions(options);
    const memoryKey = `aitre.openai.imageOptions.${options.family}`;
    const remembered = this.ctx.state.get<Partial<Record<ImageOptionKey, string>>>(memoryKey) ?? {};
    const values: Partial<Record<ImageOptionKey, string>> = {};
    for (const { key, values: allowed } of askable) values[key] = allowed.includes(remembered[key] ?? '') ? remembered[key] : allowed[0];
    if (askable.length === 0) return values;
    for (;;) {
      const summary = askable.map(({ key }) => (key === 'n' ? (values.n === '1' ? vscode.l10n.t('{0} image', values.n) : vscode.l10n.t('{0} images', String(values.n))) : values[key])).join(' · ');
      const picked = await vscode.window.showQuickPick([
        { label: vscode.l10n.t('$(sparkle) Generate'), description: summary, key: undefined as ImageOptionKey | undefined },
        { label: vscode.l10n.t('Options'), kind: vscode.QuickPickItemKind.Separator, key: undefined },
        ...askable.map(({ key }) => ({ label: OPTION_LABELS[key], description: values[key], detail: undefined, key })),
      ], { title: vscode.l10n.t('AITRE: Generate Image with {0} — options for "{1}"', model, prompt.replace(/\s+/g, ' ').slice(0, 60)), placeHolder: vscode.l10n.t('Enter generates with these options; pick a row to change it'), ignoreFocusOut: true });
      if (!picked) return undefined;
      if (!picked.key) break;
      const key = picked.key;
      const allowed = askable.find((o) => o.key === key)!.values;
      const value = await vscode.window.showQuickPick(allowed.map((v) => ({ label: v, description: v === values[key] ? vscode.l10n.t('current') : v === allowed[0] ? vscode.l10n.t('default') : '' })), {
        title: vscode.l10n.t('AITRE: {0} for {1}', OPTION_LABELS[key], model), ignoreFocusOut: true,
      });
      if (value) values[key] = value.label;
    }
    await this.ctx.state.update(memoryKey, values);
    return values;
  }

  /** Saves each recorded picture in the workspace, then shows the first; says which could not be saved. */
  async saveAll(recorded: RecordedPictures): Promise<TaskRecord[]> {
    const tasks: TaskRecord[] = [];
    const problems: string[] = [];
    for (const picture of recorded.pictures) {
      let task = picture.task;
      if ('problem' in picture) {
        problems.push(picture.problem.message);
      } else {
        try {
          await this.ctx.results.writeImage(task, picture.bytes, picture.contentType, picture.sourceUrl);
          task = this.ctx.store.get(task.id) ?? task;
        } catch (error) {
          this.ctx.log.warn(`save ${task.id}: ${error instanceof GatewayError ? error.detail : String(error)}`);
          problems.push(error instanceof GatewayError ? error.message : vscode.l10n.t('the picture could not be saved'));
        }
      }
      tasks.push(task);
    }
    await Promise.all(tasks.map((t) => this.ctx.store.saved(t.id)));
    await this.show(tasks);
    const saved = tasks.filter((t) => t.saved?.length).length;
    if (saved) vscode.window.setStatusBarMessage(vscode.l10n.t('AITRE: saved {0} picture{1} in the workspace.', saved, saved > 1 ? 's' : ''), 5000);
    if (problems.length) {
      throw new GatewayError({ kind: 'network', mayHaveReachedGateway: true, message: vscode.l10n.t('{0} of {1} picture(s) could not be saved in the workspace: {2} The tasks keep the gateway\'s link.', problems.length, tasks.length, problems[0] ?? '') });
    }
    return tasks;
  }

  private async show(tasks: TaskRecord[]): Promise<void> {
    const first = tasks[0];
    if (!first) return;
    await this.ctx.reveal(first.id).then(undefined, () => undefined);
    this.ctx.panel.show(first.id, { preserveFocus: true });
  }
}

