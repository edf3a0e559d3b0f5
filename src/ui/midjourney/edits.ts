// AITRE: Edit Image… and Retexture… (MidJourney /mj/submit/edits and /mj/submit/retexture): an image from the
// Explorer (or a file dialog) or a finished task from the tree / panel, and a prompt; one submit. A gateway
// without retexture (new-api answers 404 / unknown_action) is remembered per gateway: the entry then explains
// instead of failing again.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { GatewayError, refuse } from '../../core/gateway/errors';
import type { MementoLike } from '../../core/base/memento';
import { IMAGE_EXTENSIONS, imageToDataUrl } from '../../core/files/images';
import type { ResultImages } from '../../core/tasks/result-images';
import { taskTitle } from '../../core/tasks/presentation';
import type { MidjourneyService } from '../../core/tasks/service';
import { taskIdOf } from '../tasks/commands';
import type { MidjourneyUi } from './commands';

const NO_RETEXTURE_KEY = 'aitre.retexture.missing';

export type EditKind = 'edit' | 'retexture';

// In the UI language, also as the origin label a follow-up is stored with (as "Prompt {0}" is).
const shownName = (kind: EditKind): string => (kind === 'edit' ? vscode.l10n.t('Edit Image') : vscode.l10n.t('Retexture'));
const EDIT_INSTEAD = (): string => vscode.l10n.t('Edit Image Instead');
const CHECK_AGAIN = (): string => vscode.l10n.t('Check Again');

export class EditCommands {
  constructor(
    private readonly service: MidjourneyService,
    private readonly ui: MidjourneyUi,
    private readonly images: ResultImages,
    private readonly memento: MementoLike,
    /** The gateway origin per-gateway memories are keyed by. */
    private readonly origin: () => string | undefined,
  ) {}

  /** Returns the new task's id, or undefined when cancelled (or retexture is known to be missing here). */
  async run(kind: EditKind, arg?: unknown): Promise<string | undefined> {
    if (kind === 'retexture' && this.retextureMissing()) {
      const choice = await vscode.window.showWarningMessage(
        vscode.l10n.t('This gateway does not offer Retexture (it answered that it has no such route), so nothing was sent. Edit Image… changes a picture as a prompt says and works here.'),
        EDIT_INSTEAD(), CHECK_AGAIN(),
      );
      if (choice === EDIT_INSTEAD()) return this.run('edit', arg);
      if (choice !== CHECK_AGAIN()) return undefined;
      await this.setRetextureMissing(false);
    }
    const source = await this.source(kind, arg);
    if (!source) return undefined;
    const prompt = await vscode.window.showInputBox({
      title: vscode.l10n.t('AITRE: {0} — {1}', shownName(kind), source.subject),
      prompt: kind === 'edit' ? vscode.l10n.t('Describe the picture you want from this one (what to change, add or remove).') : vscode.l10n.t('Describe the new surfaces, materials and lighting (the shapes stay).'),
      placeHolder: kind === 'edit' ? vscode.l10n.t('the same scene at night, with lanterns') : vscode.l10n.t('made of polished brass, studio lighting'),
      ignoreFocusOut: true,
      validateInput: (text) => (text.trim() ? undefined : vscode.l10n.t('Describe the change: the prompt is empty.')),
    });
    if (!prompt?.trim()) return undefined;
    const input = { prompt: prompt.replace(/\s+/g, ' ').trim(), image: source.image };
    try {
      const result = kind === 'edit' ? await this.service.edit(input, source.subject) : await this.service.retexture(input, source.subject);
      if (source.parentId) this.service.store.patch(result.task.id, { parentId: source.parentId, originLabel: shownName(kind) });
      vscode.window.setStatusBarMessage(vscode.l10n.t('AITRE: {0} submitted (task {1}).', shownName(kind), result.task.id), 5000);
      await this.ui.reveal(result.task.id);
      return result.task.id;
    } catch (error) {
      if (kind === 'retexture' && error instanceof GatewayError && (error.kind === 'route-missing' || error.kind === 'unsupported-action')) {
        await this.setRetextureMissing(true);
        throw new GatewayError({ kind: error.kind, status: error.status, detail: error.detail, message: vscode.l10n.t('This gateway does not offer Retexture, so nothing was charged. Use Edit Image… instead; AITRE remembers this for this gateway.') });
      }
      throw error;
    }
  }

  /** The picture: a file (Explorer or dialog) as a data URL, or a finished task's image from the host cache. */
  private async source(kind: EditKind, arg: unknown): Promise<{ image: string; subject: string; parentId?: string } | undefined> {
    const id = arg instanceof vscode.Uri ? undefined : taskIdOf(arg);
    if (id) {
      const task = this.service.store.get(id);
      if (!task) refuse(vscode.l10n.t('That task is no longer in the list.'));
      if (task.status !== 'SUCCESS' || !(task.imageUrl || task.saved?.length) || task.action === 'VIDEO') refuse(vscode.l10n.t('Only a finished picture can be used for {0}.', shownName(kind)));
      const { bytes } = await this.images.bytes(task);
      const check = imageToDataUrl({ name: taskTitle(task), bytes });
      if (!check.ok) refuse(check.message);
      return { image: check.dataUrl, subject: taskTitle(task, 40), parentId: task.id };
    }
    const file = arg instanceof vscode.Uri ? arg : (await vscode.window.showOpenDialog({
      title: vscode.l10n.t('AITRE: Image for {0}', shownName(kind)), canSelectMany: false, filters: { [vscode.l10n.t('Images')]: [...IMAGE_EXTENSIONS] }, openLabel: vscode.l10n.t('Use'),
    }))?.[0];
    if (!file) return undefined;
    const name = path.basename(file.path);
    let bytes: Uint8Array;
    try {
      bytes = await vscode.workspace.fs.readFile(file);
    } catch {
      throw new GatewayError({ kind: 'validation', message: vscode.l10n.t('"{0}" cannot be read. Nothing was sent.', name) });
    }
    const check = imageToDataUrl({ name, bytes });
    if (!check.ok) refuse(vscode.l10n.t('{0} Nothing was sent.', check.message));
    return { image: check.dataUrl, subject: name };
  }

  private retextureMissing(): boolean {
    const origin = this.origin();
    return Boolean(origin && this.memento.get<string[]>(NO_RETEXTURE_KEY)?.includes(origin));
  }

  private async setRetextureMissing(missing: boolean): Promise<void> {
    const origin = this.origin();
    if (!origin) return;
    const others = (this.memento.get<string[]>(NO_RETEXTURE_KEY) ?? []).filter((o) => o !== origin);
    await this.memento.update(NO_RETEXTURE_KEY, missing ? [...others, origin] : others);
  }
}
