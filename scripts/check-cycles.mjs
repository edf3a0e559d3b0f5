// Fails when modules of src/ or webview/ import each other in a cycle — type-only imports included,
// because a type cycle is still two modules that cannot be understood one without the other.
//   node scripts/check-cycles.mjs          exit 0: no cycle; exit 1: each cycle printed as a → b → a
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const roots = process.argv.slice(2).length ? process.argv.slice(2) : ['src', 'webview'];

function sources(dir) {
  const full = path.resolve(repo, dir);
  if (!fs.existsSync(full)) return [];
  return fs.readdirSync(full, { recursive: true }).map(String)
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'))
    .map((f) => path.join(full, f));
}

/** Relative import specifiers of a file: import/export … from, side-effect imports, import(), require(). */
export function importsOf(text) {
  const found = [];
  const patterns = [
    /(?:^|[\s;])(?:import|export)\s[^'"`;]*?from\s*['"]([^'"]+)['"]/g,
    /(?:^|[\s;])import\s*['"]([^'"]+)['"]/g,
    /import\(\s*['"]([^'"]+)['"]\s*\)/g,
    /require\(\s*['"]([^'"]+)['"]\s*\)/g,
  ];
  for (const re of patterns) for (const m of text.matchAll(re)) found.push(m[1]);
  return found.filter((s) => s.startsWith('.'));
}

function resolve(from, spec) {
  const base = path.resolve(path.dirname(from), spec);
  for (const candidate of [base, `${base}.ts`, path.join(base, 'index.ts'), base.replace(/\.js$/, '.ts')]) {
    if (fs.existsSync(candidate) && fs.statSync(candidate).isFile()) return candidate;
  }
  return undefined;
}

const files = roots.flatMap(sources);
const graph = new Map(files.map((f) => [f, importsOf(fs.readFileSync(f, 'utf8')).map((s) => resolve(f, s)).filter(Boolean)]));

// Tarjan's strongly connected components: every component with more than one module (or a
// module importing itself) is a cycle.
let index = 0;
const stack = [];
const onStack = new Set();
const indices = new Map();
const lows = new Map();
const cycles = [];
function visit(v) {
  indices.set(v, index);
  lows.set(v, index);
  index++;
  stack.push(v);
  onStack.add(v);
  for (const w of graph.get(v) ?? []) {
    if (!graph.has(w)) continue;
    if (!indices.has(w)) {
      visit(w);
      lows.set(v, Math.min(lows.get(v), lows.get(w)));
    } else if (onStack.has(w)) {
      lows.set(v, Math.min(lows.get(v), indices.get(w)));
    }
  }
  if (lows.get(v) === indices.get(v)) {
    const component = [];
    let w;
    do {
      w = stack.pop();
      onStack.delete(w);
      component.push(w);
    } while (w !== v);
    if (component.length > 1 || (graph.get(v) ?? []).includes(v)) cycles.push(component);
  }
}
for (const v of graph.keys()) if (!indices.has(v)) visit(v);

const rel = (f) => path.relative(repo, f);
if (cycles.length === 0) {
  console.log(`import cycles: none in ${files.length} modules (${roots.join(', ')})`);
  process.exit(0);
}
for (const component of cycles) {
  // Show one concrete loop through the component.
  const members = new Set(component);
  const start = component.sort()[0];
  const pathTaken = [start];
  let current = start;
  for (let guard = 0; guard < component.length; guard++) {
    const next = (graph.get(current) ?? []).find((w) => members.has(w) && (w === start || !pathTaken.includes(w)));
    if (!next) break;
    pathTaken.push(next);
    if (next === start) break;
    current = next;
  }
  console.error(`import cycle: ${pathTaken.map(rel).join(' → ')}`);
}
console.error(`${cycles.length} import cycle(s); break them (move the shared type to the module both depend on).`);
process.exit(1);
