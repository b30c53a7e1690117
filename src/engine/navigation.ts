import type { Answers, AnswerValue, HiddenFields } from './answers.ts';
import { evaluateCondition, type ConditionContext } from './conditions.ts';
import type { Flow } from './schema/flow.ts';
import type { Step } from './schema/step.ts';
import { scoreLead } from './scoring/score-lead.ts';
import { questionsOf, validateStep, type AnswerIssue } from './step-kinds.ts';
import { fail, ok, type Result } from '../shared/result.ts';

/**
 * Where a visitor is in a flow. Immutable: every action returns a new state, so the UI can
 * keep it in one signal and tests can compare states.
 */
export interface FlowState {
  /** Step ids from the first step to the current one; Back pops it. */
  readonly history: readonly string[];
  /**
   * Everything typed so far, including answers on steps the visitor went back from, so a
   * value is still there if they return (no re-typing); only answers on the current path
   * are scored and sent — see `pathAnswers`.
   */
  readonly answers: Answers;
  readonly hidden: HiddenFields;
}

export interface Progress {
  /** Steps completed on the current path. */
  done: number;
  /** Questions still ahead on the most likely path, given the answers so far. */
  remaining: number;
  /** done / (done + remaining), 1 on an end step. */
  ratio: number;
}

const stepById = (flow: Flow, id: string): Step => {
  const step = flow.steps.find((s) => s.id === id);
  if (!step) throw new Error(`LeadFlow: step "${id}" does not exist (was the flow loaded with loadFlow?)`);
  return step;
};

export function startFlow(flow: Flow, hidden: HiddenFields = {}): FlowState {
  return { history: [flow.steps[0]!.id], answers: {}, hidden };
}

export function currentStep(flow: Flow, state: FlowState): Step {
  return stepById(flow, state.history[state.history.length - 1]!);
}

export const isComplete = (flow: Flow, state: FlowState): boolean => currentStep(flow, state).type === 'end';

export const canGoBack = (flow: Flow, state: FlowState): boolean => state.history.length > 1 && !isComplete(flow, state);

/** Records an answer (or clears it with `undefined`); validation happens on `nextStep`. */
export function setAnswer(state: FlowState, question: string, value: AnswerValue | undefined): FlowState {
  const answers = { ...state.answers };
  if (value === undefined) delete answers[question];
  else answers[question] = value;
  return { ...state, answers };
}

/** Only the answers to questions on the path actually taken: abandoned branches are not sent. */
export function pathAnswers(flow: Flow, state: FlowState): Answers {
  const answers: Record<string, AnswerValue> = {};
  for (const id of state.history) {
    for (const question of questionsOf(stepById(flow, id))) {
      const value = state.answers[question];
      if (value !== undefined) answers[question] = value;
    }
  }
  return answers;
}

function contextFor(flow: Flow, answers: Answers, hidden: HiddenFields): ConditionContext {
  let score: ReturnType<typeof scoreLead> | undefined;
  return { answers, hidden, score: () => (score ??= scoreLead(flow.scoring, answers)) };
}

/** The step after `step`: the first rule whose condition holds, else the following step. */
function resolveNext(flow: Flow, step: Step, context: ConditionContext): Step | undefined {
  if (step.type === 'end') return undefined;
  const rule = step.next?.find((r) => !r.if || evaluateCondition(r.if, context));
  if (rule) return stepById(flow, rule.goto);
  return flow.steps[flow.steps.indexOf(step) + 1];
}

/**
 * Validates the current step and moves on. Fails with the answer issues when the visitor
 * must fix something first; on an end step there is nowhere to go and the state is returned.
 */
export function nextStep(flow: Flow, state: FlowState): Result<FlowState, AnswerIssue> {
  const step = currentStep(flow, state);
  const issues = validateStep(step, state.answers);
  if (issues.length) return fail(issues);
  const answers = pathAnswers(flow, state);
  const next = resolveNext(flow, step, contextFor(flow, answers, state.hidden));
  if (!next) return ok(state);
  return ok({ ...state, history: [...state.history, next.id] });
}

export function previousStep(flow: Flow, state: FlowState): FlowState {
  return canGoBack(flow, state) ? { ...state, history: state.history.slice(0, -1) } : state;
}

/**
 * Progress on the current path: steps done, and an estimate of the steps ahead found by
 * following the rules with the answers known now (unanswered conditions simply don't match).
 */
export function progress(flow: Flow, state: FlowState): Progress {
  const done = state.history.length - 1;
  // Every answer typed so far, including on steps ahead that the visitor went back from:
  // they come back when the visitor returns there, so they predict the path best.
  const context = contextFor(flow, state.answers, state.hidden);
  let step: Step | undefined = currentStep(flow, state);
  let remaining = 0;
  const seen = new Set<string>();
  while (step && step.type !== 'end' && !seen.has(step.id)) {
    seen.add(step.id);
    remaining++;
    step = resolveNext(flow, step, context);
  }
  return { done, remaining, ratio: remaining === 0 ? 1 : done / (done + remaining) };
}
