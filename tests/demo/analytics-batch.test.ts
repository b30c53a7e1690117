import { describe, expect, it } from 'vitest';
import { parseAnalyticsBatch, parseFunnelEvent } from '../../demo/receiver/analytics-batch.ts';

const view = {
  type: 'view',
  flow: { id: 'saas-bant', version: 2 },
  variant: 'control',
  session: 's-1',
  stepId: 'role',
  index: 0,
  at: '2026-11-27T10:00:00.000Z',
};

describe('parseFunnelEvent', () => {
  it('keeps only the documented fields, so nothing personal is ever stored', () => {
    const parsed = parseFunnelEvent({
      ...view,
      type: 'submit',
      flow: { ...view.flow, title: 'Ada’s flow' },
      durationMs: 61_000,
      tier: 'hot',
      route: 'sales',
      qualified: true,
      reason: 'closed',
      email: 'ada@example.com',
      answers: { name: 'Ada Lovelace' },
    });
    expect(parsed).toEqual({
      ok: true,
      value: { ...view, type: 'submit', durationMs: 61_000, tier: 'hot', route: 'sales', qualified: true },
    });
  });

  it('keeps the fields of other types off an event: no tier on a view, no reason on a submit', () => {
    const parsed = parseFunnelEvent({ ...view, tier: 'hot', qualified: true, reason: 'hidden', durationMs: 5 });
    expect(parsed).toEqual({ ok: true, value: view });
    expect(parseFunnelEvent({ ...view, type: 'abandon', reason: 'hidden' })).toEqual({ ok: true, value: { ...view, type: 'abandon', reason: 'hidden' } });
  });

  it('keeps qa: true on any type of event, and stores nothing for qa: false', () => {
    expect(parseFunnelEvent({ ...view, qa: true })).toEqual({ ok: true, value: { ...view, qa: true } });
    expect(parseFunnelEvent({ ...view, type: 'submit', qa: true })).toEqual({ ok: true, value: { ...view, type: 'submit', qa: true } });
    const notQa = parseFunnelEvent({ ...view, qa: false });
    expect(notQa).toEqual({ ok: true, value: view });
    expect(notQa.ok && 'qa' in notQa.value).toBe(false);
    expect(parseFunnelEvent({ ...view, qa: 'yes' })).toEqual({ ok: false, issues: ['event.qa: expected a boolean'] });
  });

  it('reads a missing variant as null, "no experiment"', () => {
    const { variant: _, ...withoutVariant } = view;
    expect(parseFunnelEvent(withoutVariant)).toEqual({ ok: true, value: { ...view, variant: null } });
  });

  it('says which field is wrong and what it should be', () => {
    const parsed = parseFunnelEvent(
      { ...view, type: 'click', flow: { id: '', version: '2' }, variant: 7, session: 'x'.repeat(129), index: -1, at: 'yesterday', durationMs: -5 },
      'events[4]',
    );
    expect(parsed).toMatchInlineSnapshot(`
      {
        "issues": [
          "events[4].type: expected one of view, start, step_view, step_complete, abandon, submit",
          "events[4].flow.id: expected a string of 1–128 characters",
          "events[4].flow.version: expected a number",
          "events[4].variant: expected null or a string of 1–128 characters",
          "events[4].session: expected a string of 1–128 characters",
          "events[4].index: expected a whole number ≥ 0",
          "events[4].at: expected an ISO 8601 date",
          "events[4].durationMs: expected a number ≥ 0",
        ],
        "ok": false,
      }
    `);
    expect(parseFunnelEvent({ ...view, type: 'submit', qualified: 'yes', tier: 3 })).toMatchObject({
      ok: false,
      issues: ['event.tier: expected a string of 1–128 characters', 'event.qualified: expected a boolean'],
    });
    expect(parseFunnelEvent({ ...view, type: 'abandon', reason: 'bored' })).toMatchObject({ issues: ['event.reason: expected "hidden" or "closed"'] });
    expect(parseFunnelEvent(null)).toEqual({ ok: false, issues: ['event: expected an object'] });
  });
});

describe('parseAnalyticsBatch', () => {
  const batch = { type: 'analytics.batch', id: 'b-1', sentAt: '2026-11-27T10:00:01.000Z', events: [view] };

  it('takes a batch, leaving malformed events out and counting them', () => {
    const parsed = parseAnalyticsBatch({ ...batch, events: [view, { ...view, index: 'one' }, 'nonsense', { ...view, type: 'start' }] });
    expect(parsed).toEqual({
      ok: true,
      value: {
        id: 'b-1',
        sentAt: batch.sentAt,
        events: [view, { ...view, type: 'start' }],
        skipped: 2,
        skippedIssues: ['events[1].index: expected a whole number ≥ 0', 'events[2]: expected an object'],
      },
    });
  });

  it('reports at most ten issues of a batch full of broken events', () => {
    const parsed = parseAnalyticsBatch({ ...batch, events: Array.from({ length: 50 }, () => ({})) });
    expect(parsed.ok && [parsed.value.skipped, parsed.value.skippedIssues.length]).toEqual([50, 10]);
  });

  it('refuses a wrong envelope as a whole, naming each field', () => {
    expect(parseAnalyticsBatch({ type: 'lead.submitted', id: '', events: {} })).toMatchInlineSnapshot(`
      {
        "issues": [
          "type: expected "analytics.batch"",
          "id: expected a string of 1–128 characters",
          "sentAt: expected an ISO 8601 date",
          "events: expected an array",
        ],
        "ok": false,
      }
    `);
    expect(parseAnalyticsBatch([batch])).toEqual({ ok: false, issues: ['(body): expected an object'] });
  });
});

describe('the widget and the demo receiver agree on the funnel event contract', () => {
  it('accepts, unchanged, every event the engine emits on a full visit (and the types match)', async () => {
    const { createFunnelTracker, loadFlow, nextStep, setAnswer, startFlow } = await import('../../src/engine/index.ts');
    type Sent = import('../../src/engine/index.ts').FunnelEvent;
    type Received = import('../../demo/receiver/analytics-batch.ts').FunnelEvent;
    // A compile-time check: what the widget sends is what the receiver is written for.
    const asReceived = (event: Sent): Received => event;
    const flow = loadFlow({
      id: 'contract',
      version: 1,
      steps: [
        { id: 'role', type: 'single_choice', title: 'Role', options: [{ id: 'a', label: 'A' }, { id: 'b', label: 'B' }] },
        { id: 'thanks', type: 'end', title: 'Thanks' },
      ],
    });
    if (!flow.ok) throw new Error('the contract flow should load');
    const tracker = createFunnelTracker({ flow: flow.value, variant: 'b', session: 's-1', qa: true });
    let state = startFlow(flow.value);
    const sent = [...tracker.observe(state, 1_000)];
    state = setAnswer(state, 'role', 'a');
    sent.push(...tracker.observe(state, 2_000));
    const next = nextStep(flow.value, state);
    if (!next.ok) throw new Error('the answer should be accepted');
    sent.push(...tracker.observe(next.value, 3_000));
    expect(sent.map((e) => e.type)).toEqual(['view', 'step_view', 'start', 'step_complete', 'submit']);
    for (const event of sent) expect(parseFunnelEvent(JSON.parse(JSON.stringify(event)))).toEqual({ ok: true, value: asReceived(event) });
  });
});
