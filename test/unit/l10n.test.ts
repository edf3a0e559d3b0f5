// Every user-visible string has its English and its Simplified Chinese: the manifest's %key%
// placeholders in package.nls.json and package.nls.zh-cn.json, and every t(...) / vscode.l10n.t(...)
// key of src/ and webview/ in l10n/bundle.l10n.zh-cn.json, with no stale keys left behind.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { format, setLocale, setTranslator, t, uiLocale, type L10nArg } from '../../src/core/base/l10n';
import { cutOffError, withoutKeptNote } from '../../src/core/openai/errors';
import { taskTooltip } from '../../src/core/tasks/presentation';
import { BUTTON_GROUP_TITLES } from '../../src/shared/buttons';
import { parseStrings, stringsAttribute } from '../../src/shared/strings-table';
import { PARAMETERS } from '../../src/core/midjourney/parameters';
import { englishOnlyLiterals, listSources, localizedManifest, placeholders, translationKeys, type Problem } from './l10n-sources';

const root = path.resolve(__dirname, '..', '..', '..');
const readJson = (file: string) => JSON.parse(fs.readFileSync(path.join(root, file), 'utf8'));
const manifestText = fs.readFileSync(path.join(root, 'package.json'), 'utf8');
const manifest = JSON.parse(manifestText);
const LANGUAGES = ['zh-cn'];

suite('Localization: manifest', () => {
  const used = new Set([...manifestText.matchAll(/"%([^%"\s]+)%"/g)].map((m) => m[1]!));

  test('every %key% of package.json is in package.nls.json and each language file, and no file has stale keys', () => {
    assert.ok(used.size > 100, `only ${used.size} manifest keys`);
    for (const file of ['package.nls.json', ...LANGUAGES.map((l) => `package.nls.${l}.json`)]) {
      const keys = new Set(Object.keys(readJson(file)));
      assert.deepEqual([...used].filter((k) => !keys.has(k)), [], `${file} lacks these keys`);
      assert.deepEqual([...keys].filter((k) => !used.has(k)), [], `${file} has keys package.json does not use`);
      for (const [key, value] of Object.entries(readJson(file) as Record<string, string>)) assert.ok(value.trim(), `${file}: ${key} is empty`);
    }
  });

  test('no user-visible manifest string is left in English only', () => {
    const c = manifest.contributes;
    const literal = (v: unknown) => typeof v === 'string' && !/^%[^%]+%$/.test(v) && v !== 'AITRE';
    const left: string[] = [];
    for (const cmd of c.commands) if (literal(cmd.title)) left.push(cmd.command);
    for (const view of c.views.aitre) if (literal(view.name)) left.push(view.id);
    for (const tool of c.languageModelTools) for (const f of ['displayName', 'userDescription']) if (literal(tool[f])) left.push(`${tool.name} ${f}`);
    for (const w of c.viewsWelcome) if (literal(w.contents)) left.push(`viewsWelcome ${w.when}`);
    for (const [id, s] of Object.entries<Record<string, unknown>>(c.configuration.properties)) {
      for (const f of ['description', 'markdownDescription', 'patternErrorMessage', 'deprecationMessage', 'markdownDeprecationMessage']) if (literal(s[f])) left.push(`${id} ${f}`);
      for (const f of ['enumDescriptions', 'markdownEnumDescriptions']) for (const d of (s[f] as unknown[] | undefined) ?? []) if (literal(d)) left.push(`${id} ${f}`);
    }
    for (const w of c.walkthroughs) for (const item of [w, ...w.steps]) for (const f of ['title', 'description']) if (literal(item[f])) left.push(`walkthrough ${item.id} ${f}`);
    if (literal(manifest.displayName) || literal(manifest.description)) left.push('displayName/description');
    assert.deepEqual(left, []);
  });

  test('each language keeps the links, command buttons and walkthrough media of the English', () => {
    const english: Record<string, string> = readJson('package.nls.json');
    for (const lang of LANGUAGES) {
      const translated: Record<string, string> = readJson(`package.nls.${lang}.json`);
      for (const [key, text] of Object.entries(english)) {
        const targets = (s: string) => [...s.matchAll(/\]\(([^)]+)\)/g)].map((m) => m[1]);
        assert.deepEqual(targets(translated[key] ?? ''), targets(text), `${lang} ${key}: links differ`);
      }
      for (const step of localizedManifest(lang).contributes.walkthroughs[0].steps) {
        const media: string = step.media.markdown;
        assert.ok(media.startsWith('media/walkthrough/') && fs.existsSync(path.join(root, media)), `${lang} ${step.id}: media ${media}`);
      }
    }
  });
});

suite('Localization: host, core and webview strings', () => {
  const srcFiles = translationKeys(root, listSources(path.join(root, 'src')).filter((f) => !f.endsWith(path.join('core', 'base', 'l10n.ts'))));
  // The parameter table's sentences are English literals in a module-level table, translated when shown
  // through tTable (core/base/l10n): they are keys too.
  const tableKeys = PARAMETERS.flatMap((p) => [p.title, p.description, ...(p.marks ?? []).map((m) => m.effect), ...(p.models ? [p.models.label] : [])]);
  const src = { problems: srcFiles.problems, uses: [...srcFiles.uses, ...tableKeys.map((key) => ({ key, file: 'src/core/midjourney/parameters.ts', line: 0, topLevel: false }))] };
  const webFiles = translationKeys(root, listSources(path.join(root, 'webview')));
  const web = { problems: webFiles.problems, uses: [...webFiles.uses, ...Object.values(BUTTON_GROUP_TITLES).map((key) => ({ key, file: 'src/shared/buttons.ts', line: 0 }))] };
  const bundlePath = (lang: string) => `l10n/bundle.l10n.${lang}.json`;

  test('every key is a literal (the bundle is checked without running the code)', () => {
    // The one forwarder: the composition root hands the core's t() to vscode.l10n.t; and the
    // webview's button-group titles, a shared table whose values count as webview keys (below).
    const forwarder = (p: Problem) => p.file === path.join('src', 'extension.ts') && /l10n\.t\(message, \.\.\.args\)/.test(p.text);
    const groupTitles = (p: Problem) => p.file === path.join('webview', 'main.ts') && p.text === 't(BUTTON_GROUP_TITLES[group])';
    const problems = [...src.problems, ...web.problems].filter((p) => !forwarder(p) && !groupTitles(p));
    assert.deepEqual(problems, []);
  });

  test('no t(...) in src/ runs when its module loads (before activation sets the UI language)', () => {
    // A module-level constant would stay English for good; the webview's table is there before its script runs.
    assert.deepEqual(src.uses.filter((u) => u.topLevel).map((u) => `${u.file}:${u.line} ${u.key}`), []);
  });

  test('every key of src/ and webview/ is in each language bundle, with the same placeholders, and no stale keys', () => {
    const keys = new Set([...src.uses, ...web.uses].map((u) => u.key));
    assert.ok(keys.size > 50, `only ${keys.size} keys`);
    for (const lang of LANGUAGES) {
      const bundle: Record<string, string> = readJson(bundlePath(lang));
      const missing = [...src.uses, ...web.uses].filter((u) => !(u.key in bundle)).map((u) => `${u.file}:${u.line} ${u.key}`);
      assert.deepEqual([...new Set(missing)], [], `${bundlePath(lang)} lacks these keys`);
      assert.deepEqual(Object.keys(bundle).filter((k) => !keys.has(k)), [], `${bundlePath(lang)} has stale keys`);
      for (const [key, text] of Object.entries(bundle)) {
        assert.ok(text.trim(), `${lang}: "${key}" is empty`);
        // A translation may leave out a placeholder (an English-only word such as was/were), never add one.
        assert.deepEqual(placeholders(text).filter((p) => !placeholders(key).includes(p)), [], `${lang}: "${key}" placeholders`);
      }
    }
  });

  test('tTable (a key that is not a literal) is used only where the parameter table is shown', () => {
    const users = listSources(path.join(root, 'src')).filter((f) => /\btTable\(/.test(fs.readFileSync(f, 'utf8')))
      .map((f) => path.relative(root, f)).sort();
    assert.deepEqual(users, [path.join('src', 'core', 'base', 'l10n.ts'), path.join('src', 'core', 'midjourney', 'describeParameter.ts')]);
  });

  test('no literal a person reads is left English-only (messages, picks, input boxes, tooltips, refusals, quick fixes)', () => {
    // The TypeScript compiler API finds string literals in the places VS Code shows (l10n-sources.ts:
    // SHOWING_CALLS, SHOWING_PROPERTIES, validateInput) that do not go through a translation call.
    // These stay as they are in every language: a key's shape, an example URL, file format names.
    const sameInEveryLanguage = new Set(['sk-…', 'https://example.com/picture.png', 'Markdown', 'JSON']);
    const ui = englishOnlyLiterals(root, [...listSources(path.join(root, 'src', 'ui')), ...listSources(path.join(root, 'src', 'platform')), path.join(root, 'src', 'extension.ts')]);
    // In the core, `label` and `detail` are log and request names; the sentences are errors, refusals and quick-fix titles.
    const core = englishOnlyLiterals(root, [...listSources(path.join(root, 'src', 'core')), ...listSources(path.join(root, 'src', 'shared'))]
      .filter((f) => !f.endsWith(path.join('midjourney', 'parameters.ts'))), new Set(['message', 'refuse()', 'title', 'showErrorMessage()']));
    const left = [...ui, ...core].filter((f) => !sameInEveryLanguage.has(f.text)).map((f) => `${f.file}:${f.line} [${f.where}] ${f.text}`);
    assert.deepEqual(left, []);
  });

  test('the webview says only what the host translated for it (its string table)', () => {
    const table = translationKeys(root, [path.join(root, 'src', 'ui', 'results', 'webviewStrings.ts')]).uses.map((u) => u.key);
    assert.deepEqual([...new Set(web.uses.map((u) => u.key))].filter((k) => !table.includes(k)), [], 'webview keys missing from src/ui/results/webviewStrings.ts');
    assert.deepEqual(table.filter((k) => !web.uses.some((u) => u.key === k)), [], 'webviewStrings.ts keys the webview never uses');
  });
});

suite('Localization: the core translation function', () => {
  teardown(() => { setTranslator(undefined); setLocale(undefined); });

  test('dates follow the UI language the host sets; a tag Intl does not know leaves the default', () => {
    const at = Date.UTC(2026, 11, 1, 15, 4, 5);
    const record = { id: 't1', action: 'IMAGINE', status: 'SUCCESS', prompt: '', addedAt: at, submitTime: at } as unknown as Parameters<typeof taskTooltip>[0];
    setLocale('zh-cn');
    assert.equal(uiLocale(), 'zh-cn');
    assert.ok(taskTooltip(record).includes(`Submitted: ${new Date(at).toLocaleString('zh-cn')}`), taskTooltip(record));
    setLocale('not a language tag');
    assert.equal(uiLocale(), undefined);
    assert.ok(taskTooltip(record).includes(`Submitted: ${new Date(at).toLocaleString()}`));
  });

  test('a stream failure\'s "the text so far is kept" note comes off in the UI language too (it is said once, not twice)', () => {
    const zh = readJson('l10n/bundle.l10n.zh-cn.json') as Record<string, string>;
    for (const translate of [undefined, (message: string, ...args: L10nArg[]) => format(zh[message] ?? message, args)]) {
      setTranslator(translate);
      const message = cutOffError('chat', 'ECONNRESET').message;
      const sentence = t('The answer was cut off: the connection ended before the model finished.');
      assert.ok(message.startsWith(sentence) && message.length > sentence.length, message);
      assert.equal(withoutKeptNote(message), sentence);
      assert.equal(withoutKeptNote(sentence), sentence, 'a message without the note is left as it is');
    }
  });

  test('English with placeholders until the host sets a translator; then the translator decides', () => {
    assert.equal(t('Task {0} failed: {1}', 'abc', 3), 'Task abc failed: 3');
    assert.equal(format('{1} before {0}, {2} stays', ['a', 'b']), 'b before a, {2} stays');
    setTranslator((message, ...args) => `zh:${format(message, args)}`);
    assert.equal(t('Task {0} failed', 'abc'), 'zh:Task abc failed');
    setTranslator(undefined);
    assert.equal(t('Task {0} failed', 'abc'), 'Task abc failed');
  });
});

suite('Localization: the webview string table on <body data-l10n>', () => {
  // What an HTML parser does to an attribute value (the four escapes the shell uses, &amp; last).
  const unescape = (v: string) => v.replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');

  test('no text in the table can end the attribute or open a tag, and the table comes back exactly', () => {
    const table = {
      'Progress {0}%': '进度 {0}%',
      hostile: '"><script>window.__xss=1</script><img src=x onerror=alert(1)>',
      entities: '&quot; &amp;lt; \\u003c \' ` </body>',
      '"key" <b>': 'a\nb\u2028c',
    };
    const attribute = stringsAttribute(table);
    const match = /^ data-l10n="([^"]*)"$/.exec(attribute);
    assert.ok(match, attribute);
    assert.doesNotMatch(match[1]!, /[<>"]/);
    assert.deepEqual(parseStrings(unescape(match[1]!)), table);
  });

  test('an absent or broken table is empty (the page shows the English keys)', () => {
    assert.deepEqual(parseStrings(null), {});
    assert.deepEqual(parseStrings(''), {});
    assert.deepEqual(parseStrings('{"a":'), {});
    assert.deepEqual(parseStrings('["a"]'), {});
    assert.deepEqual(parseStrings('{"a":"b","n":1}'), { a: 'b' });
  });
});
