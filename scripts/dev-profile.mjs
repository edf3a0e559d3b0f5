// F5's development host runs on its own profile (.vscode-test/dev-user-data), so debugging never
// touches your own VS Code settings, secrets or tasks. This seeds that profile once with the
// settings that point AITRE at the local simulator the "simulator" task starts on port 8787.
// The key goes in once, in the development host: AITRE: Set API Key, sk-aitre-sim-0000.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const userDir = path.join(repo, '.vscode-test', 'dev-user-data', 'User');
const settingsFile = path.join(userDir, 'settings.json');
const wanted = {
  'aitre.baseUrl': 'http://127.0.0.1:8787',
  'workbench.startupEditor': 'none',
  '[markdown]': { 'editor.wordWrap': 'off' },
};
fs.mkdirSync(userDir, { recursive: true });
let current = {};
try {
  current = JSON.parse(fs.readFileSync(settingsFile, 'utf8'));
} catch {
  // first run (or a file the developer broke): start from the seed
}
const merged = { ...wanted, ...current };
if (JSON.stringify(merged) !== JSON.stringify(current)) fs.writeFileSync(settingsFile, `${JSON.stringify(merged, null, 2)}\n`);
fs.mkdirSync(path.join(repo, '.vscode-test', 'dev-workspace'), { recursive: true });
const prompts = path.join(repo, '.vscode-test', 'dev-workspace', 'prompts.md');
if (!fs.existsSync(prompts)) {
  fs.writeFileSync(prompts, '# Prompts\n\na red fox in fresh snow, golden hour --ar 3:2\na lighthouse in a storm --ar 16:9\n');
}
console.log(`dev profile: ${path.relative(repo, settingsFile)} (aitre.baseUrl ${merged['aitre.baseUrl']})`);
