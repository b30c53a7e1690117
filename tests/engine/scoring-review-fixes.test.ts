/**
 * Found by a review of the scoring and hostile-input fixes (tests/engine/scoring-edges.test.ts,
 * hostile-input.test.ts): each test was a bug those fixes brought or left, its comment says which.
 */
import { describe, expect, it } from 'vitest';
import { loadFlow, nextStep, pathAnswers, scoreLead, setAnswer, startFlow } from '../../src/engine/index.ts';
import { unsafePatternReason } from '../../src/engine/safe-pattern.ts';
import { load } from './fixtures.ts';

const options = (...ids: string[]) => ids.map((id) => ({ id, label: id.toUpperCase() }));

/** Two choice questions to hang decimal criteria on. */
const decimalFlow = (scoring: unknown) =>
  load({
    id: 'decimals',
    version: 1,
    steps: [
      { id: 'multi', type: 'multiple_choice', title: 'Which?', options: options('a', 'b') },
      { id: 'one', type: 'single_choice', title: 'One?', options: options('x', 'y') },
      { id: 'done', type: 'end', title: 'Thanks' },
    ],
    scoring,
  });

describe('decimal sums, caps and dimensions (src/engine/scoring/score-lead.ts)', () => {
  // Was: the dimension cap is compared with the untidied dimension sum. 0.1 + 0.2 in a dimension
  // capped at 0.3 is 0.30000000000000004 > 0.3, so a `cap:need` trace entry of
  // -5.551115123125783e-17 "dimension need capped at 0.3" appears although nothing was over the
  // cap; without a cap, `dimensions.need.points` reads 0.30000000000000004 in the payload.
  // `tidy` is applied to criteria (options) and to total/fit/intent, not to dimension sums.
  const needCriteria = [
    { id: 'c1', answer: 'multi', options: { a: 0.1 }, dimension: 'need' },
    { id: 'c2', answer: 'one', options: { x: 0.2 }, dimension: 'need' },
  ];
  it('applies no cap to a dimension whose decimal points add up exactly to its cap', () => {
    const capped = scoreLead(decimalFlow({ dimensions: { need: { kind: 'fit', cap: 0.3 } }, criteria: needCriteria }), { multi: ['a'], one: 'x' });
    expect(capped.trace.filter((entry) => entry.kind === 'cap')).toEqual([]);  // was [{ rule: 'cap:need', points: -5.551115123125783e-17, … }]
  });
  it('keeps a dimension\'s points to a millionth', () => {
    const uncapped = scoreLead(decimalFlow({ dimensions: { need: { kind: 'fit' } }, criteria: needCriteria }), { multi: ['a'], one: 'x' });
    expect(uncapped.dimensions.need!.points).toBe(0.3); // is 0.30000000000000004
  });

  // Was: `sums.negative` is not tidied (total, fit and intent are): two negative rules of -0.1
  // and -0.2 give `negative: -0.30000000000000004` next to `total: -0.3` in the result (and the
  // webhook payload), the very kind of number the commit set out to remove.
  it('keeps the negative sum to a millionth, like total, fit and intent', () => {
    const flow = decimalFlow({
      criteria: [],
      negative: [
        { id: 'n1', when: { answer: 'one', is: 'x' }, points: -0.1 },
        { id: 'n2', when: { answer: 'multi', is: 'a' }, points: -0.2 },
      ],
    });
    const result = scoreLead(flow, { multi: ['a'], one: 'x' });
    expect(result.total).toBe(-0.3);
    expect(result.negative).toBe(-0.3); // is -0.30000000000000004
  });
});

describe('a multiple choice naming an option twice (src/engine/step-kinds.ts)', () => {
  // Was: `choice()` now counts distinct options against maxSelected but the answer is stored as
  // given: ["a", "a"] on a question with maxSelected 1 — refused (too_many_selected) before the
  // commit — is accepted and travels as ["a", "a"] (labels ["A", "A"]) in pathAnswers and the
  // webhook payload. Only prefill de-duplicates; setAnswer (public API) and a restored state do
  // not. Either refuse it as before, or store each option once.
  it('does not send an option twice: a duplicate is refused or stored once', () => {
    const flow = load({
      id: 'dup',
      version: 1,
      steps: [
        { id: 'pain', type: 'multiple_choice', title: 'Pain?', maxSelected: 1, options: options('a', 'b') },
        { id: 'done', type: 'end', title: 'Thanks' },
      ],
    });
    const moved = nextStep(flow, setAnswer(startFlow(flow), 'pain', ['a', 'a']));
    if (moved.ok) expect(pathAnswers(flow, moved.value).pain).toEqual(['a']); // is ['a', 'a']
  });
});

describe('repetitions and alternatives in a pattern (src/engine/safe-pattern.ts)', () => {
  // Was (a false refusal): `splits` multiplies across `|`, although alternatives
  // are tried one after another (their splits add up, they do not multiply). A DACH phone
  // pattern of three alternatives (112, 56 and 128 splits each) counts as 802,816 and is
  // refused, so a flow that loaded before the commit no longer loads. Measured: the pattern
  // takes < 1 ms on 500-character misses.
  it('takes alternatives that are each far below the limit', () => {
    const phone = '^\\+49 ?\\d{2,5} ?\\d{3,9}$|^0\\d{2,5}[ /-]?\\d{3,9}$|^\\+43 ?\\d{1,4} ?\\d{3,10}$';
    expect(unsafePatternReason(phone)).toBeUndefined(); // is "bounded repetitions that together split the text in too many ways…"
    const result = loadFlow({
      id: 'phone',
      version: 1,
      steps: [
        { id: 'tel', type: 'short_text', title: 'Phone', next: [{ if: { answer: 'tel', matches: phone }, goto: 'done' }] },
        { id: 'done', type: 'end', title: 'Thanks' },
      ],
    });
    expect(result.ok).toBe(true);
  });

  // Was: unbounded repetitions are not counted in `splits`, although each multiplies
  // the ways to split by up to the text's length. `\w+` followed by four `\w{0,9}` (10,000
  // splits, allowed; one long repetition, allowed) then `!` loads, and on a miss over the 500
  // characters tested it took 23.9 s in Node 20 (100 characters: 0.76 s, 200: 3.4 s) — the
  // freeze the commit meant to prevent. With `\w+` at both ends: 8.7 s over 100 characters.
  it('refuses an unbounded repetition next to bounded ones that split a text too many ways', () => {
    expect(unsafePatternReason('\\w+' + '\\w{0,9}'.repeat(4) + '!')).toMatch(/hang/); // is undefined
    expect(unsafePatternReason('\\w+' + '\\w{0,9}'.repeat(4) + '\\w+!')).toMatch(/hang/); // is undefined
  });
});
