import type { AnswerValue } from '../answers.ts';
import { isAnswered } from '../answers.ts';
import { evaluateCondition, type ConditionContext } from '../conditions.ts';
import { conditionInputs } from '../flow-conditions.ts';
import type { Condition, Predicate } from '../schema/condition.ts';
import type { BandCriterion, Criterion, Dimension, EvidenceCriterion, OptionCriterion, RuleCriterion } from '../schema/scoring.ts';

/** One line of the score's "why": which rule gave (or cost) how many points, from which input. */
export interface TraceEntry {
  /** The criterion or rule id; `tier`, `signals` and `route` for the decisions. */
  rule: string;
  kind: 'fit' | 'intent' | 'negative' | 'cap' | 'knockout' | 'signal' | 'tier' | 'route';
  /** What was read: `answers.role`, `hidden.visits`. */
  input?: string;
  value?: AnswerValue | null;
  points: number;
  /** How: the options chosen, the band hit, the evidence level, the cap applied. */
  detail?: string;
}

/** The kinds of criterion, by the property that tells them apart. */
interface CriterionKinds {
  options: OptionCriterion;
  bands: BandCriterion;
  when: RuleCriterion;
  levels: EvidenceCriterion;
}
export type CriterionKind = keyof CriterionKinds;

/** Points and how they were earned; `undefined` when the criterion did not apply. */
type Scored = { points: number; detail?: string } | undefined;
type Scorer<C> = (criterion: C, value: AnswerValue | undefined, context: ConditionContext, dimension?: Dimension) => Scored;

export const criterionKind = (criterion: Criterion): CriterionKind =>
  'options' in criterion ? 'options' : 'bands' in criterion ? 'bands' : 'when' in criterion ? 'when' : 'levels';

/**
 * The table's options the answer chose, each once: an option named twice (a prefill link)
 * counts once. Own keys only: an answer like "constructor" must not pick up Object.prototype
 * members.
 */
const own = (table: Record<string, number>, values: AnswerValue) =>
  [...new Set(Array.isArray(values) ? values : [String(values)])].filter((o) => Object.hasOwn(table, o));

/** Points to a millionth: decimal points (8.2 + 23.9 + 28.9) sum to 61, not 60.99999999999999. */
export const tidy = (points: number): number => Math.round(points * 1e6) / 1e6;

/** How each kind of criterion turns an answer into points. */
export const criterionScorers: { [K in CriterionKind]: Scorer<CriterionKinds[K]> } = {
  options(criterion, value) {
    const chosen = isAnswered(value) ? own(criterion.options, value!) : [];
    if (!chosen.length) return undefined;
    // Summed in one order whatever the answer's, and to a millionth: the same choice, the same points.
    return { points: tidy([...chosen].sort().reduce((sum, o) => sum + criterion.options[o]!, 0)), detail: chosen.join(', ') };
  },
  bands(criterion, value) {
    if (typeof value !== 'number') return undefined;
    const band = criterion.bands.find((b) => (b.min ?? -Infinity) <= value && value <= (b.max ?? Infinity));
    return band && { points: band.points, detail: `${band.min ?? '−∞'}–${band.max ?? '∞'}` };
  },
  levels(criterion, value, _context, dimension) {
    // The best level among the chosen options; a number (a 0–3 rating) is the level itself.
    const levels = criterion.levels;
    const level = levels
      ? Math.max(-1, ...(isAnswered(value) ? own(levels, value!).map((o) => levels[o]!) : []))
      : Number.isFinite(value) ? Math.min(3, Math.max(0, value as number)) : -1;
    if (level < 0) return undefined;
    return { points: Math.round(((criterion.weight ?? dimension?.weight ?? 0) * level) / 3), detail: `evidence ${level}/3` };
  },
  when: (criterion, _value, context) => (evaluateCondition(criterion.when, context) ? { points: criterion.points } : undefined),
};

/**
 * The part that made a condition hold: the first branch of an `any` that holds, the first part
 * of an `all`; for a `not`, what it reads (its answer is why it holds). Undefined when it does not.
 */
const heldBy = (condition: Condition, context: ConditionContext): Predicate | undefined =>
  !evaluateCondition(condition, context)
    ? undefined
    : 'any' in condition
      ? condition.any.map((branch) => heldBy(branch, context)).find(Boolean)
      : 'all' in condition
        ? heldBy(condition.all[0]!, context)
        : 'answer' in condition || 'hidden' in condition || 'score' in condition
          ? condition
          : conditionInputs(condition.not)[0];

/** What a criterion reads, for the trace: its answer, or the first input its condition names. */
export function inputOf(criterion: { answer?: string; when?: unknown }, context: ConditionContext): Pick<TraceEntry, 'input' | 'value'> {
  // The part of a condition that held (the branch of an `any` that gave the points), else its
  // first: the answer behind a rule, not one it merely mentions. (A rule of one part is not
  // evaluated again: a pattern is tested once per scoring.)
  const inputs = criterion.answer ? [{ answer: criterion.answer }] : conditionInputs(criterion.when as Condition);
  const predicate = (inputs[1] && heldBy(criterion.when as Condition, context)) || inputs[0];
  if (!predicate || 'score' in predicate) return {};
  return 'answer' in predicate
    ? { input: `answers.${predicate.answer}`, value: context.answers[predicate.answer] ?? null }
    : { input: `hidden.${predicate.hidden}`, value: context.hidden[predicate.hidden] ?? null };
}

export function scoreCriterion(criterion: Criterion, context: ConditionContext, dimension?: Dimension): Scored {
  const value = 'answer' in criterion ? context.answers[criterion.answer] : undefined;
  return (criterionScorers[criterionKind(criterion)] as Scorer<Criterion>)(criterion, value, context, dimension);
}
