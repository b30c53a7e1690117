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
      // Its errors name the lead (refused, expired, routed nowhere): nothing more to wait for.
      const about = name === 'delivered' ? (detail as { leadId: string }).leadId : name === 'error' ? (detail as { message: string }).message : '';
      if (waiting && about.includes(waiting.leadId)) waiting.go();
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
