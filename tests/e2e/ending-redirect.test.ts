import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import type { LeadEnvelope } from '../../src/delivery/index.ts';
import { a11yPage, DE, OPENER, type FlowJson, type StepJson } from './support/a11y-pages.ts';
import { sleep } from './support/browser.ts';
import { startFaultReceiver, type Arrival, type FaultReceiver } from './support/fault-receiver.ts';
import { landingPage } from './support/pages.ts';
import { browserSuite } from './support/suite.ts';

const chromiumPath = inject('chromiumPath');

/**
 * An ending's `redirect` (docs/flow-format.md, the `redirect` row and "Answers in a link"), in
 * Chromium with the built dist/leadflow.js: the page goes on once its lead is delivered, at the
 * latest 3 s after the ending shows (src/embed/redirect-after-lead.ts), with the answers
 * URL-encoded in the address; a lead still on its way then is not lost. Read through what the
 * visitor sees (the page's address, the ending's link) and what the receiver gets.
 */

/** How long a redirect waits for its lead at most (REDIRECT_WAIT_MS). */
const WAIT_MS = 3_000;
const OUTBOX_PREFIX = 'leadflow:outbox:lead:';

/** What the visitor answers; the e-mail address and the name hold characters a query string must not take as they are. */
const EMAIL = 'ada+x@example.com';
const NAME = 'Ada Lovelace & Co';
/** The same, as encodeURIComponent writes them. */
const EMAIL_ENCODED = 'ada%2Bx%40example.com';
const NAME_ENCODED = 'Ada%20Lovelace%20%26%20Co';

/** The thank-you page's address, with answers: a single choice's option id, a multiple choice's ids (joined by commas), contact fields. */
const THANKS = '/thanks.html?size={{answers.size}}&topics={{answers.topics}}&name={{answers.name}}&email={{answers.email}}';
/** Where the visitor lands with the answers of `answer`. */
const THANKS_LANDED = `/thanks.html?size=mid-size&topics=crm%2Cads&name=${NAME_ENCODED}&email=${EMAIL_ENCODED}`;

/** A demo request: team size, topics, contact details, and an ending with `end`'s extra properties (`redirect`, `cta`). */
const demoRequest = (end: Record<string, unknown>): FlowJson => ({
  id: 'demo-anfrage',
  version: 1,
  title: 'Demo anfragen',
  locales: ['de'],
  steps: [
    {
      id: 'size',
      type: 'single_choice',
      title: 'Wie groß ist Ihr Team?',
      options: [
        { id: 'small', label: '1 bis 10' },
        { id: 'mid-size', label: '11 bis 50' },
      ],
    },
    {
      id: 'topics',
      type: 'multiple_choice',
      title: 'Was interessiert Sie?',
      options: [
        { id: 'crm', label: 'CRM' },
        { id: 'ads', label: 'Anzeigen' },
        { id: 'seo', label: 'Suchmaschinen' },
      ],
    },
    {
      id: 'contact',
      type: 'contact',
      title: 'Ihre Kontaktdaten',
      fields: [
        { id: 'name', kind: 'name' },
        { id: 'email', kind: 'email' },
      ],
    },
    { id: 'done', type: 'end', title: 'Danke! Wir leiten Sie gleich weiter.', ...end },
  ] as StepJson[],
});

describe.skipIf(!chromiumPath)('an ending’s "redirect": the page goes on once the lead is delivered, at most 3 s later', () => {
  const suite = browserSuite(chromiumPath);
  /** A receiver that can answer slowly; the suite's own goes unused. */
  let receiver: FaultReceiver;
  let pages = 0;

  beforeAll(async () => {
    receiver = await startFaultReceiver();
    // The thank-you page has the LeadFlow script too, as a site-wide tag would put it there: it
    // sends whatever lead an earlier page left behind, and shows no widget of its own.
    suite.site.page('/thanks.html', landingPage('<h2>Vielen Dank!</h2>\n<script src="/leadflow.js" async></script>'));
  });
  afterEach(async () => {
    // Pages closed (and what they send as they close landed) before the receiver forgets.
    await suite.sessions.closeAll();
    receiver.reset();
  });
  afterAll(() => receiver?.close());

  /** A page with the flow (a popup opened), dialogs recorded; resolves once the first question shows. */
  async function open(flow: FlowJson, mode: 'inline' | 'popup' = 'inline') {
    const { page } = await suite.sessions.open();
    const dialogs: string[] = [];
    page.on('dialog', (dialog) => {
      dialogs.push(`${dialog.type()}: ${dialog.message()}`);
      void dialog.dismiss();
    });
    const url = suite.site.page(`/ending-redirect-${++pages}.html`, a11yPage({ flow, webhook: receiver.url, mode }));
    await page.goto(url);
    if (mode === 'popup') await page.getByRole('button', { name: OPENER }).click();
    await page.locator('[data-leadflow] h2').waitFor();
    return { page, dialogs };
  }

  const form = (page: Page) => page.locator('[data-leadflow]');

  /** Answers the demo request up to its contact step (11 to 50, CRM and ads, Ada's details), without submitting. */
  async function answer(page: Page): Promise<void> {
    await form(page).getByRole('radio', { name: '11 bis 50', exact: true }).check();
    await form(page).getByRole('button', { name: 'Weiter', exact: true }).click();
    await form(page).getByRole('checkbox', { name: 'CRM', exact: true }).check();
    await form(page).getByRole('checkbox', { name: 'Anzeigen', exact: true }).check();
    await form(page).getByRole('button', { name: 'Weiter', exact: true }).click();
    await form(page).getByRole('textbox', { name: DE.fields.name, exact: true }).fill(NAME);
    await form(page).getByRole('textbox', { name: DE.fields.email, exact: true }).fill(EMAIL);
  }

  /**
   * Clicks Absenden and waits until the page's address is `path` (committed): how long that
   * took from the click, and the receiver's POSTs as they were at that moment (each's answer,
   * or undefined while it is still on its way).
   */
  async function submitAndLand(page: Page, path: string, timeout = 8_000) {
    let atNavigation: Array<Pick<Arrival, 'dataId' | 'outcome'>> | undefined;
    const landed = new Promise<number>((resolve) =>
      page.on('framenavigated', (frame) => {
        if (frame !== page.mainFrame() || atNavigation || new URL(frame.url()).pathname !== new URL(path, suite.site.origin).pathname) return;
        atNavigation = receiver.arrivals.map(({ dataId, outcome }) => ({ dataId, outcome }));
        resolve(Date.now());
      }),
    );
    const clickedAt = Date.now();
    await form(page).getByRole('button', { name: 'Absenden', exact: true }).click();
    await page.waitForURL((url) => url.href === suite.site.origin + path, { waitUntil: 'commit', timeout });
    const ms = (await landed) - clickedAt;
    return { ms, atNavigation: atNavigation! };
  }

  /** The leads the page still keeps to send (its outbox in localStorage). */
  const leftToSend = (page: Page) => page.evaluate((prefix) => Object.keys(localStorage).filter((k) => k.startsWith(prefix)), OUTBOX_PREFIX);

  it('after Absenden the page goes to the thank-you page with the answers URL-encoded in its query, once the one lead is delivered', async () => {
    const { page, dialogs } = await open(demoRequest({ redirect: THANKS }));
    await answer(page);
    // The ending says where the visitor goes while the lead is on its way.
    const { ms, atNavigation } = await submitAndLand(page, THANKS_LANDED);

    expect(page.url()).toBe(suite.site.origin + THANKS_LANDED);
    expect(Object.fromEntries(new URL(page.url()).searchParams)).toEqual({ size: 'mid-size', topics: 'crm,ads', name: NAME, email: EMAIL });
    await page.getByRole('heading', { name: 'Vielen Dank!' }).waitFor();

    // The page went on because the lead was delivered (answered 200 before it left), not for the 3 s cap.
    expect(atNavigation.map((a) => a.outcome), 'the receiver’s answers when the page went on').toEqual([200]);
    expect(ms, 'ms from Absenden to the thank-you page').toBeLessThan(WAIT_MS - 500);

    // The thank-you page (with the script) has nothing left to send: still exactly one POST.
    await sleep(1_000);
    expect(await leftToSend(page)).toEqual([]);
    expect(receiver.arrivals.map((a) => [a.webhookId, a.dataId])).toEqual([[atNavigation[0]!.dataId, atNavigation[0]!.dataId]]);
    const { data } = JSON.parse(receiver.arrivals[0]!.rawBody) as LeadEnvelope;
    expect({ size: data.answers['size']?.value, topics: data.answers['topics']?.value, contact: data.contact }).toEqual({
      size: 'mid-size',
      topics: ['crm', 'ads'],
      contact: { name: NAME, email: EMAIL },
    });
    expect(dialogs).toEqual([]);
  });

  it('a receiver slower than 3 s: the page still goes on about 3 s after Absenden, and the lead in flight arrives (once after de-dup by webhook-id)', async () => {
    // The lead's first POST is answered only after 6 s; any later one at once.
    receiver.planLeads([[{ kind: 'delay', ms: 6_000 }]]);
    const { page } = await open(demoRequest({ redirect: THANKS }));
    await answer(page);
    const { ms, atNavigation } = await submitAndLand(page, THANKS_LANDED);

    // The redirect waited for the lead, up to its 3 s, then left it on its way.
    expect(ms, 'ms from Absenden to the thank-you page').toBeGreaterThanOrEqual(WAIT_MS - 200);
    expect(ms, 'ms from Absenden to the thank-you page').toBeLessThan(8_000);
    expect(atNavigation.map((a) => a.outcome), 'the receiver’s answers when the page went on').toEqual([undefined]);
    const id = atNavigation[0]!.dataId!;
    expect(id).toMatch(/^[0-9a-f-]{36}$/);

    // Sent again as the page was left (keepalive) or by the thank-you page's script: the
    // receiver has it, and the thank-you page has nothing left to send.
    await expect.poll(() => receiver.delivered().has(id), { timeout: 8_000 }).toBe(true);
    await expect.poll(() => leftToSend(page), { timeout: 5_000 }).toEqual([]);
    await sleep(500);
    // One lead: every POST is this lead's, with the same webhook-id and body (a receiver
    // de-duplicating by webhook-id, as docs/delivery.md asks, keeps exactly one).
    const arrivals = receiver.arrivals.map((a) => ({ webhookId: a.webhookId, dataId: a.dataId, outcome: a.outcome, sameBody: a.rawBody === receiver.arrivals[0]!.rawBody }));
    expect(arrivals.length, JSON.stringify(arrivals)).toBeGreaterThanOrEqual(1);
    for (const arrival of arrivals) expect(arrival, JSON.stringify(arrivals)).toMatchObject({ webhookId: id, dataId: id, sameBody: true });
    expect([...receiver.delivered().keys()]).toEqual([id]);
    console.info(`ending-redirect (slow receiver): page went on after ${ms} ms; POSTs of the lead: ${JSON.stringify(arrivals.map((a) => a.outcome ?? 'pending'))}`);
  });

  it('a popup’s ending with a redirect sends the page itself on, not just the popup', async () => {
    const { page } = await open(demoRequest({ redirect: THANKS }), 'popup');
    await expect.poll(() => form(page).getByRole('button', { name: 'Schließen', exact: true }).isVisible()).toBe(true);
    await answer(page);
    const { atNavigation } = await submitAndLand(page, THANKS_LANDED);

    expect(page.url()).toBe(suite.site.origin + THANKS_LANDED);
    // The top-level page (its one frame) is the thank-you page, not a frame or the popup.
    expect(page.frames()).toHaveLength(1);
    await page.getByRole('heading', { name: 'Vielen Dank!' }).waitFor();
    expect(atNavigation.map((a) => a.outcome)).toEqual([200]);
    await sleep(500);
    expect(receiver.arrivals.map((a) => a.dataId)).toEqual([atNavigation[0]!.dataId]);
  });

  it('a page that unmounts the widget once its ending shows (a single-page app moving on) stays where it is; the lead still arrives', async () => {
    // Delivered after 1 s, while the widget is already gone: its `delivered` must send the page nowhere.
    receiver.planLeads([[{ kind: 'delay', ms: 1_000 }]]);
    const { page } = await open(demoRequest({ redirect: THANKS }));
    const here = page.url();
    let navigations = 0;
    page.on('framenavigated', (frame) => void (frame === page.mainFrame() && navigations++));
    await answer(page);
    const clickedAt = Date.now();
    await form(page).getByRole('button', { name: 'Absenden', exact: true }).click();
    await form(page).getByRole('heading', { name: 'Danke! Wir leiten Sie gleich weiter.' }).waitFor();
    await page.evaluate(() => (window as unknown as { LeadFlow: { unmount(target: string): void } }).LeadFlow.unmount('[data-leadflow]'));
    expect(await page.locator('[data-leadflow] h2').count(), 'the widget after unmount').toBe(0);

    // Past the delivery and past the 3 s cap: no navigation at all.
    await sleep(Math.max(0, clickedAt + WAIT_MS + 1_000 - Date.now()));
    expect({ url: page.url(), navigations }).toEqual({ url: here, navigations: 0 });
    const arrivals = receiver.arrivals.map((a) => [a.dataId, a.outcome]);
    expect(arrivals).toEqual([[receiver.arrivals[0]!.dataId, 200]]);
  });

  it('answers in the ending’s link and redirect are URL-encoded: a typed "javascript:alert(1)" at the start of both stays a path on the site', async () => {
    // The lead is delivered after 1.5 s: the ending (and its link) shows until then.
    receiver.planLeads([[{ kind: 'delay', ms: 1_500 }]]);
    const link = '{{answers.website}}/buchen?email={{answers.email}}';
    const flow: FlowJson = {
      id: 'termin',
      version: 1,
      title: 'Termin buchen',
      locales: ['de'],
      steps: [
        { id: 'website', type: 'short_text', title: 'Ihre Website' },
        { id: 'contact', type: 'contact', title: 'Ihre Kontaktdaten', fields: [{ id: 'email', kind: 'email' }] },
        { id: 'done', type: 'end', title: 'Danke!', cta: { label: 'Termin wählen', url: link }, redirect: link },
      ] as StepJson[],
    };
    const landing = `/javascript%3Aalert(1)/buchen?email=${EMAIL_ENCODED}`;
    suite.site.page('/javascript%3Aalert(1)/buchen', landingPage('<h2>Termin wählen</h2>'));
    const { page, dialogs } = await open(flow);
    await form(page).getByRole('textbox', { name: 'Ihre Website', exact: true }).fill('javascript:alert(1)');
    await form(page).getByRole('button', { name: 'Weiter', exact: true }).click();
    await form(page).getByRole('textbox', { name: DE.fields.email, exact: true }).fill(EMAIL);

    const landed = submitAndLand(page, landing);
    const cta = form(page).getByRole('link', { name: 'Termin wählen' });
    await cta.waitFor();
    const href = await cta.evaluate((a: HTMLAnchorElement) => ({ attribute: a.getAttribute('href'), resolved: a.href, protocol: a.protocol }));
    expect(href).toEqual({
      attribute: `javascript%3Aalert(1)/buchen?email=${EMAIL_ENCODED}`,
      resolved: suite.site.origin + landing,
      protocol: 'http:',
    });

    // The redirect went to the same path on the site, after the (slow) delivery; no script ran.
    const { atNavigation } = await landed;
    expect(page.url()).toBe(suite.site.origin + landing);
    expect(atNavigation.map((a) => a.outcome)).toEqual([200]);
    await page.getByRole('heading', { name: 'Termin wählen' }).waitFor();
    expect(dialogs).toEqual([]);
  });
});
