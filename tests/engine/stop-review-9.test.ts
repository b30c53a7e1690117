/**
 * Stop review 9: the scoring trace's "which part held" (src/engine/scoring/criteria.ts inputOf).
 */
import { describe, expect, it } from 'vitest';
import { scoreLead, type Answers, type Flow, type HiddenFields } from '../../src/engine/index.ts';
import { load, type FlowJson } from './fixtures.ts';

const options = (...ids: string[]) => ids.map((id) => ({ id, label: id }));
const questions: Record<string, FlowJson> = {
  role: { type: 'single_choice', title: 'Role?', options: options('sign_off', 'recommend', 'student') },
  request: { type: 'single_choice', title: 'Next?', options: options('demo', 'pricing', 'newsletter') },
};
function flowOf(scoring: FlowJson, ask: string[], hidden?: string[]): Flow {
  return load({
    id: 'trace9',
    version: 1,
    ...(hidden && { hidden }),
    steps: [...ask.map((id) => ({ id, ...questions[id] })), { id: 'done', type: 'end', title: 'Thanks' }],
    scoring,
  });
}
const score = (flow: Flow, answers: Answers, hidden?: HiddenFields) => scoreLead(flow, answers, { hidden });

describe('the trace of a rule of several parts', () => {
  // Was: a sales person reading the trace of a lead who is a student but asked for a demo sees
  // `eng  intent  answers.role = "student"  +10` — the 10 points are put down to the very
  // answer the rule excludes (`not student`), and the demo request that earned them is not named.
  // Cause: src/engine/scoring/criteria.ts inputOf evaluates the predicates that
  // conditionInputs() unwraps from `not`, so a `not` branch is taken to hold exactly when it
  // does not. Fixed: `heldBy` walks the condition tree (any → first branch that holds, all →
  // first part, not → what it reads).
  it('does not name the answer of a `not` branch that failed as the part that held', () => {
    const flow = flowOf(
      { criteria: [{ id: 'eng', kind: 'intent', when: { any: [{ not: { answer: 'role', is: 'student' } }, { answer: 'request', is: 'demo' }] }, points: 10 }] },
      ['role', 'request'],
    );
    const entry = score(flow, { role: 'student', request: 'demo' }).trace.find((e) => e.rule === 'eng')!;
    expect(entry.points).toBe(10);
    expect(entry).toMatchObject({ input: 'answers.request', value: 'demo' });
  });

  it('names the branch that held of an `any`, and a single `not` rule names its own answer', () => {
    const flow = flowOf(
      {
        criteria: [
          { id: 'eng', kind: 'intent', when: { any: [{ answer: 'request', is: 'pricing' }, { hidden: 'src', is: 'ads' }] }, points: 10 },
          { id: 'pro', kind: 'fit', when: { not: { answer: 'role', is: 'student' } }, points: 5 },
        ],
      },
      ['role', 'request'],
      ['src'],
    );
    const trace = score(flow, { role: 'sign_off', request: 'demo' }, { src: 'ads' }).trace;
    expect(trace.find((e) => e.rule === 'eng')).toMatchObject({ input: 'hidden.src', value: 'ads', points: 10 });
    expect(trace.find((e) => e.rule === 'pro')).toMatchObject({ input: 'answers.role', value: 'sign_off', points: 5 });
  });
});
