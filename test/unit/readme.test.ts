// The README's pictures: committed under docs/images (not packaged), each one made by the e2e suite
// and copied by scripts/readme-screenshots.mjs; the README names every new command and setting.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(__dirname, '..', '..', '..');
const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf8');
const script = fs.readFileSync(path.join(root, 'scripts', 'readme-screenshots.mjs'), 'utf8');

suite('README', () => {
  const images = [...readme.matchAll(/!\[([^\]]*)\]\(([^)\s]+)\)/g)].map((m) => ({ alt: m[1]!, link: m[2]! }));

  test('every picture is a committed docs/images PNG with alt text, copied from an e2e screenshot', () => {
    assert.ok(images.length >= 5, `only ${images.length} pictures`);
    for (const { alt, link } of images) {
      assert.match(link, /^docs\/images\/[\w-]+\.png$/, link);
      assert.ok(alt.trim().length > 10, `${link} has no useful alt text`);
      assert.ok(fs.existsSync(path.join(root, link)), `${link} is missing: run npm run test:e2e, then npm run screenshots`);
      const name = path.basename(link);
      const from = new RegExp(`'${name.replace('.', '\\.')}': '([\\w-]+\\.png)'`).exec(script)?.[1];
      assert.ok(from, `${name} is not in scripts/readme-screenshots.mjs`);
      const shot = from.replace(/\.png$/, '');
      const e2e = fs.readdirSync(path.join(root, 'test', 'e2e')).filter((f) => f.endsWith('.e2e.ts'))
        .some((f) => fs.readFileSync(path.join(root, 'test', 'e2e', f), 'utf8').includes(`screenshot('${shot}')`));
      assert.ok(e2e, `no e2e test takes the screenshot ${shot}`);
    }
  });

  test('the quota, walkthrough and proxy sections are there, with their commands and settings', () => {
    for (const text of ['## Quota in the status bar', '## Behind a proxy', 'Refresh Quota', 'Get Started', '`aitre.quota.unit`', '`http.proxyStrictSSL`', 'NO_PROXY']) {
      assert.ok(readme.includes(text), `README lacks ${text}`);
    }
  });
});
