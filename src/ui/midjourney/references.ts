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
    const { flag, name } = REFERENCE_KINDS[kind];
    const file = arg instanceof vscode.Uri ? arg : (await vscode.window.showOpenDialog({
      title: `AITRE: Image to use as ${name}`, canSelectMany: false, filters: { Images: [...IMAGE_EXTENSIONS] }, openLabel: 'Use',
    }))?.[0];
    if (!file) return undefined;
    const fileName = path.basename(file.path);
    let bytes: Uint8Array;
    try {
      bytes = await vscode.workspace.fs.readFile(file);
    } catch {
      throw new GatewayError({ kind: 'validation', message: `"${fileName}" cannot be read. Nothing was sent.` });
    }
    const check = imageToDataUrl({ name: fileName, bytes });
    if (!check.ok) refuse(`${check.message} Nothing was sent.`);
    const [url] = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Window, title: `AITRE: uploading ${fileName}` },
      () => this.service.upload([{ name: fileName, bytes }]),
    );
    if (!url) refuse('The gateway returned no link for the image. Nothing was inserted.');
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
      vscode.window.setStatusBarMessage(`AITRE: this ${name} is already in the prompt on line ${position.line + 1}.`, 5000);
      return;
    }
    const at = new vscode.Position(position.line, edit.at);
    const done = await editor.edit((b) => b.insert(at, edit.text));
    if (!done) refuse('The document could not be changed (it may be read-only). Copy the link instead: it is in the AITRE log.');
    await vscode.window.showTextDocument(editor.document, { viewColumn: editor.viewColumn, preserveFocus: false });
    vscode.window.setStatusBarMessage(`AITRE: ${flag} inserted: this picture is uploaded to this gateway only once, later uses reuse its link.`, 5000);
  }

  private async offerImagine(flag: string, url: string, name: string, fileName: string): Promise<void> {
    const choice = await vscode.window.showInformationMessage(`"${fileName}" is ready as ${name} (${flag}). Open a prompt to insert it at the cursor, or imagine with it now.`, 'Imagine with It', 'Copy Link');
    if (choice === 'Copy Link') {
      await vscode.env.clipboard.writeText(`${flag} ${url}`);
      vscode.window.setStatusBarMessage(`AITRE: copied ${flag} and the link.`, 3000);
      return;
    }
    if (choice !== 'Imagine with It') return;
    const prompt = await vscode.window.showInputBox({
      title: `AITRE: Imagine with ${fileName} as ${name}`,
      prompt: `Describe the image; ${flag} and the link are added at the end.`,
      ignoreFocusOut: true,
      validateInput: (text) => (text.trim() ? undefined : 'The prompt is empty.'),
    });
    if (!prompt?.trim()) return;
    const result = await this.service.imagine({ prompt: `${prompt.replace(/\s+/g, ' ').trim()} ${flag} ${url}` });
    await this.ui.reveal(result.task.id);
  }
}
