import type { LeadEnvelope } from '../../../src/delivery/index.ts';

/**
 * What one attempt runs into, between the page and the receiver:
 * - `http500`, `http429`: the receiver (or its gateway) answers that status;
 * - `http503-seconds` / `http503-date`: 503 with `Retry-After: 1` / an HTTP-date 2 s ahead;
 * - `reset`: the connection is reset before the request arrives (fetch rejects with a TypeError);
 * - `abort`: fetch rejects with an `AbortError` DOMException the page did not ask for (a proxy or
 *   extension cancelled it);
 * - `lost-response`: the receiver stores the lead, then the connection drops before the answer
 *   (the page cannot tell it arrived: the source of duplicates);
 * - `timeout`: nothing answers; the request hangs until the page aborts it.
 */
export type FetchFault = 'http500' | 'http503-seconds' | 'http503-date' | 'http429' | 'reset' | 'abort' | 'lost-response' | 'timeout';

/** One request as the network saw it. */
export interface Call {
  url: string;
  webhookId: string | null;
  body: string;
  keepalive: boolean;
  /** When it was made (Date.now). */
  at: number;
  /** What it ran into; `ok` reached the receiver and got its 2xx back. */
  outcome: FetchFault | 'ok';
}

/** A webhook receiver that stores each `webhook-id` once and counts every arrival. */
export function createReceiver() {
  /** Every request the receiver processed, duplicates included. */
  const arrivals: Array<{ webhookId: string; envelope: LeadEnvelope }> = [];
  /** What it kept: the first arrival of each `webhook-id`. */
  const stored = new Map<string, LeadEnvelope>();
  return {
    arrivals,
    stored,
    accept(webhookId: string, body: string) {
      const envelope = JSON.parse(body) as LeadEnvelope;
      arrivals.push({ webhookId, envelope });
      if (!stored.has(webhookId)) stored.set(webhookId, envelope);
    },
    /** Arrivals the de-duplication dropped. */
    duplicates: () => arrivals.length - stored.size,
  };
}
export type Receiver = ReturnType<typeof createReceiver>;

const connectionReset = () =>
  new TypeError('fetch failed', { cause: Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' }) });

/**
 * A fetch between the page and `receiver` that injects the faults `plan` names for each
 * `webhook-id`, one per attempt in order; attempts past the plan get through. Every call is
 * recorded in `calls`, and each injected fault counted in `injected`.
 */
export function createFaultyFetch(receiver: Receiver, plan: (webhookId: string) => readonly FetchFault[]) {
  const calls: Call[] = [];
  const injected = new Map<FetchFault, number>();
  const attemptsOf = new Map<string, number>();
  const inFlight = new Map<string, number>();
  /** The most attempts of one lead that were on the wire at once (1 when they never overlap). */
  const maxInFlight = new Map<string, number>();
  const fetch = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const webhookId = new Headers(init?.headers).get('webhook-id');
    const body = String(init?.body);
    const key = webhookId ?? (JSON.parse(body) as LeadEnvelope).data.id;
    const attempt = attemptsOf.get(key) ?? 0;
    attemptsOf.set(key, attempt + 1);
    const outcome = plan(key)[attempt] ?? 'ok';
    calls.push({ url: String(input), webhookId, body, keepalive: init?.keepalive === true, at: Date.now(), outcome });
    if (outcome !== 'ok') injected.set(outcome, (injected.get(outcome) ?? 0) + 1);
    inFlight.set(key, (inFlight.get(key) ?? 0) + 1);
    maxInFlight.set(key, Math.max(maxInFlight.get(key) ?? 0, inFlight.get(key)!));
    try {
      // A real network never answers in the same tick.
      await Promise.resolve();
      return await answer(outcome, key, body, init?.signal);
    } finally {
      inFlight.set(key, inFlight.get(key)! - 1);
    }
  };
  const answer = async (outcome: FetchFault | 'ok', key: string, body: string, signal: AbortSignal | null | undefined): Promise<Response> => {
    switch (outcome) {
      case 'ok':
        receiver.accept(key, body);
        return new Response(null, { status: 204 });
      case 'http500':
        return new Response('boom', { status: 500 });
      case 'http429':
        return new Response('slow down', { status: 429 });
      case 'http503-seconds':
        return new Response(null, { status: 503, headers: { 'retry-after': '1' } });
      case 'http503-date':
        return new Response(null, { status: 503, headers: { 'retry-after': new Date(Date.now() + 2000).toUTCString() } });
      case 'reset':
        throw connectionReset();
      case 'abort':
        throw new DOMException('The operation was aborted.', 'AbortError');
      case 'lost-response':
        receiver.accept(key, body);
        throw connectionReset();
      case 'timeout':
        return new Promise<Response>((_, reject) => {
          if (!signal) return; // hangs for good: the outbox always passes a signal, see the test
          signal.addEventListener('abort', () => reject(signal.reason), { once: true });
        });
    }
  };
  return { fetch: fetch as typeof globalThis.fetch, calls, injected, maxInFlight };
}
