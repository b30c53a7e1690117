import { describe, expect, inject, it } from 'vitest';
import { answerDemoFlow, DEMO_FLOW_URL, HOT_END_TITLE, HOT_LEAD } from './support/demo-flow.ts';
import { landingPage, snippet } from './support/pages.ts';
import { browserSuite } from './support/suite.ts';

const chromiumPath = inject('chromiumPath');

describe.skipIf(!chromiumPath)("the widget's footprint on its host page", () => {
  const suite = browserSuite(chromiumPath);
  const { sessions } = suite;

  it('adds only window.LeadFlow, and requests only its script, its flow and the webhook', async () => {
    const { page } = await sessions.open();
    // The page's own globals before any script of the page runs.
    await page.addInitScript(() => Object.assign(window, { __before: Object.getOwnPropertyNames(window) }));
    const requests: string[] = [];
    page.on('request', (request) => requests.push(`${request.method()} ${request.url()}`));
    const url = suite.site.page('/footprint.html', landingPage(snippet({ flow: DEMO_FLOW_URL, webhook: suite.receiver.url })));
    await page.goto(url);
    await answerDemoFlow(page, HOT_LEAD);
    await page.getByRole('heading', { name: HOT_END_TITLE }).waitFor();
    await expect.poll(() => suite.receiver.posts().filter((post) => post.status === 200).length).toBe(1);
    // The lead leaves the outbox after the 2xx.
    await expect.poll(() => page.evaluate(() => Object.keys(localStorage).filter((key) => key.startsWith('leadflow:')))).toEqual([]);

    const added = await page.evaluate(() => {
      const before = new Set((window as unknown as { __before: string[] }).__before);
      return Object.getOwnPropertyNames(window).filter((name) => !before.has(name) && name !== '__before');
    });
    expect(added).toEqual(['LeadFlow']);
    const origin = new URL(url).origin;
    expect(requests.map((r) => r.replace(origin, '<page>').replace(suite.receiver.origin, '<webhook>'))).toEqual([
      'GET <page>/footprint.html',
      'GET <page>/leadflow.js',
      `GET <page>${DEMO_FLOW_URL}`,
      'POST <webhook>/webhook',
    ]);
  });
});
