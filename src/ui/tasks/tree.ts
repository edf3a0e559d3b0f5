// The sidebar task tree: a view of the task store (it never talks to the network). Tasks show
// under the task whose button made them; the list can be filtered and grouped by day.
import * as vscode from 'vscode';
import { Commands } from '../../constants';
import { dayKey, dayLabel, describeFilter, isFilterActive, matchesFilter, type TaskFilter } from '../../core/tasks/history';
import { isRerunnable, isRunning, statusText, taskRow, taskTitle, taskTooltip } from '../../core/tasks/presentation';
import type { StoreChange, TaskStore } from '../../core/tasks/store';
import { isMidjourneyTask, isWaitingForInput, type TaskRecord } from '../../shared/task';

/** A day heading when the list is grouped by day. */
export interface DayNode {
  kind: 'day';
  key: string;
  label: string;
}

/** The last row while older finished tasks are still on disk only: clicking it reads the next page. */
export interface MoreNode {
  kind: 'more';
}

/**
 * A task's row: one object per task id for as long as the task is in the list. VS Code keeps rows
 * by element object, while the record behind a row is replaced at every change; a stable node lets
 * a change redraw just that row, and a click or right-click on it keeps finding its task while
 * other tasks poll (after a whole-tree refresh the view drops every row's element until it reads
 * the tree again, and a menu command chosen meanwhile got no task).
 */
export interface TaskNode {
  kind: 'task';
  id: string;
}

export type TaskTreeNode = TaskNode | DayNode | MoreNode;

const isDay = (node: TaskTreeNode): node is DayNode => node.kind === 'day';
const isMore = (node: TaskTreeNode): node is MoreNode => node.kind === 'more';
const MORE: MoreNode = { kind: 'more' };

export class TaskTreeProvider implements vscode.TreeDataProvider<TaskTreeNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<TaskTreeNode[] | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly subscription: vscode.Disposable;
  private filter: TaskFilter = {};
  /** Day nodes are cached so reveal() and expansion state see the same objects. */
  private dayNodes = new Map<string, DayNode>();
  private dayMembers = new Map<string, TaskRecord[]>();
  private readonly taskNodes = new Map<string, TaskNode>();
  /** What the last reading of the top level saw: the store's shape, who matched the filter, each row's day. */
  private drawnShape = -1;
  private readonly drawnMatches = new Set<string>();
  private readonly drawnDays = new Map<string, string>();
  /** Items of unchanged records, reused across refreshes. */
  private items = new WeakMap<TaskRecord, { item: vscode.TreeItem; hasChildren: boolean }>();
  /** Tasks the view has asked for (as someone's child or at the top), and reveals waiting for one. */
  private readonly listed = new Set<string>();
  private readonly listedWaiters = new Map<string, Array<() => void>>();

  constructor(
    private readonly store: TaskStore,
    private readonly groupByDay: () => boolean = () => false,
    /** A local copy of the task's picture (saved, or in the image cache) for the tooltip's thumbnail. */
    private readonly thumbnail: (task: TaskRecord) => vscode.Uri | undefined = () => undefined,
  ) {
    this.subscription = this.store.onDidChange((change) => this.onStoreChange(change));
  }

  /** Redraws the whole tree (the filter, the grouping or the list's shape changed). */
  refresh(): void {
    // The view reads the whole store again: what changed meanwhile is in that reading.
    this.drawnShape = this.store.shapeVersion;
    this.changed.fire(undefined);
  }

  /** The row object of a task (for reveal): the same one the view was given. */
  nodeFor(taskId: string): TaskNode {
    let node = this.taskNodes.get(taskId);
    if (!node) {
      node = { kind: 'task', id: taskId };
      this.taskNodes.set(taskId, node);
    }
    return node;
  }

  /**
   * A change that leaves every task in its place (a poll's progress, a status, a saved copy)
   * redraws just the changed rows; tasks that came, went or moved, or that now fall in or out of
   * the filter or into another day, redraw the tree.
   */
  private onStoreChange(change: StoreChange): void {
    for (const id of change.removed) this.taskNodes.delete(id);
    if (change.removed.length || this.store.shapeVersion !== this.drawnShape || change.changed.some((id) => this.movesRow(id))) {
      this.refresh();
      return;
    }
    const rows = change.changed.map((id) => this.taskNodes.get(id)).filter((n): n is TaskNode => n !== undefined);
    if (rows.length) this.changed.fire(rows);
  }

  private movesRow(taskId: string): boolean {
    const task = this.store.get(taskId);
    if (!task) return true;
    if (isFilterActive(this.filter) && matchesFilter(task, this.filter) !== this.drawnMatches.has(taskId)) return true;
    const day = this.drawnDays.get(taskId);
    return day !== undefined && this.groupByDay() && day !== dayKey(task.submitTime ?? task.addedAt);
  }

  get currentFilter(): TaskFilter {
    return this.filter;
  }

  setFilter(filter: TaskFilter): void {
    this.filter = filter;
    void vscode.commands.executeCommand('setContext', 'aitre.tasksFiltered', isFilterActive(filter));
    this.refresh();
  }

  /** "Showing 3 of 120 tasks: "fox", done" while a filter is on. */
  filterMessage(): string | undefined {
    if (!isFilterActive(this.filter)) return undefined;
    const shown = this.store.all().filter((t) => matchesFilter(t, this.filter)).length;
    return vscode.l10n.t('Showing {0} of {1} tasks: {2}', shown, this.store.size, describeFilter(this.filter));
  }

  getChildren(element?: TaskTreeNode): TaskTreeNode[] | Thenable<TaskTreeNode[]> {
    // Right after start the newest page may still be on its way: the view shows its progress bar.
    if (!this.store.isReady) return this.store.ready.then(() => this.getChildren(element));
    const rows = this.rowsUnder(element);
    for (const row of rows) if (row.kind === 'task') this.noteListed(row.id);
    return rows;
  }

  /**
   * Resolves once the view has asked for `taskId`'s row (so a reveal finds it in the view, not just
   * in the store), or after `timeoutMs`. The view learns of a change a moment after the store: a
   * reveal sent in between expanded a parent the view still drew as a leaf, and the new row stayed
   * hidden under it.
   */
  whenListed(taskId: string, timeoutMs = 3_000): Promise<void> {
    if (this.listed.has(taskId)) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => { clearTimeout(timer); resolve(); };
      const timer = setTimeout(() => {
        const left = (this.listedWaiters.get(taskId) ?? []).filter((w) => w !== done);
        if (left.length) this.listedWaiters.set(taskId, left); else this.listedWaiters.delete(taskId);
        resolve();
      }, timeoutMs);
      this.listedWaiters.set(taskId, [...(this.listedWaiters.get(taskId) ?? []), done]);
    });
  }

  private noteListed(taskId: string): void {
    this.listed.add(taskId);
    const waiters = this.listedWaiters.get(taskId);
    if (!waiters) return;
    this.listedWaiters.delete(taskId);
    for (const w of waiters) w();
  }

  private rowsUnder(element?: TaskTreeNode): TaskTreeNode[] {
    const filtering = isFilterActive(this.filter);
    if (element && isMore(element)) return [];
    if (element && isDay(element)) return (this.dayMembers.get(element.key) ?? []).map((t) => this.nodeFor(t.id));
    // While filtering the list is flat: a match deep in a chain is still found.
    if (element) return filtering ? [] : this.store.children(element.id).map((t) => this.nodeFor(t.id));
    this.drawnShape = this.store.shapeVersion;
    const top = this.topLevel(filtering);
    this.drawnMatches.clear();
    if (filtering) for (const task of top) this.drawnMatches.add(task.id);
    this.drawnDays.clear();
    // Only the newest page is read at start; the rest is one click away (filters read everything).
    const more: TaskTreeNode[] = !filtering && this.store.unloadedCount > 0 ? [MORE] : [];
    if (!this.groupByDay()) return [...top.map((t) => this.nodeFor(t.id)), ...more];
    // One pass groups every task by day; expanding a day then costs nothing.
    const days = new Map<string, DayNode>();
    const members = new Map<string, TaskRecord[]>();
    for (const task of top) {
      const time = task.submitTime ?? task.addedAt;
      const key = dayKey(time);
      this.drawnDays.set(task.id, key);
      if (!days.has(key)) days.set(key, this.dayNodes.get(key) ?? { kind: 'day', key, label: dayLabel(time) });
      const list = members.get(key) ?? [];
      list.push(task);
      members.set(key, list);
    }
    this.dayNodes = days;
    this.dayMembers = members;
    return [...days.values(), ...more];
  }

  private topLevel(filtering: boolean): TaskRecord[] {
    return filtering ? this.store.all().filter((t) => matchesFilter(t, this.filter)) : this.store.roots();
  }

  getParent(element: TaskTreeNode): TaskTreeNode | undefined {
    if (isDay(element) || isMore(element)) return undefined;
    const task = this.store.get(element.id);
    if (!task) return undefined;
    const day = () => (this.groupByDay() ? this.dayNodes.get(dayKey(task.submitTime ?? task.addedAt)) : undefined);
    if (isFilterActive(this.filter)) return day();
    if (task.parentId && this.store.has(task.parentId)) return this.nodeFor(task.parentId);
    return day();
  }

  getTreeItem(node: TaskTreeNode): vscode.TreeItem {
    if (isDay(node)) {
      const item = new vscode.TreeItem(node.label, vscode.TreeItemCollapsibleState.Expanded);
      item.id = `day:${node.key}`;
      item.iconPath = CALENDAR;
      item.contextValue = 'aitreDay';
      return item;
    }
    if (isMore(node)) {
      const left = this.store.unloadedCount;
      const item = new vscode.TreeItem(vscode.l10n.t('Show older tasks'), vscode.TreeItemCollapsibleState.None);
      item.id = 'aitre:more';
      item.description = vscode.l10n.t('{0} more', left.toLocaleString('en-US'));
      item.iconPath = HISTORY;
      item.contextValue = 'aitreMore';
      item.tooltip = vscode.l10n.t('Read the next {0} older finished tasks from disk.', Math.min(left, this.store.pageSize).toLocaleString('en-US'));
      item.command = { command: Commands.loadOlderTasks, title: 'Show Older Tasks' };
      return item;
    }
    const current = this.store.get(node.id);
    // Asked for a row whose task was just removed (the redraw that drops it is on its way).
    if (!current) return new vscode.TreeItem(node.id, vscode.TreeItemCollapsibleState.None);
    const hasChildren = !isFilterActive(this.filter) && this.store.hasChildren(current.id);
    // Records are replaced, never changed: an unchanged task reuses its item (a stalled one's text counts minutes).
    const cached = this.items.get(current);
    if (cached && cached.hasChildren === hasChildren && !(current.stalled && !current.untracked)) return cached.item;
    const row = taskRow(current);
    const item = new vscode.TreeItem(
      row.label,
      hasChildren ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.None,
    );
    // A task that gains its first child gets a new id: the view then draws it as a new, expanded
    // row, instead of keeping the collapsed state of the leaf it drew before (where the child
    // would stay hidden). Selection moves to the child anyway (reveal).
    item.id = hasChildren ? `${current.id}/children` : current.id;
    item.description = row.description;
    // The tooltip is built on hover (resolveTreeItem): a refresh of thousands of rows skips it.
    item.iconPath = iconFor(current);
    item.contextValue = contextValueFor(current);
    item.command = { command: Commands.openResult, title: 'Open Result', arguments: [current.id] };
    item.accessibilityInformation = { label: `${taskTitle(current)}, ${statusText(current)}` };
    this.items.set(current, { item, hasChildren });
    return item;
  }

  resolveTreeItem(item: vscode.TreeItem, node: TaskTreeNode): vscode.TreeItem {
    if (isDay(node) || isMore(node)) return item;
    const task = this.store.get(node.id);
    if (!task) return item;
    const tooltip = new vscode.MarkdownString(undefined, false);
    tooltip.appendText(taskTooltip(task));
    const picture = task.status === 'SUCCESS' ? this.thumbnail(task) : undefined;
    if (picture) tooltip.appendMarkdown(`\n\n![result](${picture.toString(true)}|width=200)`);
    item.tooltip = tooltip;
    return item;
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}

const CALENDAR = new vscode.ThemeIcon('calendar');
const HISTORY = new vscode.ThemeIcon('history');
const WARNING = new vscode.ThemeColor('notificationsWarningIcon.foreground');
// One icon object per state, not one per row per refresh.
const ICONS = {
  done: new vscode.ThemeIcon('pass', new vscode.ThemeColor('testing.iconPassed')),
  failed: new vscode.ThemeIcon('error', new vscode.ThemeColor('testing.iconFailed')),
  cancelled: new vscode.ThemeIcon('circle-slash'),
  input: new vscode.ThemeIcon('edit', WARNING),
  warning: new vscode.ThemeIcon('warning', WARNING),
  running: new vscode.ThemeIcon('loading~spin'),
};

function iconFor(task: TaskRecord): vscode.ThemeIcon {
  if (task.status === 'SUCCESS') return ICONS.done;
  if (task.status === 'FAILURE') return ICONS.failed;
  if (task.status === 'CANCEL') return ICONS.cancelled;
  if (isWaitingForInput(task)) return ICONS.input;
  if (task.stalled || task.untracked) return ICONS.warning;
  return ICONS.running;
}

/** Space-separated flags matched by `viewItem =~ /.../` in the manifest. */
function contextValueFor(task: TaskRecord): string {
  const flags = ['aitreTask'];
  if (isMidjourneyTask(task)) flags.push('mj');
  if (isRunning(task)) flags.push('running');
  if (task.status === 'SUCCESS') flags.push('done');
  if (task.status === 'FAILURE' || task.status === 'CANCEL') flags.push('failed');
  if (isWaitingForInput(task)) flags.push('needsInput');
  if (task.stalled || task.untracked) flags.push('recheck');
  if (task.status === 'SUCCESS' && (task.imageUrl || task.saved?.length) && task.action !== 'DESCRIBE') flags.push('image');
  if (task.status === 'SUCCESS' && task.buttons.some((b) => /::upsample::[1-4]::/.test(b.customId))) flags.push('grid');
  if (task.saved?.length) flags.push('saved');
  if (task.action === 'VIDEO') flags.push('video');
  if (isRerunnable(task)) flags.push('rerun');
  return flags.join(' ');
}
