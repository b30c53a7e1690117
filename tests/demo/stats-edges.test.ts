import { describe, expect, it } from 'vitest';
import type { FunnelEvent } from '../../demo/receiver/analytics-batch.ts';
import { formatDifference, formatPValue, formatRate } from '../../demo/receiver/dashboard-format.ts';
import { renderDashboardMain } from '../../demo/receiver/dashboard-page.ts';
import { computeDashboardStats } from '../../demo/receiver/funnel-stats.ts';
import type { FlowStats, VariantStats } from '../../demo/receiver/funnel-stats-types.ts';

/**
 * Edge cases of the demo dashboard's statistics, as a marketer reads them: known numbers worked
 * out by hand, and funnels whose visitors went Back or whose experiment was reweighted.
 */

let clock = Date.parse('2026-11-27T10:00:00Z');

function event(type: FunnelEvent['type'], session: string, extra: Partial<FunnelEvent> = {}): FunnelEvent {
  clock += 1000;
  return { type, flow: { id: 'saas-bant', version: 1 }, variant: null, session, stepId: 'role', index: 0, at: new Date(clock).toISOString(), ...extra };
}

/** `views` sessions of `variant` in flow version `version`, the first `submits` of them submitting. */
function visits(variant: string, version: number, views: number, submits: number): FunnelEvent[] {
  const flow = { id: 'saas-bant', version };
  return Array.from({ length: views }, (_, i) => {
    const session = `${variant}-v${version}-${i}`;
    const viewed = event('view', session, { variant, flow });
    return i < submits ? [viewed, event('submit', session, { variant, flow, stepId: 'end', index: 2, durationMs: 1000 })] : [viewed];
  }).flat();
}

const flowOf = (events: FunnelEvent[]): FlowStats => computeDashboardStats(events, []).flows.find((flow) => flow.flowId === 'saas-bant')!;
const variantOf = (flow: FlowStats, variant: string | null): VariantStats => flow.variants.find((stats) => stats.variant === variant)!;

describe('the variant comparison on numbers worked out by hand', () => {
  it('rates 50/500 against 30/200 as +5.0 pp, z = 1.878, p = 0.060: not significant yet', () => {
    // p1 = 0.10, p2 = 0.15, pooled = 80/700 = 0.114286; SE = √(0.114286 · 0.885714 · (1/500 + 1/200))
    // = 0.026619; z = 0.05 / 0.026619 = 1.8784; p = erfc(1.8784 / √2) = 0.06033.
    const flow = flowOf([...visits('control', 1, 500, 50), ...visits('short', 1, 200, 30)]);
    expect(flow.baseline).toBe('control');
    const short = variantOf(flow, 'short');
    expect(short.conversion).toMatchObject({ sessions: 30, of: 200, rate: 0.15 });
    expect(short.versusBaseline).toEqual({
      baseline: 'control',
      difference: expect.closeTo(0.05, 10),
      z: expect.closeTo(1.87836, 4),
      pValue: expect.closeTo(0.06033, 4),
      verdict: 'not significant yet',
    });
    expect(formatDifference(short.versusBaseline!.difference)).toBe('+5.0 pp');
    expect(formatPValue(short.versusBaseline!.pValue)).toBe('0.060');
    // Wilson, 30 of 200: centre (0.15 + z²/400) / (1 + z²/200) = 0.159297, half-width 0.048738.
    expect(formatRate(short.conversion.rate, short.conversion.interval)).toBe('15.0 % (10.7–20.6 %)');
    // 50 of 500: 7.7–12.9 %.
    const control = variantOf(flow, 'control');
    expect(formatRate(control.conversion.rate, control.conversion.interval)).toBe('10.0 % (7.7–12.9 %)');
  });

  it('calls 200/1000 against 240/1000 significant: z = 2.159, p = 0.031', () => {
    // pooled 0.22, SE = √(0.22 · 0.78 · 0.002) = 0.018526, z = 0.04 / 0.018526 = 2.1592.
    const short = variantOf(flowOf([...visits('control', 1, 1000, 200), ...visits('short', 1, 1000, 240)]), 'short');
    expect(short.versusBaseline).toMatchObject({ z: expect.closeTo(2.15917, 4), pValue: expect.closeTo(0.030837, 5), verdict: 'significant at 95 %' });
  });

  it('counts each session once however often its batch arrived, and takes the median of the first submits', () => {
    const once = [...visits('control', 1, 40, 10), ...visits('short', 1, 40, 20)];
    const twice = [...once, ...once.map((e) => ({ ...e }))];
    const a = flowOf(once);
    const b = flowOf(twice);
    expect(variantOf(b, 'short').conversion).toEqual(variantOf(a, 'short').conversion);
    expect(variantOf(b, 'short').versusBaseline).toEqual(variantOf(a, 'short').versusBaseline);
    expect(variantOf(b, 'short').medianTimeToCompleteMs).toBe(1000);
  });
});

describe('funnel drop-off when visitors go Back', () => {
  /**
   * Ten visitors each answer "role", see "need", go Back to "role", change their answer and
   * reach the student ending: nobody left the form at "need".
   */
  function backedOut(): FunnelEvent[] {
    const role = { stepId: 'role', index: 0 };
    const need = { stepId: 'need', index: 1 };
    return Array.from({ length: 10 }, (_, i) => {
      const s = `back-${i}`;
      return [
        event('view', s, role),
        event('step_view', s, role),
        event('start', s, role),
        event('step_complete', s, { ...role, durationMs: 2000 }),
        event('step_view', s, need),
        event('step_view', s, role),
        event('step_complete', s, { ...role, durationMs: 1000 }),
        event('submit', s, { stepId: 'end_student', index: 1, durationMs: 9000 }),
      ];
    }).flat();
  }

  it('counts them as converted and not abandoned', () => {
    const stats = variantOf(flowOf(backedOut()), null);
    expect(stats.conversion).toMatchObject({ sessions: 10, of: 10, rate: 1 });
    expect(stats.abandoned).toBe(0);
  });

  // Was (fixed since): the dashboard says 100 % of the visitors who reached "need" "left at this stage", although
  // every one of them went Back and submitted; a marketer would cut or rewrite a question that loses
  // nobody. Cause: demo/receiver/funnel-stats.ts:147 (funnelOf) takes a step's drop-off as
  // 1 − completed ÷ reached, so a session that reached a step and moved on from it by Back counts
  // as lost there. Fix: count as left at a step only the sessions whose last step event was that step
  // and that never submitted (or subtract sessions with a later step_complete/submit from "left").
  it('does not say that visitors who went Back from a step and then submitted left at that step', () => {
    const need = variantOf(flowOf(backedOut()), null).funnel.find((stage) => stage.label === 'need')!;
    expect(need.sessions).toBe(10);
    expect(need.dropOff).toBe(0);
  });
});

describe('an experiment reweighted between flow versions', () => {
  /**
   * Version 1 ran 1:1 in a busy week (40 % of viewers convert, in both arms). Version 2 moved the
   * weights to 1:9 towards "short" in a quiet week (10 %, in both arms again). In each version the
   * two variants convert exactly alike.
   */
  const reweighted = () => [
    ...visits('control', 1, 100, 40),
    ...visits('short', 1, 100, 40),
    ...visits('control', 2, 100, 10),
    ...visits('short', 2, 900, 90),
  ];

  it('lists both versions for each variant', () => {
    const flow = flowOf(reweighted());
    expect(variantOf(flow, 'control').versions).toEqual([1, 2]);
    expect(variantOf(flow, 'short').conversion).toMatchObject({ sessions: 130, of: 1000 });
  });

  // Was (fixed since): the dashboard declares "short" significantly worse (−12.0 pp, p < 0.001) than "control",
  // although within each flow version the two convert identically (40 % vs 40 %, 10 % vs 10 %):
  // pooling versions with different weights (Simpson's paradox) makes the arm that got more traffic
  // in a slow week look worse. A marketer who reweights an experiment (the brief's "reweighted later")
  // would stop the wrong variant. Cause: demo/receiver/funnel-stats.ts:54 groups events by flow id
  // and variant only (versions merged, funnel-stats.ts:89), and compare() (funnel-stats.ts:184) runs
  // one pooled z-test. Fix: compare within a version (the latest, or each) or stratify by version
  // (Cochran–Mantel–Haenszel), and say when the weights changed between versions.
  it('does not call identical variants significantly different because their weights changed between versions', () => {
    const short = variantOf(flowOf(reweighted()), 'short');
    expect(short.versusBaseline!.verdict).not.toBe('significant at 95 %');
  });

  // Was: the table's conversion column counted every version (control 25 %, short 13 %) beside a
  // difference of +0.0 pp compared within version 2 only, with nothing saying why the two
  // disagree. A note under the table says what each column counts.
  it('says under the table that the rates count every version and the comparison one', () => {
    const html = renderDashboardMain(computeDashboardStats(reweighted(), []), []);
    const text = html.replace(/<[^>]+>/g, '').replace(/\s+/g, ' ');
    expect(text).toContain('Views, submits and rates count every flow version; the difference, p-value and verdict compare version 2 only');
    const oneVersion = renderDashboardMain(computeDashboardStats([...visits('control', 1, 50, 5), ...visits('short', 1, 50, 9)], []), []);
    expect(oneVersion).toContain('Difference vs. baseline');
    expect(oneVersion).not.toContain('count every flow version');
  });
});
