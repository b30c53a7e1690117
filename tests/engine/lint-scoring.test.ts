import { describe, expect, it } from 'vitest';
import { formatIssue, loadFlow, validateFlow } from '../../src/engine/index.ts';
import { demoJson, type FlowJson } from './fixtures.ts';

/**
 * The demo flow (questions role, need, team_size, budget, timeline, contact fields name,
 * email, company; hidden utm_source, utm_campaign) with one change to its scoring. The flow
 * must still load — these are the linter's findings, not the widget's — and the formatted
 * issues of `validateFlow` are returned.
 */
function lint(change: (flow: FlowJson) => void): string[] {
  const flow = demoJson();
  change(flow);
  const loaded = loadFlow(flow);
  if (!loaded.ok) throw new Error(`expected the flow to load:\n${loaded.issues.map(formatIssue).join('\n')}`);
  const result = validateFlow(flow);
  if (result.ok) throw new Error('expected the linter to report something');
  return result.issues.map(formatIssue);
}

/** Whether the changed demo flow passes `validateFlow`. */
function passes(change: (flow: FlowJson) => void): boolean {
  const flow = demoJson();
  change(flow);
  const result = validateFlow(flow);
  if (!result.ok) throw new Error(result.issues.map(formatIssue).join('\n'));
  return true;
}

describe('a scoring block without problems', () => {
  it('passes: the demo flow, and the demo flow extending BANT with evidence, signals, knock-outs, routes and webhooks', () => {
    expect(passes(() => {})).toBe(true);
    expect(
      passes((f) => {
        f.hidden.push('visits');
        Object.assign(f.scoring, {
          extend: 'bant',
          omit: ['opted_out'],
          dimensions: { budget: { kind: 'fit', weight: 30, cap: 30 } },
          negative: [{ id: 'no_budget', when: { answer: 'budget', is: 'none' }, points: -5 }],
          knockouts: [{ id: 'student', when: { answer: 'role', is: 'student' } }],
          signals: [{ id: 'returning', strength: 'medium', when: { hidden: 'visits', gte: 3 } }],
          routes: [{ route: 'sales_now', tier: 'hot', when: { score: 'fit', gte: 40 }, qualified: true }, { route: 'nurture' }],
        });
        f.scoring.criteria.push({ id: 'budget_evidence', dimension: 'budget', answer: 'budget', levels: { approved: 3, planned: 2 } });
        f.webhooks = [{ url: '/crm', when: { score: 'route', is: 'sales_now' } }];
      }),
    ).toBe(true);
  });
});

describe('criteria', () => {
  it('names an unknown question, suggesting the one meant', () => {
    expect(lint((f) => f.scoring.criteria.push({ id: 'size', answer: 'team_sise', bands: [{ min: 50, points: 5 }] })))
      .toMatchInlineSnapshot(`
        [
          "scoring.criteria[5].answer: unknown question "team_sise" — did you mean "team_size"?",
        ]
      `);
  });

  it('names an option the question does not have, in options and in levels', () => {
    expect(
      lint((f) => {
        f.scoring.criteria[3].options.aproved = 25;
        f.scoring.criteria.push({ id: 'budget_evidence', answer: 'budget', weight: 20, levels: { approved: 3, plannned: 2 } });
      }),
    ).toMatchInlineSnapshot(`
      [
        "scoring.criteria[3].options.aproved: question "budget" has no option "aproved", so this can never match — did you mean "approved"?",
        "scoring.criteria[5].levels.plannned: question "budget" has no option "plannned", so this can never match — did you mean "planned"?",
      ]
    `);
  });

  it('names an unknown dimension, suggesting one of the preset’s', () => {
    expect(
      lint((f) => {
        f.scoring.extend = 'bant';
        f.scoring.criteria[3].dimension = 'budgett';
      }),
    ).toMatchInlineSnapshot(`
      [
        "scoring.criteria[3].dimension: unknown dimension "budgett" — did you mean "budget"?",
      ]
    `);
  });

  it('names a dimension when the flow has none', () => {
    expect(lint((f) => (f.scoring.criteria[0].dimension = 'authority'))).toMatchInlineSnapshot(`
      [
        "scoring.criteria[0].dimension: unknown dimension "authority" — declare it under scoring.dimensions, or "extend" a framework",
      ]
    `);
  });

  it('names an evidence criterion without a weight of its own or from its dimension', () => {
    expect(
      lint((f) => {
        f.scoring.dimensions = { budget: { kind: 'fit' } };
        f.scoring.criteria.push({ id: 'budget_evidence', answer: 'budget', levels: { approved: 3 } });
        f.scoring.criteria.push({ id: 'budget_in_dimension', dimension: 'budget', answer: 'budget', levels: { approved: 3 } });
      }),
    ).toMatchInlineSnapshot(`
      [
        "scoring.criteria[5]: this evidence criterion has no weight, so it always gives 0 points — add "weight", or put it in a dimension that has one",
        "scoring.criteria[6]: this evidence criterion has no weight, so it always gives 0 points — add "weight", or put it in a dimension that has one",
      ]
    `);
  });

  it('accepts an evidence criterion weighed by its dimension', () => {
    expect(
      passes((f) => {
        f.scoring.dimensions = { budget: { weight: 20 } };
        f.scoring.criteria.push({ id: 'budget_evidence', dimension: 'budget', answer: 'budget', levels: { approved: 3 } });
        // A team size is no 0–3 rating: its answers get levels, keyed by number.
        f.scoring.criteria.push({ id: 'size_rating', answer: 'team_size', weight: 10, levels: { '10': 1, '50': 2, '200': 3 } });
      }),
    ).toBe(true);
  });

  // Was: the answer of a wider scale was taken as the level and kept to 3 without a word, so
  // 3, 4 and 5 on a 1–5 rating all counted as proven; and points keyed by a rating's numbers,
  // which do score, were called "always 0 points".
  it('warns when a number wider than 0–3 is read as an evidence level, and takes tables keyed by its numbers', () => {
    const withRating = (criterion: Record<string, unknown>) => (f: FlowJson) => {
      f.steps.splice(1, 0, { id: 'fit', type: 'rating', title: 'Wie gut passt es?', min: 1, max: 5 } as never);
      f.scoring.criteria.push({ id: 'fit_score', answer: 'fit', ...criterion } as never);
    };
    expect(lint(withRating({ weight: 10 }))).toEqual([
      expect.stringMatching(/^scoring\.criteria\[5\]\.answer: question "fit" answers up to 5, but without "levels" the answer is the evidence level \(0–3\)/),
    ]);
    expect(passes(withRating({ weight: 10, levels: { '1': 0, '3': 1, '5': 3 } }))).toBe(true);
    expect(passes(withRating({ options: { '4': 5, '5': 10 } }))).toBe(true);
    expect(lint(withRating({ options: { top: 10 } }))).toEqual([expect.stringMatching(/^scoring\.criteria\[5\]\.options\.top: question "fit" answers with a number, so "top" never matches/)]);
  });
});

describe('rule ids', () => {
  it('must be unique across criteria, negative rules, knock-outs and signals', () => {
    expect(
      lint((f) => {
        f.scoring.criteria.push({ id: 'need', answer: 'need', options: { reporting: 1 } });
        f.scoring.negative = [{ id: 'budget', when: { answer: 'budget', is: 'none' }, points: -5 }];
        f.scoring.knockouts = [{ id: 'timeline', when: { answer: 'timeline', is: 'later' } }];
        f.scoring.signals = [{ id: 'authority', strength: 'strong', when: { answer: 'role', is: 'sign_off' } }];
      }),
    ).toMatchInlineSnapshot(`
      [
        "scoring.criteria[5].id: duplicate rule id "need" (first used at scoring.criteria[1]) — ids must be unique: rename one of them",
        "scoring.negative[0].id: duplicate rule id "budget" (first used at scoring.criteria[3]) — ids must be unique: rename one of them",
        "scoring.knockouts[0].id: duplicate rule id "timeline" (first used at scoring.criteria[4]) — ids must be unique: rename one of them",
        "scoring.signals[0].id: duplicate rule id "authority" (first used at scoring.criteria[0]) — ids must be unique: rename one of them",
      ]
    `);
  });
});

describe('omit', () => {
  it('names a rule the preset does not have', () => {
    expect(
      lint((f) => {
        f.scoring.extend = 'bant';
        f.scoring.omit = ['personal_emial', 'opted_out'];
      }),
    ).toMatchInlineSnapshot(`
      [
        "scoring.omit[0]: the preset "bant" has no rule "personal_emial" — did you mean "personal_email"?",
      ]
    `);
  });

  it('needs extend', () => {
    expect(lint((f) => (f.scoring.omit = ['personal_email']))).toMatchInlineSnapshot(`
      [
        "scoring.omit[0]: "omit" drops preset rules, but this scoring extends no preset — add "extend" or remove "omit"",
      ]
    `);
  });
});

describe('the score inside scoring rules', () => {
  it('is refused in criteria, negative rules, knock-outs and signals (score_in_scoring)', () => {
    const flow = demoJson();
    flow.scoring.criteria.push({ id: 'bonus', when: { score: 'total', gte: 50 }, points: 5 });
    flow.scoring.negative = [{ id: 'low', when: { not: { score: 'fit', gte: 10 } }, points: -5 }];
    flow.scoring.knockouts = [{ id: 'ko', when: { any: [{ answer: 'role', is: 'student' }, { score: 'tier', is: 'cold' }] } }];
    flow.scoring.signals = [{ id: 'hot_lead', strength: 'strong', when: { score: 'tier', is: 'hot' } }];
    const result = validateFlow(flow);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues.every((issue) => issue.code === 'score_in_scoring')).toBe(true);
    expect(result.issues.map(formatIssue)).toMatchInlineSnapshot(`
      [
        "scoring.criteria[5].when.score: a scoring rule cannot depend on the score it feeds, so this never holds — use answers or hidden fields here; read the score in "next", "routes" or "webhooks"",
        "scoring.negative[0].when.not.score: a scoring rule cannot depend on the score it feeds, so this never holds — use answers or hidden fields here; read the score in "next", "routes" or "webhooks"",
        "scoring.knockouts[0].when.any[1].score: a scoring rule cannot depend on the score it feeds, so this never holds — use answers or hidden fields here; read the score in "next", "routes" or "webhooks"",
        "scoring.signals[0].when.score: a scoring rule cannot depend on the score it feeds, so this never holds — use answers or hidden fields here; read the score in "next", "routes" or "webhooks"",
      ]
    `);
  });

  it('is fine in next rules, routes and webhooks', () => {
    expect(
      passes((f) => {
        f.scoring.routes = [{ route: 'sales_now', when: { score: 'total', gte: 61 }, qualified: true }, { route: 'nurture' }];
        f.webhooks = [{ url: '/crm', when: { score: 'qualified', is: true } }];
      }),
    ).toBe(true);
  });
});

describe('tiers', () => {
  it('names an overlap: cold up to 35, warm from 31', () => {
    expect(lint((f) => (f.scoring.tiers = { cold: { max: 35 }, warm: { min: 31, max: 60 }, hot: { min: 61 } }))).toMatchInlineSnapshot(`
      [
        "scoring.tiers.cold.max: cold (up to 35) overlaps warm (from 31) — set cold.max to 30",
      ]
    `);
  });

  it('names a gap: cold up to 25, warm from 31', () => {
    expect(lint((f) => (f.scoring.tiers = { cold: { max: 25 }, warm: { min: 31, max: 60 }, hot: { min: 61 } }))).toMatchInlineSnapshot(`
      [
        "scoring.tiers.cold.max: gap: totals above 25 and below 31 are in no tier — set cold.max to 30 or warm.min to 26",
      ]
    `);
  });

  it('names a gap and an overlap between warm and hot', () => {
    expect(lint((f) => (f.scoring.tiers = { warm: { min: 31, max: 50 }, hot: { min: 61 } }))).toEqual([
      'scoring.tiers.warm.max: gap: totals above 50 and below 61 are in no tier — set warm.max to 60 or hot.min to 51',
    ]);
    expect(lint((f) => (f.scoring.tiers = { warm: { min: 31, max: 61 }, hot: { min: 61 } }))).toEqual([
      'scoring.tiers.warm.max: warm (up to 61) overlaps hot (from 61) — set warm.max to 60',
    ]);
  });

  it.each([
    [61, 61],
    [70, 61],
  ])('names the order when hot starts at or below warm (warm %d, hot %d)', (warm, hot) => {
    expect(lint((f) => (f.scoring.tiers = { cold: { max: warm - 1 }, warm: { min: warm }, hot: { min: hot } }))).toEqual([
      `scoring.tiers.hot.min: hot starts at ${hot}, not above warm (${warm}) — the defaults are warm from 31, hot from 61`,
    ]);
  });

  it('accepts ranges that meet, and ranges without max', () => {
    expect(passes((f) => (f.scoring.tiers = { cold: { max: 19 }, warm: { min: 20, max: 39 }, hot: { min: 40, minFit: 20 } }))).toBe(true);
    expect(passes((f) => (f.scoring.tiers = { warm: { min: 20 }, hot: { min: 40 } }))).toBe(true);
  });
});

describe('routes', () => {
  it('names the rows after a catch-all row as unreachable', () => {
    expect(
      lint((f) => (f.scoring.routes = [{ route: 'sales_now', tier: 'hot', qualified: true }, { route: 'nurture' }, { route: 'follow_up', signals: 'strong' }])),
    ).toMatchInlineSnapshot(`
      [
        "scoring.routes[2]: routes[1] matches every lead, so the rows after it are never used — move the row without conditions to the end",
      ]
    `);
  });

  it('accepts a catch-all row at the end', () => {
    expect(passes((f) => (f.scoring.routes = [{ route: 'sales_now', tier: ['hot', 'warm'], signals: 'strong' }, { route: 'nurture' }]))).toBe(true);
  });
});

describe('conditions in signals, knock-outs, routes and webhooks', () => {
  it('name unknown questions, options and hidden fields with their exact path', () => {
    expect(
      lint((f) => {
        f.scoring.signals = [{ id: 'asks', strength: 'strong', when: { answer: 'timelin', is: 'this_quarter' } }];
        f.scoring.knockouts = [
          { id: 'student', when: { all: [{ answer: 'role', is: 'studnet' }, { hidden: 'utm_sorce', is: 'campus' }] } },
        ];
        f.scoring.routes = [{ route: 'sales_now', when: { answer: 'budget', in: ['approved', 'aproved'] } }, { route: 'nurture' }];
        f.webhooks = [{ url: '/crm', when: { hidden: 'plan', is: 'pro' } }];
      }),
    ).toMatchInlineSnapshot(`
      [
        "scoring.knockouts[0].when.all[0].is: question "role" has no option "studnet", so this can never match — did you mean "student"?",
        "scoring.knockouts[0].when.all[1].hidden: hidden field "utm_sorce" is not declared — add it to "hidden" at the top of the flow (did you mean "utm_source"?)",
        "scoring.signals[0].when.answer: unknown question "timelin" — did you mean "timeline"?",
        "scoring.routes[0].when.in[1]: question "budget" has no option "aproved", so this can never match — did you mean "approved"?",
        "webhooks[0].when.hidden: hidden field "plan" is not declared — add it to "hidden" at the top of the flow (known: "utm_source", "utm_campaign")",
      ]
    `);
  });
});

describe('criteria that clash', () => {
  it('names two criteria on one question without ids, which would share one name', () => {
    expect(lint((f) => f.scoring.criteria.push({ answer: 'role', options: { recommend: 5 } }, { answer: 'role', options: { sign_off: 5 } })))
      .toMatchInlineSnapshot(`
        [
          "scoring.criteria[6]: duplicate rule id "role" (first used at scoring.criteria[5]) — give each criterion on the same question its own "id"",
        ]
      `);
  });

  it('names a criterion whose kind its dimension overrides', () => {
    expect(
      lint((f) => {
        f.scoring.extend = 'bant';
        f.scoring.criteria.push({ id: 'urgent', dimension: 'timeline', kind: 'fit', answer: 'timeline', options: { this_quarter: 5 } });
      }),
    ).toMatchInlineSnapshot(`
      [
        "scoring.criteria[5].kind: the criterion says "fit", but its dimension "timeline" counts as "intent", which wins — remove "kind", or move the criterion to a dimension of that kind",
      ]
    `);
  });
});

describe('found in review', () => {
  it('names score values that never occur: a misspelt route, tier, signal rating or yes/no', () => {
    expect(
      lint((f) => {
        f.webhooks = [{ url: '/crm', when: { score: 'route', is: 'sales-now' } }];
        f.steps[6].next[0].if = { score: 'tier', in: ['Hot', 'warm'] };
        f.steps[6].next[1].if = { any: [{ score: 'qualified', is: 'yes' }, { score: 'signals', is: 'medium' }] };
      }),
    ).toMatchInlineSnapshot(`
      [
        "steps[6].next[0].if.in[0]: the score's tier is never "Hot", so this never matches — did you mean "hot"?",
        "steps[6].next[1].if.any[0].is: the score's qualified is never "yes", so this never matches — known: "true", "false"",
        "steps[6].next[1].if.any[1].is: the score's signals is never "medium", so this never matches — known: "strong", "weak"",
        "webhooks[0].when.is: the score's route is never "sales-now", so this never matches — did you mean "sales_now"?",
      ]
    `);
  });

  it('names criteria whose form cannot score their question', () => {
    expect(
      lint((f) => {
        f.scoring.criteria.push(
          { id: 'size_options', answer: 'team_size', options: { big: 5 } },
          { id: 'role_bands', answer: 'role', bands: [{ min: 1, points: 5 }] },
          { id: 'budget_rating', answer: 'budget', weight: 10 },
        );
      }),
    ).toMatchInlineSnapshot(`
      [
        "scoring.criteria[5].options.big: question "team_size" answers with a number, so "big" never matches — key the points by the numbers it answers, e.g. "5"",
        "scoring.criteria[6].answer: question "role" is a single_choice question, so this criterion always gives 0 points — bands need a number, range or rating question",
        "scoring.criteria[7].answer: question "budget" is a single_choice question, so this criterion always gives 0 points — without "levels", an evidence criterion reads a number (a 0–3 rating); add "levels" for a choice",
      ]
    `);
  });

  it("names a flow rule that shares an id with a preset rule of another list, unless that one is omitted", () => {
    const clash = (f: FlowJson) => {
      f.scoring.extend = 'bant';
      delete f.scoring.negative; // the flow's own personal_email rule
      f.scoring.criteria.push({ id: 'personal_email', kind: 'fit', when: { answer: 'email', domain: ['acme.com'] }, points: 3 });
    };
    expect(lint(clash)).toMatchInlineSnapshot(`
      [
        "scoring.criteria[5].id: "personal_email" is one of the preset's negative rules, so this does not replace it: both apply — rename it, or add "personal_email" to "omit" and keep this one",
      ]
    `);
    expect(passes((f) => (clash(f), (f.scoring.omit = ['personal_email'])))).toBe(true);
  });

  it('names a hot tier that ends below where it starts', () => {
    expect(lint((f) => (f.scoring.tiers = { hot: { min: 70, max: 50 } }))).toMatchInlineSnapshot(`
      [
        "scoring.tiers.hot.max: hot ends at 50, below where it starts (70) — remove "max": hot has no upper end",
      ]
    `);
  });
});
