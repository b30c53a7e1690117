import { effect, type ReadonlySignal } from '@preact/signals';
import { createFunnelTracker, type Flow, type FlowState, type FunnelEvent } from '../engine/index.ts';
import type { Emit, FlowRef } from './events.ts';
import type { PageOutbox } from './page-outbox.ts';

/** How the visit is counted: the variant shown, whether it was forced for QA, and whether the widget can be seen yet (an unopened popup cannot). */
export interface Exposure {
  variant: string | null;
  /** A variant pointing to another flow file: that file's id and version. */
  variantFlow?: FlowRef;
  qa: boolean;
  visible: ReadonlySignal<boolean>;
}

/** What the funnel needs to survive a reload, kept with the widget's progress. */
export interface FunnelMemory {
  /** The visit's id, sent as `session`. */
  visit: string;
  firstViewAt?: number;
  started?: boolean;
}

export interface FunnelReporter {
  /** Follows the visitor's states from now on (`pristine`: the visitor has done nothing yet); returns the stop. */
  watch(state: ReadonlySignal<FlowState>, pristine?: () => boolean): () => void;
  /** The visitor left before the end: page hidden or closed, popup closed. */
  leave(reason: 'hidden' | 'closed'): void;
  /**
   * The visitor reached `state`, an ending, and the lead was handed over. A suspected bot's
   * (`bot`, its lead dropped or marked) ends in an `abandon` marked `bot`, not a `submit`: no
   * receiver counts it as a conversion, and one that knows `bot` leaves the visit out.
   */
  submitted(bot: boolean, state: FlowState): void;
  /** The widget is being removed: a started visit was left there; nothing is sent afterwards. */
  close(): void;
  /** A new visit from here on (`memory.visit` renewed: a copied tab is another run): counted afresh. */
  restart(): void;
}

/**
 * The engine's funnel events of one visit, out to the page (`leadflow:<type>` events, on…
 * callbacks, dataLayer) and to the analytics endpoint. `remember` is told when `memory`
 * changed, so the widget saves it with its progress.
 */
export function createFunnelReporter(
  flow: Flow,
  exposure: Exposure,
  memory: FunnelMemory,
  out: { emit: Emit; outbox: PageOutbox; analytics: string | undefined },
  remember: () => void,
): FunnelReporter {
  const trackerOf = () =>
    createFunnelTracker({
      flow,
      variant: exposure.variant,
      session: memory.visit,
      qa: exposure.qa,
      ...(memory.firstViewAt !== undefined && { since: memory.firstViewAt }),
      ...(memory.started && { started: true }),
    });
  let tracker = trackerOf();
  let watched: ReadonlySignal<FlowState> | undefined;
  let submit: FunnelEvent | undefined;
  let closed = false;
  const send = (event: FunnelEvent) => {
    if (closed) return;
    // The page gets its own copy: a listener that changes it cannot change what analytics receive.
    if (event.type !== 'submit') out.emit(event.type, { ...event, flow: { ...event.flow } });
    if (out.analytics) out.outbox.track(out.analytics, event);
  };
  const record = (events: FunnelEvent[]) => {
    const { firstViewAt, started } = memory;
    for (const event of events) {
      if (event.type === 'view') memory.firstViewAt ??= Date.parse(event.at);
      if (event.type === 'start') memory.started = true;
      // `leadflow:submit` fires with the lead id when the lead is handed over (submitLead).
      if (event.type === 'submit') submit = event;
      else send(event);
    }
    if (memory.firstViewAt !== firstViewAt || memory.started !== started) remember();
  };
  return {
    watch: (state, pristine) =>
      effect(() => {
        watched = state;
        const current = state.value;
        if (exposure.visible.value) record(tracker.observe(current, Date.now(), pristine?.()));
      }),
    leave: (reason) => record(tracker.leave(reason, Date.now())),
    submitted(bot, state) {
      // Reached while the popup was closed (an auto-advance firing after the visitor closed
      // it): the visit still ended here.
      if (!submit) record(tracker.observe(state, Date.now()));
      if (submit) {
        const { tier, route, qualified, durationMs, ...visit } = submit;
        send(bot ? { ...visit, type: 'abandon', bot: true } : submit);
      }
      submit = undefined;
    },
    close() {
      if (memory.started) record(tracker.leave('closed', Date.now()));
      closed = true;
    },
    restart() {
      delete memory.firstViewAt;
      delete memory.started;
      tracker = trackerOf();
      submit = undefined;
      // Seen already: the new visit's view (and start, with answers copied) is now.
      if (watched && exposure.visible.peek()) record(tracker.observe(watched.peek(), Date.now()));
      remember();
    },
  };
}
