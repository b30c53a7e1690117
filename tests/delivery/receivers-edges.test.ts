import { createHmac, timingSafeEqual } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { IncomingHttpHeaders } from 'node:http';
import { describe, expect, it, vi } from 'vitest';
import { createRelay } from '../../demo/relay/relay.ts';
import {
  buildLeadEnvelope,
  createOutbox,
  deliverLead,
  memoryStorage,
  sendWebhook,
  type LeadEnvelope,
  type OutboxEvent,
  type SendLock,
} from '../../src/delivery/index.ts';
import { NOW_MS, sampleEnvelope, sampleLead } from './fixtures.ts';
import { listen, scriptedServer, type Answer, type Hit } from './support/scripted-server.ts';

/**
 * The receiver's side, found by an audit: what a backend or a no-code tool answering LeadFlow's
 * POSTs meets, with real HTTP servers on 127.0.0.1 and the real delivery code (sendWebhook, the
 * outbox, the signing relay of docs/delivery.md).
 */

/** A receiver on 127.0.0.1 answering each request as `answer` says; every request recorded. */
const receiver = (answer: (hit: Hit, index: number) => Answer) => scriptedServer((hit, { index }) => answer(hit, index));

/** Every attempt in this file runs at once, in the order asked. */
const noLock: SendLock = { run: async (_name, task) => (await task(), true) };

/**
 * One lead through a real outbox to `url`: the events of its first attempt. The clock stands
 * still (NOW_MS) and `random` is 0.5, so a backoff is exactly half its bound.
 */
async function firstAttempt(url: string, envelope: LeadEnvelope = sampleEnvelope(), extra: { timeoutMs?: number; mode?: 'cors' | 'simple' } = {}) {
  const events: OutboxEvent[] = [];
  const storage = memoryStorage();
  const outbox = createOutbox({
    storage,
    lock: noLock,
    now: () => NOW_MS,
    random: () => 0.5,
    onEvent: (event) => events.push(event),
    ...(extra.timeoutMs && { timeoutMs: extra.timeoutMs }),
  });
  outbox.add(envelope, url, extra.mode);
  await outbox.flush();
  const pending = outbox.pending();
  outbox.dispose();
  return { events, pending, storage };
}

describe('statuses a real receiver answers with', () => {
  it.each([
    [200, '{"ok":true,"id":"x"}'],
    [201, '{"id":"crm-42"}'],
    [202, 'Accepted'],
    [204, ''],
  ])('%i (with body %j) counts as delivered, and the lead is removed', async (status, body) => {
    const target = await receiver(() => ({ status, body, headers: { 'content-type': 'text/plain' } }));
    const { events, pending } = await firstAttempt(target.url);
    expect(events.map((e) => e.type)).toEqual(['delivered']);
    expect(pending).toEqual([]);
    expect(target.hits).toHaveLength(1);
  });

  it.each([400, 401, 403, 404, 405, 409, 410, 413, 415, 422])('%i is final: the lead is dropped and reported as refused after one attempt', async (status) => {
    const target = await receiver(() => ({ status, body: '{"error":"no"}' }));
    const { events, pending } = await firstAttempt(target.url);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ type: 'failed', error: { name: 'HttpError', status } });
    expect(pending).toEqual([]);
    expect(target.hits).toHaveLength(1);
  });

  it.each([408, 425, 429, 500, 502, 503, 504])('%i is retried: the lead stays stored with one failed attempt', async (status) => {
    const target = await receiver(() => ({ status }));
    const { events, pending } = await firstAttempt(target.url);
    expect(events).toMatchObject([{ type: 'retry', error: { name: 'HttpError', status } }]);
    expect(pending).toHaveLength(1);
    expect(pending[0]!.attempts).toBe(1);
  });

  it.each([301, 302, 303, 307, 308])('a %i is not followed: refused, and the address it points to never gets a GET without the lead', async (status) => {
    const target = await receiver((hit) => (hit.path === '/hook' ? { status, headers: { location: '/moved' } } : { status: 200 }));
    const { events, pending } = await firstAttempt(target.url);
    expect(events.map((e) => e.type)).toEqual(['failed']);
    expect(pending).toEqual([]);
    expect(target.hits.map((h) => `${h.method} ${h.path}`)).toEqual(['POST /hook']);
  });

  it('a receiver that closes the connection without answering: retried (a NetworkError), kept stored', async () => {
    const target = await receiver(() => 'close');
    const { events, pending } = await firstAttempt(target.url);
    expect(events).toMatchObject([{ type: 'retry', error: { name: 'NetworkError' } }]);
    expect(pending).toHaveLength(1);
  });

  it('a receiver slower than the timeout: the attempt is aborted as a TimeoutError and retried, with the same webhook-id next time', async () => {
    let answered = 0;
    const target = await receiver((_hit, index) => (index === 0 ? 'hang' : (answered++, { status: 200 })));
    const envelope = sampleEnvelope();
    const first = await firstAttempt(target.url, envelope, { timeoutMs: 150 });
    expect(first.events).toMatchObject([{ type: 'retry', error: { name: 'TimeoutError', timeoutMs: 150 } }]);
    // The second attempt, from the stored entry: same id and body.
    await sendWebhook(first.pending[0]!.envelope, { url: target.url });
    expect(answered).toBe(1);
    expect(target.hits.map((h) => h.headers['webhook-id'])).toEqual([envelope.data.id, envelope.data.id]);
    expect(target.hits[1]!.body).toBe(target.hits[0]!.body);
  });
});

describe('Retry-After as receivers send it', () => {
  const delayOf = async (status: number, retryAfter: string) => {
    const target = await receiver(() => ({ status, headers: { 'retry-after': retryAfter } }));
    const { pending } = await firstAttempt(target.url);
    return pending[0]!.nextAt - NOW_MS;
  };

  it('seconds are honoured', async () => {
    expect(await delayOf(429, '7')).toBe(7000);
  });

  it('an HTTP date is honoured', async () => {
    expect(await delayOf(503, new Date(NOW_MS + 20_000).toUTCString())).toBe(20_000);
  });

  it('more than 60 s is cut to 60 s, so a misconfigured header cannot park the lead', async () => {
    expect(await delayOf(503, '86400')).toBe(60_000);
    expect(await delayOf(429, new Date(NOW_MS + 3_600_000).toUTCString())).toBe(60_000);
  });

  it.each(['soon', '1.5', '-5', '', 'Thu, 01 Jan 1970 00:00:00 GMT'])('garbage or a past date (%j) falls back to the backoff (half of 1 s here)', async (value) => {
    expect(await delayOf(503, value)).toBe(500);
  });
});

describe('webhook URLs as site owners write them', () => {
  it('a query string (a token) is kept as written', async () => {
    const target = await receiver(() => ({ status: 200 }));
    const { events } = await firstAttempt(`${target.url}?token=a%2Fb&x=1`);
    expect(events.map((e) => e.type)).toEqual(['delivered']);
    expect(target.hits[0]!.path).toBe('/hook?token=a%2Fb&x=1');
  });

  // BUG: a webhook URL with credentials (`https://user:pass@n8n.example.com/webhook/…`, as n8n's
  // Basic Auth or an old htpasswd-protected endpoint suggests) can never be fetched: `fetch`
  // refuses to build the request ("Request cannot be constructed from a URL that includes
  // credentials"). postBody (src/delivery/send-webhook.ts) wraps that TypeError as a
  // NetworkError, which isRetryable treats like a dropped connection: the outbox retries it every
  // ≤30 s on every page for 7 days and only then reports `lead_expired`; the site owner is never
  // told the address itself is unusable. Such a URL is as final as a 4xx.
  it('a URL with user:password is refused at once and reported, not retried silently for a week', async () => {
    const target = await receiver(() => ({ status: 200 }));
    const { events, pending } = await firstAttempt(target.url.replace('http://', 'http://user:secret@'));
    expect(target.hits).toHaveLength(0);
    expect(events.map((e) => e.type)).toEqual(['failed']);
    expect(pending).toEqual([]);
  });
});

describe('de-duplication by webhook-id, as the docs tell a receiver to do it', () => {
  /** The receiver of "What a receiver must do": the header's id, else the same id from the body. */
  const idOf = (hit: Hit) => {
    const header = hit.headers['webhook-id'];
    if (typeof header === 'string') return header;
    const { type, data } = JSON.parse(hit.body) as LeadEnvelope;
    return type === 'lead.partial' ? `${data.id}.partial.${data.revision}` : data.id;
  };

  it('retries of one lead, in either transport, and its partial revisions give the ids the docs promise', async () => {
    const stored = new Map<string, string>();
    const target = await receiver((hit) => {
      const id = idOf(hit);
      if (!stored.has(id)) stored.set(id, hit.body);
      return { status: 200 };
    });
    const lead = sampleLead();
    const submitted = buildLeadEnvelope(lead, new Date(NOW_MS));
    const partial1 = buildLeadEnvelope({ ...lead, revision: 1 }, new Date(NOW_MS), 'lead.partial');
    const partial2 = buildLeadEnvelope({ ...lead, revision: 2 }, new Date(NOW_MS), 'lead.partial');
    for (const envelope of [submitted, submitted, partial1, partial1, partial2]) await sendWebhook(envelope, { url: target.url });
    await sendWebhook(submitted, { url: target.url, mode: 'simple' });
    await sendWebhook(partial2, { url: target.url, mode: 'simple' });

    expect(target.hits.map((h) => h.headers['webhook-id'] ?? '(none)')).toEqual([
      lead.id,
      lead.id,
      `${lead.id}.partial.1`,
      `${lead.id}.partial.1`,
      `${lead.id}.partial.2`,
      '(none)',
      '(none)',
    ]);
    // Simple transport: text/plain, nothing custom, so no preflight.
    expect(target.hits[5]!.headers['content-type']).toBe('text/plain;charset=UTF-8');
    expect(Object.keys(target.hits[5]!.headers).filter((h) => h.startsWith('webhook-'))).toEqual([]);
    expect([...stored.keys()]).toEqual([lead.id, `${lead.id}.partial.1`, `${lead.id}.partial.2`]);
    // Every attempt of one message carries the same bytes.
    expect(new Set(target.hits.filter((h) => idOf(h) === lead.id).map((h) => h.body)).size).toBe(1);
    // Standard Webhooks: Unix seconds.
    expect(target.hits[0]!.headers['webhook-timestamp']).toMatch(/^\d{10}$/);
  });
});

// ---------------------------------------------------------------------------------------------
// The signing relay of docs/delivery.md, run as the docs show it, checked by a target that
// verifies Standard Webhooks signatures with code of its own (not demo/relay/sign.ts).

const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
const PAGE_ORIGIN = 'https://www.example.com';

/** Standard Webhooks verification as a CRM does it: HMAC-SHA256 over `id.timestamp.body`, base64 key after `whsec_`. */
function verifies(headers: IncomingHttpHeaders, body: string): boolean {
  const id = String(headers['webhook-id']);
  const timestamp = String(headers['webhook-timestamp']);
  const key = Buffer.from(SECRET.slice('whsec_'.length), 'base64');
  const expected = Buffer.from(createHmac('sha256', key).update(`${id}.${timestamp}.${body}`).digest('base64'));
  return String(headers['webhook-signature'] ?? '')
    .split(' ')
    .map((part) => part.split(',')[1] ?? '')
    .some((given) => given.length === expected.length && timingSafeEqual(Buffer.from(given), expected));
}

/** The docs' snippet, on 127.0.0.1 and a free port instead of 8787. */
async function startRelay(target: string) {
  const relay = createRelay({ target, secret: SECRET, origins: [PAGE_ORIGIN] });
  return `${await listen((req, res) => void relay(req, res))}/`;
}

/** The widget's own fetch, from a page on PAGE_ORIGIN (which a browser names in `Origin`). */
const fromPage: typeof fetch = (url, init) => fetch(url, { ...init, headers: { ...(init?.headers as Record<string, string>), origin: PAGE_ORIGIN } });

describe('the signing relay, as docs/delivery.md runs it', () => {
  it('our verifier agrees with the specification test vector', () => {
    const body = '{"test": 2432232314}';
    const headers = { 'webhook-id': 'msg_p5jXN8AQM9LWM0D4loKWxJek', 'webhook-timestamp': '1614265330', 'webhook-signature': 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=' };
    expect(verifies(headers, body)).toBe(true);
    expect(verifies(headers, body.replace('2', '3'))).toBe(false);
    expect(verifies({ ...headers, 'webhook-signature': 'v1,AAAA' }, body)).toBe(false);
  });

  it('forwards one signed copy per webhook-id, with the same id, whatever the transport and however often the widget retries', async () => {
    const crm = await receiver((hit) => ({ status: verifies(hit.headers, hit.body) ? 204 : 401 }));
    const relayUrl = await startRelay(crm.url);
    const lead = sampleLead();
    const submitted = buildLeadEnvelope(lead, new Date(NOW_MS));
    const partial = buildLeadEnvelope({ ...lead, revision: 1 }, new Date(NOW_MS), 'lead.partial');

    for (const [envelope, mode] of [[submitted, 'cors'], [submitted, 'cors'], [submitted, 'simple'], [partial, 'simple'], [partial, 'cors']] as const)
      expect(await deliverLead(envelope, { url: relayUrl, mode, fetch: fromPage, sleep: async () => {} })).toEqual({ ok: true, attempts: 1 });

    expect(crm.hits.map((h) => [h.headers['webhook-id'], verifies(h.headers, h.body)])).toEqual([
      [lead.id, true],
      [`${lead.id}.partial.1`, true],
    ]);
    expect(JSON.parse(crm.hits[0]!.body)).toEqual(submitted);
    expect(crm.hits[0]!.headers['content-type']).toBe('application/json');
  });

  // A verifying target cannot tell a tampered body from a wrong secret: both are its 401, which
  // the relay passes on as a 503 to retry (demo/relay/relay.ts: a rotated secret lost every lead
  // as a final 422), and logs. (What a target refuses as the lead's own fault, a 400, stays a
  // final 422: tests/demo/relay-edges.test.ts.)
  it('a body a verifying target refuses (401) is a 503 the widget retries, and logged', async () => {
    const errors = vi.spyOn(console, 'error').mockImplementation(() => {});
    const crm = await receiver((hit) => ({ status: verifies(hit.headers, hit.body.replace('sign_off', 'student')) ? 204 : 401 }));
    const relayUrl = await startRelay(crm.url);
    const outcome = await deliverLead(sampleEnvelope(), { url: relayUrl, fetch: fromPage, sleep: async () => {} });
    expect(outcome).toMatchObject({ ok: false, retryable: true, error: { status: 503 } });
    expect(errors).toHaveBeenCalledWith(expect.stringMatching(/answered .* with 401: check the relay's secret and target address/));
    errors.mockRestore();
  });

  it("the target's 500 and 429 become a 503 the widget retries; once the target is back the lead is forwarded once", async () => {
    const statuses = [500, 429, 204];
    const crm = await receiver((_hit, index) => ({ status: statuses[index] ?? 204 }));
    const relayUrl = await startRelay(crm.url);
    const seen: number[] = [];
    const outcome = await deliverLead(sampleEnvelope(), {
      url: relayUrl,
      fetch: fromPage,
      sleep: async () => {},
      onRetry: (error) => seen.push((error as { status: number }).status),
    });
    expect(outcome).toEqual({ ok: true, attempts: 3 });
    expect(seen).toEqual([503, 503]);
    expect(crm.hits).toHaveLength(3);
  });

  // BUG: the relay forwards with Node's fetch and its default `redirect: 'follow'`
  // (demo/relay/relay.ts, the `once(id, …)` forward). A target answering 301/302/303 (http →
  // https, a trailing slash, a moved endpoint) is followed as a GET without the lead; the GET's
  // 200 counts as delivered, the relay marks the id seen and answers 200, so the widget removes
  // the lead: lost, reported nowhere. The very thing the widget avoids with `redirect: 'manual'`
  // (docs/delivery.md step 5). Fix: `redirect: 'manual'` in the relay's fetch, so a 3xx lands in
  // its "other 4xx → 422" branch (reported), and say so in "A signing relay".
  it.each([301, 302, 303])("a target's %i is not taken as delivered while the target never got the lead", async (status) => {
    const crm = await receiver((hit) =>
      hit.path === '/hook' ? { status, headers: { location: '/hook/' } } : { status: 200, body: hit.method === 'GET' ? '<h1>Webhook</h1>' : '' },
    );
    const relayUrl = await startRelay(crm.url);
    const outcome = await deliverLead(sampleEnvelope(), { url: relayUrl, fetch: fromPage, sleep: async () => {} });
    const storedByTarget = crm.hits.filter((h) => h.method === 'POST' && h.path === '/hook/').length;
    expect({ ok: outcome.ok, storedByTarget }).not.toEqual({ ok: true, storedByTarget: 0 });
  });

  // BUG: the relay retries only a target's 429 and 5xx (demo/relay/relay.ts: `status === 429 ||
  // status >= 500`), and docs/delivery.md "A signing relay" says the same; but 408 Request
  // Timeout and 425 Too Early mean "try again" just as much, and the widget itself retries them
  // (retry-timing.ts isRetryableStatus, docs step 4). Behind the relay, a target's 408 (a load
  // balancer's idle timeout) becomes a final 422 and the lead is dropped. Fix: use the same list
  // as the widget (408, 425, 429, 5xx) in the relay and its doc paragraph.
  it.each([408, 425])("a target's %i is retried through the relay, as the widget retries it without one", async (status) => {
    const crm = await receiver((_hit, index) => (index === 0 ? { status } : { status: 204 }));
    const relayUrl = await startRelay(crm.url);
    const outcome = await deliverLead(sampleEnvelope(), { url: relayUrl, fetch: fromPage, sleep: async () => {} });
    expect(outcome).toEqual({ ok: true, attempts: 2 });
  });
});

describe('what the docs tell an integrator', () => {
  const docs = ['README.md', 'docs/delivery.md'].map((file) => readFileSync(new URL(`../../${file}`, import.meta.url), 'utf8')).join('\n');

  // BUG (doc): docs/delivery.md step 5 and the README's delivery list say a redirect means "the
  // request itself is wrong, so the lead is dropped" and to "use the address the webhook
  // redirects to". A Google Apps Script web app (the usual no-code sheet receiver) runs doPost,
  // storing the lead, and then answers every POST with a 302 to a one-time, GET-only
  // script.googleusercontent.com/macros/echo?user_content_key=… address: the lead arrives once,
  // the site owner is told it was refused, and the advice cannot be followed
  // (tests/e2e/receivers-edges.test.ts shows it in Chromium). Fix: a sentence naming Apps Script
  // (works with `simple`, reports a redirect although doPost ran; or put a relay in front).
  it('the redirect advice names the Google Apps Script case, whose 302 follows a stored lead', () => {
    expect(docs).toMatch(/Apps Script/);
  });

  // The rule the status tests above check the outbox against, as "What a receiver must do" words
  // it. (It does not say to answer a duplicate with a 2xx: a receiver's 409 "already have it" is
  // reported as a refusal; a judgement call, see the audit report.)
  it('"What a receiver must do" says 2xx only once stored, and any other 4xx is final', () => {
    expect(docs).toMatch(/Answer `2xx` only once the lead is stored/);
    expect(docs).toMatch(/any other `4xx` means "never send this again"/);
  });
});
