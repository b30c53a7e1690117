import * as z from 'zod/mini';
import { minItems } from './constraints.ts';
import { id, mapOf } from './text.ts';

/** Points per chosen option: `{ "sign_off": 30, "recommend": 15 }`; a multiple choice sums them. */
const optionCriterion = z.strictObject({
  id: z.optional(id),
  answer: id,
  options: mapOf(z.number()),
});

/** Points per numeric band, first band that contains the answer wins (`min` ≤ x ≤ `max`). */
const band = z.strictObject({
  min: z.optional(z.number()),
  max: z.optional(z.number()),
  points: z.number(),
});
const bandCriterion = z.strictObject({
  id: z.optional(id),
  answer: id,
  bands: z.array(band).check(minItems(1)),
});

export const criterion = z.union([optionCriterion, bandCriterion]);

/**
 * Tier thresholds: the lowest total that reaches each tier. The seed article's defaults are
 * 0–30 cold, 31–60 warm, 61+ hot.
 */
export const tiers = z.strictObject({
  warm: z.number(),
  hot: z.number(),
});

export const scoring = z.strictObject({
  criteria: z.array(criterion),
  tiers: z.optional(tiers),
});

export type Criterion = z.output<typeof criterion>;
export type Band = z.output<typeof band>;
export type Scoring = z.output<typeof scoring>;
export type TierThresholds = z.output<typeof tiers>;
