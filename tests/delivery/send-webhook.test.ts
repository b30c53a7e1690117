import { delay, http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { HttpError, isRetryable, NetworkError, sendWebhook, TimeoutError } from '../../src/delivery/index.ts';
import { postBody } from '../../src/delivery/send-webhook.ts';
import { NOW_MS, sampleEnvelope, WEBHOOK_URL } from './fixtures.ts';

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

interface Received {
  headers: Record<string, string>;
  credentials: RequestCredentials;
  keepalive: boolean;
  body: string;
}

/** Answers every POST with `respond` and records what arrived. */
function receiver(respond: () => Response | Promise<Response> = () => new HttpResponse(null, { status: 204 })) {
  const received: Received[] = [];
  server.use(
    http.post(WEBHOOK_URL, async ({ request }) => {
      received.push({
        headers: Object.fromEntries(request.headers),
        credentials: request.credentials,
        keepalive: request.keepalive,
        body: await request.text(),
      });
      return respond();
    }),
  );
  return received;
}

async function failureOf(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => expect.fail('expected the attempt to fail'),
    (error: unknown) => error,
  );
}

const now = () => NOW_MS + 1234;

describe('sendWebhook', () => {
  it('posts the envelope as JSON with webhook-id and webhook-timestamp headers', async () => {
    const received = receiver();
    await sendWebhook(sampleEnvelope(), { url: WEBHOOK_URL, now });

    expect(received).toHaveLength(1);
    const [request] = received;
    expect(request?.headers).toMatchInlineSnapshot(`
      {
        "content-type": "application/json",
        "webhook-id": "01a21c72-9100-7abc-8def-0123456789ab",
        "webhook-timestamp": "1795773601",
      }
    `);
    expect(request?.credentials).toBe('omit');
    expect(request?.keepalive).toBe(true);
    expect(JSON.parse(request!.body)).toMatchInlineSnapshot(`
      {
        "data": {
          "answers": {
            "role": {
              "label": "Ich entscheide",
              "value": "sign_off",
            },
            "seats": {
              "value": 40,
            },
          },
          "attribution": {
            "utm_source": "newsletter",
          },
          "contact": {
            "email": "ada@example.com",
          },
          "flow": {
            "id": "saas-bant",
            "version": 3,
          },
          "hidden": {
            "plan": "pro",
          },
          "id": "01a21c72-9100-7abc-8def-0123456789ab",
          "locale": "de",
          "meta": {
            "completedAt": "2026-11-27T09:59:58.000Z",
          },
          "score": {
            "configVersion": "saas-bant@3:1x2y3z",
            "criteria": {
              "authority": 30,
            },
            "dimensions": {
              "authority": {
                "cap": 30,
                "kind": "fit",
                "points": 30,
              },
            },
            "fit": 47,
            "intent": 25,
            "knockouts": [],
            "negative": 0,
            "qualified": true,
            "route": "sales_now",
            "signals": "strong",
            "signalsFound": [
              "purchase_request",
            ],
            "tier": "hot",
            "total": 72,
            "trace": [
              {
                "detail": "sign_off",
                "input": "answers.role",
                "kind": "fit",
                "points": 30,
                "rule": "authority",
                "value": "sign_off",
              },
            ],
          },
        },
        "timestamp": "2026-11-27T10:00:00Z",
        "type": "lead.submitted",
      }
    `);
  });

  it('in simple mode sends text/plain without custom headers, the id only in the body', async () => {
    const received = receiver();
    await sendWebhook(sampleEnvelope(), { url: WEBHOOK_URL, mode: 'simple', now });

    const headers = received[0]!.headers;
    expect(headers['content-type']).toBe('text/plain;charset=UTF-8');
    expect(Object.keys(headers).filter((name) => name.startsWith('webhook-'))).toEqual([]);
    expect(JSON.parse(received[0]!.body)).toEqual(sampleEnvelope());
  });

  it('drops keepalive for bodies browsers would refuse to keep alive', async () => {
    const received = receiver();
    await sendWebhook(sampleEnvelope({ meta: { completedAt: 'x', note: 'ä'.repeat(30_000) } }), { url: WEBHOOK_URL });
    expect(received[0]?.keepalive).toBe(false);
  });

  it.each([200, 202, 204])('resolves on %i', async (status) => {
    receiver(() => new HttpResponse(null, { status }));
    await expect(sendWebhook(sampleEnvelope(), { url: WEBHOOK_URL })).resolves.toBeUndefined();
  });

  it('rejects a 500 with a retryable HttpError', async () => {
    receiver(() => new HttpResponse('oops', { status: 500 }));
    const error = await failureOf(sendWebhook(sampleEnvelope(), { url: WEBHOOK_URL }));
    expect(error).toBeInstanceOf(HttpError);
    expect(error).toMatchObject({ name: 'HttpError', status: 500, retryAfterMs: undefined });
    expect(isRetryable(error)).toBe(true);
  });

  it('rejects a 400 with a terminal HttpError', async () => {
    receiver(() => HttpResponse.json({ error: 'bad lead' }, { status: 400 }));
    const error = await failureOf(sendWebhook(sampleEnvelope(), { url: WEBHOOK_URL }));
    expect(error).toMatchObject({ name: 'HttpError', status: 400 });
    expect(isRetryable(error)).toBe(false);
  });

  it('reads Retry-After in seconds and as an HTTP-date against the injected clock', async () => {
    receiver(() => new HttpResponse(null, { status: 429, headers: { 'Retry-After': '7' } }));
    expect(await failureOf(sendWebhook(sampleEnvelope(), { url: WEBHOOK_URL, now }))).toMatchObject({ retryAfterMs: 7000 });

    receiver(() => new HttpResponse(null, { status: 503, headers: { 'Retry-After': 'Fri, 27 Nov 2026 10:00:30 GMT' } }));
    const error = await failureOf(sendWebhook(sampleEnvelope(), { url: WEBHOOK_URL, now: () => NOW_MS }));
    expect(error).toMatchObject({ status: 503, retryAfterMs: 30_000 });
  });

  it('aborts a webhook that never answers with a TimeoutError', async () => {
    receiver(async () => {
      await delay('infinite');
      return new HttpResponse(null, { status: 204 });
    });
    const error = await failureOf(sendWebhook(sampleEnvelope(), { url: WEBHOOK_URL, timeoutMs: 50 }));
    expect(error).toBeInstanceOf(TimeoutError);
    expect(error).toMatchObject({ name: 'TimeoutError', timeoutMs: 50 });
    expect(isRetryable(error)).toBe(true);
  });

  it('turns a failed connection into a NetworkError that keeps the cause', async () => {
    receiver(() => HttpResponse.error());
    const error = await failureOf(sendWebhook(sampleEnvelope(), { url: WEBHOOK_URL }));
    expect(error).toBeInstanceOf(NetworkError);
    expect((error as NetworkError).cause).toBeInstanceOf(TypeError);
    expect(isRetryable(error)).toBe(true);
  });

  describe('leaves no timeout timer behind', () => {
    afterEach(() => {
      vi.useRealTimers();
    });

    // An injected fetch here: msw schedules its own timers, which would muddy the count.
    it.each([
      ['a 2xx', () => Promise.resolve(new Response(null, { status: 204 }))],
      ['a 500', () => Promise.resolve(new Response(null, { status: 500 }))],
      ['a network failure', () => Promise.reject(new TypeError('fetch failed'))],
    ])('after %s', async (_, fetch: () => Promise<Response>) => {
      vi.useFakeTimers();
      await sendWebhook(sampleEnvelope(), { url: WEBHOOK_URL, fetch }).catch(() => {});
      expect(vi.getTimerCount()).toBe(0);
    });
  });
});

describe('the page’s keepalive budget', () => {
  // Browsers refuse keepalive requests past 64 KiB in flight in all (as a network failure): a
  // request that would pass it goes without keepalive instead, and the budget comes back when an
  // answer does.
  it('sends a body with keepalive only while those still out leave room for it', async () => {
    const seen: Array<boolean | undefined> = [];
    const answers: Array<() => void> = [];
    const held = ((_url: string, init: RequestInit) => {
      seen.push(init.keepalive);
      return new Promise<Response>((resolve) => answers.push(() => resolve(new Response(null, { status: 204 }))));
    }) as typeof fetch;
    const body = 'x'.repeat(25_000);
    const options = { url: 'https://hooks.example.com/leads', fetch: held };
    const first = postBody(body, {}, options);
    const second = postBody(body, {}, options);
    const third = postBody(body, {}, options);
    expect(seen).toEqual([true, true, false]);
    answers[0]!();
    await first;
    const fourth = postBody(body, {}, options);
    expect(seen).toEqual([true, true, false, true]);
    answers.slice(1).forEach((answer) => answer());
    await Promise.all([second, third, fourth]);
    // All answered: the whole budget again.
    const last = postBody('x'.repeat(55_000), {}, options);
    expect(seen.at(-1)).toBe(true);
    answers.at(-1)!();
    await last;
  });
});
