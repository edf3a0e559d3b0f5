// Explorer > AITRE > Use as Omni / Style / Character Reference: the image is uploaded to the gateway once (by
// content hash, MidjourneyService.upload) and `--oref URL` / `--sref URL` / `--cref URL` goes into the prompt
// at the cursor of the last text editor, or, with no editor, into a new Imagine.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { GatewayError, refuse } from '../../core/gateway/errors';
import { IMAGE_EXTENSIONS, imageToDataUrl } from '../../core/files/images';
import { REFERENCE_KINDS, referenceEdit } from '../../core/midjourney/references';
import type { MidjourneyService } from '../../core/tasks/service';
import type { MidjourneyUi } from './commands';
import type { EditorMemory } from './inputs';

export type ReferenceKind = keyof typeof REFERENCE_KINDS;

export class ReferenceCommands {
  constructor(private readonly service: MidjourneyService, private readonly ui: MidjourneyUi, private readonly editors: EditorMemory) {}

  /** Returns the reference URL (undefined when the user cancelled). */
  async useAs(kind: ReferenceKind, arg?: unknown): Promise<string | undefined> {
    const { flag } = REFERENCE_KINDS[kind];
    const name = referenceName(kind);
    const file = arg instanceof vscode.Uri ? arg : (await vscode.window.showOpenDialog({
      title: vscode.l10n.t('AITRE: Image to use as {0}', name), canSelectMany: false, filters: { [vscode.l10n.t('Images')]: [...IMAGE_EXTENSIONS] }, openLabel: vscode.l10n.t('Use'),
    }))?.[0];
    if (!file) return undefined;
    const fileName = path.basename(file.path);
    let bytes: Uint8Array;
    try {
      bytes = await vscode.workspace.fs.readFile(file);
    } catch {
      throw new GatewayError({ kind: 'validation', message: vscode.l10n.t('"{0}" cannot be read. Nothing was sent.', fileName) });
    }
    const check = imageToDataUrl({ name: fileName, bytes });
    if (!check.ok) refuse(vscode.l10n.t('{0} Nothing was sent.', check.message));
    const [url] = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Window, title: vscode.l10n.t('AITRE: uploading {0}', fileName) },
      () => this.service.upload([{ name: fileName, bytes }]),
    );
    if (!url) refuse(vscode.l10n.t('The gateway returned no link for the image. Nothing was inserted.'));
    const editor = this.editors.lastTextEditor();
    if (editor) {
      await this.insert(editor, flag, url, name);
      return url;
    }
    await this.offerImagine(flag, url, name, fileName);
    return url;
  }

  /** At the cursor (after the selection, never over it), before the line's other parameters. */
  private async insert(last: vscode.TextEditor, flag: '--oref' | '--sref' | '--cref', url: string, name: string): Promise<void> {
    const editor = vscode.window.visibleTextEditors.includes(last) ? last
      : await vscode.window.showTextDocument(last.document, { selection: last.selection, preserveFocus: true });
    const position = editor.selection.end;
    const line = editor.document.lineAt(position.line).text;
    const edit = referenceEdit(line, position.character, flag, url);
    if ('already' in edit) {
      vscode.window.setStatusBarMessage(vscode.l10n.t('AITRE: this {0} is already in the prompt on line {1}.', name, position.line + 1), 5000);
      return;
    }
    const at = new vscode.Position(position.line, edit.at);
    const done = await editor.edit((b) => b.insert(at, edit.text));
    if (!done) refuse(vscode.l10n.t('The document could not be changed (it may be read-only). Copy the link instead: it is in the AITRE log.'));
    await vscode.window.showTextDocument(editor.document, { viewColumn: editor.viewColumn, preserveFocus: false });
    vscode.window.setStatusBarMessage(vscode.l10n.t('AITRE: {0} inserted: this picture is uploaded to this gateway only once, later uses reuse its link.', flag), 5000);
  }

  private async offerImagine(flag: string, url: string, name: string, fileName: string): Promise<void> {
    const imagineWithIt = vscode.l10n.t('Imagine with It');
    const copyLink = vscode.l10n.t('Copy Link');
    const choice = await vscode.window.showInformationMessage(vscode.l10n.t('"{0}" is ready as {1} ({2}). Open a prompt to insert it at the cursor, or imagine with it now.', fileName, name, flag), imagineWithIt, copyLink);
    if (choice === copyLink) {
      await vscode.env.clipboard.writeText(`${flag} ${url}`);
      vscode.window.setStatusBarMessage(vscode.l10n.t('AITRE: copied {0} and the link.', flag), 3000);
      return;
    }
    if (choice !== imagineWithIt) return;
    const prompt = await vscode.window.showInputBox({
      title: vscode.l10n.t('AITRE: Imagine with {0} as {1}', fileName, name),
      prompt: vscode.l10n.t('Describe the image; {0} and the link are added at the end.', flag),
      ignoreFocusOut: true,
      validateInput: (text) => (text.trim() ? undefined : vscode.l10n.t('The prompt is empty.')),
    });
    if (!prompt?.trim()) return;
    const result = await this.service.imagine({ prompt: `${prompt.replace(/\s+/g, ' ').trim()} ${flag} ${url}` });
    await this.ui.reveal(result.task.id);
  }
}

/** The kind's name as shown (REFERENCE_KINDS keeps the English one). */
function referenceName(kind: ReferenceKind): string {
  switch (kind) {
    case 'omni': return vscode.l10n.t('Omni Reference');
    case 'style': return vscode.l10n.t('Style Reference');
    case 'character': return vscode.l10n.t('Character Reference');
  }
}
