/**
 * Scoring at the edges, from an audit of the engine against the seed article
 * (shared/seed/leads-vs-prospects.de.txt), DESIGN.md, docs/qualification.md and
 * docs/flow-format.md: each test was a bug, and its comment says what went wrong.
 */
import { describe, expect, it, vi } from 'vitest';
import bantJson from '../../demo/flows/bant.json';
import champJson from '../../demo/flows/champ.json';
import {
  nextStep,
  prefillAnswers,
  pathAnswers,
  scoreLead,
  setAnswer,
  startFlow,
  validateFlow,
  type Flow,
  type FlowState,
} from '../../src/engine/index.ts';
import { load, type FlowJson } from './fixtures.ts';

const options = (...ids: string[]) => ids.map((id) => ({ id, label: id }));

/** Walks a flow from its start, answering each step in turn; fails loudly on a refused answer. */
function walk(flow: Flow, state: FlowState, answers: Array<Record<string, unknown>>): FlowState {
  for (const step of answers) {
    for (const [question, value] of Object.entries(step)) state = setAnswer(state, question, value as never);
    const moved = nextStep(flow, state);
    if (!moved.ok) throw new Error(`refused: ${JSON.stringify(moved.issues)}`);
    state = moved.value;
  }
  return state;
}

describe('scoring at the edges', () => {
  // Was: a multiple-choice answer that names one option twice is accepted and each copy is
  // scored. A prefilled link `?pain=scattered_data,scattered_data` turns into
  // ["scattered_data", "scattered_data"] (prefill.ts splits on "," without de-duplicating),
  // validateStep's `choice()` (step-kinds.ts) only checks that every id exists, and the
  // options scorer in scoring/criteria.ts (`own()` + reduce) adds the option's points per copy.
  // Contradicts docs/qualification.md "a multiple choice adds up every chosen option" (an
  // option is chosen or not: it cannot be chosen twice) and the brief's "counted once".
  // Now: the scorer and prefill take each option once, and choice() refuses an answer naming one twice.
  it('counts a multiple-choice option once, even when the answer (e.g. a prefill link) names it twice', () => {
    const flow = load({
      id: 'dup',
      version: 1,
      steps: [
        { id: 'pain', type: 'multiple_choice', title: 'Pain?', prefill: 'pain', options: options('scattered_data', 'no_forecast') },
        { id: 'done', type: 'end', title: 'Thanks' },
      ],
      scoring: { criteria: [{ id: 'sales_pain', answer: 'pain', options: { scattered_data: 20, no_forecast: 20 } }] },
    });
    const prefilled = prefillAnswers(flow, new URLSearchParams('pain=scattered_data,scattered_data,scattered_data,scattered_data'));
    const state = walk(flow, startFlow(flow, {}, prefilled), [{}]); // the visitor just confirms with Next
    const result = scoreLead(flow, pathAnswers(flow, state), state);
    expect(result.criteria.sales_pain).toBe(20);  // was 80
    expect(result.tier).toBe('cold'); // was hot (80 ≥ 61)
  });

  // Was: totals were plain floating-point sums, neither rounded nor summed in a fixed order.
  // Options worth 8.2 + 23.9 + 28.9 are exactly 61 (hot by the article: "61+ Punkte: Heißer
  // Lead"), but summed in the flow's option order — the order the widget stores a multiple
  // choice in (ui/questions/choice-question.tsx) — they give 60.99999999999999: warm, and the
  // payload's total reads 60.99999999999999. Summed in the order b, c, a the same answer is
  // 61 and hot, so the tier depends on the order of the answer's values.
  // Responsible: scoring/criteria.ts (options reduce) and scoring/score-lead.ts (sums, tierOf).
  // Now: chosen options are summed in sorted order, and every sum is kept to a millionth (`tidy`).
  it('puts options that add up to exactly 61 in hot, whatever the order of the chosen values', () => {
    const flow = load({
      id: 'float',
      version: 1,
      steps: [
        { id: 'multi', type: 'multiple_choice', title: 'Which?', options: options('a', 'b', 'c') },
        { id: 'done', type: 'end', title: 'Thanks' },
      ],
      scoring: { criteria: [{ id: 'm', answer: 'multi', options: { a: 8.2, b: 23.9, c: 28.9 } }] },
    });
    const inFlowOrder = scoreLead(flow, { multi: ['a', 'b', 'c'] });
    const otherOrder = scoreLead(flow, { multi: ['b', 'c', 'a'] });
    expect(otherOrder).toMatchObject({ total: 61, tier: 'hot' });
    expect(inFlowOrder).toMatchObject({ total: 61, tier: 'hot' }); // was 60.99999999999999, warm
  });

  // Was: the linter said a criterion "always gives 0 points" — as an error, so `validate`
  // exits 1 and validateFlow is not ok — for forms the engine scores fine: `options` on a
  // dropdown (its answer is an option id like a single choice), `bands` on a range slider
  // (a number), and an evidence criterion without `levels` on a rating (a number; the docs:
  // "without levels a numeric answer (a 0–3 rating) is the level"). scoreLead gives 20, 10
  // and 30 points for them. Responsible: lint/lint-scoring.ts, FORMS (CHOICES lacks
  // 'dropdown'; bands/rating list only 'number'). Now: choice forms take
  // single_choice, multiple_choice and dropdown; number forms number, range and rating.
  it('does not refuse criteria on a dropdown, a range or a rating, which do score', () => {
    const json: FlowJson = {
      id: 'forms',
      version: 1,
      steps: [
        { id: 'size', type: 'dropdown', title: 'Size?', options: options('small', 'big') },
        { id: 'seats', type: 'range', title: 'Seats?', min: 0, max: 100 },
        { id: 'sure', type: 'rating', title: 'How sure (0–3)?', min: 0, max: 3 },
        { id: 'done', type: 'end', title: 'Thanks' },
      ],
      scoring: {
        criteria: [
          { id: 'c_size', answer: 'size', options: { small: 5, big: 20 } },
          { id: 'c_seats', answer: 'seats', bands: [{ min: 50, points: 10 }] },
          { id: 'c_sure', answer: 'sure', weight: 30 },
        ],
      },
    };
    // The engine does score them…
    expect(scoreLead(load(json), { size: 'big', seats: 60, sure: 3 }).criteria).toEqual({ c_size: 20, c_seats: 10, c_sure: 30 });
    // …so the linter must not call them dead.
    const result = validateFlow(json);
    const issues = result.ok ? [] : result.issues;
    expect(issues.filter((issue) => issue.code === 'criterion_form')).toEqual([]);
  });

  // bant.json (team_size) and champ.json (employees) have band tables with whole-number bounds
  // (max 24 / min 25, …): a decimal between two bands would score 0 ("24.5 sales people" got no
  // need points, 24 got 8). docs/qualification.md: write contiguous bounds, or only mins. The
  // questions now take whole numbers (`"step": 1`), so no answer falls between two bands.
  it('demo flows: a number answer the flow accepts never falls between two bands', () => {
    const bant = load(bantJson);
    const champ = load(champJson);
    expect(() => walk(bant, startFlow(bant), [{ role: 'decide' }, { team_size: 24.5 }])).toThrow(/not_in_steps/);
    expect(() => walk(champ, startFlow(champ), [{ challenges: ['time_off'] }, { employees: 99.5 }])).toThrow(/not_in_steps/);
    const bantState = walk(bant, startFlow(bant), [{ role: 'decide' }, { team_size: 24 }]);
    expect(scoreLead(bant, pathAnswers(bant, bantState), bantState).criteria.sales_team).toBe(8);
    const champState = walk(champ, startFlow(champ), [{ challenges: ['time_off'] }, { employees: 99 }]);
    expect(scoreLead(champ, pathAnswers(champ, champState), champState).criteria.headcount).toBe(5);
  });

  // Was (API): an evidence criterion without `levels` turns a non-finite number into points:
  // NaN gives NaN points and a NaN total (tier cold, JSON `null` in the payload); Infinity gives
  // the full weight although isAnswered(Infinity) is false ("unanswered"). Options and bands
  // give 0 for such values (docs: "gives 0 … when … it is not a number"). Reached only through
  // the public scoreLead / setAnswer API (the widget's validation refuses non-finite numbers).
  // Responsible: scoring/criteria.ts, `levels` scorer (`typeof value === 'number'` without
  // Number.isFinite). Now: a non-finite number gives no level.
  it('gives no points, and a finite total, for a non-finite number on an evidence criterion', () => {
    const flow = load({
      id: 'nan',
      version: 1,
      steps: [
        { id: 'sure', type: 'number', title: 'Sure?' },
        { id: 'done', type: 'end', title: 'Thanks' },
      ],
      scoring: { criteria: [{ id: 'c_sure', answer: 'sure', weight: 30 }] },
    });
    expect(scoreLead(flow, { sure: Number.NaN }).total).toBe(0); // was NaN
    expect(scoreLead(flow, { sure: Number.POSITIVE_INFINITY }).total).toBe(0); // was 30
  });

  // Was: configVersion's fingerprint is documented to cover "the built-in domain list" (docs/
  // qualification.md, "The result"), but resolve-scoring.ts hashes only personalDomainCount().
  // A release that swaps one domain for another (same count) changes which leads get the
  // personal_email penalty while configVersion stays the same, so a re-scoring server cannot
  // tell. Now: the list itself is hashed, once per flow.
  it('changes configVersion when the built-in personal domain list changes, even at the same size', async () => {
    const json = {
      id: 'domains',
      version: 1,
      steps: [
        { id: 'contact', type: 'contact', title: 'Contact', fields: [{ id: 'email', kind: 'email' }] },
        { id: 'done', type: 'end', title: 'Thanks' },
      ],
      scoring: { extend: 'bant' },
    };
    const before = scoreLead(load(json), { email: 'anna@gmail.com' });

    vi.resetModules();
    vi.doMock('../../src/engine/scoring/personal-domains.ts', async (importOriginal) => {
      const real = await importOriginal<typeof import('../../src/engine/scoring/personal-domains.ts')>();
      // The same number of domains, one swapped: gmail.com out, vodafonemail.de in.
      const swap = (domain: string) => (domain === 'gmail.com' ? 'vodafonemail.de' : domain);
      return {
        ...real,
        personalDomains: () => real.personalDomains().map(swap),
        isPersonalDomain: (value: string, overrides?: Parameters<typeof real.isPersonalDomain>[1]) => {
          const domain = value.includes('@') ? real.emailDomain(value) : value;
          if (domain === 'gmail.com') return false;
          if (domain === 'vodafonemail.de') return true;
          return real.isPersonalDomain(value, overrides);
        },
      };
    });
    try {
      const engine = await import('../../src/engine/index.ts');
      const loaded = engine.loadFlow(json);
      if (!loaded.ok) throw new Error('flow invalid');
      const after = engine.scoreLead(loaded.value, { email: 'anna@gmail.com' });
      // The scoring did change…
      expect([before.negative, after.negative]).toEqual([-10, 0]);
      // …so configVersion must too.
      expect(after.configVersion).not.toBe(before.configVersion);
    } finally {
      vi.doUnmock('../../src/engine/scoring/personal-domains.ts');
      vi.resetModules();
    }
  });
});
