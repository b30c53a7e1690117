import { currentStep, nextStep, restoreFlow, setAnswer, startFlow, type AnswerValue, type Flow, type FlowState } from '../../../src/engine/index.ts';
import type { FlowJson } from '../fixtures.ts';

/** The id of the step a state is on. */
export const here = (flow: Flow, state: FlowState) => currentStep(flow, state).id;

/** Moves on, failing the test with the issues if the step refuses. */
export function next(flow: Flow, state: FlowState): FlowState {
  const result = nextStep(flow, state);
  if (!result.ok) throw new Error(`step "${here(flow, state)}" refused: ${JSON.stringify(result.issues)}`);
  return result.value;
}

/** Answers the current step (one or more questions) and moves on. */
export function answer(flow: Flow, state: FlowState, answers: Record<string, AnswerValue>): FlowState {
  let s = state;
  for (const [question, value] of Object.entries(answers)) s = setAnswer(s, question, value);
  return next(flow, s);
}

/** From the first step, answering one step after another (one object of answers per step). */
export function walk(flow: Flow, ...steps: Array<Record<string, AnswerValue>>): FlowState {
  let s = startFlow(flow);
  for (const given of steps) s = answer(flow, s, given);
  return s;
}

/** A reload: the state through JSON (as sessionStorage holds it), then restoreFlow. */
export const reload = (flow: Flow, state: FlowState) => restoreFlow(flow, JSON.parse(JSON.stringify({ history: state.history, answers: state.answers })));

/** "Is everything right?" — "No, start again" goes back to the first step (a loop the engine supports). */
export const reviewLoop = (): FlowJson => ({
  id: 'review-loop',
  version: 1,
  steps: [
    {
      id: 'kind',
      type: 'single_choice',
      title: 'Kind',
      options: [
        { id: 'biz', label: 'Business' },
        { id: 'private', label: 'Private' },
        { id: 'club', label: 'Club' },
      ],
      next: [{ if: { answer: 'kind', is: 'private' }, goto: 'private_q' }],
    },
    { id: 'size', type: 'short_text', title: 'Size', next: [{ goto: 'review' }] },
    { id: 'private_q', type: 'short_text', title: 'What for?' },
    {
      id: 'review',
      type: 'single_choice',
      title: 'Is everything right?',
      options: [
        { id: 'yes', label: 'Yes' },
        { id: 'again', label: 'No, start again' },
      ],
      next: [{ if: { answer: 'review', is: 'again' }, goto: 'kind' }],
    },
    { id: 'done', type: 'end', title: 'Thanks' },
  ],
});
