import type { Tiers } from '../schema/scoring.ts';
import { DEFAULT_TIERS } from './presets.ts';

export type Tier = 'cold' | 'warm' | 'hot';

export { DEFAULT_TIERS };

/**
 * The tier of a total: the highest tier whose `min` it reaches; cold catches everything
 * below warm (negative rules can take a total under 0). Hot with `minFit` also needs that
 * fit score, so intent alone cannot make a lead hot; it stays warm.
 */
export function tierOf(total: number, tiers: Tiers = DEFAULT_TIERS, fit = Infinity): Tier {
  if (total >= tiers.hot.min && fit >= (tiers.hot.minFit ?? -Infinity)) return 'hot';
  if (total >= Math.min(tiers.warm.min, tiers.hot.min)) return 'warm';
  return 'cold';
}
