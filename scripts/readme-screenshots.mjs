// `npm run screenshots`: copies the README's pictures from the e2e suite's screenshots
// (test-results/, written by `npm run test:e2e`) into docs/images/, where the README links them.
// docs/ is not packaged: vsce turns the README's relative links into repository URLs.
//
//   node scripts/readme-screenshots.mjs          copy (fails, naming them, when some are missing)
//   node scripts/readme-screenshots.mjs --check  only check that docs/images has every picture
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const from = path.join(repo, 'test-results');
const to = path.join(repo, 'docs', 'images');

/** README picture → the e2e screenshot it comes from (test/e2e/*.e2e.ts: wb.screenshot(name)). */
export const PICTURES = {
  'tasks-and-result-panel.png': 'loop-04-panel.png',
  'mask-editor.png': 'ops-01-mask-editor.png',
  'prompt-checks.png': 'prompts-03-quick-fix-menu.png',
  'quota-status-bar.png': 'quota-01-status-bar.png',
  'walkthrough.png': 'walkthrough-02-all-done.png',
  'plain-error-message.png': 'faults-01-one-plain-message.png',
};

const check = process.argv.includes('--check');
const missing = Object.entries(PICTURES).filter(([picture, shot]) => !fs.existsSync(check ? path.join(to, picture) : path.join(from, shot)));
if (missing.length) {
  console.error(check
    ? `docs/images lacks: ${missing.map(([p]) => p).join(', ')} (run npm run test:e2e, then npm run screenshots)`
    : `test-results lacks: ${missing.map(([, s]) => s).join(', ')} (run npm run test:e2e first)`);
  process.exit(1);
}
if (!check) {
  fs.mkdirSync(to, { recursive: true });
  for (const [picture, shot] of Object.entries(PICTURES)) {
    fs.copyFileSync(path.join(from, shot), path.join(to, picture));
    console.log(`docs/images/${picture} ← test-results/${shot}`);
  }
}
