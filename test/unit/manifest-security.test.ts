// The manifest's half of "the gateway is the user's choice": the settings that decide where
// requests go are application-scoped (a workspace cannot set them), and Restricted Mode ignores
// workspace values of everything that decides where requests go, what they cost and where files land.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(__dirname, '..', '..', '..');
const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
const properties: Record<string, { scope?: string }> = manifest.contributes.configuration.properties;

suite('Manifest: settings a workspace cannot choose', () => {
  test('the gateway URL and the speed mode (a path prefix) are application settings', () => {
    for (const key of ['aitre.baseUrl', 'aitre.midjourney.mode']) assert.equal(properties[key]?.scope, 'application', key);
  });

  test('untrusted workspaces: limited, with every request-deciding setting restricted; virtual workspaces work', () => {
    const untrusted = manifest.capabilities?.untrustedWorkspaces;
    assert.equal(untrusted?.supported, 'limited');
    assert.ok(typeof untrusted.description === 'string' && untrusted.description.length > 20);
    const restricted: string[] = untrusted.restrictedConfigurations;
    const models = Object.keys(properties).filter((k) => k.startsWith('aitre.models.'));
    assert.ok(models.length >= 7);
    for (const key of ['aitre.baseUrl', 'aitre.midjourney.mode', ...models, 'aitre.outputFolder', 'aitre.audioFolder']) {
      assert.ok(restricted.includes(key), `${key} is not restricted`);
    }
    for (const key of restricted) assert.ok(properties[key], `${key} is not a setting`);
    // Every file access goes through vscode.workspace.fs, so virtual folders work.
    assert.equal(manifest.capabilities.virtualWorkspaces, true);
  });
});
