// The task store in the real extension host: files under globalStorage through workspace.fs, a
// submit on disk before the command returns, and the folder watcher bringing in what another
// window writes (here: Node's fs, as a second extension host would) and removes.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import type { AitreApi } from '../../src/extension';
import { TaskFiles } from '../../src/core/tasks/task-files';
import { keyFor } from '../../src/core/tasks/records';
import { silentLogger } from '../../src/core/base/log';
import type { TaskRecord } from '../../src/shared/task';
import { startSimulator, type Simulator } from '../simulator';
import { nodeArea } from '../unit/node-files';
import { connect, disconnect, EXTENSION_ID, until } from './helpers';

/** The extension's globalStorage folder of this profile (code-server keeps it on this machine). */
function tasksFolder(): string {
  const userData = process.env.AITRE_TEST_USER_DATA;
  assert.ok(userData, 'AITRE_TEST_USER_DATA is not set (scripts/lib/code-server.mjs sets it)');
  return path.join(userData, 'User', 'globalStorage', EXTENSION_ID, 'tasks');
}

suite('Task store in the extension host', () => {
  let sim: Simulator;
  let api: AitreApi;

  suiteSetup(async () => {
    sim = await startSimulator({ speed: { syncDelayMs: 50, submittedMs: 100, runMs: 300, progressSteps: 2 } });
    api = await connect(sim);
  });

  suiteTeardown(async () => {
    await disconnect(api);
    await sim.close();
  });

  test('a submitted task is its own file under globalStorage/tasks when the command returns', async () => {
    const task = await vscode.commands.executeCommand<TaskRecord>('aitre.imagineFromSelection', 'a file per task');
    assert.ok(task);
    const file = path.join(tasksFolder(), 'active', `${keyFor(task.id, task.addedAt)}.json`);
    assert.ok(fs.existsSync(file), `${file} missing right after the submit returned`);
    const saved = JSON.parse(fs.readFileSync(file, 'utf8')) as { v: number; task: TaskRecord };
    assert.strictEqual(saved.v, 1);
    assert.strictEqual(saved.task.prompt, 'a file per task');
    await until(() => api.store.get(task.id)?.status === 'SUCCESS', 'SUCCESS');
    await until(() => fs.existsSync(path.join(tasksFolder(), 'done', `${keyFor(task.id, task.addedAt)}.json`)) && !fs.existsSync(file), 'the file to move to done/');
  });

  test('a task another window writes appears through the folder watcher, and goes when it is deleted there', async () => {
    const id = 'other-window-1712345678';
    const now = Date.now();
    const record: TaskRecord = {
      id, action: 'IMAGINE', status: 'SUCCESS', progress: 100, prompt: 'written by another window', promptEn: '', finalPrompt: '', description: '',
      imageUrl: '', videoUrls: [], failReason: '', buttons: [], submitTime: now, startTime: now, finishTime: now, botType: '', properties: {},
      addedAt: now, updatedAt: now, lastChangeAt: now,
    };
    await new TaskFiles(nodeArea(tasksFolder()), silentLogger, Date.now).write(record, 1, 'another-window');
    await until(() => api.store.get(id)?.prompt === 'written by another window', 'the watcher to bring the task in', 10_000);
    fs.rmSync(path.join(tasksFolder(), 'done', `${keyFor(id, now)}.json`));
    await until(() => !api.store.has(id), 'the watcher to drop the removed task', 10_000);
  });

  test('the key is in no file of the extension\'s storage', async () => {
    await api.store.flush();
    const root = path.dirname(tasksFolder());
    const files = (fs.readdirSync(root, { recursive: true }) as string[]).map((f) => path.join(root, f)).filter((f) => fs.statSync(f).isFile());
    assert.ok(files.some((f) => f.endsWith('.json')), 'no stored files found');
    for (const file of files) assert.ok(!fs.readFileSync(file).toString('latin1').includes(sim.apiKey), `the key is in ${file}`);
  });

  test('this window holds the poller lease and keeps its heartbeat going', async () => {
    // The file is replaced at every heartbeat (briefly absent while it is).
    const read = () => {
      try {
        return JSON.parse(fs.readFileSync(path.join(tasksFolder(), 'poller.json'), 'utf8')) as { owner: string; beat: number };
      } catch {
        return undefined;
      }
    };
    const first = await until(read, 'the lease file');
    assert.ok(first.owner);
    await until(() => api.isPoller(), 'this window to hold the lease');
    // A heartbeat every half poll interval (0.25 s in these tests).
    await until(() => { const now = read(); return now !== undefined && now.owner === first.owner && now.beat > first.beat; }, 'a heartbeat', 10_000);
  });
});
