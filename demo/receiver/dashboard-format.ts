import type { Interval } from './funnel-stats-math.ts';

/** What a cell shows for a number that does not exist (no views, no submits). */
export const NOTHING = '–';

/** `12.5 %`: one decimal, the precision a demo's sample sizes can carry. */
export function formatPercent(share: number | null): string {
  return share === null ? NOTHING : `${(share * 100).toFixed(1)} %`;
}

/** `12.5 % (8.1–17.4 %)`: a rate and its confidence interval. */
export function formatRate(rate: number | null, interval: Interval | null): string {
  if (rate === null || !interval) return NOTHING;
  return `${formatPercent(rate)} (${(interval.low * 100).toFixed(1)}–${(interval.high * 100).toFixed(1)} %)`;
}

/** `+4.2 pp`: a difference of two rates, in percentage points. */
export function formatDifference(difference: number | null): string {
  if (difference === null) return NOTHING;
  const points = (Math.abs(difference) * 100).toFixed(1);
  return `${difference > 0 ? '+' : difference < 0 ? '−' : '±'}${points} pp`;
}

/** Three decimals; below that "< 0.001", as no demo has the data for more. */
export function formatPValue(pValue: number | null): string {
  if (pValue === null) return NOTHING;
  return pValue < 0.001 ? '< 0.001' : pValue.toFixed(3);
}

/** `42.5 s`, `3 min 07 s`. */
export function formatDuration(ms: number | null): string {
  if (ms === null) return NOTHING;
  const seconds = ms / 1000;
  if (seconds < 60) return `${seconds.toFixed(1)} s`;
  const whole = Math.round(seconds);
  return `${Math.floor(whole / 60)} min ${String(whole % 60).padStart(2, '0')} s`;
}
