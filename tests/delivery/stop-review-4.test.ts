import { readFileSync } from 'node:fs';
import { describe, expect, it, vi } from 'vitest';
import { createRelay } from '../../demo/relay/relay.ts';
import {
  createAnalyticsQueue,
  createOutbox,
  deliverLead,
  memoryStorage,
  UrlError,
  type OutboxEvent,
  type SendLock,
} from '../../src/delivery/index.ts';
import { hasCredentials } from '../../src/shared/url-scheme.ts';
import { NOW_MS, sampleEnvelope } from './fixtures.ts';
import { listen, scriptedServer, type Answer, type Hit } from './support/scripted-server.ts';

/** Review of 8da52f7..54e042a: delivery side (UrlError on every sending path, the relay and the docs' relay advice). */

/** A server on 127.0.0.1 answering as `answer` says (given its own origin); every request recorded. */
const serve = (answer: (hit: Hit, origin: string) => Answer) => scriptedServer((hit, { origin }) => answer(hit, origin));

const noLock: SendLock = { run: async (_name, task) => (await task(), true) };
const CREDENTIALS_URL = 'https://user:secret@hooks.example.test/lead';

describe('hasCredentials: only a user name or password before the host', () => {
  it.each([
    'https://user:secret@hooks.example.test/lead',
    'HTTPS://USER:SECRET@HOOKS.EXAMPLE.TEST/lead',
    'https://user@hooks.example.test/lead',
    'http://user:secret@[::1]:8080/lead',
    'https://user%40corp.example:p%40ss@hooks.example.test/',
  ])('%s holds credentials', (url) => {
    expect(hasCredentials(url)).toBe(true);
    // What the browser's URL parser says (Fetch refuses a URL with either part).
    const parsed = new URL(url);
    expect(parsed.username || parsed.password).not.toBe('');
  });

  it.each([
    'https://hooks.example.test/team/@sales',
    'https://hooks.example.test/lead?notify=ops@example.com',
    'https://hooks.example.test/lead#ops@example.com',
    'https://hooks.example.test?notify=a@b',
    'https://[2001:db8::1]:8443/lead',
    'http://[::1]/lead',
    '/hooks/@team',
    'leads/hook?cc=a@b.example',
    'mailto:ops@example.com',
    'https://hooks.example.test/r?next=https://user:pw@elsewhere.example/',
  ])('%s holds none', (url) => {
    expect(hasCredentials(url)).toBe(false);
  });
});

describe('a webhook URL with user:password on every sending path', () => {
  it('deliverLead: final at once, no request, retryable false', async () => {
    const fetch = vi.fn<typeof globalThis.fetch>();
    const outcome = await deliverLead(sampleEnvelope(), { url: CREDENTIALS_URL, fetch, sleep: async () => {} });
    expect(outcome).toMatchObject({ ok: false, attempts: 1, retryable: false });
    expect(!outcome.ok && outcome.error).toBeInstanceOf(UrlError);
    expect(fetch).not.toHaveBeenCalled();
  });

  it('the outbox: a `failed` event, the lead removed, no request', async () => {
    const events: OutboxEvent[] = [];
    const fetch = vi.fn<typeof globalThis.fetch>();
    const outbox = createOutbox({ storage: memoryStorage(), lock: noLock, fetch, now: () => NOW_MS, random: () => 0.5, onEvent: (e) => events.push(e) });
    outbox.add(sampleEnvelope(), CREDENTIALS_URL);
    await outbox.flush();
    outbox.dispose();
    expect(events.map((e) => e.type)).toEqual(['failed']);
    expect(events[0]).toMatchObject({ error: { name: 'UrlError' } });
    expect(outbox.pending()).toEqual([]);
    expect(fetch).not.toHaveBeenCalled();
  });

  it("the page being left (leave(), keepalive): a stored lead for such a URL is reported as failed, not sent", async () => {
    const events: OutboxEvent[] = [];
    const fetch = vi.fn<typeof globalThis.fetch>();
    const storage = memoryStorage();
    // Stored by an earlier version (it retried such leads for a week): found on leaving.
    const entry = { url: CREDENTIALS_URL, mode: 'cors', envelope: sampleEnvelope(), createdAt: NOW_MS, attempts: 3, nextAt: NOW_MS + 20_000 };
    storage.set(`lead:${entry.envelope.data.id}|${CREDENTIALS_URL}`, JSON.stringify(entry));
    const outbox = createOutbox({ storage, lock: noLock, fetch, now: () => NOW_MS, random: () => 0.5, onEvent: (e) => events.push(e) });
    outbox.leave();
    await vi.waitFor(() => expect(events.map((e) => e.type)).toEqual(['failed']));
    outbox.dispose();
    expect(outbox.pending()).toEqual([]);
    expect(fetch).not.toHaveBeenCalled();
  });

  it('the analytics queue: given up once, without a request or a retry', async () => {
    const fetch = vi.fn<typeof globalThis.fetch>();
    const onGiveUp = vi.fn();
    let n = 0;
    const queue = createAnalyticsQueue({ url: CREDENTIALS_URL, newId: () => `b${++n}`, fetch, onGiveUp, batchSize: 1, now: () => NOW_MS });
    queue.add({ type: 'step', step: 'role', index: 0, at: NOW_MS } as never);
    await vi.waitFor(() => expect(onGiveUp).toHaveBeenCalledTimes(1));
    expect(onGiveUp.mock.calls[0]![0]).toBeInstanceOf(UrlError);
    expect(fetch).not.toHaveBeenCalled();
  });
});

// ---------------------------------------------------------------------------------------------
// The relay advice for Google Apps Script (docs/delivery.md step 5, README's delivery list).

const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
const PAGE_ORIGIN = 'https://www.example.com';
const fromPage: typeof fetch = (url, init) => fetch(url, { ...init, headers: { ...(init?.headers as Record<string, string>), origin: PAGE_ORIGIN } });

async function startRelay(target: string, redirectMeansStored?: (to: URL) => boolean) {
  const relay = createRelay({ target, secret: SECRET, origins: [PAGE_ORIGIN], ...(redirectMeansStored && { redirectMeansStored }) });
  return `${await listen((req, res) => void relay(req, res))}/`;
}

/**
 * A web app deployed from Apps Script, as tests/e2e/receivers-edges.test.ts models it: a POST
 * to /exec runs doPost (the lead is stored) and is answered with a 302 to a one-time, GET-only
 * echo address.
 */
const appsScript = () =>
  serve((hit, origin) => {
    if (hit.path.startsWith('/macros/s/')) return hit.method === 'POST' ? { status: 302, headers: { location: `${origin}/macros/echo?user_content_key=k1` } } : { status: 405 };
    return hit.method === 'GET' ? { status: 200, body: '{"result":"ok"}' } : { status: 405 };
  });

describe('a relay in front of a Google Apps Script web app, as the docs advise', () => {
  const docs = ['README.md', 'docs/delivery.md'].map((file) => readFileSync(new URL(`../../${file}`, import.meta.url), 'utf8')).join('\n');

  it('the docs do advise a relay for Apps Script', () => {
    expect(docs).toMatch(/Google Apps Script web app is the exception[\s\S]*put the\s+relay \(below\) in front of it with `redirectMeansStored: \(to\) => to\.hostname ===\s+'script\.googleusercontent\.com'`/);
    expect(docs).toMatch(/a redirect too, which the relay does not\s+follow — becomes a `422` \(final\)/);
  });

  // Was: the docs advised a relay in front of Apps Script, but the relay (refusing redirects
  // since this stop) turned its 302 into a final 422, as without it. The relay takes the 302 as
  // delivered when told the target answers so (`redirectMeansStored`), and the docs say so.
  it('through the relay told so, an Apps Script lead that doPost stored counts as delivered', async () => {
    const script = await appsScript();
    // The fake Apps Script's echo address is on 127.0.0.1; Google's is script.googleusercontent.com.
    const relayUrl = await startRelay(`${script.origin}/macros/s/AKfycb/exec`, (to) => to.pathname === '/macros/echo');
    const outcome = await deliverLead(sampleEnvelope(), { url: relayUrl, fetch: fromPage, sleep: async () => {} });
    // doPost ran once: the lead is in the sheet.
    expect(script.hits.filter((h) => h.method === 'POST').length).toBe(1);
    expect(outcome).toEqual({ ok: true, attempts: 1 });
  });
});
