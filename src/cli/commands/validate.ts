import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { formatPath, type Flow } from '../../engine/index.ts';
import { inspectFlow } from '../../engine/lint/lint-flow.ts';
import { isRemote, variantFile } from '../variant-file.ts';
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

/**
 * The variants' flow files: each must exist and be a valid flow without an experiment of its
 * own (it would be ignored); their problems are named at `variants[i].flow`. URLs with a
 * scheme are not fetched.
 */
function variantProblems(file: string, flow: Flow): Problem[] {
  return (flow.variants ?? []).flatMap((variant, i) => {
    if (variant.flow === undefined || isRemote(variant.flow)) return [];
    const at = ['variants', i, 'flow'];
    const found = variantFile(file, variant.flow);
    // A relative path that leads out of the working folder may well exist: it is not read, and
    // the message says so rather than that it is missing.
    if (!found && !variant.flow.startsWith('/') && existsSync(resolve(dirname(file), variant.flow.split(/[?#]/)[0]!)))
      return [problemOf(file, { code: 'variant_flow_outside', path: at, message: `variant "${variant.id}" points to "${variant.flow}", which is outside the working folder, so it is not read`, hint: 'run leadflow from a folder that holds both files (the flow file\'s own folder, say)' })];
    if (!found || !existsSync(found))
      return [problemOf(file, { code: 'variant_flow_missing', path: at, message: `variant "${variant.id}" points to "${variant.flow}", which does not exist`, hint: 'fix the path (relative to this flow file; nothing outside the working folder is read) or add the file' })];
    const read = readTextFile(found);
    if (!read.ok) return [problemOf(file, { code: read.code, path: at, message: `${variant.flow}: ${read.message}` })];
    const { flow: shown, issues } = inspectFlow(read.text);
    if (shown?.variants)
      issues.push({ code: 'nested_variants', path: ['variants'], message: 'this flow has variants of its own, which are ignored when it is shown as a variant', hint: 'remove them', severity: 'warning' });
    return issues.map((issue) => problemOf(file, { ...issue, path: at, message: `${variant.flow} ${formatPath(issue.path)}: ${issue.message}` }));
  });
}

/** The problems of one file: reading it, loading it, the linter's findings, then its variants' files. */
function problemsOf(file: string): Problem[] {
  const read = readTextFile(file);
  if (!read.ok) return [{ file, path: null, code: read.code, severity: 'error', message: read.message, hint: null }];
  const { flow, issues } = inspectFlow(read.text);
  return [...issues.map((issue) => problemOf(file, issue)), ...(flow ? variantProblems(file, flow) : [])];
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
