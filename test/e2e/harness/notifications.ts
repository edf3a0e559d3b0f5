// Notifications (toasts and the notification center), modal dialogs and the status bar.
import type { Locator } from 'playwright-core';
import { WebviewArea } from './webviews';
import { exactRe } from './wait';

export class NotificationArea extends WebviewArea {
  /**
   * Wait for a notification containing `text`: first as a toast, then in the notification center
   * (toasts hide after a while, and some modes show none). Returns the notification's locator.
   */
  async notification(text: string | RegExp, timeoutMs = 15_000): Promise<Locator> {
    const toast = this.page.locator('.notifications-toasts .notification-toast', { hasText: text }).first();
    try {
      await toast.waitFor({ state: 'visible', timeout: timeoutMs });
      return toast;
    } catch {
      const item = this.page.locator('.notifications-center .notification-list-item', { hasText: text }).first();
      if (!(await this.page.locator('.notifications-center').isVisible().catch(() => false))) {
        await this.runCommand('Notifications: Show Notifications');
      }
      await item.waitFor({ state: 'visible', timeout: 5_000 });
      return item;
    }
  }

  /** Click a button of a notification (e.g. 'Retry', 'Open'). */
  async notificationButton(text: string | RegExp, buttonLabel: string, timeoutMs = 15_000): Promise<void> {
    const n = await this.notification(text, timeoutMs);
    await n.hover().catch(() => undefined);
    await n.locator('.monaco-button', { hasText: exactRe(buttonLabel) }).first().click();
  }

  /** All notification messages currently in the notification center. */
  async notificationMessages(): Promise<string[]> {
    if (!(await this.page.locator('.notifications-center').isVisible().catch(() => false))) {
      await this.runCommand('Notifications: Show Notifications');
    }
    const texts = await this.page.locator('.notifications-center .notification-list-item-message').allTextContents();
    return texts.map((t) => t.trim());
  }

  /** Clear every notification and hide the notification center if it is open. */
  async clearNotifications(): Promise<void> {
    await this.runCommand('Notifications: Clear All Notifications');
    const center = this.page.locator('.notifications-center');
    if (await center.isVisible().catch(() => false)) {
      await center.locator('.notifications-center-header .action-label[aria-label^="Hide Notifications"]').first().click().catch(() => undefined);
      await center.waitFor({ state: 'hidden', timeout: 5_000 });
    }
  }

  /** Click a button of a modal dialog (showInformationMessage(..., { modal: true }), confirmations). */
  async dialogButton(label: string, timeoutMs = 15_000): Promise<void> {
    const dialog = this.page.locator('.monaco-dialog-box');
    await dialog.waitFor({ state: 'visible', timeout: timeoutMs });
    await dialog.locator('.monaco-button', { hasText: exactRe(label) }).first().click();
    await dialog.waitFor({ state: 'hidden', timeout: timeoutMs });
  }

  /** A status-bar entry containing `text`, once it is shown. */
  async statusBarItem(text: string | RegExp, timeoutMs = 15_000): Promise<Locator> {
    const item = this.page.locator('.statusbar-item', { hasText: text }).first();
    await item.waitFor({ state: 'visible', timeout: timeoutMs });
    return item;
  }

  /** Close a modal dialog if one is open (its Cancel / Escape). */
  async dismissDialogs(): Promise<void> {
    const dialog = this.page.locator('.monaco-dialog-box');
    if (!(await dialog.isVisible().catch(() => false))) return;
    await this.page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden', timeout: 5_000 });
  }
}
