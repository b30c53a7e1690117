import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Page } from 'playwright-core';
import { ContextPool } from './context-pool.ts';

/**
 * The system Chromium, headless (browsers are never downloaded). Flags keep it from phoning
 * home (updates, sync, field trials) and let it run as root in CI containers (`--no-sandbox`);
 * `extraArgs` adds more, as the benchmark does. Playwright turns the back/forward cache off
 * unless `backForwardCache` asks for it.
 */
export function launchBrowser(executablePath: string, extraArgs: string[] = [], { backForwardCache = false } = {}): Promise<Browser> {
  return chromium.launch({
    executablePath,
    headless: true,
    ...(backForwardCache && { ignoreDefaultArgs: ['--disable-back-forward-cache'] }),
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      ...extraArgs,
    ],
  });
}

export interface LoggedMessage {
  type: string;
  text: string;
}

/** One test's page in its own browser context, with what the page logged and threw. */
export interface PageSession {
  context: BrowserContext;
  page: Page;
  /** Console messages in order (`console.error` has type `error`). */
  console: LoggedMessage[];
  /** Uncaught exceptions and unhandled rejections on the page. */
  pageErrors: Error[];
}

/** Actions and waits fail after this long, well inside the test timeout, so a failure says where. */
const ACTION_TIMEOUT_MS = 10_000;

/**
 * Opens pages for the tests of one file and closes them after each test. Any uncaught error
 * on a page fails the test that opened it: a widget must never throw into its host page.
 *
 * @example
 * const sessions = new PageSessions(() => browser);
 * afterEach(() => sessions.closeAll());
 * const { page } = await sessions.open();
 */
export class PageSessions {
  readonly #browser: () => Browser;
  /** Set when the file's tests may take over each other's wiped contexts (see ContextPool). */
  readonly #pool: ContextPool | undefined;
  #open: PageSession[] = [];

  constructor(browser: () => Browser, { shareContexts = false } = {}) {
    this.#browser = browser;
    if (shareContexts) this.#pool = new ContextPool(browser);
  }

  async open(options: BrowserContextOptions = {}): Promise<PageSession> {
    const settings = { locale: 'de-DE', ...options };
    const context = await (this.#pool ? this.#pool.take(settings) : this.#browser().newContext(settings));
    context.setDefaultTimeout(ACTION_TIMEOUT_MS);
    const page = await context.newPage();
    const session: PageSession = { context, page, console: [], pageErrors: [] };
    page.on('console', (message) => session.console.push({ type: message.type(), text: message.text() }));
    page.on('pageerror', (error) => session.pageErrors.push(error));
    this.#open.push(session);
    return session;
  }

  /** Closes every page opened since the last call; throws if any of them had an uncaught error. */
  async closeAll(): Promise<void> {
    const sessions = this.#open;
    this.#open = [];
    await Promise.all(sessions.map((s) => (this.#pool ? this.#pool.give(s.context) : s.context.close())));
    // A closing page sends what its outbox still holds (pagehide, keepalive): let those requests
    // land now, so a test's receiver reset afterwards does not see them in the next test. (Also
    // after a test whose pages sent nothing yet: a lead waiting for its lock, or for the lease an
    // opaque-origin frame takes instead, is sent by the closing page. Skipping the wait then let
    // such a lead reach the next test's receiver.)
    if (sessions.length) await sleep(300);
    const errors = sessions.flatMap((s) => s.pageErrors);
    if (errors.length)
      throw new Error(`uncaught error(s) on the page:\n${errors.map((e) => `  ${e.stack ?? e.message}`).join('\n')}`);
  }
}

/** `console.error` texts of a session. */
export const consoleErrors = (session: PageSession): string[] =>
  session.console.filter((m) => m.type === 'error').map((m) => m.text);

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Polls `check` until it is true or `ms` passed; returns its last value. */
export async function until(check: () => boolean | Promise<boolean>, ms: number): Promise<boolean> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await check()) return true;
    await sleep(50);
  }
  return check();
}

