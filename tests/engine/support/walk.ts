import { currentStep, nextStep, setAnswer, type AnswerValue, type Flow, type FlowState } from '../../../src/engine/index.ts';

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
