import type { FunnelEvent } from '../engine/funnel.ts';
import { isRetryable, retryDelay, DEFAULT_RETRY, type RetryPolicy } from './retry-timing.ts';
import { postBody, SIMPLE_HEADERS } from './send-webhook.ts';
import { toJson } from '../shared/to-json.ts';

/** What an analytics endpoint receives: a batch with an id that stays the same on every retry. */
export interface AnalyticsBatch {
  type: 'analytics.batch';
  id: string;
  sentAt: string;
  events: FunnelEvent[];
}

export interface AnalyticsQueueOptions {
  url: string;
  newId: () => string;
  fetch?: typeof fetch;
  /** Tries per batch while the page is open. @default DEFAULT_RETRY */
  retry?: RetryPolicy;
  random?: () => number;
  now?: () => number;
  /** Events per request. @default 20 */
  batchSize?: number;
  /** How long an event waits for company before it is sent (ms). @default 2000 */
  delayMs?: number;
  /** Whether `fetch(…, { keepalive: true })` works here. @default true */
  keepalive?: boolean;
  beacon?: (url: string, body: string) => boolean;
  /** Told once per batch given up on; the form never hears of it. */
  onGiveUp?: (error: unknown) => void;
  /** False while the browser is offline: a failed try then does not count. @default always online */
  isOnline?: () => boolean;
}

export interface AnalyticsQueue {
  add(event: FunnelEvent): void;
  /** The page is being hidden or closed: send everything now with keepalive, backoff or not. */
  leave(): void;
  /** Sends what is waiting once more, then stops. */
  dispose(): void;
  /** The browser is back online: the batches that waited for it go now. */
  online(): void;
}

/** Events waiting for a batch, for a batch size above it: older ones go first, so memory stays bounded. */
const MAX_PENDING = 500;

/**
 * Funnel events on their way to an analytics endpoint: batched (a step or two per request,
 * not one request per click), posted as text/plain (no preflight, beacon-compatible), retried
 * with backoff while the page is open and sent with keepalive when it closes, like leads, but
 * kept in memory only. Nothing here can throw into the form or make it wait.
 */
export function createAnalyticsQueue(options: AnalyticsQueueOptions): AnalyticsQueue {
  const { url, newId, retry = DEFAULT_RETRY, random = Math.random, now = Date.now, batchSize = 20, delayMs = 2000 } = options;
  let pending: FunnelEvent[] = [];
  let timer: ReturnType<typeof setTimeout> | undefined;
  /**
   * Batches out without keepalive, with their try's number: a closing page may cancel them, so
   * leave() sends them again (same id: the receiver keeps one).
   */
  const inflight = new Map<AnalyticsBatch, number>();
  /** Batches waiting for their next try, with the try's number and its timer. */
  const waiting = new Map<AnalyticsBatch, { attempt: number; timer: ReturnType<typeof setTimeout> }>();
  /**
   * Batches that failed while the browser was offline (a train, a lift), with their try's
   * number: they wait for `online()` without spending tries, as leads do; the oldest give way.
   */
  let offline: Array<[AnalyticsBatch, number]> = [];
  let stopped = false;

  const batches = (): AnalyticsBatch[] => {
    const out: AnalyticsBatch[] = [];
    while (pending.length) out.push({ type: 'analytics.batch', id: newId(), sentAt: new Date(now()).toISOString(), events: pending.splice(0, batchSize) });
    return out;
  };

  /**
   * One try. Keepalive only when the page is being left: keepalive requests share a 64 KiB
   * budget per page, and a slow analytics endpoint must never crowd out a lead's.
   */
  async function send(batch: AnalyticsBatch, attempt: number, leaving = false): Promise<void> {
    if (!leaving) inflight.set(batch, attempt);
    try {
      await postBody(toJson(batch), SIMPLE_HEADERS, { url, now, keepalive: leaving, ...(options.fetch && { fetch: options.fetch }) });
    } catch (error) {
      // Sent again with keepalive by leave() meanwhile: that request decides what happens.
      if (!leaving && !inflight.has(batch)) return;
      if (!stopped && options.isOnline?.() === false) {
        offline.push([batch, attempt]);
        // At most MAX_PENDING events wait, as for a batch: the oldest batches give way, said.
        let events = 0;
        for (let i = offline.length - 1; i >= 0; i--)
          if ((events += offline[i]![0].events.length) > MAX_PENDING) {
            offline.splice(0, i + 1).forEach(() => options.onGiveUp?.(error));
            break;
          }
        return;
      }
      if (stopped || !isRetryable(error) || attempt + 1 >= retry.attempts) return options.onGiveUp?.(error);
      // Also after a hidden page's send: a tab switched away from is still alive.
      const timer = setTimeout(() => {
        waiting.delete(batch);
        void send(batch, attempt + 1);
      }, retryDelay(error, attempt, retry, random));
      waiting.set(batch, { attempt: attempt + 1, timer });
    } finally {
      if (!leaving) inflight.delete(batch);
    }
  }

  /** The batches waiting for a retry, with their try numbers; their timers stopped. */
  function takeWaiting(): Array<[AnalyticsBatch, number]> {
    const due = [...waiting].map(([batch, { attempt, timer }]) => (clearTimeout(timer), [batch, attempt] as [AnalyticsBatch, number]));
    waiting.clear();
    return due;
  }

  function leave(): void {
    clearTimeout(timer);
    timer = undefined;
    const due = [...offline.splice(0), ...takeWaiting(), ...inflight, ...batches().map((batch) => [batch, 0] as [AnalyticsBatch, number])];
    inflight.clear();
    for (const [batch, attempt] of due) {
      // No keepalive (Firefox before 133): a beacon outlives the page; its answer is never known.
      if (options.keepalive === false) beacon(batch);
      // Now, without waiting for a backoff: the page may be gone before it ends.
      else void send(batch, attempt, true);
    }
  }

  /** `sendBeacon` throws for a URL it refuses; that must not stop the page's other flushes. */
  function beacon(batch: AnalyticsBatch): void {
    try {
      if (!options.beacon?.(url, toJson(batch))) options.onGiveUp?.(new Error('the browser refused the beacon'));
    } catch (error) {
      options.onGiveUp?.(error);
    }
  }

  function flush(): void {
    clearTimeout(timer);
    timer = undefined;
    for (const batch of batches()) void send(batch, 0);
  }

  return {
    add(event) {
      if (stopped) return;
      pending.push(event);
      if (pending.length > MAX_PENDING) pending = pending.slice(-MAX_PENDING);
      if (pending.length >= batchSize) flush();
      else timer ??= setTimeout(flush, delayMs);
    },
    leave,
    online() {
      for (const [batch, attempt] of offline.splice(0)) void send(batch, attempt);
    },
    dispose() {
      // Like a page that goes away: one last try for everything, then quiet.
      leave();
      stopped = true;
    },
  };
}
