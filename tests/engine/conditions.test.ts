import { describe, expect, it, vi } from 'vitest';
import { evaluateCondition, type Answers, type Condition, type ConditionContext, type HiddenFields } from '../../src/engine/index.ts';

const answers: Answers = {
  role: 'sign_off',
  need: ['lead_routing', 'reporting'],
  team_size: 12,
  privacy: true,
  company: '',
};

function context(overrides: Partial<ConditionContext> = {}): ConditionContext {
  return { answers, hidden: {}, score: () => ({ total: 0, tier: 'cold' }), ...overrides };
}

const holds = (condition: Condition, ctx = context()) => evaluateCondition(condition, ctx);

describe('operators on a single value', () => {
  it.each<[Condition, boolean]>([
    [{ answer: 'role', is: 'sign_off' }, true],
    [{ answer: 'role', is: 'research' }, false],
    [{ answer: 'team_size', is: 12 }, true],
    // A number written as text compares as that number (scoring's option keys for a rating are
    // text: "9"); was false, so such a rule silently never held.
    [{ answer: 'team_size', is: '12' }, true],
    [{ answer: 'team_size', is: '12.5' }, false],
    [{ answer: 'privacy', is: 'true' }, true],
    [{ answer: 'privacy', is: true }, true],
    [{ answer: 'role', not: 'research' }, true],
    [{ answer: 'role', not: 'sign_off' }, false],
    [{ answer: 'role', in: ['recommend', 'sign_off'] }, true],
    [{ answer: 'role', in: ['recommend', 'research'] }, false],
    [{ answer: 'role', in: [] }, false],
  ])('%j → %s', (condition, expected) => {
    expect(holds(condition)).toBe(expected);
  });
});

describe('numeric operators', () => {
  it.each<[Condition, boolean]>([
    [{ answer: 'team_size', gt: 11 }, true],
    [{ answer: 'team_size', gt: 12 }, false],
    [{ answer: 'team_size', gte: 12 }, true],
    [{ answer: 'team_size', gte: 13 }, false],
    [{ answer: 'team_size', lt: 13 }, true],
    [{ answer: 'team_size', lt: 12 }, false],
    [{ answer: 'team_size', lte: 12 }, true],
    [{ answer: 'team_size', lte: 11 }, false],
  ])('%j → %s', (condition, expected) => {
    expect(holds(condition)).toBe(expected);
  });

  it('compares a text that is a plain decimal number as that number, and nothing else', () => {
    const ctx = context({ answers: { team_size: '50', need: ['50'], note: '0x40', big: '1e3', none: 'Infinity' } });
    expect(holds({ answer: 'team_size', gte: 10 }, ctx)).toBe(true);
    expect(holds({ answer: 'team_size', lt: 10 }, ctx)).toBe(false);
    for (const op of ['gt', 'gte', 'lt', 'lte'] as const) {
      // A selection is never a number, even of one option named "50".
      expect(holds({ answer: 'need', [op]: 10 }, ctx)).toBe(false);
      for (const answer of ['note', 'big', 'none']) expect(holds({ answer, [op]: 10 }, ctx)).toBe(false);
    }
  });
});

describe('operators on a multiple-choice selection', () => {
  it.each<[Condition, boolean]>([
    [{ answer: 'need', is: 'reporting' }, true],
    [{ answer: 'need', is: 'forecasting' }, false],
    [{ answer: 'need', not: 'forecasting' }, true],
    [{ answer: 'need', not: 'lead_routing' }, false],
    [{ answer: 'need', in: ['forecasting', 'reporting'] }, true],
    [{ answer: 'need', in: ['forecasting', 'crm_sync'] }, false],
  ])('%j → %s', (condition, expected) => {
    expect(holds(condition)).toBe(expected);
  });

  it('an empty selection contains nothing', () => {
    expect(holds({ answer: 'need', is: 'reporting' }, context({ answers: { need: [] } }))).toBe(false);
  });
});

describe('answered', () => {
  it.each<[string, boolean, boolean]>([
    ['role', true, true],
    ['role', false, false],
    ['company', true, false],
    ['company', false, true],
    ['never_asked', true, false],
    ['never_asked', false, true],
  ])('%s answered: %s → %s', (question, operand, expected) => {
    expect(holds({ answer: question, answered: operand })).toBe(expected);
  });

  it.each<[string, Answers]>([
    ['whitespace', { q: '   ' }],
    ['an empty selection', { q: [] }],
    ['an unticked box', { q: false }],
    ['NaN', { q: Number.NaN }],
  ])('does not count %s as an answer', (_name, given) => {
    expect(holds({ answer: 'q', answered: true }, context({ answers: given }))).toBe(false);
  });
});

describe('an unanswered question', () => {
  it.each<Condition>([
    { answer: 'budget', is: 'approved' },
    { answer: 'budget', is: '' },
    { answer: 'budget', in: ['approved', 'planned', 'none'] },
    { answer: 'budget', gte: 0 },
    { answer: 'budget', lte: 0 },
  ])('never matches %j', (condition) => {
    expect(holds(condition)).toBe(false);
  });
});

describe('hidden fields', () => {
  const hidden: HiddenFields = { utm_source: 'linkedin' };

  it('compares the value passed by the page', () => {
    expect(holds({ hidden: 'utm_source', is: 'linkedin' }, context({ hidden }))).toBe(true);
    expect(holds({ hidden: 'utm_source', is: 'google' }, context({ hidden }))).toBe(false);
    expect(holds({ hidden: 'utm_source', in: ['google', 'linkedin'] }, context({ hidden }))).toBe(true);
  });

  it('treats a field the page did not pass as unanswered', () => {
    expect(holds({ hidden: 'utm_campaign', answered: false }, context({ hidden }))).toBe(true);
    expect(holds({ hidden: 'utm_campaign', is: 'spring' }, context({ hidden }))).toBe(false);
  });

  it('does not confuse a hidden field with an answer of the same name', () => {
    const ctx = context({ answers: { utm_source: 'google' }, hidden });
    expect(holds({ hidden: 'utm_source', is: 'google' }, ctx)).toBe(false);
    expect(holds({ answer: 'utm_source', is: 'google' }, ctx)).toBe(true);
  });
});

describe('score predicates', () => {
  const hot = () => ({ total: 75, tier: 'hot' });

  it('compares the total and the tier', () => {
    const ctx = context({ score: hot });
    expect(holds({ score: 'total', gte: 61 }, ctx)).toBe(true);
    expect(holds({ score: 'total', lt: 75 }, ctx)).toBe(false);
    expect(holds({ score: 'tier', is: 'hot' }, ctx)).toBe(true);
    expect(holds({ score: 'tier', in: ['cold', 'warm'] }, ctx)).toBe(false);
  });

  it('computes the score only when a score predicate is evaluated', () => {
    const score = vi.fn(hot);
    const ctx = context({ score });
    expect(holds({ all: [{ answer: 'role', is: 'sign_off' }, { hidden: 'utm_source', answered: false }] }, ctx)).toBe(true);
    // `any` stops at the first match, so the score predicate after it is never evaluated.
    expect(holds({ any: [{ answer: 'role', is: 'sign_off' }, { score: 'tier', is: 'hot' }] }, ctx)).toBe(true);
    expect(score).not.toHaveBeenCalled();

    expect(holds({ score: 'tier', is: 'hot' }, ctx)).toBe(true);
    expect(score).toHaveBeenCalledTimes(1);
  });
});

describe('all, any and not', () => {
  const yes: Condition = { answer: 'role', is: 'sign_off' };
  const no: Condition = { answer: 'role', is: 'research' };

  it.each<[string, Condition, boolean]>([
    ['all true', { all: [yes, yes] }, true],
    ['all with one false', { all: [yes, no] }, false],
    ['any with one true', { any: [no, yes] }, true],
    ['any all false', { any: [no, no] }, false],
    ['not true', { not: yes }, false],
    ['not false', { not: no }, true],
    ['not of all', { not: { all: [yes, no] } }, true],
    ['any of not and all', { any: [{ not: yes }, { all: [yes, { answer: 'team_size', gte: 10 }] }] }, true],
    ['all of any and not', { all: [{ any: [no, yes] }, { not: { answer: 'need', is: 'reporting' } }] }, false],
  ])('%s', (_name, condition, expected) => {
    expect(holds(condition)).toBe(expected);
  });

  it('tells the "not" combinator from the "not" operator', () => {
    expect(holds({ not: { answer: 'role', is: 'sign_off' } })).toBe(false);
    expect(holds({ answer: 'role', not: 'sign_off' })).toBe(false);
    expect(holds({ not: { answer: 'role', not: 'sign_off' } })).toBe(true);
  });

  it('evaluates deeply nested conditions', () => {
    let condition: Condition = yes;
    for (let level = 0; level < 10; level++) condition = { not: { not: { all: [condition] } } };
    expect(holds(condition)).toBe(true);
    expect(holds({ not: condition })).toBe(false);
  });
});

describe('predicates with several operators', () => {
  it('hold only when every operator holds, so gte and lte make a range', () => {
    const range = (size: number) =>
      evaluateCondition({ answer: 'team_size', gte: 10, lte: 50 }, context({ answers: { team_size: size } }));
    expect([9, 10, 30, 50, 51].map(range)).toEqual([false, true, true, true, false]);
  });

  it('never hold without any operator', () => {
    expect(evaluateCondition({ answer: 'team_size' }, context({ answers: { team_size: 30 } }))).toBe(false);
  });
});

describe('domain', () => {
  const withEmail = (email: Answers[string] | undefined, overrides: Partial<ConditionContext> = {}) =>
    context({ answers: email === undefined ? {} : { email }, ...overrides });

  it.each<[string, boolean]>([
    ['max@gmx.de', true],
    ['max@gmail.com', true],
    ['Max@GMAIL.COM', true],
    ['max@acme.com', false],
    ['max@mail.gmx.de', false],
  ])('"personal": %s → %s', (email, expected) => {
    expect(holds({ answer: 'email', domain: 'personal' }, withEmail(email))).toBe(expected);
  });

  it('"personal" follows the flow’s additions and removals', () => {
    const personalDomains = { add: ['acme.com'], remove: ['gmx.de'] };
    expect(holds({ answer: 'email', domain: 'personal' }, withEmail('max@acme.com', { personalDomains }))).toBe(true);
    expect(holds({ answer: 'email', domain: 'personal' }, withEmail('max@gmx.de', { personalDomains }))).toBe(false);
    expect(holds({ answer: 'email', domain: 'personal' }, withEmail('max@web.de', { personalDomains }))).toBe(true);
  });

  it.each<[string, boolean]>([
    ['spy@rival.com', true],
    ['spy@eu.rival.com', true],
    ['spy@a.b.rival.com', true],
    ['SPY@EU.RIVAL.COM', true],
    ['spy@notrival.com', false],
    ['spy@rival.com.example.org', false],
    ['spy@other.io', true],
    ['spy@acme.com', false],
  ])('a list covers its domains and their subdomains, in any case: %s → %s', (email, expected) => {
    expect(holds({ answer: 'email', domain: ['Rival.COM', 'other.io'] }, withEmail(email))).toBe(expected);
  });

  it.each<[string, Answers[string] | undefined]>([
    ['a domain without an address', 'rival.com'],
    ['an address without a domain', 'spy@'],
    ['plain text', 'call me'],
    ['a number', 12],
    ['a selection', ['spy@rival.com']],
    ['no answer', undefined],
  ])('never holds for %s', (_name, value) => {
    expect(holds({ answer: 'email', domain: ['rival.com'] }, withEmail(value))).toBe(false);
    expect(holds({ answer: 'email', domain: 'personal' }, withEmail(value === 'rival.com' ? 'gmx.de' : value))).toBe(false);
  });

  it('reads hidden fields too', () => {
    expect(holds({ hidden: 'referrer', domain: ['partner.com'] }, context({ hidden: { referrer: 'anna@sales.partner.com' } }))).toBe(true);
  });
});

describe('matches', () => {
  const company = (value: Answers[string]) => context({ answers: { company: value } });

  it.each<[string, string, boolean]>([
    ['Acme GmbH', 'gmbh$', true],
    ['ACME gmbh', '^acme\\s+GMBH$', true],
    ['Acme Inc.', 'gmbh$', false],
    ['Acme GmbH & Co. KG', '(gmbh|ag)\\b', true],
    ['Student', '^stud', true],
  ])('%j matches /%s/i → %s', (value, pattern, expected) => {
    expect(holds({ answer: 'company', matches: pattern }, company(value))).toBe(expected);
  });

  it.each<[string, Answers[string]]>([
    ['a number', 12],
    ['a selection', ['acme']],
    ['a yes', true],
  ])('never holds for %s, even when its text would match', (_name, value) => {
    expect(holds({ answer: 'company', matches: '.' }, company(value))).toBe(false);
    expect(holds({ answer: 'company', matches: 'acme|12|true' }, company(value))).toBe(false);
  });

  it('never holds for an unanswered question, but its negation does', () => {
    expect(holds({ answer: 'never_asked', matches: '.*' })).toBe(false);
    expect(holds({ not: { answer: 'never_asked', matches: '.*' } })).toBe(true);
  });

  it('reads hidden fields too', () => {
    expect(holds({ hidden: 'utm_campaign', matches: '^spring-\\d{4}$' }, context({ hidden: { utm_campaign: 'Spring-2025' } }))).toBe(true);
  });
});

describe('numeric comparison of hidden fields', () => {
  const visits = (value?: string) => context({ hidden: value === undefined ? {} : { visits: value } });

  it.each<[string | undefined, boolean]>([
    ['3', true],
    ['2', true],
    ['2.0', true],
    [' 4 ', true],
    ['1', false],
    ['1.99', false],
    ['abc', false],
    ['3 visits', false],
    ['', false],
    ['  ', false],
    [undefined, false],
  ])('visits %j gte 2 → %s', (value, expected) => {
    expect(holds({ hidden: 'visits', gte: 2 }, visits(value))).toBe(expected);
  });

  it('compares text as a number with every numeric operator', () => {
    const three = visits('3');
    expect(holds({ hidden: 'visits', gt: 2 }, three)).toBe(true);
    expect(holds({ hidden: 'visits', gt: 3 }, three)).toBe(false);
    expect(holds({ hidden: 'visits', lt: 4 }, three)).toBe(true);
    expect(holds({ hidden: 'visits', lte: 2 }, three)).toBe(false);
    expect(holds({ hidden: 'visits', gte: 1, lte: 5 }, three)).toBe(true);
  });

  it.each(['gt', 'gte', 'lt', 'lte'] as const)('%s never holds for text that is no number', (op) => {
    expect(holds({ hidden: 'visits', [op]: 0 }, visits('abc'))).toBe(false);
    expect(holds({ hidden: 'visits', [op]: 0 }, visits(''))).toBe(false);
  });
});

describe('score predicates on routing facts', () => {
  const routed = (facts: ReturnType<ConditionContext['score']>) => context({ score: () => facts });
  const salesNow = routed({ total: 75, fit: 50, intent: 25, tier: 'hot', signals: 'strong', route: 'sales_now', qualified: true });
  const nurture = routed({ total: 20, fit: 20, intent: 0, tier: 'cold', signals: 'weak', route: 'nurture', qualified: false });

  it('compare the route', () => {
    expect(holds({ score: 'route', is: 'sales_now' }, salesNow)).toBe(true);
    expect(holds({ score: 'route', is: 'sales_now' }, nurture)).toBe(false);
    expect(holds({ score: 'route', in: ['sales_now', 'follow_up'] }, salesNow)).toBe(true);
    expect(holds({ score: 'route', not: 'disqualified' }, nurture)).toBe(true);
  });

  it('compare the signals', () => {
    expect(holds({ score: 'signals', is: 'strong' }, salesNow)).toBe(true);
    expect(holds({ score: 'signals', is: 'strong' }, nurture)).toBe(false);
  });

  it('compare whether the lead is qualified', () => {
    expect(holds({ score: 'qualified', is: true }, salesNow)).toBe(true);
    expect(holds({ score: 'qualified', is: true }, nurture)).toBe(false);
    expect(holds({ score: 'qualified', is: false }, nurture)).toBe(true);
    expect(holds({ not: { score: 'qualified', is: true } }, nurture)).toBe(true);
  });

  it('compare fit and intent as numbers', () => {
    expect(holds({ all: [{ score: 'fit', gte: 40 }, { score: 'intent', gt: 0 }] }, salesNow)).toBe(true);
    expect(holds({ all: [{ score: 'fit', gte: 40 }, { score: 'intent', gt: 0 }] }, nurture)).toBe(false);
  });

  it('treat a fact the score does not have (yet) as unanswered', () => {
    const early = routed({ total: 75, tier: 'hot' });
    expect(holds({ score: 'route', is: 'sales_now' }, early)).toBe(false);
    expect(holds({ score: 'route', answered: false }, early)).toBe(true);
  });
});

describe('a hidden field compared with a number by is, not and in', () => {
  // Found in review: "3" from a URL is the number 3 for every operator, not only for gt…lte.
  it.each<[Condition, boolean]>([
    [{ hidden: 'visits', is: 3 }, true],
    [{ hidden: 'visits', not: 0 }, true],
    [{ hidden: 'visits', not: 3 }, false],
    [{ hidden: 'visits', in: [1, 2, 3] }, true],
    [{ hidden: 'visits', is: '3' }, true],
    [{ hidden: 'plan', is: 3 }, false],
  ])('%j holds: %s', (condition, expected) => {
    expect(holds(condition, context({ hidden: { visits: '3', plan: 'pro' } }))).toBe(expected);
  });
});
