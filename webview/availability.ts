// Buttons the gateway is known to be unable to run: shown, but disabled, with the reason as their tooltip and
// (for screen readers and keyboard users, who cannot focus a disabled button) written out under the buttons.
import type { ButtonView } from '../src/shared/buttons';
import { t } from './l10n';

/** Disables a button the gateway cannot run; repaints and busy changes keep it disabled (data-unavailable). */
export function markUnavailable(button: HTMLElement, view: ButtonView): void {
  if (!view.unavailable) return;
  button.setAttribute('disabled', '');
  button.setAttribute('aria-disabled', 'true');
  button.dataset.unavailable = 'true';
  button.title = view.unavailable;
  button.setAttribute('aria-label', t('{0}: unavailable. {1}', view.text, view.unavailable));
}

/** One line per refused button, or undefined when every button can run. */
export function unavailableNote(buttons: readonly ButtonView[]): HTMLElement | undefined {
  const refused = buttons.filter((b) => b.unavailable);
  if (refused.length === 0) return undefined;
  const note = document.createElement('ul');
  note.className = 'unavailable-note';
  note.setAttribute('aria-label', t('Buttons this gateway cannot run'));
  note.append(...refused.map((b) => {
    const item = document.createElement('li');
    item.textContent = b.unavailable ?? '';
    return item;
  }));
  return note;
}
