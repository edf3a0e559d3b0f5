// Issue 11 as a careful user would try it in the real workbench: a second extension installed
// beside AITRE, a cloned repository whose .vscode/settings.json points aitre.baseUrl at another
// host, quick double clicks on paid buttons, a refused Vary (Region), a redirect to another host,
// and the gateway setting rewritten by that other extension. Screenshots in test-results/trust-*.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startRecorder, startSimulator, type Recorder, type Simulator } from '../simulator';
import { REPO_ROOT, useWorkbench } from './harness';
import { describeFromExplorer, imagine, imagineAndUpscale, setApiKey, waitRowDone, waitUntil } from './steps';

const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGP4z8AAAAMBAQDJ/pLvAAAAAElFTkSuQmCC', 'base64');
const COMPANION = path.join(REPO_ROOT, 'test', 'fixtures', 'companion');

suite('e2e: nobody but the user\'s own gateway gets the key or spends the money', function () {
  this.timeout(300_000);
  let sim: Simulator; // the user's gateway (User settings)
  let next: Simulator; // the gateway the setting gets moved to, same key
  let other: Recorder; // the cloned repository's host, and the redirect target: must receive nothing
  const report = path.join(os.tmpdir(), `aitre-companion-${process.pid}-${Date.now()}.json`);
  const actions = (customId: RegExp) => sim.requests.filter((r) => r.route === 'POST /mj/submit/action' && customId.test((r.body as { customId: string }).customId));

  suiteSetup(async () => {
    sim = await startSimulator({ speed: { syncDelayMs: 100, submittedMs: 300, runMs: 1200, progressSteps: 3 } });
    next = await startSimulator({ speed: 'test', apiKey: sim.apiKey });
    other = await startRecorder();
  });
  suiteTeardown(async () => {
    await sim?.close();
    await next?.close();
    await other?.close();
    fs.rmSync(report, { force: true });
  });

  const session = useWorkbench(() => ({
    settings: { 'aitre.baseUrl': sim.url, 'aitre.pollIntervalSeconds': 0.5 },
    env: { AITRE_COMPANION_REPORT: report },
    extensions: [COMPANION],
    files: {
      // What a cloned repository may carry: its own gateway and the priciest speed.
      '.vscode/settings.json': `${JSON.stringify({ 'aitre.baseUrl': other.url, 'aitre.midjourney.mode': 'turbo' }, null, 2)}\n`,
      'cat.png': PNG,
    },
  }));

  /** As another extension may: rewrites the user's aitre.baseUrl (the companion's command). */
  async function pointAt(url: string): Promise<void> {
    const { wb } = session;
    await wb.runCommand('AITRE Companion: Point AITRE at…', { waitClosed: false });
    await wb.quickInputFill(url);
    await wb.quickInputAccept();
  }

  // Every test starts from the user's own gateway with the key bound to it (a test may have moved
  // the setting elsewhere), and with no fault or held request left at the gateway.
  setup(async function () {
    this.timeout(90_000);
    sim.clearFaults();
    sim.releaseHeld();
    await pointAt(sim.url);
    await setApiKey(session.wb, sim.apiKey);
    await session.wb.clearNotifications();
  });

  test('set the key (it is bound to the gateway the input box names)', async () => {
    const { wb } = session;
    await wb.runCommand('AITRE: Set API Key', { waitClosed: false });
    await wb.page.locator('.quick-input-widget', { hasText: `Paste your AITRE key for ${new URL(sim.url).host}` }).first().waitFor({ timeout: 15_000 });
    await wb.quickInputFill(sim.apiKey);
    await wb.quickInputAccept();
    await wb.openActivityContainer();
    await wb.page.locator('.welcome-view-content', { hasText: 'No tasks yet' }).waitFor({ timeout: 20_000 });
  });

  test('a second installed extension finds no key and no service in AITRE\'s exports', async () => {
    const { wb } = session;
    await wb.runCommand('AITRE Companion: Look for the AITRE Key');
    await waitUntil('the companion\'s report', () => fs.existsSync(report));
    const found = JSON.parse(fs.readFileSync(report, 'utf8')) as Record<string, unknown>;
    assert.equal(found.aitreFound, true);
    assert.equal(found.exportsType, 'undefined', JSON.stringify(found));
    assert.deepEqual(found.exportKeys, []);
    assert.deepEqual(found.functions, []);
    assert.deepEqual(found.keyLikeStrings, []);
    assert.equal(found.keyFromExports, null);
    assert.equal(found.serviceFound, false);
    assert.equal(found.secretFromOwnStorage, null);
    assert.ok(!fs.readFileSync(report, 'utf8').includes(sim.apiKey));
    await wb.notification('AITRE Companion: exports undefined; key not found.');
    await wb.screenshot('trust-01-companion-finds-nothing');
  });

  test('the repository\'s .vscode/settings.json chose neither the gateway nor the speed: its host got nothing', async () => {
    const { wb } = session;
    await imagine(wb, 'a fox in a cloned repository');
    const sent = sim.requests.filter((r) => r.route === 'POST /mj/submit/imagine').at(-1)!;
    assert.equal(sent.mode, null, 'the workspace picked turbo');
    assert.equal(sent.headers.authorization, `Bearer ${sim.apiKey}`);
    assert.deepEqual(other.hits, []);
    // VS Code says why in the file itself: an application setting is not applied from a workspace
    await wb.openFile('.vscode/settings.json');
    // (VS Code greys out both values as not applied; its hover says they apply only in User settings.)
    await wb.page.locator('.part.editor .squiggly-inline-unnecessary').first().waitFor({ timeout: 20_000 });
    await wb.screenshot('trust-02-workspace-settings-ignored');
  });

  test('a double click on U1 is one submit; a second click on U2 while it is out is too, and the panel shows it busy', async () => {
    const { wb } = session;
    await imagine(wb, 'a lighthouse, clicked twice');
    await wb.treeRow(/Imagine: a lighthouse, clicked twice/).click();
    const panel = await wb.webviewFrame('AITRE');
    await panel.locator('#title', { hasText: 'a lighthouse' }).waitFor({ timeout: 20_000 });
    const parentId = ((await panel.locator('#task-id').textContent()) ?? '').replace(/^Task /, '').trim();
    await panel.locator('#actions vscode-button[data-custom-id*="upsample::1"]').dblclick();
    await wb.page.locator('.pane-body .monaco-list-row[aria-level="2"]', { hasText: 'U1' }).first().waitFor({ timeout: 20_000 });
    await waitRowDone(wb, /^U1/);
    const u1 = actions(/upsample::1::/).filter((r) => (r.body as { taskId: string }).taskId === parentId);
    assert.equal(u1.length, 1, 'a double click on U1 paid twice');

    // Hold U2 at the gateway so "while it is out" lasts until the second click has been tried.
    await panel.locator('#parent a').click();
    await panel.locator('#title', { hasText: 'a lighthouse' }).waitFor({ timeout: 20_000 });
    sim.addFault({ route: 'POST /mj/submit/action', fault: { kind: 'hold' }, times: 1 });
    const u2 = panel.locator('#actions vscode-button[data-custom-id*="upsample::2"]');
    await u2.click();
    await waitUntil('the U2 press to reach the gateway', () => sim.heldCount === 1);
    assert.equal(await u2.getAttribute('aria-busy'), 'true');
    assert.equal(await panel.locator('#spinner').isVisible(), true, 'nothing shows the press is on its way');
    const enabled = await panel.locator('#actions vscode-button:not([disabled])').count();
    assert.equal(enabled, 0, 'follow-up buttons stayed clickable while a press was out');
    await wb.screenshot('trust-03-busy-while-submitting');
    await u2.click({ force: true });
    sim.releaseHeld();
    await waitRowDone(wb, /^U2/);
    assert.equal(actions(/upsample::2::/).filter((r) => (r.body as { taskId: string }).taskId === parentId).length, 1, 'two clicks on U2 paid twice');
  });

  test('a refused Vary (Region) keeps the painting and says why inside the editor; fixed, it goes once', async () => {
    const { wb } = session;
    let panel = await imagineAndUpscale(wb, 'a tower to paint over');
    const inpaintsBefore = actions(/::Inpaint::/).length;
    await panel.locator('#actions vscode-button', { hasText: 'Vary (Region)' }).click();
    panel = await wb.webviewFrame('AITRE');
    await panel.locator('.mask-editor[data-state="ready"]').waitFor({ timeout: 20_000 });
    await panel.locator('[data-control="rect"]').click();
    const canvas = panel.locator('[data-control="canvas"]');
    const box = (await canvas.boundingBox())!;
    await wb.page.mouse.move(box.x + box.width * 0.25, box.y + box.height * 0.25);
    await wb.page.mouse.down();
    await wb.page.mouse.move(box.x + box.width * 0.6, box.y + box.height * 0.55, { steps: 6 });
    await wb.page.mouse.up();
    const painted = Number(await panel.locator('.mask-editor').getAttribute('data-painted'));
    assert.ok(painted > 0);
    await panel.locator('[data-control="prompt"]').fill('a bloodbath on the tower');
    await panel.locator('[data-control="submit"]').click();
    const refusal = panel.locator('.mask-refusal');
    await refusal.waitFor({ state: 'visible', timeout: 20_000 });
    assert.match((await refusal.textContent()) ?? '', /Not submitted: Banned word "bloodbath"/);
    assert.equal(await panel.locator('.mask-editor').isVisible(), true, 'the editor closed on a refusal');
    assert.equal(Number(await panel.locator('.mask-editor').getAttribute('data-painted')), painted, 'the painting was lost');
    assert.equal(await panel.locator('[data-control="prompt"]').inputValue(), 'a bloodbath on the tower');
    await wb.screenshot('trust-04-mask-refused');
    const inpaints = () => actions(/::Inpaint::/).length - inpaintsBefore;
    assert.equal(inpaints(), 1);

    await panel.locator('[data-control="prompt"]').fill('a dragon on the tower');
    await panel.locator('[data-control="submit"]').click();
    await panel.locator('.mask-editor').waitFor({ state: 'detached', timeout: 20_000 });
    const modals = sim.requests.filter((r) => r.route === 'POST /mj/submit/modal' && /dragon/.test((r.body as { prompt: string }).prompt));
    assert.equal(modals.length, 1);
    assert.equal(inpaints(), 1, 'Vary (Region) was pressed again instead of answering the waiting task');
    await waitRowDone(wb, 'Vary (Region)');
  });

  test('a double click on describe\'s "Imagine this" is one submit', async () => {
    const { wb } = session;
    const panel = await describeFromExplorer(wb, 'cat.png');
    const before = actions(/PicReader::1$/).length;
    const modals = () => sim.requests.filter((r) => r.route === 'POST /mj/submit/modal').length;
    const modalsBefore = modals();
    await panel.locator('#suggestion-list li').first().locator('vscode-button[data-how="imagine"]').dblclick();
    await wb.openActivityContainer();
    await waitRowDone(wb, /1️⃣|Prompt 1/);
    assert.equal(actions(/PicReader::1$/).length - before, 1, 'a double click on "Imagine this" paid twice');
    assert.equal(modals() - modalsBefore, 1, 'the prompt was confirmed more than once');
  });

  test('a redirect to another host is reported as a redirect, naming it; nothing went there', async () => {
    const { wb } = session;
    sim.addFault({ route: 'POST /mj/submit/imagine', fault: { kind: 'redirect', status: 307, location: `${other.url}/mj/submit/imagine` }, times: 1 });
    await wb.runCommand('AITRE: Imagine from Selection', { waitClosed: false });
    await wb.quickInputFill('a prompt that must stay home');
    await wb.quickInputAccept();
    const toast = await wb.notification(/redirected imagine to another host/);
    // Toasts fade in: screenshot it once it is fully there.
    await toast.evaluate((el: any) => Promise.all(el.getAnimations({ subtree: true }).map((a: any) => a.finished)));
    await toast.hover();
    const text = (await toast.innerText()).trim();
    assert.match(text, new RegExp(new URL(other.url).host.replace(/[.]/g, '\\.')));
    assert.ok(!/API key/.test(text.replace(/did not send your key/, '')), `the message blames the key: ${text}`);
    await wb.screenshot('trust-05-redirect-named');
    assert.deepEqual(other.hits, []);
  });

  test('another extension rewrites the gateway setting: no key goes there until the user confirms it in a modal', async () => {
    const { wb } = session;
    const nextMark = next.requests.length;
    const atNext = () => next.requests.slice(nextMark);
    // A task that keeps running, so the tracker wants to poll after the move.
    await wb.runCommand('AITRE: Imagine from Selection', { waitClosed: false });
    await wb.quickInputFill('a heron that keeps running --sim-stall');
    await wb.quickInputAccept();
    await wb.treeRow(/a heron that keeps running/).waitFor({ timeout: 20_000 });
    await wb.clearNotifications();
    await pointAt(next.url);
    // The tracker sends nothing there and says so once, with a way to answer.
    const changed = new RegExp(`gateway changed from ${new URL(sim.url).host.replace(/[.]/g, '\\.')} to ${new URL(next.url).host.replace(/[.]/g, '\\.')}`);
    await wb.notification(changed);
    assert.equal(atNext().length, 0, 'a poll went to the new host before the user answered');
    await wb.notificationButton(changed, 'Review Gateway…');
    const dialog = wb.page.locator('.monaco-dialog-box');
    await dialog.waitFor({ state: 'visible', timeout: 20_000 });
    const asked = (await dialog.innerText()).replace(/\s+/g, ' ');
    assert.match(asked, new RegExp(`Send your AITRE API key to ${new URL(next.url).host.replace(/[.]/g, '\\.')}\\?`));
    assert.match(asked, new RegExp(`your key was confirmed for ${sim.url.replace(/[.]/g, '\\.')}`));
    assert.match(asked, /another extension/);
    await wb.screenshot('trust-06-origin-modal');
    await wb.dialogButton('Cancel');
    assert.equal(atNext().length, 0);

    // A command asks again (the user started it); confirmed, the request goes, with the key.
    await wb.runCommand('AITRE: Imagine from Selection', { waitClosed: false });
    await wb.quickInputFill('a heron after the move');
    await wb.quickInputAccept();
    await dialog.waitFor({ state: 'visible', timeout: 20_000 });
    assert.equal(atNext().length, 0);
    await wb.dialogButton('Use This Gateway');
    await waitUntil('the imagine at the confirmed gateway', () => atNext().some((r) => r.route === 'POST /mj/submit/imagine'));
    const sent = atNext().find((r) => r.route === 'POST /mj/submit/imagine')!;
    assert.equal(sent.headers.authorization, `Bearer ${sim.apiKey}`);
    assert.equal((sent.body as { prompt: string }).prompt, 'a heron after the move');
    await waitRowDone(wb, 'a heron after the move');
    // The move was announced once (and answered from there): never again per poll.
    assert.equal((await wb.notificationMessages()).filter((m) => changed.test(m)).length, 0, 'the move was announced again');
  });

  test('plain http to another machine is confirmed separately: the modal says the key would travel in clear text', async () => {
    const { wb } = session;
    await pointAt('http://gateway.aitre-test.invalid:8080');
    await wb.runCommand('AITRE: Imagine from Selection', { waitClosed: false });
    await wb.quickInputFill('a prompt in clear text');
    await wb.quickInputAccept();
    const dialog = wb.page.locator('.monaco-dialog-box');
    await dialog.waitFor({ state: 'visible', timeout: 20_000 });
    const asked = (await dialog.innerText()).replace(/\s+/g, ' ');
    assert.match(asked, /Send your AITRE API key to gateway\.aitre-test\.invalid:8080 over plain HTTP\?/);
    assert.match(asked, /clear text/);
    assert.ok(await dialog.locator('.monaco-button', { hasText: 'Send over HTTP' }).count());
    await wb.screenshot('trust-07-cleartext-modal');
    await wb.dialogButton('Cancel');
    assert.deepEqual(other.hits, [], 'the cloned repository\'s host received something after all');
  });
});
