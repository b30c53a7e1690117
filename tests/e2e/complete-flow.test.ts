import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import type { LeadEnvelope } from '../../src/delivery/index.ts';
import { scoreLead } from '../../src/engine/index.ts';
import { demoJson, load } from '../engine/fixtures.ts';
import { consoleErrors } from './support/browser.ts';
import { answerDemoFlow, DEMO_FLOW_URL, expectedPoints, expectedTier, HOT_END_TITLE, HOT_LEAD, sum } from './support/demo-flow.ts';
import { focusInWidget, landingPage, recordedEvents, recordLeadFlowEvents, snippet } from './support/pages.ts';
import { browserSuite } from './support/suite.ts';
import { theOnlyPost } from './support/webhook-receiver.ts';

const chromiumPath = inject('chromiumPath');

/** RFC 9562 UUIDv7: version nibble 7, variant bits 10. */
const UUID_V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe.skipIf(!chromiumPath)('the demo flow in a real browser', () => {
  const suite = browserSuite(chromiumPath, { shareContexts: true });
  const { sessions } = suite;
  let pageUrl: string;

  beforeAll(() => {
    pageUrl = suite.site.page('/landing.html', landingPage(snippet({ flow: DEMO_FLOW_URL, webhook: suite.receiver.url })));
  });


  it('submits a hot lead: end screen, and exactly one webhook POST with answers, contact and score', async () => {
    const session = await sessions.open();
    const { page } = session;
    await recordLeadFlowEvents(page);
    const startedAt = Date.now();
    // Campaign parameters are forwarded; anything else in the query (here an e-mail) is not.
    await page.goto(`${pageUrl}?utm_source=newsletter&utm_campaign=herbst&email=secret%40example.com`);

    await answerDemoFlow(page, HOT_LEAD);
    await page.getByRole('heading', { name: HOT_END_TITLE }).waitFor();
    expect(await page.getByRole('link', { name: 'Termin buchen' }).getAttribute('href')).toBe('https://example.com/book');

    const post = await theOnlyPost(suite.receiver);
    // Cross-origin JSON with custom headers: the browser asked first, and was allowed.
    const preflight = suite.receiver.requests.find((r) => r.method === 'OPTIONS');
    expect(preflight?.headers['access-control-request-headers']).toMatch(/webhook-id/);
    expect(post.headers['content-type']).toMatch(/^application\/json\b/);
    expect(post.status).toBe(200);

    const envelope = post.body as LeadEnvelope;
    const { data } = envelope;
    expect(envelope.type).toBe('lead.submitted');
    expect(envelope.timestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(data.id).toMatch(UUID_V7);
    // The first 48 bits are the creation time in ms.
    const idTime = parseInt(data.id.replace(/-/g, '').slice(0, 12), 16);
    expect(idTime).toBeGreaterThanOrEqual(startedAt);
    expect(idTime).toBeLessThanOrEqual(Date.now());
    expect(post.headers['webhook-id']).toBe(data.id);
    // Standard Webhooks: Unix seconds, not milliseconds.
    expect(Math.abs(Number(post.headers['webhook-timestamp']) - Date.now() / 1000)).toBeLessThan(300);

    expect(data.flow).toEqual({ id: 'saas-bant', version: 1 });
    expect(data.locale).toBe('de');
    expect(data.answers).toEqual({
      role: { value: 'sign_off', label: 'Ich entscheide' },
      need: { value: ['lead_routing', 'forecasting'], label: ['Lead-Verteilung', 'Umsatzprognosen'] },
      team_size: { value: 60 },
      budget: { value: 'approved', label: 'Ja, freigegeben' },
      timeline: { value: 'this_quarter', label: 'In diesem Quartal' },
      privacy: { value: true },
    });
    expect(data.contact).toEqual({ name: HOT_LEAD.name, email: HOT_LEAD.email });

    const points = expectedPoints({
      role: 'sign_off',
      need: ['lead_routing', 'forecasting'],
      team_size: 60,
      budget: 'approved',
      timeline: 'this_quarter',
    });
    expect(sum(points)).toBe(106); // 30 + (8 + 8) + 15 + 25 + 20, so a flow edit is noticed here first
    expect(data.score.total).toBe(sum(points));
    expect(data.score.tier).toBe('hot');
    expect(expectedTier(data.score.total)).toBe('hot');
    // A server re-scoring the lead as the README shows gets what the browser computed.
    const flow = load(demoJson());
    const answers = { ...Object.fromEntries(Object.entries(data.answers).map(([id, a]) => [id, a.value])), ...data.contact };
    expect(scoreLead(flow, answers, { hidden: data.hidden })).toEqual(data.score);
    expect(Object.fromEntries(data.score.trace.filter((entry) => entry.kind === 'fit' || entry.kind === 'intent').map((entry) => [entry.rule, entry.points]))).toEqual(points);

    // First touch of the visit: campaign parameters and the landing page without its query.
    expect(data.attribution).toEqual({ utm_source: 'newsletter', utm_campaign: 'herbst', landingPage: pageUrl });
    // The flow declares both as hidden fields too; an undeclared parameter (email) goes nowhere.
    expect(data.hidden).toEqual({ utm_source: 'newsletter', utm_campaign: 'herbst' });
    expect(data.meta.page).toBe(pageUrl);
    expect(data.meta.ending).toBe('end_hot');
    expect(post.rawBody).not.toContain('secret');

    const events = await recordedEvents(page);
    expect(events.map((e) => e.type)).toEqual([
      'leadflow:ready',
      ...Array<string>(7).fill('leadflow:step'),
      'leadflow:submit',
      'leadflow:qualified',
    ]);
    expect(events.at(-1)?.detail).toMatchObject({ tier: 'hot', total: data.score.total, leadId: data.id });
    // Analytics tags listen to these: no answers or contact details in them.
    expect(JSON.stringify(events)).not.toContain(HOT_LEAD.email);
    expect(JSON.stringify(events)).not.toContain(HOT_LEAD.name);
    expect(consoleErrors(session)).toEqual([]);
  });

  it('works with the keyboard alone, moving focus to each new question; a cold lead scores cold', async () => {
    const { page } = await sessions.open();
    await page.goto(pageUrl);
    const role = page.getByRole('radio', { name: 'Ich recherchiere nur' });
    await role.waitFor();
    // Loading the widget must not steal the page's focus.
    expect(await page.evaluate(() => document.activeElement === document.body)).toBe(true);

    const key = (...keys: string[]) => keys.reduce((done, k) => done.then(() => page.keyboard.press(k)), Promise.resolve());
    // Focus moves in an effect after the new step renders, so it is polled for, not read at once.
    const expectHeadingFocused = (title: string) =>
      expect.poll(() => focusInWidget(page), { message: `focus after moving to "${title}"`, timeout: 5_000 }).toEqual({ tag: 'H2', text: title });

    // Role: Tab enters the radio group, arrows choose (and check) "Ich recherchiere nur".
    await key('Tab');
    expect(await focusInWidget(page)).toEqual({ tag: 'INPUT', text: '' });
    await key('ArrowDown', 'ArrowDown');
    expect(await role.isChecked()).toBe(true);
    await key('Enter');

    await expectHeadingFocused('Was möchten Sie verbessern?');
    await key('Tab', 'Tab', 'Tab', 'Space'); // the third box: Reporting
    expect(await page.getByRole('checkbox', { name: 'Reporting' }).isChecked()).toBe(true);
    await key('Enter');

    await expectHeadingFocused('Wie viele Personen arbeiten in Ihrem Vertrieb?');
    await key('Tab');
    await page.keyboard.type('3');
    await key('Enter');

    await expectHeadingFocused('Gibt es ein Budget für dieses Jahr?');
    await key('Tab', 'ArrowDown', 'ArrowDown', 'Enter'); // Noch nicht

    await expectHeadingFocused('Wann möchten Sie starten?');
    await key('Tab', 'ArrowDown', 'ArrowDown', 'Enter'); // Später

    await expectHeadingFocused('Wohin dürfen wir Ihre Auswertung schicken?');
    await key('Tab');
    await page.keyboard.type('Max Muster');
    await key('Tab');
    await page.keyboard.type('max@example.org');
    await key('Enter');

    await expectHeadingFocused('Fast geschafft');
    await key('Tab', 'Space', 'Enter');

    await expectHeadingFocused('Danke für Ihr Interesse!');

    const post = await theOnlyPost(suite.receiver);
    const { data } = post.body as LeadEnvelope;
    expect(data.answers).toMatchObject({
      role: { value: 'research' },
      need: { value: ['reporting'] },
      team_size: { value: 3 },
      budget: { value: 'none' },
      timeline: { value: 'later' },
      privacy: { value: true },
    });
    expect(data.contact).toEqual({ name: 'Max Muster', email: 'max@example.org' });
    const total = sum(expectedPoints({ role: 'research', need: ['reporting'], team_size: 3, budget: 'none', timeline: 'later' }));
    expect(data.score.total).toBe(total);
    expect(data.score.tier).toBe('cold');
    expect(data.meta.ending).toBe('end_cold');
  });

  it('fits a 320 px phone screen and ends the student branch', async () => {
    const { page } = await sessions.open({ viewport: { width: 320, height: 640 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 });
    await page.goto(pageUrl);
    await page.getByRole('radio', { name: 'Ich bin Student:in' }).waitFor();
    await expectNoHorizontalOverflow(page);
    await page.screenshot({ path: '/tmp/leadflow-320.png', fullPage: true });

    await page.getByRole('radio', { name: 'Ich bin Student:in' }).tap();
    // Choosing "student" makes this the last question, so the button now submits.
    await page.getByRole('button', { name: 'Absenden' }).tap();
    await page.getByRole('heading', { name: 'Danke, dass Sie vorbeischauen!' }).waitFor();
    await expectNoHorizontalOverflow(page);
    await page.screenshot({ path: '/tmp/leadflow-320-end.png', fullPage: true });

    const { data } = (await theOnlyPost(suite.receiver)).body as LeadEnvelope;
    expect(data.answers).toEqual({ role: { value: 'student', label: 'Ich bin Student:in' } });
    expect(data.meta.ending).toBe('end_student');
  });
});

/** Neither the widget (host and its inner box) nor the page scrolls sideways. */
async function expectNoHorizontalOverflow(page: Page): Promise<void> {
  const widths = await page.evaluate(() => {
    const host = document.querySelector('[data-leadflow]')!;
    const inner = host.shadowRoot!.querySelector('section')!;
    const measure = (el: Element) => ({ scrollWidth: el.scrollWidth, clientWidth: el.clientWidth });
    return { host: measure(host), inner: measure(inner), page: measure(document.documentElement) };
  });
  for (const [name, { scrollWidth, clientWidth }] of Object.entries(widths))
    expect(scrollWidth, `${name} scrollWidth (clientWidth ${clientWidth})`).toBeLessThanOrEqual(clientWidth);
  expect(widths.page.clientWidth).toBe(320);
}
