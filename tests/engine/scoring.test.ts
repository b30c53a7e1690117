import { describe, expect, it } from 'vitest';
import {
  currentStep,
  nextStep,
  resolveScoring,
  scoreLead,
  setAnswer,
  startFlow,
  type Answers,
  type AnswerValue,
  type Flow,
  type FlowState,
  type HiddenFields,
} from '../../src/engine/index.ts';
import { load, type FlowJson } from './fixtures.ts';

const options = (...ids: string[]) => ids.map((id) => ({ id, label: id }));

/** The questions a test flow can ask, by id; each is one step. */
const questions: Record<string, FlowJson> = {
  role: { type: 'single_choice', title: 'Role?', options: options('sign_off', 'recommend', 'research', 'student') },
  need: { type: 'multiple_choice', title: 'Need?', options: options('lead_routing', 'forecasting', 'reporting', 'crm_sync') },
  team_size: { type: 'number', title: 'Team size?' },
  budget: { type: 'single_choice', title: 'Budget?', options: options('approved', 'planned', 'none') },
  rating: { type: 'number', title: 'How sure are you (0–3)?' },
  request: { type: 'single_choice', title: 'What next?', options: options('demo', 'pricing', 'newsletter') },
  pts: { type: 'single_choice', title: 'Points?', options: options('p-5', 'p0', 'p20', 'p30', 'p31', 'p40', 'p60', 'p61') },
  contact: { type: 'contact', title: 'Contact', fields: [{ id: 'name', kind: 'name' }, { id: 'email', kind: 'email' }] },
};

/** `pts` gives exactly the points its option names: "p31" → 31. */
const exactPoints = { id: 'pts', answer: 'pts', options: { 'p-5': -5, p0: 0, p20: 20, p30: 30, p31: 31, p40: 40, p60: 60, p61: 61 } };

interface FlowOptions {
  /** The questions asked, in order. @default every one but `request` (which presets read) */
  ask?: string[];
  hidden?: string[];
  version?: number;
}

/** A flow asking `ask`, then ending, with the given scoring block (as JSON, loaded like the widget does). */
function flowOf(scoring: FlowJson, { ask = ['role', 'need', 'team_size', 'budget', 'rating', 'pts', 'contact'], hidden, version = 1 }: FlowOptions = {}): Flow {
  return load({
    id: 'scored',
    version,
    ...(hidden && { hidden }),
    steps: [...ask.map((id) => ({ id, ...questions[id] })), { id: 'done', type: 'end', title: 'Thanks' }],
    ...(scoring && { scoring }),
  });
}

const score = (flow: Flow, answers: Answers, hidden?: HiddenFields) => scoreLead(flow, answers, { hidden });
const traceOf = (flow: Flow, answers: Answers, rule: string, hidden?: HiddenFields) =>
  score(flow, answers, hidden).trace.filter((entry) => entry.rule === rule);

describe('option points', () => {
  const flow = flowOf({
    criteria: [
      { id: 'authority', answer: 'role', options: { sign_off: 30, recommend: 15, research: 0, student: -20 } },
      { id: 'need', answer: 'need', options: { lead_routing: 8, forecasting: 8, reporting: 4 } },
    ],
  });

  it('gives the points of the chosen option', () => {
    expect(score(flow, { role: 'sign_off' })).toMatchObject({ total: 30, fit: 30, criteria: { authority: 30, need: 0 } });
    expect(score(flow, { role: 'recommend' }).total).toBe(15);
  });

  it('sums every chosen option of a multiple choice, ignoring options without points', () => {
    expect(traceOf(flow, { need: ['lead_routing', 'reporting', 'crm_sync'] }, 'need')).toEqual([
      { rule: 'need', kind: 'fit', input: 'answers.need', value: ['lead_routing', 'reporting', 'crm_sync'], points: 12, detail: 'lead_routing, reporting' },
    ]);
  });

  it('can take points away', () => {
    expect(score(flow, { role: 'student' })).toMatchObject({ total: -20, fit: -20, tier: 'cold' });
  });

  it('gives nothing, and no detail, for an unanswered or empty answer', () => {
    for (const answers of [{}, { role: ' ', need: [] }] as Answers[]) {
      const result = score(flow, answers);
      expect(result.total).toBe(0);
      expect(result.trace.slice(0, 2)).toEqual([
        { rule: 'authority', kind: 'fit', input: 'answers.role', value: answers['role'] ?? null, points: 0 },
        { rule: 'need', kind: 'fit', input: 'answers.need', value: answers['need'] ?? null, points: 0 },
      ]);
    }
  });

  // A server re-scores the answers it receives; a made-up answer must not reach the
  // prototype of the points table.
  it.each(['constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf'])('gives nothing for the answer %j', (value) => {
    const result = score(flow, { role: value, need: [value, 'reporting'] });
    expect(result).toMatchObject({ total: 4, criteria: { authority: 0, need: 4 } });
    expect(result.trace[0]).toEqual({ rule: 'authority', kind: 'fit', input: 'answers.role', value, points: 0 });
    expect(result.trace[1]).toMatchObject({ points: 4, detail: 'reporting' });
  });
});

describe('numeric bands', () => {
  const flow = flowOf({
    criteria: [
      {
        id: 'company_size',
        answer: 'team_size',
        bands: [
          { max: 4, points: 0 },
          { min: 5, max: 49, points: 10 },
          { min: 50, points: 15 },
          { min: 10, max: 20, points: 99 },
        ],
      },
    ],
  });

  it.each([
    [-3, 0, '−∞–4'],
    [4, 0, '−∞–4'],
    [5, 10, '5–49'],
    [15, 10, '5–49'],
    [49, 10, '5–49'],
    [50, 15, '50–∞'],
    [100000, 15, '50–∞'],
  ])('a team of %d earns %d (band %s; the first band containing it wins)', (team_size, points, detail) => {
    expect(traceOf(flow, { team_size }, 'company_size')).toEqual([
      { rule: 'company_size', kind: 'fit', input: 'answers.team_size', value: team_size, points, detail },
    ]);
  });

  it('gives 0 without a detail when no band contains the answer or it is not a number', () => {
    expect(traceOf(flow, { team_size: 4.5 }, 'company_size')).toEqual([
      { rule: 'company_size', kind: 'fit', input: 'answers.team_size', value: 4.5, points: 0 },
    ]);
    expect(score(flow, { team_size: '60' }).criteria['company_size']).toBe(0);
  });
});

describe('evidence levels', () => {
  // points = weight × level / 3, rounded
  it.each([
    ['approved', 3, 25],
    ['planned', 2, 17],
    ['none', 1, 8],
  ])('"%s" is level %d: 25 × level / 3 rounded = %d', (budget, level, points) => {
    const flow = flowOf({ criteria: [{ id: 'budget', answer: 'budget', weight: 25, levels: { approved: 3, planned: 2, none: 1 } }] });
    expect(traceOf(flow, { budget }, 'budget')).toEqual([
      { rule: 'budget', kind: 'fit', input: 'answers.budget', value: budget, points, detail: `evidence ${level}/3` },
    ]);
  });

  it("takes the weight from the criterion, else from its dimension, else gives 0", () => {
    const levels = { approved: 3, planned: 2, none: 0 };
    const flow = flowOf({
      dimensions: { budget: { weight: 20 } },
      criteria: [
        { id: 'dimension_weight', answer: 'budget', dimension: 'budget', levels },
        { id: 'own_weight', answer: 'budget', dimension: 'budget', weight: 30, levels },
        { id: 'no_weight', answer: 'budget', levels },
      ],
    });
    expect(score(flow, { budget: 'planned' }).criteria).toEqual({ dimension_weight: 13, own_weight: 20, no_weight: 0 });
    expect(score(flow, { budget: 'none' }).trace[0]).toMatchObject({ points: 0, detail: 'evidence 0/3' });
  });

  it.each([
    [0, 0, 0],
    [1, 1, 10],
    [2, 2, 20],
    [3, 3, 30],
    [7, 3, 30],
    [-2, 0, 0],
  ])('without levels, a numeric answer %d is the level (clamped to %d): %d points', (rating, level, points) => {
    const flow = flowOf({ criteria: [{ id: 'confidence', answer: 'rating', weight: 30 }] });
    expect(traceOf(flow, { rating }, 'confidence')).toEqual([
      { rule: 'confidence', kind: 'fit', input: 'answers.rating', value: rating, points, detail: `evidence ${level}/3` },
    ]);
  });

  it('without levels, gives nothing for an answer that is not a number', () => {
    const flow = flowOf({ criteria: [{ id: 'confidence', answer: 'rating', weight: 30 }] });
    expect(traceOf(flow, { rating: '3' }, 'confidence')).toEqual([
      { rule: 'confidence', kind: 'fit', input: 'answers.rating', value: '3', points: 0 },
    ]);
  });

  it('takes the best level among the chosen options of a multiple choice', () => {
    const flow = flowOf({ criteria: [{ id: 'pain', answer: 'need', weight: 30, levels: { lead_routing: 1, forecasting: 3, reporting: 2 } }] });
    expect(traceOf(flow, { need: ['lead_routing', 'reporting', 'crm_sync'] }, 'pain')[0]).toMatchObject({ points: 20, detail: 'evidence 2/3' });
    expect(traceOf(flow, { need: ['forecasting', 'lead_routing'] }, 'pain')[0]).toMatchObject({ points: 30, detail: 'evidence 3/3' });
    expect(traceOf(flow, { need: ['crm_sync'] }, 'pain')[0]).toEqual({ rule: 'pain', kind: 'fit', input: 'answers.need', value: ['crm_sync'], points: 0 });
  });
});

describe('rules on hidden fields', () => {
  const flow = flowOf(
    { criteria: [{ id: 'repeat_visits', kind: 'intent', when: { hidden: 'visits', gte: 2 }, points: 5 }] },
    { hidden: ['visits'] },
  );

  it('compare a hidden field passed as text as a number: "3" ≥ 2', () => {
    expect(score(flow, {}, { visits: '3' })).toMatchObject({ total: 5, intent: 5, fit: 0 });
    expect(traceOf(flow, {}, 'repeat_visits', { visits: '3' })).toEqual([
      { rule: 'repeat_visits', kind: 'intent', input: 'hidden.visits', value: '3', points: 5 },
    ]);
  });

  it.each<[string, HiddenFields]>([
    ['one visit', { visits: '1' }],
    ['text that is no number', { visits: 'many' }],
    ['an empty value', { visits: '' }],
    ['no value', {}],
  ])('give nothing for %s', (_name, hidden) => {
    expect(score(flow, {}, hidden).total).toBe(0);
    expect(traceOf(flow, {}, 'repeat_visits', hidden)).toEqual([
      { rule: 'repeat_visits', kind: 'intent', input: 'hidden.visits', value: hidden['visits'] ?? null, points: 0 },
    ]);
  });

  it('see no hidden fields when none are passed', () => {
    expect(scoreLead(flow, {}).total).toBe(0);
  });
});

describe('caps', () => {
  it('a criterion gives at most its cap; the detail says so', () => {
    const flow = flowOf({ criteria: [{ id: 'need', answer: 'need', cap: 10, options: { lead_routing: 8, forecasting: 8, reporting: 4 } }] });
    expect(traceOf(flow, { need: ['lead_routing', 'forecasting'] }, 'need')).toEqual([
      { rule: 'need', kind: 'fit', input: 'answers.need', value: ['lead_routing', 'forecasting'], points: 10, detail: 'lead_routing, forecasting, capped at 10' },
    ]);
    expect(traceOf(flow, { need: ['reporting'] }, 'need')[0]).toMatchObject({ points: 4, detail: 'reporting' });
  });

  it('a dimension adds at most its cap, with a "cap" entry in the trace', () => {
    const flow = flowOf({
      dimensions: { authority: { kind: 'fit', cap: 25 } },
      criteria: [
        { id: 'role', answer: 'role', dimension: 'authority', options: { sign_off: 20, recommend: 10 } },
        { id: 'budget_owner', answer: 'budget', dimension: 'authority', options: { approved: 15 } },
        { id: 'size', answer: 'team_size', bands: [{ min: 50, points: 15 }] },
      ],
    });
    const result = score(flow, { role: 'sign_off', budget: 'approved', team_size: 60 });
    expect(result).toMatchObject({
      total: 40,
      fit: 40,
      // Criteria keep what they earned; the dimension's cap takes the surplus away.
      criteria: { role: 20, budget_owner: 15, size: 15 },
      dimensions: { authority: { kind: 'fit', points: 25, cap: 25 } },
    });
    expect(result.trace.filter((entry) => entry.kind === 'cap')).toEqual([
      { rule: 'cap:authority', kind: 'cap', points: -10, detail: 'dimension authority capped at 25' },
    ]);
    // Under the cap, nothing is taken away and there is no cap entry.
    const below = score(flow, { role: 'recommend', budget: 'approved' });
    expect(below).toMatchObject({ total: 25, dimensions: { authority: { points: 25, cap: 25 } } });
    expect(below.trace.some((entry) => entry.kind === 'cap')).toBe(false);
  });
});

describe('fit and intent', () => {
  const flow = flowOf(
    {
      dimensions: { timeline: { kind: 'intent' }, authority: { kind: 'fit' } },
      criteria: [
        { id: 'own_kind', kind: 'intent', answer: 'role', options: { sign_off: 10 } },
        { id: 'from_dimension', dimension: 'timeline', answer: 'budget', options: { approved: 20 } },
        { id: 'dimension_wins', dimension: 'authority', kind: 'intent', when: { hidden: 'visits', gte: 1 }, points: 5 },
        { id: 'default_fit', answer: 'team_size', bands: [{ points: 7 }] },
      ],
    },
    { hidden: ['visits'] },
  );

  // In a dimension the dimension's kind wins (the linter flags a differing "kind"), so a
  // dimension cap always takes from the score that earned the points.
  it('takes the kind from its dimension, else from the criterion, else fit', () => {
    const result = score(flow, { role: 'sign_off', budget: 'approved', team_size: 3 }, { visits: '1' });
    expect(result).toMatchObject({ fit: 12, intent: 30, total: 42, negative: 0 });
    expect(result.trace.slice(0, 4).map((entry) => [entry.rule, entry.kind, entry.points])).toEqual([
      ['own_kind', 'intent', 10],
      ['from_dimension', 'intent', 20],
      ['dimension_wins', 'fit', 5],
      ['default_fit', 'fit', 7],
    ]);
  });

  it('takes a dimension cap from the kind of that dimension', () => {
    const capped = flowOf(
      { dimensions: { need: { kind: 'intent', cap: 10 } }, criteria: [{ id: 'visits', dimension: 'need', when: { hidden: 'visits', gte: 1 }, points: 30 }] },
      { hidden: ['visits'] },
    );
    expect(score(capped, {}, { visits: '2' })).toMatchObject({ fit: 0, intent: 10, total: 10, dimensions: { need: { kind: 'intent', points: 10, cap: 10 } } });
  });
});

describe('negative rules', () => {
  /** BANT with a contact step: the preset's `personal_email` rule applies to the `email` field. */
  const bant = (extra: FlowJson = {}) => flowOf({ extend: 'bant', ...extra }, { ask: ['role', 'contact'] });

  it('take 10 points for a personal e-mail domain (preset rule personal_email)', () => {
    const result = score(bant(), { email: 'max@gmx.de' });
    expect(result).toMatchObject({ total: -10, negative: -10, fit: 0, intent: 0, tier: 'cold' });
    expect(result.trace.filter((entry) => entry.kind === 'negative')).toEqual([
      { rule: 'personal_email', kind: 'negative', input: 'answers.email', value: 'max@gmx.de', points: -10 },
    ]);
  });

  it('take nothing for a company domain, or without an e-mail', () => {
    for (const answers of [{ email: 'max@acme.com' }, {}] as Answers[]) {
      const result = score(bant(), answers);
      expect(result).toMatchObject({ total: 0, negative: 0 });
      expect(result.trace.some((entry) => entry.kind === 'negative')).toBe(false);
    }
  });

  it('follow the flow’s changes to the personal domains', () => {
    expect(score(bant({ personalDomains: { add: ['acme.com'] } }), { email: 'max@acme.com' }).negative).toBe(-10);
    expect(score(bant({ personalDomains: { remove: ['gmx.de'] } }), { email: 'max@gmx.de' }).negative).toBe(0);
    expect(score(bant({ personalDomains: { remove: ['gmx.de'] } }), { email: 'max@web.de' }).negative).toBe(-10);
  });

  it('are added after the criteria and can take the total below 0', () => {
    const flow = flowOf({
      criteria: [{ id: 'authority', answer: 'role', options: { research: 5 } }],
      negative: [{ id: 'no_budget', when: { answer: 'budget', is: 'none' }, points: -15 }],
    });
    expect(score(flow, { role: 'research', budget: 'none' })).toMatchObject({ total: -10, fit: 5, negative: -15, tier: 'cold' });
  });
});

describe('knock-outs', () => {
  const flow = flowOf({
    criteria: [
      { id: 'authority', answer: 'role', options: { sign_off: 40, student: 70 } },
      { id: 'ask', kind: 'intent', answer: 'request', options: { pricing: 25 } },
    ],
    knockouts: [{ id: 'student', when: { answer: 'role', is: 'student' } }],
    signals: [{ id: 'pricing', strength: 'strong', when: { answer: 'request', is: 'pricing' } }],
  }, { ask: ['role', 'request'] });

  it('send the lead to "disqualified", whatever the routing table says, and still compute the score', () => {
    const result = score(flow, { role: 'student', request: 'pricing' });
    expect(result).toMatchObject({
      total: 95,
      tier: 'hot',
      signals: 'strong',
      knockouts: ['student'],
      route: 'disqualified',
      qualified: false,
    });
    expect(result.trace.filter((entry) => ['knockout', 'route'].includes(entry.kind))).toEqual([
      { rule: 'student', kind: 'knockout', input: 'answers.role', value: 'student', points: 0, detail: 'route: disqualified' },
      { rule: 'route', kind: 'route', points: 0, detail: 'disqualified (knock-out)' },
    ]);
  });

  it('do nothing when their condition does not hold', () => {
    expect(score(flow, { role: 'sign_off', request: 'pricing' })).toMatchObject({ total: 65, knockouts: [], route: 'sales_now', qualified: true });
  });
});

describe('tiers', () => {
  const tierOfPoints = (pts: string, tiers?: FlowJson) => score(flowOf({ criteria: [exactPoints], ...(tiers && { tiers }) }), { pts });

  it.each([
    ['p-5', 'cold'],
    ['p0', 'cold'],
    ['p30', 'cold'],
    ['p31', 'warm'],
    ['p60', 'warm'],
    ['p61', 'hot'],
  ])('uses the seed thresholds by default: %s is %s', (pts, tier) => {
    const result = tierOfPoints(pts);
    expect(result.tier).toBe(tier);
    expect(result.trace.find((entry) => entry.kind === 'tier')).toEqual({ rule: 'tier', kind: 'tier', points: result.total, detail: tier });
  });

  it.each([
    ['p0', 'cold'],
    ['p20', 'warm'],
    ['p31', 'warm'],
    ['p40', 'hot'],
  ])('uses the flow’s own ranges: %s is %s', (pts, tier) => {
    expect(tierOfPoints(pts, { cold: { max: 19 }, warm: { min: 20, max: 39 }, hot: { min: 40 } }).tier).toBe(tier);
  });

  describe('hot.minFit', () => {
    const flow = flowOf(
      {
        criteria: [
          { id: 'authority', kind: 'fit', answer: 'role', options: { sign_off: 40, recommend: 30 } },
          { id: 'visits', kind: 'intent', when: { hidden: 'visits', gte: 1 }, points: 40 },
        ],
        tiers: { warm: { min: 31 }, hot: { min: 61, minFit: 40 } },
      },
      { hidden: ['visits'] },
    );

    it('keeps a lead with too little fit warm, and the trace says why', () => {
      const result = score(flow, { role: 'recommend' }, { visits: '3' });
      expect(result).toMatchObject({ total: 70, fit: 30, intent: 40, tier: 'warm' });
      expect(result.trace.find((entry) => entry.kind === 'tier')).toEqual({
        rule: 'tier',
        kind: 'tier',
        points: 70,
        detail: 'warm: fit 30 is below 40, needed for hot',
      });
    });

    it('makes a lead with enough fit hot', () => {
      const result = score(flow, { role: 'sign_off' }, { visits: '3' });
      expect(result).toMatchObject({ total: 80, fit: 40, tier: 'hot' });
      expect(result.trace.find((entry) => entry.kind === 'tier')?.detail).toBe('hot');
    });

    it('does not explain a warm lead that is below hot anyway', () => {
      expect(score(flow, { role: 'sign_off' }).trace.find((entry) => entry.kind === 'tier')?.detail).toBe('warm');
    });
  });
});

describe('buying signals', () => {
  const signals = [
    { id: 'pricing', strength: 'strong', when: { answer: 'request', is: 'pricing' } },
    { id: 'budget_approved', strength: 'medium', when: { answer: 'budget', is: 'approved' } },
    { id: 'returning', strength: 'medium', when: { hidden: 'visits', gte: 3 } },
  ];
  const flowWith = (strongSignals?: FlowJson) =>
    flowOf({ signals, ...(strongSignals && { strongSignals }) }, { ask: ['budget', 'request'], hidden: ['visits'] });

  it.each<[string, Answers, HiddenFields, 'strong' | 'weak', string[]]>([
    ['none', {}, {}, 'weak', []],
    ['one strong', { request: 'pricing' }, {}, 'strong', ['pricing']],
    ['one medium', { budget: 'approved' }, {}, 'weak', ['budget_approved']],
    ['two medium', { budget: 'approved' }, { visits: '3' }, 'strong', ['budget_approved', 'returning']],
  ])('rate %s as %s', (_name, answers, hidden, rating, found) => {
    const result = score(flowWith(), answers, hidden);
    expect(result).toMatchObject({ signals: rating, signalsFound: found, total: 0 });
    expect(result.trace.filter((entry) => entry.kind === 'signal')).toEqual([
      ...found.map((id) => ({ rule: id, kind: 'signal', points: 0, detail: signals.find((s) => s.id === id)!.strength })),
      { rule: 'signals', kind: 'signal', points: 0, detail: rating },
    ]);
  });

  it('follow the flow’s strongSignals', () => {
    expect(score(flowWith({ strong: 2 }), { request: 'pricing' }).signals).toBe('weak');
    expect(score(flowWith({ medium: 1 }), { budget: 'approved' }).signals).toBe('strong');
    expect(score(flowWith({ medium: 3 }), { budget: 'approved' }, { visits: '5' }).signals).toBe('weak');
    // Only what the flow names changes: one strong signal is still enough with { medium: 3 }.
    expect(score(flowWith({ medium: 3 }), { request: 'pricing' }).signals).toBe('strong');
  });
});

describe('routing', () => {
  const signal = { id: 'pricing', strength: 'strong', when: { answer: 'request', is: 'pricing' } };
  const flowWith = (routes?: FlowJson[]) =>
    flowOf({ criteria: [exactPoints], signals: [signal], ...(routes && { routes }) }, { ask: ['pts', 'request', 'contact'] });
  const routeOf = (flow: Flow, pts: string, request?: string, answers: Answers = {}) => {
    const result = score(flow, { pts, ...(request && { request }), ...answers });
    return [result.route, result.qualified, result.trace.find((entry) => entry.kind === 'route')?.detail];
  };

  it.each([
    ['p61', 'pricing', ['sales_now', true, 'sales_now (routes[0])']],
    ['p31', 'pricing', ['follow_up', true, 'follow_up (routes[1])']],
    ['p0', 'pricing', ['follow_up', true, 'follow_up (routes[1])']],
    ['p61', undefined, ['nurture', false, 'nurture (routes[2])']],
    ['p31', undefined, ['nurture', false, 'nurture (routes[3])']],
  ])('uses the seed matrix by default: %s with request %s', (pts, request, expected) => {
    expect(routeOf(flowWith(), pts, request)).toEqual(expected);
  });

  it('takes the first matching row, with tiers as one name or a list', () => {
    const flow = flowWith([
      { route: 'enterprise', tier: 'hot', qualified: true },
      { route: 'sdr', tier: ['warm', 'hot'], signals: 'strong', qualified: true },
      { route: 'marketing', tier: ['warm', 'hot'] },
      { route: 'newsletter' },
    ]);
    expect(routeOf(flow, 'p61', 'pricing')).toEqual(['enterprise', true, 'enterprise (routes[0])']);
    expect(routeOf(flow, 'p31', 'pricing')).toEqual(['sdr', true, 'sdr (routes[1])']);
    expect(routeOf(flow, 'p31')).toEqual(['marketing', false, 'marketing (routes[2])']);
    expect(routeOf(flow, 'p0', 'pricing')).toEqual(['newsletter', false, 'newsletter (routes[3])']);
  });

  it('lets a row’s condition read the score and the answers', () => {
    const flow = flowWith([
      { route: 'big_deal', when: { all: [{ score: 'total', gte: 40 }, { score: 'signals', is: 'strong' }] }, qualified: true },
      { route: 'company_mail', when: { not: { answer: 'email', domain: 'personal' } } },
    ]);
    expect(routeOf(flow, 'p40', 'pricing')).toEqual(['big_deal', true, 'big_deal (routes[0])']);
    expect(routeOf(flow, 'p30', 'pricing', { email: 'max@acme.com' })).toEqual(['company_mail', false, 'company_mail (routes[1])']);
  });

  it('sends a lead no row matches to "nurture", not qualified', () => {
    const flow = flowWith([{ route: 'sales_now', tier: 'hot', signals: 'strong', qualified: true }]);
    expect(routeOf(flow, 'p61')).toEqual(['nurture', false, 'nurture (no row matched)']);
    expect(flowWith([]).scoring!.routes).toEqual([]);
    expect(routeOf(flowWith([]), 'p61', 'pricing')).toEqual(['nurture', false, 'nurture (no row matched)']);
  });
});

describe('presets via extend', () => {
  it('give each framework dimension an equal share of 100 as weight and cap', () => {
    const bant = resolveScoring(flowOf({ extend: 'bant' }));
    expect(bant.dimensions).toEqual({
      budget: { kind: 'fit', weight: 25, cap: 25 },
      authority: { kind: 'fit', weight: 25, cap: 25 },
      need: { kind: 'fit', weight: 25, cap: 25 },
      timeline: { kind: 'intent', weight: 25, cap: 25 },
    });
    const meddic = resolveScoring(flowOf({ extend: 'meddic' })).dimensions;
    expect(Object.keys(meddic)).toHaveLength(6);
    expect(Object.values(meddic).every((d) => d.weight === 16 && d.cap === 16)).toBe(true);
  });

  it('score evidence by the dimension’s weight and cap its dimension', () => {
    const flow = flowOf({
      extend: 'bant',
      criteria: [
        { id: 'budget_status', dimension: 'budget', answer: 'budget', levels: { approved: 3, planned: 2, none: 0 } },
        { id: 'budget_confidence', dimension: 'budget', answer: 'rating' },
        { id: 'urgency', dimension: 'timeline', answer: 'role', options: { sign_off: 10 } },
      ],
    });
    const result = score(flow, { budget: 'approved', rating: 3, role: 'sign_off' });
    expect(result).toMatchObject({
      criteria: { budget_status: 25, budget_confidence: 25, urgency: 10 },
      dimensions: { budget: { kind: 'fit', points: 25, cap: 25 }, timeline: { kind: 'intent', points: 10, cap: 25 } },
      fit: 25,
      intent: 10,
      total: 35,
    });
    expect(result.trace.filter((entry) => entry.kind === 'cap')).toEqual([
      { rule: 'cap:budget', kind: 'cap', points: -25, detail: 'dimension budget capped at 25' },
    ]);
  });

  it('drop preset rules that read a question or hidden field the flow does not have', () => {
    const bare = resolveScoring(flowOf({ extend: 'bant' }, { ask: ['role'] }));
    expect(bare.criteria).toEqual([]);
    expect(bare.negative).toEqual([]);
    expect(bare.signals).toEqual([]);

    const full = resolveScoring(flowOf({ extend: 'bant' }, { ask: ['role', 'request', 'contact'], hidden: ['visits', 'opted_out'] }));
    expect(full.criteria.map((c) => c.id)).toEqual(['demo_or_pricing', 'repeat_visits']);
    expect(full.negative.map((r) => r.id)).toEqual(['personal_email', 'opted_out']);
    expect(full.signals.map((s) => s.id)).toEqual(['purchase_request']);
  });

  it('score the preset rules that apply', () => {
    const flow = flowOf({ extend: 'bant' }, { ask: ['request', 'contact'], hidden: ['visits'] });
    const result = score(flow, { request: 'pricing', email: 'max@gmx.de' }, { visits: '4', downloads: '9' });
    expect(result).toMatchObject({
      criteria: { demo_or_pricing: 25, repeat_visits: 5 },
      intent: 30,
      negative: -10,
      total: 20,
      signals: 'strong',
      signalsFound: ['purchase_request'],
      route: 'follow_up',
      qualified: true,
    });
    // `downloads` is not declared, so content_download is not part of this flow's scoring.
    expect(result.trace.some((entry) => entry.rule === 'content_download')).toBe(false);
  });

  it('let a flow rule with the same id replace the preset’s', () => {
    const flow = flowOf(
      {
        extend: 'bant',
        negative: [{ id: 'personal_email', when: { answer: 'email', domain: 'personal' }, points: -25 }],
        criteria: [{ id: 'demo_or_pricing', kind: 'intent', when: { answer: 'request', is: 'demo' }, points: 40 }],
      },
      { ask: ['request', 'contact'] },
    );
    const resolved = resolveScoring(flow);
    expect(resolved.negative).toEqual([{ id: 'personal_email', when: { answer: 'email', domain: 'personal' }, points: -25 }]);
    expect(resolved.criteria.map((c) => c.id)).toEqual(['demo_or_pricing']);
    expect(score(flow, { email: 'max@gmx.de', request: 'demo' })).toMatchObject({ negative: -25, intent: 40, total: 15 });
    expect(score(flow, { request: 'pricing' }).intent).toBe(0);
  });

  it('drop a preset rule named in omit', () => {
    const flow = flowOf({ extend: 'bant', omit: ['personal_email'] }, { ask: ['request', 'contact'] });
    expect(resolveScoring(flow).negative).toEqual([]);
    expect(score(flow, { email: 'max@gmx.de' })).toMatchObject({ negative: 0, total: 0 });
    expect(resolveScoring(flow).criteria.map((c) => c.id)).toEqual(['demo_or_pricing']);
  });

  it('without extend, a flow has only its own rules and the seed tiers and routes', () => {
    const resolved = resolveScoring(flowOf({}, { ask: ['request', 'contact'], hidden: ['visits'] }));
    expect(resolved).toMatchObject({ dimensions: {}, criteria: [], negative: [], signals: [], knockouts: [] });
    expect(resolved.tiers).toEqual({ cold: {}, warm: { min: 31 }, hot: { min: 61 } });
    expect(resolved.routes.map((row) => row.route)).toEqual(['sales_now', 'follow_up', 'nurture', 'nurture']);
  });
});

describe('configVersion', () => {
  const scoring = { criteria: [{ id: 'authority', answer: 'role', options: { sign_off: 30 } }] };

  it('names the flow and its version, then a fingerprint of the scoring', () => {
    expect(score(flowOf(scoring), {}).configVersion).toMatch(/^scored@1:[0-9a-z]+$/);
    expect(score(flowOf(scoring, { version: 7 }), {}).configVersion).toMatch(/^scored@7:[0-9a-z]+$/);
  });

  it('is the same for identical flows, and for a flow without scoring', () => {
    expect(score(flowOf(scoring), {}).configVersion).toBe(score(flowOf(structuredClone(scoring)), {}).configVersion);
    expect(score(flowOf(undefined), {}).configVersion).toBe(score(flowOf(undefined), {}).configVersion);
  });

  it('changes when the scoring changes, not when the rest of the flow does', () => {
    const base = score(flowOf(scoring), {}).configVersion;
    const fingerprint = (v: string) => v.split(':')[1];
    const changed = { criteria: [{ id: 'authority', answer: 'role', options: { sign_off: 31 } }] };
    expect(fingerprint(score(flowOf(changed), {}).configVersion)).not.toBe(fingerprint(base));
    expect(fingerprint(score(flowOf({ ...scoring, extend: 'bant' }), {}).configVersion)).not.toBe(fingerprint(base));
    expect(fingerprint(score(flowOf({ ...scoring, tiers: { warm: { min: 20 }, hot: { min: 50 } } }), {}).configVersion)).not.toBe(
      fingerprint(base),
    );
    expect(score(flowOf(scoring, { ask: ['role', 'budget'] }), {}).configVersion).toBe(base);
  });

  it('does not change when only the order of keys in the file changes', () => {
    const written = {
      criteria: [{ id: 'authority', answer: 'role', options: { sign_off: 30, recommend: 15 }, cap: 40 }],
      tiers: { warm: { min: 20 }, hot: { min: 50 } },
    };
    const reordered = {
      tiers: { hot: { min: 50 }, warm: { min: 20 } },
      criteria: [{ cap: 40, options: { recommend: 15, sign_off: 30 }, answer: 'role', id: 'authority' }],
    };
    expect(score(flowOf(reordered), {}).configVersion).toBe(score(flowOf(written), {}).configVersion);
    // The order of rules is not a key order: routes are tried first to last, so it counts.
    const routes = [
      { when: { score: 'tier', is: 'hot' }, route: 'sales_now' },
      { route: 'nurture' },
    ];
    expect(score(flowOf({ ...written, routes: [...routes].reverse() }), {}).configVersion).not.toBe(
      score(flowOf({ ...written, routes }), {}).configVersion,
    );
  });
});

describe('a flow without scoring', () => {
  it('scores 0, cold, nurture', () => {
    const result = score(flowOf(undefined), { role: 'sign_off' });
    expect(result).toMatchObject({ total: 0, fit: 0, intent: 0, negative: 0, tier: 'cold', signals: 'weak', route: 'nurture', qualified: false });
    expect(result.trace.map((entry) => entry.rule)).toEqual(['tier', 'signals', 'route']);
  });
});

describe('whole results', () => {
  it('a hot BANT lead with a strong signal', () => {
    const flow = flowOf(
      {
        extend: 'bant',
        criteria: [
          { id: 'authority', dimension: 'authority', answer: 'role', options: { sign_off: 25, recommend: 15 } },
          { id: 'need', dimension: 'need', answer: 'need', options: { lead_routing: 10, forecasting: 10, reporting: 5 } },
          { id: 'budget', dimension: 'budget', answer: 'budget', levels: { approved: 3, planned: 2 } },
          { id: 'company_size', answer: 'team_size', bands: [{ max: 9, points: 0 }, { min: 10, points: 10 }] },
        ],
      },
      { ask: ['role', 'need', 'team_size', 'budget', 'request', 'contact'], hidden: ['visits'] },
    );
    const result = score(
      flow,
      { role: 'sign_off', need: ['lead_routing', 'forecasting', 'reporting'], team_size: 40, budget: 'planned', request: 'demo', email: 'max@acme.com' },
      { visits: '2' },
    );
    expect({ ...result, configVersion: result.configVersion.replace(/:.*/, ':…') }).toMatchInlineSnapshot(`
      {
        "configVersion": "scored@1:…",
        "criteria": {
          "authority": 25,
          "budget": 17,
          "company_size": 10,
          "demo_or_pricing": 25,
          "need": 25,
          "repeat_visits": 5,
        },
        "dimensions": {
          "authority": {
            "cap": 25,
            "kind": "fit",
            "points": 25,
          },
          "budget": {
            "cap": 25,
            "kind": "fit",
            "points": 17,
          },
          "need": {
            "cap": 25,
            "kind": "fit",
            "points": 25,
          },
        },
        "fit": 77,
        "intent": 30,
        "knockouts": [],
        "negative": 0,
        "qualified": true,
        "route": "sales_now",
        "signals": "strong",
        "signalsFound": [
          "purchase_request",
        ],
        "tier": "hot",
        "total": 107,
        "trace": [
          {
            "input": "answers.request",
            "kind": "intent",
            "points": 25,
            "rule": "demo_or_pricing",
            "value": "demo",
          },
          {
            "input": "hidden.visits",
            "kind": "intent",
            "points": 5,
            "rule": "repeat_visits",
            "value": "2",
          },
          {
            "detail": "sign_off",
            "input": "answers.role",
            "kind": "fit",
            "points": 25,
            "rule": "authority",
            "value": "sign_off",
          },
          {
            "detail": "lead_routing, forecasting, reporting",
            "input": "answers.need",
            "kind": "fit",
            "points": 25,
            "rule": "need",
            "value": [
              "lead_routing",
              "forecasting",
              "reporting",
            ],
          },
          {
            "detail": "evidence 2/3",
            "input": "answers.budget",
            "kind": "fit",
            "points": 17,
            "rule": "budget",
            "value": "planned",
          },
          {
            "detail": "10–∞",
            "input": "answers.team_size",
            "kind": "fit",
            "points": 10,
            "rule": "company_size",
            "value": 40,
          },
          {
            "detail": "hot",
            "kind": "tier",
            "points": 107,
            "rule": "tier",
          },
          {
            "detail": "strong",
            "kind": "signal",
            "points": 0,
            "rule": "purchase_request",
          },
          {
            "detail": "strong",
            "kind": "signal",
            "points": 0,
            "rule": "signals",
          },
          {
            "detail": "sales_now (routes[0])",
            "kind": "route",
            "points": 0,
            "rule": "route",
          },
        ],
      }
    `);
  });

  it('a knocked-out student with a personal e-mail address', () => {
    const flow = flowOf(
      {
        criteria: [
          { id: 'authority', answer: 'role', options: { sign_off: 30, research: 5 } },
          { id: 'repeat_visits', kind: 'intent', when: { hidden: 'visits', gte: 2 }, points: 5 },
        ],
        negative: [{ id: 'personal_email', when: { answer: 'email', domain: 'personal' }, points: -10 }],
        knockouts: [
          { id: 'competitor', when: { answer: 'email', domain: ['rival.com'] } },
          { id: 'student', when: { answer: 'role', is: 'student' } },
        ],
        routes: [{ route: 'sales_now', tier: 'hot', qualified: true }, { route: 'nurture' }],
      },
      { ask: ['role', 'contact'], hidden: ['visits'] },
    );
    const result = score(flow, { role: 'student', email: 'max@gmx.de' }, { visits: '3' });
    expect({ ...result, configVersion: result.configVersion.replace(/:.*/, ':…') }).toMatchInlineSnapshot(`
      {
        "configVersion": "scored@1:…",
        "criteria": {
          "authority": 0,
          "repeat_visits": 5,
        },
        "dimensions": {},
        "fit": 0,
        "intent": 5,
        "knockouts": [
          "student",
        ],
        "negative": -10,
        "qualified": false,
        "route": "disqualified",
        "signals": "weak",
        "signalsFound": [],
        "tier": "cold",
        "total": -5,
        "trace": [
          {
            "input": "answers.role",
            "kind": "fit",
            "points": 0,
            "rule": "authority",
            "value": "student",
          },
          {
            "input": "hidden.visits",
            "kind": "intent",
            "points": 5,
            "rule": "repeat_visits",
            "value": "3",
          },
          {
            "input": "answers.email",
            "kind": "negative",
            "points": -10,
            "rule": "personal_email",
            "value": "max@gmx.de",
          },
          {
            "detail": "route: disqualified",
            "input": "answers.role",
            "kind": "knockout",
            "points": 0,
            "rule": "student",
            "value": "student",
          },
          {
            "detail": "cold",
            "kind": "tier",
            "points": -5,
            "rule": "tier",
          },
          {
            "detail": "weak",
            "kind": "signal",
            "points": 0,
            "rule": "signals",
          },
          {
            "detail": "disqualified (knock-out)",
            "kind": "route",
            "points": 0,
            "rule": "route",
          },
        ],
      }
    `);
  });
});

describe('the score in branching', () => {
  /** Asks the role and the request, then picks the ending by route or tier. */
  const flow = load({
    id: 'branching-by-score',
    version: 1,
    steps: [
      { id: 'role', ...questions['role'] },
      {
        id: 'request',
        ...questions['request'],
        next: [
          { if: { score: 'route', is: 'sales_now' }, goto: 'end_sales' },
          { if: { score: 'tier', is: 'hot' }, goto: 'end_hot' },
          { goto: 'end_other' },
        ],
      },
      { id: 'end_sales', type: 'end', title: 'Book a call' },
      { id: 'end_hot', type: 'end', title: 'We will call you' },
      { id: 'end_other', type: 'end', title: 'Thanks' },
    ],
    scoring: {
      criteria: [{ id: 'authority', answer: 'role', options: { sign_off: 70, recommend: 40 } }],
      signals: [{ id: 'pricing', strength: 'strong', when: { answer: 'request', is: 'pricing' } }],
    },
  });

  function finish(answers: Record<string, AnswerValue>): string {
    let state: FlowState = startFlow(flow);
    while (currentStep(flow, state).type !== 'end') {
      const question = currentStep(flow, state).id;
      state = setAnswer(state, question, answers[question]);
      const moved = nextStep(flow, state);
      if (!moved.ok) throw new Error(`step "${question}" refused: ${JSON.stringify(moved.issues)}`);
      state = moved.value;
    }
    return currentStep(flow, state).id;
  }

  it.each([
    [{ role: 'sign_off', request: 'pricing' }, 'end_sales'],
    [{ role: 'sign_off', request: 'demo' }, 'end_hot'],
    [{ role: 'recommend', request: 'pricing' }, 'end_other'],
    [{ role: 'research', request: 'newsletter' }, 'end_other'],
  ])('%j ends at %s', (answers, ending) => {
    expect(finish(answers)).toBe(ending);
  });
});

describe('tiers declared in part', () => {
  it('merges a partial tiers block over the defaults: hot gated on fit, warm and hot mins kept', () => {
    const flow = flowOf({ tiers: { hot: { minFit: 30 } }, criteria: [{ id: 'visits', kind: 'intent', when: { hidden: 'visits', gte: 1 }, points: 70 }] }, { hidden: ['visits'] });
    expect(resolveScoring(flow).tiers).toEqual({ cold: {}, warm: { min: 31 }, hot: { min: 61, minFit: 30 } });
    // 70 intent points and no fit: hot by total, warm because fit is below 30.
    expect(score(flow, {}, { visits: '1' })).toMatchObject({ total: 70, fit: 0, tier: 'warm' });
  });
});

describe('found in review', () => {
  it('changes configVersion when a preset rule starts to apply, though the scoring block is the same', () => {
    const without = flowOf({ extend: 'bant' });
    const withVisits = flowOf({ extend: 'bant' }, { hidden: ['visits'] });
    expect(score(withVisits, {}, { visits: '3' }).total).toBe(5);
    expect(resolveScoring(withVisits).configVersion).not.toBe(resolveScoring(without).configVersion);
  });

  it('worked out when first read (not at start-up), configVersion is still a plain, serialised field of the resolved scoring', () => {
    const resolved = resolveScoring(flowOf({ extend: 'bant' }));
    const version = resolved.configVersion;
    expect(version).toMatch(/@\d+:[0-9a-z]+$/);
    expect(JSON.parse(JSON.stringify(resolved)).configVersion).toBe(version);
    expect(Object.keys(resolved)).toContain('configVersion');
    expect(score(flowOf({ extend: 'bant' }), {}).configVersion).toBe(resolveScoring(flowOf({ extend: 'bant' })).configVersion);
  });

  it('keeps buying signals apart from the score: a signal cannot read the tier', () => {
    const flow = flowOf({
      criteria: [exactPoints],
      signals: [{ id: 'hot_means_ready', strength: 'strong', when: { score: 'tier', is: 'hot' } }],
    });
    expect(score(flow, { pts: 'p61' })).toMatchObject({ tier: 'hot', signals: 'weak', signalsFound: [], route: 'nurture' });
  });
});
