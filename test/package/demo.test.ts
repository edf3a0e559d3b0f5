// `npm run demo` is the README's first command: run it for real, wait until it says where to go,
// check the workbench and the simulator answer, then press Ctrl+C (SIGINT to the whole process
// group, as a terminal does) and check that it says what it stopped and that all of it is gone.
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';

const root = path.resolve(__dirname, '..', '..', '..');

/** The HTTP status of a GET, or the error code when nothing answers (ECONNREFUSED). */
function status(url: string): Promise<number | string> {
  return new Promise((resolve) => {
    const request = http.get(url, { timeout: 5_000 }, (response) => { response.resume(); resolve(response.statusCode ?? 0); });
    request.on('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
    request.on('timeout', () => request.destroy(Object.assign(new Error('timeout'), { code: 'ETIMEDOUT' })));
  });
}

const alive = (pid: number): boolean => {
  try { process.kill(pid, 0); return true; } catch { return false; }
};

/** Waits (up to 20 s) until no process of the group `pgid` is left. */
async function groupGone(pgid: number): Promise<void> {
  for (let waited = 0; waited < 20_000; waited += 100) {
    try { process.kill(-pgid, 0); } catch { return; }
    await new Promise((r) => setTimeout(r, 100));
  }
  assert.fail(`processes of npm run demo (group ${pgid}) are still running`);
}

suite('npm run demo', () => {
  let demo: ChildProcess | undefined;
  let output = '';

  /** Resolves with the output once `pattern` is in it; fails when the demo exits first. */
  const outputMatching = (pattern: RegExp, what: string): Promise<RegExpMatchArray> => new Promise((resolve, reject) => {
    const check = () => {
      const match = pattern.exec(output);
      if (match) { cleanup(); resolve(match); }
    };
    const exited = (code: number | null) => { cleanup(); reject(new Error(`npm run demo exited (${code}) before ${what}:\n${output}`)); };
    const cleanup = () => { demo!.stdout!.off('data', check); demo!.off('exit', exited); };
    demo!.stdout!.on('data', check);
    demo!.on('exit', exited);
    check();
  });

  teardown(() => {
    // A failed test leaves nothing running.
    if (demo?.pid && demo.exitCode === null) try { process.kill(-demo.pid, 'SIGKILL'); } catch { /* gone */ }
  });

  test('starts code-server and the simulator, and Ctrl+C stops both and removes the demo workspace', async function () {
    this.timeout(240_000);
    const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
    // Its own process group, so the SIGINT below reaches npm and the demo together, as Ctrl+C does.
    demo = spawn(npm, ['run', 'demo'], { cwd: root, detached: true, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, FORCE_COLOR: '0' } });
    demo.stdout!.setEncoding('utf8').on('data', (text: string) => { output += text; });
    demo.stderr!.setEncoding('utf8').on('data', (text: string) => { output += text; });

    const [, workbench] = await outputMatching(/1\. Open\s+(http:\/\/127\.0\.0\.1:\d+\/\S*)/, 'printing the workbench URL');
    const [, gateway] = await outputMatching(/Simulator \(gateway\): (http:\/\/127\.0\.0\.1:\d+)/, 'printing the simulator URL');
    assert.match(output, /paste:\s+sk-\S+/, 'no key to paste');
    assert.equal(await status(workbench!), 200, 'the workbench does not answer');
    assert.notEqual(typeof await status(`${gateway}/v1/models`), 'string', 'the simulator does not answer');

    const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => demo!.on('exit', (code, signal) => resolve({ code, signal })));
    process.kill(-demo.pid!, 'SIGINT');
    await outputMatching(/\[demo\] removed the demo workspace (\S+)/, 'saying it removed the workspace');
    // npm ends as a terminal's Ctrl+C ends it (by the signal); the demo under it exits 0 after its cleanup.
    const { code, signal } = await exit;
    assert.ok(code === 0 || signal === 'SIGINT', `npm run demo ended with ${code ?? signal}:\n${output}`);
    await groupGone(demo.pid!);

    const stopped = /\[demo\] stopped code-server \(pid (\d+)\)/.exec(output);
    assert.ok(stopped, `no line about code-server:\n${output}`);
    assert.ok(!alive(Number(stopped[1])), 'code-server is still running');
    assert.match(output, new RegExp(`\\[demo\\] stopped the simulator at ${gateway!.replace(/[.]/g, '\\.')}`));
    const workspace = /\[demo\] removed the demo workspace (\S+)/.exec(output)![1]!;
    assert.ok(!fs.existsSync(workspace), `the demo workspace ${workspace} is still there`);
    assert.equal(typeof await status(workbench!), 'string', 'the workbench still answers');
    assert.equal(typeof await status(`${gateway}/v1/models`), 'string', 'the simulator still answers');
    // One Ctrl+C path: the demo's own, once.
    assert.equal(output.match(/\[demo\] stopping…/g)?.length, 1, output);
  });
});
