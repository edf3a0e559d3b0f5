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

const builds = [
  {
    ...common,
    entryPoints: ['src/extension.ts'],
    outfile: 'dist/extension.js',
    platform: 'node',
    format: 'cjs',
    external: ['vscode'],
  },
  {
    ...common,
    entryPoints: ['webview/main.ts'],
    outfile: 'dist/webview.js',
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
    external: ['vscode', 'mocha', 'playwright-core'],
  });
}

if (watch) {
  for (const options of builds) {
    const ctx = await esbuild.context(options);
    await ctx.watch();
  }
  console.log('[esbuild] watching for changes');
} else {
  const started = Date.now();
  await Promise.all(builds.map((options) => esbuild.build(options)));
  console.log(`[esbuild] built ${builds.length} bundle set(s) in ${Date.now() - started} ms${production ? ' (production)' : ''}`);
}
