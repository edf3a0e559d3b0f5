// Playwright helpers for end-to-end tests of the real VS Code workbench (code-server 4.100.3 +
// headless Debian chromium, offline), one module per workbench area:
//   wait.ts           waiting on conditions          quickInput.ts   palette, quick picks, input boxes
//   editor.ts         files, cursor, selections      menus.ts        context menus and submenus
//   sidebar.ts        activity bar, tree views       webviews.ts     the result panel's frames
//   notifications.ts  toasts, dialogs, status bar    workbench.ts    start, reload, reset, close
// Generic on purpose: it knows nothing about the simulator — start that yourself and pass its
// URL/key through `settings`/`env`.
//
//   import { useWorkbench } from './harness';
//   suite('tasks view', () => {
//     let sim: Simulator;
//     suiteSetup(async () => { sim = await startSimulator(); });          // registered first -> runs first
//     const ctx = useWorkbench(() => ({ settings: { 'aitre.baseUrl': sim.url }, files: { 'prompts.md': '# hi\n' } }));
//     suiteTeardown(async () => { await sim?.close(); });
//     test('palette', async () => { await ctx.wb.runCommand('AITRE: Refresh Tasks'); ... });
//   });
//
// Files are bundled by `node esbuild.mjs --tests` to out/test/e2e/**.js and run by
// `node scripts/run-e2e.mjs` (mocha TDD in plain Node). Screenshots go to test-results/.
import { Workbench, type WorkbenchOptions } from './workbench';

export { HARNESS_SETTINGS, openWorkbench, REPO_ROOT, RESULTS_DIR, Workbench, type WorkbenchOptions } from './workbench';
export type { TreeRowInfo } from './sidebar';
export { waitFor, waitUntil } from './wait';

/**
 * Register mocha hooks in the current suite: suiteSetup opens a workbench, every test starts from
 * a reset workbench (see Workbench.reset), a failing test saves diagnostics
 * (test-results/FAILED-<title>.png, server log, VS Code logs) and prints where they are,
 * suiteTeardown closes it. `options` may be a function, evaluated in suiteSetup (after earlier
 * hooks, e.g. one that starts the simulator).
 */
export function useWorkbench(options: WorkbenchOptions | (() => WorkbenchOptions | Promise<WorkbenchOptions>) = {}): { readonly wb: Workbench } {
  let current: Workbench | undefined;
  suiteSetup(async function () {
    this.timeout(180_000);
    const resolved = typeof options === 'function' ? await options() : options;
    current = await Workbench.open(resolved);
  });
  setup(async function () {
    this.timeout(60_000);
    await current?.reset();
  });
  teardown(async function () {
    const t = this.currentTest;
    if (current && t && t.state === 'failed') {
      this.timeout(30_000);
      const written = await current.saveDiagnostics(`FAILED-${t.fullTitle()}`);
      console.log(`    what the workbench showed: ${written.join(', ') || '(nothing could be saved)'}`);
    }
  });
  suiteTeardown(async function () {
    this.timeout(60_000);
    const wb = current;
    current = undefined;
    if (wb) await wb.close();
  });
  return {
    get wb(): Workbench {
      if (!current) throw new Error('workbench not open (useWorkbench suiteSetup failed or has not run)');
      return current;
    },
  };
}
