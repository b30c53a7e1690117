import type { AnswerValue } from '../answers.ts';
import { isAnswered } from '../answers.ts';
import type { Criterion } from '../schema/scoring.ts';

/** One line of the score's "why": which answer earned (or cost) how many points, and how. */
export interface TraceEntry {
  criterion: string;
  answer: string;
  value: AnswerValue | null;
  points: number;
  /** `option`: points for a chosen option; `band`: the numeric band hit; `none`: nothing applied. */
  rule: 'option' | 'band' | 'none';
  detail?: string;
}

export type CriterionKind = 'options' | 'bands';

type Scorer<C extends Criterion> = (criterion: C, value: AnswerValue) => Pick<TraceEntry, 'points' | 'rule' | 'detail'>;
type CriterionOf<K extends CriterionKind> = Extract<Criterion, Record<K, unknown>>;

export const criterionKind = (criterion: Criterion): CriterionKind => ('options' in criterion ? 'options' : 'bands');

const NONE = { points: 0, rule: 'none' } as const;

/** How each kind of criterion turns an answer into points. */
export const criterionScorers: { [K in CriterionKind]: Scorer<CriterionOf<K>> } = {
  options(criterion, value) {
    // Own keys only: an answer like "constructor" must not pick up Object.prototype members.
    const chosen = (Array.isArray(value) ? value : [String(value)]).filter((o) => Object.hasOwn(criterion.options, o));
    if (!chosen.length) return NONE;
    const points = chosen.reduce((sum, o) => sum + criterion.options[o]!, 0);
    return { points, rule: 'option', detail: chosen.join(', ') };
  },
  bands(criterion, value) {
    if (typeof value !== 'number') return NONE;
    const band = criterion.bands.find((b) => (b.min ?? -Infinity) <= value && value <= (b.max ?? Infinity));
    if (!band) return NONE;
    return { points: band.points, rule: 'band', detail: `${band.min ?? '−∞'}–${band.max ?? '∞'}` };
  },
};

export function scoreCriterion(criterion: Criterion, value: AnswerValue | undefined): TraceEntry {
  const base = { criterion: criterion.id ?? criterion.answer, answer: criterion.answer, value: value ?? null };
  if (!isAnswered(value)) return { ...base, ...NONE };
  const scorer = criterionScorers[criterionKind(criterion)] as Scorer<Criterion>;
  return { ...base, ...scorer(criterion, value!) };
}
