import { validateFlow } from '../../engine/index.ts';
import { parseArgs } from '../args.ts';
import { formatProblem, problemOf, readTextFile, UsageError, type Io, type Problem } from '../io.ts';

export const validateHelp = `Usage: leadflow validate <files…> [--json]

Checks flow files as a marketer should before publishing them: JSON, schema, references
(gotos, questions, options, hidden fields) and the linter's checks. One line per problem:

  file.json:steps[3].next[0].goto: error unknown step "pricng" — did you mean "pricing"?

Files larger than 5 MB, not UTF-8 or missing are refused. Clean files print "file.json: ok".

Options:
  --json   print a JSON array of { file, path, code, severity, message, hint } instead

Exit code: 1 if any file has an error, 0 when there are warnings only or none.`;

/** The problems of one file: reading it, then everything `validateFlow` reports. */
function problemsOf(file: string): Problem[] {
  const read = readTextFile(file);
  if (!read.ok) return [{ file, path: null, code: read.code, severity: 'error', message: read.message, hint: null }];
  const result = validateFlow(read.text);
  return result.ok ? [] : result.issues.map((issue) => problemOf(file, issue));
}

export function validate(args: readonly string[], io: Io): number {
  const { positionals: files, flags } = parseArgs(args, { command: 'validate', flags: ['--json'] });
  if (!files.length) throw new UsageError('validate needs at least one flow file: leadflow validate <files…>');
  const all: Problem[] = [];
  for (const file of files) {
    const problems = problemsOf(file);
    all.push(...problems);
    if (flags.has('--json')) continue;
    for (const problem of problems) io.out(formatProblem(problem));
    if (!problems.length) io.out(`${file}: ok`);
  }
  if (flags.has('--json')) io.out(JSON.stringify(all, null, 2));
  return all.some((problem) => problem.severity === 'error') ? 1 : 0;
}
