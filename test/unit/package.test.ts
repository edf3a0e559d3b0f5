// The manifest must keep the ids the design fixes (the .vsix itself is checked by test/package/).
import assert from 'node:assert/strict';
import { localizedManifest } from './l10n-sources';

// As VS Code reads it: the English of package.nls.json in place of the %key% placeholders.
const manifest = localizedManifest();

suite('Packaging and manifest', () => {
  test('ids: aitre.* commands in category AITRE, the AITRE container, the Tasks view, engines at most 1.100', () => {
    const c = manifest.contributes;
    for (const command of c.commands) {
      assert.match(command.command, /^aitre\./);
      assert.equal(command.category, 'AITRE');
    }
    assert.deepEqual(c.viewsContainers.activitybar.map((v: { id: string; title: string }) => [v.id, v.title]), [['aitre', 'AITRE']]);
    assert.deepEqual(c.views.aitre.map((v: { id: string; name: string }) => [v.id, v.name]), [['aitre.tasks', 'Tasks']]);
    for (const key of Object.keys(c.configuration.properties)) assert.match(key, /^aitre\./);
    assert.equal(manifest.engines.vscode, '^1.100.0');
    assert.equal(manifest.devDependencies['@types/vscode'], '1.100.0');
  });

  test('the editor context entry only shows with a selection; tree-only commands are hidden from the palette', () => {
    const menus = manifest.contributes.menus;
    // One AITRE submenu in the editor context menu, shown only with a selection; Complete at Cursor
    // ignores the selection, so it sits beside the submenu, not in it.
    assert.deepEqual(menus['editor/context'], [
      { submenu: 'aitre.editor', when: 'editorHasSelection', group: 'aitre@1' },
      { command: 'aitre.completeAtCursor', when: 'editorTextFocus && !editorReadonly', group: 'aitre@2' },
    ]);
    assert.ok(!menus['aitre.editor'].some((m: { command: string }) => m.command === 'aitre.completeAtCursor'));
    // Commands that need a selection are not offered in the palette without one.
    for (const id of ['aitre.rewriteSelection', 'aitre.speakSelection']) {
      assert.equal(menus.commandPalette.find((m: { command: string }) => m.command === id)?.when, 'editorHasSelection', id);
    }
    const imagine = menus['aitre.editor'].find((m: { command: string }) => m.command === 'aitre.imagineFromSelection');
    assert.equal(imagine.when, 'editorHasSelection');
    // Explorer entries only on image files; blend only with several selected.
    for (const entry of [...menus['explorer/context'], ...menus['aitre.explorer']]) assert.match(entry.when, /resourceExtname/);
    assert.match(menus['aitre.explorer'].find((m: { command: string }) => m.command === 'aitre.blendImages').when, /listMultiSelection/);
    const hidden = menus.commandPalette.filter((m: { when: string }) => m.when === 'false').map((m: { command: string }) => m.command);
    for (const id of ['aitre.openResult', 'aitre.pressButton']) assert.ok(hidden.includes(id), `${id} should not be in the palette`);
    for (const entry of [...menus['view/title'], ...menus['view/item/context']]) assert.ok(entry.when, `${entry.command} has no when clause`);
  });
});
