import type { FrameLocator, Page } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import { SCRIPT_TAG, widgetElement } from './support/embed-pages.ts';
import { inlineFlow, landingPage } from './support/pages.ts';
import { browserSuite } from './support/suite.ts';

const chromiumPath = inject('chromiumPath');

interface Lead {
  data: { hidden: Record<string, string>; contact: Record<string, string>; attribution: Record<string, string>; meta: { page: string } };
}

/**
 * A short flow with a URL of every kind a flow holds, all relative: an option picture, a
 * privacy link and an end-screen link, a declared hidden field (`plan`) and an e-mail prefilled
 * from `?email=`.
 */
const flowJson = (extra: Record<string, unknown> = {}, title = 'Welche Rolle?') => ({
  id: 'url-check',
  version: 1,
  locales: ['de'],
  hidden: ['plan'],
  steps: [
    { id: 'role', type: 'single_choice', title, options: [{ id: 'sign_off', label: 'Ich entscheide', image: 'pics/team.png' }, { id: 'research', label: 'Ich recherchiere' }] },
    { id: 'contact', type: 'contact', title: 'Kontakt', fields: [{ id: 'email', kind: 'email', prefill: 'email' }] },
    { id: 'privacy', type: 'consent', title: 'Fast geschafft', label: 'Ich bin einverstanden', privacyUrl: 'privacy.html' },
    { id: 'done', type: 'end', title: 'Danke!', cta: { label: 'Termin buchen', url: 'book.html' } },
  ],
  ...extra,
});

const json = (body: unknown, headers?: Record<string, string>) => ({ body: JSON.stringify(body), contentType: 'application/json', ...(headers && { headers }) });

/**
 * Pages at unusual addresses: a `<base href>`, a sub-path, a hash-routed app, a page that cleans
 * its address, `about:srcdoc` and `blob:` documents, a flow file that redirects and carries a
 * cache-busting query. What the visitor sees, and what the receiver gets.
 */
describe.skipIf(!chromiumPath)('URLs on unusual pages, in real Chromium', () => {
  const suite = browserSuite(chromiumPath, { shareContexts: true });
  const { sessions } = suite;
  const element = (flow: string, extra: Record<string, string | number> = {}) => widgetElement({ '': flow, 'min-fill-ms': 0, lazy: 'false', ...extra });

  /** Answers the role, goes on to the e-mail field and returns what it shows. */
  async function toEmail(scope: Page | FrameLocator): Promise<string> {
    await scope.getByRole('radio', { name: 'Ich entscheide' }).check();
    await scope.getByRole('button', { name: 'Weiter' }).click();
    return scope.getByLabel('E-Mail-Adresse').inputValue();
  }

  /** From the e-mail field on to the end screen, with `email` typed in where given. */
  async function finish(scope: Page | FrameLocator, email?: string): Promise<void> {
    if (email) await scope.getByLabel('E-Mail-Adresse').fill(email);
    await scope.getByRole('button', { name: 'Weiter' }).click();
    await scope.getByRole('checkbox', { name: /einverstanden/ }).check();
    await scope.getByRole('button', { name: 'Absenden' }).click();
    await scope.getByRole('heading', { name: 'Danke!' }).waitFor();
  }

  const progressKeys = (page: Page) => page.evaluate(() => Object.keys(sessionStorage).filter((key) => key.startsWith('leadflow:progress:')));
  const linkHref = (page: Page, name: string | RegExp) => page.getByRole('link', { name }).evaluate((a) => (a as HTMLAnchorElement).href);

  // Checked and fine: an Angular-style page (`<base href="/app/">`) in a sub-path (/de/landing/).
  // Everything written as a URL resolves against the base, as the browser resolves the page's own
  // links and forms: the flow file, its webhook, its option picture, privacy and end-screen links
  // (as delivery.md says for webhooks). What names the page is the page's own address:
  // `meta.page`, `landingPage` and the progress key. Campaign values are form-decoded (`+` is a
  // space, `%C3%A4` is ä), a repeated parameter gives its first value, and a plus address in an
  // unencoded `?email=` keeps its `+`.
  it('a page with <base href> in a sub-path: URLs resolve against the base, the lead names the page', async () => {
    const { page } = await sessions.open();
    suite.site.route('/app/flows/base.json', json(flowJson({ webhook: 'hook' })));
    suite.site.route('/app/hook', { body: 'ok', contentType: 'text/plain' });
    suite.site.route('/app/pics/team.png', { body: '', contentType: 'image/png', status: 204 });
    const lead = page.waitForRequest((r) => r.method() === 'POST' && r.url().endsWith('/hook'));
    const picture = page.waitForRequest((r) => r.url().endsWith('/team.png'));
    await page.goto(
      suite.site.page('/de/landing/', landingPage(element('flows/base.json') + SCRIPT_TAG, '<base href="/app/">')) +
        '?utm_source=Google+Ads&utm_campaign=sp%C3%A4t%20sale&utm_medium=cpc&utm_medium=email&plan=pro&email=ada+news@example.com',
    );
    expect((await picture).url()).toBe(`${suite.site.origin}/app/pics/team.png`);
    expect(await toEmail(page)).toBe('ada+news@example.com');
    await page.getByRole('button', { name: 'Weiter' }).click();
    expect(await linkHref(page, /Datenschutz/)).toBe(`${suite.site.origin}/app/privacy.html`);
    expect(await progressKeys(page)).toEqual(['leadflow:progress:url-check@1:/de/landing/#0']);
    await page.getByRole('checkbox', { name: /einverstanden/ }).check();
    await page.getByRole('button', { name: 'Absenden' }).click();
    expect(await linkHref(page, 'Termin buchen')).toBe(`${suite.site.origin}/app/book.html`);
    const posted = await lead;
    expect(posted.url()).toBe(`${suite.site.origin}/app/hook`);
    const { data } = JSON.parse(posted.postData()!) as Lead;
    const pageUrl = `${suite.site.origin}/de/landing/`;
    expect({ page: data.meta.page, attribution: data.attribution, hidden: data.hidden, contact: data.contact }).toEqual({
      page: pageUrl,
      attribution: { utm_source: 'Google Ads', utm_medium: 'cpc', utm_campaign: 'spät sale', landingPage: pageUrl },
      hidden: { plan: 'pro' },
      contact: { email: 'ada+news@example.com' },
    });
  });

  // Checked and fine: a flow URL with a cache-busting query (`?v=3`) that redirects (302) to
  // another origin. The variant file `./short.json` is fetched beside the file's final address,
  // as docs/flow-format.md says; bumping the query to `?v=4` keeps the visitor's progress (the key
  // is flow id, version and place, never the URL).
  it('a flow URL with ?v= that redirects to another origin: variant file from the final URL, progress kept when ?v changes', async () => {
    const { page } = await sessions.open();
    const cdn = suite.site.origin.replace('127.0.0.1', 'localhost');
    const cors = { 'access-control-allow-origin': '*' };
    suite.site.route('/old/redirect.json', { body: '', contentType: 'text/plain', status: 302, headers: { location: `${cdn}/cdn/v2/redirect.json` } });
    suite.site.route('/cdn/v2/redirect.json', json(flowJson({ webhook: suite.receiver.url, variants: [{ id: 'short', weight: 1, flow: './short.json' }] }), cors));
    suite.site.route('/cdn/v2/short.json', json(flowJson({ id: 'short-file' }, 'Kurz: Welche Rolle?'), cors));
    const at = (v: number) => suite.site.page('/lp/redirect.html', landingPage(element(`/old/redirect.json?v=${v}`) + SCRIPT_TAG));
    await page.goto(at(3));
    await page.getByRole('heading', { name: 'Kurz: Welche Rolle?' }).waitFor();
    await toEmail(page);
    await page.getByLabel('E-Mail-Adresse').fill('ada@example.com');
    at(4);
    await page.reload();
    await expect.poll(() => page.getByLabel('E-Mail-Adresse').inputValue()).toBe('ada@example.com');
  });

  // Checked and fine: a hash-routed single-page app (`#/pricing` → `#/contact`): the progress key
  // has the path only, so a reload after the route change resumes on the same step.
  it('a hash-routed app: a reload after a route change resumes where the visitor was', async () => {
    const { page } = await sessions.open();
    suite.site.route('/url-edges/hash.json', json(flowJson({ webhook: suite.receiver.url })));
    await page.goto(suite.site.page('/spa.html', landingPage(element('/url-edges/hash.json') + SCRIPT_TAG)) + '#/pricing');
    await toEmail(page);
    await page.evaluate(() => (location.hash = '#/contact'));
    await page.reload();
    await page.getByLabel('E-Mail-Adresse').waitFor();
    expect(await progressKeys(page)).toEqual(['leadflow:progress:url-check@1:/spa.html#0']);
  });

  // Was: in an `about:srcdoc` frame (Framer's and many builders' "HTML embed", previews) the
  // receiver got `meta.page: "nullsrcdoc"` and `attribution.landingPage: "nullsrcdoc"`: no
  // address at all. On a `blob:` page it was "http://hosthttp://host/<uuid>"; in a `data:` frame
  // "nulltext/html,%3C!doctype…", the whole page source (inline flow included, unbounded). Both
  // were built as `location.origin + location.pathname`, which for a URL with an opaque path
  // (`about:`, `blob:`, `data:`) is "null" or the inner origin, then the rest. `pageAddress`
  // gives the address without query and fragment now, the embedding page's for `about:` frames,
  // and only "data:" for a `data:` page.
  it('in an about:srcdoc frame and on a blob: page, meta.page and landingPage are addresses, not "nullsrcdoc"', async () => {
    const { page } = await sessions.open();
    const inner = landingPage(element('#srcdoc-flow', { webhook: suite.receiver.url }) + inlineFlow('srcdoc-flow', flowJson()) + `<script src="${suite.site.origin}/leadflow.js"></script>`);
    const outer = suite.site.page('/embed.html', `<!doctype html><title>Embed</title><iframe title="Formular" srcdoc="${inner.replace(/&/g, '&amp;').replace(/"/g, '&quot;')}" style="width:600px;height:600px"></iframe>`);
    await page.goto(outer);
    const frame = page.frameLocator('iframe');
    await toEmail(frame);
    await finish(frame, 'ada@example.com');
    await expect.poll(() => suite.receiver.posts().length).toBe(1);
    const { data } = suite.receiver.posts()[0]!.body as Lead;
    // A blob: page of the same origin (its own sessionStorage first touch, cleared first).
    const blob = await page.evaluate((html) => (sessionStorage.clear(), URL.createObjectURL(new Blob([html], { type: 'text/html' }))), inner);
    await page.goto(blob);
    const touch = await page.waitForFunction(() => sessionStorage.getItem('leadflow:touch'));
    const blobLanding = (JSON.parse((await touch.jsonValue()) as string) as Record<string, string>).landingPage;
    // The frame's own address, or the page it is embedded in: either is an address a receiver can open.
    expect([data.meta.page, data.attribution.landingPage, blobLanding]).toEqual([
      expect.stringMatching(new RegExp(`^(about:srcdoc|${outer})$`)),
      expect.stringMatching(new RegExp(`^(about:srcdoc|${outer})$`)),
      blob,
    ]);
  });

  // Was: an inline form (lazy, the default) further down a page that tidies its address after
  // loading (`history.replaceState` dropping `?email=…&plan=…`, as privacy scripts and SPA
  // routers do) got neither the prefill nor the hidden field: the visitor typed the e-mail the
  // newsletter link carried, and the lead arrived without `hidden.plan`, though with the first
  // touch's `utm_source` (taken when the script installs). The query was read when the flow had
  // loaded, i.e. when the form was scrolled near; `mount()` takes it when it mounts now.
  it('a lazy form further down reads prefill and hidden fields from the address the page was opened with', async () => {
    const { page } = await sessions.open();
    suite.site.route('/url-edges/lazy.json', json(flowJson({ webhook: suite.receiver.url })));
    const tidy = `<script>addEventListener('load', () => history.replaceState(null, '', location.pathname))</script>`;
    await page.goto(
      suite.site.page('/lazy.html', landingPage(`<div style="height: 3000px"></div>${element('/url-edges/lazy.json', { lazy: 'true' })}${SCRIPT_TAG}${tidy}`)) +
        '?email=ada@example.com&plan=pro&utm_source=newsletter',
    );
    await page.waitForFunction(() => location.search === '');
    await page.locator('[data-leadflow]').scrollIntoViewIfNeeded();
    const prefilled = await toEmail(page);
    await finish(page, prefilled ? undefined : 'typed@example.com');
    await expect.poll(() => suite.receiver.posts().length).toBe(1);
    const { data } = suite.receiver.posts()[0]!.body as Lead;
    expect({ prefilled, hidden: data.hidden, utm_source: data.attribution.utm_source }).toEqual({ prefilled: 'ada@example.com', hidden: { plan: 'pro' }, utm_source: 'newsletter' });
  });
});
