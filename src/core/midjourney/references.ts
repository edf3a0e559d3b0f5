// Where "Use as Omni / Style / Character Reference" puts `--oref URL` (or --sref / --cref) in a prompt line: after
// the prompt text and before its other parameters when the cursor is among them, else at the cursor; next to the
// same flag when the line already has it (MidJourney takes several URLs after one --sref); never twice the same URL.
export type ReferenceFlag = '--oref' | '--sref' | '--cref';

export const REFERENCE_KINDS: Record<'omni' | 'style' | 'character', { flag: ReferenceFlag; name: string }> = {
  omni: { flag: '--oref', name: 'Omni Reference' },
  style: { flag: '--sref', name: 'Style Reference' },
  character: { flag: '--cref', name: 'Character Reference' },
};

/** What to insert where on the line (a column, 0-based), or `already` when the URL is there. */
export type ReferenceEdit = { at: number; text: string } | { already: true };

export function referenceEdit(line: string, cursor: number, flag: ReferenceFlag, url: string): ReferenceEdit {
  if (line.includes(url)) return { already: true };
  // The same flag: add the URL after its last value.
  const same = new RegExp(`(^|\\s)${flag}((?:\\s+(?!--)\\S+)*)`).exec(line);
  if (same) return { at: same.index + same[0].length, text: ` ${url}` };
  const firstParam = /(^|\s)--[a-z]/i.exec(line);
  const paramAt = firstParam ? firstParam.index + firstParam[1]!.length : -1;
  // The cursor inside or after the parameters: put the reference first among them, after the prompt.
  const at = paramAt >= 0 && cursor >= paramAt ? paramAt : Math.min(Math.max(0, cursor), line.length);
  const before = line.slice(0, at);
  const after = line.slice(at);
  const lead = before === '' || /\s$/.test(before) ? '' : ' ';
  const trail = after === '' || /^\s/.test(after) ? '' : ' ';
  return { at, text: `${lead}${flag} ${url}${trail}` };
}
