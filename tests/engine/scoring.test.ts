import { describe, expect, it } from 'vitest';
import { DEFAULT_TIERS, scoreLead, tierOf, type Answers, type Scoring } from '../../src/engine/index.ts';
import { demoFlow } from './fixtures.ts';

/** The demo flow's BANT scoring: role, need, team size (bands), budget, timeline. */
const bant = demoFlow().scoring!;

const pointsFor = (scoring: Scoring, answers: Answers) => scoreLead(scoring, answers).total;

describe('option points', () => {
  it('gives the points of the chosen option', () => {
    expect(pointsFor(bant, { role: 'sign_off' })).toBe(30);
    expect(pointsFor(bant, { role: 'recommend' })).toBe(15);
  });

  it('sums the points of every option of a multiple choice', () => {
    const { trace } = scoreLead(bant, { need: ['lead_routing', 'reporting', 'crm_sync'] });
    expect(trace.find((t) => t.criterion === 'need')).toEqual({
      criterion: 'need',
      answer: 'need',
      value: ['lead_routing', 'reporting', 'crm_sync'],
      points: 16,
      rule: 'option',
      detail: 'lead_routing, reporting, crm_sync',
    });
  });

  it('ignores chosen options that earn no points', () => {
    const scoring: Scoring = { criteria: [{ answer: 'need', options: { forecasting: 8 } }] };
    expect(scoreLead(scoring, { need: ['forecasting', 'other'] }).trace[0]).toMatchObject({ points: 8, detail: 'forecasting' });
    expect(scoreLead(scoring, { need: ['other'] }).trace[0]).toMatchObject({ points: 0, rule: 'none' });
  });

  it('can take points away', () => {
    const scoring: Scoring = { criteria: [{ answer: 'role', options: { student: -20, sign_off: 30 } }] };
    expect(pointsFor(scoring, { role: 'student' })).toBe(-20);
  });

  // A server re-scores the answers it receives; a made-up answer must not reach the
  // prototype of the points table.
  it.each(['constructor', '__proto__', 'toString', 'hasOwnProperty'])('gives nothing for the answer %j', (value) => {
    const { total, tier, trace } = scoreLead(bant, { role: value, budget: value, need: [value] });
    expect(total).toBe(0);
    expect(tier).toBe('cold');
    expect(trace.every((t) => t.rule === 'none')).toBe(true);
  });
});

describe('numeric bands', () => {
  // bands: ≤ 4 → 0, 5–49 → 10, ≥ 50 → 15
  it.each([
    [-3, 0, '−∞–4'],
    [4, 0, '−∞–4'],
    [5, 10, '5–49'],
    [49, 10, '5–49'],
    [50, 15, '50–∞'],
    [100000, 15, '50–∞'],
  ])('team of %d earns %d (band %s)', (team_size, points, detail) => {
    const entry = scoreLead(bant, { team_size }).trace.find((t) => t.answer === 'team_size');
    expect(entry).toMatchObject({ criterion: 'company_size', points, rule: 'band', detail });
  });

  it('gives 0 with rule "none" when no band contains the answer', () => {
    const entry = scoreLead(bant, { team_size: 4.5 }).trace.find((t) => t.answer === 'team_size');
    expect(entry).toEqual({ criterion: 'company_size', answer: 'team_size', value: 4.5, points: 0, rule: 'none' });
  });

  it('uses the first band that contains the answer', () => {
    const scoring: Scoring = {
      criteria: [{ answer: 'n', bands: [{ min: 10, max: 20, points: 1 }, { min: 15, points: 2 }] }],
    };
    expect(pointsFor(scoring, { n: 15 })).toBe(1);
    expect(pointsFor(scoring, { n: 21 })).toBe(2);
  });

  it('gives nothing for an answer that is not a number', () => {
    expect(scoreLead(bant, { team_size: '60' }).trace[2]).toMatchObject({ points: 0, rule: 'none' });
  });
});

describe('unanswered questions', () => {
  it.each<[string, Answers]>([
    ['missing', {}],
    ['blank', { role: ' ', need: [] }],
  ])('score 0 with rule "none" when %s', (_name, answers) => {
    const { total, trace } = scoreLead(bant, answers);
    expect(total).toBe(0);
    expect(trace.map((t) => t.rule)).toEqual(['none', 'none', 'none', 'none', 'none']);
    expect(trace[0]).toEqual({ criterion: 'authority', answer: 'role', value: answers['role'] ?? null, points: 0, rule: 'none' });
  });
});

describe('trace', () => {
  it('lists every criterion in declaration order, with its id or else its question', () => {
    const scoring: Scoring = {
      criteria: [
        { id: 'timing', answer: 'timeline', options: { this_quarter: 20 } },
        { answer: 'role', options: { sign_off: 30 } },
        { id: 'size', answer: 'team_size', bands: [{ min: 50, points: 15 }] },
      ],
    };
    const { total, trace } = scoreLead(scoring, { role: 'sign_off', team_size: 60 });
    expect(total).toBe(45);
    expect(trace).toEqual([
      { criterion: 'timing', answer: 'timeline', value: null, points: 0, rule: 'none' },
      { criterion: 'role', answer: 'role', value: 'sign_off', points: 30, rule: 'option', detail: 'sign_off' },
      { criterion: 'size', answer: 'team_size', value: 60, points: 15, rule: 'band', detail: '50–∞' },
    ]);
  });

  it('adds up the demo flow for a hot lead', () => {
    const result = scoreLead(bant, {
      role: 'sign_off',
      need: ['lead_routing', 'forecasting'],
      team_size: 60,
      budget: 'approved',
      timeline: 'this_quarter',
    });
    expect(result.trace.map((t) => [t.criterion, t.points])).toEqual([
      ['authority', 30],
      ['need', 16],
      ['company_size', 15],
      ['budget', 25],
      ['timeline', 20],
    ]);
    expect(result).toMatchObject({ total: 106, tier: 'hot' });
  });
});

describe('tiers', () => {
  /** A scoring whose only criterion gives exactly the points named by the answer. */
  const exactly = (tiers?: Scoring['tiers']): Scoring => ({
    criteria: [{ answer: 'points', options: { p30: 30, p31: 31, p60: 60, p61: 61, p10: 10, p20: 20 } }],
    ...(tiers && { tiers }),
  });

  it.each([
    ['p30', 'cold'],
    ['p31', 'warm'],
    ['p60', 'warm'],
    ['p61', 'hot'],
  ])('uses the seed thresholds by default: %s is %s', (points, tier) => {
    expect(scoreLead(exactly(), { points })).toMatchObject({ total: Number(points.slice(1)), tier });
  });

  it('the demo flow declares the seed thresholds', () => {
    expect(bant.tiers).toEqual(DEFAULT_TIERS);
    expect(DEFAULT_TIERS).toEqual({ warm: 31, hot: 61 });
  });

  it('uses custom thresholds when the flow declares them', () => {
    const custom = exactly({ warm: 20, hot: 31 });
    expect(scoreLead(custom, { points: 'p10' }).tier).toBe('cold');
    expect(scoreLead(custom, { points: 'p20' }).tier).toBe('warm');
    expect(scoreLead(custom, { points: 'p30' }).tier).toBe('warm');
    expect(scoreLead(custom, { points: 'p31' }).tier).toBe('hot');
  });

  it('tierOf places negative totals in cold', () => {
    expect(tierOf(-5)).toBe('cold');
    expect(tierOf(-5, { warm: -10, hot: 0 })).toBe('warm');
  });
});

describe('a flow without scoring', () => {
  it('scores 0, cold, with an empty trace', () => {
    expect(scoreLead(undefined, { role: 'sign_off' })).toEqual({ total: 0, tier: 'cold', trace: [] });
  });
});
