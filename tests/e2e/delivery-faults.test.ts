import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchBrowser, PageSessions, sleep } from './support/browser.ts';
import { DEMO_FLOW_URL } from './support/demo-flow.ts';
import { FAULTS, startFaultReceiver, type Arrival, type Fault, type FaultReceiver } from './support/fault-receiver.ts';
import { landingPage, recordLeadFlowEvents, snippet, STUDENT, submitStudentLead } from './support/pages.ts';
import { startStaticServer, type StaticServer } from './support/static-server.ts';

const chromiumPath = inject('chromiumPath');

/** The one-click path through the demo flow: choosing "student" makes the first step the last. */
const STUDENT_END = 'Danke, dass Sie vorbeischauen!';
const OUTBOX_PREFIX = 'leadflow:outbox:lead:';

/** A lead as the outbox keeps it in localStorage. */
interface StoredLead {
  key: string;
  id: string;
  attempts: number;
  nextAt: number;
}

/** Figures over the whole file, printed as one line at the end. */
const figures = {
  leads: 0,
  lost: 0,
  posts: 0,
  preflights: 0,
  /** Accepted (2xx) POSTs beyond the first per webhook-id: what the receiver's de-dup dropped. */
  duplicates: 0,
  /** POSTs beyond the first per webhook-id, whatever their answer (the retries). */
  repeats: 0,
  maxInFlightPerId: 0,
  faults: {} as Record<string, number>,
  perScenario: [] as string[],
};

describe.skipIf(!chromiumPath)('lead delivery through a faulty webhook, in a real browser', () => {
  let browser: Browser;
  let site: StaticServer;
  let receiver: FaultReceiver;
  const sessions = new PageSessions(() => browser);
  let pageUrl: string;
  let otherPageUrl: string;

  beforeAll(async () => {
    [browser, site, receiver] = await Promise.all([launchBrowser(chromiumPath), startStaticServer(inject('bundleDir')), startFaultReceiver()]);
    const widget = snippet({ flow: DEMO_FLOW_URL, webhook: receiver.url });
    pageUrl = site.page('/landing.html', landingPage(widget));
    otherPageUrl = site.page('/preise.html', landingPage(`<h2>Preise</h2>\n${widget}`));
  });

  afterEach(async () => {
    await sessions.closeAll();
    receiver.reset();
  });

  afterAll(async () => {
    const faults = Object.entries(figures.faults)
      .map(([kind, n]) => `${kind}:${n}`)
      .join(',');
    console.info(
      `delivery-faults: leads=${figures.leads} faults={${faults}} lost=${figures.lost} posts=${figures.posts} ` +
        `preflights=${figures.preflights} retries=${figures.repeats} duplicatesBeforeDedup=${figures.duplicates} ` +
        `maxInFlightPerId=${figures.maxInFlightPerId} | ${figures.perScenario.join(' | ')}`,
    );
    await Promise.all([browser?.close(), site?.close(), receiver?.close()]);
  });

  /** Opens a page with the widget in a fresh browser context (a new visitor), recording its events. */
  async function visitor(url = pageUrl) {
    const session = await sessions.open();
    await recordLeadFlowEvents(session.page);
    await session.page.goto(url);
    return session;
  }

  /** Another tab in the same context (same localStorage, same Web Locks). */
  async function anotherTab(context: BrowserContext, url: string, pageErrors: Error[]): Promise<Page> {
    const page = await context.newPage();
    page.on('pageerror', (error) => pageErrors.push(error));
    await page.goto(url);
    await page.getByRole('radio', { name: STUDENT }).waitFor();
    return page;
  }

  function storedLeads(page: Page): Promise<StoredLead[]> {
    return page.evaluate((prefix) => {
      const leads: StoredLead[] = [];
      for (const key of Object.keys(localStorage)) {
        if (!key.startsWith(prefix)) continue;
        const entry = JSON.parse(localStorage.getItem(key)!) as { envelope: { data: { id: string } }; attempts: number; nextAt: number };
        leads.push({ key, id: entry.envelope.data.id, attempts: entry.attempts, nextAt: entry.nextAt });
      }
      return leads;
    }, OUTBOX_PREFIX);
  }

  /** Polls `check` until it holds or `timeoutMs` passes; says which. */
  async function eventually(check: () => boolean | Promise<boolean>, timeoutMs: number, everyMs = 100): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (await check()) return true;
      if (Date.now() > deadline) return false;
      await sleep(everyMs);
    }
  }

  /**
   * Waits until every lead was accepted and the outboxes of `pages` are empty (so no later
   * retry can add a duplicate), then checks and records: each lead arrived, and exactly once
   * after de-duplication by webhook-id; every attempt of a lead carried the same webhook-id
   * (its id) and a byte-identical body; nothing else was posted.
   */
  async function expectDeliveredOnce(scenario: string, leadIds: string[], pages: Page[], timeoutMs = 20_000): Promise<Arrival[]> {
    const delivered = () => receiver.delivered();
    const allArrived = await eventually(() => leadIds.every((id) => delivered().has(id)), timeoutMs);
    const outboxesEmpty = await eventually(async () => {
      for (const page of pages) if ((await storedLeads(page)).length) return false;
      return true;
    }, timeoutMs);
    // Let an answer still on its way settle, so its outcome counts.
    await eventually(() => receiver.arrivals.every((a) => a.outcome !== undefined), 5_000);

    const arrivals = [...receiver.arrivals];
    const accepted = arrivals.filter((a) => typeof a.outcome === 'number' && a.outcome < 300);
    const lost = leadIds.filter((id) => !delivered().has(id));
    const duplicates = accepted.length - new Set(accepted.map((a) => a.webhookId)).size;
    const repeats = arrivals.length - new Set(arrivals.map((a) => a.webhookId)).size;
    const maxInFlight = Math.max(0, ...receiver.maxInFlight().values());
    const faults = receiver.faultCounts();
    figures.leads += leadIds.length;
    figures.lost += lost.length;
    figures.posts += arrivals.length;
    figures.preflights += receiver.preflights;
    figures.duplicates += duplicates;
    figures.repeats += repeats;
    figures.maxInFlightPerId = Math.max(figures.maxInFlightPerId, maxInFlight);
    for (const [kind, n] of Object.entries(faults)) figures.faults[kind] = (figures.faults[kind] ?? 0) + n;
    const faultText = Object.entries(faults)
      .map(([kind, n]) => `${kind}:${n}`)
      .join(',');
    figures.perScenario.push(
      `${scenario}: ${leadIds.length} lead(s), ${arrivals.length} POST(s), faults {${faultText}}, lost ${lost.length}, duplicates ${duplicates}`,
    );

    expect(lost, `leads never accepted (${scenario}; all arrived in time: ${allArrived})`).toEqual([]);
    expect(outboxesEmpty, `outbox emptied in every open tab (${scenario})`).toBe(true);
    // Nothing but these leads was posted, and only lead.submitted: its webhook-id is the lead id.
    expect(new Set(arrivals.map((a) => a.webhookId))).toEqual(new Set(leadIds));
    for (const id of leadIds) {
      const attempts = arrivals.filter((a) => a.webhookId === id || a.dataId === id);
      expect(attempts.length, `attempts of ${id}`).toBeGreaterThan(0);
      for (const attempt of attempts) {
        expect(attempt.webhookId, `webhook-id of attempt ${attempt.attemptOfId} of ${id}`).toBe(id);
        expect(attempt.dataId, `data.id of attempt ${attempt.attemptOfId} of ${id}`).toBe(id);
        expect(attempt.rawBody, `body of attempt ${attempt.attemptOfId} of ${id}`).toBe(attempts[0]!.rawBody);
      }
      // The receiver's de-dup keeps the first accepted body; it is the lead's one body.
      expect(delivered().get(id)).toBe(attempts[0]!.rawBody);
    }
    expect([...delivered().keys()].sort()).toEqual([...leadIds].sort());
    return arrivals;
  }

  it('(a) 12 visitors: every lead arrives once through 500, 503 and 429 with Retry-After: 1, and connection resets', async () => {
    const { http500, http503, http429, reset } = FAULTS;
    // Per lead, in order of their first arrival: the faults for its first attempts, then 200.
    const plans: Fault[][] = [
      [http500],
      [http503],
      [http429],
      [reset],
      [http500, reset],
      [http503, http429],
      [reset, http500],
      [http429, http503],
      [http500],
      [http503],
      [http429],
      [reset],
    ];
    receiver.planLeads(plans);
    // Three visitors at a time; a plan goes to whichever lead reaches the receiver next.
    const visitors: Array<{ page: Page; id: string }> = [];
    for (let i = 0; i < plans.length; i += 3)
      visitors.push(
        ...(await Promise.all(
          plans.slice(i, i + 3).map(async () => {
            const { page } = await visitor();
            return { page, id: await submitStudentLead(page) };
          }),
        )),
      );
    const pages = visitors.map((v) => v.page);
    const ids = visitors.map((v) => v.id);
    // The visitor sees the end screen whatever the webhook does.
    for (const page of pages) await page.getByRole('heading', { name: STUDENT_END }).waitFor();
    expect(new Set(ids).size).toBe(plans.length);

    const arrivals = await expectDeliveredOnce('a', ids, pages);
    // Every plan was served in full: each lead took one attempt more than its plan has faults.
    for (const id of ids) {
      const plan = receiver.planOf(id);
      expect(plan, `the fault plan of ${id}`).toBeDefined();
      expect(arrivals.filter((a) => a.webhookId === id).map((a) => a.outcome)).toEqual([
        ...plan!.map((fault) => (fault.kind === 'status' ? fault.status : fault.kind)),
        200,
      ]);
    }
    expect(receiver.faultCounts()).toEqual({ '500': 4, '503': 4, '429': 4, reset: 4 });
  });

  it('(b) offline: nothing is sent, the lead waits in localStorage, and arrives once the browser is back online', async () => {
    const { context, page } = await visitor();
    await page.getByRole('radio', { name: STUDENT }).waitFor();
    await context.setOffline(true);
    const id = await submitStudentLead(page);
    await page.getByRole('heading', { name: STUDENT_END }).waitFor();

    // Give a (wrong) attempt time to show: none may reach the receiver, and none may even be tried.
    await sleep(1_000);
    expect(receiver.arrivals).toEqual([]);
    expect(receiver.preflights).toBe(0);
    const stored = await storedLeads(page);
    expect(stored).toEqual([expect.objectContaining({ id, attempts: 0 })]);
    expect(stored[0]!.key).toBe(`${OUTBOX_PREFIX}${id}|${receiver.url}`);

    await context.setOffline(false);
    await expectDeliveredOnce('b', [id], [page]);
  });

  /** A visitor whose lead got 503 with `Retry-After: 30` on its first attempt and now waits in the outbox. */
  async function leadInLongBackoff(options: { fakeClock?: boolean } = {}) {
    receiver.planLeads([[{ kind: 'status', status: 503, retryAfter: '30' }]]);
    const session = await sessions.open();
    if (options.fakeClock) await session.context.clock.install();
    await recordLeadFlowEvents(session.page);
    await session.page.goto(pageUrl);
    const id = await submitStudentLead(session.page);
    let stored: StoredLead[] = [];
    await expect
      .poll(async () => (stored = await storedLeads(session.page)).map((s) => [s.id, s.attempts]), { timeout: 10_000 })
      .toEqual([[id, 1]]);
    const pageNow = await session.page.evaluate(() => Date.now());
    // Read from the 503, which only works as the receiver exposes the header to the page.
    expect(stored[0]!.nextAt - pageNow, 'Retry-After: 30 honoured').toBeGreaterThan(20_000);
    return { ...session, id };
  }

  it('(c) a reload during a 30 s Retry-After backoff loses nothing: the next load sends the lead again, and it arrives once', async () => {
    // The page's clock, so the 30 s the receiver asked for can pass at once.
    const { page, id } = await leadInLongBackoff({ fakeClock: true });

    await page.reload();
    await page.getByRole('radio', { name: STUDENT }).waitFor();
    // Whether leaving the page sent it already (README: "everything pending is sent at once"):
    // recorded, not asserted here; the known-bug test below asserts it.
    const sentOnLeaving = await eventually(() => receiver.arrivals.length > 1, 1_500);
    // The reloaded page still has it, and sends it when the receiver's Retry-After has passed.
    expect((await storedLeads(page)).map((s) => s.id)).toEqual([id]);
    await page.clock.fastForward('00:31');

    await expectDeliveredOnce('c', [id], [page]);
    figures.perScenario[figures.perScenario.length - 1] += ` (sent on leaving the page: ${sentOnLeaving})`;
  });

  // Was a bug: on pagehide the outbox waited for navigator.locks.request()'s callback before
  // fetching, and an unloading document never gets it, so nothing was sent. leave() now starts
  // every keepalive request in the pagehide task itself. The setup is (c)'s, which fails on
  // its own if the setup breaks.
  it('navigating away while a lead waits in backoff sends it at once (page-hide flush)', async () => {
    const { page, id } = await leadInLongBackoff();
    await page.goto(otherPageUrl);
    await expect.poll(() => receiver.delivered().has(id), { timeout: 3_000 }).toBe(true);
  });

  it('(d) a tab closed right after submit, while the receiver is slow: the lead arrives once after de-dup', async () => {
    receiver.planLeads([[{ kind: 'delay', ms: 1_500 }]]);
    const { context, page } = await visitor();
    await page.getByRole('radio', { name: STUDENT }).check();
    await page.getByRole('button', { name: 'Absenden' }).click();
    const closed = page.waitForEvent('close');
    await page.close({ runBeforeUnload: true });
    await closed;

    // The keepalive request may still be on its way; give it its chance to be answered.
    await eventually(() => receiver.arrivals.some((a) => a.outcome !== undefined), 5_000);
    const fromKeepalive = receiver.arrivals.map((a) => a.webhookId);

    // Whatever the closed tab left in localStorage is sent by the next page with the widget.
    const errors: Error[] = [];
    const next = await context.newPage();
    next.on('pageerror', (error) => errors.push(error));
    await next.addInitScript((prefix) => {
      (window as unknown as { __leftBehind: string[] }).__leftBehind = Object.keys(localStorage).filter((k) => k.startsWith(prefix));
    }, OUTBOX_PREFIX);
    await next.goto(otherPageUrl);
    const leftBehind = await next.evaluate(() => (window as unknown as { __leftBehind: string[] }).__leftBehind);
    const ids = [...new Set([...fromKeepalive, ...leftBehind.map((key) => key.slice(OUTBOX_PREFIX.length).split('|')[0]!)])];
    // One submit, one lead: found at the receiver, in storage, or both.
    expect(ids, JSON.stringify({ fromKeepalive, leftBehind, arrivals: receiver.arrivals.map((a) => [a.webhookId, a.outcome]) })).toHaveLength(1);

    await expectDeliveredOnce('d', ids, [next]);
    figures.perScenario[figures.perScenario.length - 1] +=
      ` (keepalive arrived: ${fromKeepalive.length > 0}, left in storage: ${leftBehind.length > 0})`;
    expect(errors).toEqual([]);
  });

  it('(e) two tabs share a stored lead during an outage: delivered once, never two requests for it at a time', async () => {
    receiver.outage(FAULTS.http503);
    // Slow answers, so two requests for one lead would overlap at the receiver.
    receiver.answerDelay(300);
    const session = await sessions.open();
    const { context, page: first } = session;
    // Counts the webhook POSTs each tab starts, to show both took part.
    await context.addInitScript(() => {
      const tab = window as unknown as { __webhookPosts: number };
      tab.__webhookPosts = 0;
      const original = window.fetch;
      window.fetch = function (input: RequestInfo | URL, init?: RequestInit) {
        if (init?.method === 'POST' && String(input).endsWith('/webhook')) tab.__webhookPosts++;
        return original.call(this, input, init);
      };
    });
    await recordLeadFlowEvents(first);
    await first.goto(pageUrl);
    const id = await submitStudentLead(first);
    await expect.poll(async () => (await storedLeads(first)).map((s) => s.attempts >= 1), { timeout: 10_000 }).toEqual([true]);

    const errors: Error[] = [];
    const second = await anotherTab(context, otherPageUrl, errors);
    expect((await storedLeads(second)).map((s) => s.id)).toEqual([id]);
    // Both tabs now hold the lead and retry it; let them compete through a few failures.
    const failedBefore = receiver.arrivals.length;
    await expect.poll(() => receiver.arrivals.length, { timeout: 15_000 }).toBeGreaterThanOrEqual(failedBefore + 3);

    receiver.outage(null);
    const arrivals = await expectDeliveredOnce('e', [id], [first, second]);
    expect(receiver.maxInFlight().get(id), 'POSTs for one webhook-id in flight at once').toBe(1);
    expect(arrivals.filter((a) => a.concurrentWithSameId > 0)).toEqual([]);
    expect(receiver.faultCounts()['503']).toBeGreaterThanOrEqual(4);
    const postsBy = (page: Page) => page.evaluate(() => (window as unknown as { __webhookPosts: number }).__webhookPosts);
    const [byFirst, bySecond] = [await postsBy(first), await postsBy(second)];
    expect(byFirst + bySecond, 'POSTs started by the two tabs').toBe(arrivals.length);
    figures.perScenario[figures.perScenario.length - 1] += ` (POSTs by tab 1: ${byFirst}, by tab 2: ${bySecond})`;
    expect(errors).toEqual([]);
  });
});
