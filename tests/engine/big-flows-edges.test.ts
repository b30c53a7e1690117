import { describe, expect, it } from 'vitest';
import { formatPath, nextStep, pathAnswers, previousStep, setAnswer, startFlow, validateFlow, type AnswerValue } from '../../src/engine/index.ts';
import { load, type FlowJson } from './fixtures.ts';
import { answer, here, reviewLoop, walk } from './support/walk.ts';

/**
 * Unusual flows a marketer writes, as the engine runs and lints them: rules on numbers written
 * as text, a step that leads back to itself, piping an answer not given yet, a minimum of 0.
 * Each `it.fails` is an open bug; the test says what should happen.
 */

const flowOf = (steps: unknown[]): FlowJson => ({ id: 'unusual', version: 1, webhook: 'https://hooks.example.test/lead', steps });

/** The paths (as `steps[0].next[0].if.in`) of what validateFlow reports, warnings included. */
function linted(json: FlowJson): string[] {
  const result = validateFlow(json);
  return result.ok ? [] : result.issues.map((issue) => formatPath(issue.path));
}

describe('rules comparing a number answer with a text', () => {
  const ending = (title: string, id: string) => ({ id, type: 'end', title });

  /**
   * Each case: a question with a rule to `match`, the answer that should take it there, and
   * the path of the operand a linter would name.
   */
  const cases: Array<{ name: string; step: Record<string, unknown>; value: AnswerValue; operand: string }> = [
    {
      // Scoring writes rating points as text ("options": { "9": 10 }), so a rule written the same way is natural.
      name: 'an NPS rating of 9 against "in": ["9", "10"]',
      step: { id: 'nps', type: 'rating', title: 'NPS', min: 0, max: 10, next: [{ if: { answer: 'nps', in: ['9', '10'] }, goto: 'match' }] },
      value: 9,
      operand: 'steps[0].next[0].if.in[0]',
    },
    {
      name: 'a team size of 10 against "is": "10"',
      step: { id: 'team', type: 'number', title: 'Team', next: [{ if: { answer: 'team', is: '10' }, goto: 'match' }] },
      value: 10,
      operand: 'steps[0].next[0].if.is',
    },
    {
      name: 'a ticked consent against "is": "true"',
      step: { id: 'ok', type: 'consent', title: 'OK?', label: 'Ja', next: [{ if: { answer: 'ok', is: 'true' }, goto: 'match' }] },
      value: true,
      operand: 'steps[0].next[0].if.is',
    },
  ];

  // Was: a rule that compares a rating, number or consent answer with a text ("9", "10",
  // "true") never held, and validateFlow said nothing: every visitor silently fell through. A
  // hidden field "3" did compare as 3, and a text answer "10" matched `"is": 10`, but not the
  // other way round. Either side may write the number as text now, and a consent "true".
  it.each(cases)('takes the rule for $name, or the linter flags the operand', ({ step, value, operand }) => {
    const json = flowOf([step, ending('Kein Treffer', 'other'), ending('Treffer', 'match')]);
    const flow = load(json);
    const ended = here(flow, answer(flow, startFlow(flow), { [step['id'] as string]: value }));
    expect(ended === 'match' || linted(json).includes(operand)).toBe(true);
  });

  it('takes a rule comparing a number answer with numbers, and a text answer with a number', () => {
    const json = flowOf([
      { id: 'team', type: 'number', title: 'Team', next: [{ if: { answer: 'team', in: [5, 10] }, goto: 'code' }] },
      { id: 'miss', type: 'end', title: 'Kein Treffer' },
      { id: 'code', type: 'short_text', title: 'Code', next: [{ if: { answer: 'code', gte: 100 }, goto: 'match' }, { goto: 'miss' }] },
      { id: 'match', type: 'end', title: 'Treffer' },
    ]);
    const flow = load(json);
    let state = answer(flow, startFlow(flow), { team: 10 });
    expect(here(flow, state)).toBe('code');
    state = answer(flow, state, { code: ' 120 ' });
    expect(here(flow, state)).toBe('match');
  });
});

describe('a step whose rule leads back to itself', () => {
  // Was: `{ "if": { "answer": "more", "is": "yes" }, "goto": "more" }` passed validateFlow
  // without a word, yet it can only show the same question again with the same answer chosen
  // (one answer per question id): Next seems to do nothing. The linter warns at the rule now.
  it('is flagged by the linter at the rule', () => {
    const json = flowOf([
      {
        id: 'more',
        type: 'single_choice',
        title: 'Noch ein Produkt?',
        options: [
          { id: 'yes', label: 'Ja' },
          { id: 'no', label: 'Nein' },
        ],
        next: [{ if: { answer: 'more', is: 'yes' }, goto: 'more' }],
      },
      { id: 'done', type: 'end', title: 'Danke' },
    ]);
    expect(linted(json)).toContain('steps[0].next[0].goto');
  });
});

describe('piping an answer', () => {
  // Was: "Hallo {{answers.first_name}}!" on the first step, where first_name is asked only on
  // the contact step later, passed validateFlow; every visitor saw "Hallo !". The linter warns
  // about it now, as it does about a rule reading a question asked after its step.
  it('that is asked only after the text is flagged by the linter', () => {
    const json = flowOf([
      { id: 'hello', type: 'statement', title: 'Hallo {{answers.first_name}}!' },
      { id: 'contact', type: 'contact', title: 'Kontakt', fields: [{ id: 'first_name', kind: 'first_name' }] },
      { id: 'done', type: 'end', title: 'Danke, {{answers.first_name}}!' },
    ]);
    const paths = linted(json);
    expect(paths).toContain('steps[0].title');
    // The ending comes after the contact step: nothing to say there.
    expect(paths).not.toContain('steps[2].title');
  });
});

describe('a multiple choice with "minSelected": 0', () => {
  // Was: a marketer writes "minSelected": 0 to let visitors choose nothing, but the question is
  // still required (the default), so Next without a choice is refused — the setting did nothing,
  // without a word from validateFlow. The linter says to add "required": false now.
  it('on a required question lets the visitor choose none, or is flagged by the linter', () => {
    const json = flowOf([
      {
        id: 'channels',
        type: 'multiple_choice',
        title: 'Kanäle?',
        minSelected: 0,
        options: [
          { id: 'mail', label: 'E-Mail' },
          { id: 'chat', label: 'Chat' },
        ],
      },
      { id: 'done', type: 'end', title: 'Danke' },
    ]);
    const flow = load(json);
    const movesOn = nextStep(flow, setAnswer(startFlow(flow), 'channels', [])).ok;
    expect(movesOn || linted(json).includes('steps[0].minSelected')).toBe(true);
  });
});

describe('a loop back to the first step (a review step\'s "start again")', () => {
  // The answers that count are those of the path with its loops cut out; Back into the loop's
  // earlier pass makes its answers count again, as they are on the path once more.
  it('counts no answer of the pass the visitor left, and counts them again after Back into it', () => {
    const flow = load(reviewLoop());
    let s = walk(flow, { kind: 'biz' }, { size: '40' }, { review: 'again' }, { kind: 'private' });
    expect(here(flow, s)).toBe('private_q');
    expect(pathAnswers(flow, s)).toEqual({ kind: 'private' });
    s = previousStep(flow, previousStep(flow, s));
    expect(here(flow, s)).toBe('review');
    expect(pathAnswers(flow, s)).toEqual({ kind: 'private', size: '40', review: 'again' });
  });
});
