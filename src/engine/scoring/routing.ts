import { evaluateCondition, type ConditionContext, type ScoreFacts } from '../conditions.ts';
import type { Route } from '../schema/scoring.ts';
import type { TraceEntry } from './criteria.ts';
import type { ResolvedScoring } from './resolve-scoring.ts';

export interface RoutingDecision {
  signals: 'strong' | 'weak';
  signalsFound: string[];
  route: string;
  qualified: boolean;
}

/** Where a lead goes when no row of the routing table matches. */
const FALLBACK: Route = { route: 'nurture' };

const rowMatches = (row: Route, facts: ScoreFacts, context: ConditionContext) =>
  (!row.tier || [row.tier].flat().includes(facts.tier as never)) &&
  (!row.signals || row.signals === facts.signals) &&
  (!row.when || evaluateCondition(row.when, context));

/**
 * Buying signals, rated apart from the score, then the routing table: a knock-out sends the
 * lead to `disqualified` whatever the table says; otherwise the first matching row wins.
 * Adds the signals and the route to `facts` (what routing conditions see) and to the trace.
 */
export function routeLead(
  scoring: ResolvedScoring,
  context: ConditionContext,
  facts: ScoreFacts,
  knockedOut: boolean,
  trace: TraceEntry[],
): RoutingDecision {
  // Signals are kept apart from the score: their conditions see answers and hidden fields only.
  const unscored = { ...context, score: () => ({}) };
  const found = scoring.signals.filter((signal) => evaluateCondition(signal.when, unscored));
  const count = (strength: string) => found.filter((signal) => signal.strength === strength).length;
  const { strong, medium } = scoring.strongSignals;
  // A strong signal counts as a medium one too: with `{ strong: 2, medium: 2 }`, a demo request
  // and a decision date must not rate weaker than an approval process and the same date.
  const strongs = count('strong');
  const signals = strongs >= strong || strongs + count('medium') >= medium ? 'strong' : 'weak';
  for (const signal of found) trace.push({ rule: signal.id, kind: 'signal', points: 0, detail: signal.strength });
  trace.push({ rule: 'signals', kind: 'signal', points: 0, detail: signals });
  facts.signals = signals;

  const index = knockedOut ? -1 : scoring.routes.findIndex((row) => rowMatches(row, facts, context));
  const row = knockedOut ? { route: 'disqualified' } : (scoring.routes[index] ?? FALLBACK);
  trace.push({
    rule: 'route',
    kind: 'route',
    points: 0,
    detail: `${row.route} (${knockedOut ? 'knock-out' : index < 0 ? 'no row matched' : `routes[${index}]`})`,
  });
  facts.route = row.route;
  facts.qualified = !!row.qualified;
  return { signals, signalsFound: found.map((signal) => signal.id), route: row.route, qualified: !!row.qualified };
}
