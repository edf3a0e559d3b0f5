// Where the prompts are in a document: every line of a `midjourney` file (and of the files the user
// lists in aitre.prompts.files), or only the lines of ```midjourney fenced blocks elsewhere. Headings,
// comments, front matter, other code blocks and image links are not prompts.

export interface PromptLine {
  /** 0-based line number. */
  line: number;
  /** Character range of the prompt on that line (list markers and outer spaces left out). */
  start: number;
  end: number;
  text: string;
}

export interface PromptScope {
  /** Every suitable line is a prompt (a .mjprompt file, or a file matched by aitre.prompts.files). */
  allLines: boolean;
  /** Markdown rules apply: setext headings (a line followed by === or ---), front matter. */
  markdown: boolean;
}

/** Info strings that mark a fenced block as MidJourney prompts. */
export const PROMPT_FENCE_LANGUAGES: readonly string[] = ['midjourney', 'mj'];

const FENCE = /^(\s{0,3})(`{3,}|~{3,})\s*([^`\s]*)/;
const HEADING = /^\s{0,3}#/; // Markdown headings, and `#` comments in .mjprompt files
const SETEXT_UNDERLINE = /^\s{0,3}(?:=+|-{2,})\s*$/;
const RULE = /^\s{0,3}(?:(?:\*\s*){3,}|(?:_\s*){3,}|(?:-\s*){3,})$/;
const MARKERS = /^(?:\s*(?:>\s?|(?:[-*+]|\d{1,9}[.)])\s+(?:\[[ xX]\]\s+)?))+/;
const ONLY_LINKS = /^(?:!?\[[^\]]*\]\([^)]*\)\s*)+$/;

export function findPrompts(text: string, scope: PromptScope): PromptLine[] {
  const lines = text.split(/\r?\n/);
  const prompts: PromptLine[] = [];
  let fence: { marker: string; prompts: boolean } | undefined;
  let inComment = false;
  let start = 0;
  if (scope.markdown && lines[0]?.trim() === '---') {
    // Front matter: skip to the closing line.
    const close = lines.findIndex((l, i) => i > 0 && /^(?:---|\.\.\.)\s*$/.test(l));
    if (close > 0) start = close + 1;
  }
  for (let i = start; i < lines.length; i++) {
    const line = lines[i]!;
    if (fence) {
      const closing = FENCE.exec(line);
      if (closing && closing[2]![0] === fence.marker[0] && closing[2]!.length >= fence.marker.length && !closing[3]) {
        fence = undefined;
      } else if (fence.prompts && !closing) {
        const found = promptOn(line, i, false);
        if (found) prompts.push(found);
      }
      continue;
    }
    const open = FENCE.exec(line);
    if (open) {
      fence = { marker: open[2]!, prompts: PROMPT_FENCE_LANGUAGES.includes(open[3]!.toLowerCase()) };
      continue;
    }
    if (!scope.allLines) continue;
    if (inComment) {
      if (line.includes('-->')) inComment = false;
      continue;
    }
    if (/^\s*<!--/.test(line)) {
      inComment = !line.includes('-->');
      continue;
    }
    if (scope.markdown && SETEXT_UNDERLINE.test(line)) continue;
    if (scope.markdown && lines[i + 1] !== undefined && SETEXT_UNDERLINE.test(lines[i + 1]!) && line.trim()) continue;
    const found = promptOn(line, i, scope.markdown);
    if (found) prompts.push(found);
  }
  return prompts;
}

/** The prompt on one line, if the line holds one (list markers and outer spaces left out). */
export function promptOn(line: string, index: number, markdown: boolean): PromptLine | undefined {
  if (!line.trim() || HEADING.test(line) || RULE.test(line)) return undefined;
  if (markdown && (/^\s*[|<]/.test(line))) return undefined; // tables and HTML
  const marker = MARKERS.exec(line)?.[0] ?? '';
  const rest = line.slice(marker.length);
  const lead = rest.length - rest.trimStart().length;
  const text = rest.trim();
  if (!text || ONLY_LINKS.test(text)) return undefined;
  const start = marker.length + lead;
  return { line: index, start, end: start + text.length, text };
}

/** The prompt on a given line, if any. */
export function promptOnLine(prompts: readonly PromptLine[], line: number): PromptLine | undefined {
  return prompts.find((p) => p.line === line);
}
