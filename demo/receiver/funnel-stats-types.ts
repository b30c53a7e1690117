/**
 * The dashboard's numbers as `computeDashboardStats` (funnel-stats.ts) returns them and
 * `/dashboard?format=json` serves them. See demo/README.md ("Dashboard") for what each means.
 */
import type { Interval } from './funnel-stats-math.ts';

export type Verdict = 'significant at 95 %' | 'not significant yet' | 'not enough data';

export interface FunnelStage {
  kind: 'views' | 'starts' | 'step' | 'submits';
  /** `Views`, `Starts`, `Submits`, or the step's id. */
  label: string;
  /** Distinct sessions that reached the stage; for a step, also those that completed it without a recorded view. */
  sessions: number;
  /** Steps only: distinct sessions that completed the step (`step_complete`); null for the other stages. */
  completed: number | null;
  /**
   * The share of sessions lost at this stage, 0–1 (0.25 = 25 %): for Starts the viewers that
   * never started, for a step the sessions that reached it and did not complete it, for Submits
   * the starters that never submitted. Null for Views, and when there is nothing to divide by.
   */
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
  /** Set when the two ran under several flow versions: the one compared (the latest both have). */
  version?: number;
}

export interface LeadCounts {
  /** Distinct lead ids with a `lead.submitted`. */
  received: number;
  /** Distinct lead ids with a `lead.partial` but no `lead.submitted`: the visitor left after the contact step. */
  partialOnly: number;
  /** Received leads by the tier of their latest `lead.submitted`. */
  byTier: Record<string, number>;
}

export interface VariantStats {
  /** Null when the flow ran no experiment for these sessions. */
  variant: string | null;
  /** The variant, or `—` for none. */
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
  /** From the webhook, by `data.flow.id` and `data.variant`. */
  leads: LeadCounts;
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
  /** QA visits left out. `leads` counts lead ids with a `lead.submitted`, `partialOnly` those with only a `lead.partial`. */
  totals: { events: number; sessions: number; leads: number; partialOnly: number };
  /** What was left out as QA: sessions with a `qa: true` event, lead ids with `data.meta.qa === true`. */
  qaExcluded: { sessions: number; leads: number };
  /** Sessions left out as a suspected bot's: an `abandon` marked `bot: true`. */
  botsExcluded: number;
  /** By flow id. */
  flows: FlowStats[];
}
