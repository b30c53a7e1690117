import { describe, expect, it } from 'vitest';
import { conditionSummary } from '../../src/cli/commands/graph.ts';
import { leadflow, tempDir } from './support.ts';

/**
 * Found by a review of the fixes in cli-edges.test.ts (simulate --all-paths candidates and
 * limit, graph labels): each test was a bug, its comment says what went wrong.
 */
const { dir, write } = tempDir();

/** A flow whose first step `first` goes to end_a when `when` holds, else to end_b. */
const branching = (first: object, when: object) =>
  JSON.stringify({
    id: 'review4',
    version: 1,
    webhook: 'https://hooks.example.com/leads',
    steps: [
      { ...first, next: [{ if: when, goto: 'end_a' }, { goto: 'end_b' }] },
      { id: 'end_a', type: 'end', title: 'A' },
      { id: 'end_b', type: 'end', title: 'B' },
    ],
  });

describe('simulate --all-paths', () => {
  // Bug (src/cli/explore-candidates.ts, numberCandidates): the edge ± 1 probes are snapped to the
  // *nearest* grid point, so with `step: 5` the probes 9, 10, 11 of `gt: 10` all become 10 and
  // no answer above 10 is tried. A visitor answering 15 reaches end_a, yet the report says
  // "never reached: end_a" and "every combination of representative answers covered".
  it('tries a number on the grid above a `gt` edge (step 5, gt 10)', () => {
    write('grid-gt.json', branching({ id: 'q', type: 'number', title: 'Seats', step: 5 }, { answer: 'q', gt: 10 }));
    const run = leadflow(['simulate', 'grid-gt.json', '--all-paths'], dir);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('q → end_a');
    expect(run.stdout).not.toContain('never reached: end_a');
  });

  // Same bug, with min/max present: probes of `gt: 10` and `lt: 100` snap onto 10 and 100, min 0
  // and max 10000 lie outside, so the band 15–95 is never tried.
  it('tries a number on the grid inside a band between two edges (step 5, 10 < q < 100)', () => {
    write(
      'grid-band.json',
      branching({ id: 'q', type: 'number', title: 'Seats', step: 5, min: 0, max: 10000 }, { all: [{ answer: 'q', gt: 10 }, { answer: 'q', lt: 100 }] }),
    );
    const run = leadflow(['simulate', 'grid-band.json', '--all-paths'], dir);
    expect(run.stdout).toContain('q → end_a');
    expect(run.stdout).not.toContain('never reached: end_a');
  });

  // Bug (src/cli/explore-candidates.ts, numberCandidates grid): `base + round(n / step) * step`
  // turns 0.3 into 3 * 0.1 = 0.30000000000000004, so `is: 0.3` (which a visitor typing 0.3
  // satisfies, and which the edge value 0.3 itself satisfied before this commit) is never true:
  // "never reached: end_a" while claiming completeness. A regression of the grid snapping.
  it('keeps an exact edge value on a decimal grid (step 0.1, is 0.3)', () => {
    write('grid-dec.json', branching({ id: 'q', type: 'number', title: 'Rate', step: 0.1, min: 0, max: 1 }, { answer: 'q', is: 0.3 }));
    const run = leadflow(['simulate', 'grid-dec.json', '--all-paths'], dir);
    expect(run.stdout).toContain('q → end_a');
    expect(run.stdout).not.toContain('never reached: end_a');
  });

  // Bug (src/cli/explore.ts, the new `matches` check): a `matches` rule on a closed question
  // (single_choice) that no option satisfies marks the step INCOMPLETE, although every option —
  // every possible answer — was tried; end_a is genuinely unreachable but reported as
  // "not reached in the combinations tried" and the summary says "incomplete".
  it('does not call a choice step incomplete when no option matches a pattern', () => {
    write(
      'choice-matches.json',
      branching(
        { id: 'q', type: 'single_choice', title: 'Size', options: [{ id: 'small', label: 'S' }, { id: 'big', label: 'B' }] },
        { answer: 'q', matches: '^enterprise' },
      ),
    );
    const run = leadflow(['simulate', 'choice-matches.json', '--all-paths'], dir);
    expect(run.stdout).not.toContain('INCOMPLETE');
    expect(run.stdout).toContain('never reached: end_a');
  });

  // Bug (src/cli/explore.ts, `found … .slice(0, options.maxPaths)`): the path over the limit is
  // found (q = c was answered and reached end_c: "3 steps answered") and then dropped, so the
  // report says end_c was "not reached in the combinations tried" — it was reached by a tried
  // combination — and counts 2 answer combinations for 3 tried.
  it('does not call an ending reached by a dropped path "not reached in the combinations tried"', () => {
    write(
      'three.json',
      JSON.stringify({
        id: 'three',
        version: 1,
        webhook: 'https://hooks.example.com/leads',
        steps: [
          {
            id: 'q',
            type: 'single_choice',
            title: 'Q',
            options: [{ id: 'a', label: 'A' }, { id: 'b', label: 'B' }, { id: 'c', label: 'C' }],
            next: [{ if: { answer: 'q', is: 'a' }, goto: 'end_a' }, { if: { answer: 'q', is: 'b' }, goto: 'end_b' }, { goto: 'end_c' }],
          },
          { id: 'end_a', type: 'end', title: 'A' },
          { id: 'end_b', type: 'end', title: 'B' },
          { id: 'end_c', type: 'end', title: 'C' },
        ],
      }),
    );
    const run = leadflow(['simulate', 'three.json', '--all-paths', '--limit', '2'], dir);
    expect(run.stdout).toContain('3 steps answered');
    expect(run.stdout).not.toMatch(/not reached in the combinations tried: .*end_c/);
  });
});

describe('graph', () => {
  // Bug (src/cli/commands/graph.ts, cut): labels are cut by code points, not graphemes, so a flag
  // (two regional indicators) at the cut loses its second half and shows a lone 🇩 — the comment
  // promises "an emoji at the cut stays whole or goes".
  it('never cuts a flag emoji in half', () => {
    for (let n = 20; n < 45; n++) {
      const label = conditionSummary({ answer: 'q', is: `${'x'.repeat(n)}🇩🇪🇩🇪🇩🇪` });
      const indicators = [...label].filter((c) => /\p{Regional_Indicator}/u.test(c)).length;
      expect(indicators % 2, label).toBe(0);
    }
  });
});
