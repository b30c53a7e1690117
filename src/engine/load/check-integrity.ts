import { formatPath, type Issue, type JsonPath } from '../../shared/issue.ts';
import { loadIssue } from './load-issues.ts';
import { questionsOf } from '../step-kinds.ts';
import { flowConditions, predicatesOf } from '../flow-conditions.ts';
import { unsafePatternReason } from '../safe-pattern.ts';
import type { Flow } from '../schema/flow.ts';
import type { Step } from '../schema/step.ts';

interface Definition {
  step: Step;
  path: JsonPath;
}

/** What the flow defines, by id, with where each was defined (for duplicate messages). */
export interface FlowIndex {
  steps: Map<string, Definition>;
  questions: Map<string, Definition>;
}

/** Indexes steps and questions by id, reporting ids used twice (and options within a question). */
export function indexFlow(flow: Flow, issues: Issue[]): FlowIndex {
  const index: FlowIndex = { steps: new Map(), questions: new Map() };
  /** Records a definition; false (and an issue) when the id is taken. */
  const define = (kind: string, map: Map<string, Definition>, id: string, definition: Definition, at = definition.path) => {
    const first = map.get(id);
    if (!first) return !!map.set(id, definition);
    issues.push(loadIssue('duplicate_id', at, { kind, id, first: formatPath(first.path) }));
    return false;
  };
  flow.steps.forEach((step, i) => {
    const path = ['steps', i];
    const isNew = define('step', index.steps, step.id, { step, path }, [...path, 'id']);
    if (step.type === 'contact')
      step.fields.forEach((field, k) => define('question', index.questions, field.id, { step, path: [...path, 'fields', k, 'id'] }));
    // A one-question step asks under its step id (and `<id>_other` for an "other" option); a
    // clash of step ids is reported once, above.
    else if (isNew) for (const question of questionsOf(step)) define('question', index.questions, question, { step, path: [...path, 'id'] });
    const options = new Map<string, Definition>();
    if ('options' in step)
      step.options.forEach((option, k) => define('option', options, option.id, { step, path: [...path, 'options', k, 'id'] }));
  });
  return index;
}

function checkSteps(flow: Flow, index: FlowIndex, issues: Issue[]): void {
  const stepIds = [...index.steps.keys()];
  flow.steps.forEach((step, i) => {
    if (step.type === 'end') return;
    step.next?.forEach((rule, k) => {
      if (!index.steps.has(rule.goto))
        issues.push(loadIssue('unknown_step', ['steps', i, 'next', k, 'goto'], { id: rule.goto }, stepIds));
    });
    // A scale wider than this would put hundreds of radios on one step.
    if (step.type === 'rating' && step.max - step.min > 20) issues.push(loadIssue('too_big', ['steps', i, 'max'], { maximum: step.min + 20 }));
    if ((step.type === 'number' || step.type === 'date' || step.type === 'rating' || step.type === 'range') && step.min !== undefined && step.max !== undefined && step.min > step.max)
      issues.push(loadIssue('range_order', ['steps', i, 'min'], { min: 'min', max: 'max' }));
    if (step.type === 'multiple_choice' && (step.minSelected ?? 0) > Math.min(step.maxSelected ?? Infinity, step.options.length))
      issues.push(loadIssue('range_order', ['steps', i, 'minSelected'], { min: 'minSelected', max: 'maxSelected or the number of options' }));
  });
  if (!flow.steps.some((s) => s.type === 'end')) issues.push(loadIssue('no_ending', ['steps'], {}));
  if (flow.steps[0]!.type === 'end') issues.push(loadIssue('starts_at_end', ['steps', 0], {}));
  const last = flow.steps.length - 1;
  const lastStep = flow.steps[last]!;
  if (lastStep.type !== 'end' && !lastStep.next?.some((rule) => !rule.if))
    issues.push(loadIssue('falls_off_end', ['steps', last], { id: lastStep.id }));
}

/** A pattern that could hang the visitor's browser is refused before the flow runs. */
function checkPatterns(flow: Flow, issues: Issue[]): void {
  for (const { condition, path } of flowConditions(flow))
    for (const [predicate, at] of predicatesOf(condition, path)) {
      const reason = predicate.matches === undefined ? undefined : unsafePatternReason(predicate.matches);
      if (reason) issues.push(loadIssue('unsafe_pattern', [...at, 'matches'], { reason }));
    }
}

/**
 * What the runtime relies on and a schema cannot express: ids are unique, every `goto` names
 * a step, the flow asks something before it ends and cannot run past its last step, and
 * every question can be answered, and no regular expression can hang the browser. The widget refuses a flow that breaks these; the rest a
 * marketer should hear about (including rule cycles with no way out) is in `lintFlow`.
 */
export function checkIntegrity(flow: Flow): Issue[] {
  const issues: Issue[] = [];
  checkSteps(flow, indexFlow(flow, issues), issues);
  checkPatterns(flow, issues);
  return issues;
}
