/**
 * Stop review 10: which part of a rule's condition the trace names (src/engine/scoring/criteria.ts
 * `heldBy` / `inputOf`), worked out by hand.
 */
import { describe, expect, it } from 'vitest';
import { scoreLead, type Answers, type Flow } from '../../src/engine/index.ts';
import { load, type FlowJson } from './fixtures.ts';

const options = (...ids: string[]) => ids.map((id) => ({ id, label: id }));
const steps = [
  { id: 'role', type: 'single_choice', title: 'Role?', options: options('sign_off', 'recommend', 'student') },
  { id: 'request', type: 'single_choice', title: 'Next?', options: options('demo', 'pricing', 'newsletter') },
  { id: 'team_size', type: 'number', title: 'Team size?' },
  { id: 'done', type: 'end', title: 'Thanks' },
];

const flowWith = (when: FlowJson): Flow =>
  load({ id: 'held', version: 1, steps, scoring: { criteria: [{ id: 'rule', kind: 'intent', when, points: 10 }] } });

const entry = (when: FlowJson, answers: Answers) => {
  const result = scoreLead(flowWith(when), answers, {});
  const found = result.trace.find((e) => e.rule === 'rule')!;
  return { input: found.input, value: found.value, points: found.points };
};

describe('the trace names the part that held', () => {
  it('an any whose first branch is an all that did not hold names the branch that did', () => {
    const when = { any: [{ all: [{ answer: 'role', is: 'sign_off' }, { answer: 'team_size', gte: 50 }] }, { answer: 'request', is: 'demo' }] };
    expect(entry(when, { role: 'sign_off', team_size: 5, request: 'demo' })).toEqual({ input: 'answers.request', value: 'demo', points: 10 });
  });

  it('an all inside an any inside an all: the first part of the branch that held', () => {
    const when = { all: [{ any: [{ answer: 'role', is: 'student' }, { answer: 'team_size', gte: 10 }] }, { answer: 'request', is: 'demo' }] };
    expect(entry(when, { role: 'sign_off', team_size: 40, request: 'demo' })).toEqual({ input: 'answers.team_size', value: 40, points: 10 });
  });

  it('a not whose inner is an any names what it reads', () => {
    const when = { any: [{ answer: 'request', is: 'newsletter' }, { not: { any: [{ answer: 'role', is: 'student' }, { answer: 'team_size', lt: 2 }] } }] };
    expect(entry(when, { role: 'sign_off', team_size: 40, request: 'demo' })).toEqual({ input: 'answers.role', value: 'sign_off', points: 10 });
  });

  it('a rule that did not hold names its first input, with no points', () => {
    const when = { any: [{ answer: 'role', is: 'student' }, { answer: 'request', is: 'newsletter' }] };
    expect(entry(when, { role: 'sign_off', request: 'demo' })).toEqual({ input: 'answers.role', value: 'sign_off', points: 0 });
  });

  it('a rule of one part is named by that part, held or not', () => {
    expect(entry({ answer: 'request', is: 'demo' }, { request: 'pricing' })).toEqual({ input: 'answers.request', value: 'pricing', points: 0 });
    expect(entry({ not: { answer: 'request', is: 'demo' } }, { request: 'pricing' })).toEqual({ input: 'answers.request', value: 'pricing', points: 10 });
  });
});
