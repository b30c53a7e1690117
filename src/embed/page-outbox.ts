import {
  createAnalyticsQueue,
  createLeadId,
  createOutbox,
  messageId,
  storageLease,
  webLocks,
  webStorage,
  type LeadEnvelope,
  type Outbox,
  type OutboxEvent,
  type OutboxStorage,
  type AnalyticsQueue,
  type RetryPolicy,
} from '../delivery/index.ts';
import type { FunnelEvent } from '../engine/index.ts';
import { emitterFor, type Emit } from './events.ts';
import { resolvedUrl } from '../shared/url-scheme.ts';

/** The page's outbox, with the widget that sent each lead, so its events fire on that widget. */
export interface PageOutbox {
  /** Stores the lead for each URL and sends it; `emit` is the sending widget's. */
  send(envelope: LeadEnvelope, urls: readonly string[], mode: 'cors' | 'simple', emit: Emit): void;
  readonly outbox: Outbox;
  /**
   * The visitor's lasting choices (an A/B assignment), in localStorage under `leadflow:`,
   * with the outbox's fallback to memory where storage is blocked.
   */
  readonly settings: OutboxStorage;
  /** Queues a funnel event for an analytics endpoint (batched, never blocking). */
  track(url: string, event: FunnelEvent): void;
  /** Runs `callback` when the page is hidden or closed, before anything is sent: a last event. */
  onLeave(callback: () => void): () => void;
  /** Stops listening and retrying; stored leads stay for the next page load. */
  dispose(): void;
  /**
   * The widget that owned it is gone (unmounted by a single-page app): it stops listening to the
   * page, but goes on retrying what it holds until that is delivered (or refused, or expired).
   */
  retire(): void;
}

export interface PageOutboxOptions {
  fetch?: typeof fetch;
  /**
   * With `fetch`: whose leads these are (the widget's webhook, or its flow's id). Leads a
   * widget's own fetch must send are kept under `leadflow:outbox:own:<owner>:`.
   */
  owner?: string;
  retry?: RetryPolicy;
  /** @default localStorage, or memory where it is blocked */
  storage?: OutboxStorage;
}

const SHARED = Symbol.for('leadflow.outbox');
/** Per store, the outbox of the page that sends its leads when the page is left. */
const LEAVERS = Symbol.for('leadflow.leavers');
/** Per store, the leads its outboxes on this page have on their way (see OutboxOptions.requesting). */
const REQUESTING = Symbol.for('leadflow.requesting');

/** `url` resolved against `base`, or as written where it is no URL (its request fails and says so). */
const absolute = (url: string, base: string) => {
  // Nothing after a # is ever sent; in an inline flow on WordPress it is the rest of the query
  // (`&` written as `&#038;`), and the lead would arrive without it or be refused.
  if (url.includes('#')) console.warn(`LeadFlow: nothing after the # of webhook ${url} is sent (&#038;: write &)`);
  return resolvedUrl(url, base);
};

/**
 * The page's one outbox for widgets that send with the browser's fetch, whichever copy of
 * LeadFlow mounts them (the script tag's, an app's ES module): two outboxes over the same
 * stored leads would each send them when the page is left, twice.
 */
export const sharedPageOutbox = (win: Window & { [SHARED]?: PageOutbox }): PageOutbox => (win[SHARED] ??= createPageOutbox(win));

/**
 * One outbox for the page: localStorage (memory where it is blocked), Web Locks (a storage
 * lease where they are missing), a flush when the page is hidden or closed and when the
 * browser is back online, and right after start-up for leads an earlier page load left behind.
 */
export function createPageOutbox(win: Window, options: PageOutboxOptions = {}): PageOutbox {
  const owners = new Map<string, Emit>();
  const fallback = emitterFor(win.document);
  const report = (emit: Emit, code: string, message: string, lead?: { leadId: string; event: string }) => {
    console.error(`LeadFlow: ${message}`);
    emit('error', { code, message, ...lead });
  };
  const onEvent = (event: OutboxEvent) => {
    if (event.type === 'error') return report(fallback, 'delivery_failed', String(event.error));
    const { envelope, url, attempts } = event.entry;
    const id = messageId(envelope);
    const emit = owners.get(id) ?? fallback;
    const lead = { leadId: envelope.data.id, event: envelope.type };
    if (event.type === 'delivered') emit('delivered', lead);
    else if (event.type === 'failed')
      report(emit, 'delivery_failed', `lead ${id} was refused by ${url} after ${attempts + 1} attempt(s): ${event.error.message}`, lead);
    else if (event.type === 'expired') report(emit, 'lead_expired', `lead ${id} could not be delivered to ${url} in time and was dropped`, lead);
  };
  // A widget's own fetch (a key, a proxy) is the only way its leads reach their receiver: they
  // are kept apart, so neither the page's outbox (the browser's fetch) nor another widget's
  // fetch takes them. The same widget (same webhook, or same flow) resumes them next time.
  const prefix = options.fetch ? `leadflow:outbox:own:${options.owner}:` : undefined;
  const storage = options.storage ?? webStorage(() => win.localStorage, undefined, prefix);
  // Several outboxes of a page over one store (the page's, and one per widget with its own
  // retry timing, or two with the same own fetch): leaving sends without a lock, so only the
  // first of them does it; the others' leads are the same stored leads.
  const leavers: Map<unknown, object> = ((win as Window & { [LEAVERS]?: Map<unknown, object> })[LEAVERS] ??= new Map());
  const store = options.storage ?? prefix ?? '';
  const me = {};
  const leaving = () => (leavers.get(store) ?? (leavers.set(store, me), me)) === me;
  const letOthersLeave = () => leavers.get(store) === me && leavers.delete(store);
  const requests: Map<unknown, Set<string>> = ((win as Window & { [REQUESTING]?: Map<unknown, Set<string>> })[REQUESTING] ??= new Map());
  const requesting = requests.get(store) ?? requests.set(store, new Set()).get(store)!;
  const { navigator } = win;
  // Firefox before 133 has no keepalive; a text/plain beacon is the one request that outlives the page there.
  const keepalive = 'keepalive' in Request.prototype;
  const beacon = (url: string, body: string) => {
    try {
      return navigator.sendBeacon?.(url, new Blob([body], { type: 'text/plain' })) ?? false;
    } catch {
      // A URL the browser refuses throws; the page's other sends on leaving must still run.
      return false;
    }
  };
  const outbox = createOutbox({
    storage,
    lock: navigator.locks ? webLocks(navigator.locks, storageLease(storage, createLeadId())) : storageLease(storage, createLeadId()),
    isOnline: () => navigator.onLine !== false,
    keepalive,
    beacon,
    onEvent,
    requesting,
    ...(options.fetch && { fetch: options.fetch }),
    ...(options.retry && { retry: options.retry }),
  });
  const analytics = new Map<string, AnalyticsQueue>();
  const leaveHooks = new Set<() => void>();
  const leave = () => {
    // Widgets record where the visitor left first, so those events go out with the rest; one
    // that throws (a page's event listener) must not keep the leads from going out.
    leaveHooks.forEach((hook) => {
      try {
        hook();
      } catch (error) {
        console.error('LeadFlow: recording the visitor leaving failed', error);
      }
    });
    if (leaving()) outbox.leave();
    analytics.forEach((queue) => queue.leave());
  };
  const hidden = () => win.document.visibilityState === 'hidden' && leave();
  const online = () => {
    void outbox.flush();
    analytics.forEach((queue) => queue.online());
  };
  // Another tab stored (or delivered) a lead: this one plans its try too, so a lead whose tab
  // was closed while it waited out a backoff goes out from a tab still open.
  const stored = (event: StorageEvent) => void ((event.key ?? 'leadflow:outbox:').startsWith('leadflow:outbox:') && outbox.flush());
  win.addEventListener('pagehide', leave);
  win.document.addEventListener('visibilitychange', hidden);
  win.addEventListener('online', online);
  win.addEventListener('storage', stored);
  // Leads an earlier page load left behind are resumed in a task of their own: reading the
  // store took 1.8 ms of the first step (performance marks), and the form comes first.
  win.setTimeout(() => void outbox.flush(), 0);
  const stopListening = () => {
    letOthersLeave();
    win.removeEventListener('pagehide', leave);
    win.document.removeEventListener('visibilitychange', hidden);
    win.removeEventListener('online', online);
    win.removeEventListener('storage', stored);
    analytics.forEach((queue) => queue.dispose());
  };
  return {
    outbox,
    settings: webStorage(() => win.localStorage, undefined, 'leadflow:'),
    dispose() {
      stopListening();
      outbox.dispose();
    },
    retire() {
      // Only its retry timer runs on, for what it already holds; it ends by itself once nothing
      // is left (whoever delivered it). No part in leaving the page: the next outbox of the page,
      // or the next page load, sends what is still stored then; two would send it twice.
      stopListening();
    },
    track(url, event) {
      let queue = analytics.get(url);
      if (!queue)
        analytics.set(
          url,
          (queue = createAnalyticsQueue({
            url,
            newId: createLeadId,
            isOnline: () => navigator.onLine !== false,
            keepalive,
            beacon,
            ...(options.fetch && { fetch: options.fetch }),
            ...(options.retry && { retry: options.retry }),
            // Analytics are the marketer's, not the visitor's: a quiet note, no error event.
            onGiveUp: (error) => console.warn(`LeadFlow: funnel events for ${url} were dropped (${String(error)})`),
          })),
        );
      queue.add(event);
    },
    onLeave(callback) {
      leaveHooks.add(callback);
      return () => leaveHooks.delete(callback);
    },
    send(envelope, urls, mode, emit) {
      owners.set(messageId(envelope), emit);
      // Stored as absolute URLs: a lead resumed on a page in another folder goes where it was sent.
      for (const url of urls) outbox.add(envelope, absolute(url, win.document.baseURI), mode);
    },
  };
}
