import { afterEach, describe, expect, it } from 'vitest';
import {
  createFunnelTracker,
  nextStep,
  prefillAnswers,
  setAnswer,
  startFlow,
  validateStep,
  type Flow,
  type FlowState,
  type FunnelEvent,
  type Step,
} from '../../src/engine/index.ts';
import { load } from './fixtures.ts';

/*
 * Time in the engine: date questions in visitors' time zones (process.env.TZ, which Node
 * applies at once), and funnel durations when the clock goes back.
 */

const ZONES = ['UTC', 'Europe/Berlin', 'America/Sao_Paulo', 'Australia/Lord_Howe', 'Pacific/Kiritimati', 'Pacific/Pago_Pago'];
const originalTz = process.env.TZ;
afterEach(() => {
  if (originalTz === undefined) delete process.env.TZ;
  else process.env.TZ = originalTz;
});

const dated: Flow = load({
  id: 'dated',
  version: 1,
  steps: [
    { id: 'start', type: 'date', title: 'Start', min: '2026-03-29', max: '2026-10-04', prefill: 'start' },
    { id: 'plan', type: 'single_choice', title: 'Plan', options: [{ id: 'a', label: 'A' }, { id: 'b', label: 'B' }] },
    { id: 'end', type: 'end', title: 'Thanks' },
  ],
});
const dateStep = dated.steps[0] as Step;
const codes = (value: string) => validateStep(dateStep, { start: value }).map((issue) => issue.code);

describe('date questions in any time zone', () => {
  // 2026-03-29: Berlin springs forward; 2026-10-04: Lord Howe moves 30 min forward. A day is a
  // calendar day, whatever the zone and whether the visitor's midnight exists.
  it.each(ZONES)('accepts the bounds themselves and refuses the days beside them in %s', (zone) => {
    process.env.TZ = zone;
    expect(codes('2026-03-29')).toEqual([]);
    expect(codes('2026-10-04')).toEqual([]);
    expect(codes('2026-03-28')).toEqual(['date_too_early']);
    expect(codes('2026-10-05')).toEqual(['date_too_late']);
    expect(codes('2026-02-29')).toEqual(['invalid_date']);
  });

  it.each(ZONES)('gives the bound of a refused day as UTC midnight of that calendar day in %s', (zone) => {
    process.env.TZ = zone;
    const [issue] = validateStep(dateStep, { start: '2026-01-01' });
    expect(issue?.params?.min).toBe(Date.UTC(2026, 2, 29));
  });

  it.each(ZONES)('takes a prefilled date as the same calendar day in %s', (zone) => {
    process.env.TZ = zone;
    expect(prefillAnswers(dated, new URLSearchParams('start=2026-03-29'))).toEqual({ start: '2026-03-29' });
    expect(prefillAnswers(dated, new URLSearchParams('start=2026-03-28'))).toEqual({});
  });
});

describe('funnel events over time', () => {
  const T = Date.UTC(2026, 2, 29, 0, 59, 0); // a minute before Berlin springs forward
  const next = (state: FlowState): FlowState => {
    const moved = nextStep(dated, state);
    if (!moved.ok) throw new Error('the fixture visit cannot move on');
    return moved.value;
  };
  const walk = (times: number[]): FunnelEvent[] => {
    const tracker = createFunnelTracker({ flow: dated, variant: null, session: 's' });
    let state = startFlow(dated);
    const events = [...tracker.observe(state, times[0]!)];
    state = setAnswer(state, 'start', '2026-04-01');
    events.push(...tracker.observe(state, times[1]!));
    state = next(state);
    events.push(...tracker.observe(state, times[2]!));
    state = setAnswer(state, 'plan', 'a');
    state = next(state);
    events.push(...tracker.observe(state, times[3]!));
    return events;
  };

  it('stamps events in UTC ISO, whatever the zone, and counts durations across a DST change', () => {
    process.env.TZ = 'Europe/Berlin';
    const events = walk([T, T + 30_000, T + 120_000, T + 180_000]);
    expect(events.map((e) => e.type)).toEqual(['view', 'step_view', 'start', 'step_complete', 'step_view', 'step_complete', 'submit']);
    expect(events[0]!.at).toBe('2026-03-29T00:59:00.000Z');
    expect(events.find((e) => e.type === 'step_complete')!.durationMs).toBe(120_000);
    expect(events.at(-1)!.durationMs).toBe(180_000);
  });

  it('never reports a negative time to the end when the clock went back', () => {
    const events = walk([T, T, T - 3600_000, T - 3600_000 + 60_000]);
    expect(events.at(-1)!.durationMs).toBe(0);
  });

  // Was: `submit` clamps its durationMs at 0 when the clock went back, `step_complete` does
  // not (src/engine/funnel.ts, `now - seen.step.at`): a visitor whose clock was corrected an
  // hour back while on a step is reported as having spent -59 minutes on it, which drags the
  // dashboard's time per step down (or below zero). A duration is never negative.
  it('never reports a negative time on a step when the clock went back', () => {
    const events = walk([T, T, T - 3600_000 + 60_000, T - 3600_000 + 120_000]);
    const durations = events.filter((e) => e.type === 'step_complete').map((e) => e.durationMs!);
    expect(durations.every((ms) => ms >= 0)).toBe(true);
  });
});
