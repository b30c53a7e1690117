import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { leadflow, ROOT, tempDir } from './support.ts';

const { dir, write } = tempDir();
const flow = `${ROOT}demo/flows/bant.json`;

/**
 * The hot lead of tests/demo/example-flows.test.ts (BANT, Relatio CRM): decision_role decide 25
 * | sales_team 40 → 12, sales_pain 5+5+5 = 15: need 27, capped at 25 | budget_evidence approved
 * 25 | go_live this_quarter 25 | demo_or_pricing 25 | repeat_visits 3 ≥ 2: 5. Fit 75, intent 55,
 * total 130; hot with strong signals: sales_now.
 */
const hotLead = {
  role: 'decide',
  team_size: 40,
  pain: ['scattered_data', 'no_forecast', 'manual_followups'],
  current_setup: 'comparing',
  budget: 'approved',
  timeline: 'this_quarter',
  request: 'demo',
  name: 'Anna Berg',
  email: 'anna.berg@nordlicht-maschinen.example',
  company: 'Nordlicht Maschinen GmbH',
  job_title: 'Head of International Sales',
  privacy: true,
};

describe('leadflow simulate <file> <answers.json>', () => {
  it('walks a hot lead to the booking page and prints its score and trace', () => {
    write('hot.json', JSON.stringify(hotLead));
    const run = leadflow(['simulate', flow, 'hot.json', '--hidden', 'visits=3', 'utm_source=linkedin'], dir);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const [summary, trace] = run.stdout.split('\ntrace:\n');
    // The config's fingerprint changes with the built-in domain list; it is checked apart.
    expect(summary).toMatch(/^config: +crm-bant@1:\w+$/m);
    expect(summary!.replace(/^config:.*\n/m, '')).toMatchInlineSnapshot(`
      "ending:      end_book (Das passt – lassen Sie uns sprechen!)
      path:        role → team_size → pain → current_setup → budget → timeline → request → contact → privacy → end_book
      total:       130
      fit:         75
      intent:      55
      negative:    0
      tier:        hot
      signals:     strong (purchase_request, compares_vendors, decision_this_quarter)
      route:       sales_now
      qualified:   yes
      knockouts:   none
      dimensions:  authority 25/25, need 25/25, budget 25/25, timeline 25/25
      "
    `);
    const rows = trace!.trimEnd().split('\n');
    expect(rows[0]).toMatch(/^ {2}rule +kind +input +value +points +detail$/);
    expect(rows.find((row) => row.includes('repeat_visits'))).toMatch(/^ {2}repeat_visits +intent +hidden\.visits +"3" +\+5$/);
    expect(rows.find((row) => row.includes('cap:need'))).toMatch(/cap +-2 +dimension need capped at 25$/);
    // Points sit in one right-aligned column.
    const column = rows[0]!.indexOf('points') + 'points'.length;
    expect(rows.filter((row) => /[+-]\d+\b/.test(row)).every((row) => /\d/.test(row[column - 1]!))).toBe(true);
  });

  it('--json prints scoreLead’s result', () => {
    write('hot.json', JSON.stringify(hotLead));
    const run = leadflow(['simulate', flow, 'hot.json', '--hidden=visits=3', '--json'], dir);
    expect(run.code).toBe(0);
    const score = JSON.parse(run.stdout);
    expect(score).toMatchObject({ total: 130, fit: 75, intent: 55, negative: 0, tier: 'hot', route: 'sales_now', qualified: true, knockouts: [] });
    expect(Object.keys(score)).toEqual(['total', 'fit', 'intent', 'negative', 'dimensions', 'criteria', 'tier', 'signals', 'signalsFound', 'route', 'qualified', 'knockouts', 'trace', 'configVersion']);
  });

  it('without the visits the same lead scores 125', () => {
    write('hot.json', JSON.stringify(hotLead));
    const score = JSON.parse(leadflow(['simulate', flow, 'hot.json', '--json'], dir).stdout);
    expect(score).toMatchObject({ total: 125, route: 'sales_now' });
  });

  it.each([
    ['a missing required answer names the step', { role: 'decide', team_size: 40 }, 'answers.json: step "pain": no answer to "pain", which is required'],
    ['an answer that is no option', { ...hotLead, budget: 'lots' }, 'answers.json: step "budget": "budget" has no option "lots" (options: approved, planned, estimate, none)'],
    ['an unknown question', { ...hotLead, teamsize: 4 }, 'answers.json: the flow asks no question "teamsize" — did you mean "team_size"?'],
    ['answers that are not an object', [1, 2], 'answers.json: expected an object of answers by question id, like { "role": "decide", "team_size": 40 }'],
  ])('stops with one clear line and exit code 1: %s', (_name, answers, line) => {
    write('answers.json', JSON.stringify(answers));
    expect(leadflow(['simulate', flow, 'answers.json'], dir)).toEqual({ code: 1, stdout: '', stderr: `${line}\n` });
  });

  it('refuses hidden fields the flow does not declare', () => {
    write('hot.json', JSON.stringify(hotLead));
    expect(leadflow(['simulate', flow, 'hot.json', '--hidden', 'vists=3'], dir)).toEqual({
      code: 2,
      stdout: '',
      stderr: 'leadflow: hidden field "vists" is not declared in the flow\'s "hidden" (did you mean "visits"?)\n',
    });
  });

  it('notes answers the path never asked', () => {
    write('student.json', JSON.stringify({ role: 'student', team_size: 3 }));
    const run = leadflow(['simulate', 'demo/flows/saas-bant.json', `${dir}/student.json`]);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe(`note: ${dir}/student.json: not asked on this path: team_size\n`);
    expect(run.stdout).toMatch(/^ending: +end_student \(Danke, dass Sie vorbeischauen!\)\npath: +role → end_student\n/);
  });
});

describe('leadflow simulate <file> --all-paths', () => {
  it('lists every path through demo/flows/saas-bant.json with its totals, tiers and routes', () => {
    const run = leadflow(['simulate', 'demo/flows/saas-bant.json', '--all-paths']);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    expect(run.stdout).toMatchInlineSnapshot(`
      "demo/flows/saas-bant.json: 4 paths through 487 answer combinations

      1. role → need → team_size → budget → timeline → contact → privacy → end_hot
         164 combinations · total 63–114 · tier hot · routes sales_now, nurture

      2. role → need → team_size → budget → timeline → contact → privacy → end_warm
         239 combinations · total 33–59 · tier warm · routes nurture, follow_up

      3. role → need → team_size → budget → timeline → contact → privacy → end_cold
         83 combinations · total -6 to 29 · tier cold · route nurture

      4. role → end_student
         1 combination · total 0 · tier cold · route disqualified · knock-outs student

      summary: 4 paths, 4 endings reached of 4, 487 answer combinations, 484 steps answered; every combination of representative answers covered
      "
    `);
  });

  it('finds the knock-outs and every route of demo/flows/bant.json, and --json has the same', () => {
    const run = leadflow(['simulate', flow, '--all-paths', '--json']);
    expect(run.code).toBe(0);
    const result = JSON.parse(run.stdout);
    expect(result).toMatchObject({ complete: true, cutShort: null, crowdedSteps: [], endingsNotReached: [] });
    const byEnding = Object.fromEntries(result.paths.map((path: { ending: string }) => [path.ending, path]));
    expect(Object.keys(byEnding).sort()).toEqual(['end_book', 'end_disqualified', 'end_follow_up', 'end_nurture']);
    expect(byEnding['end_book']).toMatchObject({ tiers: ['hot'], routes: ['sales_now'], knockouts: [] });
    expect(byEnding['end_disqualified'].knockouts.sort()).toEqual(['competitor', 'student']);
  });

  it('says clearly when the limit cut the enumeration short', () => {
    const run = leadflow(['simulate', flow, '--all-paths', '--max-states', '100']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('INCOMPLETE: stopped after answering 100 steps, so more paths, totals, tiers and routes may exist; raise --max-states to see them.\n');
    expect(run.stdout.trimEnd().split('\n').at(-1)).toMatch(/; incomplete$/);
    const paths = leadflow(['simulate', flow, '--all-paths', '--limit', '1']);
    expect(paths.stdout).toContain('INCOMPLETE: stopped at the limit of 1 paths');
  });
});

describe('leadflow simulate --variant', () => {
  const demo = () => JSON.parse(readFileSync(`${ROOT}demo/flows/saas-bant.json`, 'utf8'));
  const student = { role: 'student' };

  it('walks the flow as an overriding variant shows it: its own next rules decide the path', () => {
    const experiment = demo();
    // Variant "long" sends students through the questions instead of straight to their ending.
    experiment.variants = [{ id: 'control', weight: 1 }, { id: 'long', weight: 1, steps: { role: { next: [] } } }];
    write('exp.json', JSON.stringify(experiment));
    write('student.json', JSON.stringify(student));
    const control = leadflow(['simulate', 'exp.json', 'student.json', '--variant', 'control', '--json'], dir);
    const long = leadflow(['simulate', 'exp.json', 'student.json', '--variant', 'long'], dir);
    expect(control.code).toBe(0);
    expect(long.code).toBe(1);
    expect(long.stderr).toContain('need');
  });

  it('takes a variant flow file, and names the variants when the id is wrong', () => {
    const short = demo();
    short.steps = short.steps.filter((s: { id: string }) => s.id !== 'need');
    short.scoring.criteria = short.scoring.criteria.filter((c: { id: string }) => c.id !== 'need');
    write('v/short.json', JSON.stringify(short));
    write('v/exp.json', JSON.stringify({ ...demo(), variants: [{ id: 'control', weight: 1 }, { id: 'short', weight: 1, flow: 'short.json' }] }));
    const graph = leadflow(['graph', 'v/exp.json', '--variant', 'short'], dir);
    expect(graph.code).toBe(0);
    expect(graph.stdout).not.toMatch(/need/);
    expect(leadflow(['graph', 'v/exp.json'], dir).stdout).toMatch(/need/);

    expect(leadflow(['graph', 'v/exp.json', '--variant', 'shrot'], dir)).toEqual({
      code: 2,
      stdout: '',
      stderr: 'leadflow: --variant "shrot": the flow\'s variants are control, short\n',
    });
  });
});
