// What a person hears from the tracker: it polls in the background and logs every failure itself;
// this says it once until polling recovers (in words about their tasks, not about HTTP), or hands an
// unconfirmed gateway to the trust question (one notification per origin).
import * as vscode from 'vscode';
import { GatewayError } from '../../core/gateway/errors';
import type { Tracker } from '../../core/tasks/tracker';
import type { CommandBoundary } from '../boundary';
import type { GatewayTrust } from '../trust';

/** `alreadySaid`: errors another part already told the person about (the bad URL, when it was set). */
export function reportTracking(tracker: Tracker, boundary: CommandBoundary, trust: GatewayTrust, alreadySaid: (error: GatewayError) => boolean = () => false): vscode.Disposable {
  /** What the person was last told: 'transient' (the gateway is down, retrying) or the kind that needs them. */
  let said: string | undefined;
  /** The "cannot check right now" notification, open while polls keep failing. */
  let outage: { close(): void } | undefined;
  const endOutage = () => {
    outage?.close();
    outage = undefined;
  };
  const subscription = tracker.onDidPoll((report) => {
    if (!report.error) {
      // A poll that worked (or nothing left to poll): the outage is over, so its notification goes.
      if (outage && report.ids.length > 0) vscode.window.setStatusBarMessage(vscode.l10n.t('AITRE: checking your running tasks works again.'), 8000);
      endOutage();
      said = undefined;
      return;
    }
    if (report.error.kind === 'untrusted-origin') {
      trust.notifyOnce(report.error); // polls send nothing meanwhile; one notification per origin
      return;
    }
    if (report.error.kind === 'no-key' || alreadySaid(report.error)) return;
    const about = report.error.isTransient ? 'transient' : report.error.kind;
    if (said === about) return; // once per problem, not once per failed poll
    said = about;
    endOutage();
    if (report.error.isTransient) {
      outage = boundary.showUntilMended('tracking', vscode.l10n.t('AITRE cannot check your running tasks right now'), new GatewayError({
        kind: report.error.kind,
        detail: report.error.detail,
        message: vscode.l10n.t('{0}. It keeps retrying on its own; no task is lost.', transientReason(report.error)),
      }));
    } else {
      void boundary.report('tracking', report.error); // needs the user: key, settings...
    }
  });
  return { dispose: () => { subscription.dispose(); endOutage(); } };
}

function transientReason(error: GatewayError): string {
  switch (error.kind) {
    case 'server': return vscode.l10n.t('the gateway answered HTTP {0}', error.status ?? '5xx');
    case 'rate-limited': return vscode.l10n.t('the gateway is rate-limiting');
    case 'timeout': return vscode.l10n.t('the gateway does not answer');
    case 'bad-response': return vscode.l10n.t('the gateway sent an unreadable answer');
    default: return vscode.l10n.t('no connection to the gateway');
  }
}
