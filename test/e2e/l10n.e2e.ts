// The main loop once with the UI in Simplified Chinese: code-server started with `--locale zh-cn`
// (offline, no language pack: the workbench's own menus stay English, but VS Code reports zh-cn to
// extensions, so the manifest's package.nls.zh-cn.json and l10n/bundle.l10n.zh-cn.json apply).
// Its own workbench session, so no other suite runs in Chinese. Screenshots: test-results/l10n-*.png.
import assert from 'node:assert/strict';
import path from 'node:path';
import { startSimulator, type Simulator } from '../simulator';
import { useWorkbench } from './harness';
import { imageLoaded, requestsSince } from './steps';

const PROMPT = 'a red fox in fresh snow, golden hour --ar 3:2';
// VS Code reports a display language to extensions only when a language pack for it is installed;
// offline there is none, so the suite installs one that translates nothing (test/e2e/fixtures/) and
// points VS Code's language-pack index (languagepacks.json) at it.
const PACK = path.resolve(__dirname, '..', '..', '..', 'test', 'e2e', 'fixtures', 'zh-cn-language-pack');
const LANGUAGE_PACKS = JSON.stringify({
  'zh-cn': {
    hash: 'aitre-test-zh-cn-0.0.1',
    extensions: [{ extensionIdentifier: { id: 'aitre-test.test-language-pack-zh-cn' }, version: '0.0.1' }],
    translations: { vscode: path.join(PACK, 'translations', 'main.i18n.json') },
    label: '中文(简体)',
  },
});

suite('e2e: the main loop in Simplified Chinese (zh-cn)', function () {
  this.timeout(240_000);
  let sim: Simulator;

  suiteSetup(async () => {
    sim = await startSimulator({ speed: { syncDelayMs: 300, submittedMs: 800, runMs: 2500, progressSteps: 3 } });
  });
  suiteTeardown(async () => { await sim?.close(); });

  const session = useWorkbench(() => ({
    settings: { 'aitre.baseUrl': sim.url, 'aitre.pollIntervalSeconds': 0.5 },
    extraArgs: ['--locale', 'zh-cn'],
    extensions: [PACK],
    userDataFiles: { 'languagepacks.json': LANGUAGE_PACKS },
    // The view's name comes from package.nls.zh-cn.json.
    viewName: '任务',
  }));

  test('set the key, imagine, see the row, open the result and upscale: every AITRE text in Chinese', async () => {
    const { wb } = session;
    await wb.openActivityContainer();
    // The welcome view and the command titles come from the manifest's zh-cn nls file.
    await wb.page.locator('.welcome-view-content', { hasText: '设置你的 AITRE API 密钥即可开始' }).waitFor({ timeout: 20_000 });
    await wb.screenshot('l10n-01-welcome-zh-cn');

    await wb.runCommand('AITRE: 设置 API 密钥', { waitClosed: false });
    await wb.page.locator('.quick-input-widget', { hasText: '它保存在 VS Code 的机密存储中' }).waitFor({ timeout: 15_000 });
    await wb.quickInputFill(sim.apiKey);
    await wb.quickInputAccept();
    await wb.statusBarItem('AITRE: API 密钥已保存。');
    await wb.page.locator('.welcome-view-content', { hasText: '还没有任务' }).waitFor({ timeout: 20_000 });

    const requests = requestsSince(sim);
    await wb.runCommand('AITRE: 用所选内容生成图像 (Imagine)', { waitClosed: false });
    await wb.page.locator('.quick-input-widget', { hasText: '为 MidJourney 描述图像' }).waitFor({ timeout: 15_000 });
    await wb.screenshot('l10n-02-imagine-input-zh-cn');
    await wb.quickInputFill(PROMPT);
    await wb.quickInputAccept();
    await wb.openActivityContainer();
    // The tree's status text is the core's t() through the same bundle.
    await wb.treeRowsWhere('the new task to be 已完成', (rows) => rows.some((r) => r.level === 1 && r.label.includes('a red fox') && r.description === '已完成'), 40_000);
    assert.equal(requests('POST /mj/submit/imagine').length, 1, 'one intent, one paid submit');
    await wb.screenshot('l10n-03-tasks-view-zh-cn');

    await wb.treeRow(/a red fox/).click();
    const panel = await wb.webviewFrame('AITRE');
    await panel.locator('#title', { hasText: 'a red fox' }).waitFor({ timeout: 20_000 });
    // Static HTML from the host, the webview's own string table, and the host's language.
    assert.equal(await panel.locator('html').getAttribute('lang'), 'zh-cn');
    await panel.locator('#save', { hasText: '保存' }).waitFor({ timeout: 20_000 });
    await panel.locator('#copy-prompt', { hasText: '复制提示词' }).waitFor();
    await panel.locator('#actions .group-title', { hasText: '放大' }).waitFor();
    await panel.locator('#task-id', { hasText: /^任务 \d+/ }).waitFor();
    assert.equal((await panel.locator('#status').textContent())?.trim(), '已完成');
    // The button tooltips come from the core (shared/buttons through t()); the table rides on <body data-l10n>.
    assert.equal(await panel.locator('#actions vscode-button[data-custom-id*="upsample::1"]').getAttribute('title'),
      '将网格中的第 1 张图放大为单独的图片。会启动一个新的付费 MidJourney 任务。');
    assert.equal(await panel.locator('body[data-l10n]').count(), 1, 'the string table is on <body data-l10n>');
    await imageLoaded(panel);
    await wb.screenshot('l10n-04-result-panel-zh-cn');

    await panel.locator('#actions vscode-button[data-custom-id*="upsample::1"]').click();
    await panel.locator('#title', { hasText: 'U1' }).waitFor({ timeout: 20_000 });
    await wb.treeRowsWhere('the U1 follow-up to be 已完成', (rows) => rows.some((r) => r.level === 2 && r.label.startsWith('U1') && r.description === '已完成'), 40_000);
    assert.equal(requests('POST /mj/submit/action').length, 1, 'one click, one paid follow-up');
    await panel.locator('#status', { hasText: '已完成' }).waitFor({ timeout: 20_000 });
    await panel.locator('#figure:not([hidden])').waitFor({ timeout: 20_000 });
    await imageLoaded(panel);
    await wb.screenshot('l10n-05-upscaled-zh-cn');
  });

  test('the walkthrough in Chinese, with the zh-cn variant of its step pages', async () => {
    const { wb } = session;
    await wb.runCommand('AITRE: 入门');
    await wb.page.locator('.gettingStartedContainer h2', { hasText: 'AITRE 入门' }).first().waitFor({ timeout: 20_000 });
    await wb.page.locator('.gettingStartedContainer button.getting-started-step[data-step-id$="#imagine"]').click();
    // The step's media path is itself a %key% of the manifest: zh-cn points at media/walkthrough/zh-cn/.
    await wb.page.frameLocator('.gettingStartedContainer iframe.webview.ready').frameLocator('iframe#active-frame')
      .locator('h1', { hasText: '生成第一个提示词的图像' }).waitFor({ timeout: 20_000 });
    await wb.screenshot('l10n-06-walkthrough-zh-cn');
  });
});
