import type { Answers, AnswerValue, HiddenFields } from './answers.ts';
import { evaluateCondition, type ConditionContext } from './conditions.ts';
import { answerOf, back, forward, isOnPath, stateOf, walkOf, withAnswer, type FlowState, type Walk } from './flow-state.ts';
import type { Flow } from './schema/flow.ts';
import type { Step } from './schema/step.ts';
import { scoreLead } from './scoring/score-lead.ts';
import { scoredQuestions } from './scoring/resolve-scoring.ts';
import { questionsOf, validateStep, type AnswerIssue } from './step-kinds.ts';
import { fail, ok, type Result } from '../shared/result.ts';

export type { FlowState } from './flow-state.ts';

export interface Progress {
  /** Steps completed on the current path. */
  done: number;
  /** Questions still ahead on the most likely path, given the answers so far. */
  remaining: number;
  /** done / (done + remaining), 1 on an end step. */
  ratio: number;
}

/**
 * Steps by id with their position, built once per flow. A memo of a pure function of an
 * immutable flow (a WeakMap, so it goes with the flow): without it every lookup scans the
 * steps, and walking an N-step flow costs N³.
 */
const indexes = new WeakMap<Flow, Map<string, { step: Step; position: number }>>();

function indexOf(flow: Flow) {
  let index = indexes.get(flow);
  if (!index) {
    index = new Map(flow.steps.map((step, position) => [step.id, { step, position }]));
    indexes.set(flow, index);
  }
  return index;
}

function stepById(flow: Flow, id: string): Step {
  const entry = indexOf(flow).get(id);
  if (!entry) throw new Error(`LeadFlow: step "${id}" does not exist (was the flow loaded with loadFlow?)`);
  return entry.step;
}

/** The step that asks each question (question ids are unique in a loaded flow), built once per flow. */
const askers = new WeakMap<Flow, Map<string, string>>();

function stepAsking(flow: Flow, question: string): string | undefined {
  let byQuestion = askers.get(flow);
  if (!byQuestion) {
    byQuestion = new Map(flow.steps.flatMap((step) => questionsOf(step).map((id) => [id, step.id] as const)));
    askers.set(flow, byQuestion);
  }
  return byQuestion.get(question);
}

/**
 * The answer to one question if a step on the path (or one of `ahead`) asks it, trimmed as
 * `pathAnswers` gives it.
 */
function pathAnswer(flow: Flow, walk: Walk, question: string, ahead?: Set<string>): AnswerValue | undefined {
  const asker = stepAsking(flow, question);
  if (!asker || !(ahead?.has(asker) || isOnPath(walk, asker))) return undefined;
  const value = answerOf(walk, question);
  return typeof value === 'string' ? value.trim() : value;
}

/** The first step; `answers` are starting values (prefilled from the page URL). */
export function startFlow(flow: Flow, hidden: HiddenFields = {}, answers: Answers = {}): FlowState {
  return { history: [flow.steps[0]!.id], answers, hidden };
}

/**
 * A state saved earlier (a reload), if it still fits the flow: every step in its history
 * exists and none is an ending. Otherwise undefined, and the visitor starts afresh. The saved
 * path is walked again with its answers: a flow edited since (same version, so the same saved
 * progress) may refuse an answer given or lead elsewhere, and the visitor then resumes at the
 * first step where that happens, not on a path the flow can no longer produce. A path that
 * looped (a review step's "start again") is walked again from its last repeated step: a
 * question keeps only its last answer, which the passes before may not have taken. The steps
 * before it are checked one by one instead.
 */
export function restoreFlow(flow: Flow, saved: { history?: unknown; answers?: unknown }, hidden: HiddenFields = {}): FlowState | undefined {
  const { history, answers } = saved;
  if (!Array.isArray(history) || !history.length || typeof answers !== 'object' || !answers) return undefined;
  const index = indexOf(flow);
  if (history[0] !== flow.steps[0]!.id || !history.every((id) => index.get(id) && index.get(id)!.step.type !== 'end')) return undefined;
  // sessionStorage is the page's own, but anything another script wrote there is kept out.
  const kept = Object.entries(answers).filter(([, v]) =>
    ['string', 'number', 'boolean'].includes(typeof v) || (Array.isArray(v) && v.every((item) => typeof item === 'string')),
  );
  // Options the flow no longer has (removed since): ticked nowhere, they still counted as chosen
  // on the step the visitor resumes at, which is not checked until Next.
  for (const entry of kept) {
    const options = (index.get(entry[0])?.step as { options?: { id: string }[] } | undefined)?.options;
    const offered = (v: unknown) => !options || options.some((option) => option.id === v);
    entry[1] = Array.isArray(entry[1]) ? entry[1].filter(offered) : offered(entry[1]) ? entry[1] : [];
  }
  let from = 0;
  const passed = new Set<unknown>();
  history.forEach((id, i) => (passed.has(id) ? (from = i) : passed.add(id)));
  const restored = Object.fromEntries(kept.filter(([, v]) => !Array.isArray(v) || v.length)) as Answers;
  // The passes before the last cannot be walked again (their answers are gone), so each step of
  // them is checked on its own: its saved answers still valid, the next step still one it can
  // lead to. The visitor resumes at the first that fails (walking on from there stops at once).
  // A step shown again later keeps only its later answers (the visitor may be retyping one):
  // only its last showing is checked against them.
  const lastAt = new Map(history.map((id, i) => [id, i]));
  for (let i = 0; i < from; i++) {
    const step = stepById(flow, history[i]);
    if ((lastAt.get(history[i]) === i && validateStep(step, restored, flow.scoring?.personalDomains).length) || !leadsTo(flow, step, history[i + 1])) from = i;
  }
  let state: FlowState = { history: history.slice(0, from + 1), answers: restored, hidden };
  for (const id of history.slice(from + 1)) {
    const moved = nextStep(flow, state);
    if (!moved.ok || currentStep(flow, moved.value).id !== id) break;
    state = moved.value;
  }
  return state;
}

export function currentStep(flow: Flow, state: FlowState): Step {
  return stepById(flow, walkOf(state).path.id);
}

export const isComplete = (flow: Flow, state: FlowState): boolean => currentStep(flow, state).type === 'end';

export const canGoBack = (flow: Flow, state: FlowState): boolean => walkOf(state).path.length > 1 && !isComplete(flow, state);

/** Records an answer (or clears it with `undefined`); validation happens on `nextStep`. */
export function setAnswer(state: FlowState, question: string, value: AnswerValue | undefined): FlowState {
  return stateOf(withAnswer(walkOf(state), question, value), state);
}

/**
 * Only the answers to questions on the path actually taken: abandoned branches are not sent.
 * Texts without surrounding spaces: what is scored is exactly what the payload carries, so a
 * server re-scoring a lead gets the same result (`"student "` is a student).
 */
export function pathAnswers(flow: Flow, state: FlowState): Answers {
  const walk = walkOf(state);
  const answers: Record<string, AnswerValue> = {};
  for (const id of state.history) {
    // Not the steps of a loop's earlier pass the visitor left by starting again.
    if (!isOnPath(walk, id)) continue;
    for (const question of questionsOf(stepById(flow, id))) {
      const value = answerOf(walk, question);
      if (value !== undefined) answers[question] = typeof value === 'string' ? value.trim() : value;
    }
  }
  return answers;
}

/**
 * What conditions see: one answer is looked up when a condition reads it (most rules read one
 * or two); all of them are gathered only for the score, which needs them anyway.
 */
function contextFor(flow: Flow, state: FlowState, answer: (question: string) => AnswerValue | undefined, readAnswers: () => Answers): ConditionContext {
  let answers: Answers | undefined;
  let score: ReturnType<typeof scoreLead> | undefined;
  return {
    answer,
    get answers() {
      return (answers ??= readAnswers());
    },
    hidden: state.hidden,
    score() {
      return (score ??= scoreLead(flow, this.answers, state));
    },
    personalDomains: flow.scoring?.personalDomains,
  };
}

/** The step after `step`: the first rule whose condition holds, else the following step. */
function resolveNext(flow: Flow, step: Step, context: ConditionContext): Step | undefined {
  if (step.type === 'end') return undefined;
  const rule = step.next?.find((r) => !r.if || evaluateCondition(r.if, context));
  if (rule) return stepById(flow, rule.goto);
  return flow.steps[indexOf(flow).get(step.id)!.position + 1];
}

/** Whether `id` is one of the ways on from `step`: a rule's target, or the following step if no rule is unconditional. */
function leadsTo(flow: Flow, step: Step, id: unknown): boolean {
  const rules = step.type === 'end' ? [] : (step.next ?? []);
  return rules.some((rule) => rule.goto === id) || (!rules.some((rule) => !rule.if) && flow.steps[indexOf(flow).get(step.id)!.position + 1]?.id === id);
}

/** Whether every way on from `step` (each rule's target, and the following step if no rule is unconditional) is an ending. */
function onlyEndingsAfter(flow: Flow, step: Step): boolean {
  const rules = step.type === 'end' ? [] : (step.next ?? []);
  const following = rules.some((rule) => !rule.if) ? undefined : flow.steps[indexOf(flow).get(step.id)!.position + 1];
  return rules.every((rule) => stepById(flow, rule.goto).type === 'end') && (!following || following.type === 'end');
}

/**
 * Validates the current step and moves on. Fails with the answer issues when the visitor
 * must fix something first; on an end step there is nowhere to go and the state is returned.
 */
export function nextStep(flow: Flow, state: FlowState): Result<FlowState, AnswerIssue> {
  const walk = walkOf(state);
  const step = currentStep(flow, state);
  // The step's own answers are all its checks read; not the whole answers object.
  const own = questionsOf(step).flatMap((question) => {
    const value = answerOf(walk, question);
    return value === undefined ? [] : [[question, value] as const];
  });
  const issues = validateStep(step, Object.fromEntries(own), flow.scoring?.personalDomains);
  if (issues.length) return fail(issues);
  const context = contextFor(flow, state, (question) => pathAnswer(flow, walk, question), () => pathAnswers(flow, state));
  const next = resolveNext(flow, step, context);
  if (!next) return ok(state);
  return ok(stateOf(forward(walk, next.id), state));
}

export function previousStep(flow: Flow, state: FlowState): FlowState {
  return canGoBack(flow, state) ? stateOf(back(walkOf(state)), state) : state;
}

/**
 * Progress on the current path: steps done, and an estimate of the steps ahead found by
 * following the rules with the answers known now (unanswered conditions simply don't match).
 */
export function progress(flow: Flow, state: FlowState): Progress {
  const walk = walkOf(state);
  const done = walk.path.length - 1;
  const seen = new Set<string>();
  // The answers nextStep will read: those on the path, and those typed on steps ahead the
  // visitor went back from, once the estimate walks there again (they come back then). Not
  // those of a branch the visitor left: with them the estimate ended the flow a step early or
  // late, and Next said "Submit" where it went on. A rule reading the score scores those too.
  const known = (question: string) => pathAnswer(flow, walk, question, seen);
  const knownAnswers = () => {
    const answers: Record<string, AnswerValue> = {};
    for (const question of Object.keys(state.answers)) {
      const value = known(question);
      if (value !== undefined) answers[question] = value;
    }
    return answers;
  };
  let step: Step | undefined = currentStep(flow, state);
  let remaining = 0;
  let context = contextFor(flow, state, known, knownAnswers);
  const scored = scoredQuestions(flow);
  while (step && step.type !== 'end') {
    // A step the estimate passed already (a rule back to it): at least one more, not the last.
    if (seen.has(step.id)) {
      remaining++;
      break;
    }
    seen.add(step.id);
    remaining++;
    // Which ending follows does not change the count: no need to evaluate the rules (often the
    // score's, which would score the lead on every answer).
    if (onlyEndingsAfter(flow, step)) break;
    // A step ahead with answers typed on it that the scoring reads changes the score a rule
    // from here on sees: a fresh context then, whose score (made only if a rule reads it) counts
    // them too. (Rules read answers live. A fresh score for every such step was quadratic.)
    if (!isOnPath(walk, step.id) && questionsOf(step).some((question) => scored.has(question) && answerOf(walk, question) !== undefined))
      context = contextFor(flow, state, known, knownAnswers);
    step = resolveNext(flow, step, context);
  }
  return { done, remaining, ratio: remaining === 0 ? 1 : done / (done + remaining) };
}
