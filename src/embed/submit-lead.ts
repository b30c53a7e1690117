import { buildLeadEnvelope, collectAttribution, createLeadId, deliverLead, type RetryPolicy } from '../delivery/index.ts';
import { summarizeAnswers, webhookTargets, type Flow } from '../engine/index.ts';
import type { Completion } from '../ui/index.ts';
import type { Emit } from './events.ts';

export interface SubmitContext {
  flow: Flow;
  locale: string;
  /** The snippet's `data-leadflow-webhook`: the only place posted to when set, instead of the flow's webhooks. */
  webhook?: string;
  transport: 'cors' | 'simple';
  startedAt: Date;
  emit: Emit;
  /** Tells the console and a `leadflow:error` listener. */
  report: (code: string, message: string) => void;
  fetch?: typeof fetch;
  retry?: RetryPolicy;
}

/**
 * Turns a finished flow into a lead and sends it. The visitor already sees the end screen;
 * this runs behind it, and a delivery that fails for good is reported, not shown.
 */
export async function submitLead(completion: Completion, context: SubmitContext): Promise<void> {
  const { flow, locale, emit } = context;
  const id = createLeadId();
  const ref = { id: flow.id, version: flow.version };
  const { total, tier, route, qualified } = completion.score;
  const envelope = buildLeadEnvelope(
    {
      id,
      flow: ref,
      locale,
      ...summarizeAnswers(flow, completion.answers, locale),
      score: completion.score,
      attribution: collectAttribution(location.href, document.referrer),
      hidden: completion.state.hidden,
      meta: {
        // Origin and path only: query strings can carry personal data.
        page: location.origin + location.pathname,
        startedAt: context.startedAt.toISOString(),
        completedAt: new Date().toISOString(),
        ending: completion.ending.id,
      },
    },
    new Date(),
  );
  emit('submit', { flow: ref, leadId: id });
  emit('qualified', { flow: ref, leadId: id, tier, total, route, qualified });
  const targets = context.webhook ? [context.webhook] : webhookTargets(flow, completion.score, completion.answers, completion.state.hidden);
  // Every target gets the same envelope, so each receiver dedupes on the same webhook-id.
  await Promise.all(
    targets.map(async (url) => {
      const outcome = await deliverLead(envelope, {
        url,
        mode: context.transport,
        ...(context.fetch && { fetch: context.fetch }),
        ...(context.retry && { retry: context.retry }),
      });
      if (!outcome.ok)
        context.report(
          'delivery_failed',
          `lead ${id} could not be delivered to ${url} after ${outcome.attempts} attempt(s): ${outcome.error.message}`,
        );
    }),
  );
}
