import type { Issue } from '../../shared/issue.ts';
import { jsonErrorOffset } from './json-error-offset.ts';
import { loadIssue } from './load-issues.ts';
import { fail, ok, type Result } from '../../shared/result.ts';

/** Line and column (1-based) of a character offset, for "line 3, column 5" messages. */
function lineAndColumn(text: string, offset: number): string {
  const before = text.slice(0, offset).split('\n');
  return `line ${before.length}, column ${before[before.length - 1]!.length + 1}`;
}

/** JSON.parse as a Result: malformed JSON names where it broke instead of throwing. */
export function parseJson(text: string): Result<unknown, Issue> {
  try {
    return ok(JSON.parse(text) as unknown);
  } catch (error) {
    // V8 quotes a stretch of the file in its message; only the first line of it helps.
    const reason = String((error as Error).message).replace(/ in JSON at position.*$|\n[^]*$/s, '');
    if (!__LEADFLOW_EXPLAIN__) return fail([loadIssue('invalid_json', [], { reason })]);
    const offset = jsonErrorOffset(text);
    return fail([loadIssue('invalid_json', [], { reason, where: offset < 0 ? '' : ` at ${lineAndColumn(text, offset)}` })]);
  }
}
