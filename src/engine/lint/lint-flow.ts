import { suggestName } from '../../shared/did-you-mean.ts';
import { formatPath, type Issue, type JsonPath } from '../../shared/issue.ts';
import { quote } from '../../shared/quote.ts';
import { variantIssues } from '../variants.ts';
import { fail, ok, type Result } from '../../shared/result.ts';
import { indexFlow, type FlowIndex } from '../load/check-integrity.ts';
import { loadFlow, loadVariant } from '../load/load-flow.ts';
import { flowConditions, predicatesOf } from '../flow-conditions.ts';
import { operatorNames, type Condition, type Predicate, type Scalar } from '../schema/condition.ts';
import { tierNames } from '../schema/scoring.ts';
import { resolveScoring } from '../scoring/resolve-scoring.ts';
import { checkMessageLanguages } from './lint-messages.ts';
import { checkGraph, checkPartialConsent, checkPiping, checkRouteEndings, checkTranslations, checkWebhooks } from './lint-graph.ts';
import { checkQuestions } from './lint-questions.ts';
import { checkText } from './lint-text.ts';
import { checkScoring } from './lint-scoring.ts';
import { checkVariantWeights } from './lint-variants.ts';
import type { Flow } from '../schema/flow.ts';

function unknownOption(index: FlowIndex, question: string, option: unknown, path: JsonPath): Issue | undefined {
  const step = index.questions.get(question)?.step;
  // Only the step's own answer is an option id; `<step>_other` is the text typed beside "other".
  if (!step || step.id !== question || !('options' in step) || typeof option !== 'string') return undefined;
  const ids = step.options.map((o) => o.id);
  if (ids.includes(option)) return undefined;
  return {
    code: 'unknown_option',
    path,
    message: `question "${question}" has no option ${quote(option)}, so this can never match`,
    hint: suggestName(option, ids),
  };
}

/** What a question's answer is, for the operators that only work on one kind of answer. */
function answerKind(index: FlowIndex, question: string): 'number' | 'choice' | 'email' | 'address' | 'other' {
  const step = index.questions.get(question)!.step;
  const type = step.type === 'contact' ? step.fields.find((field) => field.id === question)?.kind : step.type;
  if (type === 'number' || type === 'range' || type === 'rating') return 'number';
  if (type === 'single_choice' || type === 'multiple_choice' || type === 'dropdown' || type === 'consent') return 'choice';
  // A web address or a phone number holds no `@`: `domain` never finds one there. (A text might.)
  if (type === 'website' || type === 'phone') return 'address';
  return type === 'email' ? 'email' : 'other';
}

/** `domain` on what is no e-mail, or a number comparison on a choice: it never holds. */
function operatorMismatch(index: FlowIndex, predicate: Predicate & { answer: string }, at: JsonPath): Issue | undefined {
  const kind = answerKind(index, predicate.answer);
  if (predicate.domain !== undefined && kind !== 'email' && kind !== 'other')
    return { code: 'operator_mismatch', path: [...at, 'domain'], message: `question "${predicate.answer}" is no e-mail address, so "domain" never matches`, hint: 'compare its options with "is" or "in", or read the domain of an e-mail question' };
  const numeric = (['gt', 'gte', 'lt', 'lte'] as const).find((op) => predicate[op] !== undefined);
  if (numeric && kind === 'choice')
    return { code: 'operator_mismatch', path: [...at, numeric], message: `question "${predicate.answer}" is answered with options, not a number, so "${numeric}" never matches`, hint: 'name the options that count with "is" or "in"' };
  return undefined;
}

/** A reference to a question the flow does not ask, or undefined when it does. */
function unknownAnswer(index: FlowIndex, question: string, path: JsonPath): Issue | undefined {
  if (index.questions.has(question)) return undefined;
  return {
    code: 'unknown_answer',
    path,
    message: `unknown question ${quote(question)}`,
    hint: suggestName(question, [...index.questions.keys()]),
  };
}

function checkCondition(condition: Condition, path: JsonPath, seesScore: boolean, flow: Flow, index: FlowIndex, issues: Issue[]): void {
  for (const [predicate, at] of predicatesOf(condition, path)) {
    // Several operators must all hold (a range); none at all never holds, which is a mistake.
    if (!operatorNames.some((name) => predicate[name] !== undefined))
      issues.push({ code: 'operator_count', path: at, message: 'has no operator, so it never holds', hint: `add one of ${operatorNames.join(', ')}` });
    if ('answer' in predicate) {
      const unknown = unknownAnswer(index, predicate.answer, [...at, 'answer']);
      if (unknown) {
        issues.push(unknown);
        continue;
      }
      const mismatch = operatorMismatch(index, predicate, at);
      if (mismatch) issues.push(mismatch);
      for (const op of ['is', 'not'] as const) {
        const issue = unknownOption(index, predicate.answer, predicate[op], [...at, op]);
        if (issue) issues.push(issue);
      }
      predicate.in?.forEach((value, i) => {
        const issue = unknownOption(index, predicate.answer, value, [...at, 'in', i]);
        if (issue) issues.push(issue);
      });
    } else if ('hidden' in predicate) {
      const declared = flow.hidden ?? [];
      if (!declared.includes(predicate.hidden))
        issues.push({
          code: 'unknown_hidden',
          path: [...at, 'hidden'],
          message: `hidden field "${predicate.hidden}" is not declared`,
          hint: `add it to "hidden" at the top of the flow${declared.length ? ` (${suggestName(predicate.hidden, declared)})` : ''}`,
        });
    } else if (path[1] === 'routes' && (predicate.score === 'route' || predicate.score === 'qualified'))
      issues.push({
        code: 'route_in_routes',
        path: [...at, 'score'],
        message: `a routing row cannot read the ${predicate.score} it is deciding, so this never holds`,
        hint: 'read total, fit, intent, tier or signals here',
      });
    else if (!seesScore)
      issues.push({
        code: 'score_in_scoring',
        path: [...at, 'score'],
        message: 'a scoring rule cannot depend on the score it feeds, so this never holds',
        hint: 'use answers or hidden fields here; read the score in "next", "routes" or "webhooks"',
      });
    else checkScoreValues(predicate, at, scoreValuesOf(flow), issues);
  }
}

/** What each score fact can be: a typo (`"sales-now"`) would silently never match. */
function scoreValuesOf(flow: Flow): Partial<Record<string, readonly Scalar[]>> {
  const routes = resolveScoring(flow).routes.map((row) => row.route);
  return {
    tier: tierNames,
    signals: ['strong', 'weak'],
    qualified: [true, false],
    route: [...new Set([...routes, 'nurture', 'disqualified'])],
  };
}

function checkScoreValues(predicate: Predicate, at: JsonPath, values: Partial<Record<string, readonly Scalar[]>>, issues: Issue[]): void {
  if (!('score' in predicate)) return;
  const compared: Array<[Scalar, JsonPath]> = [];
  for (const op of ['is', 'not'] as const) if (predicate[op] !== undefined) compared.push([predicate[op]!, [...at, op]]);
  predicate.in?.forEach((value, i) => compared.push([value, [...at, 'in', i]]));
  // Points are numbers: `{ "score": "total", "is": "hot" }` mixes up total and tier.
  if (!(predicate.score in values))
    for (const [value, path] of compared)
      if (typeof value !== 'number')
        issues.push({ code: 'unknown_score_value', path, message: `the score's ${predicate.score} is a number, never ${JSON.stringify(value)}, so this never matches`, hint: predicate.score === 'total' ? 'for hot, warm or cold, read "tier"' : 'compare it with a number' });
  const allowed = values[predicate.score];
  if (!allowed) return;
  for (const [value, path] of compared)
    if (!allowed.includes(value))
      issues.push({
        code: 'unknown_score_value',
        path,
        message: `the score's ${predicate.score} is never ${JSON.stringify(value)}, so this never matches`,
        hint: typeof value === 'string' ? suggestName(value, allowed.map(String)) : `use one of ${allowed.map((v) => JSON.stringify(v)).join(', ')}`,
      });
}

/**
 * Checks a loaded flow's meaning beyond what the runtime needs: conditions and scoring that
 * name questions, options or hidden fields that do not exist (they would silently never
 * match), predicates without an operator, scoring rules that read the score, tiers with gaps
 * or overlaps, dimensions and preset rules that do not exist, routes never reached. Runs in the
 * CLI, the playground and tests — not in the script-tag bundle, which stays small.
 */
export function lintFlow(flow: Flow): Issue[] {
  const issues: Issue[] = [];
  const index = indexFlow(flow, []);
  checkGraph(flow, issues);
  checkTranslations(flow, issues);
  checkMessageLanguages(flow, issues);
  checkQuestions(flow, issues);
  checkWebhooks(flow, issues);
  checkPartialConsent(flow, issues);
  checkVariantWeights(flow, issues);
  checkRouteEndings(flow, issues);
  checkPiping(flow, new Set(index.questions.keys()), issues);
  for (const { condition, path, seesScore } of flowConditions(flow)) checkCondition(condition, path, seesScore, flow, index, issues);
  checkScoring(flow, issues, (question, path, options) => {
    const unknown = unknownAnswer(index, question, path);
    if (unknown) return void issues.push(unknown);
    options?.values.forEach((value, i) => {
      const issue = unknownOption(index, question, value, options.at[i]!);
      if (issue) issues.push(issue);
    });
    return index.questions.get(question)!.step.type;
  });
  return issues;
}

/**
 * The linter's findings on the flow as each overriding variant shows it, at the variant's
 * path; only those the flow itself does not have (a variant that drops an option some
 * condition names would otherwise pass).
 */
function lintVariants(flow: Flow, own: readonly Issue[]): Issue[] {
  const known = new Set(own.map((issue) => `${issue.code} ${formatPath(issue.path)} ${issue.message}`));
  return (flow.variants ?? []).flatMap((variant, i) => {
    if (variant.flow !== undefined) return [];
    const merged = loadVariant(flow, variant);
    if (!merged.ok) return [];
    const fresh = lintFlow(merged.value).filter((issue) => !known.has(`${issue.code} ${formatPath(issue.path)} ${issue.message}`));
    // A step a shortening variant skips is the variant's point, and the control still asks it.
    const skipped = fresh.map((issue) => (issue.code === 'unreachable_step' ? { ...issue, hint: 'fine if this variant is meant to skip it (the flow itself still asks it)' } : issue));
    return variantIssues(flow, i, skipped);
  });
}

/** `lintFlow` of a loaded flow and of each overriding variant's version of it. */
export function lintWithVariants(flow: Flow): Issue[] {
  const own = lintFlow(flow);
  return [...own, ...lintVariants(flow, own)];
}

/**
 * Everything `validateFlow` finds, with the flow when it loads (`leadflow validate` checks its
 * variant files next): what only the text shows (a key written twice, also when it is what
 * breaks loading), then loading's issues or the linter's.
 */
export function inspectFlow(input: unknown): { flow?: Flow; issues: Issue[] } {
  const text = typeof input === 'string' ? checkText(input) : [];
  const loaded = loadFlow(input);
  return loaded.ok ? { flow: loaded.value, issues: [...text, ...lintWithVariants(loaded.value)] } : { issues: [...text, ...loaded.issues] };
}

/**
 * `loadFlow` plus `lintWithVariants`: everything a marketer should fix before publishing a flow.
 * Not `ok` with warnings alone either (`severity: 'warning'`): `leadflow validate` fails only on
 * errors, and so can a caller that looks at each issue's severity.
 */
export function validateFlow(input: unknown): Result<Flow, Issue> {
  const { flow, issues } = inspectFlow(input);
  return flow && !issues.length ? ok(flow) : fail(issues);
}
