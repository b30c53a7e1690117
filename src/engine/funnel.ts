import type { FlowState } from './navigation.ts';
import { currentStep, pathAnswers } from './navigation.ts';
import type { Flow } from './schema/flow.ts';
import { scoreLead } from './scoring/score-lead.ts';

export type FunnelEventType = 'view' | 'start' | 'step_view' | 'step_complete' | 'abandon' | 'submit';

/**
 * One step of a visitor through the funnel, as analytics receive it. Ids, positions, times
 * and the outcome only: never an answer, a contact detail or the lead id, so analytics can
 * never be joined back to a person.
 */
export interface FunnelEvent {
  type: FunnelEventType;
  flow: { id: string; version: number };
  /** The A/B variant the visitor was assigned, or null when the flow runs no experiment. */
  variant: string | null;
  /**
   * A random id of this visit: one run through the flow in one widget, kept across reloads,
   * a new one after the end. Distinct visits are what a funnel counts.
   */
  session: string;
  /** The step shown, completed or left; for `submit` the ending. */
  stepId: string;
  /** The step's 0-based position on the visitor's path. */
  index: number;
  /** ISO 8601 time of the event. */
  at: string;
  /** `step_complete`: time on the step; `submit`: time from the first view to the end (ms). */
  durationMs?: number;
  /** `abandon`: the page was hidden or closed, or the visitor closed the popup. */
  reason?: 'hidden' | 'closed';
  /** The variant was forced with `?leadflow_variant=` (QA): not a real visitor's choice. */
  qa?: true;
  /**
   * `abandon` only: the visit ended in a lead that looked like a bot's (the honeypot filled,
   * or filled faster than a person can): a receiver should leave the whole visit out.
   */
  bot?: true;
  /** `submit` only. */
  tier?: string;
  route?: string;
  qualified?: boolean;
}

export interface FunnelContext {
  flow: Flow;
  variant: string | null;
  session: string;
  /** When a visit restored after a reload was first viewed (ms); else the first `observe`. */
  since?: number;
  /** A visit restored after a reload that had sent `start` already. */
  started?: boolean;
  qa?: boolean;
}

/** What the tracker remembers between observations. */
interface Seen {
  viewed: boolean;
  started: boolean;
  done: boolean;
  /** Left (page hidden, popup closed) since the step was shown: one `abandon` per stay. */
  left: boolean;
  answers?: FlowState['answers'];
  step?: { id: string; index: number; at: number };
}

export interface FunnelTracker {
  /**
   * Call with every state the visitor sees (`now` in ms); returns the events that state causes.
   * `untouched`: its answers are still the starting point (a default the form set itself, such
   * as a slider's middle value), so they start nothing.
   */
  observe(state: FlowState, now: number, untouched?: boolean): FunnelEvent[];
  /** The visitor left before the end: hid or closed the page, or closed the popup. */
  leave(reason: 'hidden' | 'closed', now: number): FunnelEvent[];
}

/**
 * Turns the states of one visit into funnel events: `view` once shown, `start` at the first
 * answer (or the first step passed without one), `step_view` for each step shown (again after
 * Back), `step_complete` with the time spent when the visitor moves on, `submit` with the
 * outcome at the end, `abandon` when they leave before it. No DOM and no clock of its own:
 * the caller passes the time, so a test replays a visit exactly.
 */
export function createFunnelTracker(context: FunnelContext): FunnelTracker {
  const { flow, variant, session } = context;
  let since = context.since;
  const seen: Seen = { viewed: false, started: !!context.started, done: false, left: false };
  const event = (type: FunnelEventType, step: { id: string; index: number }, now: number, extra: Partial<FunnelEvent> = {}): FunnelEvent => ({
    type,
    flow: { id: flow.id, version: flow.version },
    variant,
    session,
    stepId: step.id,
    index: step.index,
    at: new Date(now).toISOString(),
    ...(context.qa && { qa: true }),
    ...extra,
  });

  return {
    observe(state, now, untouched = false) {
      if (seen.done) return [];
      const events: FunnelEvent[] = [];
      const current = currentStep(flow, state);
      const step = { id: current.id, index: state.history.length - 1 };
      if (!seen.viewed) {
        seen.viewed = true;
        seen.answers = state.answers;
        since ??= now;
        events.push(event('view', step, now));
      }
      const moved = seen.step && (seen.step.id !== step.id || seen.step.index !== step.index);
      const forward = moved && step.index > seen.step!.index;
      // Prefilled answers (and the form's own defaults) are the starting point; the visitor's own
      // first answer (or Next) starts.
      if (untouched) seen.answers = state.answers;
      if (!seen.started && (state.answers !== seen.answers || forward)) {
        seen.started = true;
        events.push(event('start', seen.step ?? step, now));
      }
      // Never negative, as for `submit`: a clock set back while on the step would make it so.
      if (forward) events.push(event('step_complete', seen.step!, now, { durationMs: Math.max(0, now - seen.step!.at) }));
      if (seen.step && !moved) return events;
      seen.step = { ...step, at: now };
      seen.left = false;
      if (current.type !== 'end') events.push(event('step_view', step, now));
      else {
        seen.done = true;
        const { tier, route, qualified } = scoreLead(flow, pathAnswers(flow, state), state);
        events.push(event('submit', step, now, { durationMs: Math.max(0, now - since!), tier, route, qualified }));
      }
      return events;
    },
    leave(reason, now) {
      if (!seen.step || seen.done || seen.left) return [];
      seen.left = true;
      return [event('abandon', seen.step, now, { reason })];
    },
  };
}
