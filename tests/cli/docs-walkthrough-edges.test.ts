import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { leadflow, ROOT, tempDir } from './support.ts';

/**
 * A newcomer's walkthrough: three flows written from README.md, docs/flow-format.md and
 * docs/qualification.md alone (BANT demo request, MEDDIC enterprise, CHAMP with an A/B variant),
 * checked with `leadflow validate`, `graph` and `simulate` against what the docs made us expect.
 */
const W = `${ROOT}tests/cli/flows/walkthrough/`;
const BANT = `${W}saas-demo-bant.json`;
const MEDDIC = `${W}enterprise-meddic.json`;
const CHAMP = `${W}champ-ab.json`;
const { dir, write } = tempDir();

const field = (out: string, name: string): string => out.match(new RegExp(`^${name}: +(.*)$`, 'm'))?.[1] ?? '';
/** The BANT flow with one change, written to the temp folder; returns its file name. */
function bantWith(name: string, change: (flow: any) => void): string {
  const flow = JSON.parse(readFileSync(BANT, 'utf8'));
  delete flow.$schema;
  change(flow);
  return write(`${name}.json`, JSON.stringify(flow, null, 2));
}

describe('the walkthrough flows validate and draw', () => {
  it('all three validate without errors', () => {
    for (const file of [BANT, MEDDIC]) {
      const run = leadflow(['validate', file]);
      expect(run.stdout.trim()).toMatch(/: ok$/);
      expect(run.code).toBe(0);
    }
    // The shortened variant leaves two steps unreached: warnings only.
    const champ = leadflow(['validate', CHAMP]);
    expect(champ.code).toBe(0);
    expect(champ.stdout).not.toMatch(/ error /);
  });

  it('graph shows the student knock-out, the sales branch and the MEDDIC skip', () => {
    const bant = leadflow(['graph', BANT]).stdout;
    expect(bant).toContain('s0 -->|"role is student"| s8');
    expect(bant).toContain('s5 -->|"score.route is sales_now"| s6');
    expect(leadflow(['graph', BANT, '--locale', 'en']).stdout).toContain('role: What is your role?');
    expect(leadflow(['graph', MEDDIC]).stdout).toMatch(/s0 -->\|"employees .+ 200"\| s6/);
    expect(leadflow(['graph', CHAMP, '--variant', 'short']).stdout).toContain('s0 --> s3');
  });
});

describe('BANT demo request (task 1)', () => {
  it('a hot decision maker at a 60-person company reaches sales: 120 points, sales_now', () => {
    const run = leadflow(['simulate', BANT, `${W}bant-hot.json`]);
    expect(run.code).toBe(0);
    expect(field(run.stdout, 'ending')).toMatch(/^end_sales/);
    expect(field(run.stdout, 'total')).toBe('120'); // 25 demo + 25 authority + 20 size + 25 budget + 25 timeline
    expect(field(run.stdout, 'tier')).toBe('hot');
    expect(field(run.stdout, 'route')).toBe('sales_now');
    expect(field(run.stdout, 'qualified')).toBe('yes');
  });

  it('a student is knocked out at once: disqualified, straight to end_student', () => {
    const run = leadflow(['simulate', BANT, `${W}bant-student.json`]);
    expect(field(run.stdout, 'path')).toBe('role → end_student');
    expect(field(run.stdout, 'route')).toBe('disqualified');
    expect(field(run.stdout, 'knockouts')).toBe('student');
  });

  it('a recommender with a gmail address is warm (46 − 10 personal e-mail = 36) and nurtured', () => {
    const run = leadflow(['simulate', BANT, `${W}bant-warm.json`]);
    expect(field(run.stdout, 'total')).toBe('36');
    expect(field(run.stdout, 'negative')).toBe('-10');
    expect(field(run.stdout, 'tier')).toBe('warm');
    expect(field(run.stdout, 'route')).toBe('nurture');
  });

  it('--all-paths reaches all three endings; only hot leads reach end_sales', () => {
    const out = leadflow(['simulate', BANT, '--all-paths']).stdout;
    expect(out).toContain('3 endings reached of 3');
    expect(out).toMatch(/contact → end_sales\n.*tier hot · route sales_now/);
  });
});

describe('MEDDIC enterprise (task 2)', () => {
  it('an enterprise buyer wanting a demo this week: 116 points, strong signal, sales_now', () => {
    const run = leadflow(['simulate', MEDDIC, `${W}meddic-enterprise.json`]);
    expect(field(run.stdout, 'total')).toBe('116'); // six dimensions × 16 + 20 for size
    expect(field(run.stdout, 'signals')).toBe('strong (demo_this_week)');
    expect(field(run.stdout, 'route')).toBe('sales_now');
  });

  it('a small company skips the MEDDIC questions; a demo this week alone is follow_up', () => {
    const run = leadflow(['simulate', MEDDIC, `${W}meddic-small.json`]);
    expect(field(run.stdout, 'path')).toBe('employees → demo_timing → contact → end_follow_up');
    expect(field(run.stdout, 'tier')).toBe('cold');
    expect(field(run.stdout, 'route')).toBe('follow_up');
  });

  it('--all-paths lists the short path and reaches every ending', () => {
    const out = leadflow(['simulate', MEDDIC, '--all-paths']).stdout;
    expect(out).toContain('employees → demo_timing → contact → end_follow_up');
    expect(out).toContain('3 endings reached of 3');
  });
});

describe('CHAMP with a shortening A/B variant (task 3)', () => {
  it('the control reaches the hot ending; the short variant skips authority and money', () => {
    const control = leadflow(['simulate', CHAMP, `${W}champ-hot.json`]).stdout;
    expect(field(control, 'total')).toBe('95');
    expect(field(control, 'route')).toBe('sales_now');
    const short = leadflow(['simulate', CHAMP, `${W}champ-short.json`, '--variant', 'short']).stdout;
    expect(field(short, 'path')).toBe('challenges → prioritization → email → end_default');
    expect(field(short, 'total')).toBe('45');
    expect(field(short, 'route')).toBe('follow_up');
  });

  it('--all-paths of the short variant says the hot ending is out of reach (max 50 points)', () => {
    const out = leadflow(['simulate', CHAMP, '--all-paths', '--variant', 'short']).stdout;
    expect(out).toContain('never reached: end_hot');
  });

  // Was: the documented way to shorten a variant (flow-format.md "Variants and analytics":
  // `steps` overrides of `next`) gets a warning per skipped step whose hint says "add a goto to
  // it, or remove it" — neither applies to a variant (removing the step breaks the control). The
  // hint should say the variant skips it on purpose, or suggest a variant `flow` file (src/engine lint).
  it('the unreached-step warning for a shortening variant gives a fix that applies to a variant', () => {
    const run = leadflow(['validate', CHAMP]);
    expect(run.stdout).toContain('with variant "short"');
    expect(run.stdout).not.toMatch(/with variant "short".*remove it/);
  });
});

describe('mistakes the validator lets through', () => {
  // Was: docs/flow-format.md "Scoring" says a route row's `when` "may read the score", and the
  // `score` subject lists `route` and `qualified`; docs/qualification.md "Routing" lists only
  // total|fit|intent|tier|signals. `validate` accepts `{ "score": "route" }` in routes[].when,
  // but it never holds there (the route is being decided): the 120-point hot lead goes to
  // nurture. The linter should flag it like it flags a signal reading the score.
  it('a routing row whose `when` reads the route itself is refused', () => {
    const file = bantWith('route-reads-route', (f) => {
      f.scoring.routes = [
        { route: 'sales_now', when: { score: 'route', is: 'sales_now' }, qualified: true },
        { route: 'nurture' },
      ];
    });
    const sim = leadflow(['simulate', file, `${W}bant-hot.json`], dir);
    expect(field(sim.stdout, 'route')).toBe('nurture'); // what happens
    const run = leadflow(['validate', file], dir);
    expect(run.stdout).toMatch(/scoring\.routes\[0\]\.when.*error/);
  });

  it('a routing row whose `when` reads `qualified` is refused', () => {
    const file = bantWith('route-reads-qualified', (f) => {
      f.scoring.routes = [{ route: 'sales_now', when: { score: 'qualified', is: true }, qualified: true }, { route: 'nurture' }];
    });
    expect(leadflow(['validate', file], dir).code).toBe(1);
  });

  // Was: docs/flow-format.md "Branching": `{ "score": "total", OP: NUMBER }`. Confusing total with
  // tier (`{ "score": "total", "is": "hot" }`) is accepted; the rule never holds and end_sales is
  // never reached. The linter catches `"tier", "is": "Hot"` but not a text compared to a number.
  it('comparing the total score with a text is reported', () => {
    const file = bantWith('total-is-text', (f) => {
      f.steps[5].next[0] = { if: { score: 'total', is: 'hot' }, goto: 'end_sales' };
    });
    const run = leadflow(['validate', file], dir);
    expect(run.stdout).toMatch(/steps\[5\]\.next\[0\]\.if.*error/);
  });

  // Was: docs/flow-format.md "What is checked" promises that validateFlow lints "what would
  // silently never match"; `domain` is documented for e-mail answers only, yet a `domain` check on
  // a single-choice question is accepted and never holds.
  it('`domain` on a question that is not an e-mail is reported', () => {
    const file = bantWith('domain-on-choice', (f) => {
      f.scoring.knockouts.push({ id: 'freemail', when: { answer: 'role', domain: 'personal' } });
    });
    expect(leadflow(['validate', file], dir).stdout).toMatch(/scoring\.knockouts\[1\]\.when/);
  });

  // Was: same section: `gte` on a single-choice answer (an option id, never a number) is accepted
  // and never holds — a marketer writing "budget at least 10" for the budget band question gets
  // a knock-out that silently never fires.
  it('a number comparison on a single-choice question is reported', () => {
    const file = bantWith('gte-on-choice', (f) => {
      f.scoring.knockouts.push({ id: 'tiny_budget', when: { answer: 'budget', lt: 1000 } });
    });
    expect(leadflow(['validate', file], dir).stdout).toMatch(/scoring\.knockouts\[1\]\.when/);
  });
});
