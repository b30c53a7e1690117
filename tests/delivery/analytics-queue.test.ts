import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  createAnalyticsQueue,
  HttpError,
  NetworkError,
  type AnalyticsBatch,
  type AnalyticsQueue,
  type AnalyticsQueueOptions,
  type RetryPolicy,
} from '../../src/delivery/index.ts';
import type { FunnelEvent } from '../../src/engine/index.ts';
import { NOW_MS } from './fixtures.ts';

const ANALYTICS_URL = 'https://stats.example.test/funnel';

/** Three tries; with `random` 0.5 the first retry waits 50 ms, the second 100 ms. */
const QUICK_RETRY: RetryPolicy = { attempts: 3, baseMs: 100, capMs: 1_000, maxRetryAfterMs: 5_000 };

const opened: AnalyticsQueue[] = [];

beforeEach(() => {
  vi.useFakeTimers({ now: NOW_MS });
});
afterEach(() => {
  for (const queue of opened.splice(0)) queue.dispose();
  vi.useRealTimers();
});

/** Lets settled promises run their callbacks (fetch answers) without moving the clock. */
const settle = () => vi.advanceTimersByTimeAsync(0);
const wait = (ms: number) => vi.advanceTimersByTimeAsync(ms);

/** The n-th funnel event of a visit: its step names its position, so order is visible. */
const event = (n: number): FunnelEvent => ({
  type: 'step_view',
  flow: { id: 'saas-bant', version: 1 },
  variant: null,
  session: 'session-1',
  stepId: `step_${n}`,
  index: n,
  at: new Date(NOW_MS + n).toISOString(),
});

/** How the fake endpoint answers one request: a status, a rejection (network error) or never. */
type Reply = number | Error | 'never';

/**
 * A fetch that answers the n-th request with `replies[n]` (the last repeats; 204 when none)
 * and records every request with its init.
 */
function fakeFetch(...replies: Reply[]) {
  const calls: Array<{ url: string; init: RequestInit }> = [];
  const fetch = (async (input: RequestInfo | URL, init: RequestInit = {}) => {
    calls.push({ url: String(input), init });
    const reply = replies[calls.length - 1] ?? replies.at(-1) ?? 204;
    if (reply === 'never') return new Promise<Response>(() => {});
    if (reply instanceof Error) throw reply;
    return new Response(null, { status: reply });
  }) as typeof globalThis.fetch;
  const batches = () => calls.map((call) => JSON.parse(String(call.init.body)) as AnalyticsBatch);
  return { fetch, calls, batches };
}

/** A queue on the fake clock with batch ids batch-1, batch-2, … and random 0.5. */
function openQueue(fetch: typeof globalThis.fetch, options: Partial<AnalyticsQueueOptions> = {}) {
  let ids = 0;
  const onGiveUp = vi.fn<(error: unknown) => void>();
  const queue = createAnalyticsQueue({
    url: ANALYTICS_URL,
    newId: () => `batch-${++ids}`,
    fetch,
    retry: QUICK_RETRY,
    random: () => 0.5,
    now: () => Date.now(),
    onGiveUp,
    ...options,
  });
  opened.push(queue);
  return { queue, onGiveUp };
}

describe('createAnalyticsQueue: batching', () => {
  it('waits delayMs from the first event, then posts every event waiting in one request', async () => {
    const endpoint = fakeFetch();
    const { queue } = openQueue(endpoint.fetch, { delayMs: 2_000 });

    queue.add(event(0));
    await wait(500);
    queue.add(event(1));
    await wait(1_000);
    queue.add(event(2));
    await wait(499);
    expect(endpoint.calls).toHaveLength(0);

    await wait(1);
    expect(endpoint.calls).toHaveLength(1);
    expect(endpoint.batches()).toStrictEqual([
      { type: 'analytics.batch', id: 'batch-1', sentAt: '2026-11-27T10:00:02.000Z', events: [event(0), event(1), event(2)] },
    ]);
  });

  it('posts at once when batchSize events are waiting, and starts a new wait after', async () => {
    const endpoint = fakeFetch();
    const { queue } = openQueue(endpoint.fetch, { batchSize: 3, delayMs: 2_000 });

    queue.add(event(0));
    queue.add(event(1));
    expect(endpoint.calls).toHaveLength(0);
    queue.add(event(2));
    expect(endpoint.calls).toHaveLength(1);
    expect(endpoint.batches()[0]?.events).toEqual([event(0), event(1), event(2)]);

    queue.add(event(3));
    await wait(1_999);
    expect(endpoint.calls).toHaveLength(1);
    await wait(1);
    expect(endpoint.batches().map((b) => [b.id, b.events.map((e) => e.index)])).toEqual([
      ['batch-1', [0, 1, 2]],
      ['batch-2', [3]],
    ]);
  });

  it('posts text/plain without custom headers or cookies, so no preflight is needed', async () => {
    const endpoint = fakeFetch();
    const { queue } = openQueue(endpoint.fetch, { batchSize: 1 });
    queue.add(event(0));
    await settle();

    const [call] = endpoint.calls;
    expect(call?.url).toBe(ANALYTICS_URL);
    expect(call?.init).toMatchObject({ method: 'POST', credentials: 'omit' });
    expect(new Headers(call?.init.headers)).toEqual(new Headers({ 'content-type': 'text/plain;charset=UTF-8' }));
    expect([...new Headers(call?.init.headers).keys()]).toEqual(['content-type']);
  });

  it('keeps only the newest 500 events waiting', async () => {
    const endpoint = fakeFetch();
    const { queue } = openQueue(endpoint.fetch, { batchSize: 1_000, delayMs: 2_000 });
    for (let n = 0; n < 510; n++) queue.add(event(n));
    await wait(2_000);

    const [batch] = endpoint.batches();
    expect(batch?.events).toHaveLength(500);
    expect(batch?.events[0]).toEqual(event(10));
    expect(batch?.events.at(-1)).toEqual(event(509));
  });
});

describe('createAnalyticsQueue: retries', () => {
  it('tries a batch refused with 503 again after the backoff, with the same id', async () => {
    const endpoint = fakeFetch(503, 204);
    const { queue, onGiveUp } = openQueue(endpoint.fetch, { batchSize: 2 });
    queue.add(event(0));
    queue.add(event(1));
    await settle();

    // random 0.5 × min(cap 1000, base 100 × 2⁰) = 50 ms
    await wait(49);
    expect(endpoint.calls).toHaveLength(1);
    await wait(1);
    expect(endpoint.calls).toHaveLength(2);
    const [first, again] = endpoint.batches();
    expect(again).toStrictEqual(first);
    expect(again?.id).toBe('batch-1');

    await wait(10_000);
    expect(endpoint.calls).toHaveLength(2);
    expect(onGiveUp).not.toHaveBeenCalled();
  });

  it('tries again after a network error', async () => {
    const endpoint = fakeFetch(new TypeError('Failed to fetch'), 204);
    const { queue, onGiveUp } = openQueue(endpoint.fetch, { batchSize: 1 });
    queue.add(event(0));
    await settle();
    await wait(50);

    expect(endpoint.batches().map((b) => b.id)).toEqual(['batch-1', 'batch-1']);
    expect(onGiveUp).not.toHaveBeenCalled();
  });

  it('waits as long as Retry-After asks instead of the backoff', async () => {
    const calls: number[] = [];
    const fetch = (async () => {
      calls.push(Date.now() - NOW_MS);
      return calls.length === 1 ? new Response(null, { status: 429, headers: { 'retry-after': '2' } }) : new Response(null, { status: 204 });
    }) as typeof globalThis.fetch;
    const { queue } = openQueue(fetch, { batchSize: 1 });
    queue.add(event(0));
    await wait(1_999);
    expect(calls).toEqual([0]);
    await wait(1);
    expect(calls).toEqual([0, 2_000]);
  });

  it('does not try a 400 again, and tells onGiveUp', async () => {
    const endpoint = fakeFetch(400, 204);
    const { queue, onGiveUp } = openQueue(endpoint.fetch, { batchSize: 1 });
    queue.add(event(0));
    await settle();
    await wait(60_000);

    expect(endpoint.calls).toHaveLength(1);
    expect(onGiveUp).toHaveBeenCalledTimes(1);
    const [error] = onGiveUp.mock.calls[0]!;
    expect(error).toBeInstanceOf(HttpError);
    expect((error as HttpError).status).toBe(400);
  });

  it('gives up after retry.attempts tries', async () => {
    const endpoint = fakeFetch(503);
    const { queue, onGiveUp } = openQueue(endpoint.fetch, { batchSize: 1 });
    queue.add(event(0));
    await settle();
    await wait(50); // second try
    expect(endpoint.calls).toHaveLength(2);
    expect(onGiveUp).not.toHaveBeenCalled();
    await wait(100); // third and last: 0.5 × 100 × 2¹
    expect(endpoint.calls).toHaveLength(3);
    expect(onGiveUp).toHaveBeenCalledTimes(1);
    expect((onGiveUp.mock.calls[0]![0] as HttpError).status).toBe(503);

    await wait(60_000);
    expect(endpoint.calls).toHaveLength(3);
    expect(endpoint.batches().every((b) => b.id === 'batch-1')).toBe(true);
  });
});

describe('createAnalyticsQueue: leaving the page', () => {
  it('sends pending events and batches waiting for a retry at once, with keepalive', async () => {
    const endpoint = fakeFetch(503, 204);
    const { queue } = openQueue(endpoint.fetch, { batchSize: 2, delayMs: 2_000, retry: { ...QUICK_RETRY, baseMs: 10_000, capMs: 10_000 } });
    queue.add(event(0));
    queue.add(event(1)); // batch-1: refused, retried in 5 s
    await settle();
    queue.add(event(2)); // waits up to 2 s for company
    expect(endpoint.calls).toHaveLength(1);

    queue.leave();
    expect(endpoint.batches().map((b) => [b.id, b.events.map((e) => e.index)])).toEqual([
      ['batch-1', [0, 1]],
      ['batch-1', [0, 1]],
      ['batch-2', [2]],
    ]);
    // Keepalive only for what is sent while leaving: a slow analytics endpoint must not use up
    // the page's keepalive budget that a lead may need.
    expect(endpoint.calls.map((call) => call.init.keepalive)).toEqual([false, true, true]);

    // Neither the backoff nor the delay fires afterwards: nothing is sent twice.
    await wait(60_000);
    expect(endpoint.calls).toHaveLength(3);
  });

  it('hands everything to the beacon instead of fetch where keepalive is missing', async () => {
    const beacon = vi.fn<(url: string, body: string) => boolean>(() => true);
    const endpoint = fakeFetch(503, 204);
    const { queue } = openQueue(endpoint.fetch, {
      batchSize: 2,
      keepalive: false,
      beacon,
      retry: { ...QUICK_RETRY, baseMs: 10_000, capMs: 10_000 },
    });
    queue.add(event(0));
    queue.add(event(1));
    await settle();
    queue.add(event(2));

    queue.leave();
    expect(endpoint.calls).toHaveLength(1);
    expect(beacon.mock.calls.map(([url, body]) => [url, JSON.parse(body)])).toStrictEqual([
      [ANALYTICS_URL, { type: 'analytics.batch', id: 'batch-1', sentAt: '2026-11-27T10:00:00.000Z', events: [event(0), event(1)] }],
      [ANALYTICS_URL, { type: 'analytics.batch', id: 'batch-2', sentAt: '2026-11-27T10:00:00.000Z', events: [event(2)] }],
    ]);
    await wait(60_000);
    expect(endpoint.calls).toHaveLength(1);
  });

  it('keeps retrying a batch sent while the page was hidden: a tab switched away from is still alive', async () => {
    const endpoint = fakeFetch(503, 204);
    const { queue, onGiveUp } = openQueue(endpoint.fetch, { batchSize: 5, delayMs: 2_000 });
    queue.add(event(0));
    queue.leave();
    await settle();
    await wait(60_000);

    expect(endpoint.batches().map((b) => b.id)).toEqual(['batch-1', 'batch-1']);
    expect(endpoint.calls.map((call) => call.init.keepalive)).toEqual([true, false]);
    expect(onGiveUp).not.toHaveBeenCalled();
  });

  it('gives up after the last try even when the tries began while leaving', async () => {
    const endpoint = fakeFetch(503, 503, 503, 503, 503);
    const { queue, onGiveUp } = openQueue(endpoint.fetch, { batchSize: 5, delayMs: 2_000 });
    queue.add(event(0));
    queue.leave();
    await settle();
    await wait(60_000);
    expect(endpoint.calls).toHaveLength(QUICK_RETRY.attempts);
    expect(onGiveUp).toHaveBeenCalledTimes(1);
  });

  it('keeps batching when the visitor comes back', async () => {
    const endpoint = fakeFetch();
    const { queue } = openQueue(endpoint.fetch, { delayMs: 2_000 });
    queue.add(event(0));
    queue.leave();
    queue.add(event(1));
    await wait(1_999);
    expect(endpoint.calls).toHaveLength(1);
    await wait(1);
    expect(endpoint.batches().map((b) => b.events)).toEqual([[event(0)], [event(1)]]);
  });
});

describe('createAnalyticsQueue: never in the way', () => {
  it('sends what is waiting on dispose, then ignores new events', async () => {
    const endpoint = fakeFetch();
    const { queue } = openQueue(endpoint.fetch, { delayMs: 2_000 });
    queue.add(event(0));
    queue.dispose();
    expect(endpoint.batches().map((b) => b.events)).toEqual([[event(0)]]);

    queue.add(event(1));
    queue.leave();
    await wait(60_000);
    expect(endpoint.calls).toHaveLength(1);
  });

  // dispose() is documented to send "what is waiting once more": a batch waiting for its
  // retry (after a 503) gets its last try too, not only the events not batched yet.
  it('sends a batch waiting for its retry once more on dispose', async () => {
    const endpoint = fakeFetch(503, 204);
    const { queue, onGiveUp } = openQueue(endpoint.fetch, { batchSize: 1, retry: { ...QUICK_RETRY, baseMs: 10_000, capMs: 10_000 } });
    queue.add(event(0));
    await settle();
    expect(endpoint.calls).toHaveLength(1);

    queue.dispose();
    await wait(60_000);
    expect(endpoint.batches().map((b) => b.id)).toEqual(['batch-1', 'batch-1']);
    // The last try failing is what onGiveUp hears of (the endpoint answers 204 here).
    expect(onGiveUp).not.toHaveBeenCalled();
  });

  // navigator.sendBeacon throws a TypeError for a URL it refuses: that must not escape leave()
  // into the page's pagehide handler, where it would keep the other queues from flushing.
  it('never throws out of leave, even when the beacon throws', () => {
    const beacon = () => {
      throw new TypeError('Beacons are only supported over HTTP(S).');
    };
    const { queue } = openQueue(fakeFetch().fetch, { keepalive: false, beacon });
    queue.add(event(0));
    expect(() => queue.leave()).not.toThrow();
  });

  it('keeps accepting and sending while a request never comes back', async () => {
    const endpoint = fakeFetch('never', 204);
    const { queue } = openQueue(endpoint.fetch, { batchSize: 2, delayMs: 2_000 });
    queue.add(event(0));
    queue.add(event(1));
    expect(endpoint.calls).toHaveLength(1);

    queue.add(event(2));
    queue.add(event(3));
    queue.add(event(4));
    await wait(2_000);
    expect(endpoint.batches().map((b) => [b.id, b.events.map((e) => e.index)])).toEqual([
      ['batch-1', [0, 1]],
      ['batch-2', [2, 3]],
      ['batch-3', [4]],
    ]);
  });

  it('never throws out of add or leave, even when fetch throws synchronously', async () => {
    const fetch = vi.fn(() => {
      throw new TypeError('fetch is not allowed here');
    }) as unknown as typeof globalThis.fetch;
    const { queue, onGiveUp } = openQueue(fetch, { batchSize: 1 });

    expect(() => queue.add(event(0))).not.toThrow();
    await settle();
    await wait(50 + 100); // both retries
    expect(fetch).toHaveBeenCalledTimes(3);
    expect(onGiveUp).toHaveBeenCalledTimes(1);
    const [error] = onGiveUp.mock.calls[0]!;
    expect(error).toBeInstanceOf(NetworkError);
    expect((error as NetworkError).cause).toBeInstanceOf(TypeError);

    expect(() => {
      queue.add(event(1));
      queue.leave();
    }).not.toThrow();
    await settle();
    await wait(50 + 100);
    // The batch out when the page was left is sent again with keepalive (a closing page may
    // cancel the first request), and that copy's tries decide.
    expect(fetch).toHaveBeenCalledTimes(7);
    expect(onGiveUp).toHaveBeenCalledTimes(2);
  });
});

describe('createAnalyticsQueue: a batch out when the page closes', () => {
  it('is sent again with keepalive and the same id, since the closing page may cancel the first request', async () => {
    const endpoint = fakeFetch('never', 204);
    const { queue } = openQueue(endpoint.fetch, { batchSize: 1 });
    queue.add(event(0));
    expect(endpoint.calls.map((call) => call.init.keepalive)).toEqual([false]);
    queue.leave();
    expect(endpoint.calls.map((call) => call.init.keepalive)).toEqual([false, true]);
    expect(new Set(endpoint.batches().map((b) => b.id)).size).toBe(1);
    await wait(60_000);
    expect(endpoint.calls).toHaveLength(2);
  });
});
