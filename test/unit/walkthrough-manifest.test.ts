// The walkthrough in the manifest: every step has its media, a button, and completes on an event the
// extension can make happen (a context key it sets, a view it owns).
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { Commands, ContextKeys, WALKTHROUGH_ID } from '../../src/constants';
import { localizedManifest } from './l10n-sources';

const root = path.resolve(__dirname, '..', '..', '..');
// As VS Code reads it: the English of package.nls.json in place of the %key% placeholders.
const manifest = localizedManifest();

interface Step { id: string; title: string; description: string; media: { markdown?: string; image?: string }; completionEvents: string[] }

suite('Walkthrough manifest', () => {
  const walkthrough = manifest.contributes.walkthroughs[0] as { id: string; steps: Step[] };

  test('one walkthrough, the id AITRE: Get Started opens, five steps in order', () => {
    assert.equal(manifest.contributes.walkthroughs.length, 1);
    assert.equal(`${manifest.publisher}.${manifest.name}#${walkthrough.id}`, WALKTHROUGH_ID);
    assert.deepEqual(walkthrough.steps.map((s) => s.id), ['gateway', 'key', 'imagine', 'save', 'history']);
    assert.ok(manifest.contributes.commands.some((c: { command: string }) => c.command === Commands.getStarted));
  });

  test('each step: media that ships, a button line, and completion events the extension drives', () => {
    const keys = new Set<string>(Object.values(ContextKeys));
    const views = new Set<string>(manifest.contributes.views.aitre.map((v: { id: string }) => v.id));
    for (const step of walkthrough.steps) {
      const media = step.media.markdown ?? step.media.image;
      assert.ok(media && media.startsWith('media/walkthrough/') && fs.existsSync(path.join(root, media)), `${step.id}: media ${media}`);
      assert.match(step.description, /\n\[[^\]]+\]\(command:[\w.]+/, `${step.id}: no button`);
      assert.ok(step.completionEvents.length > 0, `${step.id}: no completion event`);
      for (const event of step.completionEvents) {
        const [kind, argument = ''] = event.split(/:(.*)/s);
        if (kind === 'onContext') assert.ok(keys.has(argument), `${step.id}: ${argument} is not a context key AITRE sets`);
        else if (kind === 'onView') assert.ok(views.has(argument), `${step.id}: ${argument} is not an AITRE view`);
        else assert.fail(`${step.id}: unexpected completion event ${event}`);
      }
    }
  });
});
