import type { Emit } from './events.ts';

/**
 * How long an ending's `redirect` waits for its lead: what is not delivered by then goes as the
 * page is left (keepalive) or from the next page load with LeadFlow, as for a closed tab.
 */
export const REDIRECT_WAIT_MS = 3000;

export interface Redirects {
  /** The widget's emit, which also hears when a lead awaited here is delivered or refused. */
  emit: Emit;
  /** Sends the page to `url` once lead `leadId` is delivered or refused, or after REDIRECT_WAIT_MS. */
  after(leadId: string, url: string): void;
  /** An unmounted widget sends the page nowhere. */
  stop(): void;
}

/** An ending's `redirect`: the page goes on (a thank-you page, a calendar) once the lead is safe. */
export function createRedirects(emit: Emit, win: Window): Redirects {
  let waiting: { leadId: string; go: () => void } | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  return {
    emit(name, detail) {
      emit(name, detail);
      // The submitted lead, not a partial of it sent before; its errors name it (refused,
      // expired, routed nowhere: "lead <id> was refused…", where a partial's is "<id>.partial.2"):
      // nothing more to wait for.
      const { leadId, event, message } = detail as { leadId?: string; event?: string; message?: string };
      const about = name === 'delivered' ? event === 'lead.submitted' && `${leadId} ` : name === 'error' && message;
      if (waiting && about && about.includes(`${waiting.leadId} `)) waiting.go();
    },
    after(leadId, url) {
      const go = () => {
        this.stop();
        win.location.assign(url);
      };
      waiting = { leadId, go };
      timer = setTimeout(go, REDIRECT_WAIT_MS);
    },
    stop() {
      waiting = undefined;
      clearTimeout(timer);
    },
  };
}
