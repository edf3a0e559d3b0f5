// Reads the translation keys out of the sources with the TypeScript compiler API (not a regexp: a
// regexp cannot tell `t('a', b)` from a `t(` inside a string or comment, nor follow concatenation).
// A key is the first argument of `t(...)` (src/core/base/l10n), `vscode.l10n.t(...)` or `l10n.t(...)`;
// it must be a literal, so the key the bundle needs is known without running the code.
import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

export interface KeyUse { key: string; file: string; line: number; topLevel: boolean }
export interface Problem { file: string; line: number; text: string }

export function listSources(dir: string): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...listSources(full));
    else if (/\.ts$/.test(entry.name) && !/\.d\.ts$/.test(entry.name)) out.push(full);
  }
  return out;
}

function isTranslateCall(node: ts.CallExpression): boolean {
  const callee = node.expression;
  if (ts.isIdentifier(callee)) return callee.text === 't';
  return ts.isPropertyAccessExpression(callee) && callee.name.text === 't'
    && ((ts.isIdentifier(callee.expression) && callee.expression.text === 'l10n')
      || (ts.isPropertyAccessExpression(callee.expression) && callee.expression.name.text === 'l10n'));
}

/** Inside a function (or method, accessor, arrow): run when called, not when the module loads. */
function insideFunction(node: ts.Node): boolean {
  for (let n = node.parent; n; n = n.parent) if (ts.isFunctionLike(n)) return true;
  return false;
}

/** A string literal, or literals joined with `+` (a long sentence over several lines); else undefined. */
function literalText(node: ts.Expression): string | undefined {
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return node.text;
  if (ts.isParenthesizedExpression(node)) return literalText(node.expression);
  if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.PlusToken) {
    const left = literalText(node.left);
    const right = literalText(node.right);
    return left !== undefined && right !== undefined ? left + right : undefined;
  }
  return undefined;
}

/** Every translation key used in `files`, and every call whose key is not a literal. */
export function translationKeys(root: string, files: readonly string[]): { uses: KeyUse[]; problems: Problem[] } {
  const uses: KeyUse[] = [];
  const problems: Problem[] = [];
  for (const file of files) {
    const text = fs.readFileSync(file, 'utf8');
    const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
    const rel = path.relative(root, file);
    const visit = (node: ts.Node): void => {
      if (ts.isCallExpression(node) && isTranslateCall(node) && !ts.isFunctionDeclaration(node.parent)) {
        const line = source.getLineAndCharacterOfPosition(node.getStart()).line + 1;
        const key = node.arguments[0] && literalText(node.arguments[0]);
        if (key !== undefined) uses.push({ key, file: rel, line, topLevel: !insideFunction(node) });
        else problems.push({ file: rel, line, text: node.getText().slice(0, 80) });
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  return { uses, problems };
}

/** The `{0}`, `{1}`… of a message, sorted, to compare a translation with its English key. */
export function placeholders(message: string): string[] {
  return [...new Set(message.match(/\{\d+\}/g) ?? [])].sort();
}

const repoRoot = path.resolve(__dirname, '..', '..', '..');

/** The manifest with its %key% placeholders replaced from package.nls[.lang].json, as VS Code does. */
export function localizedManifest(lang?: string): any { // eslint-disable-line @typescript-eslint/no-explicit-any -- the manifest's shape
  const nls: Record<string, string> = JSON.parse(fs.readFileSync(path.join(repoRoot, lang ? `package.nls.${lang}.json` : 'package.nls.json'), 'utf8'));
  const text = fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8');
  return JSON.parse(text, (_key, value) => (typeof value === 'string' && /^%[^%\s]+%$/.test(value) ? nls[value.slice(1, -1)] ?? value : value));
}

/** Calls whose string arguments a person reads (VS Code's message, pick and input APIs; the UI's refusals). */
const SHOWING_CALLS = new Set(['showInformationMessage', 'showWarningMessage', 'showErrorMessage', 'setStatusBarMessage',
  'showQuickPick', 'showInputBox', 'createWebviewPanel', 'refuse', 'withCancellableProgress', 'withProgressNotice']);
/** Properties a person reads: quick pick items and options, input boxes, progress, tree items, status bar items, errors. */
const SHOWING_PROPERTIES = new Set(['title', 'placeHolder', 'prompt', 'tooltip', 'label', 'description', 'detail', 'message',
  'validationMessage', 'openLabel', 'text', 'ariaLabel']);

/** Text with letters a person reads as English: a word of two letters or more once `$(icon)`, `${…}` and the name AITRE are taken out. */
export function readsAsEnglish(text: string): boolean {
  return /[A-Za-z]{2,}/.test(text.replace(/\$\([a-z0-9~-]+\)/g, '').replace(/\bAITRE\b/g, ''));
}

/** `{ title, command }`: a vscode.Command, whose title VS Code does not show for tree rows and status items. */
function isCommandObject(node: ts.Node): boolean {
  return ts.isObjectLiteralExpression(node) && node.properties.some((p) => p.name && ts.isIdentifier(p.name) && p.name.text === 'command');
}

function templateText(node: ts.TemplateExpression): string {
  return [node.head.text, ...node.templateSpans.map((s) => s.literal.text)].join(' ');
}

/** The name of the call `node` is an argument of, through conditionals, `??`/`||`, parentheses and templates. */
function showingContext(node: ts.Node): string | undefined {
  let n: ts.Node = node;
  for (;;) {
    const parent = n.parent;
    if (!parent) return undefined;
    if (ts.isConditionalExpression(parent) && parent.condition !== n) { n = parent; continue; }
    if (ts.isBinaryExpression(parent) && [ts.SyntaxKind.QuestionQuestionToken, ts.SyntaxKind.BarBarToken, ts.SyntaxKind.PlusToken].includes(parent.operatorToken.kind)) { n = parent; continue; }
    if (ts.isParenthesizedExpression(parent) || ts.isTemplateSpan(parent) || ts.isTemplateExpression(parent)) { n = parent; continue; }
    if (ts.isArrayLiteralExpression(parent)) { n = parent; continue; }
    // validateInput: (text) => (bad ? 'sentence' : undefined)
    if (ts.isArrowFunction(parent) && parent.body === n) {
      const holder = parent.parent;
      return holder && ts.isPropertyAssignment(holder) && ts.isIdentifier(holder.name) && holder.name.text === 'validateInput' ? 'validateInput' : undefined;
    }
    if (ts.isCallExpression(parent) && parent.arguments.includes(n as ts.Expression)) {
      if (isTranslateCall(parent)) return undefined;
      const callee = parent.expression;
      const name = ts.isIdentifier(callee) ? callee.text : ts.isPropertyAccessExpression(callee) ? callee.name.text : '';
      return SHOWING_CALLS.has(name) ? `${name}()` : undefined;
    }
    if (ts.isPropertyAssignment(parent) && parent.initializer === n) {
      const name = ts.isIdentifier(parent.name) || ts.isStringLiteral(parent.name) ? parent.name.text : '';
      if (name === 'title' && isCommandObject(parent.parent)) return undefined;
      return SHOWING_PROPERTIES.has(name) ? name : undefined;
    }
    if (ts.isBinaryExpression(parent) && parent.operatorToken.kind === ts.SyntaxKind.EqualsToken && parent.right === n && ts.isPropertyAccessExpression(parent.left)) {
      return SHOWING_PROPERTIES.has(parent.left.name.text) ? parent.left.name.text : undefined;
    }
    return undefined;
  }
}

/** String literals in a place a person reads them (see SHOWING_*) that do not go through a translation call. */
export function englishOnlyLiterals(root: string, files: readonly string[], only?: ReadonlySet<string>): Array<{ file: string; line: number; where: string; text: string }> {
  const found: Array<{ file: string; line: number; where: string; text: string }> = [];
  for (const file of files) {
    const source = ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
    const rel = path.relative(root, file);
    const visit = (node: ts.Node): void => {
      const text = ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node) ? node.text : ts.isTemplateExpression(node) ? templateText(node) : undefined;
      if (text !== undefined && readsAsEnglish(text)) {
        const where = showingContext(node);
        if (where && (!only || only.has(where))) found.push({ file: rel, line: source.getLineAndCharacterOfPosition(node.getStart()).line + 1, where, text });
      }
      if (!ts.isTemplateExpression(node)) ts.forEachChild(node, visit);
      else node.templateSpans.forEach((s) => ts.forEachChild(s.expression, visit));
    };
    visit(source);
  }
  return found;
}
