import { buildLeadEnvelope, type LeadEventType } from '../delivery/index.ts';
import { summarizeAnswers, webhookTargets, type Flow } from '../engine/index.ts';
import type { Completion, Snapshot } from '../ui/index.ts';
import type { Emit } from './events.ts';
import type { PageOutbox } from './page-outbox.ts';
import { pageAddress } from './attribution.ts';

/** What the widget does with a suspected bot: nothing is sent, or the lead is sent marked. */
export type BotPolicy = 'drop' | 'flag';

export interface SubmitContext {
  flow: Flow;
  /** The A/B variant the visitor was assigned; null without an experiment. */
  variant: string | null;
  /** A variant's own flow file, when it points to one: its id and version, for re-scoring. */
  variantFlow?: { id: string; version: number };
  /** The variant was forced with `?leadflow_variant=` for QA. */
  qa: boolean;
  locale: string;
  /** One id for the whole visit: `lead.partial` and `lead.submitted` carry the same. */
  leadId: string;
  /** The snippet's `data-leadflow-webhook`: the only place posted to when set, instead of the flow's webhooks. */
  webhook?: string;
  transport: 'cors' | 'simple';
  startedAt: Date;
  /**
   * The same moment on the page's monotonic clock (`performance.now()`), for the fill time: a
   * wall clock set back while the visitor answers would make it negative, "too fast" for a bot.
   */
  fillStart: number;
  emit: Emit;
  outbox: PageOutbox;
  /** First-touch campaign parameters, referrer and landing page of this visit. */
  attribution: Record<string, string>;
  bots: BotPolicy;
  /** Faster than this from the first step to sending looks like a bot. */
  minFillMs: number;
}

/** Why a submission looks automated: the honeypot was filled, or the form was filled too fast. */
function botSigns(snapshot: Snapshot, context: SubmitContext) {
  const fillMs = Math.round(performance.now() - context.fillStart);
  const signs = { honeypot: snapshot.trap !== '', tooFast: fillMs < context.minFillMs };
  return signs.honeypot || signs.tooFast ? { ...signs, fillMs } : undefined;
}

/**
 * Turns the visitor's answers into a lead and hands it to the outbox, which stores it before
 * sending. The visitor already sees the next step or the end screen: this runs behind it, and
 * a delivery that fails for good is reported, not shown. A suspected bot sees the same screens.
 * Returns how many webhooks it went to (none for a bot's dropped lead); `recorded` hears whether
 * it looked like a bot's (dropped, or sent marked, as `bots` says) as soon as the lead is
 * stored, before any page code runs.
 */
export function submitLead(snapshot: Snapshot | Completion, type: LeadEventType, context: SubmitContext, revision = 1, recorded?: (bot: boolean) => void): number {
  const { flow, locale, emit, leadId: id } = context;
  const now = new Date();
  const bot = botSigns(snapshot, context);
  if (bot && context.bots === 'drop') return recorded?.(true), 0;
  const ref = { id: flow.id, version: flow.version };
  const envelope = buildLeadEnvelope(
    {
      id,
      ...(type === 'lead.partial' && { revision }),
      flow: ref,
      ...(context.variant !== null && { variant: context.variant }),
      ...(context.variantFlow && { variantFlow: context.variantFlow }),
      locale,
      ...summarizeAnswers(flow, snapshot.answers, locale),
      // Scored under the experiment's name; re-scoring with the variant's own file gives its
      // name (`flowId@version:fingerprint`, docs/qualification.md), so the lead says that one.
      score: context.variantFlow ? { ...snapshot.score, configVersion: snapshot.score.configVersion.replace(/^[^:]*/, `${context.variantFlow.id}@${context.variantFlow.version}`) } : snapshot.score,
      attribution: context.attribution,
      hidden: snapshot.state.hidden,
      meta: {
        page: pageAddress(globalThis as unknown as Window),
        startedAt: context.startedAt.toISOString(),
        ...(type === 'lead.submitted' ? { completedAt: now.toISOString() } : { updatedAt: now.toISOString() }),
        ...('ending' in snapshot && { ending: snapshot.ending.id }),
        ...(bot && { suspectedBot: bot }),
        ...(context.qa && { qa: true }),
      },
    },
    now,
    type,
  );
  const targets = context.webhook ? [context.webhook] : webhookTargets(flow, snapshot.score, snapshot.answers, snapshot.state.hidden);
  // Stored (and on its way) before any page code hears of it: a page that removes the form's
  // frame on `leadflow:submit` leaves this code no window to store it with.
  context.outbox.send(envelope, targets, context.transport, emit);
  // The funnel's conversion too: a page that unmounts the form on `leadflow:submit` (its own
  // thank-you page) ends the widget's funnel before this returns.
  recorded?.(!!bot);
  if (type === 'lead.submitted') {
    const { total, tier, route, qualified } = snapshot.score;
    // Marked for a page's tag manager, which should count no QA visit or suspected bot as a
    // conversion: a lead, or a qualified one.
    const marks = { ...(context.qa && { qa: true as const }), ...(bot && { bot: true as const }) };
    emit('submit', { flow: ref, variant: context.variant, leadId: id, tier, route, ...marks });
    emit('qualified', { flow: ref, leadId: id, tier, total, route, qualified, ...marks });
  }
  // Every entry of `webhooks` has a condition and none held: said out loud, as it may be an oversight.
  if (!targets.length) {
    const message = `${type} ${id} matched no webhook (route ${snapshot.score.route}); add one without "when" to receive every lead`;
    console.warn(`LeadFlow: ${message}`);
    emit('error', { code: 'not_routed', message, leadId: id, event: type });
  }
  return targets.length;
}
