// Prompt text: the scenario flags hidden in prompts, and the made-up DESCRIBE / SHORTEN results.
import { createHash } from 'node:crypto';
import { KEYCAPS } from './buttons';

export const BANNED_WORDS = ['bloodbath'] as const;

/** What a prompt asks the simulator to do (see the trigger list at the top of server.ts). */
export interface Scenario {
  bannedWord: string | null;
  fail: boolean;
  stall: boolean;
  queue: boolean;
  queueFull: boolean;
  rateLimit: boolean;
  /** --sim-code=N */
  code: number | null;
}

export function readScenario(prompt: string): Scenario {
  const flags = new Set(prompt.match(/--sim-[a-z-]+/g) ?? []);
  const code = /--sim-code=(\d+)/.exec(prompt);
  const lower = prompt.toLowerCase();
  return {
    bannedWord: BANNED_WORDS.find((word) => lower.includes(word)) ?? null,
    fail: flags.has('--sim-fail'),
    stall: flags.has('--sim-stall'),
    queue: flags.has('--sim-queue'),
    queueFull: flags.has('--sim-queue-full'),
    rateLimit: flags.has('--sim-ratelimit'),
    code: code?.[1] ? Number(code[1]) : null,
  };
}

/** The prompt without the simulator's own flags: what "Midjourney" ran. */
export function stripSimFlags(prompt: string): string {
  return prompt.replace(/--sim-[a-z-]+(=\S*)?/g, ' ').replace(/\s+/g, ' ').trim();
}

const SUBJECTS = ['a lighthouse on a cliff', 'a red fox in snow', 'a paper boat on a river', 'an old tram in the rain', 'a glass greenhouse at dusk', 'a cat asleep on books', 'a mountain village', 'a koi pond in autumn'];
const STYLES = ['watercolor illustration', 'cinematic photography', 'isometric 3d render', 'ukiyo-e woodblock print', 'soft pastel painting', 'film noir still'];
const DETAILS = ['golden hour light', 'muted earthy palette', 'high contrast shadows', 'misty atmosphere', 'intricate details', 'minimalist composition'];

function pick<T>(list: readonly T[], digest: Buffer, at: number): T {
  return list[(digest[at] ?? 0) % list.length] as T;
}

/** Four keycap-numbered prompts, derived from the image bytes so each picture gets its own text. */
export function describeText(imageKey: string, aspect: string): string {
  const digest = createHash('sha256').update(imageKey).digest();
  return [0, 1, 2, 3]
    .map((n) => `${KEYCAPS[n]} ${pick(SUBJECTS, digest, n * 3)}, ${pick(STYLES, digest, n * 3 + 1)}, ${pick(DETAILS, digest, n * 3 + 2)} --ar ${aspect}`)
    .join('\n\n');
}

const STOP_WORDS = new Set(['a', 'an', 'the', 'of', 'on', 'in', 'at', 'and', 'with', 'to', 'for', 'by', 'is', 'very']);

interface Token {
  word: string;
  weight: number;
}

/** Content words of a prompt, weighted by position (earlier words matter more, as MJ's analyzer suggests). */
function tokens(prompt: string): { tokens: Token[]; flags: string } {
  const flags = (prompt.match(/--\S+(\s+[^-\s]\S*)?/g) ?? []).join(' ');
  const words = prompt.replace(/--\S+(\s+[^-\s]\S*)?/g, ' ').split(/[\s,;.]+/).filter((w) => w && !STOP_WORDS.has(w.toLowerCase()));
  const unique = [...new Set(words)];
  return { tokens: unique.map((word, i) => ({ word, weight: Math.max(0.05, 1 - i / Math.max(unique.length, 1)) })), flags };
}

/** The SHORTEN analysis: important tokens with weights, then five progressively shorter prompts. */
export function shortenText(prompt: string, details = false): string {
  const { tokens: list, flags } = tokens(prompt);
  const top = [...list].sort((a, b) => b.weight - a.weight);
  const important = top.map((t) => `${t.word} (${t.weight.toFixed(2)})`).join(', ');
  const suffix = flags ? ` ${flags}` : '';
  const shortened = [5, 4, 3, 2, 1].map((keep, n) => {
    const words = top.slice(0, Math.max(1, Math.min(keep, top.length))).map((t) => t.word);
    return `${KEYCAPS[n]} ${words.join(' ')}${suffix}`;
  });
  const sections = [`## Important tokens\n${important}`, `## Shortened prompts\n${shortened.join('\n\n')}`];
  if (details) {
    const bars = top.map((t) => `${t.word.padEnd(14)} ${'▇'.repeat(Math.max(1, Math.round(t.weight * 10)))} ${t.weight.toFixed(2)}`);
    sections.push(`## Details\n${bars.join('\n')}`);
  }
  return sections.join('\n\n');
}

/** Prompt number `n` (1-based) from keycap-numbered text (describe / shorten results); null when absent. */
export function numberedPrompt(text: string, n: number): string | null {
  const keycap = KEYCAPS[n - 1];
  if (!keycap) return null;
  const start = text.indexOf(keycap);
  if (start < 0) return null;
  const line = text.slice(start + keycap.length).split('\n')[0] ?? '';
  return line.trim() || null;
}

/** "W:H" reduced, for describe's --ar. */
export function aspectRatio(width: number, height: number): string {
  const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));
  const d = gcd(width, height) || 1;
  return `${width / d}:${height / d}`;
}
