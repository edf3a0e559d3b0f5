// Smallest real integration suite: proves the runner loads the extension in a real extension host.
import * as assert from 'assert';
import * as vscode from 'vscode';

const EXTENSION_ID = 'aitre.aitre-vscode';

suite('smoke: extension host', () => {
  test('vscode.version is a string', () => {
    assert.strictEqual(typeof vscode.version, 'string');
    assert.match(vscode.version, /^\d+\.\d+\.\d+/);
  });

  test(`extension ${EXTENSION_ID} is present and activates`, async () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext, `extension ${EXTENSION_ID} not found`);
    await ext.activate();
    assert.ok(ext.isActive, 'extension did not activate');
  });

  test('the workspace folder is open', () => {
    const folders = vscode.workspace.workspaceFolders ?? [];
    assert.strictEqual(folders.length, 1, 'expected exactly one workspace folder');
  });
});
