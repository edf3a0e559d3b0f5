// Shared by every submit route: the answers scenario flags ask for, and accepting a new task.
import type { SimCore } from './context';
import { mjError, RATE_LIMITED, submitAnswer, type SubmitAnswer } from './errors';
import type { Reply } from './reply';
import type { Scenario } from './text';
import type { Quirks, SimTask } from './types';

export const FAIL_REASON = 'Simulated failure: the job was rejected upstream';
export const QUEUE_LENGTH = 3;
const INSTANCE_ID = '1118138338562560102';

export const bindFailed = (): Reply => mjError(4, 'bind_request_body_failed');

/** The answer a prompt's flags ask for before any task is created, or null to go on. */
export function screenPrompt(scenario: Scenario, promptEn: string): Reply | null {
  if (scenario.rateLimit) return mjError(30, RATE_LIMITED);
  if (scenario.code !== null) return simulatedCode(scenario.code);
  if (scenario.bannedWord) {
    return submitAnswer({ code: 24, description: '可能包含敏感词', properties: { promptEn, bannedWord: scenario.bannedWord } });
  }
  if (scenario.queueFull) {
    // The proxy hands out an id it never runs; the simulator does not store it.
    return submitAnswer({ code: 23, description: '队列已满，请稍后尝试', result: String(Date.now()) + '000', properties: { discordInstanceId: INSTANCE_ID } });
  }
  return null;
}

/** --sim-code=N. 3 and 9 come from the proxy (HTTP 200); 4 and 5 are new-api's own errors (HTTP 400). */
function simulatedCode(code: number): Reply {
  switch (code) {
    case 3: return submitAnswer({ code, description: '无可用的账号实例' });
    case 4: return mjError(4, 'quota_not_enough');
    case 5: return mjError(5, 'do_request_failed');
    case 9: return submitAnswer({ code, description: '提交失败，系统异常' });
    default: return submitAnswer({ code, description: `Simulated code ${code}` });
  }
}

/** new-api rewrites the proxy's `"code":21` to 1 except for Vary (Region) / Custom Zoom, and 22 to 1. */
function gatewayRewrite(answer: SubmitAnswer, action: string, quirks: Quirks): SubmitAnswer {
  if (quirks !== 'new-api') return answer;
  if (answer.code === 21 && action !== 'INPAINT' && action !== 'CUSTOM_ZOOM') return { ...answer, code: 1 };
  if (answer.code === 22) return { ...answer, code: 1 };
  return answer;
}

/** The proxy's answer for a freshly stored task, as the gateway passes it on. */
export function acceptTask(core: SimCore, task: SimTask, options: { queued?: boolean; numericResult?: boolean } = {}): Reply {
  let answer: SubmitAnswer;
  if (task.modal) {
    answer = { code: 21, description: 'Waiting for window confirm', result: task.id, properties: { finalPrompt: task.promptEn, remix: true } };
  } else if (options.queued) {
    answer = {
      code: 22,
      description: `排队中，前面还有${QUEUE_LENGTH}个任务`,
      result: task.id,
      properties: { numberOfQueues: QUEUE_LENGTH, discordInstanceId: INSTANCE_ID },
    };
  } else {
    answer = { code: 1, description: 'Submit success', result: task.id, properties: {} };
  }
  // new-api keeps the submit description as the task's description.
  task.submitDescription = answer.description;
  return submitAnswer(gatewayRewrite(answer, task.action, core.config.quirks), { numericResult: options.numericResult ?? false });
}
