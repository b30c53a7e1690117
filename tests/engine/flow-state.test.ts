import { describe, expect, it } from 'vitest';
import {
  canGoBack,
  currentStep,
  nextStep,
  pathAnswers,
  previousStep,
  progress,
  setAnswer,
  startFlow,
  type AnswerValue,
  type FlowState,
} from '../../src/engine/index.ts';
import { load } from './fixtures.ts';
import { forAll } from './support/random.ts';

/**
 * Branches that rejoin, a condition on an answer from the other branch (only path answers
 * count), a condition on a trimmed text, and an "other" option with its own text question.
 */
const flow = load({
  id: 'state-walk',
  version: 1,
  steps: [
    {
      id: 'plan',
      type: 'single_choice',
      title: 'Plan',
      options: [
        { id: 'solo', label: 'Solo' },
        { id: 'team', label: 'Team' },
        { id: 'else', label: 'Something else', other: true },
      ],
      next: [{ if: { answer: 'plan', is: 'solo' }, goto: 'use' }],
    },
    { id: 'seats', type: 'number', title: 'Seats', min: 2, max: 50 },
    { id: 'admin', type: 'short_text', title: 'Admin', next: [{ if: { answer: 'admin', is: 'kim' }, goto: 'big' }, { goto: 'email' }] },
    { id: 'use', type: 'short_text', title: 'What for?', next: [{ if: { answer: 'seats', gte: 10 }, goto: 'big' }, { goto: 'email' }] },
    { id: 'email', type: 'email', title: 'E-mail' },
    { id: 'done', type: 'end', title: 'Thanks' },
    { id: 'big', type: 'end', title: 'Big team' },
  ],
});

const values: Record<string, AnswerValue[]> = {
  plan: ['solo', 'team', 'else', 'nope'],
  plan_other: ['Agency', ' '],
  seats: [1, 5, 12, 50],
  admin: ['Kim', ' kim ', 'kim', 'Lou'],
  use: ['Blog', '  '],
  email: ['a@b.de', 'not-an-address'],
};

/** A copy made of plain arrays and objects: what the engine did before states shared anything. */
const plain = (state: FlowState): FlowState => ({ history: [...state.history], answers: { ...state.answers }, hidden: { ...state.hidden } });

describe('flow states share what they can and still behave as plain values', () => {
  it('agrees with the same actions on plain copies, for random actions on random earlier states', () => {
    forAll('engine states = plain states', 0xf10e, 300, (rng, note) => {
      const states: FlowState[] = [startFlow(flow, { utm: 'x' })];
      const snapshots: FlowState[] = [plain(states[0]!)];
      const actions: unknown[] = [];
      note('actions', actions);
      for (let i = 0; i < 60; i++) {
        const from = rng.chance(0.7) ? states.length - 1 : rng.int(0, states.length - 1);
        const state = states[from]!;
        const copy = plain(snapshots[from]!);
        const kind = rng.pick(['answer', 'answer', 'clear', 'next', 'next', 'back']);
        let made: FlowState;
        let expected: FlowState;
        if (kind === 'answer' || kind === 'clear') {
          // Mostly the question on screen, as a visitor would; sometimes any other.
          const here = currentStep(flow, state).id;
          const question = here in values && rng.chance(0.75) ? here : rng.pick(Object.keys(values));
          const value = kind === 'clear' ? undefined : rng.pick(values[question]!);
          actions.push([from, kind, question, value ?? null]);
          made = setAnswer(state, question, value);
          const answers: Record<string, AnswerValue> = { ...copy.answers };
          if (value === undefined) delete answers[question];
          else answers[question] = value;
          expected = { ...copy, answers };
        } else if (kind === 'next') {
          actions.push([from, kind]);
          const result = nextStep(flow, state);
          // A plain copy has nothing shared behind it: the engine builds its view afresh.
          const reference = nextStep(flow, copy);
          expect(result.ok).toBe(reference.ok);
          if (!result.ok || !reference.ok) {
            expect(result).toEqual(reference);
            continue;
          }
          made = result.value;
          expected = reference.value;
        } else {
          actions.push([from, kind]);
          made = previousStep(flow, state);
          expected = canGoBack(flow, copy) ? { ...copy, history: copy.history.slice(0, -1) } : copy;
        }
        expect(made).toEqual(expected);
        expect(currentStep(flow, made).id).toBe(expected.history.at(-1));
        expect(pathAnswers(flow, made)).toEqual(pathAnswers(flow, plain(expected)));
        expect(progress(flow, made)).toEqual(progress(flow, plain(expected)));
        states.push(made);
        snapshots.push(plain(expected));
        // Any earlier state still reads as it did when it was made.
        const old = rng.int(0, states.length - 1);
        expect(plain(states[old]!)).toEqual(snapshots[old]);
      }
    });
  });

  it('serializes, spreads and compares like a plain object', () => {
    let state = setAnswer(startFlow(flow, { utm: 'x' }), 'plan', 'team');
    state = nextStep(flow, state).ok ? (nextStep(flow, state) as { value: FlowState }).value : state;
    expect(JSON.parse(JSON.stringify(state))).toEqual({ history: ['plan', 'seats'], answers: { plan: 'team' }, hidden: { utm: 'x' } });
    expect({ ...state }).toEqual({ history: ['plan', 'seats'], answers: { plan: 'team' }, hidden: { utm: 'x' } });
    expect(structuredClone(state)).toEqual(JSON.parse(JSON.stringify(state)));
    // The order startFlow gives, as when every action copied the state.
    expect(Object.keys(state)).toEqual(['history', 'answers', 'hidden']);
  });

  it('carries along properties a caller added to a state', () => {
    const tagged = { ...startFlow(flow), startedAt: 1_700_000_000_000 } as FlowState & { startedAt: number };
    const answered = setAnswer(tagged, 'plan', 'team');
    expect(answered).toHaveProperty('startedAt', 1_700_000_000_000);
    const moved = nextStep(flow, answered);
    expect(moved.ok && moved.value).toHaveProperty('startedAt', 1_700_000_000_000);
    expect(moved.ok && previousStep(flow, moved.value)).toHaveProperty('startedAt', 1_700_000_000_000);
  });

  it('keeps the same answers object while only the step changes, and a new one when an answer does', () => {
    const answered = setAnswer(startFlow(flow), 'plan', 'team');
    const moved = nextStep(flow, answered);
    if (!moved.ok) throw new Error('plan refused');
    expect(moved.value.answers).toBe(answered.answers);
    expect(previousStep(flow, moved.value).answers).toBe(answered.answers);
    expect(setAnswer(moved.value, 'seats', 3).answers).not.toBe(answered.answers);
  });

  it('walks a state written by hand or restored from storage like one it made', () => {
    const written: FlowState = { history: ['plan', 'use'], answers: { plan: 'solo', seats: 12, use: ' Blog ' }, hidden: {} };
    const result = nextStep(flow, written);
    // Seats were answered on a branch not taken: the rule on seats ≥ 10 does not see them.
    expect(result.ok && result.value.history).toEqual(['plan', 'use', 'email']);
    expect(written.history).toEqual(['plan', 'use']);
    expect(pathAnswers(flow, written)).toEqual({ plan: 'solo', use: 'Blog' });
  });

  it('forgets a branch the visitor went back from, even after walking it step by step', () => {
    let state = setAnswer(startFlow(flow), 'plan', 'team');
    for (const [question, value] of [['plan', 'team'], ['seats', 12]] as const) {
      state = setAnswer(state, question, value);
      const moved = nextStep(flow, state);
      if (!moved.ok) throw new Error(`${question} refused`);
      state = moved.value;
    }
    expect(state.history).toEqual(['plan', 'seats', 'admin']);
    state = previousStep(flow, previousStep(flow, state));
    state = setAnswer(state, 'plan', 'solo');
    const atUse = nextStep(flow, state);
    if (!atUse.ok) throw new Error('plan refused');
    const after = nextStep(flow, setAnswer(atUse.value, 'use', 'Blog'));
    // 12 seats were typed on the team branch; on the solo path they do not lead to "big".
    expect(after.ok && after.value.history).toEqual(['plan', 'use', 'email']);
  });
});
