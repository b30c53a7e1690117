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
    [{ answer: 'team_size', is: '12' }, false],
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

  it('never holds for an answer that is not a number, even one that looks like one', () => {
    const ctx = context({ answers: { team_size: '50', need: ['50'] } });
    for (const op of ['gt', 'gte', 'lt', 'lte'] as const) {
      expect(holds({ answer: 'team_size', [op]: 10 }, ctx)).toBe(false);
      expect(holds({ answer: 'need', [op]: 10 }, ctx)).toBe(false);
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
