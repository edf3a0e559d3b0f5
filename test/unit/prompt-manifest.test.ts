// The manifest side of prompts: the midjourney language, its grammars (shipped under media/) and the
// settings. The grammars' colours are checked for real in the e2e suite.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { Commands, PromptLanguage, Settings } from '../../src/constants';

const root = path.resolve(__dirname, '..', '..', '..');
const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
const readJson = (rel: string) => JSON.parse(fs.readFileSync(path.join(root, rel), 'utf8'));

suite('Prompt language in the manifest', () => {
  test('the midjourney language: .mjprompt files, a language configuration with # comments', () => {
    const language = manifest.contributes.languages.find((l: { id: string }) => l.id === PromptLanguage.id);
    assert.ok(language.extensions.includes('.mjprompt'));
    const configuration = readJson(language.configuration);
    assert.equal(configuration.comments.lineComment, '#');
    // `--chaos` is one word (double-click, word-based edits).
    assert.equal(new RegExp(configuration.wordPattern).exec('--chaos 10')?.[0], '--chaos');
  });

  test('grammars: the language, and an injection that colours ```midjourney blocks in Markdown', () => {
    const grammars: { language?: string; scopeName: string; path: string; injectTo?: string[] }[] = manifest.contributes.grammars;
    for (const g of grammars) {
      assert.match(g.path, /^\.\/media\//, 'grammars ship under media/');
      assert.equal(readJson(g.path).scopeName, g.scopeName);
    }
    const own = grammars.find((g) => g.language === PromptLanguage.id)!;
    assert.equal(own.scopeName, 'source.midjourney');
    const injection = grammars.find((g) => g.injectTo?.includes('text.html.markdown'))!;
    const text = fs.readFileSync(path.join(root, injection.path), 'utf8');
    assert.match(text, /"include": "source\.midjourney"/);
    assert.match(text, /midjourney\|mj/);
  });

  test('settings: prompt files, default version, lenses and checks per language; the results command is hidden', () => {
    const props = manifest.contributes.configuration.properties;
    assert.deepEqual(props[`aitre.${Settings.promptFiles}`].default, ['**/*.mj.md', '**/*.mj.txt']);
    assert.equal(props[`aitre.${Settings.promptDefaultVersion}`].default, '7');
    assert.equal(props[`aitre.${Settings.promptCodeLens}`].scope, 'language-overridable');
    assert.equal(props[`aitre.${Settings.promptDiagnostics}`].scope, 'language-overridable');
    const hidden = manifest.contributes.menus.commandPalette.find((m: { command: string }) => m.command === Commands.openPromptResults);
    assert.equal(hidden.when, 'false');
  });
});
