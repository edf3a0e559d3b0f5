// The sidebar task tree: a view of the task store. It never talks to the network.
import * as vscode from 'vscode';
import { Commands } from '../constants';
import { isRunning, statusText, taskTitle, taskTooltip } from '../core/presentation';
import type { TaskStore } from '../core/store';
import { isWaitingForInput, type TaskRecord } from '../shared/task';

export class TaskTreeProvider implements vscode.TreeDataProvider<TaskRecord>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<TaskRecord | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly subscription: vscode.Disposable;

  constructor(private readonly store: TaskStore) {
    // One refresh per store change batch; the tree asks for what it shows.
    this.subscription = this.store.onDidChange(() => this.changed.fire(undefined));
  }

  refresh(): void {
    this.changed.fire(undefined);
  }

  getChildren(element?: TaskRecord): TaskRecord[] {
    return element ? this.store.children(element.id) : this.store.roots();
  }

  getParent(element: TaskRecord): TaskRecord | undefined {
    return element.parentId ? this.store.get(element.parentId) : undefined;
  }

  getTreeItem(task: TaskRecord): vscode.TreeItem {
    const current = this.store.get(task.id) ?? task;
    const hasChildren = this.store.children(current.id).length > 0;
    const item = new vscode.TreeItem(
      taskTitle(current),
      hasChildren ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.None,
    );
    item.id = current.id;
    item.description = statusText(current);
    item.tooltip = new vscode.MarkdownString(undefined, false);
    (item.tooltip as vscode.MarkdownString).appendText(taskTooltip(current));
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
  if (isRunning(task)) flags.push('running');
  if (task.status === 'SUCCESS') flags.push('done');
  if (task.status === 'FAILURE' || task.status === 'CANCEL') flags.push('failed');
  if (isWaitingForInput(task)) flags.push('needsInput');
  if (task.stalled || task.untracked) flags.push('recheck');
  if (task.status === 'SUCCESS' && task.imageUrl && task.action !== 'DESCRIBE') flags.push('image');
  if (task.status === 'SUCCESS' && task.buttons.some((b) => /::upsample::[1-4]::/.test(b.customId))) flags.push('grid');
  if (task.saved?.length) flags.push('saved');
  return flags.join(' ');
}
