import type { FunnelEvent, FunnelEventType } from './analytics-batch.ts';
import { median, twoProportionZTest, wilsonInterval, type Interval } from './funnel-stats-math.ts';
import type { StoredLead } from './lead-store.ts';

/** How a group without an A/B variant (the flow runs no experiment) is shown. */
export const NO_VARIANT_LABEL = '—';
/** The variant every other one is compared with, when a flow has one of this name. */
export const BASELINE_VARIANT = 'control';
/** Below these counts the normal approximation behind the z-test is not to be trusted. */
export const MIN_VIEWS = 30;
export const MIN_OUTCOMES = 5;
/** A p-value below this is "significant at 95 %". */
export const SIGNIFICANCE_LEVEL = 0.05;

export type Verdict = 'significant at 95 %' | 'not significant yet' | 'not enough data';

export interface FunnelStage {
  kind: 'views' | 'starts' | 'step' | 'submits';
  /** `Views`, `Starts`, `Submits`, or the step's id. */
  label: string;
  /** Distinct sessions that reached the stage. */
  sessions: number;
  /** Share of the previous stage's sessions not counted here (0.25 = 25 %); null for the first stage and after an empty one. */
  dropOff: number | null;
}

/** `sessions` of `of` viewing sessions, with the rate and its 95 % Wilson interval (null without views). */
export interface Rate {
  sessions: number;
  of: number;
  rate: number | null;
  interval: Interval | null;
}

export interface VersusBaseline {
  baseline: string;
  /** Conversion rate minus the baseline's; null, like z and p, when either has no views. */
  difference: number | null;
  z: number | null;
  pValue: number | null;
  verdict: Verdict;
}

export interface VariantStats {
  /** Null when the flow ran no experiment for these sessions. */
  variant: string | null;
  /** The variant, or {@link NO_VARIANT_LABEL}. */
  label: string;
  /** The flow versions seen, ascending: groups span versions. */
  versions: number[];
  funnel: FunnelStage[];
  /** Sessions with an `abandon` and no `submit`. */
  abandoned: number;
  /** Viewing sessions that submitted. */
  conversion: Rate;
  /** Viewing sessions whose submit was qualified. */
  qualified: Rate;
  /** Median `durationMs` of the sessions' submits: first view to submit. */
  medianTimeToCompleteMs: number | null;
  /** From the webhook, by `data.flow.id` and `data.variant`: distinct lead ids, by the latest tier. */
  leads: { received: number; byTier: Record<string, number> };
  isBaseline: boolean;
  /** For a named variant of a flow with two or more: its z-test against the baseline. */
  versusBaseline: VersusBaseline | null;
}

export interface FlowStats {
  flowId: string;
  /** The variant the others are compared with; null without an experiment of two or more variants. */
  baseline: string | null;
  /** The baseline first, then the other variants by name, the group without a variant last. */
  variants: VariantStats[];
}

export interface DashboardStats {
  totals: { events: number; sessions: number; leads: number };
  /** By flow id. */
  flows: FlowStats[];
}

/** Everything counted for one flow id + variant, as sets of session ids so nothing counts twice. */
interface Group {
  flowId: string;
  variant: string | null;
  versions: Set<number>;
  sessions: Record<FunnelEventType, Set<string>>;
  /** By step id: the smallest index it was seen at, the order it was first seen in. */
  steps: Map<string, { minIndex: number; order: number; sessions: Set<string> }>;
  /** By session: the duration of its first submit. */
  durations: Map<string, number>;
  qualified: Set<string>;
  /** By `data.id`: the latest envelope received. */
  leads: Map<string, StoredLead>;
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
 * variant, and each variant's conversion compared with the baseline's. Pure: no clock, no I/O.
 * Every count is of distinct sessions, so a reload (a second `view`), Back and Next (a second
 * `step_view`) or an event stored twice changes nothing.
 */
export function computeDashboardStats(events: readonly FunnelEvent[], leads: readonly StoredLead[]): DashboardStats {
  const groups = new Map<string, Group>();
  const groupOf = (flowId: string, variant: string | null): Group => {
    const key = JSON.stringify([flowId, variant]);
    let group = groups.get(key);
    if (!group) {
      group = { flowId, variant, versions: new Set(), sessions: emptySessions(), steps: new Map(), durations: new Map(), qualified: new Set(), leads: new Map() };
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
    const leadsById = groupOf(data.flow.id, typeof data.variant === 'string' ? data.variant : null).leads;
    const known = leadsById.get(data.id);
    if (!known || known.receivedAt <= lead.receivedAt) leadsById.set(data.id, lead);
  }

  const flowIds = [...new Set([...groups.values()].map((group) => group.flowId))].sort();
  return {
    totals: {
      events: events.length,
      sessions: new Set(events.map((event) => event.session)).size,
      leads: new Set(leads.flatMap((lead) => lead.envelope?.data?.id ?? [])).size,
    },
    flows: flowIds.map((flowId) => flowStats(flowId, [...groups.values()].filter((group) => group.flowId === flowId))),
  };
}

function addEvent(group: Group, event: FunnelEvent): void {
  group.versions.add(event.flow.version);
  group.sessions[event.type].add(event.session);
  if (event.type === 'step_view') {
    const step = group.steps.get(event.stepId) ?? { minIndex: event.index, order: group.steps.size, sessions: new Set<string>() };
    step.minIndex = Math.min(step.minIndex, event.index);
    step.sessions.add(event.session);
    group.steps.set(event.stepId, step);
  }
  if (event.type === 'submit') {
    if (event.durationMs !== undefined && !group.durations.has(event.session)) group.durations.set(event.session, event.durationMs);
    if (event.qualified === true) group.qualified.add(event.session);
  }
}

function flowStats(flowId: string, groups: Group[]): FlowStats {
  const named = groups.filter((group) => group.variant !== null).sort((a, b) => compareNames(a.variant!, b.variant!));
  const baseline = named.length >= 2 ? (named.find((group) => group.variant === BASELINE_VARIANT) ?? named[0]!) : undefined;
  const ordered = [...(baseline ? [baseline] : []), ...named.filter((group) => group !== baseline), ...groups.filter((group) => group.variant === null)];
  const baselineConversion = baseline ? conversionOf(baseline) : undefined;
  return {
    flowId,
    baseline: baseline?.variant ?? null,
    variants: ordered.map((group) => {
      const stats = variantStats(group, group === baseline);
      if (baselineConversion && group !== baseline && group.variant !== null)
        stats.versusBaseline = compare(baseline!.variant!, baselineConversion, stats.conversion);
      return stats;
    }),
  };
}

/** Code-point order: the same on every machine, unlike a locale's. */
const compareNames = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

function variantStats(group: Group, isBaseline: boolean): VariantStats {
  const { sessions } = group;
  const steps = [...group.steps.entries()].sort(([, a], [, b]) => a.minIndex - b.minIndex || a.order - b.order);
  const counts: Array<Omit<FunnelStage, 'dropOff'>> = [
    { kind: 'views', label: 'Views', sessions: sessions.view.size },
    { kind: 'starts', label: 'Starts', sessions: sessions.start.size },
    ...steps.map(([stepId, step]) => ({ kind: 'step' as const, label: stepId, sessions: step.sessions.size })),
    { kind: 'submits', label: 'Submits', sessions: sessions.submit.size },
  ];
  const funnel = counts.map((stage, i) => {
    const previous = counts[i - 1]?.sessions ?? 0;
    return { ...stage, dropOff: i > 0 && previous > 0 ? (previous - stage.sessions) / previous : null };
  });
  const tiers: Record<string, number> = {};
  for (const { envelope } of group.leads.values()) {
    const tier = String(envelope.data.score?.tier ?? 'unknown');
    tiers[tier] = (tiers[tier] ?? 0) + 1;
  }
  return {
    variant: group.variant,
    label: group.variant ?? NO_VARIANT_LABEL,
    versions: [...group.versions].sort((a, b) => a - b),
    funnel,
    abandoned: [...sessions.abandon].filter((session) => !sessions.submit.has(session)).length,
    conversion: conversionOf(group),
    qualified: rateOf(countIn(group.qualified, sessions.view), sessions.view.size),
    medianTimeToCompleteMs: median([...group.durations.values()]),
    leads: { received: group.leads.size, byTier: tiers },
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
