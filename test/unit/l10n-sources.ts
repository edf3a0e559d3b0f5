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
