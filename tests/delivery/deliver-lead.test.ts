import { delay, http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { deliverLead, HttpError, NetworkError, TimeoutError, type DeliverOptions } from '../../src/delivery/index.ts';
import { LEAD_ID, sampleEnvelope, WEBHOOK_URL } from './fixtures.ts';

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

/** Answers the n-th request with `responses[n]` (the last one repeats) and records its headers. */
function receiver(...responses: Array<() => Response | Promise<Response>>) {
  const received: Array<{ id: string | null; timestamp: string | null; bodyId: unknown }> = [];
  server.use(
    http.post(WEBHOOK_URL, async ({ request }) => {
      const body = (await request.json()) as { data: { id: unknown } };
      received.push({ id: request.headers.get('webhook-id'), timestamp: request.headers.get('webhook-timestamp'), bodyId: body.data.id });
      return (responses[received.length - 1] ?? responses.at(-1)!)();
    }),
  );
  return received;
}

const status = (code: number, headers?: Record<string, string>) => () => new HttpResponse(null, { status: code, headers });

/** Options with an instant, recording sleep and a fixed random, so no test waits on backoff. */
function options(overrides: Partial<DeliverOptions> = {}) {
  const delays: number[] = [];
  const sleep = async (ms: number) => {
    delays.push(ms);
  };
  return { delays, options: { url: WEBHOOK_URL, sleep, random: () => 0.5, ...overrides } };
}

describe('deliverLead', () => {
  it('retries 500s and succeeds on the third attempt, with the same webhook-id every time', async () => {
    const received = receiver(status(500), status(500), status(200));
    let clock = 1_000_000;
    const { delays, options: opts } = options({ now: () => (clock += 5000) });

    const outcome = await deliverLead(sampleEnvelope(), opts);

    expect(outcome).toEqual({ ok: true, attempts: 3 });
    expect(received.map((r) => r.id)).toEqual([LEAD_ID, LEAD_ID, LEAD_ID]);
    expect(received.map((r) => r.bodyId)).toEqual([LEAD_ID, LEAD_ID, LEAD_ID]);
    // webhook-timestamp is the time of each attempt, not of the lead.
    expect(new Set(received.map((r) => r.timestamp)).size).toBe(3);
    // Full jitter with random 0.5: half of 1000·2^0, then half of 1000·2^1.
    expect(delays).toEqual([500, 1000]);
  });

  it('does not retry a 400', async () => {
    const received = receiver(status(400), status(200));
    const { delays, options: opts } = options();

    const outcome = await deliverLead(sampleEnvelope(), opts);

    expect(outcome).toMatchObject({ ok: false, attempts: 1, retryable: false, error: { name: 'HttpError', status: 400 } });
    expect(received).toHaveLength(1);
    expect(delays).toEqual([]);
  });

  it('waits as long as a 429 asks with Retry-After', async () => {
    receiver(status(429, { 'Retry-After': '2' }), status(201));
    const { delays, options: opts } = options();

    expect(await deliverLead(sampleEnvelope(), opts)).toEqual({ ok: true, attempts: 2 });
    expect(delays).toEqual([2000]);
  });

  it('caps a Retry-After beyond maxRetryAfterMs', async () => {
    receiver(status(503, { 'Retry-After': '86400' }), status(204));
    const { delays, options: opts } = options({ retry: { attempts: 2, baseMs: 100, capMs: 1000, maxRetryAfterMs: 5000 } });

    await deliverLead(sampleEnvelope(), opts);
    expect(delays).toEqual([5000]);
  });

  it('gives up after policy.attempts when the webhook keeps failing', async () => {
    const received = receiver(status(503));
    const { delays, options: opts } = options({ retry: { attempts: 3, baseMs: 100, capMs: 150, maxRetryAfterMs: 1000 } });

    const outcome = await deliverLead(sampleEnvelope(), opts);

    expect(outcome).toMatchObject({ ok: false, attempts: 3, retryable: true });
    expect(!outcome.ok && outcome.error).toBeInstanceOf(HttpError);
    expect(received).toHaveLength(3);
    // random 0.5 of min(150, 100·2^n): the cap binds from the second retry on.
    expect(delays).toEqual([50, 75]);
  });

  it('reports a TimeoutError when the webhook hangs every time', async () => {
    const received = receiver(async () => {
      await delay('infinite');
      return new HttpResponse(null, { status: 204 });
    });
    const { delays, options: opts } = options({ timeoutMs: 20, retry: { attempts: 2, baseMs: 10, capMs: 10, maxRetryAfterMs: 10 } });

    const outcome = await deliverLead(sampleEnvelope(), opts);

    expect(outcome).toMatchObject({ ok: false, attempts: 2, retryable: true });
    expect(!outcome.ok && outcome.error).toBeInstanceOf(TimeoutError);
    expect(received).toHaveLength(2);
    expect(delays).toHaveLength(1);
  });

  it('reports a NetworkError when the connection fails every time', async () => {
    receiver(() => HttpResponse.error());
    const { options: opts } = options();

    const outcome = await deliverLead(sampleEnvelope(), opts);

    expect(outcome).toMatchObject({ ok: false, attempts: 4, retryable: true });
    expect(!outcome.ok && outcome.error).toBeInstanceOf(NetworkError);
  });

  it('calls onRetry before each wait, with increasing indexes and the delay slept', async () => {
    receiver(status(502));
    const calls: Array<[string, number, number]> = [];
    const { delays, options: opts } = options({
      onRetry: (error, retryIndex, delayMs) => calls.push([error.name, retryIndex, delayMs]),
    });

    await deliverLead(sampleEnvelope(), opts);

    expect(calls).toEqual([
      ['HttpError', 0, 500],
      ['HttpError', 1, 1000],
      ['HttpError', 2, 2000],
    ]);
    expect(delays).toEqual(calls.map(([, , delayMs]) => delayMs));
  });

  it('throws for programmer mistakes instead of reporting them as delivery failures', async () => {
    const received = receiver(status(204));
    const { options: opts } = options();
    const envelope = sampleEnvelope({ meta: { completedAt: 'x', count: 1n } });

    await expect(deliverLead(envelope, opts)).rejects.toThrow(TypeError);
    expect(received).toHaveLength(0);
  });
});
