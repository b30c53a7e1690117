import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Page } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import { launchBrowser, sleep } from './support/browser.ts';
import { DEMO_FLOW_URL } from './support/demo-flow.ts';
import { inlineFlow, landingPage, recordLeadFlowEvents, snippet, STUDENT, submitStudentLead } from './support/pages.ts';
import { demoFlowJson } from './support/embed-pages.ts';
import { browserSuite } from './support/suite.ts';
import { corsHeaders, readBody } from './support/webhook-receiver.ts';

const chromiumPath = inject('chromiumPath');
/** Stored leads: the page's (`leadflow:outbox:lead:…`) and those of widgets with their own fetch (`leadflow:outbox:own:<owner>:lead:…`). */
const OUTBOX_KEY = /^leadflow:outbox:(own:.*:)?lead:/;

interface Hit {
  method: string;
  path: string;
  body: string;
  webhookId: string;
  status?: number;
}

/** A receiver whose behaviour per path is set by the test; every request is recorded. */
async function startAuditReceiver(handle: (req: IncomingMessage, hit: Hit) => { status: number; headers?: Record<string, string>; delayMs?: number }) {
  const hits: Hit[] = [];
  const server: Server = createServer(async (req, res) => {
    const body = await readBody(req);
    if (req.method === 'OPTIONS') return res.writeHead(204, corsHeaders(req)).end();
    const hit: Hit = { method: req.method!, path: req.url!, body, webhookId: String(req.headers['webhook-id'] ?? '') };
    hits.push(hit);
    const { status, headers = {}, delayMs = 0 } = handle(req, hit);
    hit.status = status;
    if (delayMs) await new Promise((resolve) => setTimeout(resolve, delayMs));
    res.writeHead(status, { ...corsHeaders(req), ...headers }).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { origin, hits, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

/** Delivery at the edges, found by an audit after delivery-faults.test.ts: redirects, tabs sharing copied sessionStorage, widgets with their own fetch, the back/forward cache. */
describe.skipIf(!chromiumPath)('delivery at the edges, in a real browser', () => {
  // Each test starts a receiver that answers as it needs; the suite's own goes unused.
  const suite = browserSuite(chromiumPath, { shareContexts: true });
  const { sessions } = suite;

  const storedKeys = (page: Page) => page.evaluate((pattern) => Object.keys(localStorage).filter((k) => new RegExp(pattern).test(k)), OUTBOX_KEY.source);

  // A webhook answering 301, 302 or 303 (http → https, a trailing slash, a moved endpoint): the
  // browser would repeat the request as a GET without the lead, and that GET's 200 looked
  // delivered, so the outbox dropped the lead with no word to the site owner. A redirect is now
  // not followed and is refused like a 4xx: reported, with what to do (src/delivery/send-webhook.ts).
  it('a 301 from the webhook is reported as a refusal, not taken as delivered by a GET without the lead', async () => {
    const receiver = await startAuditReceiver((_req, hit) =>
      hit.path === '/webhook' ? { status: 301, headers: { location: '/webhook/' } } : { status: 200 },
    );
    try {
      const pageUrl = suite.site.page('/redirect.html', landingPage(snippet({ flow: DEMO_FLOW_URL, webhook: `${receiver.origin}/webhook` })));
      const { page } = await sessions.open();
      await recordLeadFlowEvents(page);
      await page.goto(pageUrl);
      const id = await submitStudentLead(page);
      const failure = await page.waitForFunction(() =>
        (window as unknown as { __leadflowEvents: Array<{ type: string; detail: { code?: string; message?: string } }> }).__leadflowEvents.find(
          (e) => e.type === 'leadflow:error' && e.detail.code === 'delivery_failed',
        )?.detail.message,
      );
      expect(await failure.jsonValue()).toBe(
        `lead ${id} was refused by ${receiver.origin}/webhook after 1 attempt(s): Webhook answered with a redirect: use the address it redirects to`,
      );
      await sleep(300);
      expect(receiver.hits.map((h) => [h.method, h.path, h.status])).toEqual([['POST', '/webhook', 301]]);
    } finally {
      await receiver.close();
    }
  });
  // A tab opened with window.open (or the browser's "Duplicate tab") gets a copy of
  // sessionStorage, so both tabs carried the same lead id, and a receiver de-duplicating by
  // webhook-id kept one of two real leads. A shown page now holds its lead id's Web Lock; the
  // copy finds it taken and takes a new id (src/embed/start-widget.tsx).
  it('two tabs that share copied sessionStorage submit two leads with two different ids', async () => {
    const received: Array<{ id: string; role: string }> = [];
    const receiver = await startAuditReceiver((_req, hit) => {
      const body = JSON.parse(hit.body) as { data: { id: string; answers: { role: { value: string } } } };
      received.push({ id: body.data.id, role: body.data.answers.role.value });
      return { status: 200 };
    });
    try {
      const flow = demoFlowJson();
      // "Just researching" also ends the flow at once, so each tab submits with one click.
      (flow.steps[0] as unknown as { next: unknown[] }).next.push({ if: { answer: 'role', is: 'research' }, goto: 'end_student' });
      const body = `${inlineFlow('flow', flow)}\n${snippet({ flow: '#flow', webhook: `${receiver.origin}/webhook` })}`;
      const pageUrl = suite.site.page('/duplicated.html', landingPage(body));
      const { context, page: first } = await sessions.open();
      await first.goto(pageUrl);
      await first.getByRole('radio', { name: STUDENT }).waitFor();
      const [second] = await Promise.all([context.waitForEvent('page'), first.evaluate(() => void window.open(location.href))]);
      await second.getByRole('radio', { name: STUDENT }).waitFor();

      await first.getByRole('radio', { name: STUDENT }).check();
      await first.getByRole('button', { name: 'Absenden' }).click();
      await second.getByRole('radio', { name: 'Ich recherchiere nur' }).check();
      await second.getByRole('button', { name: 'Absenden' }).click();
      await expect.poll(() => received.length, { timeout: 5_000 }).toBe(2);

      expect(received.map((r) => r.role).sort()).toEqual(['research', 'student']);
      // Two visitors' submissions, two leads: a receiver de-duplicating by id must keep both.
      expect(new Set(received.map((r) => r.id)).size, JSON.stringify(received)).toBe(2);
    } finally {
      await receiver.close();
    }
  });
  // A widget with its own `fetch` (a key, a proxy) kept its leads where the page's outbox,
  // which sends with the browser's fetch, resent them on the next load: the receiver refused
  // them (401) and they were dropped as final. They are kept apart now (src/embed/page-outbox.ts).
  it("a lead of a widget with its own fetch is never resent without that fetch after a reload", async () => {
    let accept = false;
    const receiver = await startAuditReceiver((_req, hit) => {
      // Refusing a request without the key is quick; the outage answer takes a moment.
      if (!hit.path.includes('key=secret')) return { status: 401 };
      return { status: accept ? 200 : 503, delayMs: 300 };
    });
    try {
      const mountScript = `<div id="w"></div>
<script src="/leadflow.js"></script>
<script>
  LeadFlow.mount(document.getElementById('w'), {
    flow: ${JSON.stringify(DEMO_FLOW_URL)}, webhook: ${JSON.stringify(`${receiver.origin}/webhook`)}, locale: 'de', lazy: false, minFillMs: 0,
    // The site's own fetch: the receiver wants its key.
    fetch: (url, init) => fetch(String(url).includes('/webhook') ? url + '?key=secret' : url, init),
  });
</script>`;
      const pageUrl = suite.site.page('/own-fetch.html', landingPage(mountScript));
      const { page } = await sessions.open();
      await recordLeadFlowEvents(page);
      await page.goto(pageUrl);
      const id = await submitStudentLead(page);
      await expect.poll(() => receiver.hits.length, { timeout: 5_000 }).toBeGreaterThanOrEqual(1);
      expect((await storedKeys(page)).length).toBe(1);

      // The visitor reloads during the outage; then the receiver is back.
      await page.reload();
      await page.getByRole('radio', { name: STUDENT }).waitFor();
      await sleep(1_000);
      accept = true;
      await sleep(4_000);
      const report = JSON.stringify(receiver.hits.map((h) => [h.method, h.path, h.status]));
      const delivered = receiver.hits.some((h) => h.status === 200 && h.body.includes(id));
      const stillStored = (await storedKeys(page)).length > 0;
      expect(delivered || stillStored, report).toBe(true);
    } finally {
      await receiver.close();
    }
  });

  it('a page whose visitor has begun the form is still kept in the back/forward cache, and its lead keeps its id', async () => {
    // Playwright turns the cache off by default; a browser of its own has it on.
    const cached = await launchBrowser(chromiumPath, [], { backForwardCache: true });
    const receiver = await startAuditReceiver(() => ({ status: 200 }));
    try {
      const page = await cached.newPage();
      await recordLeadFlowEvents(page);
      await page.goto(suite.site.page('/bfcache.html', landingPage(`<script>addEventListener('pageshow', (e) => (window.__shown ||= []).push(e.persisted))</script>
${inlineFlow('flow', demoFlowJson())}\n${snippet({ flow: '#flow', webhook: `${receiver.origin}/webhook` })}`), { 'cache-control': 'no-cache' }));
      await page.getByRole('radio', { name: STUDENT }).check();
      await sleep(300);
      await page.goto(suite.site.page('/elsewhere.html', landingPage('<p>Anderswo</p>')));
      await page.goBack({ waitUntil: 'commit' });
      await expect.poll(() => page.evaluate(() => (window as unknown as { __shown?: boolean[] }).__shown)).toEqual([false, true]);
      const id = await submitStudentLead(page);
      await expect.poll(() => receiver.hits.length, { timeout: 5_000 }).toBe(1);
      expect(JSON.parse(receiver.hits[0]!.body).data.id).toBe(id);
    } finally {
      await Promise.all([cached.close(), receiver.close()]);
    }
  });

  // In a document with an opaque origin (a sandboxed frame, a `Content-Security-Policy: sandbox`
  // page) `navigator.locks.request()` rejects with SecurityError: the lead-id lock must not
  // leave that unhandled on the host page (src/embed/start-widget.tsx).
  it('a sandboxed page (opaque origin) gets no unhandled rejection from the lead-id lock', async () => {
    const receiver = await startAuditReceiver(() => ({ status: 200 }));
    try {
      const body = `${inlineFlow('flow', demoFlowJson())}\n${snippet({ flow: '#flow', webhook: `${receiver.origin}/webhook` })}`;
      const session = await sessions.open();
      await session.page.goto(suite.site.page('/sandboxed.html', landingPage(body), { 'content-security-policy': 'sandbox allow-scripts' }));
      await session.page.getByRole('radio', { name: STUDENT }).waitFor();
      await sleep(500);
      // Taken out of the session, so the failure is this assertion's and not afterEach's.
      const errors = session.pageErrors.splice(0).map(String);
      expect(errors).toEqual([]);
    } finally {
      await receiver.close();
    }
  });

  // Widgets with fetches of their own keep their leads apart from each other too (by webhook,
  // or flow): widget b's lead, waiting out an outage, is not sent with a's key on the next page
  // (refused with 401, it would be dropped as final).
  it("a lead of a widget with its own fetch is never sent with another widget's fetch", async () => {
    const receiver = await startAuditReceiver((_req, hit) => {
      const [path, query = ''] = hit.path.split('?');
      // Each receiver path wants its own key: /a wants key=a, /b wants key=b.
      if (query !== `key=${path!.slice(1)}`) return { status: 401 };
      // An outage at b's receiver, so b's lead waits in the outbox.
      return { status: 503 };
    });
    try {
      const widget = (name: string) => `<div id="w-${name}"></div>
<script src="/leadflow.js"></script>
<script>
  LeadFlow.mount(document.getElementById('w-${name}'), {
    flow: '#flow', webhook: ${JSON.stringify(receiver.origin)} + '/${name}', locale: 'de', lazy: false, minFillMs: 0,
    fetch: (url, init) => fetch(String(url).startsWith(${JSON.stringify(receiver.origin)}) ? url + '?key=${name}' : url, init),
  });
</script>`;
      const { page } = await sessions.open();
      await recordLeadFlowEvents(page);
      await page.goto(suite.site.page('/own-b.html', landingPage(`${inlineFlow('flow', demoFlowJson())}\n${widget('b')}`)));
      await page.getByRole('radio', { name: STUDENT }).check();
      await page.getByRole('button', { name: 'Absenden' }).click();
      await expect.poll(() => receiver.hits.length, { timeout: 5_000 }).toBeGreaterThanOrEqual(1);
      // The visitor goes on to another page of the site, whose widget has a fetch of its own.
      await page.goto(suite.site.page('/own-a.html', landingPage(`${inlineFlow('flow', demoFlowJson())}\n${widget('a')}`)));
      await page.getByRole('radio', { name: STUDENT }).waitFor();
      await sleep(1_500);
      expect(receiver.hits.map((h) => [h.path, h.status]).filter(([path]) => path === '/b?key=a')).toEqual([]);
      // b's lead is still stored, for b's widget to send.
      expect(await storedKeys(page)).toEqual([expect.stringMatching(/^leadflow:outbox:own:http:.*\/b:lead:/)]);
    } finally {
      await receiver.close();
    }
  });
});
