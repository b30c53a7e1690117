import type { FunnelEvent } from './analytics-batch.ts';
import type { StoredLead } from './lead-store.ts';

export interface WithoutQa {
  events: FunnelEvent[];
  leads: StoredLead[];
  /** Distinct sessions and lead ids left out. */
  excluded: { sessions: number; leads: number };
}

/** A lead from a QA visit: the widget marks it `data.meta.qa: true`. */
const isQaLead = (lead: StoredLead): boolean => lead.envelope?.data?.meta?.qa === true;

/** `data.id`, which a lead's `lead.partial` and `lead.submitted` share; the message id for a lead without one. */
const leadIdOf = (lead: StoredLead): string => (typeof lead.envelope?.data?.id === 'string' ? lead.envelope.data.id : lead.id);

/**
 * Leaves out the visits of whoever checked a variant with `?leadflow_variant=` (QA): they are
 * not visitors, and would skew the variant they forced. A session with any `qa: true` event is
 * left out whole, and so is a lead id with any QA envelope, so no visit is ever half counted
 * (a `view` counted whose `submit` is not). Pure, and the order of both lists is kept.
 */
export function withoutQa(events: readonly FunnelEvent[], leads: readonly StoredLead[]): WithoutQa {
  const qaSessions = new Set(events.flatMap((event) => (event.qa === true ? [event.session] : [])));
  const qaLeads = new Set(leads.filter(isQaLead).map(leadIdOf));
  return {
    events: events.filter((event) => !qaSessions.has(event.session)),
    leads: leads.filter((lead) => !qaLeads.has(leadIdOf(lead))),
    excluded: { sessions: qaSessions.size, leads: qaLeads.size },
  };
}

/**
 * Leaves out suspected bots' leads (`meta.suspectedBot`, `data-leadflow-bots="flag"`) by lead
 * id, as QA leads are: a lead whose `lead.submitted` was flagged (the honeypot filled on the last
 * step) leaves out its unflagged `lead.partial` too, which would count as a real visitor's. A
 * lead is judged by its `lead.submitted` where one came: an early partial sent "too fast" (an
 * autofilled contact step) says less than the finished lead.
 */
export function withoutBotLeads(leads: readonly StoredLead[]): StoredLead[] {
  const submitted = (lead: StoredLead) => lead.envelope?.type === 'lead.submitted';
  const finished = new Set(leads.filter(submitted).map(leadIdOf));
  const bots = new Set(leads.filter((lead) => lead.envelope?.data?.meta?.suspectedBot && (submitted(lead) || !finished.has(leadIdOf(lead)))).map(leadIdOf));
  return leads.filter((lead) => !bots.has(leadIdOf(lead)));
}

/** The leads the statistics count, for the leads table: without QA visits' and suspected bots'. */
export const countedLeads = (leads: readonly StoredLead[]): StoredLead[] => withoutBotLeads(withoutQa([], leads).leads);
