import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import type { LeadEnvelope } from '../../src/delivery/index.ts';
import { cspViolations, recordCspViolations } from './support/csp.ts';
import { answerDemoFlow, DEMO_FLOW_URL, HOT_END_TITLE, HOT_LEAD } from './support/demo-flow.ts';
import { landingPage, snippet } from './support/pages.ts';
import { browserSuite } from './support/suite.ts';

const chromiumPath = inject('chromiumPath');

/** A page stylesheet that fights everything a widget might rely on. */
const HOSTILE_CSS = `html { font-size: 40px }
* { box-sizing: content-box; color: red !important; font-family: serif !important }
button { text-transform: uppercase }
`;

/** Host elements that share the widget's class names and tags: the widget's CSS must not reach them. */
const LOOKALIKES = `<div class="lf-option" id="host-option">Kein Widget</div>
<h2 class="lf-title" id="host-title">Auch kein Widget</h2>`;

describe.skipIf(!chromiumPath)('on a hostile page with a strict CSP', () => {
  const suite = browserSuite(chromiumPath, { shareContexts: true });
  const { sessions } = suite;
  let csp: string;

  beforeAll(() => {
    csp = `default-src 'self'; script-src 'self'; style-src 'self'; connect-src 'self' ${suite.receiver.origin}`;
    suite.site.route('/hostile.css', { body: HOSTILE_CSS, contentType: 'text/css' });
  });

  it('control: the recorder sees a violation of this policy', async () => {
    const session = await sessions.open();
    await recordCspViolations(session.page);
    await session.page.goto(suite.site.page('/csp-control.html', landingPage('<p style="color: blue">inline style</p>'), { 'content-security-policy': csp }));
    await expect.poll(() => cspViolations(session).then((v) => v.length)).toBeGreaterThan(0);
  });

  it('keeps its own look, leaks no styles, breaks no CSP rule, and delivers the lead', async () => {
    const session = await sessions.open();
    const { page } = session;
    await recordCspViolations(page);
    const body = LOOKALIKES + snippet({ flow: DEMO_FLOW_URL, webhook: suite.receiver.url });
    const url = suite.site.page('/strict.html', landingPage(body, '<link rel="stylesheet" href="/hostile.css">'), { 'content-security-policy': csp });
    await page.goto(url);

    const heading = page.getByRole('heading', { name: 'Welche Rolle haben Sie bei der Auswahl?' });
    await heading.waitFor();
    const style = (locator: ReturnType<Page['locator']>, property: keyof CSSStyleDeclaration) =>
      locator.evaluate((el, p) => String(getComputedStyle(el)[p as keyof CSSStyleDeclaration]), property);

    // The hostile sheet did load: otherwise the checks below would prove nothing.
    expect(await style(page.locator('html'), 'fontSize')).toBe('40px');
    expect(await style(page.locator('#host-title'), 'color')).toBe('rgb(255, 0, 0)');

    expect(await style(heading, 'fontSize')).toBe('22px');
    expect(await style(heading, 'color')).not.toBe('rgb(255, 0, 0)');
    expect(await style(heading, 'fontFamily')).not.toBe('serif');
    const next = page.getByRole('button', { name: 'Weiter' });
    expect(await style(next, 'textTransform')).toBe('none');
    expect(await next.evaluate((el) => (el as HTMLElement).innerText)).toBe('Weiter');
    expect(await style(next, 'fontSize')).toBe('16px');

    // The widget's rules for .lf-option and .lf-title stay in its shadow root.
    const hostOption = page.locator('#host-option');
    expect(await style(hostOption, 'borderTopStyle')).toBe('none');
    expect(await style(hostOption, 'display')).toBe('block');
    expect(await style(hostOption, 'paddingTop')).toBe('0px');
    expect(await style(page.locator('#host-title'), 'fontSize')).toBe('60px'); // the UA's 1.5em of 40px

    await answerDemoFlow(page, HOT_LEAD);
    await page.getByRole('heading', { name: HOT_END_TITLE }).waitFor();
    await expect.poll(() => suite.receiver.posts().length).toBe(1);
    const post = suite.receiver.posts()[0]!;
    expect(post.status).toBe(200);
    expect((post.body as LeadEnvelope).data.score.tier).toBe('hot');

    expect(await cspViolations(session)).toEqual([]);
  });
});
