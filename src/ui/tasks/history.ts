// History commands: filter the task list, group it by day, re-run a task (as is or edited),
// export the history as Markdown or JSON.
import * as vscode from 'vscode';
import { refuse } from '../../core/gateway/errors';
import { config } from '../../platform/config';
import { historyToJson, historyToMarkdown, isFilterActive, matchesFilter, type StatusFilter } from '../../core/tasks/history';
import { relativePath } from '../../core/files/outputs';
import { actionLabel, resolveImageUrl } from '../../core/tasks/presentation';
import type { MidjourneyService } from '../../core/tasks/service';
import type { TaskRecord } from '../../shared/task';
import type { TaskTreeProvider } from './tree';
import type { MidjourneyUi } from '../midjourney/commands';
import { taskIdOf } from './commands';


export class HistoryCommands {
  constructor(
    private readonly service: MidjourneyService,
    private readonly tree: TaskTreeProvider,
    private readonly treeView: vscode.TreeView<unknown>,
    private readonly ui: MidjourneyUi,
    private readonly gatewayRoot: () => string | undefined,
  ) {}

  /** Reads the tasks still on disk only, with a note in the status bar while it takes. */
  private async readAll(): Promise<void> {
    const store = this.service.store;
    if (store.isReady && store.unloadedCount === 0) return;
    await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: vscode.l10n.t('AITRE: reading {0} older tasks…', store.unloadedCount.toLocaleString('en-US')) }, () => store.loadAll());
  }

  private showFilterMessage(): void {
    this.treeView.message = this.tree.filterMessage();
  }

  /** Filter by text, status or kind; arguments `{ text?, status?, action? }` skip the pickers. */
  async filter(arg?: unknown): Promise<void> {
    // A filter searches the whole history, not only the page read at start.
    await this.readAll();
    if (typeof arg === 'object' && arg !== null) {
      const a = arg as { text?: unknown; status?: unknown; action?: unknown };
      this.tree.setFilter({
        text: typeof a.text === 'string' ? a.text : undefined,
        status: ['running', 'done', 'failed', 'needsInput'].includes(a.status as string) ? a.status as StatusFilter : undefined,
        action: typeof a.action === 'string' ? a.action : undefined,
      });
      this.showFilterMessage();
      return;
    }
    const current = this.tree.currentFilter;
    const actions = [...new Set(this.service.store.all().map((t) => t.action))].sort();
    type Item = vscode.QuickPickItem & { apply?: () => Promise<void> | void };
    const items: Item[] = [
      { label: vscode.l10n.t('$(search) Text…'), description: current.text ? vscode.l10n.t('now "{0}"', current.text) : vscode.l10n.t('prompt, id, button, failure'), apply: async () => {
        const text = await vscode.window.showInputBox({ title: vscode.l10n.t('AITRE: Filter Tasks by Text'), value: current.text ?? '', prompt: vscode.l10n.t('Words that must all appear in the prompt, id, button or failure reason.') });
        if (text !== undefined) this.tree.setFilter({ ...this.tree.currentFilter, text: text.trim() || undefined });
      } },
      { label: vscode.l10n.t('Status'), kind: vscode.QuickPickItemKind.Separator },
      ...(['running', 'done', 'failed', 'needsInput'] as const).map((status): Item => ({
        label: `${current.status === status ? '$(check) ' : ''}${{ running: vscode.l10n.t('Running'), done: vscode.l10n.t('Done'), failed: vscode.l10n.t('Failed'), needsInput: vscode.l10n.t('Needs input') }[status]}`,
        apply: () => this.tree.setFilter({ ...this.tree.currentFilter, status: current.status === status ? undefined : status }),
      })),
      { label: vscode.l10n.t('Kind'), kind: vscode.QuickPickItemKind.Separator },
      ...actions.map((action): Item => ({
        label: `${current.action === action ? '$(check) ' : ''}${actionLabel(action)}`,
        apply: () => this.tree.setFilter({ ...this.tree.currentFilter, action: current.action === action ? undefined : action }),
      })),
      { label: '', kind: vscode.QuickPickItemKind.Separator },
      { label: vscode.l10n.t('$(clear-all) Clear Filter'), apply: () => this.tree.setFilter({}) },
    ];
    const choice = await vscode.window.showQuickPick(items, { title: vscode.l10n.t('AITRE: Filter Tasks'), placeHolder: vscode.l10n.t('Pick what to show (pick a checked entry again to remove it)') });
    await choice?.apply?.();
    this.showFilterMessage();
  }

  clearFilter(): void {
    this.tree.setFilter({});
    this.showFilterMessage();
  }

  async toggleGroupByDay(): Promise<void> {
    await config.setGroupByDay(!config.groupByDay());
    this.tree.refresh();
  }

  private task(arg: unknown): TaskRecord {
    const id = taskIdOf(arg);
    const task = id ? this.service.store.get(id) : undefined;
    if (!task) refuse(vscode.l10n.t('That task is no longer in the list.'));
    return task;
  }

  /** Re-run: the same prompt (imagine, shorten) or the same button on the same parent. */
  async rerun(arg: unknown, edited?: string): Promise<TaskRecord | undefined> {
    const task = this.task(arg);
    if (task.originCustomId && task.parentId && edited === undefined) {
      const result = await this.service.press(task.parentId, task.originCustomId);
      await this.ui.reveal(result.task.id);
      return result.task;
    }
    const prompt = (edited ?? task.prompt).trim();
    if (!prompt) refuse(vscode.l10n.t('This task has no prompt to run again.'));
    const options = { prompt, mode: task.mode, botType: task.botType === 'NIJI_JOURNEY' ? 'NIJI_JOURNEY' as const : undefined };
    let result;
    if (task.action === 'SHORTEN') result = await this.service.shorten(options);
    else if (task.action === 'IMAGINE') result = await this.service.imagine(options);
    else refuse(vscode.l10n.t('{0} needs its original images; run the command again with them.', actionLabel(task.action)));
    await this.ui.reveal(result.task.id);
    return result.task;
  }

  /** Re-run with the prompt edited first (prefilled). */
  async rerunWithEdits(arg: unknown, prompt?: unknown): Promise<TaskRecord | undefined> {
    const task = this.task(arg);
    if (!['IMAGINE', 'SHORTEN'].includes(task.action)) refuse(vscode.l10n.t('Only imagine and shorten prompts can be edited and run again.'));
    const edited = typeof prompt === 'string' ? prompt : await vscode.window.showInputBox({
      title: vscode.l10n.t('AITRE: Re-run {0} with Edits', actionLabel(task.action)), value: task.prompt, ignoreFocusOut: true,
      validateInput: (text) => (text.trim() ? undefined : vscode.l10n.t('The prompt is empty.')),
    });
    if (edited === undefined) return undefined;
    if (!edited.trim()) refuse(vscode.l10n.t('The prompt is empty. Nothing was sent.'));
    return this.rerun(task.id, edited);
  }

  /** Export the history (the filtered view if a filter is on) as Markdown with images, or JSON. */
  async export(format?: unknown, target?: unknown): Promise<vscode.Uri | undefined> {
    const kind = format === 'markdown' || format === 'json' ? format : (await vscode.window.showQuickPick([
      { label: 'Markdown', description: vscode.l10n.t('readable, with images'), value: 'markdown' as const },
      { label: 'JSON', description: vscode.l10n.t('every field, for scripts'), value: 'json' as const },
    ], { title: vscode.l10n.t('AITRE: Export History') }))?.value;
    if (!kind) return undefined;
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
    const file = target instanceof vscode.Uri ? target : await vscode.window.showSaveDialog({
      title: vscode.l10n.t('AITRE: Export History'),
      defaultUri: folder ? vscode.Uri.joinPath(folder, kind === 'markdown' ? 'aitre-history.md' : 'aitre-history.json') : undefined,
      filters: kind === 'markdown' ? { Markdown: ['md'] } : { JSON: ['json'] },
    });
    if (!file) return undefined;
    await this.readAll();
    const filter = this.tree.currentFilter;
    const tasks = this.service.store.all().filter((t) => !isFilterActive(filter) || matchesFilter(t, filter));
    const text = kind === 'json' ? historyToJson(tasks) : historyToMarkdown(tasks, {
      savedPath: (t) => {
        const whole = t.saved?.find((s) => !s.part) ?? t.saved?.[0];
        return whole ? relativePath(file.fsPath, vscode.Uri.parse(whole.uri).fsPath) : undefined;
      },
      imageUrl: (t) => resolveImageUrl(t.imageUrl, this.gatewayRoot()),
    });
    await vscode.workspace.fs.writeFile(file, Buffer.from(text));
    vscode.window.setStatusBarMessage(vscode.l10n.t('AITRE: exported {0} task(s) to {1}.', tasks.length, vscode.workspace.asRelativePath(file)), 5000);
    return file;
  }
}
