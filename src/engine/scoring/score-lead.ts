import type { Answers, HiddenFields } from '../answers.ts';
import { evaluateCondition, type ConditionContext, type ScoreFacts } from '../conditions.ts';
import type { Flow } from '../schema/flow.ts';
import { inputOf, scoreCriterion, tidy, type TraceEntry } from './criteria.ts';
import { resolveScoring } from './resolve-scoring.ts';
import { routeLead } from './routing.ts';
import { tierOf, type Tier } from './tiers.ts';

export interface DimensionScore {
  kind: 'fit' | 'intent';
  points: number;
  cap?: number;
}

export interface ScoreResult {
  /** fit + intent + negative. */
  total: number;
  /** Explicit score: who they are. */
  fit: number;
  /** Implicit score: what they do. */
  intent: number;
  /** Points taken away by negative rules (0 or less). */
  negative: number;
  /** Points per framework dimension (BANT: budget, authority, need, timeline), after its cap. */
  dimensions: Record<string, DimensionScore>;
  /** Points per criterion id, after the criterion's cap. */
  criteria: Record<string, number>;
  tier: Tier;
  /** `strong` with enough buying signals (default: one strong or two medium), else `weak`. */
  signals: 'strong' | 'weak';
  /** The ids of the buying signals found. */
  signalsFound: string[];
  /** The first matching row of the routing table; `disqualified` after a knock-out. */
  route: string;
  /** Whether the route hands the lead to sales (`sales_now`, `follow_up` by default). */
  qualified: boolean;
  /** The ids of the knock-outs that hold. */
  knockouts: string[];
  /** Every criterion in order, then the dimension caps, negative rules and knock-outs that applied, the tier, the signals and the route. */
  trace: TraceEntry[];
  /** Which scoring produced this result: `flow@version:fingerprint`. */
  readonly configVersion: string;
}

export interface ScoreContext {
  hidden?: HiddenFields;
}

/**
 * Scores a lead from scratch: a pure function of the flow's declared scoring, the answers
 * and hidden fields, so a server re-running it gets the same result and an answer changed
 * or taken back is never counted twice. Conditions inside scoring rules see no score
 * (a rule cannot depend on the total it feeds); routing conditions see the score, tier and
 * signals.
 */
export function scoreLead(flow: Flow, answers: Answers, context: ScoreContext = {}): ScoreResult {
  const scoring = resolveScoring(flow);
  const facts: ScoreFacts = {};
  const conditions: ConditionContext = {
    answers,
    hidden: context.hidden ?? {},
    score: () => facts,
    personalDomains: scoring.personalDomains,
  };
  const holds = (rule: { when: Parameters<typeof evaluateCondition>[0] }) => evaluateCondition(rule.when, conditions);
  const trace: TraceEntry[] = [];
  const criteria: Record<string, number> = {};
  const dimensions: Record<string, DimensionScore> = {};
  const sums = { fit: 0, intent: 0, negative: 0 };

  for (const criterion of scoring.criteria) {
    const dimension = criterion.dimension ? scoring.dimensions[criterion.dimension] : undefined;
    // A dimension's points all count as its kind, so its cap takes from the right score.
    const kind = (criterion.dimension ? dimension?.kind : criterion.kind) ?? 'fit';
    const scored = scoreCriterion(criterion, conditions, dimension);
    const earned = scored?.points ?? 0;
    const points = Math.min(earned, criterion.cap ?? Infinity);
    criteria[criterion.id] = points;
    // Every sum to a millionth (see `tidy`): 0.1 + 0.2 is 0.3, so caps and tier thresholds
    // compare what a person would add up.
    sums[kind] = tidy(sums[kind] + points);
    // A condition rule has no detail of its own: what it earned, then.
    const detail = earned > points ? `${scored?.detail ?? earned}, capped at ${criterion.cap}` : scored?.detail;
    trace.push({ rule: criterion.id, kind, ...inputOf(criterion, conditions), points, ...(detail && { detail }) });
    if (criterion.dimension) {
      const entry = (dimensions[criterion.dimension] ??= { kind, points: 0 });
      entry.points = tidy(entry.points + points);
    }
  }
  for (const [id, entry] of Object.entries(dimensions)) {
    const cap = scoring.dimensions[id]?.cap;
    if (cap === undefined) continue;
    entry.cap = cap;
    if (entry.points <= cap) continue;
    trace.push({ rule: `cap:${id}`, kind: 'cap', points: tidy(cap - entry.points), detail: `dimension ${id} capped at ${cap}` });
    sums[entry.kind] = tidy(sums[entry.kind] - (entry.points - cap));
    entry.points = cap;
  }
  for (const rule of scoring.negative) {
    if (!holds(rule)) continue;
    sums.negative = tidy(sums.negative + rule.points);
    trace.push({ rule: rule.id, kind: 'negative', ...inputOf(rule, conditions), points: rule.points });
  }
  const knockouts = scoring.knockouts.filter(holds);
  for (const rule of knockouts) trace.push({ rule: rule.id, kind: 'knockout', ...inputOf(rule, conditions), points: 0, detail: 'route: disqualified' });

  const total = tidy(sums.fit + sums.intent + sums.negative);
  const tier = tierOf(total, scoring.tiers, sums.fit);
  const gated = tier === 'warm' && total >= scoring.tiers.hot.min;
  trace.push({ rule: 'tier', kind: 'tier', points: total, detail: gated ? `warm: fit ${sums.fit} is below ${scoring.tiers.hot.minFit}, needed for hot` : tier });
  Object.assign(facts, { total, fit: sums.fit, intent: sums.intent, tier });
  const decision = routeLead(scoring, conditions, facts, knockouts.length > 0, trace);
  const score = { total, ...sums, dimensions, criteria, tier, ...decision, knockouts: knockouts.map((k) => k.id), trace } as ScoreResult;
  // Read from the scoring when asked (a lead's payload): the progress estimate scores on the
  // first step of many flows, and the fingerprint is not worth working out for that.
  return Object.defineProperty(score, 'configVersion', { enumerable: true, get: () => scoring.configVersion });
}
