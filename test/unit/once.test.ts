// One user intent is one paid submit: the same follow-up while the first is on its way is refused
// before anything is sent; one mechanism answers a task that turns MODAL; a refused Vary (Region)
// modal is answered again without pressing the button again; the tracker sends nothing (and waits)
// while the key is not confirmed for the gateway.
import assert from 'node:assert/strict';
import type { GatewayError } from '../../src/core/gateway/errors';
import { MidjourneyService } from '../../src/core/tasks/service';
import { TaskStore } from '../../src/core/tasks/store';
import { Tracker, type PollReport } from '../../src/core/tasks/tracker';
import type { TaskRecord } from '../../src/shared/task';
import type { SimulatorOptions } from '../simulator';
import { harness, rejects, sleep, type Harness } from './helpers';
import { nodeArea, tempFolder } from './node-files';

const PNG_MASK = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGP4z8AAAAMBAQDJ/pLvAAAAAElFTkSuQmCC';

interface Rig extends Harness { store: TaskStore; tracker: Tracker; service: MidjourneyService; reports: PollReport[]; folder: { cleanup(): void } }

async function rig(sim: SimulatorOptions = {}): Promise<Rig> {
  const h = await harness(sim, { readRetries: 0 });
  const folder = tempFolder();
  const store = new TaskStore(nodeArea(folder.dir));
  await store.open();
  const tracker = new Tracker(h.mj, store, { intervalMs: () => 30, firstPollDelayMs: 5, random: () => 0.5 });
  const reports: PollReport[] = [];
  tracker.onDidPoll((r) => reports.push(r));
  return { ...h, store, tracker, service: new MidjourneyService(h.mj, store, tracker, () => 'default'), reports, folder };
}

async function until(check: () => boolean, what: string, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(5);
  }
}

const count = (r: Rig, route: string) => r.sim.requests.filter((q) => q.route === route).length;

async function finished(r: Rig, action: () => Promise<{ task: TaskRecord }>): Promise<TaskRecord> {
  const { task } = await action();
  await until(() => r.store.get(task.id)?.status === 'SUCCESS', `task ${task.id} SUCCESS`);
  return r.store.get(task.id)!;
}

suite('One submit per intent', () => {
  let r: Rig | undefined;
  teardown(async () => {
    r?.service.dispose();
    r?.tracker.dispose();
    await r?.store.flush();
    r?.store.dispose();
    await r?.sim.close();
    r?.folder.cleanup();
    r = undefined;
  });

  test('the same button twice while the first press is on its way: one action request, one child', async () => {
    r = await rig();
    const grid = await finished(r, () => r!.service.imagine({ prompt: 'a fox' }));
    const u1 = grid.buttons.find((b) => b.label === 'U1')!;
    const u2 = grid.buttons.find((b) => b.label === 'U2')!;
    r.sim.addFault({ route: 'POST /mj/submit/action', fault: { kind: 'hold' }, times: 1 });
    const first = r.service.press(grid.id, u1.customId);
    await until(() => r!.sim.heldCount === 1, 'the first press to reach the gateway');
    const second = await rejects<GatewayError>(r.service.press(grid.id, u1.customId));
    assert.equal(second.kind, 'duplicate');
    assert.match(second.message, /U1 is already on its way/);
    // A different button is another intent.
    const other = await r.service.press(grid.id, u2.customId);
    r.sim.releaseHeld();
    const child = await first;
    assert.equal(count(r, 'POST /mj/submit/action'), 2);
    assert.deepEqual(r.store.children(grid.id).map((c) => c.originLabel).sort(), ['U1', 'U2']);
    assert.notEqual(child.task.id, other.task.id);
    // Once it is done, pressing again is a new intent.
    await r.service.press(grid.id, u1.customId);
    assert.equal(count(r, 'POST /mj/submit/action'), 3);
  });

  test('"Imagine this" twice on the same prompt: one submit; a modal is answered once', async () => {
    r = await rig();
    const described = await finished(r, () => r!.service.describe({ base64: PNG_MASK }, 'cat.png'));
    assert.equal(r.service.promptsOf(described.id).length, 4);
    r.sim.addFault({ route: 'POST /mj/submit/action', fault: { kind: 'hold' }, times: 1 });
    const first = r.service.imaginePrompt(described.id, 2);
    await until(() => r!.sim.heldCount === 1, 'the first "Imagine this"');
    assert.equal((await rejects<GatewayError>(r.service.imaginePrompt(described.id, 2))).kind, 'duplicate');
    r.sim.releaseHeld();
    const { task } = await first;
    await until(() => r!.store.get(task.id)?.modalSubmitted === true, 'the automatic modal');
    assert.equal(count(r, 'POST /mj/submit/action'), 1);
    assert.equal(count(r, 'POST /mj/submit/modal'), 1);
    // The modal was answered: answering it again is refused unsent.
    assert.equal((await rejects<GatewayError>(r.service.submitModal(task.id, 'again'))).kind, 'duplicate');
    assert.equal(count(r, 'POST /mj/submit/modal'), 1);
  });

  test('one mechanism reacts to MODAL: a known prompt is sent by AITRE, otherwise the UI is asked once', async () => {
    r = await rig({ remix: true });
    const asked: string[] = [];
    r.service.onDidNeedInput((id) => asked.push(id));
    const grid = await finished(r, () => r!.service.imagine({ prompt: 'a harbour' }));
    // Remix on new-api: code 1, the MODAL only shows on a poll. Nobody knows the prompt: ask.
    const { task: remix } = await r.service.press(grid.id, grid.buttons.find((b) => b.label === 'V1')!.customId);
    await until(() => asked.includes(remix.id), 'the UI to be asked for the remix prompt');
    assert.equal(r.service.isAnsweringModal(remix.id), false);
    // While a modal submit is on its way, the task says so, and a second one is refused unsent.
    r.sim.addFault({ route: 'POST /mj/submit/modal', fault: { kind: 'hold' }, times: 1 });
    const answer = r.service.submitModal(remix.id, 'a harbour, watercolor');
    await until(() => r!.sim.heldCount === 1, 'the modal to be held');
    assert.equal(r.service.isAnsweringModal(remix.id), true);
    assert.equal((await rejects<GatewayError>(r.service.submitModal(remix.id, 'a harbour, oil'))).kind, 'duplicate');
    r.sim.releaseHeld();
    await answer;
    assert.equal(count(r, 'POST /mj/submit/modal'), 1);
    assert.deepEqual(asked, [remix.id], 'asked more than once');
  });

  test('a refused Vary (Region) modal is answered again on the same waiting task, without pressing again', async () => {
    r = await rig();
    const grid = await finished(r, () => r!.service.imagine({ prompt: 'a castle' }));
    const upscale = await finished(r, () => r!.service.press(grid.id, grid.buttons.find((b) => b.label === 'U1')!.customId));
    const region = upscale.buttons.find((b) => /::Inpaint::/.test(b.customId))!;
    const refused = await rejects<GatewayError>(r.service.varyRegion(upscale.id, region.customId, PNG_MASK, 'a bloodbath on the tower'));
    assert.equal(refused.kind, 'banned-word');
    assert.equal(count(r, 'POST /mj/submit/action'), 2); // U1, Inpaint
    const { task } = await r.service.varyRegion(upscale.id, region.customId, PNG_MASK, 'a dragon on the tower');
    assert.equal(count(r, 'POST /mj/submit/action'), 2, 'the Inpaint button was pressed again');
    assert.equal(count(r, 'POST /mj/submit/modal'), 2);
    assert.equal(r.store.children(upscale.id).length, 1);
    assert.equal(task.parentId, upscale.id);
  });

  test('a waiting Vary (Region) the gateway no longer holds open: the button is pressed again, once', async () => {
    r = await rig();
    const grid = await finished(r, () => r!.service.imagine({ prompt: 'a tower' }));
    const upscale = await finished(r, () => r!.service.press(grid.id, grid.buttons.find((b) => b.label === 'U1')!.customId));
    const region = upscale.buttons.find((b) => /::Inpaint::/.test(b.customId))!;
    await rejects(r.service.varyRegion(upscale.id, region.customId, PNG_MASK, 'a bloodbath'));
    const stale = r.store.children(upscale.id)[0]!;
    r.sim.getTask(stale.id)!.modal = null; // its window closed at the gateway ("task status is not MODAL")
    const { task } = await r.service.varyRegion(upscale.id, region.customId, PNG_MASK, 'a flag on the tower');
    assert.notEqual(task.id, stale.id);
    assert.equal(count(r, 'POST /mj/submit/action'), 3); // U1, Inpaint, Inpaint again
    assert.equal(count(r, 'POST /mj/submit/modal'), 3); // refused, stale, accepted
  });

  test('the tracker sends nothing while the key is not confirmed for the gateway, and resumes when it is', async () => {
    r = await rig();
    const { task } = await r.service.imagine({ prompt: 'a heron' });
    r.keyOrigin.value = 'https://api.example.com';
    await until(() => r!.reports.some((p) => p.error?.kind === 'untrusted-origin'), 'a refused poll');
    const report = r.reports.find((p) => p.error?.kind === 'untrusted-origin')!;
    assert.equal(report.nextDelayMs, undefined, 'the tracker keeps retrying on its own');
    const polls = count(r, 'POST /mj/task/list-by-condition');
    const reports = r.reports.length;
    await r.tracker.pollNow(); // what a later timer would do: still nothing sent
    assert.equal(count(r, 'POST /mj/task/list-by-condition'), polls);
    assert.equal(r.reports.length, reports + 1);
    r.keyOrigin.value = r.sim.url;
    r.tracker.start();
    await until(() => r!.store.get(task.id)?.status === 'SUCCESS', 'tracking to resume');
  });
});
