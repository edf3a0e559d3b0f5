import assert from 'node:assert/strict';
import { requestLogLine } from '../../src/core/gateway/client';

suite('Request log lines', () => {
  test('method, path, status, duration and the task id; never the host or the query', () => {
    assert.equal(requestLogLine({ method: 'GET', url: 'https://gw.example.com/mj-fast/mj/task/1712/fetch?key=x', status: 200, ms: 42 }), 'GET /mj-fast/mj/task/1712/fetch 200 in 42 ms · task 1712');
    assert.equal(requestLogLine({ method: 'POST', url: 'https://gw.example.com/mj/submit/imagine', status: 200, ms: 80 }, '1713'), 'POST /mj/submit/imagine 200 in 80 ms · task 1713');
    assert.equal(requestLogLine({ method: 'POST', url: 'https://gw.example.com/v1/chat/completions', status: 429, ms: 7 }), 'POST /v1/chat/completions 429 in 7 ms');
  });
});
