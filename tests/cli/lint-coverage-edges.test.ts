import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { done, role } from '../engine/support/tiny-flow.ts';
import { leadflow, tempDir } from './support.ts';

/** `leadflow validate` on flow files with the mistakes marketers make (and on good ones). */

const demo = (name: string) => JSON.parse(readFileSync(new URL(`../../demo/flows/${name}.json`, import.meta.url), 'utf8'));
const { dir, write } = tempDir();
const contact = { id: 'contact', type: 'contact', title: 'Where do we send it?', fields: [{ id: 'email', kind: 'email' }] };
const bye = { id: 'bye', type: 'end', title: 'Thanks anyway!' };
const flowOf = (steps: unknown[], extra: Record<string, unknown> = {}) =>
  JSON.stringify({ id: 'cli-lint', version: 1, webhook: 'https://hooks.example.com/leads', ...extra, steps }, null, 2);

describe('leadflow validate: the mistakes, one line each with path, severity, message and fix', () => {
  it('a renamed option, a piping typo and an untranslated text in a GPCTBA flow: exit 1', () => {
    const flow = demo('gpctba');
    const role = flow.steps.find((s: any) => s.id === 'role');
    role.options.find((o: any) => o.id === 'sponsor').id = 'exec_sponsor';
    flow.steps[9].title = { de: 'Fast geschafft, {{answers.nmae}}', en: 'Almost done, {{answers.name}}' };
    flow.steps[1].title = { de: flow.steps[1].title.de };
    write('gpctba-broken.json', JSON.stringify(flow, null, 2));

    const run = leadflow(['validate', 'gpctba-broken.json'], dir);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe('');
    const lines = run.stdout.trim().split('\n');
    expect(lines).toContain('gpctba-broken.json:steps[1].title: warning no "en" text, though the flow declares this locale — add "en": "…"; until then visitors see the de text');
    expect(lines).toContain('gpctba-broken.json:steps[9].title.de: error "{{answers.nmae}}" names no question, so it shows nothing — did you mean "name"?');
    expect(lines.filter((l) => l.startsWith('gpctba-broken.json:scoring.criteria[4].options.sponsor: error question "role" has no option "sponsor"'))).toHaveLength(1);
  });

  it('--json gives code, path, severity and hint for a loop with no way out', () => {
    const flow = demo('anum');
    flow.steps[7].next = [{ goto: 'drivers' }];
    // the early exit at "role" would still lead out of the loop: take it away too
    delete flow.steps[0].next;
    write('anum-loop.json', JSON.stringify(flow));
    const run = leadflow(['validate', '--json', 'anum-loop.json'], dir);
    expect(run.code).toBe(1);
    const problems = JSON.parse(run.stdout);
    expect(problems).toContainEqual({
      file: 'anum-loop.json',
      path: 'steps[7]',
      code: 'dead_end',
      severity: 'error',
      message: 'from step "privacy" no path leads to an end step: it only goes round "privacy", "drivers", "deadline", "budget"',
      hint: 'add a rule that leads to an end step',
    });
  });

  it('a variant whose flow file does not exist is named at variants[i].flow', () => {
    const flow = demo('saas-bant');
    flow.variants = [{ id: 'control', weight: 1 }, { id: 'short', weight: 1, flow: './saas-bant-shrt.json' }];
    write('with-variant.json', JSON.stringify(flow));
    const run = leadflow(['validate', '--json', 'with-variant.json'], dir);
    expect(run.code).toBe(1);
    expect(JSON.parse(run.stdout)).toEqual([expect.objectContaining({ path: 'variants[1].flow', code: 'variant_flow_missing', severity: 'error' })]);
  });

  // BUG: lint-flow.ts:unknownOption — the typed text of an "other" option (`role_other`) is
  // checked against the choice's option ids, an *error*, so validate exits 1 on a working flow.
  it('a flow branching on the "other" text is ok (exit 0)', () => {
    const withOther = { ...role, options: [role.options[0], { id: 'other', label: 'Something else', other: true }], next: [{ if: { answer: 'role_other', is: 'Student' }, goto: 'bye' }] };
    write('other.json', flowOf([withOther, contact, done, bye]));
    const run = leadflow(['validate', 'other.json'], dir);
    expect(run).toEqual({ code: 0, stdout: 'other.json: ok\n', stderr: '' });
  });

  // BUG: lint-graph.ts:checkRouteEndings — an early exit by route alone makes every other route
  // "unhandled", though they all reach the flow's one ending.
  it('an early exit for disqualified leads is ok', () => {
    const withStudent = { ...role, options: [...role.options, { id: 'student', label: 'Student' }], next: [{ if: { score: 'route', is: 'disqualified' }, goto: 'bye' }] };
    write('early-exit.json', flowOf([withStudent, contact, done, bye], { scoring: { extend: 'champ', knockouts: [{ id: 'student', when: { answer: 'role', is: 'student' } }] } }));
    const run = leadflow(['validate', 'early-exit.json'], dir);
    expect(run).toEqual({ code: 0, stdout: 'early-exit.json: ok\n', stderr: '' });
  });
});
