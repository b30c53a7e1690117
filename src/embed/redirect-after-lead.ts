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
      // The submitted lead, not a partial of it sent before; its errors name it (refused,
      // expired, routed nowhere: "lead <id> was refused…", where a partial's is "<id>.partial.2").
      const { leadId, event, message } = detail as { leadId?: string; event?: string; message?: string };
      const about = name === 'delivered' ? event === 'lead.submitted' && `${leadId} ` : name === 'error' && message;
      if (!waiting || !about || !about.includes(`${waiting.leadId} `)) return;
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
