// The OpenAI-format errors the gateway module maps itself: a model the key cannot use (new-api says it many ways),
// errors sent inside a stream, and a stream that stops before the end.
import { cleanGatewayText, GatewayError } from '../gateway/errors';
import { t } from '../base/l10n';

/** A stream failure's sentence, followed by the note that whatever arrived is kept. */
export function withKeptNote(sentence: string): string {
  return t('{0} The text so far is kept.', sentence);
}

/** The message without its kept note, where the caller says itself what was kept. */
export function withoutKeptNote(message: string): string {
  const note = withKeptNote('');
  return note && message.endsWith(note) ? message.slice(0, -note.length) : message;
}

// new-api: "当前分组 default 下对于模型 X 无可用渠道" (503), "no available channel for model X", "该令牌无权访问模型 X" (403);
// OpenAI: code model_not_found, "The model `X` does not exist or you do not have access to it" (404/400).
const MODEL_MISSING = /无可用渠道|no available channels? for model|model_not_found|无权(访问|使用)模型|not allowed to use model|model[^"]{0,80}?(does not exist|not found|not exist)|模型[^"]{0,40}?不存在/i;

export function modelMissingMessage(model: string): string {
  return t('The gateway has no model {0} for your key. Pick another with AITRE: Select Model.', model);
}

/** A gateway error that says the model is unavailable, re-worded; any other error unchanged. */
export function withModelHint(error: unknown, model: string): unknown {
  if (!(error instanceof GatewayError)) return error;
  const modelish = error.status !== undefined && [400, 403, 404, 503].includes(error.status) && MODEL_MISSING.test(error.detail);
  if (!modelish) return error;
  return new GatewayError({ kind: 'validation', status: error.status, detail: error.detail, message: modelMissingMessage(model) });
}

/** Runs a call and re-words "no such model" answers for `model`. */
export async function mapModelErrors<T>(model: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw withModelHint(error, model);
  }
}

/** An `{"error": {...}}` object received inside a stream (after HTTP 200). */
export function streamErrorOf(error: unknown, model: string, label: string): GatewayError {
  const record = (typeof error === 'object' && error !== null ? error : { message: error }) as Record<string, unknown>;
  const message = cleanGatewayText(record.message).replace(/[.。]+$/, '');
  const code = String(record.code ?? '');
  const type = String(record.type ?? '');
  const detail = t('{0}: error inside the stream: {1}', label, JSON.stringify(error).slice(0, 400));
  if (MODEL_MISSING.test(`${message} ${code}`)) return new GatewayError({ kind: 'validation', detail, message: modelMissingMessage(model) });
  if (/rate.?limit|429/i.test(`${code} ${type}`)) {
    return new GatewayError({ kind: 'rate-limited', detail, mayHaveReachedGateway: true, message: withKeptNote(t('The gateway is rate-limiting requests. Wait a moment, then try again.')) });
  }
  return new GatewayError({
    kind: 'upstream',
    detail,
    mayHaveReachedGateway: true,
    message: withKeptNote(t('The model stopped with an error{0}.', message ? `: ${message}` : '')),
  });
}

export function cutOffError(label: string, why: string): GatewayError {
  return new GatewayError({
    kind: 'network',
    detail: `${label}: stream ended early (${why})`,
    mayHaveReachedGateway: true,
    message: withKeptNote(t('The answer was cut off: the connection ended before the model finished.')),
  });
}
