import { beforeAll, describe, expect, inject, it } from 'vitest';
import { DEMO_FLOW_URL, demoFlow } from './support/demo-flow.ts';
import { inlineFlow, landingPage } from './support/pages.ts';
import { browserSuite } from './support/suite.ts';

const chromiumPath = inject('chromiumPath');
const FIRST_QUESTION = 'Welche Rolle haben Sie bei der Auswahl?';

/**
 * Page-side timestamps of the widget being ready and of the end of parsing (readyState
 * "interactive", just before DOMContentLoaded), in that page's clock.
 */
const MILESTONES = `<script>
  window.__milestones = {};
  document.addEventListener('leadflow:ready', () => (window.__milestones.ready ??= performance.now()));
  document.addEventListener('readystatechange', () => (window.__milestones.parsed ??= performance.now()));
</script>`;

describe.skipIf(!chromiumPath)('where the snippet sits on the page', () => {
  // No test here sends a lead, so the suite's webhook receiver goes unused.
  const suite = browserSuite(chromiumPath, { shareContexts: true });
  const { sessions } = suite;

  beforeAll(() => {
    // A slow script further down holds up DOMContentLoaded, as ad and chat tags do on real pages.
    suite.site.route('/slow-tag.js', { body: 'window.__slowTag = true;', contentType: 'text/javascript', delayMs: 1500 });
  });

  it('starts a widget already parsed without waiting for the rest of the page', async () => {
    const session = await sessions.open();
    const body = `<div data-leadflow="${DEMO_FLOW_URL}" data-leadflow-webhook="${suite.site.origin}/hook" data-leadflow-locale="de"></div>
<script src="/slow-tag.js"></script>`;
    await session.page.goto(suite.site.page('/early.html', landingPage(body, `${MILESTONES}<script src="/leadflow.js"></script>`)));
    await session.page.getByRole('heading', { name: FIRST_QUESTION }).waitFor();
    await session.page.waitForFunction(() => (window as unknown as { __milestones: { parsed?: number } }).__milestones.parsed);
    const { ready, parsed } = await session.page.evaluate(() => (window as unknown as { __milestones: { ready: number; parsed: number } }).__milestones);
    expect(ready).toBeLessThan(parsed);
  });

  it('mounts a widget the parser reaches after the script, with its inline flow further down still', async () => {
    const session = await sessions.open();
    const body = `<div data-leadflow="#late-flow" data-leadflow-webhook="${suite.site.origin}/hook" data-leadflow-locale="de"></div>
<p>Mehr Inhalt der Seite …</p>
${inlineFlow('late-flow', demoFlow)}`;
    await session.page.goto(suite.site.page('/late.html', landingPage(body, '<script src="/leadflow.js"></script>')));
    await session.page.getByRole('heading', { name: FIRST_QUESTION }).waitFor();
    expect(await session.page.getByRole('alert').count()).toBe(0);
  });

  /** When the widget was ready and when parsing ended, on a page whose slow tag holds parsing up. */
  async function milestonesOf(path: string, body: string) {
    const session = await sessions.open();
    await session.page.goto(suite.site.page(path, landingPage(`${body}\n<script src="/slow-tag.js"></script>`, MILESTONES)));
    await session.page.getByRole('heading', { name: FIRST_QUESTION }).waitFor();
    await session.page.waitForFunction(() => (window as unknown as { __milestones: { parsed?: number } }).__milestones.parsed);
    expect(await session.page.getByRole('alert').count()).toBe(0);
    return session.page.evaluate(() => (window as unknown as { __milestones: { ready: number; parsed: number } }).__milestones);
  }

  it('shows an inline flow placed before its script tag while the rest of the page is still loading', async () => {
    const widget = `<div data-leadflow="#early-flow" data-leadflow-webhook="${suite.site.origin}/hook" data-leadflow-locale="de"></div>`;
    const { ready, parsed } = await milestonesOf('/inline-early.html', `${inlineFlow('early-flow', demoFlow)}\n${widget}\n<script src="/leadflow.js"></script>`);
    // The slow tag holds the end of parsing back by 1.5 s; the form does not wait for it.
    expect(parsed - ready).toBeGreaterThan(1000);
  });

  it('waits for the end of parsing when the inline flow comes after its script tag (it may be half read)', async () => {
    const widget = `<div data-leadflow="#after-flow" data-leadflow-webhook="${suite.site.origin}/hook" data-leadflow-locale="de"></div>`;
    const { ready, parsed } = await milestonesOf('/inline-after.html', `${widget}\n<script src="/leadflow.js"></script>\n${inlineFlow('after-flow', demoFlow)}`);
    expect(ready).toBeGreaterThanOrEqual(parsed);
  });
});
