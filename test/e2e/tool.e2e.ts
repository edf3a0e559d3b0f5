// AITRE's image tool (aitre_generateImage) as a chat agent, or any other extension, calls it:
// through vscode.lm.invokeTool, here from the companion test extension. The money rule holds for
// a caller that is not the person: VS Code asks the person before every call (model, gateway,
// prompt, "charges"), a No sends nothing, a bad input is refused before the question, and a Yes
// is one request whose picture is saved in the workspace, shown in the panel and named to the caller.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startSimulator, type Simulator } from '../simulator';
import { REPO_ROOT, useWorkbench, waitUntil } from './harness';
import { requestsSince, setApiKey } from './steps';

const COMPANION = path.join(REPO_ROOT, 'test', 'fixtures', 'companion');

interface ToolReport {
  listed: boolean;
  schema: { required?: string[] } | null;
  text?: string;
  error?: string;
}

suite('e2e: the image tool for chat agents and other extensions', function () {
  this.timeout(180_000);
  let sim: Simulator;
  const reportFile = path.join(os.tmpdir(), `aitre-tool-${process.pid}-${Date.now()}.json`);

  suiteSetup(async () => {
    sim = await startSimulator({ speed: 'test' });
  });
  suiteTeardown(async () => {
    await sim?.close();
    fs.rmSync(reportFile, { force: true });
  });

  const session = useWorkbench(() => ({
    settings: { 'aitre.baseUrl': sim.url, 'aitre.models.image': 'dall-e-3' },
    env: { AITRE_COMPANION_TOOL_REPORT: reportFile },
    extensions: [COMPANION],
  }));

  // Each test: the key set, no report or dialog left from an earlier test.
  setup(async function () {
    this.timeout(60_000);
    fs.rmSync(reportFile, { force: true });
    await session.wb.dismissDialogs();
    await setApiKey(session.wb, sim.apiKey);
    await session.wb.clearNotifications();
  });

  /** The companion calls the tool with this prompt and size ('' = the model's default). */
  async function callTool(prompt: string, size = ''): Promise<void> {
    const { wb } = session;
    await wb.runCommand('AITRE Companion: Ask AITRE\'s Image Tool…', { waitClosed: false });
    await wb.quickInputFill(prompt);
    await wb.quickInputAccept();
    await wb.page.locator('.quick-input-widget', { hasText: 'A size such as 1024x1024' }).first().waitFor({ timeout: 15_000 });
    await wb.quickInputFill(size);
    await wb.quickInputAccept();
  }

  /** VS Code's question before the call (a modal dialog): its text, once it is on screen. */
  async function question(): Promise<string> {
    const dialog = session.wb.page.locator('.monaco-dialog-box');
    await dialog.waitFor({ state: 'visible', timeout: 20_000 });
    return (await dialog.innerText()).replace(/\s+/g, ' ');
  }

  async function report(): Promise<ToolReport> {
    await waitUntil('the companion\'s report of the tool call', () => fs.existsSync(reportFile), 60_000);
    return JSON.parse(fs.readFileSync(reportFile, 'utf8')) as ToolReport;
  }

  test('VS Code asks first (model, gateway, prompt, paid); Yes sends one request, the picture is saved and shown, the caller gets its path', async () => {
    const { wb } = session;
    const requests = requestsSince(sim);
    await callTool('a paper boat on a puddle, watercolor');
    const asked = await question();
    assert.match(asked, /Generate an image with dall-e-3\?/);
    assert.ok(asked.includes(new URL(sim.url).host), `the question does not name the gateway: ${asked}`);
    assert.match(asked, /charges for each image/);
    assert.match(asked, /a paper boat on a puddle, watercolor/);
    assert.ok(!asked.includes(sim.apiKey), 'the key is in the question');
    assert.equal(requests('POST /v1/images/generations').length, 0, 'a request went before the person answered');
    await wb.screenshot('tool-01-confirm-before-a-paid-call');
    await wb.dialogButton('Yes');

    const answer = await report();
    assert.equal(answer.error, undefined, `the tool failed: ${answer.error}`);
    assert.equal(answer.listed, true);
    assert.deepEqual(answer.schema?.required, ['prompt']);
    const saved = /- (assets\/aitre\/[^\s]+\.png) \(Markdown: !\[a paper boat on a puddle, watercolor\]\(assets\/aitre\/[^)]+\.png\)\)/.exec(answer.text ?? '');
    assert.ok(saved, `the caller was not told where the picture is: ${answer.text}`);
    assert.ok(fs.existsSync(wb.workspacePath(saved[1]!)), `${saved[1]} is not in the workspace`);
    const sent = requests('POST /v1/images/generations');
    assert.equal(sent.length, 1, 'one confirmation, one paid request');
    assert.equal((sent[0]!.body as { prompt: string; model: string }).prompt, 'a paper boat on a puddle, watercolor');
    assert.equal((sent[0]!.body as { model: string }).model, 'dall-e-3');
    assert.equal(sent[0]!.headers.authorization, `Bearer ${sim.apiKey}`);

    const panel = await wb.webviewFrame('AITRE');
    await panel.locator('#title', { hasText: 'a paper boat on a puddle' }).waitFor({ timeout: 30_000 });
    await wb.openActivityContainer();
    await wb.treeRow(/a paper boat on a puddle/).waitFor({ timeout: 10_000 });
    await wb.screenshot('tool-02-saved-and-shown');
  });

  test('No in VS Code\'s question sends nothing, and the caller hears that the call was not made', async () => {
    const { wb } = session;
    const requests = requestsSince(sim);
    await callTool('a lantern in the fog');
    await question();
    await wb.dialogButton('Cancel');
    const answer = await report();
    assert.ok(answer.error, 'the caller was told it worked');
    assert.equal(answer.text, undefined);
    assert.equal(requests('POST /v1/images/generations').length, 0, 'a request went after No');
  });

  test('a size the model does not offer is refused in plain words before anything is asked or sent', async () => {
    const { wb } = session;
    const requests = requestsSince(sim);
    await callTool('a kite over the dunes', '999x999');
    const answer = await report();
    assert.match(answer.error ?? '', /dall-e-3 does not offer size "999x999"\. Choose 1024x1024, 1792x1024 or 1024x1792\./);
    assert.ok(!/[{}<>]|at .*\.js/.test(answer.error ?? ''), `raw detail in the message: ${answer.error}`);
    assert.equal(await wb.page.locator('.monaco-dialog-box').count(), 0, 'the person was asked about a call that cannot be made');
    assert.equal(requests('POST /v1/images/generations').length, 0);
    const toast = await wb.notification(/image tool failed: dall-e-3 does not offer size/);
    // (a toast fades in: screenshot it once VS Code marks the fade done; a center item is shown at once)
    await waitUntil('the toast to finish fading in', () => toast.evaluate((el) => !el.closest('.notifications-toasts') || !!el.closest('.notification-fade-in-done')).catch(() => false), 10_000);
    await wb.screenshot('tool-03-bad-size-refused');
  });
});
