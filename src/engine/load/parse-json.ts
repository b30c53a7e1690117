import type { Issue } from '../../shared/issue.ts';
import { jsonErrorOffset } from './json-error-offset.ts';
import { loadIssue } from './load-issues.ts';
import { fail, ok, type Result } from '../../shared/result.ts';

/** Line and column (1-based) of a character offset, for "line 3, column 5" messages. */
export function lineAndColumn(text: string, offset: number): string {
  const before = text.slice(0, offset).split('\n');
  return `line ${before.length}, column ${before[before.length - 1]!.length + 1}`;
}

/** A byte order mark (Windows Notepad) is no JSON; a browser's fetch drops it, Node's readFile does not. */
export const withoutBom = (text: string): string => text.replace(/^\uFEFF/, '');

/** Deeper than any real flow (conditions inside conditions included); far below a stack overflow. */
export const MAX_DEPTH = 64;

/** Where the nesting first goes deeper than MAX_DEPTH, or -1. Strings are skipped, brackets in them are text. */
function tooDeepAt(text: string): number {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') {
      while (++i < text.length && text[i] !== '"') if (text[i] === '\\') i++;
    } else if (c === '{' || c === '[') {
      if (++depth > MAX_DEPTH) return i;
    } else if (c === '}' || c === ']') depth--;
  }
  return -1;
}

/** Whether a parsed value has objects or arrays more than `levels` deep; recursion stops at `levels`. */
function nestsDeeper(value: unknown, levels: number): boolean {
  if (typeof value !== 'object' || value === null) return false;
  return levels === 0 || (Array.isArray(value) ? value : Object.values(value)).some((item) => nestsDeeper(item, levels - 1));
}

const tooDeep = (text: string, subject?: string) =>
  fail([loadIssue('too_deep', [], { depth: MAX_DEPTH, where: ` at ${lineAndColumn(text, tooDeepAt(text))}`, ...(subject && { subject }) })]);

/**
 * JSON.parse as a Result: malformed JSON names where it broke instead of throwing, and a file
 * nested deeper than any flow is refused before anything recursive can overflow the stack.
 * JSON.parse itself is not recursive; the depth is checked on what it returns (a walk over the
 * objects, three times cheaper on a cold page than reading the text again character by
 * character), and the text is scanned only to say where it went too deep. `subject` names the
 * file in messages. @default "the flow file"
 */
export function parseJson(text: string, subject?: string): Result<unknown, Issue> {
  let value: unknown;
  text = withoutBom(text);
  try {
    value = JSON.parse(text);
  } catch (error) {
    if (tooDeepAt(text) >= 0) return tooDeep(text, subject);
    // V8 quotes a stretch of the file after the reason (`, ..."…"... is not valid JSON`), which
    // the line and column say better.
    const reason = String((error as Error).message).replace(/, (\.\.\.)?".*$| in JSON at position.*$/s, '');
    if (!__LEADFLOW_EXPLAIN__) return fail([loadIssue('invalid_json', [], { reason })]);
    if (!text.trim()) return fail([loadIssue('invalid_json', [], { subject, reason: 'the file is empty', hint: subject ? '' : EMPTY_HINT })]);
    const offset = jsonErrorOffset(text);
    return fail([loadIssue('invalid_json', [], { subject, reason, where: offset < 0 ? '' : ` at ${lineAndColumn(text, offset)}`, hint: likelyCause(text.slice(offset)) })]);
  }
  return nestsDeeper(value, MAX_DEPTH) ? tooDeep(text, subject) : ok(value);
}

const EMPTY_HINT = 'a flow file holds one JSON object: { "id": "…", "version": 1, "steps": [ … ] }';

/** What the marketers' usual mistakes look like where JSON.parse stopped, and their fix. */
const likelyCause = (rest: string): string | undefined =>
  /^[“”„‟″]/.test(rest)
    ? 'these are typographic quotes (“ ”), which a word processor or CMS put in: JSON needs straight double quotes (")'
    : /^['‘’]/.test(rest)
      ? 'JSON needs straight double quotes (") around names and texts, not single quotes'
      : /^\/[/*]/.test(rest)
        ? 'JSON has no comments: remove it (a step\'s "description" can hold a note)'
        : undefined;
