import type { JsonPath } from '../shared/issue.ts';
import type { Condition, Predicate } from './schema/condition.ts';
import type { Flow } from './schema/flow.ts';

export interface PlacedCondition {
  condition: Condition;
  path: JsonPath;
  /** Whether the score may be read here: not inside scoring rules, which feed the score. */
  seesScore: boolean;
}

/** Every condition in a flow with its JSON path: branching rules, scoring rules, routes, webhooks. */
export function flowConditions(flow: Flow): PlacedCondition[] {
  const found: PlacedCondition[] = [];
  const add = (condition: Condition | undefined, path: JsonPath, seesScore: boolean) =>
    condition && found.push({ condition, path, seesScore });
  flow.steps.forEach((step, i) => 'next' in step && step.next?.forEach((rule, k) => add(rule.if, ['steps', i, 'next', k, 'if'], true)));
  const scoring = flow.scoring;
  for (const list of ['criteria', 'negative', 'knockouts', 'signals'] as const)
    scoring?.[list]?.forEach((rule, i) => add('when' in rule ? rule.when : undefined, ['scoring', list, i, 'when'], false));
  scoring?.routes?.forEach((row, i) => add(row.when, ['scoring', 'routes', i, 'when'], true));
  flow.webhooks?.forEach((hook, i) => add(hook.when, ['webhooks', i, 'when'], true));
  return found;
}

/** Each predicate of a condition with its path, for checks that look at one predicate at a time. */
export function predicatesOf(condition: Condition, path: JsonPath, out: Array<[Predicate, JsonPath]> = []): Array<[Predicate, JsonPath]> {
  if ('all' in condition) condition.all.forEach((c, i) => predicatesOf(c, [...path, 'all', i], out));
  else if ('any' in condition) condition.any.forEach((c, i) => predicatesOf(c, [...path, 'any', i], out));
  else if ('answer' in condition || 'hidden' in condition || 'score' in condition) out.push([condition, path]);
  else predicatesOf(condition.not, [...path, 'not'], out);
  return out;
}

/** The predicates of a condition, in order: what a scoring rule names as its input in the trace. */
export const conditionInputs = (condition: Condition): Predicate[] => predicatesOf(condition, []).map(([predicate]) => predicate);
