import type { Browser } from 'playwright-core';
import { afterAll, afterEach, beforeAll, inject } from 'vitest';
import { launchBrowser, PageSessions } from './browser.ts';
import { startStaticServer, type StaticServer } from './static-server.ts';
import { startWebhookReceiver, type WebhookReceiver } from './webhook-receiver.ts';

/** What a Chromium suite works with, set once its `beforeAll` has run. */
export interface BrowserSuite {
  browser: Browser;
  /** Serves dist/leadflow.js (the copy every browser test uses) and the pages a test adds. */
  site: StaticServer;
  receiver: WebhookReceiver;
  sessions: PageSessions;
}

/**
 * The set-up most Chromium suites share, registered in the calling `describe`: one browser, the
 * static site and a webhook receiver for the suite; each test's pages closed and the receiver
 * emptied after it. `shareContexts`: a test's contexts go, wiped, to the next tests (see
 * ContextPool) — for suites whose tests change no context-wide setting (clock, offline, routes,
 * init scripts, permissions) and measure no heap or CPU.
 *
 * @example
 * const suite = browserSuite(chromiumPath);
 * await suite.sessions.open(); suite.site.page('/a.html', html); suite.receiver.posts();
 */
export function browserSuite(chromiumPath: string, { shareContexts = false } = {}): BrowserSuite {
  const suite = {} as BrowserSuite;
  suite.sessions = new PageSessions(() => suite.browser, { shareContexts });
  beforeAll(async () => {
    [suite.browser, suite.site, suite.receiver] = await Promise.all([launchBrowser(chromiumPath), startStaticServer(inject('bundleDir')), startWebhookReceiver()]);
  });
  afterEach(async () => {
    await suite.sessions.closeAll();
    suite.receiver.reset();
  });
  afterAll(async () => {
    await Promise.all([suite.browser?.close(), suite.site?.close(), suite.receiver?.close()]);
  });
  return suite;
}
