// Builds the two shipped bundles and, with --tests, the test/simulator bundles.
//   node esbuild.mjs               host (cjs/node, `vscode` external) + webview (esm/browser) into dist/
//   node esbuild.mjs --production  minified, no source maps (what `npm run package` ships)
//   node esbuild.mjs --watch       rebuild on change
//   node esbuild.mjs --tests       also bundles test/** and the simulator into out/ (never shipped)
import * as esbuild from 'esbuild';
import fs from 'node:fs';
import path from 'node:path';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');
const tests = process.argv.includes('--tests');

/** @type {esbuild.BuildOptions} */
const common = {
  bundle: true,
  sourcemap: production ? false : 'linked',
  minify: production,
  logLevel: 'warning',
  target: 'es2022',
};

/**
 * Prints the lines VS Code's esbuild problem matchers look for (as the official extension samples
 * do): "[watch] build started" when the first bundle starts, each error as "✘ [ERROR] text" plus
 * "    file:line:column:", and "[watch] build finished" once every bundle of the set is done, so a
 * preLaunchTask waits for all of them.
 */
function problemMatcherPlugin() {
  let running = 0;
  return {
    name: 'esbuild-problem-matcher',
    setup(build) {
      build.onStart(() => {
        if (running++ === 0) console.log('[watch] build started');
      });
      build.onEnd((result) => {
        for (const { text, location } of result.errors) {
          console.error(`✘ [ERROR] ${text}`);
          if (location) console.error(`    ${location.file}:${location.line}:${location.column}:`);
        }
        if (--running === 0) console.log('[watch] build finished');
      });
    },
  };
}

/** The host bundle loads undici (dist/undici.js) only when it needs a proxy agent: keep it out. */
const lazyUndici = {
  name: 'lazy-undici',
  setup(build) {
    build.onResolve({ filter: /^\.\/undici\.js$/ }, () => ({ path: './undici.js', external: true }));
  },
};

const builds = [
  {
    ...common,
    entryPoints: ['src/extension.ts'],
    outfile: 'dist/extension.js',
    platform: 'node',
    format: 'cjs',
    external: ['vscode'],
    plugins: [lazyUndici],
  },
  {
    ...common,
    entryPoints: ['src/core/gateway/undici.ts'],
    outfile: 'dist/undici.js',
    platform: 'node',
    format: 'cjs',
  },
  {
    ...common,
    entryPoints: ['webview/main.ts'],
    outfile: 'dist/webview.js',
    platform: 'browser',
    format: 'esm',
  },
  {
    ...common,
    entryPoints: ['webview/mask-edit.ts'],
    outfile: 'dist/mask-edit.js',
    platform: 'browser',
    format: 'esm',
  },
];

function listTs(dir) {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { recursive: true })
    .map(String)
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'))
    .map((f) => path.join(dir, f));
}

if (tests) {
  // Each test file becomes a self-contained CommonJS bundle (ky is ESM-only; bundling it avoids
  // require(esm) in mocha). `vscode` is provided by the extension host; mocha and playwright stay
  // external so there is one copy of each.
  builds.push({
    ...common,
    sourcemap: 'inline',
    entryPoints: [...listTs('test'), 'scripts/bench.ts'].filter((f) => fs.existsSync(f)),
    outdir: 'out',
    outbase: '.',
    platform: 'node',
    format: 'cjs',
    external: ['vscode', 'mocha', 'playwright-core', 'typescript'],
  });
}

if (watch) {
  const plugin = problemMatcherPlugin();
  for (const options of builds) {
    const ctx = await esbuild.context({ ...options, logLevel: 'silent', plugins: [...(options.plugins ?? []), plugin] });
    await ctx.watch();
  }
} else {
  const started = Date.now();
  await Promise.all(builds.map((options) => esbuild.build(options)));
  console.log(`[esbuild] built ${builds.length} bundle set(s) in ${Date.now() - started} ms${production ? ' (production)' : ''}`);
}
