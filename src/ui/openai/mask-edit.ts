// AITRE: Edit Image with a Mask… — a gpt-image edit (/v1/images/edits): the mask editor (the one Vary (Region)
// uses, in its transparent-where-painted mode) on a workspace image or a finished result, then the options the
// model takes (size, quality, input_fidelity), one request, and the result shown, saved and insertable like
// Generate Image's. The editor stays open with the painting until the host accepts; a refusal is shown inside it.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { GatewayError } from '../../core/gateway/errors';
import { IMAGE_EXTENSIONS, imageToDataUrl } from '../../core/files/images';
import { canEditImages, takesInputFidelity } from '../../core/openai/client';
import { decodeDataUrl } from '../../core/openai/pictures';
import { expectsImage } from '../../core/tasks/result-images';
import { isMaskEditToHost, type MaskEditToWebview } from '../../shared/mask-edit';
import { taskIdOf } from '../tasks/commands';
import type { OpenAiContext } from './context';
import { escapeHtml, webviewPage } from '../webviewPage';
import { webviewStrings } from '../results/webviewStrings';
import type { ImageCommands } from './images';
import { refuse, withCancellableProgress } from './shared';

export const MASK_EDIT_VIEW = 'aitre.maskEdit';
const EDIT_MODEL_FALLBACK = 'gpt-image-1';
const SIZES = ['auto', '1024x1024', '1536x1024', '1024x1536'];
const QUALITIES = ['auto', 'high', 'medium', 'low'];

interface Source { name: string; bytes: Uint8Array; prompt: string; parentId?: string }
interface EditOptions { size: string; quality: string; inputFidelity?: 'high' | 'low' }

export class MaskEditCommands {
  private panel: vscode.WebviewPanel | undefined;

  constructor(private readonly ctx: OpenAiContext, private readonly images: ImageCommands, private readonly extensionUri: vscode.Uri) {}

  async editWithMask(arg?: unknown): Promise<void> {
    const source = await this.source(arg);
    if (!source) return;
    const configured = this.ctx.models.get('image');
    // The image model setting may name one that cannot edit (dall-e-3): gpt-image-1 can.
    const model = canEditImages(configured) ? configured : EDIT_MODEL_FALLBACK;
    this.open(source, model);
  }

  private async source(arg: unknown): Promise<Source | undefined> {
    const id = arg instanceof vscode.Uri ? undefined : taskIdOf(arg);
    if (id) {
      const task = this.ctx.store.get(id);
      if (!task) refuse(vscode.l10n.t('That task is no longer in the list.'));
      if (task.action === 'VIDEO' || !expectsImage(task)) refuse(vscode.l10n.t('Only a finished picture can be edited with a mask.'));
      const { bytes } = await this.ctx.images.bytes(task);
      return { name: `${task.id}.png`, bytes, prompt: task.prompt || task.promptEn || '', parentId: task.id };
    }
    const file = arg instanceof vscode.Uri ? arg : (await vscode.window.showOpenDialog({
      title: vscode.l10n.t('AITRE: Image to edit with a mask'), canSelectMany: false, filters: { [vscode.l10n.t('Images')]: [...IMAGE_EXTENSIONS] }, openLabel: vscode.l10n.t('Edit'),
    }))?.[0];
    if (!file) return undefined;
    const name = path.basename(file.path);
    try {
      return { name, bytes: await vscode.workspace.fs.readFile(file), prompt: '' };
    } catch {
      throw new GatewayError({ kind: 'validation', message: vscode.l10n.t('"{0}" cannot be read. Nothing was sent.', name) });
    }
  }

  private open(source: Source, model: string): void {
    const check = imageToDataUrl({ name: source.name, bytes: source.bytes });
    if (!check.ok) refuse(vscode.l10n.t('{0} Nothing was sent.', check.message));
    this.panel?.dispose();
    const panel = vscode.window.createWebviewPanel(MASK_EDIT_VIEW, vscode.l10n.t('AITRE: Edit with a Mask ({0})', model), vscode.ViewColumn.Active, {
      enableScripts: true, retainContextWhenHidden: true,
      localResourceRoots: [vscode.Uri.joinPath(this.extensionUri, 'dist'), vscode.Uri.joinPath(this.extensionUri, 'media')],
    });
    this.panel = panel;
    panel.iconPath = vscode.Uri.joinPath(this.extensionUri, 'media', 'aitre.svg');
    panel.webview.html = this.html(panel.webview);
    const send = (message: MaskEditToWebview) => void panel.webview.postMessage(message);
    let busy = false;
    const subscriptions = [
      panel.webview.onDidReceiveMessage(async (message: unknown) => {
        if (!isMaskEditToHost(message)) {
          this.ctx.log.warn('Edit with a Mask: dropped a message of unknown shape.');
          return;
        }
        if (message.type === 'ready') send({ type: 'open', imageUrl: check.dataUrl, prompt: source.prompt });
        else if (message.type === 'cancel') panel.dispose();
        else if (!busy) {
          busy = true;
          const outcome = await this.ctx.boundary.attempt('mask edit', () => this.submit(source, model, message.maskDataUrl, message.prompt), { show: false });
          busy = false;
          if (!outcome.ok) {
            send({ type: 'result', requestId: message.requestId, ok: false, message: outcome.message });
            return;
          }
          if (!outcome.value) {
            send({ type: 'result', requestId: message.requestId, ok: false, message: vscode.l10n.t('Nothing was sent: choose the options and Submit again.') });
            return;
          }
          send({ type: 'result', requestId: message.requestId, ok: true });
          panel.dispose();
          await this.ctx.boundary.run('mask edit', () => outcome.value!());
        }
      }),
      panel.onDidDispose(() => {
        subscriptions.forEach((s) => s.dispose());
        if (this.panel === panel) this.panel = undefined;
      }),
    ];
  }

  /** Asks the options, sends the edit; returns what keeps the result (run once the editor has closed), or undefined when cancelled. */
  private async submit(source: Source, model: string, maskDataUrl: string, prompt: string): Promise<(() => Promise<unknown>) | undefined> {
    const mask = decodeDataUrl(maskDataUrl);
    if (!mask) refuse(vscode.l10n.t('The painted mask could not be read. Paint again and Submit.'));
    const options = await this.askOptions(model, prompt);
    if (!options) return undefined;
    // Recorded as tasks as soon as the gateway answers; saved into the workspace once the editor has closed.
    const recorded = await withCancellableProgress(vscode.l10n.t('AITRE: editing the image with {0}…', model), (signal) => this.ctx.pictures.edit({
      model, prompt, signal,
      image: { name: source.name, bytes: source.bytes },
      mask: { name: 'mask.png', bytes: mask.bytes },
      ...(options.size !== 'auto' && { size: options.size }),
      ...(options.quality !== 'auto' && { quality: options.quality }),
      ...(options.inputFidelity && { inputFidelity: options.inputFidelity }),
    }, { properties: { size: options.size, quality: options.quality, ...(options.inputFidelity && { inputFidelity: options.inputFidelity }), mask: source.name }, originLabel: vscode.l10n.t('Mask Edit'), parentId: source.parentId }));
    return () => this.images.saveAll(recorded);
  }

  /** One quick pick: "Edit" first (Enter sends with the shown options), then a row per option to change it. */
  private async askOptions(model: string, prompt: string): Promise<EditOptions | undefined> {
    const values: EditOptions = { size: 'auto', quality: 'auto', ...(takesInputFidelity(model) && { inputFidelity: 'low' as const }) };
    const rows: Array<{ key: keyof EditOptions; label: string; allowed: readonly string[] }> = [
      { key: 'size', label: vscode.l10n.t('Size'), allowed: SIZES },
      { key: 'quality', label: vscode.l10n.t('Quality'), allowed: QUALITIES },
      ...(values.inputFidelity ? [{ key: 'inputFidelity' as const, label: vscode.l10n.t('Input fidelity (keep faces, logos)'), allowed: ['low', 'high'] }] : []),
    ];
    for (;;) {
      const summary = rows.map(({ key }) => values[key]).join(' · ');
      const picked = await vscode.window.showQuickPick([
        { label: vscode.l10n.t('$(sparkle) Edit'), description: summary, key: undefined as keyof EditOptions | undefined },
        { label: vscode.l10n.t('Options'), kind: vscode.QuickPickItemKind.Separator, key: undefined },
        ...rows.map(({ key, label }) => ({ label, description: values[key], key })),
      ], { title: vscode.l10n.t('AITRE: Edit with a Mask ({0})', model), placeHolder: prompt.replace(/\s+/g, ' ').slice(0, 100), ignoreFocusOut: true });
      if (!picked) return undefined;
      if (!picked.key) return values;
      const row = rows.find((r) => r.key === picked.key)!;
      const value = await vscode.window.showQuickPick(row.allowed.map((v) => ({ label: v, description: v === values[row.key] ? vscode.l10n.t('current') : '' })), { title: vscode.l10n.t('AITRE: {0}', row.label), ignoreFocusOut: true });
      if (value) (values as unknown as Record<string, string>)[row.key] = value.label;
    }
  }

  private html(webview: vscode.Webview): string {
    // The picture arrives as data: from the host; the webview loads nothing from the network.
    return webviewPage({
      webview, extensionUri: this.extensionUri, title: vscode.l10n.t('AITRE: Edit with a Mask'), lang: vscode.env.language,
      script: 'mask-edit.js', styles: ['panel.css', 'mask-editor.css'],
      body: `<section id="mask-editor" aria-label="${escapeHtml(vscode.l10n.t('Edit with a Mask'))}"></section>`,
      // The mask editor's own sentences, as the result panel has them.
      strings: webviewStrings(),
    });
  }

  dispose(): void {
    this.panel?.dispose();
  }
}
