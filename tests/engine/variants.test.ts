import { describe, expect, it } from 'vitest';
import { applyVariant, loadFlow, pickVariant, validateFlow, type Flow, type Issue, type Variant } from '../../src/engine/index.ts';
import { demoJson, load, type FlowJson } from './fixtures.ts';
import { mulberry32 } from './support/random.ts';

/** The demo flow running `variants`. */
const withVariants = (variants: unknown[]): FlowJson => ({ ...demoJson(), variants });

/** The issues of a flow that must be refused by `loadFlow`. */
function issuesOf(json: FlowJson): Issue[] {
  const result = loadFlow(json);
  if (result.ok) throw new Error('expected the flow to be refused, but it loaded');
  return result.issues;
}

const always = (value: number) => () => value;

describe('pickVariant', () => {
  const abc = [
    { id: 'a', weight: 1 },
    { id: 'b', weight: 1 },
    { id: 'c', weight: 2 },
  ];

  it('lays the weights end to end over [0, 1): a, then b, then c twice as wide', () => {
    // Total 4: a is [0, 0.25), b [0.25, 0.5), c [0.5, 1); the points are exact in binary.
    expect(pickVariant(abc, always(0))?.id).toBe('a');
    expect(pickVariant(abc, always(0.2499))?.id).toBe('a');
    expect(pickVariant(abc, always(0.25))?.id).toBe('b');
    expect(pickVariant(abc, always(0.4999))?.id).toBe('b');
    expect(pickVariant(abc, always(0.5))?.id).toBe('c');
    expect(pickVariant(abc, always(0.9999999))?.id).toBe('c');
  });

  it('returns the variant object itself', () => {
    expect(pickVariant(abc, always(0.3))).toBe(abc[1]);
  });

  it('never draws a variant of weight 0, at either end or in between', () => {
    const variants = [
      { id: 'off_first', weight: 0 },
      { id: 'a', weight: 1 },
      { id: 'off_middle', weight: 0 },
      { id: 'b', weight: 1 },
      { id: 'off_last', weight: 0 },
    ];
    expect(pickVariant(variants, always(0))?.id).toBe('a');
    expect(pickVariant(variants, always(0.5))?.id).toBe('b');
    expect(pickVariant(variants, always(0.9999999))?.id).toBe('b');

    const random = mulberry32(7);
    const drawn = new Set(Array.from({ length: 5_000 }, () => pickVariant(variants, random)?.id));
    expect([...drawn].sort()).toEqual(['a', 'b']);
  });

  it('returns undefined when no variant has any weight, or there are none', () => {
    expect(
      pickVariant(
        [
          { id: 'a', weight: 0 },
          { id: 'b', weight: 0 },
        ],
        always(0.5),
      ),
    ).toBeUndefined();
    expect(pickVariant([], always(0.5))).toBeUndefined();
  });
});

describe('pickVariant: distribution', () => {
  /** Pearson's chi-square statistic of observed counts against expected proportions. */
  function chiSquare(observed: readonly number[], proportions: readonly number[]): number {
    const n = observed.reduce((sum, count) => sum + count, 0);
    const total = proportions.reduce((sum, p) => sum + p, 0);
    return observed.reduce((sum, count, i) => {
      const expected = (n * proportions[i]!) / total;
      return sum + (count - expected) ** 2 / expected;
    }, 0);
  }
  /** Chi-square critical value for 2 degrees of freedom at p = 0.001. */
  const CRITICAL_2DF_0001 = 13.82;

  const variants = [
    { id: 'a', weight: 1 },
    { id: 'b', weight: 2 },
    { id: 'c', weight: 7 },
  ];
  /** 20,000 draws with a seeded PRNG: the same counts on every run. */
  function draw(seed: number): number[] {
    const random = mulberry32(seed);
    const counts = [0, 0, 0];
    for (let i = 0; i < 20_000; i++) counts[variants.indexOf(pickVariant(variants, random)!)]!++;
    return counts;
  }

  it('fits the weights 1:2:7 (chi-square, 2 degrees of freedom, p > 0.001)', () => {
    for (const seed of [1, 2024, 0xc0ffee]) {
      const counts = draw(seed);
      expect(counts.reduce((a, b) => a + b)).toBe(20_000);
      expect(chiSquare(counts, [1, 2, 7]), `seed ${seed}: ${counts.join(':')}`).toBeLessThan(CRITICAL_2DF_0001);
    }
  });

  it('rejects a wrong expectation, so the test above can fail', () => {
    const counts = draw(1);
    expect(chiSquare(counts, [1, 1, 1])).toBeGreaterThan(CRITICAL_2DF_0001);
    // Even a near miss: 1:2:6 expects 2222:4444:13333, some hundred off each.
    expect(chiSquare(counts, [1, 2, 6])).toBeGreaterThan(CRITICAL_2DF_0001);
  });

  it('computes chi-square as Pearson does', () => {
    // (10-20)²/20 + (30-20)²/20 + (20-20)²/20 = 5 + 5 + 0
    expect(chiSquare([10, 30, 20], [1, 1, 1])).toBe(10);
  });
});

describe('applyVariant', () => {
  const flow: Flow = load(
    withVariants([
      { id: 'control', weight: 1 },
      {
        id: 'short',
        weight: 1,
        title: 'Two minutes to a better pipeline',
        theme: { primary: '#e4572e' },
        autoAdvance: true,
        steps: {
          budget: { title: 'Budget?', description: 'Roughly is fine.' },
          timeline: { options: [{ id: 'this_quarter', label: 'Soon' }, { id: 'this_year', label: 'This year' }, { id: 'later', label: 'Later' }] },
        },
      },
    ]),
  );
  const [control, short] = flow.variants as [Variant, Variant];

  it("lays the variant's title, theme, autoAdvance and step properties over the flow", () => {
    const merged = applyVariant(flow, short) as unknown as Flow;

    expect(merged.title).toBe('Two minutes to a better pipeline');
    expect(merged.theme).toEqual({ primary: '#e4572e' });
    expect(merged.autoAdvance).toBe(true);
    const budget = flow.steps[3]!;
    expect(merged.steps[3]).toEqual({ ...budget, title: 'Budget?', description: 'Roughly is fine.' });
    expect(merged.steps[3]).toMatchObject({ id: 'budget', type: 'single_choice', options: (budget as { options: unknown }).options });
    expect(merged.steps[4]).toMatchObject({ id: 'timeline', title: flow.steps[4]!.title });
    expect((merged.steps[4] as { options: Array<{ label: unknown }> }).options.map((o) => o.label)).toEqual(['Soon', 'This year', 'Later']);
  });

  it('leaves the other steps as they are, and the flow itself untouched', () => {
    const before = structuredClone(flow);
    const merged = applyVariant(flow, short) as unknown as Flow;

    for (const i of [0, 1, 2, 5, 6, 7, 8, 9, 10]) expect(merged.steps[i]).toBe(flow.steps[i]);
    expect(merged.steps.map((s) => s.id)).toEqual(flow.steps.map((s) => s.id));
    expect(flow).toEqual(before);
  });

  it('removes the experiment and keeps the rest of the flow', () => {
    const merged = applyVariant(flow, short);
    expect('variants' in merged).toBe(false);
    expect(merged).toMatchObject({ id: 'saas-bant', version: 1, locales: ['de', 'en'], scoring: flow.scoring });
  });

  it('shows the control as the flow without its experiment', () => {
    const { variants: _, ...base } = flow;
    expect(applyVariant(flow, control)).toEqual(base);
  });

  it('keeps the step id even when the patch names another', () => {
    const renaming: Variant = { id: 'rename', weight: 1, steps: { budget: { id: 'money', title: 'Money?' } } };
    const merged = applyVariant(flow, renaming) as unknown as Flow;
    expect(merged.steps[3]).toMatchObject({ id: 'budget', title: 'Money?' });
    expect(merged.steps.map((s) => s.id)).not.toContain('money');
  });
});

describe('loadFlow with variants', () => {
  it('loads valid variants as written', () => {
    const variants = [
      { id: 'control', weight: 1 },
      { id: 'short', weight: 3, title: 'Quick check', steps: { budget: { title: 'Budget?' } } },
      { id: 'redesign', weight: 1, flow: './saas-bant-b.json' },
      { id: 'retired', weight: 0 },
    ];
    const result = loadFlow(withVariants(variants));
    expect(result.ok && result.value.variants).toEqual(variants);
  });

  it('refuses a variant id used twice', () => {
    expect(
      issuesOf(
        withVariants([
          { id: 'a', weight: 1 },
          { id: 'b', weight: 1 },
          { id: 'a', weight: 2 },
        ]),
      ),
    ).toStrictEqual([
      {
        code: 'duplicate_id',
        path: ['variants', 2, 'id'],
        message: 'duplicate variant id "a" (first used at variants[0])',
        hint: 'ids must be unique: rename one of them',
      },
    ]);
  });

  it('refuses variants that all weigh 0', () => {
    expect(
      issuesOf(
        withVariants([
          { id: 'a', weight: 0 },
          { id: 'b', weight: 0 },
        ]),
      ),
    ).toStrictEqual([
      {
        code: 'no_weight',
        path: ['variants'],
        message: 'every variant has weight 0, so no visitor could be assigned one',
        hint: 'give the variants positive weights, e.g. 1 and 1 for an even split',
      },
    ]);
  });

  it('refuses a variant that names a flow file and overrides parts too', () => {
    expect(
      issuesOf(
        withVariants([
          { id: 'a', weight: 1 },
          { id: 'b', weight: 1, flow: './b.json', title: 'Ignored' },
        ]),
      ),
    ).toStrictEqual([
      {
        code: 'variant_conflict',
        path: ['variants', 1, 'title'],
        message: 'variant "b" shows the flow file "./b.json" as it is, so "title" would be ignored',
        hint: 'remove "flow" to change parts of this flow, or make the changes in that file',
      },
    ]);
  });

  it('refuses an override of a step the flow does not have, suggesting the one meant', () => {
    expect(
      issuesOf(
        withVariants([
          { id: 'a', weight: 1 },
          { id: 'b', weight: 1, steps: { budgte: { title: 'Budget?' } } },
        ]),
      ),
    ).toStrictEqual([{ code: 'unknown_step', path: ['variants', 1, 'steps', 'budgte'], message: 'unknown step "budgte"', hint: 'did you mean "budget"?' }]);
  });

  it('refuses an override that leaves a choice with one option, where the variant set it', () => {
    const issues = issuesOf(
      withVariants([
        { id: 'a', weight: 1 },
        { id: 'b', weight: 1, steps: { budget: { options: [{ id: 'approved', label: 'Yes' }] } } },
      ]),
    );
    expect(issues).toStrictEqual([{ code: 'too_small', path: ['variants', 1, 'steps', 'budget', 'options'], message: 'needs at least 2 items' }]);
  });

  it('refuses an override whose next rule goes to a missing step, where the variant set it', () => {
    expect(
      issuesOf(
        withVariants([
          { id: 'a', weight: 1 },
          { id: 'b', weight: 1, steps: { timeline: { next: [{ goto: 'end_hto' }] } } },
        ]),
      ),
    ).toStrictEqual([
      {
        code: 'unknown_step',
        path: ['variants', 1, 'steps', 'timeline', 'next', 0, 'goto'],
        message: 'unknown step "end_hto"',
        hint: 'did you mean "end_hot"?',
      },
    ]);
  });

  it("reports a broken merge outside the patched properties at the changed step's entry, naming the merged path", () => {
    // A single choice turned into a text keeps its options, which a text does not have.
    const issues = issuesOf(
      withVariants([
        { id: 'a', weight: 1 },
        { id: 'b', weight: 1, steps: { budget: { type: 'short_text' } } },
      ]),
    );
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({
      code: 'unknown_property',
      path: ['variants', 1, 'steps', 'budget'],
      message: 'with variant "b", steps[3].options: unknown property "options"',
    });
  });

  it('does not check a variant that shows another flow file against this flow', () => {
    expect(loadFlow(withVariants([{ id: 'a', weight: 1 }, { id: 'b', weight: 1, flow: './b.json' }])).ok).toBe(true);
  });
});

describe('validateFlow: experiments that compare nothing', () => {
  it('loads the demo flow with no issue, so the warnings below come from the variants', () => {
    expect(validateFlow(demoJson()).ok).toBe(true);
    expect(
      validateFlow(
        withVariants([
          { id: 'a', weight: 1 },
          { id: 'b', weight: 3 },
        ]),
      ).ok,
    ).toBe(true);
  });

  it('warns about a variant of weight 0 and a single variant left to draw', () => {
    const result = validateFlow(
      withVariants([
        { id: 'a', weight: 1 },
        { id: 'b', weight: 0 },
      ]),
    );
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues).toStrictEqual([
      {
        code: 'variant_never_shown',
        path: ['variants', 1, 'weight'],
        message: 'variant "b" has weight 0, so no new visitor sees it (visitors assigned before keep it)',
        hint: 'give it a weight, or remove it once its results are in',
        severity: 'warning',
      },
      {
        code: 'single_variant',
        path: ['variants'],
        message: 'only variant "a" can be drawn, so there is nothing to compare',
        hint: 'add a second variant with a weight, or remove "variants"',
        severity: 'warning',
      },
    ]);
  });

  // Dropping "student" and "research" from `role` in the flow itself is reported
  // (steps[0].next[0].if.is and scoring.criteria[0].options.research can never match); the
  // same change made by a variant must be too, or half the visitors never reach end_student.
  it('lints the flow as each overriding variant shows it', () => {
    const twoRoles = [
      { id: 'sign_off', label: 'I decide' },
      { id: 'recommend', label: 'I recommend' },
    ];
    const result = validateFlow(
      withVariants([
        { id: 'a', weight: 1 },
        { id: 'b', weight: 1, steps: { role: { options: twoRoles } } },
      ]),
    );
    expect(result.ok ? [] : result.issues.map((i) => i.code)).toContain('unknown_option');
    // Reported on the variant, naming where in its version of the flow.
    const issue = !result.ok && result.issues.find((i) => i.code === 'unknown_option');
    expect(issue && issue.path).toEqual(['variants', 1, 'steps', 'role']);
    expect(issue && issue.message).toMatch(/^with variant "b", steps\[0\]\.next\[0\]\.if\.is: /);
  });

  it('warns about weights written as percentages that miss 100, saying the shares they give', () => {
    const result = validateFlow(withVariants([{ id: 'a', weight: 50 }, { id: 'b', weight: 40 }]));
    expect(result.ok ? [] : result.issues.map((i) => [i.code, i.path, i.message, i.severity])).toEqual([
      ['weights_not_100', ['variants'], 'the weights add up to 90, not 100; they are relative, so the shares are a 55.6 %, b 44.4 %', 'warning'],
    ]);
    // Plain relative weights (1 and 3) and percentages that add up are fine.
    expect(validateFlow(withVariants([{ id: 'a', weight: 1 }, { id: 'b', weight: 3 }])).ok).toBe(true);
    expect(validateFlow(withVariants([{ id: 'a', weight: 70 }, { id: 'b', weight: 30 }])).ok).toBe(true);
  });

  it('warns about one variant on its own', () => {
    const result = validateFlow(withVariants([{ id: 'only', weight: 2 }]));
    expect(result.ok ? [] : result.issues.map((i) => [i.code, i.severity])).toEqual([['single_variant', 'warning']]);
  });
});
