import { t } from '../base/l10n';
// Every failure the service module can report, as a typed value with a plain sentence for people.
// `message` is what a user may read; `detail` is for the log (never contains the API key).

export type GatewayErrorKind =
  | 'no-key' //            no API key stored
  | 'config' //            base URL missing or malformed
  | 'auth' //              401: key rejected
  | 'forbidden' //         403: key may not use this model/group
  | 'not-found' //         unknown task id or route
  | 'route-missing' //     the gateway has no such route (404 on a known path)
  | 'rate-limited' //      429 / code 30
  | 'queue-full' //        code 23
  | 'banned-word' //       code 24
  | 'validation' //        code 4 / 400 invalid request
  | 'unsupported-action' // new-api `unknown_action:` for a button it cannot bill
  | 'upstream' //          codes 3, 5, 9 and other upstream refusals
  | 'server' //            5xx
  | 'bad-response' //      HTML page or malformed JSON from a proxy
  | 'network' //           connection refused / reset / DNS
  | 'timeout'
  | 'cancelled'
  | 'untrusted-origin' //  the key is not confirmed for this gateway origin (nothing was sent)
  | 'redirected' //        the gateway redirected somewhere AITRE does not follow with the key
  | 'duplicate'; //        the same paid follow-up is already on its way (nothing was sent)

export interface GatewayErrorInit {
  kind: GatewayErrorKind;
  message: string;
  detail?: string;
  status?: number;
  code?: number;
  /** Milliseconds the gateway asked us to wait (Retry-After). */
  retryAfterMs?: number;
  /**
   * For submits: true when the request may have reached the gateway (a timeout, a reset, a 5xx),
   * so retrying could charge twice. False when we know nothing was accepted.
   */
  mayHaveReachedGateway?: boolean;
  bannedWord?: string;
  /** For untrusted-origin: the gateway origin the user is asked to confirm. */
  origin?: string;
  /** For config: the base URL that fixes the setting (the root of a URL ending in /v1, one with https:// added). */
  fixUrl?: string;
}

export class GatewayError extends Error {
  readonly kind: GatewayErrorKind;
  readonly detail: string;
  readonly status?: number;
  readonly code?: number;
  readonly retryAfterMs?: number;
  readonly mayHaveReachedGateway: boolean;
  readonly bannedWord?: string;
  readonly origin?: string;
  readonly fixUrl?: string;

  constructor(init: GatewayErrorInit) {
    super(init.message);
    this.name = 'GatewayError';
    this.kind = init.kind;
    this.detail = init.detail ?? init.message;
    this.status = init.status;
    this.code = init.code;
    this.fixUrl = init.fixUrl;
    this.retryAfterMs = init.retryAfterMs;
    this.mayHaveReachedGateway = init.mayHaveReachedGateway ?? false;
    this.bannedWord = init.bannedWord;
    this.origin = init.origin;
  }

  /** Errors worth retrying for a read (fetch, list, models): the next try may well succeed. */
  get isTransient(): boolean {
    return ['rate-limited', 'server', 'bad-response', 'network', 'timeout'].includes(this.kind);
  }
}

/** Refuses a request before anything is sent: one plain sentence, shown as a warning by the boundary. */
export function refuse(message: string): never {
  throw new GatewayError({ kind: 'validation', message });
}

export function isGatewayError(value: unknown): value is GatewayError {
  return value instanceof GatewayError;
}

/** Turn anything thrown into a sentence a person can act on. */
export function userMessageOf(error: unknown): string {
  if (isGatewayError(error)) return error.message;
  return t('Something went wrong inside AITRE. Details are in the AITRE output channel.');
}

/** Plain text from a gateway string: trims the trailing space new-api adds and caps the length. */
export function cleanGatewayText(text: unknown, max = 300): string {
  if (typeof text !== 'string') return '';
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

/** Sentences for the descriptions new-api uses as error codes, so users never read `task_no_found`. */
// A function, not a constant: the sentences are read in the UI language of the moment.
const KNOWN_DESCRIPTIONS = (): Record<string, string> => ({
  quota_not_enough: t('Your AITRE balance is too low for this request. Top up your account, then try again.'),
  task_not_found: t('The gateway does not know that task. It may belong to another key or have expired.'),
  task_no_found: t('The gateway does not know that task. It may belong to another key or have expired.'),
  task_status_not_success: t('That task has not finished yet. Wait until it succeeds, then use its buttons.'),
  prompt_is_required: t('The prompt is empty. Write a prompt, then try again.'),
  custom_id_is_required: t('The button has no action id. Refresh the task and try again.'),
  bind_request_body_failed: t('The gateway could not read the request. Check the input and try again.'),
  sour_base64_and_target_base64_is_required: t('Face swap needs both a source face and a target image.'),
});

export function describeGatewayDescription(description: string): string | undefined {
  const key = description.trim().split(/\s+/)[0] ?? '';
  return KNOWN_DESCRIPTIONS()[key];
}
