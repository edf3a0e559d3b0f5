// History of tasks: filtering, grouping by day, and export. Pure: the tree and the commands use it.
import { actionLabel, isRunning, statusText, taskTitle } from './presentation';
import { isTerminalStatus, isWaitingForInput, type TaskRecord } from '../../shared/task';
import { t, uiLocale } from '../base/l10n';

export type StatusFilter = 'running' | 'done' | 'failed' | 'needsInput';

export interface TaskFilter {
  text?: string;
  status?: StatusFilter;
  /** A task action (IMAGINE, UPSCALE, DESCRIBE, ...). */
  action?: string;
}

export function isFilterActive(filter: TaskFilter): boolean {
  return Boolean(filter.text?.trim() || filter.status || filter.action);
}

export function matchesFilter(task: TaskRecord, filter: TaskFilter): boolean {
  if (filter.status) {
    const ok = filter.status === 'running' ? isRunning(task)
      : filter.status === 'done' ? task.status === 'SUCCESS'
        : filter.status === 'failed' ? task.status === 'FAILURE' || task.status === 'CANCEL'
          : isWaitingForInput(task);
    if (!ok) return false;
  }
  if (filter.action && task.action !== filter.action) return false;
  const text = filter.text?.trim().toLowerCase();
  if (text) {
    const haystack = [task.prompt, task.promptEn, task.finalPrompt, task.subject, task.id, task.originLabel, actionLabel(task.action), task.failReason]
      .filter(Boolean).join('\n').toLowerCase();
    if (!text.split(/\s+/).every((word) => haystack.includes(word))) return false;
  }
  return true;
}

export function describeFilter(filter: TaskFilter): string {
  const parts: string[] = [];
  if (filter.text?.trim()) parts.push(`"${filter.text.trim()}"`);
  if (filter.status) parts.push({ running: t('running'), done: t('done'), failed: t('failed'), needsInput: t('needs input') }[filter.status]);
  if (filter.action) parts.push(actionLabel(filter.action));
  return parts.join(', ');
}

/** "Today", "Yesterday", or the local date, for a task's day. */
export function dayLabel(time: number, now = Date.now()): string {
  const day = new Date(time);
  const today = new Date(now);
  const start = (d: Date) => new Date(d.getFullYear(), d.getMonth(), d.getDate()).getTime();
  const diff = Math.round((start(today) - start(day)) / 86_400_000);
  if (diff === 0) return t('Today');
  if (diff === 1) return t('Yesterday');
  return day.toLocaleDateString(uiLocale(), { weekday: 'short', year: 'numeric', month: 'short', day: 'numeric' });
}

/** A stable key per local day, newest first when sorted descending. */
export function dayKey(time: number): string {
  const d = new Date(time);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

export interface ExportContext {
  /** Path of a saved copy relative to the export file, if any. */
  savedPath(task: TaskRecord): string | undefined;
  imageUrl(task: TaskRecord): string;
}

/** History as Markdown: one section per task, with its image (local copy first). */
export function historyToMarkdown(tasks: readonly TaskRecord[], context: ExportContext, now = new Date()): string {
  const lines = [`# AITRE history`, '', t('Exported {0} — {1} task(s).', now.toISOString(), tasks.length), ''];
  for (const task of tasks) {
    lines.push(`## ${taskTitle(task, 80).replace(/[#\n]/g, ' ')}`, '');
    lines.push(`- Task: \`${task.id}\`${task.parentId ? ` (from \`${task.parentId}\`)` : ''}`);
    lines.push(`- ${actionLabel(task.action)}, ${statusText(task)}, ${new Date(task.submitTime ?? task.addedAt).toISOString()}`);
    if (task.prompt || task.promptEn) lines.push(`- Prompt: ${(task.prompt || task.promptEn).replace(/\n/g, ' ')}`);
    if (task.finalPrompt && task.finalPrompt !== task.prompt) lines.push(`- Final prompt: ${task.finalPrompt.replace(/\n+/g, ' ')}`);
    if (task.failReason) lines.push(`- Failure: ${task.failReason}`);
    const image = context.savedPath(task) ?? (isTerminalStatus(task.status) ? context.imageUrl(task) : '');
    if (image) lines.push('', `![${(task.prompt || task.action).replace(/[[\]\n]/g, ' ').slice(0, 80)}](${image.includes(' ') ? `<${image}>` : image})`);
    lines.push('');
  }
  return `${lines.join('\n').trimEnd()}\n`;
}

/** History as JSON: the records without local bookkeeping noise. */
export function historyToJson(tasks: readonly TaskRecord[], now = new Date()): string {
  return `${JSON.stringify({ exportedAt: now.toISOString(), tasks: tasks.map(({ lastPolledAt: _p, stalled: _s, ...rest }) => rest) }, null, 2)}\n`;
}
