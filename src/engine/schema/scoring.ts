import * as z from 'zod/mini';
import { atLeast, atMost, minItems } from './constraints.ts';
import { condition } from './condition.ts';
import { id, mapOf } from './text.ts';

/** The qualification frameworks a flow can `extend`; see scoring/presets.ts. */
export const frameworkIds = ['bant', 'anum', 'meddic', 'meddpicc', 'champ', 'faint', 'gpctba'] as const;
export type FrameworkId = (typeof frameworkIds)[number];

/** Fit is who they are (explicit: role, company size, industry); intent is what they do (implicit). */
export const scoreKind = z.literal(['fit', 'intent']);

/**
 * What every criterion may say: its id (unique across criteria, negative rules, knock-outs
 * and signals; it names the criterion in the trace), the framework dimension it counts
 * towards, whether it is fit or intent, and the most it can give.
 */
const about = {
  id: z.optional(id),
  dimension: z.optional(id),
  kind: z.optional(scoreKind),
  cap: z.optional(z.number().check(atLeast(0))),
};

/** Points per chosen option: `{ "sign_off": 30, "recommend": 15 }`; a multiple choice sums them. */
const optionCriterion = z.strictObject({ ...about, answer: id, options: mapOf(z.number()) });

/** Points per numeric band, first band that contains the answer wins (`min` ≤ x ≤ `max`). */
const band = z.strictObject({
  min: z.optional(z.number()),
  max: z.optional(z.number()),
  points: z.number(),
});
const bandCriterion = z.strictObject({ ...about, answer: id, bands: z.array(band).check(minItems(1)) });

/**
 * Evidence 0–3 per option (0 none, 1 weak, 2 clear, 3 proven): points = weight × level / 3,
 * rounded. Without `levels` a numeric answer (a 0–3 rating) is the level itself.
 */
const evidence = {
  ...about,
  answer: id,
  weight: z.optional(z.number().check(atLeast(0))),
  levels: z.optional(mapOf(z.number().check(atLeast(0), atMost(3)))),
};
/**
 * The other forms' own properties, named to be refused: zod reports a failed union by its one
 * branch whose only complaint is an unknown property, and that was this one for any mistake
 * inside `options`, `bands` or `when` ("unknown property options"). Left out of the type, which
 * has none of them either way.
 */
const evidenceCriterion = z.strictObject({
  ...evidence,
  options: z.optional(z.never()),
  bands: z.optional(z.never()),
  when: z.optional(z.never()),
}) as unknown as z.ZodMiniObject<typeof evidence, z.core.$strict>;

/** Points when a condition holds: `{ "when": { "hidden": "visits", "gte": 2 }, "points": 5 }`. */
const ruleCriterion = z.strictObject({ ...about, when: condition, points: z.number() });

export const criterion = z.union([optionCriterion, bandCriterion, ruleCriterion, evidenceCriterion]);

/** A framework dimension (BANT's budget, authority, need, timeline): its kind, weight and cap. */
export const dimension = z.strictObject({
  kind: z.optional(scoreKind),
  /** Points an evidence criterion in this dimension gives at level 3. */
  weight: z.optional(z.number().check(atLeast(0))),
  /** The most this dimension adds to the total, whatever its criteria give. */
  cap: z.optional(z.number().check(atLeast(0))),
});

/** A disqualifying factor: points taken away when the condition holds (the seed: opted out −10). */
const negativeRule = z.strictObject({ id, when: condition, points: z.number().check(atMost(0)) });

/** A knock-out (student, job seeker, competitor): the route becomes `disqualified`; the score is still computed. */
const knockout = z.strictObject({ id, when: condition });

/** A tier's range: only `min` decides (the highest tier reached wins); `max` documents it and is checked. */
const range = { min: z.optional(z.number()), max: z.optional(z.number()) };

/**
 * Tier ranges (seed: cold 0–30, warm 31–60, hot 61+), each merged over the defaults, so
 * `{ "hot": { "minFit": 30 } }` only adds that hot needs a fit score of 30.
 */
export const tiers = z.strictObject({
  /** Cold takes every total below warm, negative ones included; `max` is checked against warm's `min`. */
  cold: z.optional(z.strictObject({ max: z.optional(z.number()) })),
  warm: z.optional(z.strictObject(range)),
  hot: z.optional(z.strictObject({ ...range, minFit: z.optional(z.number()) })),
});

/** A buying signal, kept apart from the score: asks for pricing, names an approval process, … */
const signal = z.strictObject({ id, strength: z.literal(['strong', 'medium']), when: condition });

/** Signals rate `strong` overall with this many strong ones, or this many medium ones. @default { strong: 1, medium: 2 } */
const strongSignals = z.strictObject({
  strong: z.optional(z.number().check(atLeast(1))),
  medium: z.optional(z.number().check(atLeast(1))),
});

export const tierNames = ['cold', 'warm', 'hot'] as const;
const tierName = z.literal(tierNames);

/** One row of the routing table; all its parts must hold. First match wins. */
const route = z.strictObject({
  route: id,
  tier: z.optional(z.union([tierName, z.array(tierName)])),
  signals: z.optional(z.literal(['strong', 'weak'])),
  when: z.optional(condition),
  /** Whether a lead on this route counts as a qualified prospect (handed to sales). */
  qualified: z.optional(z.boolean()),
});

/**
 * Declared qualification: criteria by framework dimension, fit and intent, negative rules,
 * knock-outs, tiers, buying signals and a routing table. `extend` starts from a framework
 * preset; what the flow declares replaces the preset's entry with the same id.
 */
export const scoring = z.strictObject({
  extend: z.optional(z.literal(frameworkIds)),
  /** Preset rules to drop, by id. */
  omit: z.optional(z.array(id)),
  dimensions: z.optional(mapOf(dimension)),
  criteria: z.optional(z.array(criterion)),
  negative: z.optional(z.array(negativeRule)),
  knockouts: z.optional(z.array(knockout)),
  tiers: z.optional(tiers),
  signals: z.optional(z.array(signal)),
  strongSignals: z.optional(strongSignals),
  routes: z.optional(z.array(route)),
  /** Changes to the built-in list of personal e-mail domains, for this flow. */
  personalDomains: z.optional(
    z.strictObject({ add: z.optional(z.array(z.string())), remove: z.optional(z.array(z.string())) }),
  ),
});

export type Criterion = z.output<typeof criterion>;
export type OptionCriterion = z.output<typeof optionCriterion>;
export type BandCriterion = z.output<typeof bandCriterion>;
export type RuleCriterion = z.output<typeof ruleCriterion>;
export type EvidenceCriterion = z.output<typeof evidenceCriterion>;
export type Band = z.output<typeof band>;
export type Dimension = z.output<typeof dimension>;
export type NegativeRule = z.output<typeof negativeRule>;
export type Knockout = z.output<typeof knockout>;
export type Signal = z.output<typeof signal>;
export type Route = z.output<typeof route>;
export type Scoring = z.output<typeof scoring>;
export type TierRanges = z.output<typeof tiers>;
/** Tier ranges after merging over the defaults: what `tierOf` reads. */
export interface Tiers {
  cold: { max?: number };
  warm: { min: number; max?: number };
  hot: { min: number; max?: number; minFit?: number };
}
export type ScoreKind = z.output<typeof scoreKind>;
