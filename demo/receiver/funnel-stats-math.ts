/**
 * The few statistics the dashboard needs, written out so the demo stays free of dependencies.
 * Pure functions of counts; see demo/README.md ("Dashboard") for what they mean.
 */

/** The two-sided 95 % quantile of the standard normal distribution. */
export const Z_95 = 1.959963984540054;

export interface Interval {
  low: number;
  high: number;
}

export interface Proportion {
  successes: number;
  trials: number;
}

/**
 * The Wilson score interval of a proportion: unlike the textbook `p ± z·√(p(1−p)/n)` it stays
 * inside 0–1 and is honest for small counts and rates near 0 % or 100 %, which a demo funnel
 * always has. Null without trials: no rate, no interval.
 * @example wilsonInterval({ successes: 10, trials: 100 }) // { low: 0.0552…, high: 0.1744… }
 */
export function wilsonInterval({ successes, trials }: Proportion, z = Z_95): Interval | null {
  if (trials <= 0) return null;
  const p = successes / trials;
  const z2 = z * z;
  const denominator = 1 + z2 / trials;
  const center = (p + z2 / (2 * trials)) / denominator;
  const halfWidth = (z * Math.sqrt((p * (1 - p)) / trials + z2 / (4 * trials * trials))) / denominator;
  return { low: Math.max(0, center - halfWidth), high: Math.min(1, center + halfWidth) };
}

export interface ZTest {
  /** Rate of `variant` minus rate of `baseline`: +0.05 is five percentage points better. */
  difference: number;
  z: number;
  /** Two-sided: the chance of a difference at least this large if both rates were the same. */
  pValue: number;
}

/**
 * The two-proportion z-test with a pooled standard error. Null when either side has no
 * trials. When both sides convert all or none, there is no variance and no evidence of a
 * difference: z = 0, p = 1.
 * @example twoProportionZTest({ successes: 30, trials: 100 }, { successes: 45, trials: 100 }) // z ≈ 2.19, p ≈ 0.028
 */
export function twoProportionZTest(baseline: Proportion, variant: Proportion): ZTest | null {
  if (baseline.trials <= 0 || variant.trials <= 0) return null;
  const p1 = baseline.successes / baseline.trials;
  const p2 = variant.successes / variant.trials;
  const pooled = (baseline.successes + variant.successes) / (baseline.trials + variant.trials);
  const standardError = Math.sqrt(pooled * (1 - pooled) * (1 / baseline.trials + 1 / variant.trials));
  const difference = p2 - p1;
  if (standardError === 0) return { difference, z: 0, pValue: 1 };
  const z = difference / standardError;
  return { difference, z, pValue: Math.min(1, erfc(Math.abs(z) / Math.SQRT2)) };
}

/** The standard normal cumulative distribution function Φ(x). */
export function normalCdf(x: number): number {
  return 0.5 * erfc(-x / Math.SQRT2);
}

/**
 * The complementary error function, by the Chebyshev fit in Numerical Recipes (relative error
 * below 1.2·10⁻⁷ everywhere): computing `erfc` directly keeps tiny p-values exact, where
 * `1 − Φ(z)` would round them to 0.
 */
export function erfc(x: number): number {
  const z = Math.abs(x);
  const t = 1 / (1 + 0.5 * z);
  const polynomial =
    -1.26551223 +
    t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277))))))));
  const result = t * Math.exp(-z * z + polynomial);
  return x >= 0 ? result : 2 - result;
}

/** The middle value (the mean of the two middle ones for an even count); null for none. */
export function median(values: readonly number[]): number | null {
  if (!values.length) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}
