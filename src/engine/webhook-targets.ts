import type { Answers, HiddenFields } from './answers.ts';
import { evaluateCondition } from './conditions.ts';
import type { Flow } from './schema/flow.ts';
import type { ScoreResult } from './scoring/score-lead.ts';

/**
 * Where a finished lead is posted: the flow's `webhook`, plus every entry of `webhooks`
 * whose condition holds for this lead (the sales CRM only for `sales_now`, a nurture list
 * for the rest). A URL listed twice is posted to once.
 */
export function webhookTargets(flow: Flow, score: ScoreResult, answers: Answers, hidden: HiddenFields = {}): string[] {
  const context = { answers, hidden, score: () => score, personalDomains: flow.scoring?.personalDomains };
  const routed = (flow.webhooks ?? []).filter((hook) => !hook.when || evaluateCondition(hook.when, context)).map((hook) => hook.url);
  return [...new Set(flow.webhook ? [flow.webhook, ...routed] : routed)];
}
