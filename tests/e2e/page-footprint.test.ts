import type { Browser } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchBrowser, PageSessions } from './support/browser.ts';
import { answerDemoFlow, DEMO_FLOW_URL, HOT_END_TITLE, HOT_LEAD } from './support/demo-flow.ts';
import { landingPage, snippet } from './support/pages.ts';
import { startStaticServer, type StaticServer } from './support/static-server.ts';
import { startWebhookReceiver, type WebhookReceiver } from './support/webhook-receiver.ts';

const chromiumPath = inject('chromiumPath');

describe.skipIf(!chromiumPath)("the widget's footprint on its host page", () => {
  let browser: Browser;
  let site: StaticServer;
  let receiver: WebhookReceiver;
  const sessions = new PageSessions(() => browser);

  beforeAll(async () => {
    [browser, site, receiver] = await Promise.all([launchBrowser(chromiumPath), startStaticServer(inject('bundleDir')), startWebhookReceiver()]);
  });
  afterEach(async () => {
    await sessions.closeAll();
    receiver.reset();
  });
  afterAll(async () => {
    await Promise.all([browser?.close(), site?.close(), receiver?.close()]);
  });

  it('adds only window.LeadFlow, and requests only its script, its flow and the webhook', async () => {
    const { page } = await sessions.open();
    // The page's own globals before any script of the page runs.
    await page.addInitScript(() => Object.assign(window, { __before: Object.getOwnPropertyNames(window) }));
    const requests: string[] = [];
    page.on('request', (request) => requests.push(`${request.method()} ${request.url()}`));
    const url = site.page('/footprint.html', landingPage(snippet({ flow: DEMO_FLOW_URL, webhook: receiver.url })));
    await page.goto(url);
    await answerDemoFlow(page, HOT_LEAD);
    await page.getByRole('heading', { name: HOT_END_TITLE }).waitFor();
    await expect.poll(() => receiver.posts().filter((post) => post.status === 200).length).toBe(1);
    // The lead leaves the outbox after the 2xx.
    await expect.poll(() => page.evaluate(() => Object.keys(localStorage).filter((key) => key.startsWith('leadflow:')))).toEqual([]);

    const added = await page.evaluate(() => {
      const before = new Set((window as unknown as { __before: string[] }).__before);
      return Object.getOwnPropertyNames(window).filter((name) => !before.has(name) && name !== '__before');
    });
    expect(added).toEqual(['LeadFlow']);
    const origin = new URL(url).origin;
    expect(requests.map((r) => r.replace(origin, '<page>').replace(receiver.origin, '<webhook>'))).toEqual([
      'GET <page>/footprint.html',
      'GET <page>/leadflow.js',
      `GET <page>${DEMO_FLOW_URL}`,
      'POST <webhook>/webhook',
    ]);
  });
});
