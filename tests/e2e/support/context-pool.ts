import type { Browser, BrowserContext, BrowserContextOptions, Page } from 'playwright-core';

/**
 * Browser contexts handed from one test of a file to the next, wiped in between.
 *
 * Why: a new context costs Chromium about 0.9 s of CPU (a new renderer process, and the widget
 * compiled from scratch), a new page in a context that kept a page of the same site about 0.4 s.
 * CI's two cores are CPU-bound, so this is most of what a browser test costs. A context comes
 * back with one page left on about:blank, which keeps the site's renderer process for the next
 * test's page.
 *
 * What a test leaves is wiped before the next one gets the context: its pages (closed, or left
 * on about:blank — either way the widget's pagehide runs), cookies, and local storage, IndexedDB
 * and the rest for every origin its pages requested. sessionStorage belongs to a page: a new
 * page starts without. Context-wide settings a test changes (clock, offline, routes, init
 * scripts, permissions) are not undone: suites whose tests change them do not share contexts.
 */
export class ContextPool {
  readonly #browser: () => Browser;
  /** Free contexts by their options, each with its about:blank page. */
  readonly #idle = new Map<string, Array<{ context: BrowserContext; blank: Page }>>();
  readonly #origins = new WeakMap<BrowserContext, Set<string>>();
  readonly #keys = new WeakMap<BrowserContext, string>();
  /** The about:blank page a handed-out context came with, closed once the test is over. */
  readonly #blank = new WeakMap<BrowserContext, Page>();

  constructor(browser: () => Browser) {
    this.#browser = browser;
  }

  /** A context with these options (free: no other session of this test has it). */
  async take(options: BrowserContextOptions): Promise<BrowserContext> {
    const key = JSON.stringify(options);
    const free = this.#idle.get(key)?.pop();
    if (free) {
      this.#blank.set(free.context, free.blank);
      return free.context;
    }
    const context = await this.#browser().newContext(options);
    const origins = new Set<string>();
    context.on('request', (request) => {
      const { origin } = new URL(request.url());
      if (origin.startsWith('http')) origins.add(origin);
    });
    this.#origins.set(context, origins);
    this.#keys.set(context, key);
    return context;
  }

  /**
   * Ends the test's use of `context`: its pages go (one is left on about:blank), its storage is
   * wiped, and it waits for the next test. A context that cannot be wiped is closed instead.
   */
  async give(context: BrowserContext): Promise<void> {
    try {
      await this.#blank.get(context)?.close();
      this.#blank.delete(context);
      const [keep, ...others] = context.pages();
      await Promise.all(others.map((page) => page.close()));
      if (!keep) return void (await context.close());
      await keep.goto('about:blank');
      const cdp = await context.newCDPSession(keep);
      for (const origin of this.#origins.get(context) ?? []) await cdp.send('Storage.clearDataForOrigin', { origin, storageTypes: 'all' });
      await cdp.detach();
      await context.clearCookies();
      this.#origins.get(context)?.clear();
      const key = this.#keys.get(context)!;
      this.#idle.set(key, [...(this.#idle.get(key) ?? []), { context, blank: keep }]);
    } catch {
      // Closed by the test, or a page that would not leave: a fresh context next time.
      await context.close().catch(() => {});
    }
  }
}
