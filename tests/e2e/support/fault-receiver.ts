import { createServer, type IncomingHttpHeaders, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { corsHeaders, readBody } from './webhook-receiver.ts';

/**
 * What the receiver does with one POST instead of answering 200:
 * - `status`: answers that status (with `Retry-After` when given), CORS headers included;
 * - `reset`: reads the request, then resets the connection (no response at all);
 * - `delay`: answers 200, but only after `ms`.
 */
export type Fault =
  | { kind: 'status'; status: number; retryAfter?: string }
  | { kind: 'reset' }
  | { kind: 'delay'; ms: number };

/** A short name per fault for the figures: `500`, `503`, `429`, `reset`, `delay`. */
export const faultLabel = (fault: Fault): string => (fault.kind === 'status' ? String(fault.status) : fault.kind);

export const FAULTS = {
  http500: { kind: 'status', status: 500 },
  http503: { kind: 'status', status: 503, retryAfter: '1' },
  http429: { kind: 'status', status: 429, retryAfter: '1' },
  reset: { kind: 'reset' },
} as const satisfies Record<string, Fault>;

/** One POST as it reached the server. */
export interface Arrival {
  /** Order of arrival among all POSTs since the last reset. */
  seq: number;
  /** The `webhook-id` header ('' when missing). */
  webhookId: string;
  /** `data.id` from the JSON body, when there is one. */
  dataId: string | undefined;
  headers: IncomingHttpHeaders;
  rawBody: string;
  /** When the request arrived (ms, Date.now()). */
  at: number;
  /** 0-based: how many POSTs with this webhook-id came before this one. */
  attemptOfId: number;
  /** How the receiver answered: a status, `reset`, or undefined while still pending. */
  outcome?: number | 'reset';
  /** Other POSTs with the same webhook-id being handled when this one arrived. */
  concurrentWithSameId: number;
}

export interface FaultReceiver {
  /** `http://127.0.0.1:PORT` */
  readonly origin: string;
  /** `${origin}/webhook` */
  readonly url: string;
  /** Every POST to /webhook since the last reset, in arrival order. */
  readonly arrivals: readonly Arrival[];
  /** Preflights answered since the last reset. */
  readonly preflights: number;
  /**
   * Fault plans for the next leads: the first POST of each webhook-id not seen before takes
   * the next plan; its attempt n gets `plan[n]`, and 200 once the plan is used up.
   */
  planLeads(plans: Fault[][]): void;
  /** While set, every POST gets this fault, whatever the plans say (an outage); null ends it. */
  outage(fault: Fault | null): void;
  /** Every answer (200 or a fault status) is sent only after this long, so overlapping requests show. */
  answerDelay(ms: number): void;
  /** The fault plan a webhook-id took at its first POST (empty: none). */
  planOf(webhookId: string): Fault[] | undefined;
  /** Faults applied since the last reset, by label. */
  faultCounts(): Record<string, number>;
  /** The highest number of POSTs with one webhook-id handled at the same time, per id. */
  maxInFlight(): Map<string, number>;
  /**
   * The receiver's own de-duplication by `webhook-id`: the first accepted (2xx) body per id.
   * Later accepted POSTs with the same id are acknowledged and dropped.
   */
  delivered(): Map<string, string>;
  /** Forgets arrivals, plans, outage and delay; for the next test. */
  reset(): void;
  close(): Promise<void>;
}

/** The receiver's CORS answer, plus what fault injection needs. */
function faultCorsHeaders(req: IncomingMessage): Record<string, string> {
  return {
    ...corsHeaders(req),
    // A fresh connection for every request. On a reused keep-alive connection Chromium resends
    // a request whose connection is reset before any answer, by itself: the widget would never
    // see the reset (the server would see the same POST twice within milliseconds).
    connection: 'close',
    // As the README tells receivers to: without it, a cross-origin page cannot read Retry-After.
    'access-control-expose-headers': 'Retry-After',
  };
}


function dataIdOf(rawBody: string): string | undefined {
  try {
    const id = (JSON.parse(rawBody) as { data?: { id?: unknown } }).data?.id;
    return typeof id === 'string' ? id : undefined;
  } catch {
    return undefined;
  }
}

/**
 * A CRM endpoint on 127.0.0.1 (another origin than the page, so every POST is preflighted)
 * that fails requests on purpose, following a fault plan per lead, and records every raw
 * arrival with how it was answered and how many requests for the same lead overlapped it.
 */
export async function startFaultReceiver(): Promise<FaultReceiver> {
  let arrivals: Arrival[] = [];
  let preflights = 0;
  let queuedPlans: Fault[][] = [];
  let plans = new Map<string, Fault[]>();
  let outageFault: Fault | null = null;
  let okDelayMs = 0;
  let counts: Record<string, number> = {};
  let inFlight = new Map<string, number>();
  let maxInFlight = new Map<string, number>();
  let generation = 0;
  const timers = new Set<ReturnType<typeof setTimeout>>();

  const later = (ms: number, run: () => void) => {
    const timer = setTimeout(() => {
      timers.delete(timer);
      run();
    }, ms);
    timers.add(timer);
  };

  const server = createServer((req, res) => {
    void (async () => {
      const cors = faultCorsHeaders(req);
      if (req.method === 'OPTIONS') {
        preflights++;
        res.writeHead(204, cors).end();
        return;
      }
      if (req.method !== 'POST' || req.url !== '/webhook') {
        res.writeHead(404, cors).end();
        return;
      }
      const gen = generation;
      const at = Date.now();
      const webhookId = String(req.headers['webhook-id'] ?? '');
      // Counted from the moment the request line arrives until the answer is sent or the socket dies.
      const concurrent = inFlight.get(webhookId) ?? 0;
      inFlight.set(webhookId, concurrent + 1);
      maxInFlight.set(webhookId, Math.max(maxInFlight.get(webhookId) ?? 0, concurrent + 1));
      let settled = false;
      const settle = () => {
        if (settled || gen !== generation) return;
        settled = true;
        inFlight.set(webhookId, (inFlight.get(webhookId) ?? 1) - 1);
      };
      res.on('close', settle);

      const rawBody = await readBody(req);
      if (gen !== generation) return void req.socket.destroy();
      const attemptOfId = arrivals.filter((a) => a.webhookId === webhookId).length;
      const arrival: Arrival = {
        seq: arrivals.length,
        webhookId,
        dataId: dataIdOf(rawBody),
        headers: req.headers,
        rawBody,
        at,
        attemptOfId,
        concurrentWithSameId: concurrent,
      };
      arrivals.push(arrival);

      if (attemptOfId === 0 && !plans.has(webhookId)) plans.set(webhookId, queuedPlans.shift() ?? []);
      const fault = outageFault ?? plans.get(webhookId)?.[attemptOfId];
      if (fault) counts[faultLabel(fault)] = (counts[faultLabel(fault)] ?? 0) + 1;

      if (fault?.kind === 'reset') {
        arrival.outcome = 'reset';
        // A TCP RST where Node has it, else a plain close: either way, no response.
        const socket = req.socket as typeof req.socket & { resetAndDestroy?: () => void };
        if (socket.resetAndDestroy) socket.resetAndDestroy();
        else socket.destroy();
        return;
      }
      const status = fault?.kind === 'status' ? fault : undefined;
      const answer = () => {
        if (gen !== generation) return;
        arrival.outcome = status?.status ?? 200;
        res.writeHead(arrival.outcome, {
          ...cors,
          'content-type': 'application/json',
          ...(status?.retryAfter !== undefined && { 'retry-after': status.retryAfter }),
        });
        res.end(status ? '{"error":"try again"}' : '{"ok":true}');
      };
      const delay = fault?.kind === 'delay' ? fault.ms : okDelayMs;
      if (delay > 0) later(delay, answer);
      else answer();
    })().catch(() => res.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const clearTimers = () => {
    for (const timer of timers) clearTimeout(timer);
    timers.clear();
  };

  return {
    origin,
    url: `${origin}/webhook`,
    get arrivals() {
      return arrivals;
    },
    get preflights() {
      return preflights;
    },
    planLeads(next) {
      queuedPlans.push(...next);
    },
    outage(fault) {
      outageFault = fault;
    },
    answerDelay(ms) {
      okDelayMs = ms;
    },
    planOf: (webhookId) => plans.get(webhookId),
    faultCounts: () => ({ ...counts }),
    maxInFlight: () => new Map(maxInFlight),
    delivered() {
      const firstAccepted = new Map<string, string>();
      for (const a of arrivals)
        if (typeof a.outcome === 'number' && a.outcome >= 200 && a.outcome < 300 && !firstAccepted.has(a.webhookId))
          firstAccepted.set(a.webhookId, a.rawBody);
      return firstAccepted;
    },
    reset() {
      generation++;
      clearTimers();
      // Whatever is still pending belongs to the previous test: cut it off.
      server.closeAllConnections();
      arrivals = [];
      preflights = 0;
      queuedPlans = [];
      plans = new Map();
      outageFault = null;
      okDelayMs = 0;
      counts = {};
      inFlight = new Map();
      maxInFlight = new Map();
    },
    close() {
      clearTimers();
      server.closeAllConnections();
      return new Promise((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
    },
  };
}
