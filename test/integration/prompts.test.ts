// Prompts in the editor, through VS Code's own provider commands in a real extension host:
// completion, hover, diagnostics, quick fixes, lenses (Imagine through the one command path), and
// the settings that switch them per language.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import type { AitreApi } from '../../src/extension';
import { startSimulator, type Simulator } from '../simulator';
import { connect, disconnect, eventually, until } from './helpers';

const labelOf = (item: vscode.CompletionItem) => (typeof item.label === 'string' ? item.label : item.label.label);
const hoverText = (hovers: vscode.Hover[]) => hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : 'value' in c ? c.value : ''))).join('\n');
const ours = (uri: vscode.Uri) => vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'AITRE');

suite('Prompts in the editor (providers)', () => {
  let sim: Simulator;
  let api: AitreApi;
  let dir: string;
  const file = (name: string, content: string) => {
    const full = path.join(dir, name);
    fs.writeFileSync(full, content);
    return vscode.Uri.file(full);
  };
  const imagines = () => sim.requests.filter((r) => r.route === 'POST /mj/submit/imagine');
  const open = async (uri: vscode.Uri) => vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
  const lenses = (uri: vscode.Uri) => vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri);

  suiteSetup(async () => {
    sim = await startSimulator({ speed: 'test' });
    api = await connect(sim);
    dir = path.join(vscode.workspace.workspaceFolders![0]!.uri.fsPath, 'prompt-tests');
    fs.mkdirSync(dir, { recursive: true });
  });

  suiteTeardown(async () => {
    await disconnect(api);
    await sim.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('completion after --ch offers --chaos with its range and a snippet; values after --ar and --v', async () => {
    const uri = file('complete.mjprompt', 'a misty forest --ch\na fox --ar \na fox --v \n');
    await open(uri);
    const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', uri, new vscode.Position(0, 19));
    const chaos = list.items.find((i) => labelOf(i) === '--chaos');
    assert.ok(chaos, JSON.stringify(list.items.map(labelOf)));
    assert.strictEqual((chaos.insertText as vscode.SnippetString).value, '--chaos ${1:0}');
    assert.match(chaos.detail ?? '', /0–100/);
    assert.match((chaos.documentation as vscode.MarkdownString).value, /How different the four images/);
    const replacing = (chaos.range as { replacing: vscode.Range }).replacing;
    assert.deepStrictEqual([replacing.start.character, replacing.end.character], [15, 19]);
    const ratios = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', uri, new vscode.Position(1, 11));
    assert.ok(['16:9', '3:2', '9:16'].every((r) => ratios.items.some((i) => labelOf(i) === r)), JSON.stringify(ratios.items.map(labelOf)));
    const versions = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', uri, new vscode.Position(2, 10));
    assert.ok(['7', '6.1', '5.2'].every((v) => versions.items.some((i) => labelOf(i) === v)));
  });

  test('hover on a parameter: what it does, its range, the versions, the value\'s effect', async () => {
    const uri = file('hover.mjprompt', 'a misty forest --chaos 50 --cref https://x.example/k.png\n');
    await open(uri);
    const text = hoverText(await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, new vscode.Position(0, 18)));
    assert.match(text, /\*\*Chaos\*\*/);
    assert.match(text, /Values: 0–100/);
    assert.match(text, /For: every version/);
    assert.match(text, /very different takes on the prompt/);
    const cref = hoverText(await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, new vscode.Position(0, 30)));
    assert.match(cref, /v6 and Niji 6 only/);
    assert.match(cref, /does not work on v7/);
  });

  test('diagnostics as you type, and the quick fix that clamps --chaos 150', async () => {
    const uri = file('fix.mjprompt', '# my prompts\na misty forest --chaos 10\n');
    const editor = await open(uri);
    assert.deepStrictEqual(ours(uri), []);
    await editor.edit((e) => e.replace(new vscode.Range(1, 23, 1, 25), '150'));
    const [diagnostic] = await until(() => { const d = ours(uri); return d.length ? d : undefined; }, 'a diagnostic for --chaos 150');
    assert.strictEqual(diagnostic!.code, 'out-of-range');
    assert.strictEqual(diagnostic!.severity, vscode.DiagnosticSeverity.Error);
    assert.strictEqual(diagnostic!.message, '--chaos must be between 0 and 100 (it is 150).');
    assert.deepStrictEqual([diagnostic!.range.start.line, diagnostic!.range.start.character, diagnostic!.range.end.character], [1, 23, 26]);
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, diagnostic!.range, vscode.CodeActionKind.QuickFix.value);
    const clamp = actions.find((a) => a.title === 'Change to 100');
    assert.ok(clamp, JSON.stringify(actions.map((a) => a.title)));
    assert.ok(clamp.isPreferred);
    assert.ok(await vscode.workspace.applyEdit(clamp.edit!));
    assert.strictEqual(editor.document.lineAt(1).text, 'a misty forest --chaos 100');
    await until(() => ours(uri).length === 0, 'the diagnostic to go');
  });

  test('every rule has a fix where one is obvious: em dash, duplicate, --cref on v7, parameter order', async () => {
    const uri = file('rules.mjprompt', ['a fox —ar 16:9', 'a fox --ar 16:9 --ar 1:1', 'a knight --cref https://x.example/k.png', '--ar 3:2 a castle', 'a cat --niji 6 --v 7'].join('\n'));
    const editor = await open(uri);
    const byLine = await until(() => { const d = ours(uri); return d.length >= 5 ? d : undefined; }, 'five diagnostics');
    assert.deepStrictEqual(byLine.map((d) => [d.range.start.line, d.code]), [[0, 'dash'], [1, 'duplicate'], [2, 'not-for-model'], [3, 'parameter-order'], [4, 'niji-with-v']]);
    for (const diagnostic of byLine) {
      const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, diagnostic.range);
      const preferred = actions.find((a) => a.isPreferred)!;
      assert.ok(preferred, `no preferred fix for ${String(diagnostic.code)}: ${JSON.stringify(actions.map((a) => a.title))}`);
      assert.ok(await vscode.workspace.applyEdit(preferred.edit!));
    }
    assert.deepStrictEqual(editor.document.getText().split('\n'), ['a fox --ar 16:9', 'a fox --ar 16:9', 'a knight --oref https://x.example/k.png', 'a castle --ar 3:2', 'a cat --niji 6']);
    await until(() => ours(uri).length === 0, 'every diagnostic to go');
  });

  test('Markdown: only ```midjourney blocks are checked; a file listed in aitre.prompts.files is checked throughout', async () => {
    const md = file('notes.md', ['# Notes', 'prose with --chaos 500', '', '```midjourney', 'a fox --chaos 500', '```', ''].join('\n'));
    await open(md);
    const diagnostics = await until(() => { const d = ours(md); return d.length ? d : undefined; }, 'the fenced prompt checked');
    assert.deepStrictEqual(diagnostics.map((d) => d.range.start.line), [4]);
    const listed = file('poster.mj.md', ['# Poster', '- a fox --chaos 500', 'a cat --s 2000', ''].join('\n'));
    await open(listed);
    const all = await until(() => { const d = ours(listed); return d.length >= 2 ? d : undefined; }, 'every line checked');
    assert.deepStrictEqual(all.map((d) => [d.range.start.line, d.range.start.character]), [[1, 16], [2, 10]]);
  });

  test('a glob relative to the workspace folder lists files too', async () => {
    const listed = file('shots.list.md', ['# Shots', 'a fox --chaos 500', ''].join('\n'));
    await open(listed);
    assert.deepStrictEqual(ours(listed), [], 'not listed yet: prose');
    const settings = vscode.workspace.getConfiguration('aitre');
    await settings.update('prompts.files', ['prompt-tests/*.list.md'], vscode.ConfigurationTarget.Global);
    try {
      await until(() => ours(listed).length === 1, 'the listed file checked');
    } finally {
      await settings.update('prompts.files', undefined, vscode.ConfigurationTarget.Global);
    }
    await until(() => ours(listed).length === 0, 'unlisted again');
  });

  test('the default version setting changes what is checked', async () => {
    const uri = file('version.mjprompt', 'a knight --cref https://x.example/k.png\n');
    await open(uri);
    await until(() => ours(uri).length === 1, '--cref flagged on v7');
    const settings = vscode.workspace.getConfiguration('aitre');
    await settings.update('prompts.defaultVersion', '6.1', vscode.ConfigurationTarget.Global);
    try {
      await until(() => ours(uri).length === 0, '--cref fine on v6.1');
    } finally {
      await settings.update('prompts.defaultVersion', undefined, vscode.ConfigurationTarget.Global);
    }
    await until(() => ours(uri).length === 1, '--cref flagged again');
  });

  test('lenses: Imagine sends the prompt through the Imagine command; then "Open result (1)" opens its task', async () => {
    const prompt = `a lighthouse on a cliff ${Date.now()} --ar 3:2`;
    const uri = file('lens.mjprompt', `# lens\n${prompt}\n`);
    await open(uri);
    const first = await lenses(uri);
    assert.deepStrictEqual(first.map((l) => [l.range.start.line, l.command?.title]), [[1, '$(sparkle) Imagine'], [1, 'Imagine (Niji)']]);
    const before = imagines().length;
    await vscode.commands.executeCommand(first[0]!.command!.command, ...first[0]!.command!.arguments!);
    assert.strictEqual(imagines().length, before + 1);
    assert.strictEqual((imagines().at(-1)!.body as { prompt: string }).prompt, prompt);
    const open1 = await eventually(async () => (await lenses(uri)).find((l) => l.command?.title === 'Open result (1)'), '"Open result (1)"');
    const taskId = await vscode.commands.executeCommand<string>(open1.command!.command, ...open1.command!.arguments!);
    const task = api.store.get(taskId)!;
    assert.strictEqual(task.prompt, prompt);
    assert.strictEqual(api.shownTaskId(), taskId);

    const niji = first[1]!.command!;
    await vscode.commands.executeCommand(niji.command, ...niji.arguments!);
    assert.strictEqual((imagines().at(-1)!.body as { botType: string }).botType, 'NIJI_JOURNEY');
    await eventually(async () => (await lenses(uri)).some((l) => l.command?.title === 'Open result (2)'), '"Open result (2)"');
  });

  test('a prompt that picks its model has no Niji lens; with Niji as the default bot the other lens is MidJourney', async () => {
    const uri = file('bots.mjprompt', 'a fox --v 6.1\na cat\n');
    await open(uri);
    assert.deepStrictEqual((await lenses(uri)).map((l) => [l.range.start.line, l.command?.title]), [[0, '$(sparkle) Imagine'], [1, '$(sparkle) Imagine'], [1, 'Imagine (Niji)']]);
    const settings = vscode.workspace.getConfiguration('aitre');
    await settings.update('midjourney.botType', 'NIJI_JOURNEY', vscode.ConfigurationTarget.Global);
    try {
      const other = await eventually(async () => (await lenses(uri)).find((l) => l.command?.title === 'Imagine (MidJourney)'), 'the MidJourney lens');
      assert.deepStrictEqual(other.command!.arguments, [{ prompt: 'a cat', botType: 'MID_JOURNEY' }]);
    } finally {
      await settings.update('midjourney.botType', undefined, vscode.ConfigurationTarget.Global);
    }
  });

  test('lenses can be turned off per language', async () => {
    const uri = file('off.mjprompt', 'a fox --v 6.1\n');
    await open(uri);
    assert.strictEqual((await lenses(uri)).length, 1);
    const scoped = vscode.workspace.getConfiguration('aitre', { languageId: 'midjourney' });
    await scoped.update('prompts.codeLens', false, vscode.ConfigurationTarget.Global, true);
    try {
      await eventually(async () => (await lenses(uri)).length === 0, 'no lenses in midjourney files');
      const md = file('still.md', '```midjourney\na fox\n```\n');
      await open(md);
      assert.strictEqual((await lenses(md)).length, 2, 'Markdown keeps its lenses');
    } finally {
      await scoped.update('prompts.codeLens', undefined, vscode.ConfigurationTarget.Global, true);
    }
  });

  test('after the task is done, hovering the prompt shows its last result (an http gateway image is kept locally)', async () => {
    const prompt = `a red barn in winter ${Date.now()}`;
    const uri = file('thumb.mjprompt', `${prompt}\n`);
    await open(uri);
    const task = await vscode.commands.executeCommand<{ id: string }>('aitre.imagineFromSelection', { prompt });
    await until(() => api.store.get(task.id)?.status === 'SUCCESS', 'the task done');
    const text = hoverText(await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, new vscode.Position(0, 3)));
    assert.match(text, /imagined once · latest: done/);
    const image = /!\[Last result of this prompt\]\(([^|)]+)\|width=180\)/.exec(text);
    assert.ok(image, text);
    const local = vscode.Uri.parse(image[1]!);
    assert.strictEqual(local.scheme, 'file');
    assert.ok(fs.statSync(local.fsPath).size > 0, 'the cached thumbnail exists');
    assert.match(text, /command:aitre\.openPromptResults\?/);
  });

  test('reference URLs of finished results are offered after --sref', async () => {
    const uri = file('sref.mjprompt', 'a fox --sref \n');
    await open(uri);
    const task = await vscode.commands.executeCommand<{ id: string }>('aitre.imagineFromSelection', { prompt: `a reference image ${Date.now()}` });
    await until(() => api.store.get(task.id)?.status === 'SUCCESS', 'a finished image');
    const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', uri, new vscode.Position(0, 13));
    const urls = list.items.map(labelOf).filter((l) => l.startsWith('http'));
    assert.ok(urls.length > 0, JSON.stringify(list.items.map(labelOf)));
    // Other suites' results are in the store too: this one is the newest.
    assert.strictEqual(urls[0], `${sim.url}/mj/image/${task.id}`, JSON.stringify(urls));
    assert.strictEqual(new Set(urls).size, urls.length);
  });
});
