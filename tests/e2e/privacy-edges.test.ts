import type { Page } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import { SCRIPT_TAG, demoFlowJson, widgetElement } from './support/embed-pages.ts';
import { STUDENT, inlineFlow, landingPage } from './support/pages.ts';
import { browserSuite } from './support/suite.ts';

const chromiumPath = inject('chromiumPath');

const STUDENT_END = 'Danke, dass Sie vorbeischauen!';
/** A newsletter link that prefills the contact step: `?email=` is a documented prefill source. */
const EMAIL = 'erika.muster@example.com';
const QUERY = `?email=${encodeURIComponent(EMAIL)}&utm_source=newsletter`;

/**
 * Privacy as a German site owner and their visitors see it, in Chromium with the built
 * `dist/leadflow.js`: what the widget's own requests carry besides their body (headers,
 * cookies) and what it leaves in the browser once the lead is delivered.
 */
describe.skipIf(!chromiumPath)('privacy: what the widget sends and keeps, in a real browser', () => {
  const suite = browserSuite(chromiumPath, { shareContexts: true });

  /** The demo flow inline, its contact e-mail prefilled from `?email=`, posting leads and funnel events to the receiver (another origin). */
  function formPage(path: string, headers?: Record<string, string>): string {
    const flow = demoFlowJson();
    flow.steps.find((step) => step.id === 'contact')!.fields!.find((field) => field.id === 'email')!.prefill = 'email';
    const element = widgetElement({ '': '#flow', webhook: suite.receiver.url, analytics: `${suite.receiver.origin}/analytics`, locale: 'de', 'min-fill-ms': 0, lazy: 'false' });
    return suite.site.page(path, landingPage(inlineFlow('flow', flow) + element + SCRIPT_TAG), headers);
  }

  /** Chooses the student ending and waits until the lead and at least one funnel batch arrived. */
  async function submitAndWait(page: Page): Promise<void> {
    await page.getByRole('radio', { name: STUDENT }).check();
    await page.getByRole('button', { name: 'Absenden' }).click();
    await page.getByRole('heading', { name: STUDENT_END }).waitFor();
    await expect.poll(() => suite.receiver.posts().filter((r) => r.path === '/webhook' && r.status === 200).length, { timeout: 5000 }).toBe(1);
    // Funnel batches go out after 2 s, or at once when the page is hidden.
    await expect.poll(() => suite.receiver.posts().filter((r) => r.path === '/analytics').length, { timeout: 5000 }).toBeGreaterThan(0);
  }

  it('sets no cookie, sends none with a lead or a funnel batch, and leaves nothing personal in storage once the lead is delivered', async () => {
    const url = formPage('/cookies.html');
    const { page, context } = await suite.sessions.open();
    await page.goto(url + QUERY);
    // The page's own session cookie: 127.0.0.1 on another port is the same host for cookies, so
    // a request sent with credentials would carry it to the receiver.
    await page.evaluate(() => (document.cookie = 'shop_session=s3cr3t; path=/'));
    await submitAndWait(page);

    // `credentials: 'omit'` (src/delivery/send-webhook.ts): the receiver cannot tie the lead to the page's session.
    for (const request of suite.receiver.requests) expect(request.headers.cookie, `${request.method} ${request.path}`).toBeUndefined();
    expect((await context.cookies()).map((cookie) => cookie.name)).toEqual(['shop_session']);
    // Delivered: the outbox entry and the progress (with the prefilled e-mail) are gone; the
    // first touch stays for the visit (README "Attribution"), without the e-mail parameter.
    const stored = await page.evaluate(() => ({ local: { ...localStorage }, session: { ...sessionStorage } }));
    expect(Object.keys(stored.local)).toEqual([]);
    expect(Object.keys(stored.session)).toEqual(['leadflow:touch']);
    expect(JSON.parse(stored.session['leadflow:touch']!)).toEqual({ utm_source: 'newsletter', landingPage: `${suite.site.origin}/cookies.html` });
  });

  // Was: under a page's `Referrer-Policy: no-referrer-when-downgrade` (the browsers' default until
  // 2020 and still set by many servers and CMS plug-ins) or `unsafe-url`, and under the default
  // policy for a same-origin endpoint (as in the demo: `/analytics`), every funnel batch and lead
  // carried the full page URL in its `Referer` header — `?email=erika.muster@example.com`
  // included — although meta.page and attribution drop query strings for that reason. The
  // widget's requests send no referrer now (`referrerPolicy: 'no-referrer'`).
  it('sends no page query string (a prefilled e-mail) to the analytics endpoint or the webhook in the Referer header', async () => {
    const url = formPage('/referer.html', { 'referrer-policy': 'no-referrer-when-downgrade' });
    const { page } = await suite.sessions.open();
    await page.goto(url + QUERY);
    await submitAndWait(page);

    const sent = suite.receiver.requests.filter((request) => request.method === 'POST');
    expect(sent.map((request) => request.path)).toEqual(expect.arrayContaining(['/webhook', '/analytics']));
    for (const request of sent) expect(request.headers.referer ?? '', request.path).not.toContain('?');
  });
});
