import type { Timing } from '../types.ts';

const round = (ms: number) => Math.round(ms * 100) / 100;

/**
 * Median and nearest-rank p95 of samples in milliseconds: the p95 is a time that was actually
 * measured, not an interpolation between two runs.
 */
export function summarise(samples: number[]): Timing {
  if (samples.length === 0) throw new Error('summarise: no samples');
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (rank: number) => sorted[Math.min(sorted.length, Math.max(1, rank)) - 1] as number;
  const mid = sorted.length / 2;
  const median = sorted.length % 2 ? at(Math.ceil(mid)) : (at(mid) + at(mid + 1)) / 2;
  return { median: round(median), p95: round(at(Math.ceil(0.95 * sorted.length))), runs: sorted.length };
}
