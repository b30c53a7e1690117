import { suggestName } from '../../shared/did-you-mean.ts';
import { formatPath, type Issue, type JsonPath } from '../../shared/issue.ts';
import { operatorNames, type Condition } from '../schema/condition.ts';
import type { Flow } from '../schema/flow.ts';
import type { Step } from '../schema/step.ts';
import { questionsOf } from '../step-kinds.ts';

/** What the flow defines, by id, with where each was defined (for duplicate messages). */
interface Index {
  steps: Map<string, number>;
  questions: Map<string, { step: Step; path: JsonPath }>;
}

function duplicate(kind: string, id: string, path: JsonPath, firstAt: JsonPath): Issue {
  return {
    code: 'duplicate_id',
    path,
    message: `duplicate ${kind} id "${id}" (first used at ${formatPath(firstAt)})`,
    hint: 'ids must be unique: rename one of them',
  };
}

function indexFlow(flow: Flow, issues: Issue[]): Index {
  const steps = new Map<string, number>();
  const questions = new Map<string, { step: Step; path: JsonPath }>();
  flow.steps.forEach((step, i) => {
    const first = steps.get(step.id);
    if (first !== undefined) issues.push(duplicate('step', step.id, ['steps', i, 'id'], ['steps', first]));
    else steps.set(step.id, i);
    questionsOf(step).forEach((question, k) => {
      const path = step.type === 'contact' ? ['steps', i, 'fields', k, 'id'] : ['steps', i, 'id'];
      const seen = questions.get(question);
      // A contact field may share the id of its own step only if nothing else does.
      if (seen && seen.step !== step) issues.push(duplicate('question', question, path, seen.path));
      else if (!seen) questions.set(question, { step, path });
    });
    if ('options' in step) {
      const optionIds = new Map<string, number>();
      step.options.forEach((option, k) => {
        const firstOption = optionIds.get(option.id);
        if (firstOption !== undefined)
          issues.push(duplicate('option', option.id, ['steps', i, 'options', k, 'id'], ['steps', i, 'options', firstOption, 'id']));
        else optionIds.set(option.id, k);
      });
    }
  });
  return { steps, questions };
}

function unknownOption(index: Index, question: string, option: unknown, path: JsonPath): Issue | undefined {
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

function checkCondition(condition: Condition, path: JsonPath, flow: Flow, index: Index, issues: Issue[]): void {
  if ('all' in condition) return condition.all.forEach((c, i) => checkCondition(c, [...path, 'all', i], flow, index, issues));
  if ('any' in condition) return condition.any.forEach((c, i) => checkCondition(c, [...path, 'any', i], flow, index, issues));
  if ('answer' in condition || 'hidden' in condition || 'score' in condition) {
    const used = operatorNames.filter((name) => condition[name] !== undefined);
    if (used.length !== 1)
      issues.push({
        code: 'operator_count',
        path,
        message: used.length ? `uses ${used.length} operators (${used.join(', ')})` : 'has no operator',
        hint: `use exactly one of ${operatorNames.join(', ')}; combine several with "all" or "any"`,
      });
  }
  if ('answer' in condition) {
    if (!index.questions.has(condition.answer)) {
      issues.push({
        code: 'unknown_answer',
        path: [...path, 'answer'],
        message: `unknown question "${condition.answer}"`,
        hint: suggestName(condition.answer, [...index.questions.keys()]),
      });
      return;
    }
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

function checkSteps(flow: Flow, index: Index, issues: Issue[]): void {
  const stepIds = [...index.steps.keys()];
  flow.steps.forEach((step, i) => {
    if (step.type === 'end') return;
    step.next?.forEach((rule, k) => {
      if (!index.steps.has(rule.goto))
        issues.push({
          code: 'unknown_step',
          path: ['steps', i, 'next', k, 'goto'],
          message: `unknown step "${rule.goto}"`,
          hint: suggestName(rule.goto, stepIds),
        });
      if (rule.if) checkCondition(rule.if, ['steps', i, 'next', k, 'if'], flow, index, issues);
    });
    if (step.type === 'number' && step.min !== undefined && step.max !== undefined && step.min > step.max)
      issues.push({ code: 'range_order', path: ['steps', i, 'min'], message: 'min is greater than max', hint: 'swap them' });
    if (step.type === 'multiple_choice' && (step.minSelected ?? 0) > (step.maxSelected ?? Infinity))
      issues.push({ code: 'range_order', path: ['steps', i, 'minSelected'], message: 'minSelected is greater than maxSelected', hint: 'swap them' });
  });
  if (!flow.steps.some((s) => s.type === 'end'))
    issues.push({ code: 'no_ending', path: ['steps'], message: 'the flow has no end step', hint: 'add a step with "type": "end"' });
  const last = flow.steps.length - 1;
  const lastStep = flow.steps[last]!;
  if (lastStep.type !== 'end' && !lastStep.next?.some((rule) => !rule.if))
    issues.push({
      code: 'falls_off_end',
      path: ['steps', last],
      message: `the last step "${lastStep.id}" has nowhere to go when no rule matches`,
      hint: 'add an end step after it, or a final rule without "if"',
    });
}

function checkScoring(flow: Flow, index: Index, issues: Issue[]): void {
  const scoring = flow.scoring;
  if (!scoring) return;
  scoring.criteria.forEach((criterion, i) => {
    const path = ['scoring', 'criteria', i];
    if (!index.questions.has(criterion.answer)) {
      issues.push({
        code: 'unknown_answer',
        path: [...path, 'answer'],
        message: `unknown question "${criterion.answer}"`,
        hint: suggestName(criterion.answer, [...index.questions.keys()]),
      });
    } else if ('options' in criterion) {
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

/**
 * The checks a schema cannot express: every reference between parts of the flow points at
 * something that exists, ids are unique, and every path can end.
 */
export function checkReferences(flow: Flow): Issue[] {
  const issues: Issue[] = [];
  const index = indexFlow(flow, issues);
  checkSteps(flow, index, issues);
  checkScoring(flow, index, issues);
  return issues;
}
