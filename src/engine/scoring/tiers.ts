import type { TierThresholds } from '../schema/scoring.ts';

export type Tier = 'cold' | 'warm' | 'hot';

/** The seed article's thresholds: 0–30 cold, 31–60 warm, 61+ hot. */
export const DEFAULT_TIERS: TierThresholds = { warm: 31, hot: 61 };

export function tierOf(total: number, thresholds: TierThresholds = DEFAULT_TIERS): Tier {
  if (total >= thresholds.hot) return 'hot';
  if (total >= thresholds.warm) return 'warm';
  return 'cold';
}
