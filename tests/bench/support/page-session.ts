import type { Browser, BrowserContext, Page } from 'playwright-core';

/** A page in its own browser context (own cache and storage), with what went wrong on it. */
export interface PageSession {
  context: BrowserContext;
  page: Page;
  /** Throws if the page threw, logged an error, or asked for anything not on `origin`. */
  check(): void;
  close(): Promise<void>;
}

/** Long enough for the slowest widget on a slow machine, short enough that a hang fails the run. */
const ACTION_TIMEOUT_MS = 20_000;

/**
 * Opens a fresh context and page. A benchmark of a page that failed or fetched something
 * from the internet would time the wrong thing, so both are collected and reported by `check()`.
 */
export async function openPage(browser: Browser, origin: string): Promise<PageSession> {
  const context = await browser.newContext({ locale: 'de-DE' });
  context.setDefaultTimeout(ACTION_TIMEOUT_MS);
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(`uncaught: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console.error: ${message.text()}`);
  });
  page.on('request', (request) => {
    const url = request.url();
    if (!url.startsWith(`${origin}/`) && !/^(data|blob):/.test(url)) problems.push(`request outside ${origin}: ${url}`);
  });
  return {
    context,
    page,
    check() {
      if (problems.length) throw new Error(`${page.url()}:\n  ${problems.join('\n  ')}`);
    },
    close: () => context.close(),
  };
}
