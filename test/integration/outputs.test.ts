// The one writer of kept files (src/ui/outputs.ts) on the real workspace file system: never
// overwrites, reserves sidecar names too, and leaves no half-written or temporary file behind.
import * as assert from 'assert';
import * as vscode from 'vscode';
import { outputFolder, writeNewFile } from '../../src/ui/outputs';

suite('Output files in the extension host', () => {
  let folder: vscode.Uri;

  setup(async () => {
    const made = await outputFolder(`test-outputs/${Date.now().toString(36)}`, 'unused: a workspace folder is open');
    assert.ok(made, 'no workspace folder is open');
    folder = made;
  });

  teardown(async () => {
    await vscode.workspace.fs.delete(folder, { recursive: true });
  });

  const names = async () => (await vscode.workspace.fs.readDirectory(folder)).map(([name]) => name).sort();

  test('a taken name moves on to "name (2)"; the first file keeps its bytes', async () => {
    const first = await writeNewFile(folder, 'fox.png', new Uint8Array([1]));
    const second = await writeNewFile(folder, 'fox.png', new Uint8Array([2]));
    assert.deepStrictEqual(await names(), ['fox (2).png', 'fox.png']);
    assert.deepStrictEqual([...await vscode.workspace.fs.readFile(first)], [1]);
    assert.deepStrictEqual([...await vscode.workspace.fs.readFile(second)], [2]);
  });

  test('a name whose sidecar exists is taken too', async () => {
    await vscode.workspace.fs.writeFile(vscode.Uri.joinPath(folder, 'owl.png.json'), new Uint8Array([0]));
    const file = await writeNewFile(folder, 'owl.png', new Uint8Array([3]), ['.json']);
    assert.strictEqual(file.path.split('/').pop(), 'owl (2).png');
  });

  test('writes of one name at the same time all land, each under its own name, with no temporary file left', async () => {
    const files = await Promise.all([1, 2, 3, 4, 5].map((n) => writeNewFile(folder, 'cat.png', new Uint8Array([n]))));
    assert.strictEqual(new Set(files.map((f) => f.toString())).size, 5);
    assert.deepStrictEqual(await names(), ['cat (2).png', 'cat (3).png', 'cat (4).png', 'cat (5).png', 'cat.png']);
    const contents = await Promise.all(files.map(async (f) => (await vscode.workspace.fs.readFile(f))[0]));
    assert.deepStrictEqual(contents, [1, 2, 3, 4, 5]);
  });
});
