import type { Answers } from '../answers.ts';
import type { Scoring } from '../schema/scoring.ts';
import { scoreCriterion, type TraceEntry } from './criteria.ts';
import { DEFAULT_TIERS, tierOf, type Tier } from './tiers.ts';

export interface ScoreResult {
  total: number;
  tier: Tier;
  /** Every criterion, in declaration order, with the points it gave: the score's "why". */
  trace: TraceEntry[];
}

/**
 * Scores a lead from scratch: a pure function of the declared scoring and the answers, so a
 * server can re-run it and get the same result. A flow without scoring scores 0 (cold).
 */
export function scoreLead(scoring: Scoring | undefined, answers: Answers): ScoreResult {
  const trace = (scoring?.criteria ?? []).map((criterion) => scoreCriterion(criterion, answers[criterion.answer]));
  const total = trace.reduce((sum, entry) => sum + entry.points, 0);
  return { total, tier: tierOf(total, scoring?.tiers ?? DEFAULT_TIERS), trace };
}
