// What the Tasks view asks of TaskTreeProvider on a full refresh: getChildren() of the root, a
// getTreeItem() for every row, and getChildren() again for every row created Expanded (a day
// heading, or a task with children). Shared by the Node part (vscode stubbed) and the
// extension-host part (real API).
import * as vscode from 'vscode';
import type { TaskStore } from '../../src/core/tasks/store';
import { TaskTreeProvider, type TaskTreeNode } from '../../src/ui/tasks/tree';
import { summarize, type Summary } from './stats';

/** The provider as src/extension.ts builds it; `groupByDay` is the tree's "group by day" switch. */
export function makeTreeProvider(store: TaskStore, groupByDay: boolean): TaskTreeProvider {
  return new TaskTreeProvider(store, () => groupByDay);
}

export interface WalkResult {
  /** Every row the view would show: task rows plus day headings. */
  rows: number;
  taskRows: number;
  topLevel: number;
  expanded: number;
  ms: number;
}

const isTask = (node: TaskTreeNode): boolean => (node as { kind?: unknown }).kind !== 'day';

export function walkTree(provider: TaskTreeProvider): WalkResult {
  const started = performance.now();
  let rows = 0;
  let taskRows = 0;
  let expanded = 0;
  let topLevel = 0;
  const visit = (parent: TaskTreeNode | undefined): void => {
    const result = provider.getChildren(parent);
    if (!Array.isArray(result)) throw new Error('the store has not read its first page yet');
    const children: TaskTreeNode[] = result;
    if (!parent) topLevel = children.length;
    for (const node of children) {
      const item = provider.getTreeItem(node);
      rows++;
      if (isTask(node)) taskRows++;
      if (item.collapsibleState === vscode.TreeItemCollapsibleState.Expanded) {
        expanded++;
        visit(node);
      }
    }
  };
  visit(undefined);
  return { rows, taskRows, topLevel, expanded, ms: performance.now() - started };
}

export interface WalkSummary {
  rows: number; taskRows: number; topLevel: number; expanded: number;
  /** The refreshes after the first (what the view asks on every change). */
  ms: Summary; runs: number[];
  /** The first walk: every item built (first paint). */
  firstMs: number;
}

/** One first walk (every item built), then `runs` timed refreshes. */
export function timeWalks(provider: TaskTreeProvider, runs = 5): WalkSummary {
  const first = walkTree(provider);
  const times: number[] = [];
  for (let i = 0; i < runs; i++) times.push(walkTree(provider).ms);
  return { rows: first.rows, taskRows: first.taskRows, topLevel: first.topLevel, expanded: first.expanded, ms: summarize(times), runs: times, firstMs: first.ms };
}
