import { describe, expect, it } from 'vitest';
import demo from '../../demo/flows/saas-bant.json';
import { formatIssue, loadFlow, validateFlow, type Condition } from '../../src/engine/index.ts';
import { demoJson, type FlowJson } from './fixtures.ts';

/**
 * The formatted issues of a flow that must be refused by `validateFlow` (loading plus the
 * linter; tests/engine/lint-flow.test.ts tells which checks the widget itself runs).
 */
function issuesOf(input: unknown): string[] {
  const result = validateFlow(input);
  if (result.ok) throw new Error('expected the flow to be refused, but it loaded');
  return result.issues.map(formatIssue);
}

/** The demo flow with one change applied. */
function demoWith(change: (flow: FlowJson) => void): FlowJson {
  const flow = demoJson();
  change(flow);
  return flow;
}

/** A flow small enough to read in full, for checks the demo flow cannot show. */
const tinyFlow = (steps: unknown[]): FlowJson => ({ id: 'tiny', version: 1, steps });

describe('loadFlow on valid input', () => {
  it('loads the demo flow', () => {
    const result = loadFlow(demo);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value.id).toBe('saas-bant');
    expect(result.value.steps.map((s) => s.id)).toEqual([
      'role',
      'need',
      'team_size',
      'budget',
      'timeline',
      'contact',
      'privacy',
      'end_hot',
      'end_warm',
      'end_cold',
      'end_student',
    ]);
  });

  it('loads the same flow from JSON text', () => {
    const fromText = loadFlow(JSON.stringify(demo, null, 2));
    expect(fromText).toEqual(loadFlow(demo));
    expect(fromText.ok).toBe(true);
  });

  it('lets a contact field share the id of its own step', () => {
    const flow = demoWith((f) => (f.steps[5].fields[0].id = 'contact'));
    expect(loadFlow(flow).ok).toBe(true);
  });

  it('loads a condition nested ten levels deep', () => {
    let condition: Condition = { answer: 'role', is: 'student' };
    for (let level = 0; level < 10; level++) {
      const wrappers: Condition[] = [{ all: [condition] }, { any: [condition, { answer: 'role', answered: true }] }, { not: condition }];
      condition = wrappers[level % 3]!;
    }
    const flow = demoWith((f) => (f.steps[0].next[0].if = condition));
    const result = loadFlow(flow);
    expect(result.ok).toBe(true);
    if (result.ok) expect(result.value.steps[0]).toMatchObject({ next: [{ if: condition }] });
  });
});

describe('loadFlow on malformed input never throws', () => {
  it('names the line and column of a JSON syntax error', () => {
    const text = '{\n  "id": "broken",\n  "version": 1,\n}';
    expect(issuesOf(text)).toMatchInlineSnapshot(`
      [
        "(root): the flow file is not valid JSON at line 4, column 1 (Expected double-quoted property name) — check for a missing comma or quote, or a trailing comma, near that place",
      ]
    `);
  });

  it('explains a truncated file', () => {
    expect(issuesOf('{ "id": "broken"')).toMatchInlineSnapshot(`
      [
        "(root): the flow file is not valid JSON at line 1, column 17 (Expected ',' or '}' after property value) — check for a missing comma or quote, or a trailing comma, near that place",
      ]
    `);
  });

  it.each([
    ['null', null],
    ['a number', 42],
    ['a list', []],
    ['an empty text', ''],
  ])('refuses %s', (_name, input) => {
    const result = loadFlow(input);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.issues[0]!.path).toEqual([]);
  });

  it('names a missing required property', () => {
    expect(issuesOf(demoWith((f) => delete f.version))).toMatchInlineSnapshot(`
      [
        "version: required property is missing (expected number) — add it",
      ]
    `);
  });

  it('names the type it expected and the one it got', () => {
    expect(issuesOf(demoWith((f) => (f.steps = { role: f.steps[0] })))).toMatchInlineSnapshot(`
      [
        "steps: expected array, got an object",
      ]
    `);
  });
});

describe('loadFlow on broken references', () => {
  it('suggests the step a misspelt goto meant', () => {
    const flow = demoWith((f) => (f.steps[0].next[0].goto = 'end_studnt'));
    expect(issuesOf(flow)).toMatchInlineSnapshot(`
      [
        "steps[0].next[0].goto: unknown step "end_studnt" — did you mean "end_student"?",
      ]
    `);
  });

  it('refuses duplicate step ids', () => {
    const flow = demoWith((f) => f.steps.push({ id: 'end_hot', type: 'end', title: 'Again' }));
    expect(issuesOf(flow)).toMatchInlineSnapshot(`
      [
        "steps[11].id: duplicate step id "end_hot" (first used at steps[7]) — ids must be unique: rename one of them",
      ]
    `);
  });

  it('refuses a contact field whose id is already a question', () => {
    const flow = demoWith((f) => f.steps[5].fields.push({ id: 'role', kind: 'job_title' }));
    expect(issuesOf(flow)).toMatchInlineSnapshot(`
      [
        "steps[5].fields[3].id: duplicate question id "role" (first used at steps[0].id) — ids must be unique: rename one of them",
      ]
    `);
  });

  it('refuses duplicate option ids within a question', () => {
    const flow = demoWith((f) => f.steps[0].options.push({ id: 'research', label: 'Again' }));
    expect(issuesOf(flow)).toMatchInlineSnapshot(`
      [
        "steps[0].options[4].id: duplicate option id "research" (first used at steps[0].options[2].id) — ids must be unique: rename one of them",
      ]
    `);
  });

  it('suggests the step type a misspelt type meant', () => {
    const flow = demoWith((f) => (f.steps[1].type = 'multiple_choise'));
    expect(issuesOf(flow)).toMatchInlineSnapshot(`
      [
        "steps[1].type: unknown type "multiple_choise" — did you mean "multiple_choice"?",
      ]
    `);
  });

  it('suggests the property a misspelt key meant', () => {
    const flow = demoWith((f) => {
      f.steps[2].titel = f.steps[2].title;
      delete f.steps[2].title;
    });
    expect(issuesOf(flow)).toMatchInlineSnapshot(`
      [
        "steps[2].title: required property is missing (expected string) — add it",
        "steps[2].titel: unknown property "titel" — did you mean "title"? (remove it or fix the spelling)",
      ]
    `);
  });

  it('points inside a value that matches none of the allowed forms', () => {
    const flow = demoWith((f) => {
      f.steps[3].title = 42;
      f.steps[0].next[0].if = { answer: 'team_size', gte: 'ten' };
    });
    expect(issuesOf(flow)).toMatchInlineSnapshot(`
      [
        "steps[0].next[0].if.gte: expected number, got a string",
        "steps[3].title: expected string, got a number",
      ]
    `);
  });

  it('refuses a condition on an unknown question', () => {
    const flow = demoWith((f) => (f.steps[0].next[0].if = { answer: 'rol', is: 'student' }));
    expect(issuesOf(flow)).toMatchInlineSnapshot(`
      [
        "steps[0].next[0].if.answer: unknown question "rol" — did you mean "role"?",
      ]
    `);
  });

  it('refuses a condition comparing with an option the question does not have', () => {
    const flow = demoWith((f) => {
      f.steps[0].next[0].if = { any: [{ answer: 'role', is: 'studnet' }, { answer: 'role', in: ['research', 'intern'] }] };
    });
    expect(issuesOf(flow)).toMatchInlineSnapshot(`
      [
        "steps[0].next[0].if.any[0].is: question "role" has no option "studnet", so this can never match — did you mean "student"?",
        "steps[0].next[0].if.any[1].in[1]: question "role" has no option "intern", so this can never match — known: "sign_off", "recommend", "research", "student"",
      ]
    `);
  });

  it('accepts a predicate with two operators (both must hold, like a range)', () => {
    const flow = demoWith((f) => (f.steps[2].next = [{ if: { answer: 'team_size', gte: 10, lte: 50 }, goto: 'budget' }]));
    expect(validateFlow(flow).ok).toBe(true);
  });

  it('refuses a predicate without an operator', () => {
    const flow = demoWith((f) => (f.steps[0].next[0].if = { not: { answer: 'role' } }));
    expect(issuesOf(flow)).toMatchInlineSnapshot(`
      [
        "steps[0].next[0].if.not: has no operator, so it never holds — add one of is, not, in, gt, gte, lt, lte, answered, domain, matches",
      ]
    `);
  });

  it('refuses a hidden field that is not declared, suggesting a declared one', () => {
    const flow = demoWith((f) => (f.steps[0].next[0].if = { hidden: 'utm_sorce', is: 'linkedin' }));
    expect(issuesOf(flow)).toMatchInlineSnapshot(`
      [
        "steps[0].next[0].if.hidden: hidden field "utm_sorce" is not declared — add it to "hidden" at the top of the flow (did you mean "utm_source"?)",
      ]
    `);
  });

  it('refuses a hidden field when the flow declares none', () => {
    const flow = demoWith((f) => {
      delete f.hidden;
      f.steps[0].next[0].if = { hidden: 'plan', is: 'pro' };
    });
    expect(issuesOf(flow)).toMatchInlineSnapshot(`
      [
        "steps[0].next[0].if.hidden: hidden field "plan" is not declared — add it to "hidden" at the top of the flow",
      ]
    `);
  });
});

describe('loadFlow on broken scoring', () => {
  it('refuses a criterion on an unknown question', () => {
    const flow = demoWith((f) => (f.scoring.criteria[0].answer = 'roles'));
    expect(issuesOf(flow)).toMatchInlineSnapshot(`
      [
        "scoring.criteria[0].answer: unknown question "roles" — did you mean "role"?",
      ]
    `);
  });

  it('refuses points for an option the question does not have', () => {
    const flow = demoWith((f) => (f.scoring.criteria[3].options.aproved = 25));
    expect(issuesOf(flow)).toMatchInlineSnapshot(`
      [
        "scoring.criteria[3].options.aproved: question "budget" has no option "aproved", so this can never match — did you mean "approved"?",
      ]
    `);
  });
  // Tier ranges (gaps, overlaps, order) are checked in lint-scoring.test.ts.
});

describe('loadFlow on flows that cannot end', () => {
  it('refuses a flow without an end step', () => {
    const flow = tinyFlow([{ id: 'name', type: 'short_text', title: 'Name?', next: [{ goto: 'name' }] }]);
    expect(issuesOf(flow)).toMatchInlineSnapshot(`
      [
        "steps: the flow has no end step — add a step with "type": "end"",
      ]
    `);
  });

  it('refuses a last step that has nowhere to go when no rule matches', () => {
    const flow = tinyFlow([
      { id: 'done', type: 'end', title: 'Thanks' },
      { id: 'name', type: 'short_text', title: 'Name?', next: [{ if: { answer: 'name', answered: true }, goto: 'done' }] },
    ]);
    expect(issuesOf(flow)).toMatchInlineSnapshot(`
      [
        "steps[0]: the flow starts with an end step, so it asks nothing and sends no lead — put a question first",
        "steps[1]: the last step "name" has nowhere to go when no rule matches — add an end step after it, or a final rule without "if"",
      ]
    `);
  });

  it('accepts a last step whose final rule has no condition', () => {
    const flow = tinyFlow([
      { id: 'company', type: 'short_text', title: 'Company?', next: [{ goto: 'name' }] },
      { id: 'done', type: 'end', title: 'Thanks' },
      { id: 'name', type: 'short_text', title: 'Name?', next: [{ goto: 'done' }] },
    ]);
    expect(loadFlow(flow).ok).toBe(true);
  });
});

describe('loadFlow on bad values', () => {
  it('refuses a number question whose min is above its max', () => {
    const flow = demoWith((f) => Object.assign(f.steps[2], { min: 500, max: 10 }));
    expect(issuesOf(flow)).toMatchInlineSnapshot(`
      [
        "steps[2].min: min is greater than max — lower min or raise max",
      ]
    `);
  });

  it('refuses a multiple choice whose minSelected is above its maxSelected', () => {
    const flow = demoWith((f) => Object.assign(f.steps[1], { minSelected: 3, maxSelected: 2 }));
    expect(issuesOf(flow)).toMatchInlineSnapshot(`
      [
        "steps[1].minSelected: minSelected is greater than maxSelected or the number of options — lower minSelected or raise maxSelected or the number of options",
      ]
    `);
  });

  it('refuses a javascript: link', () => {
    const flow = demoWith((f) => (f.steps[7].cta.url = 'javascript:alert(1)'));
    expect(issuesOf(flow)).toMatchInlineSnapshot(`
      [
        "steps[7].cta.url: only http(s), mailto:, tel: or relative links are allowed",
      ]
    `);
  });

  // Browsers drop tabs and newlines anywhere in a URL and control characters before it, so
  // each of these is a javascript: link once it is an href.
  it.each(['JavaScript:alert(1)', '  javascript:alert(1)', 'java\nscript:alert(1)', 'java\tscript:alert(1)', '\x01javascript:alert(1)', 'data:text/html,<script>alert(1)</script>'])(
    'refuses the disguised unsafe link %j',
    (url) => {
      const flow = demoWith((f) => (f.steps[6].privacyUrl = url));
      expect(issuesOf(flow)).toEqual(['steps[6].privacyUrl: only http(s), mailto:, tel: or relative links are allowed']);
    },
  );

  it.each(['https://example.com/book', 'http://example.com', 'mailto:sales@example.com', 'tel:+4930123456', '/privacy.html', 'privacy.html', '#terms'])(
    'accepts the link %j',
    (url) => {
      const flow = demoWith((f) => (f.steps[7].cta.url = url));
      expect(loadFlow(flow).ok).toBe(true);
    },
  );

  it('refuses ids with spaces wherever an id is expected', () => {
    const flow = demoWith((f) => {
      f.steps[1].id = 'what we need';
      f.steps[0].options[0].id = 'sign off';
      f.steps[0].next[0].goto = 'end student';
    });
    expect(issuesOf(flow)).toMatchInlineSnapshot(`
      [
        "steps[0].next[0].goto: "end student" is not a valid id — start with a letter; use letters, digits, "_" or "-" only; names like "constructor" are reserved",
        "steps[0].options[0].id: "sign off" is not a valid id — start with a letter; use letters, digits, "_" or "-" only; names like "constructor" are reserved",
        "steps[1].id: "what we need" is not a valid id — start with a letter; use letters, digits, "_" or "-" only; names like "constructor" are reserved",
      ]
    `);
  });
});

describe('ids every object already has', () => {
  it('refuses a question id like "constructor", which would always look answered', () => {
    const flow = {
      id: 'reserved',
      version: 1,
      hidden: ['toString'],
      steps: [
        { id: 'constructor', type: 'short_text', title: 'Name?' },
        { id: 'done', type: 'end', title: 'Thanks' },
      ],
    };
    expect(issuesOf(flow)).toMatchInlineSnapshot(`
      [
        "hidden[0]: "toString" is not a valid id — start with a letter; use letters, digits, "_" or "-" only; names like "constructor" are reserved",
        "steps[0].id: "constructor" is not a valid id — start with a letter; use letters, digits, "_" or "-" only; names like "constructor" are reserved",
      ]
    `);
  });
});

describe('flows a visitor could not finish', () => {
  it('refuses a flow that starts with its ending, and a multiple choice asking for more than it offers', () => {
    const flow = {
      id: 'unfinishable',
      version: 1,
      steps: [
        { id: 'done', type: 'end', title: 'Thanks' },
        {
          id: 'pick',
          type: 'multiple_choice',
          title: 'Pick three',
          minSelected: 3,
          options: [
            { id: 'a', label: 'A' },
            { id: 'b', label: 'B' },
          ],
          next: [{ goto: 'done' }],
        },
      ],
    };
    expect(issuesOf(flow)).toMatchInlineSnapshot(`
      [
        "steps[1].minSelected: minSelected is greater than maxSelected or the number of options — lower minSelected or raise maxSelected or the number of options",
        "steps[0]: the flow starts with an end step, so it asks nothing and sends no lead — put a question first",
      ]
    `);
  });
});

/** The formatted issues of a flow the widget itself refuses (`loadFlow`, without the linter). */
function loadIssuesOf(input: unknown): string[] {
  const result = loadFlow(input);
  if (result.ok) throw new Error('expected loadFlow to refuse the flow, but it loaded');
  return result.issues.map(formatIssue);
}

describe('loadFlow on regular expressions that could hang the browser', () => {
  it.each(['(a+)+$', '(a|aa)+', '\\d+\\d*', '(x+x+)+y', '^(\\w+\\s?)*$'])('refuses %j in a next rule with code unsafe_pattern', (pattern) => {
    const result = loadFlow(demoWith((f) => (f.steps[5].next = [{ if: { answer: 'company', matches: pattern }, goto: 'end_cold' }])));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues).toHaveLength(1);
    expect(result.issues[0]).toMatchObject({ code: 'unsafe_pattern', path: ['steps', 5, 'next', 0, 'if', 'matches'] });
  });

  it('refuses them anywhere a condition can stand: next rules, scoring criteria, knock-outs, webhooks, with the exact path', () => {
    const flow = demoWith((f) => {
      f.steps[0].next.push({ if: { not: { answer: 'role', matches: '(a+)+' } }, goto: 'need' });
      f.scoring.criteria.push({ id: 'rich', when: { answer: 'company', matches: '(\\w|\\d)+ GmbH' }, points: 5 });
      // Safe patterns next to them pass: the negative rule and the signal below are not reported.
      f.scoring.negative = [{ id: 'test_mail', when: { answer: 'email', matches: '^test@' }, points: -5 }];
      f.scoring.knockouts = [{ id: 'rival', when: { any: [{ answer: 'role', is: 'student' }, { answer: 'email', matches: '.*.*@rival' }] } }];
      f.scoring.signals = [{ id: 'campaign', strength: 'medium', when: { hidden: 'utm_campaign', matches: '(spring)+(sale|deal)' } }];
      f.scoring.routes = [{ route: 'sales_now', when: { answer: 'company', matches: '(ab*)*c' } }, { route: 'nurture' }];
      f.webhooks = [{ url: '/crm', when: { all: [{ score: 'route', is: 'sales_now' }, { hidden: 'utm_source', matches: '(li|linkedin)+' }] } }];
    });
    const result = loadFlow(flow);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues.every((issue) => issue.code === 'unsafe_pattern')).toBe(true);
    expect(result.issues.map(formatIssue)).toMatchInlineSnapshot(`
      [
        "steps[0].next[1].if.not.matches: this regular expression is refused: a repeated group contains another repetition (like (a+)+), which can hang the browser — simplify it (no repetition inside a repeated group, no back-references), or use "in" with a list of values",
        "scoring.criteria[5].when.matches: this regular expression is refused: a repeated group contains alternatives (like (a|ab)+), which can hang the browser — simplify it (no repetition inside a repeated group, no back-references), or use "in" with a list of values",
        "scoring.knockouts[0].when.any[1].matches: this regular expression is refused: two repetitions can match the same text (like \\d+\\d+ or .*.*), which can hang the browser — simplify it (no repetition inside a repeated group, no back-references), or use "in" with a list of values",
        "scoring.routes[0].when.matches: this regular expression is refused: a repeated group contains another repetition (like (a+)+), which can hang the browser — simplify it (no repetition inside a repeated group, no back-references), or use "in" with a list of values",
        "webhooks[0].when.all[1].matches: this regular expression is refused: a repeated group contains alternatives (like (a|ab)+), which can hang the browser — simplify it (no repetition inside a repeated group, no back-references), or use "in" with a list of values",
      ]
    `);
  });

  it('refuses a pattern that is not a regular expression at all', () => {
    expect(loadIssuesOf(demoWith((f) => (f.steps[0].next[0].if = { answer: 'role', matches: 'stud(ent' })))).toHaveLength(1);
    expect(loadFlow(demoWith((f) => (f.steps[0].next[0].if = { answer: 'role', matches: 'stud(ent' })))).toMatchObject({
      ok: false,
      issues: [{ code: 'unsafe_pattern', path: ['steps', 0, 'next', 0, 'if', 'matches'] }],
    });
  });

  it('accepts ordinary patterns, and validateFlow finds nothing in them', () => {
    const flow = demoWith((f) => {
      f.steps[5].next = [{ if: { answer: 'email', matches: '@(acme|initech)\\.com$' }, goto: 'privacy' }];
      f.scoring.knockouts = [{ id: 'test_lead', when: { answer: 'name', matches: '^(test|asdf)$' } }];
      f.webhooks = [{ url: '/crm', when: { hidden: 'utm_campaign', matches: '^spring-\\d{4}$' } }];
    });
    expect(loadFlow(flow).ok).toBe(true);
    expect(validateFlow(flow).ok).toBe(true);
  });
});

describe('loadFlow on a malformed scoring block', () => {
  it('lists the allowed frameworks for an unknown extend', () => {
    expect(loadIssuesOf(demoWith((f) => (f.scoring.extend = 'bantt')))).toMatchInlineSnapshot(`
      [
        "scoring.extend: "bantt" is not allowed — use one of "bant", "anum", "meddic", "meddpicc", "champ", "faint", "gpctba"",
      ]
    `);
  });

  it('refuses a negative rule that gives points', () => {
    const flow = demoWith((f) => (f.scoring.negative = [{ id: 'personal', when: { answer: 'email', domain: 'personal' }, points: 10 }]));
    expect(loadIssuesOf(flow)).toMatchInlineSnapshot(`
      [
        "scoring.negative[0].points: must be at most 0",
      ]
    `);
  });

  it('refuses an evidence level above 3', () => {
    const flow = demoWith((f) => f.scoring.criteria.push({ id: 'budget_evidence', answer: 'budget', weight: 20, levels: { approved: 4, planned: 2 } }));
    expect(loadIssuesOf(flow)).toMatchInlineSnapshot(`
      [
        "scoring.criteria[5].levels.approved: must be at most 3",
      ]
    `);
  });

  it('refuses a domain operand that is neither "personal" nor a list', () => {
    const flow = demoWith((f) => (f.scoring.knockouts = [{ id: 'rival', when: { answer: 'email', domain: 'rival.com' } }]));
    expect(loadFlow(flow)).toMatchObject({ ok: false, issues: [{ path: ['scoring', 'knockouts', 0, 'when', 'domain'] }] });
  });
});

describe('loadFlow on files nested far deeper than a flow', () => {
  it('refuses 10,000 levels of brackets with one issue naming where, without overflowing the stack', () => {
    const text = `{"id":"x","steps":${'['.repeat(10_000)}${']'.repeat(10_000)}}`;
    const result = loadFlow(text);
    expect(result.ok ? [] : result.issues.map(formatIssue)).toEqual([
      '(root): the flow file is nested more than 64 levels deep at line 1, column 82 — a flow never needs that many levels: look for brackets that are never closed, or generated nesting',
    ]);
  });

  it('takes 64 levels and refuses 65, naming where the 65th opens', () => {
    // The root object is level 1, "steps" level 2; the rest is nested arrays inside a title.
    const nested = (levels: number) => `{"id":"x","steps":[{"title":${'['.repeat(levels - 3)}1${']'.repeat(levels - 3)}}]}`;
    const codes = (text: string) => {
      const result = loadFlow(text);
      return result.ok ? [] : result.issues.map((issue) => issue.code);
    };
    expect(codes(nested(64))).not.toContain('too_deep');
    const refused = loadFlow(nested(65));
    expect(refused.ok ? [] : refused.issues.map(formatIssue)).toEqual([expect.stringContaining('nested more than 64 levels deep at line 1, column 90')]);
  });

  it('reports the depth, not a syntax error, when a file is both too deep and broken', () => {
    const result = loadFlow(`{"id":"x","steps":${'['.repeat(100)}`);
    expect(result.ok ? [] : result.issues.map((issue) => issue.code)).toEqual(['too_deep']);
  });

  it('does not count brackets inside strings', () => {
    const flow = demoWith((f) => (f.steps[0].title = '['.repeat(200) + '"\\\\{'));
    expect(loadFlow(JSON.stringify(flow)).ok).toBe(true);
  });

  it('refuses an object nested past the stack, handed over from JavaScript', () => {
    let deep: unknown = { answer: 'role', is: 'student' };
    for (let i = 0; i < 20_000; i++) deep = { not: deep };
    const result = loadFlow(demoWith((f) => (f.steps[0].next[0].if = deep)));
    expect(result.ok ? [] : result.issues.map((issue) => issue.code)).toEqual(['too_deep']);
  });
});
