import { describe, expect, it } from 'vitest';
import { bootstrapDifference } from '../bench/compare.ts';

/** n samples around `center`, spread evenly over ±`spread`. */
const around = (center: number, spread: number, n = 40) => Array.from({ length: n }, (_, i) => center - spread + (2 * spread * i) / (n - 1));

describe('comparing two builds: the difference of medians and how sure it is', () => {
  it('is exact when every load took the same time', () => {
    expect(bootstrapDifference(around(60, 0), around(55, 0))).toEqual({ median: -5, low: -5, high: -5 });
  });

  it('tells a 10 ms gain apart from noise of ±5 ms', () => {
    const { median, low, high } = bootstrapDifference(around(60, 5), around(50, 5));
    expect(median).toBe(-10);
    expect(high).toBeLessThan(0);
    expect(low).toBeGreaterThan(-15);
  });

  it('does not call a 1 ms shift within ±10 ms of noise a difference', () => {
    const { low, high } = bootstrapDifference(around(60, 10), around(59, 10));
    expect(low).toBeLessThan(0);
    expect(high).toBeGreaterThan(0);
  });

  it('gives the same interval for the same samples (seeded)', () => {
    const a = around(60, 7);
    const b = around(57, 9);
    expect(bootstrapDifference(a, b)).toEqual(bootstrapDifference(a, b));
  });
});
