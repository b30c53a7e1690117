import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { consoleErrors, until } from './support/browser.ts';
import { END_TITLE, finishShortFlow, FIRST_QUESTION, ROLE, shortFlow } from './support/deployment.ts';
import { pageEvents, recordEventsOn, SCRIPT_TAG, widgetElement } from './support/embed-pages.ts';
import {
  autoptimizeAggregate,
  cloudflareEmailObfuscated,
  EMAIL_DECODER,
  jsmin,
  rocketDelayed,
  rocketLoaded,
  rocketLoaderScript,
} from './support/optimizers.ts';
import { inlineFlow, landingPage } from './support/pages.ts';
import { browserSuite } from './support/suite.ts';
import { theOnlyPost } from './support/webhook-receiver.ts';

const chromiumPath = inject('chromiumPath');

interface Lead {
  data: {
    id: string;
    answers: Record<string, { value: unknown }>;
    attribution: Record<string, string>;
    hidden?: Record<string, string>;
  };
}

/** The queue stub README's "Before the script has loaded" puts in front of the script tag. */
const STUB = '<script>window.LeadFlow = window.LeadFlow || { q: [] };</script>';
/** The sales address a flow and its page show, which Cloudflare's obfuscation looks for. */
const SALES = 'vertrieb@pipelight.example';

/**
 * LeadFlow on landing pages run through performance optimizers and CDNs, which rewrite scripts
 * and HTML on the way to the visitor: Cloudflare (Rocket Loader, Email Address Obfuscation),
 * WP Rocket's delayed JavaScript, Autoptimize's aggregation with JSMin, HTML minifiers,
 * Partytown, scripts loaded when the browser is idle, and cached pages. The promise under test:
 * the visitor gets a working form and the owner exactly one lead; where that cannot be, the
 * owner is told (console, `leadflow:error`). Each tool is simulated in tests/e2e/support/optimizers.ts.
 */
describe.skipIf(!chromiumPath)('optimizers edges: Rocket Loader, delayed and combined JS, minifiers, CDNs', () => {
  const suite = browserSuite(chromiumPath, { shareContexts: true });
  const { sessions } = suite;
  let n = 0;
  let bundle = '';

  /** The mount element posting to the suite's receiver; the bot check off for a fast test visitor. */
  const element = (flow: string, extra: Record<string, string | number> = {}) =>
    widgetElement({ '': flow, webhook: suite.receiver.url, locale: 'de', 'min-fill-ms': 0, ...extra });

  /** Opens `html` at a fresh path (plus `query`), recording `leadflow:*` events on the document. */
  async function open(html: string, query = '') {
    const session = await sessions.open();
    await recordEventsOn(session.page, 'document');
    await session.page.goto(suite.site.page(`/optimized-${++n}.html`, html) + query);
    return session;
  }

  const eventsOf = async (page: Page, type: string) => (await pageEvents(page)).filter((e) => e.type === `leadflow:${type}`);
  const leadOf = async () => (await theOnlyPost(suite.receiver)).body as Lead;
  /** Whether LeadFlow is installed and how many elements it mounted, with the readyState the page reports. */
  const widgetState = (page: Page) =>
    page.evaluate(() => ({
      readyState: document.readyState,
      installed: typeof (window as unknown as { LeadFlow?: { version?: string } }).LeadFlow?.version,
      shadowRoots: [...document.querySelectorAll('[data-leadflow]')].filter((el) => el.shadowRoot).length,
    }));

  beforeAll(() => {
    bundle = readFileSync(join(inject('bundleDir'), 'leadflow.js'), 'utf8');
    suite.site.route('/cdn-cgi/scripts/7d0fa10a/cloudflare-static/rocket-loader.min.js', { body: rocketLoaderScript(), contentType: 'text/javascript' });
    suite.site.route('/cdn-cgi/scripts/auto-minify/rocket-loader.min.js', { body: rocketLoaderScript({ dropsDomContentLoaded: true }), contentType: 'text/javascript' });
    suite.site.route('/cdn-cgi/scripts/5c5dd728/cloudflare-static/email-decode.min.js', { body: EMAIL_DECODER, contentType: 'text/javascript' });
  });

  describe('Cloudflare Rocket Loader', () => {
    // Checked and fine: Rocket Loader gives the script tag (and the queue stub) a type of its
    // own and runs them after the page was parsed, each as a new <script> in the old one's place,
    // telling the page readyState "loading" meanwhile. The inline flow (application/json) keeps
    // its type. LeadFlow, placed in <head> as README allows, waits for the DOMContentLoaded
    // Rocket Loader fires after its scripts, reads the flow, and one lead arrives. (LeadFlow reads
    // no attribute of its own script tag, so nothing is lost when the tag is re-created.)
    it('the script in <head> and the inline flow in the body, run by Rocket Loader: the form shows, one lead', async () => {
      const html = rocketLoaded(landingPage(`${inlineFlow('f', shortFlow())}\n${element('#f')}`, `${STUB}\n${SCRIPT_TAG}`), '/cdn-cgi/scripts/7d0fa10a/cloudflare-static/rocket-loader.min.js');
      expect(html).toContain('-text/javascript" src="/leadflow.js"');
      const { page } = await open(html);
      await finishShortFlow(page);
      expect(await page.evaluate(() => document.getElementById('f')?.getAttribute('type')), 'the inline flow keeps its type').toBe('application/json');
      expect((await leadOf()).data.answers.role?.value).toBe('sign_off');
      expect(await eventsOf(page, 'error')).toEqual([]);
    });

    // Checked and fine: the opt-out Cloudflare documents, data-cfasync="false" on LeadFlow's tag:
    // it runs as the browser loads it, before Rocket Loader; the page's own inline script, still
    // rewritten, runs later through Rocket Loader and its queued call opens the popup.
    it('data-cfasync="false" on the script tag: LeadFlow runs at once, a call queued by a Rocket-Loaded script opens the popup, one lead', async () => {
      const queue = `<script>window.LeadFlow = window.LeadFlow || { q: [] }; LeadFlow.q.push(['open', '#pop']);</script>`;
      const body = `${inlineFlow('f', shortFlow())}\n${element('#f', { '=id': 'pop', mode: 'popup' })}\n<script data-cfasync="false" src="/leadflow.js" async></script>\n${queue}`;
      const { page } = await open(rocketLoaded(landingPage(body), '/cdn-cgi/scripts/7d0fa10a/cloudflare-static/rocket-loader.min.js'));
      const dialog = page.getByRole('dialog');
      await dialog.getByRole('heading', { name: FIRST_QUESTION }).waitFor();
      await finishShortFlow(dialog as unknown as Page);
      expect((await leadOf()).data.answers.role?.value).toBe('sign_off');
    });

    // Was: Rocket Loader as sites report it together with Cloudflare's HTML Auto Minify (Ruffle
    // #6767, OneSignal SDK #87, misskey-hub #298): readyState says "loading" while it runs the
    // page's scripts, and a DOMContentLoaded listener they add is never called (readystatechange
    // and load are). LeadFlow in <head> found the inline flow after its own tag and waited for
    // DOMContentLoaded (src/embed/flow-source.ts, readFlowSource): forever, an empty space where
    // the form should be, nothing in the console, no leadflow:error. It waits for
    // readystatechange now.
    it('Rocket Loader that never fires DOMContentLoaded for its scripts (with HTML Auto Minify): the form shows, or the owner is told', async () => {
      const html = rocketLoaded(landingPage(`${inlineFlow('f', shortFlow())}\n${element('#f')}`, `${STUB}\n${SCRIPT_TAG}`), '/cdn-cgi/scripts/auto-minify/rocket-loader.min.js');
      const session = await open(html);
      const { page } = session;
      await page.waitForFunction(() => document.readyState === 'complete');
      const shown = await until(async () => (await page.getByRole('heading', { name: FIRST_QUESTION }).count()) > 0, 3_000);
      const told = (await eventsOf(page, 'error')).length > 0 || consoleErrors(session).some((text) => text.startsWith('LeadFlow:'));
      expect(shown || told, `form shown ${shown}, owner told ${told}, page ${JSON.stringify(await widgetState(page))}`).toBe(true);
    });
  });

  describe('WP Rocket, "Delay JavaScript execution"', () => {
    // Checked and fine: nothing of LeadFlow runs until the visitor first moves the mouse; then
    // WP Rocket runs it with readyState "loading" and the page's DOMContentLoaded/load listeners
    // renamed. The form appears (the space the page kept for it was empty until then), the answer
    // prefilled from ?role= is there, and the lead keeps the visit's utm_source: both are read
    // from the address the page was opened with, not at the time the script ran.
    it('nothing before the first interaction; then the form, with the prefill from the address, and the lead keeps its utm_source', async () => {
      const flow = shortFlow();
      (flow.steps[0] as { prefill?: string }).prefill = 'role';
      const body = `${STUB}\n${inlineFlow('f', flow)}\n${element('#f', { '=style': 'min-height: 300px' })}\n${SCRIPT_TAG}`;
      const session = await open(rocketDelayed(landingPage(body)), '?utm_source=newsletter&role=sign_off');
      const { page } = session;
      await page.waitForFunction(() => document.readyState === 'complete');
      await page.waitForTimeout(300);
      expect(await widgetState(page), 'before any interaction').toMatchObject({ installed: 'undefined', shadowRoots: 0 });

      await page.mouse.move(200, 150);
      const radio = page.getByRole('radio', { name: ROLE });
      await radio.waitFor();
      expect(await radio.isChecked(), 'prefilled from ?role=sign_off').toBe(true);
      await page.getByRole('button', { name: 'Absenden' }).click();
      await page.getByRole('heading', { name: END_TITLE }).waitFor({ timeout: 3_000 });
      const { data } = await leadOf();
      expect({ role: data.answers.role?.value, utm_source: data.attribution.utm_source }).toEqual({ role: 'sign_off', utm_source: 'newsletter' });
    });

    // Checked and fine: the visitor's first act is a click on the page's "Demo anfragen" opener.
    // The click wakes the delayed scripts (leadflow.js arrives 300 ms later here), WP Rocket holds
    // it back and dispatches it again once they ran: LeadFlow's opener handler gets it and the
    // popup opens. One lead.
    it('the first interaction is a click on an opener: the replayed click opens the popup, one lead', async () => {
      suite.site.route('/wp-content/plugins/leadflow/leadflow.js', { body: bundle, contentType: 'text/javascript', delayMs: 300 });
      const body = `<button type="button" data-leadflow-open="#pop">Demo anfragen</button>
${inlineFlow('f', shortFlow())}\n${element('#f', { '=id': 'pop', mode: 'popup' })}\n<script src="/wp-content/plugins/leadflow/leadflow.js" async></script>`;
      const { page } = await open(rocketDelayed(landingPage(body)));
      await page.waitForFunction(() => document.readyState === 'complete');
      await page.getByRole('button', { name: 'Demo anfragen' }).click();
      const dialog = page.getByRole('dialog');
      await dialog.getByRole('heading', { name: FIRST_QUESTION }).waitFor();
      await finishShortFlow(dialog as unknown as Page);
      expect((await leadOf()).data.answers.role?.value).toBe('sign_off');
    });

    // Checked and fine: a popup with a scroll: trigger on a page too short to scroll. LeadFlow,
    // run while WP Rocket says readyState "loading", waits for the window's load event to check
    // the page's height; WP Rocket renames that listener rocket-load and fires it after its
    // scripts: the popup opens then. (A timer: trigger counts from then too: see the report.)
    it('a scroll: trigger on a short page: the popup opens once the first interaction ran the scripts', async () => {
      const body = `${inlineFlow('f', shortFlow())}\n${element('#f', { '=id': 'pop', mode: 'popup', trigger: 'scroll:50' })}\n${SCRIPT_TAG}`;
      const { page } = await open(rocketDelayed(landingPage(body)));
      await page.waitForFunction(() => document.readyState === 'complete');
      await page.waitForTimeout(300);
      expect(await page.getByRole('dialog').count(), 'before any interaction').toBe(0);
      await page.mouse.move(200, 150);
      await page.getByRole('dialog').getByRole('heading', { name: FIRST_QUESTION }).waitFor();
    });
  });

  describe('Autoptimize, "Optimize JavaScript Code" (aggregated, JSMin)', () => {
    /** The theme's own script, ending without a `;` (Autoptimize adds one when it aggregates). */
    const THEME = 'window.__themeRan = true\n';

    // Autoptimize runs JSMin over every self-hosted script whose file name lacks "min.js"
    // (aggregated, and by default excluded ones too: "Also minify excluded JS"). JSMin reads a
    // template literal as a string from one backtick to the next, and dist/leadflow.js nests
    // them: the result does not parse. Not fixable in the bundle; README "Page optimizers and
    // CDNs" says to serve it as leadflow.min.js, which the next test shows working.
    //
    // Was: a combiner that joins files as they are (no `;` between) after one ending in an
    // expression and a comment line turned `true\n// …\n(function(){…})()` into a call of
    // `true`: neither the theme's script nor LeadFlow ran. dist/leadflow.js starts with `;`.
    it('joined without a separator after a script that ends without a semicolon: the theme script and the form both run', async () => {
      suite.site.route('/assets/combined.js', { body: `${THEME}// end of theme.js\n${bundle}`, contentType: 'text/javascript' });
      const { page } = await open(landingPage(`${inlineFlow('f', shortFlow())}\n${element('#f')}\n<script src="/assets/combined.js"></script>`));
      await page.getByRole('heading', { name: FIRST_QUESTION }).waitFor({ timeout: 3_000 });
      expect(await page.evaluate(() => (window as unknown as { __themeRan?: boolean }).__themeRan)).toBe(true);
    });

    // Checked and fine: served as leadflow.min.js, Autoptimize leaves the file out of JSMin and
    // puts it into the aggregate as it is (dropping the source-map comment). The aggregate runs
    // deferred at the end of <body>, after the page's inline script queued a LeadFlow.mount()
    // on the stub: that call runs, the [data-leadflow] element is found too (document.currentScript
    // is the aggregate, after both), and one lead arrives.
    it('named leadflow.min.js: the file goes into the aggregate as it is; a queued mount() and a [data-leadflow] element both mount, one lead', async () => {
      suite.site.route('/wp-content/cache/autoptimize/js/autoptimize_7c1e.js', {
        body: autoptimizeAggregate([
          { path: 'wp-content/themes/pipelight/theme.js', source: THEME },
          { path: 'wp-content/plugins/leadflow/leadflow.min.js', source: bundle },
          { path: 'wp-content/plugins/cookie-notice/front.js', source: 'window.__cookieNoticeRan = true;' },
        ]),
        contentType: 'text/javascript',
      });
      const options = JSON.stringify({ flow: '#f', webhook: suite.receiver.url, locale: 'de', minFillMs: 0 });
      const body = `${inlineFlow('f', shortFlow())}\n${element('#f')}\n<div id="js-form"></div>
<script>window.LeadFlow = window.LeadFlow || { q: [] }; LeadFlow.q.push(['mount', document.getElementById('js-form'), ${options}]);</script>
<script defer src="/wp-content/cache/autoptimize/js/autoptimize_7c1e.js"></script>`;
      const { page } = await open(landingPage(body));
      await expect.poll(async () => (await eventsOf(page, 'ready')).map((e) => e.target).sort()).toEqual(['div', 'js-form']);
      expect(await page.evaluate(() => [window as unknown as Record<string, unknown>].map((w) => [w.__themeRan, w.__cookieNoticeRan])[0]), 'the scripts around it ran').toEqual([true, true]);
      await page.getByRole('radio', { name: ROLE }).first().check();
      await page.getByRole('button', { name: 'Absenden' }).first().click();
      await page.getByRole('heading', { name: END_TITLE }).waitFor({ timeout: 3_000 });
      expect((await leadOf()).data.answers.role?.value).toBe('sign_off');
    });
  });

  describe('HTML minifiers', () => {
    // Checked and fine: html-minifier-terser 7 with everything on (collapseWhitespace,
    // removeAttributeQuotes, removeOptionalTags, removeScriptTypeAttributes, sortAttributes,
    // decodeEntities, minifyJS, …) — the page below is its output, byte for byte, with the
    // webhook and the flow put in: no <head>/<body> tags, unquoted attributes, `&amp;` decoded in
    // the hidden fields, `type="text/javascript"` gone. It leaves a JSON script's text alone
    // (only executable scripts go to minifyJS) but for trimming its ends.
    it('a page through html-minifier-terser with every option on: the form shows, one lead with the snippet’s hidden fields', async () => {
      const flow = { ...shortFlow(), title: 'Kurz  gefragt' };
      const html = `<!doctype html><html lang=de><meta charset=utf-8><title>PipeLight – Vertrieb ohne Blindflug</title><script>window.LeadFlow=window.LeadFlow||{q:[]}</script><h1>PipeLight</h1><p>Die Pipeline-Software für kleine Vertriebsteams.<div class=lead-form data-leadflow=#flow data-leadflow-datalayer="" data-leadflow-hidden="plan=pro&team=sales" data-leadflow-hidden-page=pricing data-leadflow-locale=de data-leadflow-min-fill-ms=0 data-leadflow-webhook=${suite.receiver.url}><p>Formular lädt …</div><script id=flow type=application/json>${JSON.stringify(flow, null, 2).replace(/</g, '\\u003c')}</script><script async src=/leadflow.js></script>`;
      const { page } = await open(html);
      await finishShortFlow(page);
      const { data } = await leadOf();
      expect({ role: data.answers.role?.value, hidden: data.hidden }).toEqual({ role: 'sign_off', hidden: { plan: 'pro', team: 'sales', page: 'pricing' } });
    });

    // Checked and fine: a minifier that runs JSMin over the text of every <script>, whatever its
    // type (as an "inline JS minification" that does not look at types would): the flow's JSON
    // keeps its double-quoted strings as they were, `//` and `/*` in them included.
    it('JSMin run over the inline flow’s JSON too: the texts and links in it are read as written', async () => {
      const flow = shortFlow();
      const end = flow.steps[flow.steps.length - 1] as Record<string, unknown>;
      Object.assign(end, { description: 'Antwort binnen 24 h // versprochen /* wirklich */', cta: { label: 'Termin buchen', url: 'https://cal.example.com/pipelight?ref=form&step=end' } });
      const json = jsmin(JSON.stringify(flow, null, 2).replace(/</g, '\\u003c'));
      const { page } = await open(landingPage(`<script type="application/json" id="f">${json}</script>\n${element('#f')}\n${SCRIPT_TAG}`));
      await finishShortFlow(page);
      await page.getByText('Antwort binnen 24 h // versprochen /* wirklich */').waitFor();
      expect(await page.getByRole('link', { name: 'Termin buchen' }).getAttribute('href')).toBe('https://cal.example.com/pipelight?ref=form&step=end');
      await leadOf();
    });
  });

  describe('Cloudflare Email Address Obfuscation', () => {
    /** The short flow ending with the sales address in its text and a mailto: button. */
    const salesFlow = () => {
      const flow = shortFlow();
      Object.assign(flow.steps[flow.steps.length - 1] as Record<string, unknown>, {
        description: `Eilig? Schreiben Sie an ${SALES}.`,
        cta: { label: 'E-Mail an den Vertrieb', url: `mailto:${SALES}?subject=Demo` },
      });
      return flow;
    };

    // Checked and fine: Cloudflare skips the contents of <script> (documented), so the inline
    // flow's address and mailto: link reach the widget as written; the page's own address (in
    // the element's fallback text and a footer link) is obfuscated and decoded as usual. The end
    // screen shows the address and a working mailto: link; one lead.
    it('the inline flow is left alone: the end screen shows the sales address and its mailto: link, one lead', async () => {
      const body = `${inlineFlow('f', salesFlow())}\n${element('#f').replace('></div>', `>Oder schreiben Sie an ${SALES}</div>`)}\n${SCRIPT_TAG}
<footer><a href="mailto:${SALES}">Kontakt</a></footer>`;
      const html = cloudflareEmailObfuscated(landingPage(body));
      expect(html, 'the page’s own address is obfuscated').toContain('/cdn-cgi/l/email-protection#');
      const { page } = await open(html);
      await finishShortFlow(page);
      await page.getByText(`Eilig? Schreiben Sie an ${SALES}.`).waitFor();
      expect(await page.getByRole('link', { name: 'E-Mail an den Vertrieb' }).getAttribute('href')).toBe(`mailto:${SALES}?subject=Demo`);
      expect(await page.getByRole('link', { name: 'Kontakt' }).getAttribute('href'), 'the page’s own link, decoded').toBe(`mailto:${SALES}`);
      expect((await leadOf()).data.answers.role?.value).toBe('sign_off');
    });

    // Checked and fine: were the obfuscation to reach into the JSON (Cloudflare warns it may
    // inside <template>), `<a href="/cdn-cgi/…" class="__cf_email__" …>[email&#160;protected]</a>`
    // breaks its quotes: the visitor sees the notice, leadflow:error says invalid_flow and the
    // console names the flow. (That it says "invalid_json" but not why, see the report.)
    it('had it rewritten the inline flow’s address: a notice, leadflow:error invalid_flow, the console names the flow', async () => {
      const html = cloudflareEmailObfuscated(landingPage(`${inlineFlow('f', salesFlow())}\n${element('#f')}\n${SCRIPT_TAG}`), { insideScripts: true });
      expect(html).toContain('[email&#160;protected]');
      const session = await open(html);
      await session.page.getByRole('alert').waitFor();
      expect((await eventsOf(session.page, 'error')).map((e) => (e.detail as { code: string }).code)).toEqual(['invalid_flow']);
      expect(consoleErrors(session).find((text) => text.startsWith('LeadFlow:'))).toContain('"#f"');
    });
  });

  describe('loaded late', () => {
    // Checked and fine: a "load JS when idle" optimization injects the script from
    // requestIdleCallback after the load event. readyState is "complete" then: a scroll:
    // trigger on a page too short to scroll opens its popup at once; one lead.
    it('injected on requestIdleCallback after load: a scroll: trigger on a short page opens the popup, one lead', async () => {
      const inject = `<script>addEventListener('load', () => requestIdleCallback(() => { const s = document.createElement('script'); s.src = '/leadflow.js'; document.body.append(s); }));</script>`;
      const body = `${inlineFlow('f', shortFlow())}\n${element('#f', { '=id': 'pop', mode: 'popup', trigger: 'scroll:50' })}\n${inject}`;
      const { page } = await open(landingPage(body));
      const dialog = page.getByRole('dialog');
      await dialog.getByRole('heading', { name: FIRST_QUESTION }).waitFor();
      await finishShortFlow(dialog as unknown as Page);
      expect((await leadOf()).data.answers.role?.value).toBe('sign_off');
    });
  });

  describe('cached pages and stale copies', () => {
    // Checked and fine: a CDN or service worker serves one cached page to everyone. LeadFlow
    // writes nothing into it that belongs to a visitor: two visitors of the same cached HTML
    // send two leads with their own ids and their own campaign, and the snippet's hidden field.
    it('one cached page, two visitors: two leads with their own ids and attribution, the same hidden field', async () => {
      const html = landingPage(`${inlineFlow('f', shortFlow())}\n${element('#f', { 'hidden-page': 'pricing' })}\n${SCRIPT_TAG}`);
      const path = `/cached-${++n}.html`;
      const url = suite.site.page(path, html);
      for (const source of ['newsletter', 'linkedin']) {
        const { page } = await sessions.open();
        await page.goto(`${url}?utm_source=${source}`);
        await finishShortFlow(page);
      }
      await expect.poll(() => suite.receiver.posts().length).toBe(2);
      await new Promise((resolve) => setTimeout(resolve, 500));
      const leads = suite.receiver.posts().map((post) => (post.body as Lead).data);
      expect(leads.map((lead) => [lead.attribution.utm_source, lead.hidden])).toEqual([
        ['newsletter', { page: 'pricing' }],
        ['linkedin', { page: 'pricing' }],
      ]);
      expect(new Set(leads.map((lead) => lead.id)).size, 'distinct lead ids').toBe(2);
    });

    // Checked: a flow that uses a step type a cached, older leadflow.js does not know is refused,
    // not half shown: the visitor sees the notice, leadflow:error says invalid_flow, and the
    // console names the step. (That nothing hints at an outdated script, see the report.)
    it('a flow written for a newer LeadFlow next to a cached older leadflow.js: a notice, invalid_flow, the console names the step', async () => {
      const flow = shortFlow();
      flow.steps.splice(1, 0, { id: 'sign', type: 'signature', title: 'Unterschrift' });
      const session = await open(landingPage(`${inlineFlow('f', flow)}\n${element('#f')}\n${SCRIPT_TAG}`));
      await session.page.getByRole('alert').waitFor();
      expect((await eventsOf(session.page, 'error')).map((e) => (e.detail as { code: string }).code)).toEqual(['invalid_flow']);
      expect(consoleErrors(session).find((text) => text.startsWith('LeadFlow:'))).toContain('steps[1]');
    });
  });
});
