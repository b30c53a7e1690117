import { suggestName } from '../../shared/did-you-mean.ts';
import {
  currentStep,
  nextStep,
  pathAnswers,
  questionsOf,
  resolveText,
  scoreLead,
  setAnswer,
  startFlow,
  type AnswerIssue,
  type AnswerIssueCode,
  type Step,
  type Answers,
  type AnswerValue,
  type Flow,
  type HiddenFields,
  type ScoreResult,
  type TraceEntry,
} from '../../engine/index.ts';
import { parseJson } from '../../engine/load/parse-json.ts';
import { parseArgs, positiveInteger } from '../args.ts';
import { explorePaths, type Exploration } from '../explore.ts';
import { Failure, formatProblem, loadFlowFile, problemOf, readTextFile, UsageError, type Io } from '../io.ts';
import { flowForVariant } from '../variant-file.ts';
import { conditionInputs, flowConditions } from '../../engine/flow-conditions.ts';

export const simulateHelp = `Usage: leadflow simulate <file> <answers.json> [--hidden name=value …] [--variant <id>] [--json]
       leadflow simulate <file> --all-paths [--limit N] [--hidden name=value …] [--variant <id>] [--json]

With answers (a JSON object of answers by question id, e.g. { "role": "decide",
"team_size": 40, "pain": ["reporting"], "email": "anna@acme.example", "privacy": true }),
walks the flow like a visitor and prints the path, the ending reached, the score (total, fit,
intent, negative, tier, signals, route, qualified, knock-outs) and its trace.

With --all-paths, tries representative answers at every step (each option; single options
and all of them for a multiple choice; the numbers at the edges of every band and comparison;
a business and a personal e-mail address; "Student" and "Head of Sales" as job title) and
prints every path through the flow once, with the totals, tiers and routes reachable on it.

Options:
  --hidden name=value   a hidden field the page would pass (repeatable)
  --variant <id>        the flow as that A/B variant shows it (its overrides, or its flow file)
  --json                print scoreLead's result (with --all-paths: the paths) as JSON
  --all-paths           enumerate the paths instead of following one set of answers
  --limit N             with --all-paths: list at most N paths (default 1000)
  --max-states N        with --all-paths: answer at most N steps in all (default 20000)`;

const DEFAULT_LIMIT = 1000;
const DEFAULT_STATES = 20_000;

/** `--hidden utm_source=linkedin`: only fields the flow declares, as the widget passes only those. */
function hiddenFields(flow: Flow, pairs: readonly string[]): HiddenFields {
  const declared = flow.hidden ?? [];
  const hidden: Record<string, string> = {};
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    if (eq < 1) throw new UsageError(`--hidden needs name=value, not "${pair}"`);
    const name = pair.slice(0, eq);
    if (!declared.includes(name))
      throw new UsageError(`hidden field "${name}" is not declared in the flow's "hidden" (${declared.length ? suggestName(name, declared) : 'it declares none'})`);
    hidden[name] = pair.slice(eq + 1);
  }
  return hidden;
}

const isAnswerValue = (value: unknown): value is AnswerValue =>
  typeof value === 'string' ||
  typeof value === 'boolean' ||
  (typeof value === 'number' && Number.isFinite(value)) ||
  (Array.isArray(value) && value.every((item) => typeof item === 'string'));

/** The answers file: an object of answers by question id, each a question the flow asks. */
function readAnswers(flow: Flow, file: string): Answers {
  const read = readTextFile(file, 'answers file');
  if (!read.ok) throw new Failure([`${file}: ${read.message}`]);
  const parsed = parseJson(read.text, 'the answers file');
  if (!parsed.ok) throw new Failure([formatProblem({ ...problemOf(file, parsed.issues[0]!), path: null })]);
  const data = parsed.value;
  if (typeof data !== 'object' || data === null || Array.isArray(data))
    throw new Failure([`${file}: expected an object of answers by question id, like { "role": "decide", "team_size": 40 }`]);
  const questions = flow.steps.flatMap((step) => questionsOf(step));
  const problems: string[] = [];
  for (const [question, value] of Object.entries(data)) {
    if (!questions.includes(question)) problems.push(`${file}: the flow asks no question "${question}" — ${suggestName(question, questions)}`);
    else if (!isAnswerValue(value))
      problems.push(`${file}: the answer to "${question}" must be text, a number, true/false or a list of option ids, not ${JSON.stringify(value)}`);
  }
  if (problems.length) throw new Failure(problems);
  return data as Answers;
}

interface Refusal {
  question: string;
  /** The answer as JSON, and as given. */
  value: string;
  answer: unknown;
  params: Readonly<Record<string, number>>;
  step: Step;
}

/** A date bound as the issue carries it (a UTC timestamp), as the flow writes it: 2026-11-27. */
const day = (timestamp: number | undefined) => (Number.isFinite(timestamp) ? new Date(timestamp!).toISOString().slice(0, 10) : 'the bound');

/** Why `nextStep` refused an answer, in words, per issue code: a code added to the engine must be added here. */
const refusals: Record<AnswerIssueCode, (r: Refusal) => string> = {
  required: ({ question }) => `no answer to ${question}, which is required`,
  consent_required: ({ question }) => `${question} must be true (consent is required)`,
  // The ids that are no option, or (all are) the ones named twice: the engine refuses both so.
  unknown_option: ({ question, answer, step }) => {
    const options = 'options' in step ? step.options.map((o) => o.id) : [];
    const ids = (Array.isArray(answer) ? answer : [answer]).map(String);
    const unknown = ids.filter((id) => !options.includes(id));
    const quoted = (list: string[]) => [...new Set(list)].map((id) => JSON.stringify(id)).join(', ');
    return unknown.length
      ? `${question} has no option ${quoted(unknown)} (options: ${options.join(', ') || 'none'})`
      : `${question} names ${quoted(ids.filter((id, i) => ids.indexOf(id) !== i))} twice`;
  },
  invalid_email: ({ question, value }) => `${question} is not a valid e-mail address: ${value}`,
  personal_email: ({ question, value }) => `${question} is at a personal e-mail provider, and the question takes business addresses only: ${value}`,
  invalid_phone: ({ question, value }) => `${question} is not a valid phone number: ${value}`,
  invalid_website: ({ question, value }) =>
    `${question} is no web address a company's site can have (http or https, a domain name like acme.com; no IP address, localhost or user name): ${value}`,
  // A rating takes whole numbers only, under the same code.
  not_a_number: ({ question, value, step }) => `${question} must be a ${step.type === 'rating' ? 'whole ' : ''}number, not ${value}`,
  too_small: ({ question, value, params }) => `${question} must be at least ${params['min']}, not ${value}`,
  too_big: ({ question, value, params }) => `${question} must be at most ${params['max']}, not ${value}`,
  too_long: ({ question, params }) => `${question} is longer than ${params['max']} characters`,
  too_few_selected: ({ question, params }) => `${question} needs at least ${params['min']} options selected`,
  too_many_selected: ({ question, params }) => `${question} allows at most ${params['max']} options selected`,
  invalid_date: ({ question, value }) => `${question} must be a date like 2026-11-27, not ${value}`,
  date_too_early: ({ question, value, params }) => `${question} must be on or after ${day(params['min'])}, not ${value}`,
  date_too_late: ({ question, value, params }) => `${question} must be on or before ${day(params['max'])}, not ${value}`,
  not_in_steps: ({ question, value, params }) => `${question} must be in steps of ${params['step']} (from min, or 0), e.g. ${params['near']}, not ${value}`,
};

/** Why `nextStep` refused an answer, in words: `no answer to "pain", which is required`. */
function describeIssue(issue: AnswerIssue, flow: Flow, stepId: string, given: Answers): string {
  return refusals[issue.code]({
    question: `"${issue.question}"`,
    value: JSON.stringify(given[issue.question]),
    answer: given[issue.question],
    params: issue.params ?? {},
    step: flow.steps.find((s) => s.id === stepId)!,
  });
}

interface Walk {
  history: string[];
  answers: Answers;
  score: ScoreResult;
  unused: string[];
}

/** Follows the flow with the given answers, as a visitor pressing Next at every step would. */
function walkFlow(flow: Flow, given: Answers, hidden: HiddenFields, file: string): Walk {
  let state = startFlow(flow, hidden);
  const seen = new Set<string>();
  for (;;) {
    const step = currentStep(flow, state);
    if (step.type === 'end') break;
    // Answers never change on the way: a step reached again with the same steps answered decides as before.
    const key = `${step.id}\n${[...new Set(state.history)].sort().join('\n')}`;
    if (seen.has(key)) throw new Failure([`${file}: with these answers the flow loops forever: ${[...state.history].join(' → ')}`]);
    seen.add(key);
    for (const question of questionsOf(step)) if (Object.hasOwn(given, question)) state = setAnswer(state, question, given[question]);
    const moved = nextStep(flow, state);
    if (!moved.ok) throw new Failure(moved.issues.map((issue) => `${file}: step "${step.id}": ${describeIssue(issue, flow, step.id, given)}`));
    state = moved.value;
  }
  const answers = pathAnswers(flow, state);
  const asked = new Set(state.history.flatMap((id) => questionsOf(flow.steps.find((s) => s.id === id)!)));
  return {
    history: [...state.history],
    answers,
    score: scoreLead(flow, answers, { hidden: state.hidden }),
    unused: Object.keys(given).filter((question) => !asked.has(question)),
  };
}

/** Columns padded to their widest cell; `right` columns are aligned right. */
function table(rows: string[][], right: ReadonlySet<number> = new Set()): string[] {
  const widths = rows[0]!.map((_, col) => Math.max(...rows.map((row) => row[col]!.length)));
  return rows.map((row) => row.map((cell, col) => (right.has(col) ? cell.padStart(widths[col]!) : cell.padEnd(widths[col]!))).join('  ').trimEnd());
}

const signed = (points: number) => (points > 0 ? `+${points}` : String(points));

const showValue = (value: TraceEntry['value']) => (value === undefined ? '' : value === null ? '—' : JSON.stringify(value));

export function scoreReport(flow: Flow, walk: Walk, locale: string): string[] {
  const { score } = walk;
  const ending = flow.steps.find((step) => step.id === walk.history.at(-1))!;
  const dimensions = Object.entries(score.dimensions).map(([id, d]) => `${id} ${d.points}${d.cap === undefined ? '' : `/${d.cap}`}`);
  const summary: Array<[string, string]> = [
    ['ending', `${ending.id} (${resolveText(ending.title, locale, flow.locales ?? [])})`],
    ['path', walk.history.join(' → ')],
    ['total', String(score.total)],
    ['fit', String(score.fit)],
    ['intent', String(score.intent)],
    ['negative', String(score.negative)],
    ['tier', score.tier],
    ['signals', `${score.signals}${score.signalsFound.length ? ` (${score.signalsFound.join(', ')})` : ''}`],
    ['route', score.route],
    ['qualified', score.qualified ? 'yes' : 'no'],
    ['knockouts', score.knockouts.join(', ') || 'none'],
    ...(dimensions.length ? [['dimensions', dimensions.join(', ')] as [string, string]] : []),
    ['config', score.configVersion],
  ];
  // Points are what a rule gave or took; the tier's entry holds the total, the decisions none.
  const points = (entry: TraceEntry) =>
    entry.kind === 'tier' ? String(entry.points) : ['signal', 'route', 'knockout'].includes(entry.kind) ? '' : signed(entry.points);
  const rows = score.trace.map((entry) => [entry.rule, entry.kind, entry.input ?? '', showValue(entry.value), points(entry), entry.detail ?? '']);
  return [
    ...table(summary.map(([key, value]) => [`${key}:`, value])),
    '',
    'trace:',
    ...table([['rule', 'kind', 'input', 'value', 'points', 'detail'], ...rows], new Set([4])).map((line) => `  ${line}`),
  ];
}

const TIER_ORDER = ['cold', 'warm', 'hot'];

export function pathsReport(flow: Flow, file: string, result: Exploration, hidden: HiddenFields, limit: number, maxStates: number): string[] {
  const lines: string[] = [];
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  const given = Object.entries(hidden).map(([k, v]) => `${k}=${v}`);
  lines.push(`${file}: ${plural(result.paths.length, 'path')} through ${plural(result.combinations, 'answer combination')}${given.length ? ` (hidden: ${given.join(', ')})` : ''}`);
  result.paths.forEach((path, i) => {
    lines.push('', `${i + 1}. ${path.steps.join(' → ')}${path.ending ? '' : ' (back to an earlier step: not followed further)'}`);
    const facts = [plural(path.combinations, 'combination')];
    if (path.total) {
      const { min, max } = path.total;
      facts.push(`total ${min === max ? min : min < 0 ? `${min} to ${max}` : `${min}–${max}`}`);
      const tiers = [...path.tiers].sort((a, b) => TIER_ORDER.indexOf(a) - TIER_ORDER.indexOf(b));
      facts.push(`${tiers.length === 1 ? 'tier' : 'tiers'} ${tiers.join(', ')}`);
      facts.push(`${path.routes.length === 1 ? 'route' : 'routes'} ${path.routes.join(', ')}`);
      if (path.knockouts.length) facts.push(`knock-outs ${path.knockouts.join(', ')}`);
    }
    lines.push(`   ${facts.join(' · ')}`);
  });
  lines.push('');
  if (result.cutShort === 'paths')
    lines.push(`INCOMPLETE: stopped at the limit of ${limit} paths, so more paths, totals, tiers and routes may exist; raise --limit to see them.`);
  else if (result.cutShort === 'states')
    lines.push(`INCOMPLETE: stopped after answering ${maxStates} steps, so more paths, totals, tiers and routes may exist; raise --max-states to see them.`);
  if (result.crowdedSteps.length)
    lines.push(
      `INCOMPLETE: not every kind of answer was tried on ${result.crowdedSteps.map((id) => `"${id}"`).join(', ')} (too many combinations, or no sample answer passes its checks or a pattern a rule wants).`,
    );
  const complete = !result.cutShort && !result.crowdedSteps.length;
  // Hidden fields are not tried like answers: those the flow's branching reads (itself, or
  // through the score when a branch reads it) and --hidden did not give may lead where no path
  // went (an ending for visitors from an ad). A webhook's condition leads nowhere.
  const placed = flowConditions(flow);
  const inputs = ({ condition }: (typeof placed)[number]) => conditionInputs(condition);
  const branching = placed.filter(({ path }) => path[0] === 'steps');
  const scoreBranches = branching.some((c) => inputs(c).some((p) => 'score' in p));
  const read = [...branching, ...(scoreBranches ? placed.filter(({ path }) => path[0] === 'scoring') : [])].flatMap((c) =>
    inputs(c).flatMap((p) => ('hidden' in p && !Object.hasOwn(hidden, p.hidden) ? [p.hidden] : [])),
  );
  const missing = [...new Set(read)].join(', ');
  if (result.endingsNotReached.length)
    lines.push(
      `${!complete ? 'not reached in the combinations tried' : missing ? `not reached without hidden fields ${missing} (give them with --hidden)` : 'never reached'}: ${result.endingsNotReached.join(', ')}`,
    );
  const endings = new Set(result.paths.flatMap((path) => (path.ending ? [path.ending] : [])));
  const back = result.paths.filter((path) => !path.ending).length;
  lines.push(
    `summary: ${plural(result.paths.length, 'path')}, ${plural(endings.size, 'ending')} reached of ${flow.steps.filter((s) => s.type === 'end').length}, ` +
      `${plural(result.combinations, 'answer combination')}, ${plural(result.states, 'step')} answered` +
      `${back ? `, ${plural(back, 'path')} going back` : ''}; ${!complete ? 'incomplete' : missing ? `every combination of representative answers tried, without hidden fields ${missing}` : 'every combination of representative answers covered'}`,
  );
  return lines;
}

export function simulate(args: readonly string[], io: Io): number {
  const { positionals, flags, values } = parseArgs(args, {
    command: 'simulate',
    flags: ['--json', '--all-paths'],
    values: ['--limit', '--max-states', '--variant'],
    pairs: ['--hidden'],
  });
  const allPaths = flags.has('--all-paths');
  const [file, answersFile, ...extra] = positionals;
  if (!file) throw new UsageError('simulate needs a flow file: leadflow simulate <file> <answers.json> (or --all-paths)');
  if (extra.length || (allPaths && answersFile)) throw new UsageError(`simulate: unexpected argument "${extra[0] ?? answersFile}"`);
  if (!allPaths && !answersFile) throw new UsageError('simulate needs an answers file, or --all-paths: leadflow simulate <file> <answers.json>');
  if (!allPaths && (values.has('--limit') || values.has('--max-states'))) throw new UsageError('--limit and --max-states go with --all-paths');
  const limit = positiveInteger(values.get('--limit')?.at(-1) ?? String(DEFAULT_LIMIT), '--limit');
  const maxStates = positiveInteger(values.get('--max-states')?.at(-1) ?? String(DEFAULT_STATES), '--max-states');

  const base = loadFlowFile(file);
  const variant = values.get('--variant')?.at(-1);
  const flow = variant === undefined ? base : flowForVariant(file, base, variant);
  const hidden = hiddenFields(flow, values.get('--hidden') ?? []);
  const locale = flow.locales?.[0] ?? 'en';

  if (allPaths) {
    const result = explorePaths(flow, { hidden, maxPaths: limit, maxStates });
    const complete = !result.cutShort && !result.crowdedSteps.length;
    if (flags.has('--json')) io.out(JSON.stringify({ complete, ...result, cutShort: result.cutShort ?? null }, null, 2));
    else for (const line of pathsReport(flow, file, result, hidden, limit, maxStates)) io.out(line);
    return 0;
  }

  const walk = walkFlow(flow, readAnswers(flow, answersFile!), hidden, answersFile!);
  if (walk.unused.length) io.err(`note: ${answersFile}: not asked on this path: ${walk.unused.join(', ')}`);
  if (flags.has('--json')) io.out(JSON.stringify(walk.score, null, 2));
  else for (const line of scoreReport(flow, walk, locale)) io.out(line);
  return 0;
}
