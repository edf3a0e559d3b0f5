// MidJourney operations that start from files or text: reference images, blend, describe,
// shorten, face swap, seed, and the "use this prompt" actions of describe/shorten results.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { GatewayError, refuse } from '../../core/gateway/errors';
import { IMAGE_EXTENSIONS, imagesToDataUrls, imageToDataUrl } from '../../core/files/images';
import type { BlendDimensions } from '../../core/midjourney/client';
import type { MidjourneyService } from '../../core/tasks/service';
import type { TaskRecord } from '../../shared/task';
import type { MidjourneyUi } from './commands';
import { taskIdOf } from '../tasks/commands';

const IMAGE_FILTER = { Images: [...IMAGE_EXTENSIONS] };

export interface EditorMemory {
  /** The text editor the user last worked in (a focused webview hides activeTextEditor). */
  lastTextEditor(): vscode.TextEditor | undefined;
}

/** Explorer commands get (clicked, selection[]); palette commands get nothing. */
function explorerUris(uri: unknown, uris: unknown): vscode.Uri[] {
  if (Array.isArray(uris) && uris.length && uris.every((u) => u instanceof vscode.Uri)) return uris as vscode.Uri[];
  return uri instanceof vscode.Uri ? [uri] : [];
}

async function pickImages(title: string, many: boolean): Promise<vscode.Uri[]> {
  return (await vscode.window.showOpenDialog({ title, canSelectMany: many, canSelectFiles: true, canSelectFolders: false, filters: IMAGE_FILTER, openLabel: vscode.l10n.t('Use') })) ?? [];
}

async function readImages(uris: readonly vscode.Uri[]): Promise<{ name: string; bytes: Uint8Array }[]> {
  return Promise.all(uris.map(async (uri) => {
    try {
      return { name: path.basename(uri.path), bytes: await vscode.workspace.fs.readFile(uri) };
    } catch {
      throw new GatewayError({ kind: 'validation', message: vscode.l10n.t('"{0}" cannot be read. Nothing was sent.', path.basename(uri.path)) });
    }
  }));
}


export class MidjourneyInputCommands {
  constructor(private readonly service: MidjourneyService, private readonly ui: MidjourneyUi, private readonly editors: EditorMemory) {}

  /** Imagine with reference images (Explorer "Use as Reference for Imagine", or a file dialog). */
  async imagineWithReferences(uri?: unknown, uris?: unknown): Promise<TaskRecord | undefined> {
    let files = explorerUris(uri, uris);
    if (files.length === 0) files = await pickImages(vscode.l10n.t('Reference images for Imagine'), true);
    if (files.length === 0) return undefined;
    const images = imagesToDataUrls(await readImages(files), { min: 1, max: 5, what: vscode.l10n.t('Imagine with references') });
    if (!images.ok) refuse(images.message);
    const editor = this.editors.lastTextEditor();
    const selected = editor && !editor.selection.isEmpty ? editor.document.getText(editor.selection).trim() : '';
    const prompt = await vscode.window.showInputBox({
      title: vscode.l10n.t('AITRE: Imagine with {0} reference image{1}', files.length, files.length > 1 ? 's' : ''),
      prompt: vscode.l10n.t('Describe the image to make from the reference(s).'),
      value: selected,
      ignoreFocusOut: true,
      validateInput: (text) => (text.trim() ? undefined : vscode.l10n.t('The prompt is empty.')),
    });
    if (prompt === undefined) return undefined;
    if (!prompt.trim()) refuse(vscode.l10n.t('The prompt is empty. Nothing was sent.'));
    const result = await this.service.imagine({ prompt: prompt.replace(/\s+/g, ' '), base64Array: images.dataUrls });
    this.service.store.patch(result.task.id, { subject: files.map((f) => path.basename(f.path)).join(', ') });
    await this.ui.reveal(result.task.id);
    return result.task;
  }

  /** Blend 2–5 images (Explorer multi-select, or a dialog), in the dimensions chosen. */
  async blend(uri?: unknown, uris?: unknown): Promise<TaskRecord | undefined> {
    let files = explorerUris(uri, uris);
    if (files.length === 0) files = await pickImages(vscode.l10n.t('Images to blend (2 to 5)'), true);
    if (files.length === 0) return undefined;
    const images = imagesToDataUrls(await readImages(files), { min: 2, max: 5, what: vscode.l10n.t('Blend') });
    if (!images.ok) refuse(images.message);
    const choice = await vscode.window.showQuickPick([
      { label: vscode.l10n.t('Square'), description: '1:1', value: 'SQUARE' as BlendDimensions },
      { label: vscode.l10n.t('Portrait'), description: '2:3', value: 'PORTRAIT' as BlendDimensions },
      { label: vscode.l10n.t('Landscape'), description: '3:2', value: 'LANDSCAPE' as BlendDimensions },
    ], { title: vscode.l10n.t('AITRE: Blend {0} images', files.length), placeHolder: vscode.l10n.t('Shape of the result') });
    if (!choice) return undefined;
    const names = files.map((f) => path.basename(f.path));
    const result = await this.service.blend({ base64Array: images.dataUrls, dimensions: choice.value }, vscode.l10n.t('{0} images: {1}', names.length, names.join(', ')));
    await this.ui.reveal(result.task.id);
    this.ui.showResult(result.task.id, true);
    return result.task;
  }

  /** Describe an image (Explorer, a dialog, or an image URL): four prompts come back. */
  async describe(uri?: unknown, arg?: unknown): Promise<TaskRecord | undefined> {
    let file = explorerUris(uri, undefined)[0];
    let link = typeof uri === 'string' ? uri : typeof arg === 'string' ? arg : undefined;
    if (!file && !link) {
      const how = await vscode.window.showQuickPick([
        { label: vscode.l10n.t('$(file-media) Choose an image file…'), value: 'file' },
        { label: vscode.l10n.t('$(link) Use an image URL…'), value: 'url' },
      ], { title: vscode.l10n.t('AITRE: Describe Image') });
      if (!how) return undefined;
      if (how.value === 'file') {
        file = (await pickImages(vscode.l10n.t('Image to describe'), false))[0];
        if (!file) return undefined;
      } else {
        link = await vscode.window.showInputBox({
          title: vscode.l10n.t('AITRE: Describe Image from URL'), prompt: vscode.l10n.t('An http(s) link to the image.'), placeHolder: 'https://example.com/picture.png', ignoreFocusOut: true,
          validateInput: (text) => (/^https?:\/\/\S+$/i.test(text.trim()) ? undefined : vscode.l10n.t('Enter an http(s) URL.')),
        });
        if (link === undefined) return undefined;
      }
    }
    let result;
    if (file) {
      const [image] = await readImages([file]);
      const check = imageToDataUrl(image!);
      if (!check.ok) refuse(vscode.l10n.t('{0} Nothing was sent.', check.message));
      result = await this.service.describe({ base64: check.dataUrl }, path.basename(file.path));
    } else {
      const url = (link ?? '').trim();
      if (!/^https?:\/\/\S+$/i.test(url)) refuse(vscode.l10n.t('Describe needs an http(s) image URL. Nothing was sent.'));
      result = await this.service.describe({ link: url }, url);
    }
    await this.ui.reveal(result.task.id);
    this.ui.showResult(result.task.id, true);
    return result.task;
  }

  /** Shorten the selected prompt: the analysis and five shorter prompts. */
  async shorten(arg?: unknown): Promise<TaskRecord | undefined> {
    const editor = this.editors.lastTextEditor();
    let prompt = typeof arg === 'string' ? arg : undefined;
    let source;
    if (prompt === undefined && editor && !editor.selection.isEmpty) {
      prompt = editor.document.getText(editor.selection);
      const { start, end } = editor.selection;
      source = { uri: editor.document.uri.toString(), startLine: start.line, startCharacter: start.character, endLine: end.line, endCharacter: end.character, text: prompt };
    }
    if (prompt === undefined) {
      prompt = await vscode.window.showInputBox({ title: vscode.l10n.t('AITRE: Shorten Prompt'), prompt: vscode.l10n.t('The prompt to analyse and shorten.'), ignoreFocusOut: true, validateInput: (t) => (t.trim() ? undefined : vscode.l10n.t('The prompt is empty.')) });
      if (prompt === undefined) return undefined;
    }
    if (!prompt.trim()) refuse(vscode.l10n.t('The prompt is empty: select some text or type a prompt. Nothing was sent.'));
    const result = await this.service.shorten({ prompt: prompt.replace(/\s+/g, ' ') }, source);
    await this.ui.reveal(result.task.id);
    this.ui.showResult(result.task.id, true);
    return result.task;
  }

  /** Face swap: the face from one image onto the person in another. */
  async swapFace(uri?: unknown, uris?: unknown): Promise<TaskRecord | undefined> {
    let files = explorerUris(uri, uris);
    let face: vscode.Uri | undefined;
    let target: vscode.Uri | undefined;
    if (files.length === 2) {
      const pick = await vscode.window.showQuickPick(files.map((f) => ({ label: path.basename(f.path), uri: f })), { title: vscode.l10n.t('AITRE: Swap Face'), placeHolder: vscode.l10n.t('Which image has the face to use?') });
      if (!pick) return undefined;
      face = pick.uri;
      target = files.find((f) => f !== pick.uri);
    } else if (files.length > 2) {
      refuse(vscode.l10n.t('Face swap needs exactly two images: the face and the target. Nothing was sent.'));
    } else {
      face = files[0] ?? (await pickImages(vscode.l10n.t('The face to use (source)'), false))[0];
      if (!face) return undefined;
      target = (await pickImages(vscode.l10n.t('The image to put the face on (target)'), false))[0];
      if (!target) return undefined;
    }
    files = [face, target!];
    const images = imagesToDataUrls(await readImages(files));
    if (!images.ok) refuse(images.message);
    const result = await this.service.swapFace({ sourceBase64: images.dataUrls[0]!, targetBase64: images.dataUrls[1]! }, `${path.basename(face.path)} → ${path.basename(target!.path)}`);
    await this.ui.reveal(result.task.id);
    this.ui.showResult(result.task.id, true);
    return result.task;
  }

  /** Copy the seed of a finished task (GET image-seed). */
  async copySeed(arg?: unknown): Promise<string | undefined> {
    const id = taskIdOf(arg);
    if (!id) return undefined;
    const seed = await this.service.client.imageSeed(id);
    await vscode.env.clipboard.writeText(seed);
    vscode.window.setStatusBarMessage(vscode.l10n.t('AITRE: copied seed {0} (use it as --seed {1}).', seed, seed), 5000);
    return seed;
  }

  /** AITRE: Use Prompt with (taskId, index, how) arguments; `how` defaults to imagine. */
  usePromptCommand(taskId: unknown, index: unknown, how: unknown): Promise<string | undefined> | undefined {
    if (typeof taskId !== 'string' || typeof index !== 'number') return undefined;
    return this.usePrompt(taskId, index, how === 'insert' || how === 'copy' || how === 'replace' ? how : 'imagine');
  }

  /** A prompt of a describe/shorten result: imagine it, insert it, copy it, or put it in place of the selection. */
  async usePrompt(taskId: string, index: number, how: 'imagine' | 'insert' | 'copy' | 'replace'): Promise<string | undefined> {
    const prompt = this.service.promptsOf(taskId)[index - 1];
    if (!prompt) refuse(vscode.l10n.t('There is no prompt {0} on this task.', index));
    switch (how) {
      case 'copy':
        await vscode.env.clipboard.writeText(prompt);
        vscode.window.setStatusBarMessage(vscode.l10n.t('AITRE: copied prompt {0}.', index), 3000);
        return undefined;
      case 'insert': {
        const editor = this.editors.lastTextEditor();
        if (!editor) refuse(vscode.l10n.t('Open a text editor to insert the prompt into.'));
        await editor.edit((edit) => {
          for (const selection of editor.selections) edit.replace(selection, prompt);
        });
        await vscode.window.showTextDocument(editor.document, editor.viewColumn);
        return undefined;
      }
      case 'replace':
        await this.replaceSource(taskId, prompt);
        return undefined;
      case 'imagine': {
        const result = await this.service.imaginePrompt(taskId, index, prompt);
        await this.ui.reveal(result.task.id);
        this.ui.showResult(result.task.id, true);
        return result.task.id;
      }
    }
  }

  /** Puts a shorter prompt where the original was, if the original text is still there. */
  private async replaceSource(taskId: string, prompt: string): Promise<void> {
    const source = this.service.store.get(taskId)?.source;
    if (!source) refuse(vscode.l10n.t('This prompt was not shortened from a selection; use Insert or Copy instead.'));
    const document = await vscode.workspace.openTextDocument(vscode.Uri.parse(source.uri));
    const range = new vscode.Range(source.startLine, source.startCharacter, source.endLine, source.endCharacter);
    if (document.getText(range) !== source.text) {
      await vscode.env.clipboard.writeText(prompt);
      refuse(vscode.l10n.t('The original text has changed since you shortened it, so it was not replaced. The shorter prompt is on the clipboard.'));
    }
    const editor = await vscode.window.showTextDocument(document, { preserveFocus: false, preview: false });
    await editor.edit((edit) => edit.replace(range, prompt));
    const end = document.positionAt(document.offsetAt(range.start) + prompt.length);
    editor.selection = new vscode.Selection(range.start, end);
    // Later replacements target the new text.
    this.service.store.patch(taskId, { source: { ...source, endLine: end.line, endCharacter: end.character, text: prompt } });
  }
}
