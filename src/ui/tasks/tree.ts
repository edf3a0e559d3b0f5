// The sidebar task tree: a view of the task store (it never talks to the network). Tasks show
// under the task whose button made them; the list can be filtered and grouped by day.
import * as vscode from 'vscode';
import { Commands } from '../../constants';
import { dayKey, dayLabel, describeFilter, isFilterActive, matchesFilter, type TaskFilter } from '../../core/tasks/history';
import { isRunning, statusText, taskTitle, taskTooltip } from '../../core/tasks/presentation';
import type { TaskStore } from '../../core/tasks/store';
import { isMidjourneyTask, isWaitingForInput, type TaskRecord } from '../../shared/task';

/** A day heading when the list is grouped by day. */
export interface DayNode {
  kind: 'day';
  key: string;
  label: string;
}

export type TaskTreeNode = TaskRecord | DayNode;

const isDay = (node: TaskTreeNode): node is DayNode => (node as DayNode).kind === 'day';

export class TaskTreeProvider implements vscode.TreeDataProvider<TaskTreeNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<TaskTreeNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly subscription: vscode.Disposable;
  private filter: TaskFilter = {};
  /** Day nodes are cached so reveal() and expansion state see the same objects. */
  private dayNodes = new Map<string, DayNode>();
  private dayMembers = new Map<string, TaskRecord[]>();

  constructor(private readonly store: TaskStore, private readonly groupByDay: () => boolean = () => false) {
    // One refresh per store change batch; the tree asks for what it shows.
    this.subscription = this.store.onDidChange(() => this.changed.fire(undefined));
  }

  refresh(): void {
    this.changed.fire(undefined);
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
    return `Showing ${shown} of ${this.store.size} tasks: ${describeFilter(this.filter)}`;
  }

  getChildren(element?: TaskTreeNode): TaskTreeNode[] {
    const filtering = isFilterActive(this.filter);
    if (element && isDay(element)) return this.dayMembers.get(element.key) ?? [];
    // While filtering the list is flat: a match deep in a chain is still found.
    if (element) return filtering ? [] : this.store.children(element.id);
    const top = this.topLevel(filtering);
    if (!this.groupByDay()) return top;
    // One pass groups every task by day; expanding a day then costs nothing.
    const days = new Map<string, DayNode>();
    const members = new Map<string, TaskRecord[]>();
    for (const task of top) {
      const time = task.submitTime ?? task.addedAt;
      const key = dayKey(time);
      if (!days.has(key)) days.set(key, this.dayNodes.get(key) ?? { kind: 'day', key, label: dayLabel(time) });
      const list = members.get(key) ?? [];
      list.push(task);
      members.set(key, list);
    }
    this.dayNodes = days;
    this.dayMembers = members;
    return [...days.values()];
  }

  private topLevel(filtering: boolean): TaskRecord[] {
    return filtering ? this.store.all().filter((t) => matchesFilter(t, this.filter)) : this.store.roots();
  }

  getParent(element: TaskTreeNode): TaskTreeNode | undefined {
    if (isDay(element)) return undefined;
    if (isFilterActive(this.filter)) return this.groupByDay() ? this.dayNodes.get(dayKey(element.submitTime ?? element.addedAt)) : undefined;
    const parent = element.parentId ? this.store.get(element.parentId) : undefined;
    if (parent) return parent;
    return this.groupByDay() ? this.dayNodes.get(dayKey(element.submitTime ?? element.addedAt)) : undefined;
  }

  getTreeItem(node: TaskTreeNode): vscode.TreeItem {
    if (isDay(node)) {
      const item = new vscode.TreeItem(node.label, vscode.TreeItemCollapsibleState.Expanded);
      item.id = `day:${node.key}`;
      item.iconPath = new vscode.ThemeIcon('calendar');
      item.contextValue = 'aitreDay';
      return item;
    }
    const current = this.store.get(node.id) ?? node;
    const hasChildren = !isFilterActive(this.filter) && this.store.children(current.id).length > 0;
    const item = new vscode.TreeItem(
      taskTitle(current),
      hasChildren ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.None,
    );
    item.id = current.id;
    item.description = statusText(current);
    const tooltip = new vscode.MarkdownString(undefined, false);
    tooltip.appendText(taskTooltip(current));
    item.tooltip = tooltip;
    item.iconPath = iconFor(current);
    item.contextValue = contextValueFor(current);
    item.command = { command: Commands.openResult, title: 'Open Result', arguments: [current.id] };
    item.accessibilityInformation = { label: `${taskTitle(current)}, ${statusText(current)}` };
    return item;
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}

function iconFor(task: TaskRecord): vscode.ThemeIcon {
  if (task.status === 'SUCCESS') return new vscode.ThemeIcon('pass', new vscode.ThemeColor('testing.iconPassed'));
  if (task.status === 'FAILURE') return new vscode.ThemeIcon('error', new vscode.ThemeColor('testing.iconFailed'));
  if (task.status === 'CANCEL') return new vscode.ThemeIcon('circle-slash');
  if (isWaitingForInput(task)) return new vscode.ThemeIcon('edit', new vscode.ThemeColor('notificationsWarningIcon.foreground'));
  if (task.stalled || task.untracked) return new vscode.ThemeIcon('warning', new vscode.ThemeColor('notificationsWarningIcon.foreground'));
  return new vscode.ThemeIcon('loading~spin');
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
  if (['IMAGINE', 'SHORTEN'].includes(task.action) || task.originCustomId) flags.push('rerun');
  return flags.join(' ');
}
