import { describe, expect, it } from 'vitest';
import { leadflow, tempDir } from './support.ts';

const { dir, write } = tempDir();
const WEBHOOK = 'https://hooks.example.com/leads';
const flowFile = (name: string, flow: object) => write(name, JSON.stringify({ id: name.replace(/\W/g, '_'), version: 1, webhook: WEBHOOK, ...flow }));
const answers = (name: string, value: object) => write(name, JSON.stringify(value));

// A flow whose one ending past `dead` can never be reached (no rule leads there), and which
// reads a hidden field only to pick a second webhook: no hidden value changes which ending a
// visitor sees.
const deadEnding = (name: string, extra: object) =>
  flowFile(name, {
    hidden: ['utm_source'],
    steps: [
      { id: 'q', type: 'single_choice', title: 'Q', options: [{ id: 'a', label: 'A' }, { id: 'b', label: 'B' }] },
      { id: 'end_plain', type: 'end', title: 'Plain' },
      { id: 'end_dead', type: 'end', title: 'Dead' },
    ],
    ...extra,
  });

describe('simulate --all-paths: hidden fields that cannot change where a visitor ends', () => {
  // Was: a marketer runs `leadflow simulate flow.json --all-paths` on a flow whose ending
  // "end_dead" no rule leads to, and which reads `utm_source` only in a `webhooks[].when` (which
  // CRM gets the lead). The report says "not reached without hidden fields utm_source (give them
  // with --hidden): end_dead" and "tried, without hidden fields utm_source" instead of "never
  // reached" / "covered": the marketer is sent to try hidden values, and the dead ending is
  // hidden behind a field that can never lead to it. Cause: src/cli/commands/simulate.ts
  // `pathsReport` collects hidden fields from every `flowConditions(flow)` condition, including
  // webhooks' `when` (and scoring rules / routes, which choose no step). Fixed: only
  // conditions that can change the path count: steps' `next[].if`, and scoring rules only when
  // a branch reads the score.
  it('a hidden field read only by a webhook condition does not excuse a dead ending', () => {
    deadEnding('hook-hidden.json', { webhooks: [{ url: 'https://crm.example.com/ads', when: { hidden: 'utm_source', is: 'ads' } }] });
    const run = leadflow(['simulate', 'hook-hidden.json', '--all-paths'], dir);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^never reached: end_dead$/m);
    expect(run.stdout.trimEnd().split('\n').at(-1)).toMatch(/every combination of representative answers covered$/);
  });

  // Was: same, with the hidden field read only by a scoring criterion (points for visitors
  // from ads) in a flow whose branches never read the score: "not reached without hidden
  // fields utm_source" for an ending no hidden value reaches. Cause and fix as above.
  it('a hidden field read only by a scoring rule (no branch reads the score) does not excuse a dead ending', () => {
    deadEnding('score-hidden.json', {
      scoring: { criteria: [{ id: 'from_ads', dimension: 'need', when: { hidden: 'utm_source', is: 'ads' }, points: 10 }] },
    });
    const run = leadflow(['simulate', 'score-hidden.json', '--all-paths'], dir);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^never reached: end_dead$/m);
  });

  it('a dead ending without hidden fields read anywhere is still "never reached", exit 0', () => {
    deadEnding('plain-dead.json', {});
    const run = leadflow(['simulate', 'plain-dead.json', '--all-paths'], dir);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^never reached: end_dead$/m);
    expect(run.stdout.trimEnd().split('\n').at(-1)).toMatch(/every combination of representative answers covered$/);
  });

  it('a hidden field given empty (`--hidden utm_source=`) counts as given', () => {
    flowFile('branch-hidden.json', {
      hidden: ['utm_source'],
      steps: [
        { id: 'q', type: 'single_choice', title: 'Q', options: [{ id: 'a', label: 'A' }, { id: 'b', label: 'B' }], next: [{ if: { hidden: 'utm_source', is: 'ads' }, goto: 'end_ads' }] },
        { id: 'end_plain', type: 'end', title: 'Plain' },
        { id: 'end_ads', type: 'end', title: 'Ads' },
      ],
    });
    const given = leadflow(['simulate', 'branch-hidden.json', '--all-paths', '--hidden', 'utm_source='], dir);
    expect(given.code).toBe(0);
    expect(given.stdout).toMatch(/^never reached: end_ads$/m);
    const missing = leadflow(['simulate', 'branch-hidden.json', '--all-paths'], dir);
    expect(missing.stdout).toMatch(/^not reached without hidden fields utm_source \(give them with --hidden\): end_ads$/m);
  });
});

write(
  'kinds.json',
  JSON.stringify({
    id: 'kinds',
    version: 1,
    webhook: WEBHOOK,
    steps: [
      { id: 'when', type: 'date', title: 'When?', min: '2026-03-01' },
      { id: 'until', type: 'date', title: 'Until?', max: '2026-03-31' },
      { id: 'pick', type: 'dropdown', title: 'Pick', options: [{ id: 'p1', label: '1' }, { id: 'p2', label: '2' }] },
      { id: 'topics', type: 'multiple_choice', title: 'Topics?', options: [{ id: 'x', label: 'X' }, { id: 'y', label: 'Y' }] },
      { id: 'bye', type: 'end', title: 'Bye' },
    ],
  }),
);

describe('simulate: refusals', () => {
  it('names a date bound with min only as the day the flow wrote', () => {
    const run = leadflow(['simulate', 'kinds.json', answers('early.json', { when: '2026-02-28' })], dir);
    expect(run).toMatchObject({ code: 1, stdout: '' });
    expect(run.stderr).toContain('"when" must be on or after 2026-03-01, not "2026-02-28"');
  });
  it('names a date bound with max only', () => {
    const run = leadflow(['simulate', 'kinds.json', answers('late.json', { when: '2026-03-01', until: '2026-04-01' })], dir);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('"until" must be on or before 2026-03-31, not "2026-04-01"');
  });
  it('names an unknown option of a dropdown, and a multiple choice answered with a non-list', () => {
    const a = leadflow(['simulate', 'kinds.json', answers('drop.json', { when: '2026-03-01', until: '2026-03-02', pick: 'p3' })], dir);
    expect(a.code).toBe(1);
    expect(a.stderr).toContain('"pick" has no option "p3" (options: p1, p2)');
    const b = leadflow(['simulate', 'kinds.json', answers('nonlist.json', { when: '2026-03-01', until: '2026-03-02', pick: 'p1', topics: 'x,y' })], dir);
    expect(b.code).toBe(1);
    expect(b.stderr).toContain('"topics" has no option "x,y" (options: x, y)');
    const c = leadflow(['simulate', 'kinds.json', answers('twice.json', { when: '2026-03-01', until: '2026-03-02', pick: 'p1', topics: ['x', 'x', 'q'] })], dir);
    expect(c.stderr).toContain('"topics" has no option "q"');
    const d = leadflow(['simulate', 'kinds.json', answers('twice2.json', { when: '2026-03-01', until: '2026-03-02', pick: 'p1', topics: ['y', 'x', 'y'] })], dir);
    expect(d.stderr).toContain('"topics" names "y" twice');
  });
});
