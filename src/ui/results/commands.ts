// Results that live in the workspace: save (with a sidecar record), insert into a document,
// copy details, open in the browser, reveal the saved file. Gateway/CDN links expire; saved
// copies do not.
import * as vscode from 'vscode';
import * as path from 'path';
import { refuse } from '../../core/gateway/errors';
import { expectsImage, type ResultImages } from '../../core/tasks/result-images';
import { expectsVideo, type ResultVideos } from '../../core/tasks/result-videos';
import { markdownVideo, videoFileType, type VideoMarkdown } from '../../core/files/videos';
import { imageExtension, markdownImage, outputFileName, relativePath, sidecarFor } from '../../core/files/outputs';
import { outputFolder, writeNewFile } from '../outputs';
import { resolveImageUrl } from '../../core/tasks/presentation';
import type { TaskStore } from '../../core/tasks/store';
import type { ResultAction } from '../../shared/protocol';
import type { SavedFile, TaskRecord } from '../../shared/task';
import type { EditorMemory } from '../midjourney/inputs';
import { taskIdOf } from '../tasks/commands';

export interface ResultsDeps {
  store: TaskStore;
  /** The host's copy of each result image (downloaded once, through the gateway client). */
  images: ResultImages;
  editors: EditorMemory;
  outputFolder: () => string;
  gatewayRoot: () => string | undefined;
  /** The host's copy of each VIDEO task's video (downloaded once, like the images). */
  videos: ResultVideos;
  /** Setting aitre.results.videoMarkdown: how Insert writes a video into Markdown. */
  videoMarkdown: () => VideoMarkdown;
  /** Cuts a 2x2 grid into its four images (top left, top right, bottom left, bottom right) as PNG bytes. */
  splitGrid: (taskId: string, bytes: Uint8Array, contentType: string) => Promise<Uint8Array[]>;
}


async function exists(uri: vscode.Uri): Promise<boolean> {
  try {
    await vscode.workspace.fs.stat(uri);
    return true;
  } catch {
    return false;
  }
}

/** What Copy… can put on the clipboard without asking (a command argument names one). */
const COPYABLE = ['imageUrl', 'prompt', 'finalPrompt', 'id'] as const;

export class ResultCommands {
  constructor(private readonly deps: ResultsDeps) {}

  private task(arg: unknown): TaskRecord {
    const id = taskIdOf(arg);
    const task = id ? this.deps.store.get(id) : undefined;
    if (!task) refuse(vscode.l10n.t('That task is no longer in the list.'));
    return task;
  }

  /** The saved copy of a task's image (or of one part of its grid), if it still exists on disk. */
  async savedCopy(task: TaskRecord, part?: number): Promise<vscode.Uri | undefined> {
    const entry = task.saved?.find((f) => f.part === part);
    if (!entry) return undefined;
    const uri = vscode.Uri.parse(entry.uri);
    return (await exists(uri)) ? uri : undefined;
  }

  /**
   * Writes image bytes into the output folder under a name that never overwrites, with a sidecar
   * JSON next to it, and records the copy on the task.
   */
  async writeImage(task: TaskRecord, bytes: Uint8Array, contentType: string, sourceUrl: string, part?: number, ext = imageExtension(bytes, contentType)): Promise<vscode.Uri | undefined> {
    const folder = await outputFolder(this.deps.outputFolder(), vscode.l10n.t('AITRE: Where should images be saved?'));
    if (!folder) return undefined;
    const file = await writeNewFile(folder, outputFileName(task, ext, part), bytes, ['.json']);
    const name = path.posix.basename(file.path);
    const sidecar = sidecarFor(task, name, sourceUrl, part);
    await vscode.workspace.fs.writeFile(vscode.Uri.joinPath(folder, `${name}.json`), Buffer.from(`${JSON.stringify(sidecar, null, 2)}\n`));
    const saved: SavedFile[] = [...(task.saved ?? []).filter((f) => f.part !== part), { uri: file.toString(), ...(part ? { part } : {}) }];
    this.deps.store.patch(task.id, { saved });
    return file;
  }

  /** Saves the task's image from the host's copy (downloaded once; the key only goes to the gateway's own host). */
  async save(arg: unknown): Promise<vscode.Uri | undefined> {
    const task = this.task(arg);
    const already = await this.savedCopy(task);
    if (already) return already;
    if (task.action === 'VIDEO') return this.saveVideo(task);
    if (!expectsImage(task)) refuse(vscode.l10n.t('This task has no finished image to save yet.'));
    const { bytes, contentType, url } = await this.deps.images.bytes(task);
    const file = await this.writeImage(task, bytes, contentType, url);
    if (file) vscode.window.setStatusBarMessage(vscode.l10n.t('AITRE: saved {0}.', vscode.workspace.asRelativePath(file)), 8000);
    return file;
  }

  /** A VIDEO task's saved copy is its (first) video file, from the video cache. */
  private async saveVideo(task: TaskRecord): Promise<vscode.Uri | undefined> {
    if (!expectsVideo(task)) refuse(vscode.l10n.t('This video task has no finished video to save yet.'));
    const { bytes, contentType, url } = await this.deps.videos.bytes(task);
    const file = await this.writeImage(task, bytes, contentType, url, undefined, videoFileType(bytes, contentType).ext);
    if (file) vscode.window.setStatusBarMessage(vscode.l10n.t('AITRE: saved {0}.', vscode.workspace.asRelativePath(file)), 5000);
    return file;
  }

  /**
   * Inserts the image into the editor the user was in: a Markdown image link (relative to the
   * document) in Markdown, the path elsewhere. Nothing the user wrote is replaced: at the cursor on
   * a blank line, else on a new line after the selection's (or cursor's) line; `replace` (the
   * "Replacing Selection" command) puts it in place of the selection. Says where it went.
   */
  async insert(arg: unknown, partArg?: unknown, replace = false): Promise<vscode.Position | undefined> {
    const part = typeof partArg === 'number' ? partArg : undefined;
    const task = this.task(arg);
    const last = this.deps.editors.lastTextEditor();
    if (!last) refuse(vscode.l10n.t('Open the document to insert the image into, put the cursor where it should go, then try again.'));
    // An editor hidden behind the panel in the same group cannot be edited: show it again, cursor kept.
    const editor = vscode.window.visibleTextEditors.includes(last) ? last
      : await vscode.window.showTextDocument(last.document, { selection: last.selection, preserveFocus: true });
    const file = part ? await this.savedCopy(task, part) : await this.save(task.id);
    if (!file) {
      if (part) refuse(vscode.l10n.t('Image {0} of this grid is not saved yet. Use "Save all 4" first.', part));
      return undefined;
    }
    const doc = editor.document;
    const link = doc.isUntitled || doc.uri.scheme !== 'file'
      ? vscode.workspace.asRelativePath(file, false)
      : relativePath(doc.uri.fsPath, file.fsPath);
    const markdown = ['markdown', 'mdx'].includes(doc.languageId);
    const label = task.prompt || task.promptEn || task.subject || (task.action === 'VIDEO' ? 'video' : 'image');
    const text = !markdown ? link : task.action === 'VIDEO' ? markdownVideo(label, link, this.deps.videoMarkdown()) : markdownImage(label, link);
    const selection = editor.selection;
    const place = replace ? { at: selection.start, text } : placeAfter(doc, selection, text);
    const ok = await editor.edit((edit) => {
      if (replace) edit.replace(selection, text);
      else edit.insert(place.at, place.text);
    });
    if (!ok) refuse(vscode.l10n.t('VS Code did not insert the link (the document may be read-only).'));
    // An insert at the selection's end would stretch the selection over the link: keep the user's.
    if (!replace) editor.selection = selection;
    const line = place.text.startsWith('\n') ? place.at.line + 1 : place.at.line;
    await vscode.window.showTextDocument(doc, { viewColumn: editor.viewColumn, preserveFocus: false });
    editor.revealRange(new vscode.Range(line, 0, line, 0), vscode.TextEditorRevealType.InCenterIfOutsideViewport);
    const name = doc.uri.path.slice(doc.uri.path.lastIndexOf('/') + 1);
    vscode.window.setStatusBarMessage(replace ? vscode.l10n.t('AITRE: the selection in {0} is now the image link.', name) : vscode.l10n.t('AITRE: image link inserted on line {0} of {1}; your text is unchanged.', line + 1, name), 8000);
    return new vscode.Position(line, 0);
  }

  /**
   * "Save all 4": cuts the finished grid into its four images locally (no gateway call, no cost)
   * and saves each. The U1–U4 buttons stay for real upscales.
   */
  async splitGrid(arg: unknown): Promise<vscode.Uri[]> {
    const task = this.task(arg);
    if (task.status !== 'SUCCESS' || !task.imageUrl) refuse(vscode.l10n.t('Only a finished image grid can be split.'));
    if (!task.buttons.some((b) => /::upsample::[1-4]::/.test(b.customId))) refuse(vscode.l10n.t('This result is a single image, not a 2x2 grid.'));
    const local = await this.savedCopy(task);
    const url = resolveImageUrl(task.imageUrl, this.deps.gatewayRoot());
    const source = local
      ? { bytes: await vscode.workspace.fs.readFile(local), contentType: '' }
      : await this.deps.images.bytes(task);
    const parts = await this.deps.splitGrid(task.id, source.bytes, source.contentType);
    const files: vscode.Uri[] = [];
    for (let i = 0; i < parts.length; i++) {
      const current = this.deps.store.get(task.id) ?? task;
      const file = await this.writeImage(current, parts[i]!, 'image/png', url, i + 1);
      if (!file) return files;
      files.push(file);
    }
    vscode.window.setStatusBarMessage(vscode.l10n.t('AITRE: saved the {0} images of the grid.', files.length), 5000);
    return files;
  }

  /** Copy the image URL, prompt, final prompt or task id. */
  /** The plain sentence when the task's image is known to be gone (its link is dead and no copy exists). */
  private imageGone(task: TaskRecord): string | undefined {
    const state = this.deps.images.state(task);
    return state.kind === 'missing' && state.reason !== 'unreachable' ? state.message : undefined;
  }

  async copy(arg: unknown, whatArg?: unknown): Promise<void> {
    const what = COPYABLE.find((field) => field === whatArg);
    const task = this.task(arg);
    const gone = this.imageGone(task);
    if (what === 'imageUrl' && gone) refuse(gone);
    const video = task.action === 'VIDEO' ? resolveImageUrl(task.videoUrls[0] ?? '', this.deps.gatewayRoot()) : '';
    const choices = [
      ...(video ? [{ label: vscode.l10n.t('Video URL'), value: 'imageUrl' as const, text: video }] : []),
      { label: vscode.l10n.t('Image URL'), value: 'imageUrl' as const, text: gone ? '' : resolveImageUrl(task.imageUrl, this.deps.gatewayRoot()) },
      { label: vscode.l10n.t('Prompt'), value: 'prompt' as const, text: task.prompt || task.promptEn },
      { label: vscode.l10n.t('Final prompt'), value: 'finalPrompt' as const, text: task.finalPrompt },
      { label: vscode.l10n.t('Task ID'), value: 'id' as const, text: task.id },
    ].filter((c) => c.text);
    const choice = what ? choices.find((c) => c.value === what) : await vscode.window.showQuickPick(choices.map((c) => ({ ...c, description: c.text.slice(0, 80) })), { title: vscode.l10n.t('AITRE: Copy') });
    if (!choice) {
      if (what) refuse(vscode.l10n.t('This task has nothing of that kind to copy.'));
      return;
    }
    await vscode.env.clipboard.writeText(choice.text);
    vscode.window.setStatusBarMessage(vscode.l10n.t('AITRE: copied {0}.', choice.label.toLowerCase()), 3000);
  }

  async openInBrowser(arg: unknown): Promise<void> {
    const task = this.task(arg);
    // A video task opens its video, not the poster.
    const url = resolveImageUrl(task.action === 'VIDEO' ? task.videoUrls[0] ?? task.imageUrl : task.imageUrl, this.deps.gatewayRoot());
    if (!url) refuse(vscode.l10n.t('This task has no image link to open.'));
    const gone = this.imageGone(task);
    if (gone) refuse(gone);
    await vscode.env.openExternal(vscode.Uri.parse(url, true));
  }

  /**
   * A video this webview cannot decode (H.264): saved into the workspace if it is not yet, then handed to the
   * system's player; on a remote or web workbench, where there is none, revealed in the Explorer instead.
   */
  async openVideo(arg: unknown): Promise<void> {
    const task = this.task(arg);
    if (task.action !== 'VIDEO') refuse(vscode.l10n.t('This task is not a video.'));
    const file = await this.save(task.id);
    if (!file) return;
    if (vscode.env.remoteName || vscode.env.uiKind === vscode.UIKind.Web) {
      await vscode.commands.executeCommand('revealInExplorer', file);
      vscode.window.setStatusBarMessage(vscode.l10n.t('AITRE: the video is saved as {0}; download it to play it.', vscode.workspace.asRelativePath(file)), 8000);
      return;
    }
    await vscode.env.openExternal(file);
  }

  async reveal(arg: unknown): Promise<void> {
    const task = this.task(arg);
    const file = (await this.savedCopy(task)) ?? (task.saved?.length ? await this.savedCopy(task, task.saved[0]!.part) : undefined);
    if (!file) refuse(vscode.l10n.t('This image is not saved in the workspace yet. Use "Save Image" first.'));
    await vscode.commands.executeCommand('revealInExplorer', file);
  }

  /** A result button of the panel. */
  async run(taskId: string, action: ResultAction, part?: number): Promise<void> {
    switch (action) {
      case 'save': await this.save(taskId); break;
      case 'insert': await this.insert(taskId, part); break;
      case 'copyUrl': await this.copy(taskId, 'imageUrl'); break;
      case 'open': await this.openInBrowser(taskId); break;
      case 'reveal': await this.reveal(taskId); break;
      case 'splitGrid': await this.splitGrid(taskId); break;
      case 'openVideo': await this.openVideo(taskId); break;
    }
  }

  /** Saved copies of a task's image and of its grid parts that still exist on disk. */
  async localImages(taskId: string): Promise<{ whole?: vscode.Uri; parts: { part: number; uri: vscode.Uri }[] }> {
    const task = this.deps.store.get(taskId);
    if (!task) return { parts: [] };
    const parts: { part: number; uri: vscode.Uri }[] = [];
    for (const part of [1, 2, 3, 4]) {
      const uri = await this.savedCopy(task, part);
      if (uri) parts.push({ part, uri });
    }
    return { whole: await this.savedCopy(task), parts };
  }
}

/**
 * Where an inserted link goes without replacing anything: at the cursor on a blank line, else on a
 * new line after the selection's last line.
 */
function placeAfter(doc: vscode.TextDocument, selection: vscode.Selection, text: string): { at: vscode.Position; text: string } {
  const cursorLine = doc.lineAt(selection.active.line);
  if (selection.isEmpty && cursorLine.isEmptyOrWhitespace) return { at: selection.active, text };
  // A selection made with Shift+Down ends at column 0 of the next line: that line is not in it.
  const last = selection.end.character === 0 && selection.end.line > selection.start.line ? selection.end.line - 1 : selection.end.line;
  return { at: doc.lineAt(last).range.end, text: `\n${text}` };
}
