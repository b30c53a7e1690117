import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { sleep, until } from './support/browser.ts';
import { landingPage, snippet } from './support/pages.ts';
import { browserSuite } from './support/suite.ts';
import { corsHeaders, readBody } from './support/webhook-receiver.ts';

const chromiumPath = inject('chromiumPath');
const OUTBOX_PREFIX = 'leadflow:outbox:lead:';
const DAY_MS = 24 * 3600 * 1000;

interface Hit {
  path: string;
  id: string;
  bytes: number;
  status?: number;
}

/** A receiver that records every POST (lead id from the body) and answers 2xx after `delayMs`. */
async function startSlowReceiver() {
  const hits: Hit[] = [];
  let delayMs = 0;
  const server: Server = createServer((req, res) => {
    void (async () => {
      const raw = await readBody(req);
      if (req.method === 'OPTIONS') return res.writeHead(204, corsHeaders(req)).end();
      let id = '';
      try {
        const body = JSON.parse(raw) as { type?: string; data?: { id?: string; revision?: number } };
        id = body.type === 'lead.partial' ? `${body.data?.id}.partial.${body.data?.revision}` : (body.data?.id ?? '');
      } catch {
        // not JSON
      }
      const hit: Hit = { path: req.url ?? '/', id, bytes: Buffer.byteLength(raw) };
      hits.push(hit);
      if (delayMs) await sleep(delayMs);
      hit.status = 200;
      res.writeHead(200, corsHeaders(req)).end();
    })().catch(() => res.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    url: `${origin}/webhook`,
    hits,
    delivered: () => new Set(hits.filter((h) => h.path === '/webhook' && h.status === 200).map((h) => h.id)),
    setDelay(ms: number) {
      delayMs = ms;
    },
    reset() {
      hits.length = 0;
      delayMs = 0;
    },
    close() {
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** A stored outbox entry as an earlier page load of this version leaves it. */
function storedLead(id: string, url: string, page: string, bigText: string, createdAt: number) {
  return {
    url,
    mode: 'cors',
    envelope: {
      type: 'lead.submitted',
      timestamp: new Date(createdAt).toISOString(),
      data: {
        id,
        flow: { id: 'saas-bant', version: 1 },
        locale: 'de',
        answers: { notes: { value: bigText, label: bigText } },
        contact: { email: 'anna@example.com' },
        score: { total: 50, tier: 'warm' },
        attribution: {},
        hidden: {},
        meta: { page },
      },
    },
    createdAt,
    attempts: 0,
    nextAt: createdAt,
  };
}

/** Seeds the site's localStorage with `entries` (on a page without the widget). */
async function seed(page: Page, seedUrl: string, entries: Array<ReturnType<typeof storedLead>>) {
  await page.goto(seedUrl);
  await page.evaluate(
    ({ prefix, entries }) => {
      for (const entry of entries) localStorage.setItem(`${prefix}${entry.envelope.data.id}|${entry.url}`, JSON.stringify(entry));
    },
    { prefix: OUTBOX_PREFIX, entries },
  );
}

const storedIds = (page: Page) =>
  page.evaluate((prefix) => Object.keys(localStorage).filter((k) => k.startsWith(prefix)).map((k) => k.slice(prefix.length).split('|')[0]!), OUTBOX_PREFIX);

describe('delivery at the browser limits (Chromium, dist/leadflow.js)', () => {
  const suite = browserSuite(chromiumPath, { shareContexts: true });
  let receiver: Awaited<ReturnType<typeof startSlowReceiver>>;
  beforeAll(async () => {
    receiver = await startSlowReceiver();
  });
  afterAll(() => receiver?.close());

  const widgetPage = (path: string) =>
    suite.site.page(path, landingPage(snippet({ flow: '/flows/saas-bant.json', webhook: receiver.url })));

  // Was: leads waiting a week (a visitor offline, then back) are resumed on the next load all at
  // once, each with `keepalive: true`. Past Chromium's 64 KiB keepalive budget the browser refuses
  // the extra requests before they go out (TypeError), which the outbox takes as the lead's failed
  // "last try" and drops it with lead_expired: a lead lost that was never put on the wire.
  // Cause: src/delivery/outbox.ts `send` (catch: `entry.last` → remove) together with
  // src/delivery/send-webhook.ts `postBody` (keepalive for every body under 60 KB, whatever is
  // already in flight). Fixed: `postBody` keeps a running total of the keepalive bytes in
  // flight and sends without keepalive past it (tests/delivery/send-webhook.test.ts).
  it('resuming expired leads that together exceed the keepalive budget sends each of them before dropping any', async () => {
    receiver.reset();
    receiver.setDelay(600);
    const { page } = await suite.sessions.open();
    const seedUrl = suite.site.page('/limits-seed-1.html', landingPage(''));
    const pageUrl = widgetPage('/limits-expired.html');
    const weekAgo = Date.now() - 8 * DAY_MS;
    // Six leads with a long answer each (about 15 KB of JSON): about 90 KB together.
    const ids = Array.from({ length: 6 }, (_, i) => `expired-lead-${i}`);
    await seed(page, seedUrl, ids.map((id, i) => storedLead(id, receiver.url, pageUrl, String(i).repeat(7_000), weekAgo)));
    await page.goto(pageUrl);
    await until(async () => (await storedIds(page)).length === 0 && receiver.hits.every((h) => h.status), 10_000);
    const arrived = new Set(receiver.hits.filter((h) => h.path === '/webhook').map((h) => h.id));
    expect([...arrived].sort()).toEqual(ids);
  });

  it('resuming fresh leads that together exceed the keepalive budget: every one arrives, each answered 2xx once', async () => {
    receiver.reset();
    receiver.setDelay(600);
    const { page } = await suite.sessions.open();
    const seedUrl = suite.site.page('/limits-seed-2.html', landingPage(''));
    const pageUrl = widgetPage('/limits-fresh.html');
    const ids = Array.from({ length: 6 }, (_, i) => `fresh-lead-${i}`);
    await seed(page, seedUrl, ids.map((id, i) => storedLead(id, receiver.url, pageUrl, String(i).repeat(7_000), Date.now() - 60_000)));
    await page.goto(pageUrl);
    expect(await until(async () => (await storedIds(page)).length === 0, 20_000)).toBe(true);
    const answered = receiver.hits.filter((h) => h.path === '/webhook' && h.status === 200).map((h) => h.id);
    expect(answered.sort()).toEqual(ids);
  });

  it('resumes a stored lead bigger than the keepalive budget (sent without keepalive) and removes it once answered', async () => {
    receiver.reset();
    const { page } = await suite.sessions.open();
    const seedUrl = suite.site.page('/limits-seed-3.html', landingPage(''));
    const pageUrl = widgetPage('/limits-huge.html');
    await seed(page, seedUrl, [storedLead('huge-lead', receiver.url, pageUrl, '\u00e4'.repeat(40_000), Date.now() - 60_000)]);
    await page.goto(pageUrl);
    expect(await until(async () => (await storedIds(page)).length === 0, 10_000)).toBe(true);
    const hits = receiver.hits.filter((h) => h.path === '/webhook');
    expect(hits.map((h) => h.id)).toEqual(['huge-lead']);
    expect(hits[0]!.bytes).toBeGreaterThan(64 * 1024);
  });
});
