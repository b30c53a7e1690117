import type { Emit } from './events.ts';

/**
 * How long an ending's `redirect` waits for its lead: what is not delivered by then goes as the
 * page is left (keepalive) or from the next page load with LeadFlow, as for a closed tab.
 */
export const REDIRECT_WAIT_MS = 3000;

export interface Redirects {
  /** The widget's emit, which also hears when a lead awaited here is delivered or refused. */
  emit: Emit;
  /**
   * Sends the page to `url` once lead `leadId` is delivered or refused at every webhook it goes
   * to (`sent` says how many), or after REDIRECT_WAIT_MS.
   */
  after(leadId: string, url: string): void;
  /** The lead awaited went to this many webhooks (none: a bot's lead, dropped). */
  sent(count: number): void;
  /** An unmounted widget sends the page nowhere. */
  stop(): void;
}

/** An ending's `redirect`: the page goes on (a thank-you page, a calendar) once the lead is safe. */
export function createRedirects(emit: Emit, win: Window): Redirects {
  let waiting: { leadId: string; url: string; heard: number; of: number } | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const go = () => {
    const to = waiting?.url;
    redirects.stop();
    if (to !== undefined) win.location.assign(to);
  };
  const settled = () => waiting && waiting.heard >= waiting.of && go();
  const redirects: Redirects = {
    emit(name, detail) {
      emit(name, detail);
      // The submitted lead delivered or refused (or expired), not a partial of it sent before.
      const { leadId, event } = detail as { leadId?: string; event?: string };
      if (!waiting || (name !== 'delivered' && name !== 'error') || event !== 'lead.submitted' || leadId !== waiting.leadId) return;
      waiting.heard++;
      settled();
    },
    after(leadId, url) {
      redirects.stop();
      waiting = { leadId, url, heard: 0, of: Infinity };
      timer = setTimeout(go, REDIRECT_WAIT_MS);
    },
    sent(count) {
      if (waiting) waiting.of = count;
      settled();
    },
    stop() {
      waiting = undefined;
      clearTimeout(timer);
    },
  };
  return redirects;
}
