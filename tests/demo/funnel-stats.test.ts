import { describe, expect, it } from 'vitest';
import type { FunnelEvent } from '../../demo/receiver/analytics-batch.ts';
import { computeDashboardStats } from '../../demo/receiver/funnel-stats.ts';
import type { FlowStats, VariantStats } from '../../demo/receiver/funnel-stats-types.ts';
import type { StoredLead } from '../../demo/receiver/lead-store.ts';

let clock = Date.parse('2026-11-27T10:00:00Z');

/** One funnel event; each call one second after the previous, unless `at` is given. */
function event(type: FunnelEvent['type'], session: string, extra: Partial<FunnelEvent> & { variant?: string | null; flowId?: string } = {}): FunnelEvent {
  const { flowId = 'saas-bant', variant = null, ...rest } = extra;
  clock += 1000;
  return { type, flow: { id: flowId, version: 1 }, variant, session, stepId: 'contact', index: 0, at: new Date(clock).toISOString(), ...rest };
}

/** `views` sessions of a variant that each viewed once; the first `submits` of them submitted. */
function visits(variant: string | null, views: number, submits: number, flowId = 'saas-bant'): FunnelEvent[] {
  return Array.from({ length: views }, (_, i) => {
    const session = `${flowId}-${variant}-${i}`;
    const viewed = event('view', session, { variant, flowId });
    return i < submits ? [viewed, event('submit', session, { variant, flowId, stepId: 'thanks', index: 3, qualified: i % 2 === 0 })] : [viewed];
  }).flat();
}

function lead(
  id: string,
  extra: { variant?: string; tier?: string; type?: StoredLead['envelope']['type']; receivedAt?: string; flowId?: string; qa?: boolean } = {},
): StoredLead {
  return {
    receivedAt: extra.receivedAt ?? '2026-11-27T10:00:00.000Z',
    id,
    envelope: {
      type: extra.type ?? 'lead.submitted',
      timestamp: '2026-11-27T10:00:00Z',
      data: {
        id,
        flow: { id: extra.flowId ?? 'saas-bant', version: 1 },
        ...(extra.variant && { variant: extra.variant }),
        answers: {},
        contact: { email: 'ada@example.com' },
        score: { total: 50, tier: extra.tier ?? 'warm' },
        ...(extra.qa !== undefined && { meta: { qa: extra.qa } }),
      },
    },
  };
}

const flowOf = (events: FunnelEvent[], leads: StoredLead[] = [], flowId = 'saas-bant'): FlowStats =>
  computeDashboardStats(events, leads).flows.find((flow) => flow.flowId === flowId)!;
const variantOf = (flow: FlowStats, variant: string | null): VariantStats => flow.variants.find((stats) => stats.variant === variant)!;
const stageCounts = (stats: VariantStats) => stats.funnel.map(({ label, sessions, completed, dropOff }) => [label, sessions, completed, dropOff]);

/**
 * Four visitors of a flow without an experiment, sending what the widget sends (the first
 * step's `step_view` comes with the `view`, before anyone starts):
 * - a: views, starts, completes contact and budget, submits (qualified, 60 s)
 * - b: views, starts, leaves at contact (abandon)
 * - c: views (and so is shown contact), never starts
 * - d: views, reloads (a second view), starts, completes contact, sees budget, goes Back to
 *   contact and on to budget again, leaves the page for a moment, completes budget and submits
 *   (not qualified, 120 s)
 */
function fourVisitors(): FunnelEvent[] {
  const contact = { stepId: 'contact', index: 0 };
  const budget = { stepId: 'budget', index: 1 };
  return [
    event('view', 'a'),
    event('step_view', 'a', contact),
    event('start', 'a', contact),
    event('step_complete', 'a', { ...contact, durationMs: 4000 }),
    event('step_view', 'a', budget),
    event('step_complete', 'a', { ...budget, durationMs: 9000 }),
    event('submit', 'a', { stepId: 'thanks', index: 2, durationMs: 60_000, tier: 'hot', route: 'sales', qualified: true }),
    event('view', 'b'),
    event('step_view', 'b', contact),
    event('start', 'b', contact),
    event('abandon', 'b', { ...contact, reason: 'hidden' }),
    event('view', 'c'),
    event('step_view', 'c', contact),
    event('view', 'd'),
    event('step_view', 'd', contact),
    event('view', 'd'),
    event('step_view', 'd', contact),
    event('start', 'd', contact),
    event('step_complete', 'd', { ...contact, durationMs: 3000 }),
    event('step_view', 'd', budget),
    event('step_view', 'd', contact),
    event('step_complete', 'd', { ...contact, durationMs: 1000 }),
    event('step_view', 'd', budget),
    // Hid the page for a moment, came back and finished: an abandon followed by a submit.
    event('abandon', 'd', { ...budget, reason: 'hidden' }),
    event('step_complete', 'd', { ...budget, durationMs: 30_000 }),
    event('submit', 'd', { stepId: 'thanks', index: 2, durationMs: 120_000, tier: 'cold', route: 'nurture', qualified: false }),
  ];
}

describe('computeDashboardStats: the funnel', () => {
  it('has nothing to show without data', () => {
    expect(computeDashboardStats([], [])).toEqual({
      totals: { events: 0, sessions: 0, leads: 0, partialOnly: 0 },
      qaExcluded: { sessions: 0, leads: 0 },
      botsExcluded: 0,
      flows: [],
    });
  });

  it('counts each stage as distinct sessions; a drop-off is the share that left at that stage', () => {
    const stats = variantOf(flowOf(fourVisitors()), null);
    // Starts: 1 of 4 viewers never started. contact: reached by all 4 (c without starting),
    // completed by 2. budget: reached and completed by 2. Submits: 1 of 3 starters never submitted.
    expect(stageCounts(stats)).toEqual([
      ['Views', 4, null, null],
      ['Starts', 3, null, 0.25],
      ['contact', 4, 2, 0.5],
      ['budget', 2, 2, 0],
      ['Submits', 2, null, expect.closeTo(1 / 3, 10)],
    ]);
    expect(stats.funnel.map((stage) => stage.kind)).toEqual(['views', 'starts', 'step', 'step', 'submits']);
    expect(stats.label).toBe('—');
  });

  it('counts as abandoned only the sessions that left and never submitted', () => {
    expect(variantOf(flowOf(fourVisitors()), null).abandoned).toBe(1);
  });

  it('rates conversion and qualified leads against viewing sessions, and takes the median time', () => {
    const stats = variantOf(flowOf(fourVisitors()), null);
    expect(stats.conversion).toMatchObject({ sessions: 2, of: 4, rate: 0.5 });
    expect(stats.qualified).toMatchObject({ sessions: 1, of: 4, rate: 0.25 });
    expect(stats.conversion.interval!.low).toBeCloseTo(0.150, 3);
    expect(stats.conversion.interval!.high).toBeCloseTo(0.850, 3);
    expect(stats.medianTimeToCompleteMs).toBe(90_000);
  });

  it('changes nothing when events arrive twice', () => {
    const events = fourVisitors();
    const once = computeDashboardStats(events, []);
    expect(computeDashboardStats([...events, ...events], [])).toEqual({ ...once, totals: { ...once.totals, events: 2 * events.length } });
  });

  it('never shows a negative drop-off: sibling branches, a step every viewer is shown, lost events', () => {
    // After "role", x takes the "pricing" branch and y and z the "demo" branch, both at index 1:
    // chained by index, demo (2 sessions) would have "dropped" −100 % from pricing (1).
    const role = { stepId: 'role', index: 0 };
    const events = [
      ...['x', 'y', 'z'].flatMap((session) => [event('view', session), event('step_view', session, role), event('start', session, role), event('step_complete', session, role)]),
      event('step_view', 'x', { stepId: 'pricing', index: 1 }),
      event('step_complete', 'x', { stepId: 'pricing', index: 1 }),
      event('submit', 'x', { stepId: 'thanks', index: 2 }),
      event('step_view', 'y', { stepId: 'demo', index: 1 }),
      event('step_view', 'z', { stepId: 'demo', index: 1 }),
      event('step_complete', 'z', { stepId: 'demo', index: 1 }),
      event('submit', 'z', { stepId: 'thanks', index: 2 }),
      // Lost events: w's view, start and step_view never arrived; it completed "role" and submitted.
      event('step_complete', 'w', role),
      event('submit', 'w', { stepId: 'thanks', index: 1 }),
    ];
    const stats = variantOf(flowOf(events), null);
    expect(stageCounts(stats)).toEqual([
      ['Views', 3, null, null],
      ['Starts', 3, null, 0],
      // w completed "role" without a recorded view: it still reached it.
      ['role', 4, 4, 0],
      ['pricing', 1, 1, 0],
      ['demo', 2, 1, 0.5],
      // x, z and w submitted, x, y and z started (w's start was lost): nobody counts as lost.
      ['Submits', 3, null, 0],
    ]);
    expect(stats.funnel.every(({ dropOff }) => dropOff === null || (dropOff >= 0 && dropOff <= 1))).toBe(true);
  });

  it('clamps a drop-off at 0 when a later stage has more sessions than the one it is measured against', () => {
    // Two starts whose views were lost, and a submit whose start was.
    const events = [event('view', 'a'), event('start', 'a'), event('start', 'b'), event('start', 'c'), event('submit', 'a'), event('submit', 'b'), event('submit', 'c'), event('submit', 'd')];
    expect(stageCounts(variantOf(flowOf(events), null))).toEqual([
      ['Views', 1, null, null],
      ['Starts', 3, null, 0],
      ['Submits', 4, null, 0],
    ]);
  });

  it('orders steps by their smallest index, then by when they were first seen (viewed or completed), whatever the storage order', () => {
    // Two branches share index 2: "pricing" was seen first. "late" showed at index 3 before
    // either; "skippable" first at index 4, later also at 1 (a visitor who took a shortcut).
    const events = [
      event('view', 'x'),
      event('step_view', 'x', { stepId: 'late', index: 3 }),
      event('step_view', 'x', { stepId: 'skippable', index: 4 }),
      event('step_view', 'x', { stepId: 'pricing', index: 2 }),
      event('step_view', 'y', { stepId: 'demo', index: 2 }),
      event('step_view', 'y', { stepId: 'late', index: 5 }),
      event('step_view', 'z', { stepId: 'intro', index: 0 }),
      event('step_view', 'z', { stepId: 'skippable', index: 1 }),
      // Completed at index 2 with its view lost: after the two seen there before it.
      event('step_complete', 'w', { stepId: 'unseen', index: 2 }),
    ];
    const labels = variantOf(flowOf([...events].reverse()), null).funnel.map((stage) => stage.label);
    expect(labels).toEqual(['Views', 'Starts', 'intro', 'skippable', 'pricing', 'demo', 'unseen', 'late', 'Submits']);
  });

  it('takes the time of a session’s first submit, and never rates above 100 % when a view was lost', () => {
    const events = [
      event('view', 'a'),
      event('submit', 'a', { durationMs: 10_000 }),
      event('submit', 'a', { durationMs: 99_000 }),
      event('submit', 'lost-view', { durationMs: 20_000, qualified: true }),
    ];
    const stats = variantOf(flowOf(events), null);
    expect(stats.funnel.at(-1)).toMatchObject({ label: 'Submits', sessions: 2 });
    expect(stats.conversion).toMatchObject({ sessions: 1, of: 1, rate: 1 });
    expect(stats.qualified).toMatchObject({ sessions: 0, of: 1, rate: 0 });
    expect(stats.medianTimeToCompleteMs).toBe(15_000);
  });

  it('has no rates or drop-offs for a group without views (leads only)', () => {
    const stats = variantOf(flowOf([], [lead('l1')]), null);
    expect(stats.funnel.every((stage) => stage.sessions === 0 && stage.dropOff === null)).toBe(true);
    expect(stats.conversion).toEqual({ sessions: 0, of: 0, rate: null, interval: null });
    expect(stats.medianTimeToCompleteMs).toBeNull();
    expect(stats.versions).toEqual([]);
  });

  it('groups by flow id and variant, listing the versions seen', () => {
    const events = [event('view', 's1', { flowId: 'b-flow' }), event('view', 's2', { flowId: 'a-flow', flow: { id: 'a-flow', version: 3 } }), event('view', 's3', { flowId: 'a-flow', flow: { id: 'a-flow', version: 2 } })];
    const stats = computeDashboardStats(events, []);
    expect(stats.flows.map((flow) => flow.flowId)).toEqual(['a-flow', 'b-flow']);
    expect(stats.flows[0]!.variants[0]!.versions).toEqual([2, 3]);
    expect(stats.totals).toEqual({ events: 3, sessions: 3, leads: 0, partialOnly: 0 });
  });
});

describe('computeDashboardStats: leads', () => {
  it('counts received leads by flow and variant, once per lead id, by the tier of the latest lead.submitted', () => {
    const leads = [
      lead('p', { variant: 'b', type: 'lead.partial', tier: 'cold', receivedAt: '2026-11-27T10:00:00.000Z' }),
      lead('p', { variant: 'b', tier: 'hot', receivedAt: '2026-11-27T10:05:00.000Z' }),
      lead('q', { variant: 'b', tier: 'warm', receivedAt: '2026-11-27T10:00:00.000Z' }),
      lead('q', { variant: 'b', tier: 'hot', receivedAt: '2026-11-27T10:01:00.000Z' }),
      lead('r', { variant: 'control', tier: 'warm' }),
      lead('s', { tier: 'warm', flowId: 'other' }),
    ];
    const flow = flowOf([], [...leads].reverse());
    expect(variantOf(flow, 'b').leads).toEqual({ received: 2, partialOnly: 0, byTier: { hot: 2 } });
    expect(variantOf(flow, 'control').leads).toEqual({ received: 1, partialOnly: 0, byTier: { warm: 1 } });
    expect(computeDashboardStats([], leads).totals).toMatchObject({ leads: 4, partialOnly: 0 });
  });

  it('does not count a lead that only sent lead.partial as received: it is "partial only"', () => {
    const leads = [
      lead('left', { variant: 'b', type: 'lead.partial', tier: 'hot' }),
      lead('left', { variant: 'b', type: 'lead.partial', tier: 'hot', receivedAt: '2026-11-27T10:02:00.000Z' }),
      lead('done', { variant: 'b', type: 'lead.partial', tier: 'cold' }),
      lead('done', { variant: 'b', tier: 'warm', receivedAt: '2026-11-27T10:03:00.000Z' }),
    ];
    expect(variantOf(flowOf([], leads), 'b').leads).toEqual({ received: 1, partialOnly: 1, byTier: { warm: 1 } });
    expect(computeDashboardStats([], leads).totals).toMatchObject({ leads: 1, partialOnly: 1 });
  });
});

describe('computeDashboardStats: QA visits', () => {
  it('leaves out every event of a session with a qa event, and every envelope of a QA lead, and says how many', () => {
    const visitors = fourVisitors();
    const qaVisit = [
      event('view', 'qa-1', { variant: 'b', qa: true }),
      event('start', 'qa-1', { variant: 'b', qa: true }),
      // An event without the flag (sent before it, say) does not make half a visit count.
      event('submit', 'qa-1', { variant: 'b', stepId: 'thanks', index: 2 }),
      event('view', 'qa-2', { qa: true }),
    ];
    const leads = [
      lead('real'),
      lead('qa-lead', { variant: 'b', qa: true, type: 'lead.partial' }),
      lead('qa-lead', { variant: 'b', qa: true }),
      lead('other-qa', { qa: true }),
      lead('not-qa', { qa: false }),
    ];
    const withQa = computeDashboardStats([...visitors, ...qaVisit], leads);
    const without = computeDashboardStats(visitors, [lead('real'), lead('not-qa', { qa: false })]);
    expect(withQa.qaExcluded).toEqual({ sessions: 2, leads: 2 });
    expect(withQa.totals).toEqual({ events: visitors.length, sessions: 4, leads: 2, partialOnly: 0 });
    // Nothing of variant b is left: it only had QA visits.
    expect(withQa.flows).toEqual(without.flows);
    expect(withQa.flows[0]!.variants.map((variant) => variant.label)).toEqual(['—']);
  });
});

describe('computeDashboardStats: variants', () => {
  it('compares each variant with "control": 30/100 against 45/100 is significant at 95 %', () => {
    const flow = flowOf([...visits('b', 100, 45), ...visits('control', 100, 30), ...visits('a', 100, 31)]);
    expect(flow.baseline).toBe('control');
    expect(flow.variants.map((variant) => variant.label)).toEqual(['control', 'a', 'b']);
    const control = variantOf(flow, 'control');
    expect(control.isBaseline).toBe(true);
    expect(control.versusBaseline).toBeNull();
    expect(control.conversion).toMatchObject({ sessions: 30, of: 100, rate: 0.3 });
    expect(control.qualified).toMatchObject({ sessions: 15, of: 100, rate: 0.15 });

    const b = variantOf(flow, 'b').versusBaseline!;
    expect(b).toMatchObject({ baseline: 'control', verdict: 'significant at 95 %' });
    expect(b.difference).toBeCloseTo(0.15, 10);
    expect(b.z).toBeCloseTo(2.19, 2);
    expect(b.pValue).toBeCloseTo(0.028, 3);
    expect(variantOf(flow, 'a').versusBaseline).toMatchObject({ verdict: 'not significant yet', difference: expect.closeTo(0.01, 10) });
  });

  it('takes the first variant by name as the baseline when none is called "control"', () => {
    const flow = flowOf([...visits('short', 40, 10), ...visits('long', 40, 12)]);
    expect(flow.baseline).toBe('long');
    expect(flow.variants.map((variant) => [variant.label, variant.isBaseline])).toEqual([
      ['long', true],
      ['short', false],
    ]);
  });

  it.each([
    ['fewer than 30 views', visits('b', 29, 10)],
    ['fewer than 5 conversions', visits('b', 100, 4)],
    ['fewer than 5 non-conversions', visits('b', 100, 96)],
  ])('says "not enough data" for a variant with %s', (_, variantEvents) => {
    const flow = flowOf([...visits('control', 100, 30), ...variantEvents]);
    expect(variantOf(flow, 'b').versusBaseline).toMatchObject({ verdict: 'not enough data', pValue: expect.any(Number) });
  });

  it('says "not enough data" when the baseline is the thin one', () => {
    const flow = flowOf([...visits('control', 20, 10), ...visits('b', 500, 100)]);
    expect(variantOf(flow, 'b').versusBaseline!.verdict).toBe('not enough data');
  });

  it('has no test, only "not enough data", for a variant without views', () => {
    const flow = flowOf(visits('control', 100, 30), [lead('l', { variant: 'b' })]);
    expect(variantOf(flow, 'b').versusBaseline).toEqual({ baseline: 'control', difference: null, z: null, pValue: null, verdict: 'not enough data' });
  });

  it('compares nothing for a single variant, and never the sessions outside the experiment', () => {
    const single = flowOf(visits('control', 100, 30));
    expect(single.baseline).toBeNull();
    expect(variantOf(single, 'control')).toMatchObject({ isBaseline: false, versusBaseline: null });

    const mixed = flowOf([...visits(null, 100, 10), ...visits('control', 100, 30), ...visits('b', 100, 45)]);
    expect(mixed.variants.map((variant) => variant.label)).toEqual(['control', 'b', '—']);
    expect(variantOf(mixed, null)).toMatchObject({ isBaseline: false, versusBaseline: null, conversion: { rate: 0.1 } });
  });
});
