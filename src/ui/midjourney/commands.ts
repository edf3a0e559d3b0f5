// MidJourney commands: Imagine from Selection, Open Task by ID, buttons and modal follow-ups.
import * as vscode from 'vscode';
import { GatewayError } from '../../core/gateway/errors';
import { checkPrompt, type CheckOptions } from '../../core/midjourney/promptCheck';
import { botTypeFromArgument, checkCustomZoomPrompt, normalisePrompt, promptFromArgument, withDefaultZoom } from '../../core/midjourney/prompts';
import type { MidjourneyService, SubmitResult } from '../../core/tasks/service';
import { modalKind } from '../../shared/buttons';
import { isWaitingForInput, type TaskRecord } from '../../shared/task';
import { shorten } from '../../core/tasks/presentation';
import type { CommandBoundary } from '../boundary';
import { taskIdOf } from '../tasks/commands';
import { textToSend } from '../sentText';

export interface MidjourneyUi {
  /** Shows a task in the tree (and the sidebar). */
  reveal(taskId: string): Promise<void>;
  /** Opens the result panel on a task. */
  showResult(taskId: string, preserveFocus?: boolean): void;
}

export class MidjourneyCommands implements vscode.Disposable {
  private readonly asking = new Set<string>();
  private readonly subscription: { dispose(): void };

  constructor(
    private readonly service: MidjourneyService,
    private readonly boundary: CommandBoundary,
    private readonly ui: MidjourneyUi,
    /** What the prompt checker assumes (default bot and version) before a prompt is sent. */
    private readonly checkOptions: () => CheckOptions = () => ({}),
    /** aitre.results.openPanel: what a submit does with the result panel. */
    private readonly panelMode: () => 'open' | 'offer' | 'quiet' = () => 'offer',
  ) {
    // The service is the one place that sees a task turn MODAL; it tells us when a person must answer.
    this.subscription = service.onDidNeedInput((id) => { void this.boundary.run('modal', () => this.continueTask(id)); });
  }

  /**
   * AITRE: Imagine from Selection (also the prompt lenses and keybindings, with `{ prompt, botType }`).
   * A prompt with errors is sent only after the user says so once; a typed prompt shows its
   * problems as a warning in the input box instead, and Enter is that answer.
   */
  async imagineFromSelection(arg?: unknown): Promise<TaskRecord | undefined> {
    const botType = botTypeFromArgument(arg);
    const options = { ...this.checkOptions(), ...(botType ? { bot: botType } : {}) };
    let prompt = promptFromArgument(arg);
    let typed = false;
    if (prompt === undefined) {
      // The selection, or with none the prompt on the cursor's line; a cut-short selection asks once.
      const taken = await textToSend(vscode.window.activeTextEditor, vscode.l10n.t('Imagine'));
      if (taken === null) return undefined;
      if (!taken) {
        typed = true;
        prompt = await vscode.window.showInputBox({
          title: vscode.l10n.t('AITRE: Imagine'),
          prompt: vscode.l10n.t('Describe the image for MidJourney (parameters such as --ar 16:9 go at the end). E.g. "a red fox in fresh snow, golden hour --ar 3:2".'),
          placeHolder: vscode.l10n.t('e.g. a red fox in fresh snow, golden hour --ar 3:2'),
          ignoreFocusOut: true,
          validateInput: (text) => inputProblem(text, options),
        });
        if (prompt === undefined) return undefined; // cancelled
      } else {
        prompt = taken.text;
      }
    }
    if (!prompt.trim()) {
      void vscode.window.showWarningMessage(vscode.l10n.t('The prompt is empty: select some text or type a prompt. Nothing was sent.'));
      return undefined;
    }
    if (!typed && !(await confirmProblems(normalisePrompt(prompt), options))) return undefined;
    const result = await this.service.imagine({ prompt: normalisePrompt(prompt), botType });
    await this.ui.reveal(result.task.id);
    this.announce(result, 'Imagine');
    return result.task;
  }

  /** AITRE: Open Task by ID. */
  async openTaskById(arg?: unknown): Promise<TaskRecord | undefined> {
    const given = typeof arg === 'string' ? arg : await vscode.window.showInputBox({
      title: vscode.l10n.t('AITRE: Open Task by ID'),
      prompt: vscode.l10n.t('The MidJourney task id (from the gateway, a notification or a colleague).'),
      placeHolder: '1712345678901234',
      ignoreFocusOut: true,
      validateInput: (text) => (/^\s*[\w-]{1,64}\s*$/.test(text) ? undefined : vscode.l10n.t('A task id is letters, digits, - or _ (e.g. 1712345678901234).')),
    });
    if (given === undefined) return undefined;
    const task = await this.service.open(given.trim());
    await this.ui.reveal(task.id);
    this.ui.showResult(task.id);
    return task;
  }

  /** AITRE: Press Button with (taskId, customId) arguments, e.g. from a keybinding. */
  pressCommand(taskId: unknown, customId: unknown): Promise<string | undefined> | undefined {
    return typeof taskId === 'string' && typeof customId === 'string' ? this.press(taskId, customId) : undefined;
  }

  /** AITRE: Continue… on a task row (or its id). */
  continueCommand(arg: unknown): Promise<void> | undefined {
    const id = taskIdOf(arg);
    return id ? this.continueTask(id) : undefined;
  }

  /** A button of a finished task (from the panel or a keybinding): returns the child task id. */
  async press(taskId: string, customId: string): Promise<string | undefined> {
    if (modalKind(customId) === 'region') {
      this.ui.showResult(taskId);
      throw new GatewayError({ kind: 'validation', message: vscode.l10n.t('Vary (Region) needs a painted mask: click Vary (Region) in the result panel and paint the area to change. Nothing was sent.') });
    }
    // new-api turns remix's "code 21" into 1: then the service tells us when a poll shows the MODAL.
    const result = await this.service.press(taskId, customId);
    await this.ui.reveal(result.task.id); // expands the parent so the child is seen
    this.announce(result, result.task.originLabel ?? 'Action', false);
    if (result.outcome.needsModal) await this.continueTask(result.task.id);
    return result.task.id;
  }

  /** Vary (Region) from the panel's mask editor: action and modal in one step; returns the new task id. */
  async varyRegion(taskId: string, customId: string, maskDataUrl: string, prompt: string): Promise<string> {
    const { task } = await this.service.varyRegion(taskId, customId, maskDataUrl, prompt);
    await this.ui.reveal(task.id);
    return task.id;
  }

  /** Asks for what a MODAL task needs (prompt, zoom) and submits the modal step. */
  async continueTask(taskId: string): Promise<void> {
    const task = this.service.store.get(taskId);
    if (!task || !isWaitingForInput(task) || this.asking.has(taskId)) return;
    if (this.service.isAnsweringModal(taskId)) {
      vscode.window.setStatusBarMessage(vscode.l10n.t('AITRE: {0} is already being confirmed; nothing more to send.', task.originLabel ?? vscode.l10n.t('this follow-up')), 5000);
      return;
    }
    if (task.action === 'INPAINT') {
      if (task.parentId) this.ui.showResult(task.parentId);
      void vscode.window.showWarningMessage(vscode.l10n.t('Vary (Region) needs a painted mask: in the result panel, click Vary (Region) on the image and paint the area to change.'));
      return;
    }
    const parent = task.parentId ? this.service.store.get(task.parentId) : undefined;
    const base = task.finalPrompt || parent?.finalPrompt || task.prompt || parent?.prompt || '';
    const customZoom = task.action === 'CUSTOM_ZOOM';
    this.asking.add(taskId);
    let prompt: string | undefined;
    try {
      prompt = await vscode.window.showInputBox({
        title: customZoom ? vscode.l10n.t('AITRE: Custom Zoom') : vscode.l10n.t('AITRE: {0} — edit the prompt', task.originLabel ?? 'Remix'),
        prompt: customZoom
          ? vscode.l10n.t('Adjust the prompt; --zoom must be between 1 and 2. Press Enter to submit, Escape to decide later.')
          : vscode.l10n.t('Edit the prompt for this follow-up (remix). Press Enter to submit, Escape to decide later.'),
        value: customZoom ? withDefaultZoom(base) : base,
        ignoreFocusOut: true,
        validateInput: (text) => (customZoom ? checkCustomZoomPrompt(text) : text.trim() ? undefined : vscode.l10n.t('The prompt is empty.')),
      });
    } finally {
      this.asking.delete(taskId);
    }
    if (prompt === undefined) {
      vscode.window.setStatusBarMessage(vscode.l10n.t('AITRE: the task waits for your input; use "Continue…" on it in the Tasks view.'), 6000);
      return;
    }
    const problem = customZoom ? checkCustomZoomPrompt(prompt) : prompt.trim() ? undefined : vscode.l10n.t('The prompt is empty.');
    if (problem) {
      void vscode.window.showWarningMessage(vscode.l10n.t('{0} Nothing was sent.', problem));
      return;
    }
    const result = await this.service.submitModal(taskId, prompt.trim());
    vscode.window.setStatusBarMessage(vscode.l10n.t('AITRE: {0} submitted.', task.originLabel ?? vscode.l10n.t('follow-up')), 4000);
    this.ui.showResult(result.task.id, true);
  }

  /**
   * Says what was sent, with the exact prompt, and opens or offers the result panel as
   * aitre.results.openPanel says. A pressed button is not offered: its panel follows the new task already.
   */
  private announce(result: SubmitResult, what: string, offerPanel = true): void {
    const { outcome, task } = result;
    const prompt = task.prompt ? `: "${shorten(task.prompt, 200)}"` : '';
    const queued = outcome.queuePosition !== undefined ? vscode.l10n.t(' (queued, {0} task(s) ahead of it)', outcome.queuePosition) : '';
    if (outcome.alreadyExists) {
      void vscode.window.showInformationMessage(vscode.l10n.t('{0}: this task already exists (task {1}); showing it.', what, task.id));
      this.ui.showResult(task.id, true);
      return;
    }
    const mode = offerPanel ? this.panelMode() : 'quiet';
    const sent = vscode.l10n.t('{0} sent (task {1})', what, task.id);
    if (mode === 'open') this.ui.showResult(task.id, true);
    if (mode === 'offer') {
      void vscode.window.showInformationMessage(`${sent}${prompt}${queued}`, OPEN_RESULT()).then((choice) => {
        if (choice === OPEN_RESULT()) this.ui.showResult(task.id);
      });
    } else if (queued) {
      void vscode.window.showInformationMessage(`${sent}${prompt}${queued}`);
    } else {
      vscode.window.setStatusBarMessage(`AITRE: ${sent}${prompt}`, 8000);
    }
  }

  dispose(): void {
    this.subscription.dispose();
  }
}

const MAX_LISTED = 3;
const OPEN_RESULT = (): string => vscode.l10n.t('Open Result');
const IMAGINE_ANYWAY = (): string => vscode.l10n.t('Imagine Anyway');

function errorsOf(prompt: string, options: CheckOptions): string[] {
  return checkPrompt(prompt, options).filter((p) => p.severity === 'error').map((p) => p.message);
}

/** The input box: empty is refused; errors are a warning, and Enter sends anyway (that is the one ask). */
function inputProblem(text: string, options: CheckOptions): string | vscode.InputBoxValidationMessage | undefined {
  if (!text.trim()) return vscode.l10n.t('The prompt is empty.');
  const errors = errorsOf(normalisePrompt(text), options);
  if (!errors.length) return undefined;
  const more = errors.length > 1 ? vscode.l10n.t(' (and {0} more)', errors.length - 1) : '';
  return { message: vscode.l10n.t('{0}{1} Press Enter to imagine it anyway.', errors[0] ?? '', more), severity: vscode.InputBoxValidationSeverity.Warning };
}

/** Asks once before a prompt with errors is sent; nothing is sent on Cancel. */
async function confirmProblems(prompt: string, options: CheckOptions): Promise<boolean> {
  const errors = errorsOf(prompt, options);
  if (!errors.length) return true;
  const listed = errors.slice(0, MAX_LISTED).map((m) => `• ${m}`);
  if (errors.length > MAX_LISTED) listed.push(vscode.l10n.t('…and {0} more (see the Problems view).', errors.length - MAX_LISTED));
  const choice = await vscode.window.showWarningMessage(
    errors.length === 1 ? vscode.l10n.t('This prompt has a problem: MidJourney may refuse it, or draw something else, and the job is paid.')
      : vscode.l10n.t('This prompt has {0} problems: MidJourney may refuse it, or draw something else, and the job is paid.', errors.length),
    { modal: true, detail: vscode.l10n.t('{0}\n\nImagine it anyway?', listed.join('\n')) },
    IMAGINE_ANYWAY(),
  );
  return choice === IMAGINE_ANYWAY();
}
