import { createServer, type IncomingHttpHeaders, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { connect, type Socket } from 'node:net';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { createRelay, type RelayOptions } from '../../demo/relay/relay.ts';
import { signPayload, verifyPayload } from '../../demo/relay/sign.ts';
import { buildLeadEnvelope, type LeadData, type LeadEnvelope } from '../../src/delivery/payload.ts';
import { sendWebhook } from '../../src/delivery/send-webhook.ts';
import { toJson } from '../../src/shared/to-json.ts';
import { closeServer, leadEnvelope, listen, startHandler } from './support/security.ts';

/**
 * The signing relay (demo/relay) as a site owner deploys it on the internet, attacked and
 * stressed: what a browser really sends, what anyone can send, a seen store at scale, and a
 * target that misbehaves. Cases already in relay.test.ts and security-edges.test.ts are not
 * repeated. A "Was:" comment says what a test found before the relay was fixed.
 */

const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
const ORIGIN = 'https://landing.example';
/** The target's path: the relay must post there whatever path it was called on. */
const TARGET_PATH = '/hooks/leads';

interface Hit {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  raw: Buffer;
  socket: Socket;
}

let target: Server;
let targetUrl = '';
const hits: Hit[] = [];
let answer: (res: ServerResponse, hit: Hit) => void;
const answerWith = (status: number, headers: Record<string, string> = {}, body = '') => (res: ServerResponse) => res.writeHead(status, headers).end(body);

beforeAll(async () => {
  target = createServer((req: IncomingMessage, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const hit = { method: req.method!, url: req.url!, headers: req.headers, raw: Buffer.concat(chunks), socket: req.socket };
      hits.push(hit);
      answer(res, hit);
    });
  });
  targetUrl = `${await listen(target)}${TARGET_PATH}`;
});
afterAll(() => closeServer(target));

const relays: Array<{ close(): Promise<void> }> = [];
beforeEach(() => {
  hits.length = 0;
  answer = answerWith(200);
});
afterEach(async () => {
  await Promise.all(relays.splice(0).map((relay) => relay.close()));
});

async function relayWith(options: Partial<RelayOptions> = {}) {
  const relay = await startHandler(createRelay({ target: targetUrl, secret: SECRET, origins: [ORIGIN], ...options }));
  relays.push(relay);
  return relay;
}

const post = (base: string, body: unknown, headers: Record<string, string> = {}, init: RequestInit = {}) =>
  fetch(base, {
    method: 'POST',
    headers: { origin: ORIGIN, 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
    ...init,
  });

const idOf = (envelope: { data: { id: string } }) => envelope.data.id;

/** Whether the target could verify a hit the way docs/delivery.md tells it to: by the bytes it got. */
const verifies = (hit: Hit) =>
  verifyPayload(SECRET, String(hit.headers['webhook-id']), Number(hit.headers['webhook-timestamp']), hit.raw.toString('utf8'), String(hit.headers['webhook-signature']));

/** A lead as the widget builds it (src/delivery/payload.ts), with text a naive relay would mangle. */
function widgetLead(overrides: Partial<LeadData> = {}, type: LeadEnvelope['type'] = 'lead.submitted'): LeadEnvelope {
  const data: LeadData = {
    id: `0192f3c4-5d6e-7a1b-8c2d-${Math.random().toString(16).slice(2, 14).padEnd(12, '0')}`,
    flow: { id: 'saas-bant', version: 3 },
    locale: 'de',
    answers: {
      budget: { value: 25_000, label: '20–50 k€' },
      notes: { value: 'Grüße 👋 "quoted" \\ back\u2028line\u2029sep </script> \u0000 \ud800 lone', label: 'Notes' },
      big: { value: 0.1 + 0.2, label: 'float' },
    } as unknown as LeadData['answers'],
    contact: { email: 'ada@acme.example', name: 'Zoë Ünal' },
    score: { total: 72, tier: 'hot' } as unknown as LeadData['score'],
    attribution: { utm_source: 'newsletter' },
    hidden: {},
    meta: { page: 'https://landing.example/pricing', completedAt: '2026-11-27T10:00:00Z' },
    ...overrides,
  };
  return buildLeadEnvelope(data, new Date('2026-11-27T10:00:00Z'), type);
}

const SAFELISTED_TYPES = ['application/x-www-form-urlencoded', 'multipart/form-data', 'text/plain'];

/**
 * `fetch` as a browser on ORIGIN does it cross-origin (the Fetch standard's CORS checks): it adds
 * `Origin`; a request with a header or content type that is not CORS-safelisted first gets a
 * preflight that must allow it; an answer without the page's `Access-Control-Allow-Origin` is a
 * network error to the page. Records the preflights it made.
 */
function browserFetch(preflights: Array<{ status: number; headers: Headers }>): typeof fetch {
  return (async (url: string | URL | Request, init: RequestInit = {}) => {
    const headers = new Headers(init.headers);
    const unsafe = [...headers.keys()].filter(
      (name) => !(name === 'content-type' && SAFELISTED_TYPES.includes(headers.get(name)!.split(';')[0]!.trim().toLowerCase())) && !['accept', 'accept-language', 'content-language'].includes(name),
    );
    if (unsafe.length) {
      const preflight = await fetch(url, {
        method: 'OPTIONS',
        headers: { origin: ORIGIN, 'access-control-request-method': init.method ?? 'GET', 'access-control-request-headers': unsafe.sort().join(',') },
      });
      preflights.push({ status: preflight.status, headers: preflight.headers });
      const allowed = (preflight.headers.get('access-control-allow-headers') ?? '').split(',').map((name) => name.trim().toLowerCase());
      if (!preflight.ok || preflight.headers.get('access-control-allow-origin') !== ORIGIN || !unsafe.every((name) => allowed.includes(name) || allowed.includes('*')))
        throw new TypeError('Failed to fetch (CORS preflight refused)');
    }
    headers.set('origin', ORIGIN);
    const response = await fetch(url, { method: init.method, headers, body: init.body, redirect: init.redirect, signal: init.signal });
    if (response.headers.get('access-control-allow-origin') !== ORIGIN) throw new TypeError('Failed to fetch (no Access-Control-Allow-Origin)');
    return response;
  }) as typeof fetch;
}

describe('what a browser sends', () => {
  it('lets the widget’s JSON lead through a real browser’s preflight and CORS checks, and forwards its exact bytes, signed', async () => {
    const relay = await relayWith();
    const preflights: Array<{ status: number; headers: Headers }> = [];
    const envelope = widgetLead();
    await sendWebhook(envelope, { url: `${relay.base}/`, fetch: browserFetch(preflights) });

    expect(preflights).toHaveLength(1);
    expect(preflights[0]!.status).toBeLessThan(300);
    expect(preflights[0]!.headers.get('access-control-allow-methods')).toContain('POST');
    expect(hits).toHaveLength(1);
    const [hit] = hits as [Hit];
    // Re-serialising the parsed body gives the widget's own bytes back: nothing is lost or changed.
    expect(hit.raw.equals(Buffer.from(toJson(envelope), 'utf8'))).toBe(true);
    expect(hit.headers['webhook-id']).toBe(envelope.data.id);
    expect(verifies(hit)).toBe(true);
  });

  it('takes the simple transport and a sendBeacon (text/plain, no webhook-id header) by the id in the body', async () => {
    const relay = await relayWith();
    const partial = widgetLead({ revision: 2 }, 'lead.partial');
    await sendWebhook(partial, { url: relay.base, mode: 'simple', fetch: browserFetch([]) });
    const submitted = widgetLead();
    // navigator.sendBeacon(url, new Blob([body], { type: 'text/plain' })), src/embed/page-outbox.ts
    const beacon = () => post(relay.base, toJson(submitted), { 'content-type': 'text/plain' });
    expect((await beacon()).status).toBe(200);
    // The next page load sends the beaconed lead again: a duplicate, not forwarded twice.
    expect(await (await beacon()).json()).toMatchObject({ ok: true, duplicate: true });

    expect(hits.map((hit) => hit.headers['webhook-id'])).toEqual([`${partial.data.id}.partial.2`, submitted.data.id]);
    expect(hits.every(verifies)).toBe(true);
  });
});

describe('abuse from the internet', () => {
  it('is no open proxy: a caller (curl with a forged Origin) chooses neither target, path, method nor headers', async () => {
    const relay = await relayWith();
    for (const method of ['GET', 'PUT', 'PATCH', 'DELETE'])
      expect((await fetch(`${relay.base}${TARGET_PATH}`, { method, headers: { origin: ORIGIN }, body: method === 'GET' ? undefined : '{}' })).status).toBe(405);
    expect(hits).toEqual([]);

    // An Origin header is whatever a non-browser client writes: the check keeps other pages'
    // scripts out, not people. What it forwards is still the relay's own request.
    const forgedSignature = signPayload('whsec_' + Buffer.from('attacker').toString('base64'), 'x', 1, '{}');
    const envelope = leadEnvelope();
    const response = await post(`${relay.base}/admin/../x?target=http://169.254.169.254/&url=http://internal/`, envelope, {
      authorization: 'Bearer stolen',
      cookie: 'session=1',
      'x-forwarded-for': '10.0.0.1',
      'x-forwarded-host': 'internal.example',
      'webhook-timestamp': '1',
      'webhook-signature': forgedSignature,
    });
    expect(response.status).toBe(200);
    expect(hits).toHaveLength(1);
    const [hit] = hits as [Hit];
    expect(`${hit.method} ${hit.url}`).toBe(`POST ${TARGET_PATH}`);
    expect(Object.keys(hit.headers).filter((name) => !['host', 'connection', 'content-length', 'accept', 'accept-language', 'accept-encoding', 'sec-fetch-mode', 'user-agent'].includes(name)).sort()).toEqual([
      'content-type',
      'webhook-id',
      'webhook-signature',
      'webhook-timestamp',
    ]);
    expect(hit.headers['webhook-signature']).not.toContain(forgedSignature.slice(3));
    expect(Math.abs(Number(hit.headers['webhook-timestamp']) - Date.now() / 1000)).toBeLessThan(60);
    expect(verifies(hit)).toBe(true);
  });

  it('forwards each of many concurrent leads once, each copy of each answered 200', async () => {
    const relay = await relayWith();
    answer = (res) => setTimeout(() => res.writeHead(200).end(), 20);
    const leads = Array.from({ length: 100 }, () => leadEnvelope());
    const answers = await Promise.all([...leads, ...leads].map((lead) => post(relay.base, lead, { 'webhook-id': idOf(lead) })));
    expect(answers.map((a) => a.status)).toEqual(Array(200).fill(200));
    expect(hits.map((hit) => hit.headers['webhook-id']).sort()).toEqual(leads.map(idOf).sort());
  });

  /** Posts a chunked body that never ends; resolves with the relay's reply once it has one. */
  async function endlessBody(base: string) {
    const socket = connect(Number(new URL(base).port), '127.0.0.1');
    const state = { reply: '', closed: false, sent: 0 };
    socket.on('data', (chunk) => (state.reply += chunk));
    socket.on('close', () => (state.closed = true));
    socket.on('error', () => {});
    await new Promise((resolve) => socket.once('connect', resolve));
    socket.write(`POST / HTTP/1.1\r\nHost: relay\r\nOrigin: ${ORIGIN}\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n`);
    /** Writes 16 KB chunks (as fast as the socket takes them) until `done` or the socket closes. */
    const pump = async (done: () => boolean) => {
      while (!done() && !state.closed) {
        if (socket.writableLength < 1024 * 1024) {
          socket.write(`4000\r\n${'['.repeat(0x4000)}\r\n`);
          state.sent += 0x4000;
        }
        await new Promise((resolve) => setTimeout(resolve, 1));
      }
    };
    await pump(() => state.reply !== '' || state.sent > 4 * 1024 * 1024);
    return { state, pump, destroy: () => socket.destroy() };
  }

  it('cuts off a body that never ends at 256 KB with a 413, forwarding nothing', async () => {
    const relay = await relayWith();
    const endless = await endlessBody(relay.base);
    endless.destroy();
    expect(endless.state.reply).toMatch(/^HTTP\/1\.1 413 /);
    expect(endless.state.sent).toBeLessThan(1024 * 1024);
    expect(hits).toEqual([]);
    expect(await Promise.all(relay.settled)).toEqual(['resolved']);
  });

  // Was: after its 413 the relay keeps the connection and reads on (demo/relay/relay.ts, the
  // 413 is sent without `connection: close`; demo/receiver/read-body.ts resumes the request
  // "to drain it"): one client streams a body that never ends at wire speed — about 40 MB in
  // 3 s here — until Node's requestTimeout (300 s by default) ends it. With `connection: close`
  // on the 413, Node closes the socket once the answer is out.
  it('closes the connection after its 413 instead of reading a body that never ends', async () => {
    const relay = await relayWith();
    const endless = await endlessBody(relay.base);
    const started = Date.now();
    await endless.pump(() => Date.now() - started > 1000);
    endless.destroy();
    expect(endless.state.reply).toMatch(/^HTTP\/1\.1 413 /);
    expect(endless.state.closed).toBe(true);
    expect(endless.state.sent).toBeLessThan(2 * 1024 * 1024);
  });

  it('refuses an id that is no string, empty or longer than 128 characters, forwarding none', async () => {
    const relay = await relayWith();
    const statuses: number[] = [];
    for (const id of [123, null, ['lead-1'], { id: 'lead-1' }, '', 'x'.repeat(129)]) statuses.push((await post(relay.base, leadEnvelope({ id }))).status);
    expect(statuses).toEqual(Array(6).fill(400));
    expect(hits).toEqual([]);
  });

  // Was: validateEnvelope bounds data.id's length but not its characters, and the relay puts it
  // into the `webhook-id` header (demo/relay/relay.ts, the forward's `headers`). CR/LF or NUL
  // (header injection) and characters past Latin-1 make fetch throw before any request; the
  // forward's `catch { return 503 }` calls that "target unavailable", so the sender is told to
  // retry a lead that can never go out. Surrounding spaces are trimmed from the header by fetch
  // while the signature covers them, so the target gets a lead it cannot verify.
  it('refuses as a bad lead (400) an id that a header cannot carry unchanged, and forwards none of them', async () => {
    const relay = await relayWith();
    const statuses: number[] = [];
    for (const id of ['lead-1\r\nx-injected: yes', 'lead-2\u0000', 'lead-😀', ' lead-4 ']) statuses.push((await post(relay.base, leadEnvelope({ id }))).status);
    expect(statuses).toEqual([400, 400, 400, 400]);
    expect(hits).toEqual([]);
  });

  // Was: `data.revision` is not checked (demo/receiver/envelope.ts validateEnvelope), and
  // messageIdOf puts it into the id: a lead.partial's id escapes the 128-character bound (a
  // 5,000-character `webhook-id` header is forwarded and kept in `seen` for good), or carries
  // CR/LF (answered 503: retried for a week), or reads `….partial.[object Object]`.
  it('refuses a lead.partial whose revision is no positive whole number', async () => {
    const relay = await relayWith();
    const statuses: number[] = [];
    for (const revision of ['9'.repeat(5000), '1\r\nx-injected: yes', {}, -1, 1.5])
      statuses.push((await post(relay.base, { ...leadEnvelope({ revision }), type: 'lead.partial' })).status);
    expect(statuses).toEqual([400, 400, 400, 400, 400]);
    expect(hits.map((hit) => String(hit.headers['webhook-id']).slice(-20))).toEqual([]);
  });
});

describe('the seen store', () => {
  // Was: docs/delivery.md says to pass "a shared `seen` store (a Redis set, a table)" with more
  // than one instance, but `seen` is a `Set<string>` used synchronously (demo/relay/relay.ts,
  // `if (seen.has(id))` and `seen.add(id)`): any store that can be shared answers with a
  // promise, which is truthy, so every lead is answered 200 as a duplicate and never forwarded.
  it('forwards a new lead with a shared store that answers asynchronously, as Redis does', async () => {
    const ids = new Set<string>();
    const shared = { has: async (id: string) => ids.has(id), add: async (id: string) => void ids.add(id) };
    const relay = await relayWith({ seen: shared as unknown as Set<string> });
    const lead = leadEnvelope();
    expect(await (await post(relay.base, lead)).json()).toEqual({ ok: true, id: idOf(lead) });
    expect(hits).toHaveLength(1);
  });

  // Was: the default store is a Set that only grows (demo/relay/relay.ts createRelay,
  // `seen = new Set<string>()`; nothing ever deletes): every id ever forwarded stays in memory,
  // and anyone can add ids (a forged Origin). At 2^24 ids V8 refuses: `seen.add(id)` throws
  // "Set maximum size exceeded" after the target took the lead, the crash handler answers 500,
  // the widget retries, and the lead is forwarded again on every retry, for a week.
  it('answers 2xx for a lead the target took even when its seen store is full (a Set stops at 2^24 ids)', async () => {
    class FullSet extends Set<string> {
      override add(value: string): this {
        if (this.size >= 1) throw new RangeError('Set maximum size exceeded');
        return super.add(value);
      }
    }
    const error = vi.spyOn(console, 'error').mockImplementation(() => {});
    try {
      const relay = await relayWith({ seen: new FullSet(['an-earlier-lead']) });
      const response = await post(relay.base, leadEnvelope());
      // Was a 500 (and every retry of the lead was forwarded and answered 500 again).
      expect([response.status, hits.length]).toEqual([200, 1]);
    } finally {
      error.mockRestore();
    }
  });

  it('answers a copy that arrives while the first forward fails with the same 503 (no lead lost to an early 2xx), and forwards the retry', async () => {
    const relay = await relayWith();
    answer = (res) => setTimeout(() => res.writeHead(502).end(), 100);
    const lead = leadEnvelope();
    const first = post(relay.base, lead);
    await vi.waitFor(() => expect(hits).toHaveLength(1));
    const copy = post(relay.base, lead);
    expect([(await first).status, (await copy).status]).toEqual([503, 503]);
    expect(hits).toHaveLength(1);
    answer = answerWith(204);
    expect((await post(relay.base, lead)).status).toBe(200);
    expect((await post(relay.base, lead)).status).toBe(200);
    expect(hits).toHaveLength(2);
  });

  it('finishes a forward the widget stopped waiting for, and answers its retry as a duplicate', async () => {
    const relay = await relayWith();
    let release = () => {};
    answer = (res) => (release = () => res.writeHead(200).end());
    const lead = leadEnvelope();
    const controller = new AbortController();
    const gaveUp = post(relay.base, lead, {}, { signal: controller.signal }).catch((error: unknown) => error);
    await vi.waitFor(() => expect(hits).toHaveLength(1));
    controller.abort(); // the widget's 10 s are over
    await gaveUp;
    release();
    await vi.waitFor(() => expect(relay.settled).toHaveLength(1));
    await relay.settled[0];
    expect(await (await post(relay.base, lead)).json()).toMatchObject({ ok: true, duplicate: true });
    expect(hits).toHaveLength(1);
  });
});

describe('the target', () => {
  it('maps every answer as documented: what the widget retries and what blames the relay’s set-up (401, 403, 404) to 503, any other non-2xx (redirects too) to a final 422', async () => {
    const errors = vi.spyOn(console, 'error').mockImplementation(() => {});
    const relay = await relayWith();
    const statuses = [200, 201, 202, 204, 408, 425, 429, 500, 501, 502, 503, 504, 599, 300, 301, 302, 303, 304, 307, 308, 400, 401, 403, 404, 409, 410, 413, 422, 451];
    const mapped: Record<number, number> = {};
    for (const status of statuses) {
      answer = answerWith(status, status >= 300 && status < 400 ? { location: '/elsewhere' } : {});
      mapped[status] = (await post(relay.base, leadEnvelope())).status;
    }
    const expected = Object.fromEntries(statuses.map((s) => [s, s < 300 ? 200 : [401, 403, 404, 408, 425, 429].includes(s) || s >= 500 ? 503 : 422]));
    expect(mapped).toEqual(expected);
    errors.mockRestore();
  });

  // Was: a target's 401, 403 or 404 became a final 422, and the widget dropped the lead: after a
  // secret rotated at the target (or a hook moved) every lead was lost until someone noticed,
  // with nothing on the server but a line per lead in the relay's log.
  it('keeps leads when the target refuses the relay itself, and says what to check', async () => {
    const errors = vi.spyOn(console, 'error').mockImplementation(() => {});
    const relay = await relayWith();
    for (const status of [401, 403, 404]) {
      answer = answerWith(status);
      const response = await post(relay.base, leadEnvelope());
      expect(response.status).toBe(503);
      expect(await response.json()).toMatchObject({ ok: false, error: 'target_unavailable', status });
    }
    expect(errors.mock.calls.map((call) => String(call[0]))).toEqual(
      [401, 403, 404].map((status) => expect.stringMatching(new RegExp(`answered .* with ${status}: check the relay's secret and target address`))),
    );
    // The lead itself refused stays final.
    answer = answerWith(400);
    expect((await post(relay.base, leadEnvelope())).status).toBe(422);
  });

  // Was: the target's Retry-After is dropped (demo/relay/relay.ts, the final sendJson of a
  // failed forward): a CRM that rate-limits with `429` + `Retry-After: 120` gets the lead back
  // after the widget's own backoff (from 1 s), again and again, though the CORS headers already
  // expose Retry-After for the widget to honour.
  it('passes the target’s Retry-After on with its 503', async () => {
    const relay = await relayWith();
    answer = answerWith(429, { 'retry-after': '120' });
    const response = await post(relay.base, leadEnvelope());
    expect(response.status).toBe(503);
    expect(response.headers.get('retry-after')).toBe('120');
  });

  it('takes a Google Apps Script 302 or 303 to script.googleusercontent.com as stored, and remembers it', async () => {
    const relay = await relayWith({ redirectMeansStored: (to) => to.hostname === 'script.googleusercontent.com' });
    const statuses: number[] = [];
    for (const [status, location] of [
      [302, 'https://script.googleusercontent.com/macros/echo?user_content_key=abc'],
      [303, 'https://script.googleusercontent.com/macros/echo?user_content_key=def'],
      // Relative: resolved against the target, which is not that host.
      [302, '/macros/echo'],
      [301, 'https://script.googleusercontent.com/macros/echo'],
    ] as const) {
      answer = answerWith(status, { location });
      const lead = leadEnvelope();
      statuses.push((await post(relay.base, lead)).status, (await post(relay.base, lead)).status);
    }
    expect(statuses).toEqual([200, 200, 200, 200, 422, 422, 422, 422]);
    expect(hits).toHaveLength(6);
  });

  // Was: the target's answer is never read nor cancelled (demo/relay/relay.ts, after
  // `await fetch(target, …)` only status and Location are looked at). undici keeps the
  // connection busy until the body is consumed or garbage-collected: a CRM that answers with a
  // page of a few KB (a JSON echo, an HTML "thank you") costs one new connection per lead, held
  // open, body buffered, until the 8 s timeout aborts it (10 open here; 0 once the body is
  // cancelled, 1 reused once it is read).
  it('leaves no connection open per lead to a target that answers with a body', async () => {
    const relay = await relayWith();
    answer = answerWith(200, { 'content-type': 'application/json' }, JSON.stringify({ ok: true, echo: 'x'.repeat(64 * 1024) }));
    for (let i = 0; i < 10; i++) expect((await post(relay.base, leadEnvelope())).status).toBe(200);
    const open = () => new Set(hits.filter((hit) => !hit.socket.destroyed).map((hit) => hit.socket)).size;
    await vi.waitFor(() => expect(open()).toBeLessThanOrEqual(2), { timeout: 1000 });
  });

  it('answers 503 before the widget’s 10 s when the target never answers, and a copy joins that forward', { timeout: 12_000 }, async () => {
    const silent = createServer(() => {});
    const silentHits: string[] = [];
    silent.on('request', (req: IncomingMessage) => silentHits.push(req.url!));
    const relay = await relayWith({ target: await listen(silent) });
    try {
      const lead = leadEnvelope();
      const started = Date.now();
      const first = post(relay.base, lead);
      await vi.waitFor(() => expect(silentHits).toHaveLength(1));
      const copy = post(relay.base, lead);
      const answers = await Promise.all([first, copy]);
      expect(Date.now() - started).toBeLessThan(10_000);
      expect(answers.map((a) => a.status)).toEqual([503, 503]);
      expect(await answers[0]!.json()).toMatchObject({ error: 'target_unavailable' });
      expect(silentHits).toHaveLength(1);
    } finally {
      await closeServer(silent);
    }
  });
});

describe('configuration mistakes', () => {
  // Was: createRelay checks the secret but not `target` (demo/relay/relay.ts createRelay). A
  // webhook URL with a user name and password (as some CRMs hand out), a relative or empty one
  // (an unset environment variable) makes fetch throw for every lead, which the forward's
  // `catch { return 503 }` reports as "target unavailable", logging nothing: every lead is
  // parked in visitors' browsers and retried for a week, and the target never sees one.
  it('refuses at creation a target it can never post to', () => {
    const { port } = new URL(targetUrl);
    for (const bad of [`http://user:pass@127.0.0.1:${port}${TARGET_PATH}`, '', 'crm.example.com/hooks', 'ftp://crm.example.com/hooks', undefined as unknown as string])
      expect(() => createRelay({ target: bad, secret: SECRET, origins: [ORIGIN] }), String(bad)).toThrow();
  });

  // Was: `origins` is compared as given (demo/relay/relay.ts corsFor/relay, `origins.includes`)
  // with the browser's serialised Origin (lower-case, no path, no default port). An owner who
  // writes the address of the page ('https://www.example.com/') or '*' gets a 403 for every
  // lead, and the widget drops a 403 as final: every lead is lost, with nothing on the server.
  it('reads `origins` the way a browser writes Origin, and refuses at creation what is no origin', async () => {
    const relay = await relayWith({ origins: ['https://Landing.example:443/'] });
    expect((await post(relay.base, leadEnvelope())).status).toBe(200);
    for (const bad of ['*', 'landing.example'])
      expect(() => createRelay({ target: targetUrl, secret: SECRET, origins: [bad] }), bad).toThrow();
  });
});

describe('verifyPayload', () => {
  const AT = 1_800_000_000;
  const signed = signPayload(SECRET, 'msg_1', AT, '{"a":1}');
  const base64 = signed.slice('v1,'.length);
  const check = (header: string, options: { now?: number; toleranceSeconds?: number } = {}, timestamp = AT) =>
    verifyPayload(SECRET, 'msg_1', timestamp, '{"a":1}', header, { now: AT * 1000, ...options });

  it('takes only a v1 signature, wherever it stands among others, and a secret with or without whsec_', () => {
    expect(check(`v1a,${base64}`)).toBe(false);
    expect(check(`v2,${base64}`)).toBe(false);
    expect(check(`V1,${base64}`)).toBe(false);
    expect(check(`v1,${base64.replace(/=$/, '')}`)).toBe(false);
    expect(check(`v1a,${base64} v2,${base64} ${signed}`)).toBe(true);
    expect(check(`${signed}  v1,bm9wZQ==`)).toBe(true);
    expect(signPayload(SECRET.slice('whsec_'.length), 'msg_1', AT, '{"a":1}')).toBe(signed);
    expect(verifyPayload('whsec_' + Buffer.from('another key').toString('base64'), 'msg_1', AT, '{"a":1}', signed, { now: AT * 1000 })).toBe(false);
  });

  it('refuses a message signed too long ago or too far ahead, by the tolerance given', () => {
    expect(check(signed, { now: (AT - 301) * 1000 })).toBe(false);
    expect(check(signed, { now: (AT + 299) * 1000 })).toBe(true);
    expect(check(signed, { now: (AT + 11) * 1000, toleranceSeconds: 10 })).toBe(false);
    expect(check(signed, { now: (AT + 10) * 1000, toleranceSeconds: 10 })).toBe(true);
    // A signature on another timestamp, or a timestamp that is no number, does not verify.
    expect(check(signed, {}, AT + 1)).toBe(false);
    expect(check(signed, {}, Number.NaN)).toBe(false);
  });
});
