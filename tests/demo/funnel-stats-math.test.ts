import { describe, expect, it } from 'vitest';
import { erfc, median, normalCdf, twoProportionZTest, wilsonInterval } from '../../demo/receiver/funnel-stats-math.ts';

describe('wilsonInterval', () => {
  it('gives 5.52–17.44 % for 10 of 100', () => {
    const interval = wilsonInterval({ successes: 10, trials: 100 })!;
    expect(interval.low).toBeCloseTo(0.055229, 5);
    expect(interval.high).toBeCloseTo(0.174366, 5);
  });

  it('stays inside 0–1 at 0 % and 100 %, where p ± z·SE would not', () => {
    expect(wilsonInterval({ successes: 0, trials: 10 })).toEqual({ low: 0, high: expect.closeTo(0.277533, 5) });
    expect(wilsonInterval({ successes: 10, trials: 10 })).toEqual({ low: expect.closeTo(0.722467, 5), high: expect.closeTo(1, 10) });
  });

  it('is not centred on the rate for small counts: 12 of 40 is 18.1–45.4 %', () => {
    const interval = wilsonInterval({ successes: 12, trials: 40 })!;
    expect(interval.low).toBeCloseTo(0.180748, 5);
    expect(interval.high).toBeCloseTo(0.4543, 4);
  });

  it('has no interval without trials', () => {
    expect(wilsonInterval({ successes: 0, trials: 0 })).toBeNull();
  });
});

describe('twoProportionZTest', () => {
  it('gives z ≈ 2.19, p ≈ 0.028 for 30/100 against 45/100', () => {
    const test = twoProportionZTest({ successes: 30, trials: 100 }, { successes: 45, trials: 100 })!;
    expect(test.difference).toBeCloseTo(0.15, 10);
    expect(test.z).toBeCloseTo(2.19089, 4);
    expect(test.pValue).toBeCloseTo(0.02846, 4);
  });

  it('is symmetric: a worse variant has a negative difference and z, the same p', () => {
    const test = twoProportionZTest({ successes: 45, trials: 100 }, { successes: 30, trials: 100 })!;
    expect(test.difference).toBeCloseTo(-0.15, 10);
    expect(test.z).toBeCloseTo(-2.19089, 4);
    expect(test.pValue).toBeCloseTo(0.02846, 4);
  });

  it('works with unequal sample sizes: 10/50 against 12/50 is far from significant', () => {
    expect(twoProportionZTest({ successes: 10, trials: 50 }, { successes: 12, trials: 50 })).toEqual({
      difference: expect.closeTo(0.04, 10),
      z: expect.closeTo(0.4828, 4),
      pValue: expect.closeTo(0.62923, 4),
    });
    expect(twoProportionZTest({ successes: 50, trials: 1000 }, { successes: 80, trials: 1000 })!.pValue).toBeCloseTo(0.0065066, 6);
  });

  it('finds no evidence when both sides convert all or none (no variance)', () => {
    expect(twoProportionZTest({ successes: 0, trials: 40 }, { successes: 0, trials: 60 })).toEqual({ difference: 0, z: 0, pValue: 1 });
    expect(twoProportionZTest({ successes: 40, trials: 40 }, { successes: 60, trials: 60 })).toEqual({ difference: 0, z: 0, pValue: 1 });
  });

  it('has no test when either side has no trials', () => {
    expect(twoProportionZTest({ successes: 0, trials: 0 }, { successes: 3, trials: 10 })).toBeNull();
    expect(twoProportionZTest({ successes: 3, trials: 10 }, { successes: 0, trials: 0 })).toBeNull();
  });
});

describe('normalCdf and erfc', () => {
  it('match the tables', () => {
    expect(normalCdf(0)).toBeCloseTo(0.5, 7);
    expect(normalCdf(1.959964)).toBeCloseTo(0.975, 6);
    expect(normalCdf(-1)).toBeCloseTo(0.158655, 6);
    expect(erfc(0)).toBeCloseTo(1, 7);
  });

  it('keeps tiny tail probabilities instead of rounding them to 0', () => {
    const tail = erfc(6 / Math.SQRT2);
    expect(tail).toBeGreaterThan(0);
    expect(tail / 1.9731752900754e-9).toBeCloseTo(1, 5);
  });
});

describe('median', () => {
  it('takes the middle value, or the mean of the two middle ones', () => {
    expect(median([30, 10, 20])).toBe(20);
    expect(median([40, 10, 30, 20])).toBe(25);
    expect(median([7])).toBe(7);
  });

  it('has none of nothing, and leaves its input unsorted', () => {
    expect(median([])).toBeNull();
    const values = [3, 1, 2];
    median(values);
    expect(values).toEqual([3, 1, 2]);
  });
});
