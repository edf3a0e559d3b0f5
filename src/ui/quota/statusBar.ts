// The quota item in the status bar: what the key has left and has used, refreshed on click. Hidden
// while nothing is known (no key, no gateway URL) and when the gateway does not report it.
import * as vscode from 'vscode';
import { uiLocale } from '../../core/base/l10n';
import { Commands } from '../../constants';
import { formatQuota, type QuotaUnit } from '../../core/quota/format';
import type { QuotaRefresher, QuotaState } from '../../core/quota/refresher';

/** Left of the chat model item (priority 100), so the two AITRE items sit together. */
const PRIORITY = 99;

export class QuotaStatusItem implements vscode.Disposable {
  private readonly item: vscode.StatusBarItem;
  private readonly subscription: { dispose(): void };

  constructor(private readonly refresher: QuotaRefresher, private readonly unit: () => QuotaUnit) {
    this.item = vscode.window.createStatusBarItem('aitre.quota', vscode.StatusBarAlignment.Right, PRIORITY);
    this.item.name = vscode.l10n.t('AITRE Quota');
    this.item.command = Commands.refreshQuota;
    this.subscription = refresher.onDidChange((state) => this.render(state));
    this.render(refresher.state);
  }

  /** Redraws with the current state (after the unit setting changed). */
  update(): void {
    this.render(this.refresher.state);
  }

  private render(state: QuotaState): void {
    if (!state.quota) {
      this.item.hide();
      return;
    }
    const view = formatQuota(state.quota, this.unit());
    // While a refresh runs, the figures stay and the icon spins.
    this.item.text = state.loading ? view.text.replace(/^\$\([\w-]+\)/, '$(sync~spin)') : view.text;
    this.item.accessibilityInformation = { label: view.accessibility };
    const tooltip = new vscode.MarkdownString(undefined, true);
    tooltip.appendMarkdown(`${vscode.l10n.t('**AITRE quota**')}\n\n`);
    for (const line of view.tooltip) tooltip.appendText(line).appendMarkdown('\n\n');
    if (state.at !== undefined) tooltip.appendText(vscode.l10n.t('Updated at {0}. Click to refresh.', new Date(state.at).toLocaleTimeString(uiLocale())));
    this.item.tooltip = tooltip;
    this.item.backgroundColor = view.level === 'empty' ? new vscode.ThemeColor('statusBarItem.errorBackground')
      : view.level === 'low' ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
    this.item.show();
  }

  dispose(): void {
    this.subscription.dispose();
    this.item.dispose();
  }
}
