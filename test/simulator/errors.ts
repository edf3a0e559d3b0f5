// The answer shapes of a new-api gateway in front of a midjourney-proxy (docs §1, §3.1, §5).
import { json, type Reply } from './reply';

/** OpenAI-style gateway error: bad key, unknown route, distributor rejections. */
export function openAiError(status: number, message: string, type = 'new_api_error'): Reply {
  return json(status, { error: { message, type } });
}

/** new-api's unknown-route answer (RelayNotFound). */
export function invalidUrl(method: string, path: string): Reply {
  return openAiError(404, `Invalid URL (${method} ${path})`, 'invalid_request_error');
}

/** An MJ error raised by new-api itself: `"<desc> <result>"` with an empty result leaves a trailing space, and
 *  there is no `result` field. HTTP 400, or 429 for code 30. */
export function mjError(code: number, description: string, status = code === 30 ? 429 : 400, headers: Record<string, string> = {}): Reply {
  return json(status, { description: `${description} `, type: 'upstream_error', code }, headers);
}

export const RATE_LIMITED = '请求过于频繁';

export interface SubmitAnswer {
  code: number;
  description: string;
  result?: string;
  properties?: Record<string, unknown>;
}

/** A submit result passed through from the proxy (HTTP 200 unless the proxy said otherwise).
 *  `numericResult` prints the id as a bare JSON number, as AITRE's docs show it, to keep clients honest. */
export function submitAnswer(answer: SubmitAnswer, options: { numericResult?: boolean; status?: number } = {}): Reply {
  const value: Record<string, unknown> = { code: answer.code, description: answer.description };
  if (answer.result !== undefined) value.result = answer.result;
  value.properties = answer.properties ?? {};
  let body = JSON.stringify(value);
  if (options.numericResult && answer.result !== undefined && /^\d+$/.test(answer.result)) {
    // Splice the digits in as text: exact whatever the id's size.
    body = body.replace(`"result":"${answer.result}"`, `"result":${answer.result}`);
  }
  return { status: options.status ?? 200, headers: { 'content-type': 'application/json; charset=utf-8' }, body };
}
