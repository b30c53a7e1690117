import { readdirSync, readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import type { LeadEnvelope } from '../../src/delivery/index.ts';
import { STRONG_PERSONAS, stepTitled } from './support/a11y-keyboard.ts';
import { a11yPage, answerStep, de, DEMO_FLOWS, demoFlowJson, nextButton, OPENER, widgetHeading, type FlowJson } from './support/a11y-pages.ts';
import { consoleErrors, type PageSession } from './support/browser.ts';
import { cspViolations, recordCspViolations } from './support/csp.ts';
import { inlineFlow, landingPage, recordedEvents, recordLeadFlowEvents, snippet, STUDENT } from './support/pages.ts';
import {
  DENY_ALL_PERMISSIONS,
  everyTypeFlow,
  pageAssignsHtml,
  PICTURE_SVG,
  policyFromReadme,
  strictPolicy,
  switchTabAway,
} from './support/strict-policies.ts';
import { browserSuite } from './support/suite.ts';
import { theOnlyPost } from './support/webhook-receiver.ts';

const chromiumPath = inject('chromiumPath');

const STUDENT_END = 'Danke, dass Sie vorbeischauen!';
const MODES = ['inline', 'popup', 'slider', 'bubble'] as const;

/**
 * LeadFlow on pages with strict security policies: Trusted Types enforced, no inline styles and
 * no nonce, `connect-src` down to the webhook, `sandbox`, every permission denied, cross-origin
 * isolation, a `<meta>` policy after the script; what the README says a host must allow.
 * (tests/e2e/isolation-csp.test.ts covers a `default-src 'self'` page with a hostile stylesheet.)
 */
describe.skipIf(!chromiumPath)('strict security policies: Trusted Types, no inline styles, narrow connect-src, sandbox, permissions, COEP', () => {
  const suite = browserSuite(chromiumPath, { shareContexts: true });
  const { sessions } = suite;
  let n = 0;

  /** A fresh session recording CSP violations and leadflow:* events from before the page's scripts run. */
  async function openRecording(options: Parameters<typeof sessions.open>[0] = {}): Promise<PageSession> {
    const session = await sessions.open(options);
    await recordCspViolations(session.page);
    await recordLeadFlowEvents(session.page);
    return session;
  }

  const studentLead = async (page: Page) => {
    await page.getByRole('radio', { name: STUDENT }).check();
    await page.getByRole('button', { name: 'Absenden' }).click();
    await page.getByRole('heading', { name: STUDENT_END }).waitFor();
  };

  const headingText = async (page: Page) => ((await widgetHeading(page).textContent()) ?? '').replace(/\s+/g, ' ').trim();

  /** Answers a flow step by step, as its headings say, until its ending; returns the ending's id. */
  async function walkToEnd(page: Page, flow: FlowJson, answers: Parameters<typeof answerStep>[2]): Promise<string> {
    let title = await headingText(page);
    let step = stepTitled(flow.steps, title);
    for (let i = 0; step.type !== 'end'; i++) {
      if (i > flow.steps.length) throw new Error(`${flow.id}: no ending reached`);
      // answerStep names a field by the step's title; an optional question's heading says so.
      await answerStep(page, step.required === false ? { ...step, title } : step, answers);
      await nextButton(page).click();
      await expect.poll(() => headingText(page), { message: `${flow.id}: the step after "${step.id}"` }).not.toBe(title);
      title = await headingText(page);
      step = stepTitled(flow.steps, title);
    }
    return step.id;
  }

  // Checked and fine: every example flow shows its first step and its error message on a page
  // enforcing Trusted Types with no inline style allowed at all, and one example flow per mode
  // (inline, popup, slider, bubble) is answered to its sales ending there: not one violation.
  it('every demo flow renders and shows its errors, and one per mode reaches its ending, under Trusted Types and style-src none', async () => {
    const policy = { 'content-security-policy': strictPolicy(suite.receiver.origin) };
    const all = await openRecording();
    const files = readdirSync(new URL('../../demo/flows/', import.meta.url)).filter((file) => file.endsWith('.json'));
    const widgets = files.map((file) => `<section aria-label="${file}">${snippet({ flow: `/flows/${file}`, webhook: suite.receiver.url }).replace('<div ', '<div data-leadflow-lazy="false" ')}</section>`);
    await all.page.goto(suite.site.page(`/strict-demo-all-${++n}.html`, landingPage(widgets.join('\n')), policy));
    // Each demo flow's first step, and Next without an answer.
    const firstSteps = async () => {
      for (const file of files) {
        const region = all.page.getByRole('region', { name: file, exact: true });
        const [first] = (JSON.parse(readFileSync(new URL(`../../demo/flows/${file}`, import.meta.url), 'utf8')) as FlowJson).steps;
        const heading = region.getByRole('heading', { name: de(first!.title) });
        await heading.waitFor();
        await region.getByRole('button', { name: 'Weiter' }).click();
        // A required first question shows its error; an optional one lets the visitor on.
        if (first!.required === false) await heading.waitFor({ state: 'detached' });
        else await region.getByText(/^Fehler: /).waitFor();
      }
    };

    const walks = DEMO_FLOWS.slice(0, MODES.length).map(async (name, i) => {
      const mode = MODES[i]!;
      const persona = STRONG_PERSONAS[name];
      const session = await openRecording();
      const page = a11yPage({ flow: `/flows/${name}.json`, webhook: suite.receiver.url, mode, ...(persona.hidden && { hidden: persona.hidden }) });
      await session.page.goto(suite.site.page(`/strict-demo-${name}-${++n}.html`, page, policy));
      if (mode !== 'inline') await session.page.getByRole('button', { name: OPENER }).click();
      await widgetHeading(session.page).waitFor();
      const end = await walkToEnd(session.page, demoFlowJson(name), persona.answers);
      return { name, mode, end, violations: await cspViolations(session), errors: consoleErrors(session) };
    });
    const [, ...results] = await Promise.all([firstSteps(), ...walks]);
    for (const walk of results)
      expect(walk, `${walk.name} (${walk.mode})`).toEqual({ ...walk, end: STRONG_PERSONAS[walk.name].end, violations: [], errors: [] });
    await expect.poll(() => suite.receiver.posts().length).toBe(MODES.length);
    expect(await cspViolations(all)).toEqual([]);
    expect(consoleErrors(all)).toEqual([]);
  });

  // Checked and fine: the question types the demo flows lack (drop-down, texts, phone, date,
  // rating, slider, statement), an option picture and icon, an "other" text, error messages,
  // piped titles and a call to action render under the same policy; the dynamic styles (the
  // progress bar, the slider's value box) go through the CSSOM, which a CSP does not block.
  it('a flow with every question type, errors, piping, a picture and a slider: no violation of its own, styles applied, the lead delivered', async () => {
    const session = await openRecording();
    const { page } = session;
    suite.site.route('/strict/picture.svg', { body: PICTURE_SVG, contentType: 'image/svg+xml' });
    const flow = everyTypeFlow('/strict/picture.svg');
    // The page's own inline style: the control that style attributes are refused here.
    const html = landingPage(`<p style="color: blue">Inline</p>\n${inlineFlow('flow', flow)}\n${snippet({ flow: '#flow', webhook: suite.receiver.url })}`);
    await page.goto(suite.site.page(`/strict-every-${++n}.html`, html, { 'content-security-policy': strictPolicy(suite.receiver.origin) }));
    const next = () => page.getByRole('button', { name: /^(Weiter|Absenden)$/ }).click();
    const error = (text: string) => page.getByText(text).waitFor();

    // The picture loaded ('self' is allowed for images); empty Next shows the error.
    await page.getByRole('radio', { name: 'Ich entscheide' }).waitFor();
    await expect.poll(() => page.locator('[data-leadflow] img').evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(48);
    await next();
    await error('Bitte beantworten Sie diese Frage.');
    expect(await page.getByRole('radio', { name: 'Ich entscheide' }).getAttribute('aria-invalid')).toBe('true');
    await page.getByRole('radio', { name: 'Etwas anderes' }).check();
    await next();
    await error('Bitte füllen Sie dieses Feld aus.');
    await page.getByRole('textbox').fill('Beraterin');
    await next();

    // The progress bar's fill is as wide as the step's share of the path says.
    await page.getByRole('checkbox', { name: 'Berichte' }).check();
    const bar = page.getByRole('progressbar');
    const share = Number(await bar.getAttribute('aria-valuenow')) / 100;
    expect(share).toBeGreaterThan(0);
    const [track, fill] = await bar.evaluate((el) => [el.getBoundingClientRect().width, el.firstElementChild!.getBoundingClientRect().width]);
    expect(fill! / track!).toBeCloseTo(share, 1);
    await next();

    await page.getByRole('combobox', { name: 'In welcher Branche arbeiten Sie?' }).selectOption('software');
    await next();
    await page.getByRole('textbox', { name: 'Wie heißen Sie mit Vornamen?' }).fill('Erika');
    await next();
    await page.getByRole('textbox', { name: 'Hallo Erika, was sollen wir wissen?' }).fill('Zwei Teams.');
    await next();
    const email = page.getByRole('textbox', { name: 'Wie lautet Ihre geschäftliche E-Mail-Adresse?' });
    await email.fill('erika');
    await next();
    await error('Bitte geben Sie eine gültige E-Mail-Adresse ein, z. B. name@firma.de.');
    await email.fill('erika@nordlicht.example');
    await next();
    await page.getByRole('textbox', { name: 'Unter welcher Nummer erreichen wir Sie?' }).fill('+49 30 1234567');
    await next();
    await page.getByRole('textbox', { name: 'Welches Budget ist eingeplant?' }).fill('25000');
    await next();

    // The slider's value box keeps the width set for its widest value (a CSSOM style).
    const slider = page.getByRole('slider', { name: 'Wie groß ist Ihr Team?' });
    // The slider takes its middle value as the answer one frame after it appears (an effect); no
    // visitor moves it sooner, a script does.
    await slider.evaluate(() => new Promise((done) => requestAnimationFrame(() => setTimeout(() => setTimeout(done)))));
    await slider.fill('70');
    expect(await page.locator('[data-leadflow] output').evaluate((el) => getComputedStyle(el).minWidth)).toMatch(/^min\(\d/);
    await next();
    await page.getByRole('textbox', { name: 'Wann soll es losgehen?' }).fill('2026-06-15');
    await next();
    await page.getByRole('radio', { name: '9', exact: true }).check();
    await next();
    await page.getByRole('checkbox', { name: 'Ich bin einverstanden' }).check();
    await next();
    await page.getByLabel('Name', { exact: true }).fill('Erika Muster');
    // A name is no misspelt word (Chromium takes `spellcheck` as the property jsdom lacks).
    expect(await page.getByLabel('Name', { exact: true }).evaluate((field) => [(field as HTMLInputElement).spellcheck, field.getAttribute('autocapitalize')])).toEqual([false, 'words']);
    await page.getByLabel('E-Mail-Adresse').fill('erika@nordlicht.example');
    await next();
    await page.getByRole('heading', { name: 'Fast geschafft, Erika' }).waitFor();
    await next();
    await page.getByRole('heading', { name: 'Danke, Erika!' }).waitFor();
    expect(await page.getByRole('link', { name: 'Termin buchen' }).getAttribute('href')).toBe('https://cal.example/demo');

    const { data } = (await theOnlyPost(suite.receiver)).body as LeadEnvelope;
    expect(data.answers.role_other?.value).toBe('Beraterin');
    expect(data.answers.team?.value).toBe(70);
    // The other control: a page script's HTML assignment is refused.
    expect(await pageAssignsHtml(page)).toBe('TypeError');
    // The two controls' violations, and nothing of the widget's.
    expect(await cspViolations(session)).toEqual([
      'style-src-attr blocked inline ',
      'require-trusted-types-for blocked trusted-types-sink Element innerHTML|<b>page</b>',
      expect.stringMatching(/^Applying inline style violates/),
    ]);
  });

  // Checked and fine: the bubble's panel sits above the bubble by the bubble's measured height (a
  // custom property set through the CSSOM), so on a 320 px phone, where a long title wraps the
  // bubble onto several lines, the panel does not cover it even with style-src 'none'.
  it('bubble on a 320 px phone with a wrapping title, style-src none: the panel sits 16 px above the bubble', async () => {
    const session = await openRecording({ viewport: { width: 320, height: 640 } });
    const { page } = session;
    const flow = demoFlowJson('saas-bant');
    flow.title = 'Finden Sie in zwei Minuten heraus, ob unsere Software zu Ihrem Vertriebsteam passt';
    const element = `<div data-leadflow="#flow" data-leadflow-webhook="${suite.receiver.url}" data-leadflow-mode="bubble" data-leadflow-locale="de"></div>`;
    const html = landingPage(`${inlineFlow('flow', flow)}\n${element}\n<script src="/leadflow.js" async></script>`);
    await page.goto(suite.site.page(`/strict-bubble-${++n}.html`, html, { 'content-security-policy': strictPolicy(suite.receiver.origin) }));
    const bubble = page.getByRole('button', { name: flow.title as string });
    await bubble.click();
    await page.getByRole('heading', { name: 'Welche Rolle haben Sie bei der Auswahl?' }).waitFor();
    const button = (await bubble.boundingBox())!;
    const panel = (await page.getByRole('dialog', { name: flow.title as string }).boundingBox())!;
    expect(button.height, 'the bubble wraps').toBeGreaterThan(60);
    expect(button.y - (panel.y + panel.height)).toBeCloseTo(16, 0);
    expect(await cspViolations(session)).toEqual([]);
  });

  /**
   * A page whose connect-src allows the webhook's URL and nothing else, with an analytics endpoint
   * it does not allow; mounted from a script file (no inline script) with one try per batch.
   */
  async function analyticsRefused(): Promise<{ session: PageSession; analytics: string }> {
    const analytics = `${suite.receiver.origin.replace('//127.0.0.1:', '//localhost:')}/analytics`;
    const mount = `LeadFlow.mount(document.getElementById('form'), ${JSON.stringify({
      flow: '#flow',
      webhook: suite.receiver.url,
      analytics,
      locale: 'de',
      minFillMs: 0,
      retry: { attempts: 1, baseMs: 10, capMs: 10, maxRetryAfterMs: 10 },
    })});`;
    suite.site.route('/strict/mount.js', { body: mount, contentType: 'text/javascript' });
    const html = landingPage(`${inlineFlow('flow', demoFlowJson('saas-bant'))}<div id="form"></div>
<script src="/leadflow.js"></script><script src="/strict/mount.js"></script>`);
    const policy = `default-src 'none'; script-src 'self'; connect-src ${suite.receiver.url}; require-trusted-types-for 'script'`;
    const session = await openRecording();
    await session.page.goto(suite.site.page(`/strict-analytics-${++n}.html`, html, { 'content-security-policy': policy }));
    await studentLead(session.page);
    await switchTabAway(session.page);
    await expect.poll(() => session.console.filter((m) => m.text.includes('funnel events')).length, { timeout: 5_000 }).toBeGreaterThan(0);
    return { session, analytics };
  }

  // Checked and fine: with connect-src allowing only the webhook, the analytics endpoint is
  // refused, yet the visitor finishes, the lead goes out once, and the console notes the drop.
  it('connect-src allows only the webhook: the form works, the lead is delivered once, dropped funnel events are noted', async () => {
    const { session, analytics } = await analyticsRefused();
    expect((await theOnlyPost(suite.receiver)).status).toBe(200);
    const note = session.console.find((m) => m.text.includes('funnel events'))!;
    expect(note.type).toBe('warning');
    expect(note.text).toContain(analytics);
    expect((await recordedEvents(session.page)).filter((e) => e.type === 'leadflow:error')).toEqual([]);
  });

  // Was: the console note for funnel events the page's CSP refused says "NetworkError: Webhook
  // request failed": the analytics endpoint is no webhook, and nothing hints at connect-src. The
  // analytics queue reuses postBody (src/delivery/send-webhook.ts), whose NetworkError
  // (src/delivery/errors.ts, constructor) always says "Webhook request failed", and the note in
  // createPageOutbox's track() (src/embed/page-outbox.ts, onGiveUp) prints it as it is — unlike a
  // refused flow file, whose message asks "blocked by CORS or CSP?" (src/embed/flow-source.ts).
  it('connect-src refuses the analytics endpoint: the note says an analytics request failed and points at CSP', async () => {
    const { session } = await analyticsRefused();
    const note = session.console.find((m) => m.text.includes('funnel events'))!.text;
    expect(note).not.toMatch(/webhook/i);
    expect(note).toMatch(/CSP|Content-Security-Policy|connect-src/);
  });

  // Checked and fine: a page whose connect-src forgot the webhook shows the visitor the ending,
  // keeps the lead, and the next page of the site that allows the webhook delivers it once.
  it('connect-src without the webhook: the visitor sees the ending, and the lead is kept and delivered from the next page', async () => {
    const session = await openRecording();
    const { page } = session;
    const widget = `${inlineFlow('flow', demoFlowJson('saas-bant'))}\n${snippet({ flow: '#flow', webhook: suite.receiver.url })}`;
    const strict = { 'content-security-policy': `default-src 'none'; script-src 'self'; connect-src 'self'` };
    await page.goto(suite.site.page(`/strict-no-webhook-${++n}.html`, landingPage(widget), strict));
    await studentLead(page);
    await expect.poll(() => cspViolations(session).then((v) => v.some((text) => text.includes(`connect-src blocked ${suite.receiver.url}`)))).toBe(true);
    expect(suite.receiver.requests).toEqual([]);
    const { leadId } = (await recordedEvents(page)).find((e) => e.type === 'leadflow:submit')!.detail as { leadId: string };
    await page.goto(suite.site.page(`/strict-allows-webhook-${++n}.html`, landingPage(widget)));
    const post = await theOnlyPost(suite.receiver);
    expect((post.body as LeadEnvelope).data.id).toBe(leadId);
  });

  // Checked and fine: a flow file the page's connect-src refuses shows the visitor the notice at
  // once (not after the 15 s timeout), and the console names the URL and CSP.
  // A refused fetch looks like a dropped connection to the page, so it is tried twice more
  // (after 1 s and 3 s) before the notice.
  it('connect-src refuses the flow file: the notice shows after its two more tries and the console names the URL and CSP', async () => {
    const session = await openRecording();
    const flowUrl = `${suite.site.origin.replace('//127.0.0.1:', '//localhost:')}/flows/saas-bant.json`;
    const body = snippet({ flow: flowUrl, webhook: suite.receiver.url });
    await session.page.goto(suite.site.page(`/strict-flow-refused-${++n}.html`, landingPage(body), { 'content-security-policy': strictPolicy(suite.receiver.origin) }));
    await session.page.getByText('Dieses Formular kann gerade nicht geladen werden.').waitFor({ timeout: 10_000 });
    const error = consoleErrors(session).find((text) => text.startsWith('LeadFlow:'));
    expect(error).toContain(flowUrl);
    expect(error).toMatch(/CSP/);
  });

  // Was: README.md's "Content-Security-Policy" section (README.md, "A host needs only:") lists
  // script-src and connect-src for the flow file and the webhook. A flow with option pictures
  // (`options[].image`, rendered as <img> by src/ui/questions/choice-question.tsx) also needs
  // img-src, and one with an analytics endpoint (the flow's `analytics`, data-leadflow-analytics)
  // connect-src for it: a host following the README gets blocked pictures and refused funnel
  // events, and a CSP report for each. The README should name both (and variant flow files).
  it("the policy README.md's CSP section gives is enough for a flow with option pictures and an analytics endpoint", async () => {
    const cdn = suite.site.origin.replace('//127.0.0.1:', '//localhost:');
    const analytics = `${suite.receiver.origin.replace('//127.0.0.1:', '//localhost:')}/analytics`;
    suite.site.route('/strict/picture.svg', { body: PICTURE_SVG, contentType: 'image/svg+xml' });
    suite.site.route('/strict/every-type.json', { body: JSON.stringify(everyTypeFlow(`${cdn}/strict/picture.svg`, { analytics })), contentType: 'application/json' });
    const policy = policyFromReadme({ script: suite.site.origin, flow: suite.site.origin, webhook: suite.receiver.origin, analytics, pictures: cdn });
    const session = await openRecording();
    const body = snippet({ flow: '/strict/every-type.json', webhook: suite.receiver.url });
    await session.page.goto(suite.site.page(`/strict-readme-${++n}.html`, landingPage(body), { 'content-security-policy': policy }));
    await session.page.getByRole('radio', { name: 'Ich entscheide' }).check();
    await session.page.getByRole('button', { name: 'Weiter' }).click();
    await session.page.getByRole('heading', { name: 'Welche Themen interessieren Sie?' }).waitFor();
    // The funnel events go out (allowed: they reach the receiver; refused: a violation).
    await switchTabAway(session.page);
    const analyticsTried = async () =>
      suite.receiver.requests.some((r) => r.path === '/analytics') || (await cspViolations(session)).some((text) => text.includes('/analytics'));
    await expect.poll(analyticsTried).toBe(true);
    expect(await cspViolations(session)).toEqual([]);
  });

  // Was: an option picture is requested with the page's referrer policy, while every other
  // request and link of the widget sends none (flow file, webhook, analytics: `referrerPolicy:
  // 'no-referrer'`; CTA and privacy links: rel="noreferrer"), because "the page's address may hold
  // a prefilled e-mail". On a page with a permissive Referrer-Policy (`unsafe-url`,
  // `no-referrer-when-downgrade`), the picture's host receives the page URL with `?email=…`. The
  // <img> in src/ui/questions/choice-question.tsx (ChoiceQuestion) has no referrerpolicy="no-referrer".
  it('Referrer-Policy unsafe-url and a prefilled e-mail in the URL: an option picture is requested without the page address', async () => {
    const picture = `${suite.receiver.origin.replace('//127.0.0.1:', '//localhost:')}/picture.svg`;
    const flow = everyTypeFlow(picture);
    const session = await openRecording();
    const html = landingPage(`${inlineFlow('flow', flow)}\n${snippet({ flow: '#flow', webhook: suite.receiver.url })}`);
    await session.page.goto(`${suite.site.page(`/strict-referrer-${++n}.html`, html, { 'referrer-policy': 'unsafe-url' })}?email=erika%40example.com`);
    await session.page.getByRole('radio', { name: 'Ich entscheide' }).waitFor();
    await expect.poll(() => suite.receiver.requests.filter((r) => r.path === '/picture.svg').length).toBe(1);
    expect(suite.receiver.requests.find((r) => r.path === '/picture.svg')!.headers.referer).toBeUndefined();
  });

  // Checked and fine: a page served with `Content-Security-Policy: sandbox allow-scripts` (an
  // opaque origin: storage and Web Locks refused, no form submission) runs a popup: it opens,
  // the visitor finishes, closing it (which stores "closed" where storage is refused) throws
  // nothing, and the lead goes out once.
  it('CSP sandbox allow-scripts, popup mode: opens, finishes, closes without an error, one lead', async () => {
    const session = await openRecording();
    const { page } = session;
    const html = a11yPage({ flow: demoFlowJson('saas-bant'), webhook: suite.receiver.url, mode: 'popup' });
    await page.goto(suite.site.page(`/strict-sandbox-${++n}.html`, html, { 'content-security-policy': `sandbox allow-scripts; ${strictPolicy(suite.receiver.origin)}` }));
    expect(await page.evaluate(() => origin)).toBe('null');
    await page.getByRole('button', { name: OPENER }).click();
    await studentLead(page);
    await page.getByRole('button', { name: 'Schließen' }).click();
    await expect.poll(() => page.getByRole('dialog').count()).toBe(0);
    expect((await theOnlyPost(suite.receiver)).status).toBe(200);
    expect(await cspViolations(session)).toEqual([]);
    expect(consoleErrors(session)).toEqual([]);
  });

  // Checked and fine: a cross-origin-isolated page (COOP same-origin, COEP require-corp) loading
  // leadflow.js from another origin that sends Cross-Origin-Resource-Policy, with every permission
  // the browser knows denied: the form works and the lead goes out; no permission is asked for.
  it('COOP + COEP require-corp, the script from a CDN origin, every permission denied: the lead is delivered once', async () => {
    const cdn = suite.site.origin.replace('//127.0.0.1:', '//localhost:');
    const bundle = readFileSync(`${inject('bundleDir')}/leadflow.js`, 'utf8');
    suite.site.route('/cdn/leadflow.js', { body: bundle, contentType: 'text/javascript', headers: { 'cross-origin-resource-policy': 'cross-origin' } });
    const headers = {
      'cross-origin-opener-policy': 'same-origin',
      'cross-origin-embedder-policy': 'require-corp',
      'permissions-policy': DENY_ALL_PERMISSIONS,
    };
    const session = await openRecording();
    const body = snippet({ flow: '/flows/saas-bant.json', webhook: suite.receiver.url, script: `${cdn}/cdn/leadflow.js` });
    await session.page.goto(suite.site.page(`/strict-isolated-${++n}.html`, landingPage(body), headers));
    expect(await session.page.evaluate(() => crossOriginIsolated)).toBe(true);
    await studentLead(session.page);
    expect((await theOnlyPost(suite.receiver)).status).toBe(200);
    // What Chromium logs when a script uses a feature the page denied (an unload listener, say).
    expect(session.console.filter((m) => /permissions policy violation/i.test(m.text))).toEqual([]);
    expect(consoleErrors(session)).toEqual([]);
  });

  // Checked and fine: a `<meta http-equiv="Content-Security-Policy">` placed after the script tag
  // (it applies from there on: to the flow file, the widget's rendering and the webhook).
  it('a <meta> CSP after the script tag, with Trusted Types: the widget renders and delivers without a violation', async () => {
    const session = await openRecording();
    const meta = `<script src="/leadflow.js"></script>\n<meta http-equiv="Content-Security-Policy" content="${strictPolicy(suite.receiver.origin)}">`;
    const body = `<div data-leadflow="/flows/saas-bant.json" data-leadflow-webhook="${suite.receiver.url}" data-leadflow-locale="de" data-leadflow-min-fill-ms="0"></div>`;
    await session.page.goto(suite.site.page(`/strict-meta-${++n}.html`, landingPage(body, meta)));
    // The control: the policy is in force for the page's own scripts.
    expect(await pageAssignsHtml(session.page)).toBe('TypeError');
    await studentLead(session.page);
    expect((await theOnlyPost(suite.receiver)).status).toBe(200);
    // Only the control's own violation.
    expect((await cspViolations(session)).filter((text) => !text.includes('<b>page</b>'))).toEqual([]);
  });
});
