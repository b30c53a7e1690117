import { suggestName } from '../../shared/did-you-mean.ts';
import { formatPath, type Issue, type JsonPath } from '../../shared/issue.ts';
import type { Flow } from '../schema/flow.ts';
import type { Step } from '../schema/step.ts';
import { questionsOf } from '../step-kinds.ts';

/** What the flow defines, by id, with where each was defined (for duplicate messages). */
export interface FlowIndex {
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

/** Indexes steps and questions by id, reporting ids used twice. */
export function indexFlow(flow: Flow, issues: Issue[]): FlowIndex {
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

function checkSteps(flow: Flow, index: FlowIndex, issues: Issue[]): void {
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

/**
 * What the runtime relies on and a schema cannot express: ids are unique, every `goto` names
 * a step, every path can end, and every question can be answered. The widget refuses a flow
 * that breaks these; everything else a marketer should hear about is in `lintFlow`.
 */
export function checkIntegrity(flow: Flow): Issue[] {
  const issues: Issue[] = [];
  checkSteps(flow, indexFlow(flow, issues), issues);
  return issues;
}
