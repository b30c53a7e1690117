/**
 * The DOM events a widget fires on its element (they bubble). Details carry ids and the
 * score, never answers or contact details: analytics tags listen to these.
 */
export interface LeadFlowEvents {
  ready: { flow: FlowRef; locale: string };
  step: { flow: FlowRef; step: string; index: number };
  submit: { flow: FlowRef; leadId: string };
  qualified: { flow: FlowRef; leadId: string; tier: string; total: number; route: string; qualified: boolean };
  /** A webhook took the lead (2xx); `event` is `lead.submitted` or `lead.partial`. */
  delivered: { leadId: string; event: string };
  error: { code: string; message: string };
}

export interface FlowRef {
  id: string;
  version: number;
}

export type Emit = <K extends keyof LeadFlowEvents>(name: K, detail: LeadFlowEvents[K]) => void;

export function emitterFor(element: EventTarget): Emit {
  return (name, detail) => {
    element.dispatchEvent(new CustomEvent(`leadflow:${name}`, { detail, bubbles: true }));
  };
}
