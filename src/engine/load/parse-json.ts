import type { Issue } from '../../shared/issue.ts';
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
    const reason = error instanceof Error ? error.message : String(error);
    const position = /position (\d+)/.exec(reason);
    const where = position && __LEADFLOW_EXPLAIN__ ? ` at ${lineAndColumn(text, Number(position[1]))}` : '';
    return fail([loadIssue('invalid_json', [], { where, reason: reason.replace(/ in JSON at position.*$/s, '') })]);
  }
}
