import type { FunnelEvent } from '../engine/index.ts';

/**
 * The DOM events a widget fires on its element: bubbling and composed, so a listener on the
 * document hears every widget, also one inside another shadow root. Details carry ids and the
 * score, never answers or contact details: analytics tags listen to these.
 */
export interface LeadFlowEvents {
  ready: { flow: FlowRef; locale: string; variant: string | null; qa?: true };
  /** `total` is the number of steps on the likely path, as the progress bar shows it. */
  step: { flow: FlowRef; stepId: string; index: number; total: number };
  submit: { flow: FlowRef; variant: string | null; leadId: string; tier: string; route: string; qa?: true; bot?: true };
  /** Every submitted lead's score: `qualified` says whether it qualified. */
  qualified: { flow: FlowRef; leadId: string; tier: string; total: number; route: string; qualified: boolean; qa?: true; bot?: true };
  /** A webhook took the lead (2xx); `event` is `lead.submitted` or `lead.partial`. */
  delivered: { leadId: string; event: string };
  /** A popup, slider or bubble panel was closed by the visitor or `close()`. */
  close: { flow: FlowRef | null };
  /**
   * `leadId` and `event` (`lead.submitted` or `lead.partial`) on the errors about one lead:
   * `delivery_failed` (a webhook refused it), `lead_expired`, `not_routed`.
   */
  error: { code: string; message: string; leadId?: string; event?: string };
  /** Funnel events (see `FunnelEvent`): the widget was seen, got its first answer, showed or
   * completed a step, or was left before the end. Also posted to the `analytics` endpoint. */
  view: FunnelEvent;
  start: FunnelEvent;
  step_view: FunnelEvent;
  step_complete: FunnelEvent;
  abandon: FunnelEvent;
}

export interface FlowRef {
  id: string;
  version: number;
}

export type EventName = keyof LeadFlowEvents;

/** `leadflow:<name>` and its event, so `addEventListener('leadflow:submit', …)` knows its `detail`. */
export type LeadFlowEventMap = { [K in EventName as `leadflow:${K}`]: CustomEvent<LeadFlowEvents[K]> };

// The events bubble and are composed: an element, the document and the window all hear them.
declare global {
  interface HTMLElementEventMap extends LeadFlowEventMap {}
  interface DocumentEventMap extends LeadFlowEventMap {}
  interface WindowEventMap extends LeadFlowEventMap {}
}

/** `step_view` → `StepView`: the callback of a snake_case event is `onStepView`. */
type Pascal<S extends string> = S extends `${infer A}_${infer B}` ? `${Capitalize<A>}${Pascal<B>}` : Capitalize<S>;
export type Emit = <K extends EventName>(name: K, detail: LeadFlowEvents[K]) => void;

/** The `on…` callbacks of the options, by event: `onStep` for `step`. */
export type EventCallbacks = { [K in EventName as `on${Pascal<K>}`]?: (detail: LeadFlowEvents[K]) => void };

const callbackName = (name: string) => `on${name.replace(/(?:^|_)(\w)/g, (_, c: string) => c.toUpperCase())}` as keyof EventCallbacks;

/** Runs the page's own code (a callback, GTM's push): its failure must not stop the widget. */
function pageCode(run: () => unknown): void {
  try {
    run();
  } catch (error) {
    console.error('LeadFlow: the page’s on… callback or dataLayer.push threw', error);
  }
}

/**
 * Fires `leadflow:<name>` on `target`, calls the matching option callback, and with
 * `dataLayer` pushes `{ event: "leadflow_<name>", leadflow: detail }` to a page's GTM dataLayer.
 */
export function emitterFor(target: EventTarget, callbacks: EventCallbacks & { dataLayer?: boolean } = {}): Emit {
  return (name, detail) => {
    const event = () => new CustomEvent(`leadflow:${name}`, { detail, bubbles: true, composed: true });
    target.dispatchEvent(event());
    // A widget the page removed still reports its lead's delivery: on the document too, where
    // the page listens for every widget (from a detached element nothing bubbles there).
    const node = target as Partial<Node>;
    if (node.isConnected === false) node.ownerDocument?.dispatchEvent(event());
    const callback = callbacks[callbackName(name)] as ((d: unknown) => void) | undefined;
    // Made when the page has none yet, as GTM's own snippet does: GTM loaded later (a footer
    // slot, or only after cookie consent) takes what waits in it, a conversion included.
    const layer = callbacks.dataLayer && ((globalThis as { dataLayer?: unknown }).dataLayer ??= []);
    pageCode(() => callback?.(detail));
    // GTM replaces push with its own: whatever it does, it must not stop the widget either.
    if (Array.isArray(layer)) pageCode(() => layer.push({ event: `leadflow_${name}`, leadflow: detail }));
  };
}
