import type { FunnelEvent, FunnelEventType } from './analytics-batch.ts';
import { median, twoProportionZTest, wilsonInterval } from './funnel-stats-math.ts';
import type { DashboardStats, FlowStats, FunnelStage, Rate, VariantStats, Verdict, VersusBaseline } from './funnel-stats-types.ts';
import type { StoredLead } from './lead-store.ts';
import { withoutBotLeads, withoutQa } from './qa-visits.ts';

/** How a group without an A/B variant (the flow runs no experiment) is shown. */
export const NO_VARIANT_LABEL = '—';
/** The variant every other one is compared with, when a flow has one of this name. */
export const BASELINE_VARIANT = 'control';
/** Below these counts the normal approximation behind the z-test is not to be trusted. */
export const MIN_VIEWS = 30;
export const MIN_OUTCOMES = 5;
/** A p-value below this is "significant at 95 %". */
export const SIGNIFICANCE_LEVEL = 0.05;

/** Everything counted for one flow id + variant, as sets of session ids so nothing counts twice. */
interface Group {
  flowId: string;
  variant: string | null;
  versions: Set<number>;
  sessions: Record<FunnelEventType, Set<string>>;
  /** By step id: the smallest index it was seen at, the order it was first seen in, who reached and who completed it. */
  steps: Map<string, { minIndex: number; order: number; reached: Set<string>; completed: Set<string> }>;
  /** By session: the duration of its first submit. */
  durations: Map<string, number>;
  qualified: Set<string>;
  /** By `data.id`: the latest `lead.submitted` received. */
  submitted: Map<string, StoredLead>;
  /** By session: the step it was last seen on (the latest `step_view`), where it left if it did not submit. */
  /** By session: the step last seen (events come in time order), and whether it was completed since. */
  lastStep: Map<string, { stepId: string; completed: boolean }>;
  /** Views and submits by flow version: variants are compared within one (weights may change between versions). */
  byVersion: Map<number, { view: Set<string>; submit: Set<string> }>;
  /** The `data.id`s of `lead.partial`s. */
  partial: Set<string>;
}

const emptySessions = (): Group['sessions'] => ({
  view: new Set(),
  start: new Set(),
  step_view: new Set(),
  step_complete: new Set(),
  abandon: new Set(),
  submit: new Set(),
});

/**
 * The dashboard's numbers from the stored funnel events and leads: a funnel per flow and
 * variant, and each variant's conversion compared with the baseline's. QA visits and those of
 * suspected bots are left out first (see qa-visits.ts). Pure: no clock, no I/O. Every count is of distinct sessions, so a
 * reload (a second `view`), Back and Next (a second `step_view`) or an event stored twice
 * changes nothing.
 */
export function computeDashboardStats(allEvents: readonly FunnelEvent[], allLeads: readonly StoredLead[]): DashboardStats {
  const { events: withBots, leads: withBotLeads, excluded } = withoutQa(allEvents, allLeads);
  // A visit that ended in a suspected bot's lead (the widget's `abandon` marked `bot`) is left
  // out whole, like a QA visit: no bot is a viewer who did not convert. So is a lead sent
  // marked `meta.suspectedBot` (`data-leadflow-bots="flag"`): no bot is a lead received.
  const bots = new Set(withBots.flatMap((event) => (event.bot ? [event.session] : [])));
  const events = withBots.filter((event) => !bots.has(event.session));
  const leads = withoutBotLeads(withBotLeads);
  const groups = new Map<string, Group>();
  const groupOf = (flowId: string, variant: string | null): Group => {
    const key = JSON.stringify([flowId, variant]);
    let group = groups.get(key);
    if (!group) {
      group = { flowId, variant, versions: new Set(), sessions: emptySessions(), steps: new Map(), durations: new Map(), qualified: new Set(), submitted: new Map(), partial: new Set(), lastStep: new Map(), byVersion: new Map() };
      groups.set(key, group);
    }
    return group;
  };

  // Oldest first, so "first seen" and "first submit" mean what they say whatever the batch order.
  const chronological = events.map((event, i) => ({ event, i, time: Date.parse(event.at) })).sort((a, b) => a.time - b.time || a.i - b.i);
  for (const { event } of chronological) addEvent(groupOf(event.flow.id, event.variant), event);
  for (const lead of leads) {
    const data = lead.envelope?.data;
    if (typeof data?.flow?.id !== 'string' || typeof data.id !== 'string') continue;
    addLead(groupOf(data.flow.id, typeof data.variant === 'string' ? data.variant : null), data.id, lead);
  }

  // A lead's partial and its submit may land in different groups (a flow edited in between): "partial only" looks at all.
  const submittedIds = new Set([...groups.values()].flatMap((group) => [...group.submitted.keys()]));
  const partialOnlyIds = new Set([...groups.values()].flatMap((group) => [...group.partial].filter((id) => !submittedIds.has(id))));
  const flowIds = [...new Set([...groups.values()].map((group) => group.flowId))].sort();
  return {
    totals: {
      events: events.length,
      sessions: new Set(events.map((event) => event.session)).size,
      leads: submittedIds.size,
      partialOnly: partialOnlyIds.size,
    },
    qaExcluded: excluded,
    botsExcluded: bots.size,
    flows: flowIds.map((flowId) => flowStats([...groups.values()].filter((group) => group.flowId === flowId), submittedIds)),
  };
}

function addEvent(group: Group, event: FunnelEvent): void {
  group.versions.add(event.flow.version);
  group.sessions[event.type].add(event.session);
  if (event.type === 'view' || event.type === 'submit') {
    const version = group.byVersion.get(event.flow.version) ?? { view: new Set<string>(), submit: new Set<string>() };
    version[event.type].add(event.session);
    group.byVersion.set(event.flow.version, version);
  }
  // By the events' order, not their time strings: one moment is written in several offsets.
  if (event.type === 'step_view') group.lastStep.set(event.session, { stepId: event.stepId, completed: false });
  const last = group.lastStep.get(event.session);
  if (event.type === 'step_complete' && last?.stepId === event.stepId) last.completed = true;
  if (event.type === 'step_view' || event.type === 'step_complete') {
    const step = group.steps.get(event.stepId) ?? { minIndex: event.index, order: group.steps.size, reached: new Set<string>(), completed: new Set<string>() };
    step.minIndex = Math.min(step.minIndex, event.index);
    // A completion whose view was lost still shows the session got there.
    step.reached.add(event.session);
    if (event.type === 'step_complete') step.completed.add(event.session);
    group.steps.set(event.stepId, step);
  }
  if (event.type === 'submit') {
    if (event.durationMs !== undefined && !group.durations.has(event.session)) group.durations.set(event.session, event.durationMs);
    if (event.qualified === true) group.qualified.add(event.session);
  }
}

function addLead(group: Group, id: string, lead: StoredLead): void {
  if (lead.envelope.type === 'lead.partial') return void group.partial.add(id);
  if (lead.envelope.type !== 'lead.submitted') return;
  const known = group.submitted.get(id);
  if (!known || known.receivedAt <= lead.receivedAt) group.submitted.set(id, lead);
}

function flowStats(groups: Group[], submittedIds: ReadonlySet<string>): FlowStats {
  const named = groups.filter((group) => group.variant !== null).sort((a, b) => compareNames(a.variant!, b.variant!));
  const baseline = named.length >= 2 ? (named.find((group) => group.variant === BASELINE_VARIANT) ?? named[0]!) : undefined;
  const ordered = [...(baseline ? [baseline] : []), ...named.filter((group) => group !== baseline), ...groups.filter((group) => group.variant === null)];
  return {
    flowId: groups[0]!.flowId,
    baseline: baseline?.variant ?? null,
    variants: ordered.map((group) => {
      const stats = variantStats(group, group === baseline, submittedIds);
      if (baseline && group !== baseline && group.variant !== null) stats.versusBaseline = versus(baseline, group, stats.conversion);
      return stats;
    }),
  };
}

/**
 * A variant against the baseline. When the two ran under more than one flow version, only the
 * latest version both have is compared: weights changed between versions would otherwise mix
 * slow and busy weeks in different shares (Simpson's paradox), and identical variants could
 * look significantly different.
 */
function versus(baseline: Group, group: Group, conversion: Rate): VersusBaseline {
  const versions = new Set([...baseline.byVersion.keys(), ...group.byVersion.keys()]);
  if (versions.size <= 1) return compare(baseline.variant!, conversionOf(baseline), conversion);
  const shared = [...group.byVersion.keys()].filter((version) => baseline.byVersion.has(version));
  const version = Math.max(...shared);
  const rateIn = (of: Group) => {
    const { view, submit } = of.byVersion.get(version) ?? { view: new Set<string>(), submit: new Set<string>() };
    return rateOf(countIn(submit, view), view.size);
  };
  return { ...compare(baseline.variant!, rateIn(baseline), rateIn(group)), ...(shared.length && { version }) };
}

/** Code-point order: the same on every machine, unlike a locale's. */
const compareNames = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** The share of `of` not in `kept`, within 0–1 (lost events can make `kept` the larger); null without `of`. */
const lostShare = (kept: number, of: number): number | null => (of > 0 ? Math.min(1, Math.max(0, 1 - kept / of)) : null);

/** Views, Starts, a row per step (by smallest index, then first seen), Submits; each drop-off is who left at that stage. */
function funnelOf({ sessions, steps, lastStep }: Group): FunnelStage[] {
  const [views, starts, submits] = [sessions.view.size, sessions.start.size, sessions.submit.size];
  // Left at a step: last seen on it, without completing it since (a visitor who completed it,
  // went Back to it and left there left there) or submitting. A visitor who went Back from it
  // and went on another way left elsewhere, or not at all.
  const leftAt = (stepId: string) => (session: string) => {
    const last = lastStep.get(session);
    return last?.stepId === stepId && !last.completed && !sessions.submit.has(session);
  };
  const ordered = [...steps.entries()].sort(([, a], [, b]) => a.minIndex - b.minIndex || a.order - b.order);
  return [
    { kind: 'views', label: 'Views', sessions: views, completed: null, dropOff: null },
    { kind: 'starts', label: 'Starts', sessions: starts, completed: null, dropOff: lostShare(starts, views) },
    ...ordered.map(([stepId, step]): FunnelStage => ({
      kind: 'step',
      label: stepId,
      sessions: step.reached.size,
      completed: step.completed.size,
      dropOff: step.reached.size ? [...step.reached].filter(leftAt(stepId)).length / step.reached.size : null,
    })),
    { kind: 'submits', label: 'Submits', sessions: submits, completed: null, dropOff: lostShare(submits, starts) },
  ];
}

function variantStats(group: Group, isBaseline: boolean, submittedIds: ReadonlySet<string>): VariantStats {
  const { sessions } = group;
  const tiers: Record<string, number> = {};
  for (const { envelope } of group.submitted.values()) {
    const tier = String(envelope.data.score?.tier ?? 'unknown');
    tiers[tier] = (tiers[tier] ?? 0) + 1;
  }
  return {
    variant: group.variant,
    label: group.variant ?? NO_VARIANT_LABEL,
    versions: [...group.versions].sort((a, b) => a - b),
    funnel: funnelOf(group),
    abandoned: [...sessions.abandon].filter((session) => !sessions.submit.has(session)).length,
    conversion: conversionOf(group),
    qualified: rateOf(countIn(group.qualified, sessions.view), sessions.view.size),
    medianTimeToCompleteMs: median([...group.durations.values()]),
    leads: { received: group.submitted.size, partialOnly: [...group.partial].filter((id) => !submittedIds.has(id)).length, byTier: tiers },
    isBaseline,
    versusBaseline: null,
  };
}

/** A submit counts when its session's view was recorded too, so a rate never exceeds 100 %. */
const conversionOf = (group: Group): Rate => rateOf(countIn(group.sessions.submit, group.sessions.view), group.sessions.view.size);

const countIn = (sessions: Set<string>, viewed: Set<string>) => [...sessions].filter((session) => viewed.has(session)).length;

function rateOf(sessions: number, of: number): Rate {
  return { sessions, of, rate: of > 0 ? sessions / of : null, interval: wilsonInterval({ successes: sessions, trials: of }) };
}

function compare(baseline: string, base: Rate, variant: Rate): VersusBaseline {
  const test = twoProportionZTest({ successes: base.sessions, trials: base.of }, { successes: variant.sessions, trials: variant.of });
  const enough = (rate: Rate) => rate.of >= MIN_VIEWS && rate.sessions >= MIN_OUTCOMES && rate.of - rate.sessions >= MIN_OUTCOMES;
  const verdict: Verdict =
    !test || !enough(base) || !enough(variant) ? 'not enough data' : test.pValue < SIGNIFICANCE_LEVEL ? 'significant at 95 %' : 'not significant yet';
  return { baseline, difference: test?.difference ?? null, z: test?.z ?? null, pValue: test?.pValue ?? null, verdict };
}
