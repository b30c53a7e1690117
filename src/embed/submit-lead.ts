import { buildLeadEnvelope, collectAttribution, createLeadId, deliverLead, type RetryPolicy } from '../delivery/index.ts';
import { summarizeAnswers, type Flow } from '../engine/index.ts';
import type { Completion } from '../ui/index.ts';
import type { Emit } from './events.ts';

export interface SubmitContext {
  flow: Flow;
  locale: string;
  webhook: string;
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
  const { total, tier } = completion.score;
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
  emit('qualified', { flow: ref, leadId: id, tier, total });
  const outcome = await deliverLead(envelope, {
    url: context.webhook,
    mode: context.transport,
    ...(context.fetch && { fetch: context.fetch }),
    ...(context.retry && { retry: context.retry }),
  });
  if (!outcome.ok)
    context.report(
      'delivery_failed',
      `lead ${id} could not be delivered to ${context.webhook} after ${outcome.attempts} attempt(s): ${outcome.error.message}`,
    );
}
