import { suggestName } from '../../shared/did-you-mean.ts';
import type { Issue, JsonPath } from '../../shared/issue.ts';
import { fail, ok, type Result } from '../../shared/result.ts';
import { indexFlow, type FlowIndex } from '../load/check-integrity.ts';
import { loadFlow } from '../load/load-flow.ts';
import { operatorNames, type Condition } from '../schema/condition.ts';
import type { Flow } from '../schema/flow.ts';

function unknownOption(index: FlowIndex, question: string, option: unknown, path: JsonPath): Issue | undefined {
  const step = index.questions.get(question)?.step;
  if (!step || !('options' in step) || typeof option !== 'string') return undefined;
  const ids = step.options.map((o) => o.id);
  if (ids.includes(option)) return undefined;
  return {
    code: 'unknown_option',
    path,
    message: `question "${question}" has no option "${option}", so this can never match`,
    hint: suggestName(option, ids),
  };
}

/** A reference to a question the flow does not ask, or undefined when it does. */
function unknownAnswer(index: FlowIndex, question: string, path: JsonPath): Issue | undefined {
  if (index.questions.has(question)) return undefined;
  return {
    code: 'unknown_answer',
    path,
    message: `unknown question "${question}"`,
    hint: suggestName(question, [...index.questions.keys()]),
  };
}

function checkCondition(condition: Condition, path: JsonPath, flow: Flow, index: FlowIndex, issues: Issue[]): void {
  if ('all' in condition) return condition.all.forEach((c, i) => checkCondition(c, [...path, 'all', i], flow, index, issues));
  if ('any' in condition) return condition.any.forEach((c, i) => checkCondition(c, [...path, 'any', i], flow, index, issues));
  if ('answer' in condition || 'hidden' in condition || 'score' in condition) {
    // Several operators must all hold (a range); none at all never holds, which is a mistake.
    if (!operatorNames.some((name) => condition[name] !== undefined))
      issues.push({
        code: 'operator_count',
        path,
        message: 'has no operator, so it never holds',
        hint: `add one of ${operatorNames.join(', ')}`,
      });
  }
  if ('answer' in condition) {
    const unknown = unknownAnswer(index, condition.answer, [...path, 'answer']);
    if (unknown) return void issues.push(unknown);
    for (const op of ['is', 'not'] as const) {
      const issue = unknownOption(index, condition.answer, condition[op], [...path, op]);
      if (issue) issues.push(issue);
    }
    condition.in?.forEach((value, i) => {
      const issue = unknownOption(index, condition.answer, value, [...path, 'in', i]);
      if (issue) issues.push(issue);
    });
    return;
  }
  if ('hidden' in condition) {
    const declared = flow.hidden ?? [];
    if (!declared.includes(condition.hidden))
      issues.push({
        code: 'unknown_hidden',
        path: [...path, 'hidden'],
        message: `hidden field "${condition.hidden}" is not declared`,
        hint: `add it to "hidden" at the top of the flow${declared.length ? ` or ${suggestName(condition.hidden, declared)}` : ''}`,
      });
    return;
  }
  if ('not' in condition && !('score' in condition)) checkCondition(condition.not, [...path, 'not'], flow, index, issues);
}

function checkScoring(flow: Flow, index: FlowIndex, issues: Issue[]): void {
  const scoring = flow.scoring;
  if (!scoring) return;
  scoring.criteria.forEach((criterion, i) => {
    const path = ['scoring', 'criteria', i];
    const unknown = unknownAnswer(index, criterion.answer, [...path, 'answer']);
    if (unknown) issues.push(unknown);
    else if ('options' in criterion) {
      for (const option of Object.keys(criterion.options)) {
        const issue = unknownOption(index, criterion.answer, option, [...path, 'options', option]);
        if (issue) issues.push(issue);
      }
    }
  });
  if (scoring.tiers && scoring.tiers.warm >= scoring.tiers.hot)
    issues.push({
      code: 'tier_order',
      path: ['scoring', 'tiers'],
      message: `warm (${scoring.tiers.warm}) must be below hot (${scoring.tiers.hot})`,
      hint: 'the defaults are warm 31, hot 61',
    });
}

function checkConditions(flow: Flow, index: FlowIndex, issues: Issue[]): void {
  flow.steps.forEach((step, i) => {
    if (step.type === 'end') return;
    step.next?.forEach((rule, k) => {
      if (rule.if) checkCondition(rule.if, ['steps', i, 'next', k, 'if'], flow, index, issues);
    });
  });
}

/**
 * Checks a loaded flow's meaning beyond what the runtime needs: conditions and scoring that
 * name questions, options or hidden fields that do not exist (they would silently never
 * match), predicates without an operator, tiers in the wrong order. Runs in the
 * CLI, the playground and tests — not in the script-tag bundle, which stays small.
 */
export function lintFlow(flow: Flow): Issue[] {
  const issues: Issue[] = [];
  const index = indexFlow(flow, []);
  checkConditions(flow, index, issues);
  checkScoring(flow, index, issues);
  return issues;
}

/** `loadFlow` plus `lintFlow`: everything a marketer should fix before publishing a flow. */
export function validateFlow(input: unknown): Result<Flow, Issue> {
  const loaded = loadFlow(input);
  if (!loaded.ok) return loaded;
  const issues = lintFlow(loaded.value);
  return issues.length ? fail(issues) : ok(loaded.value);
}
