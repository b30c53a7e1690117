import type { Page } from 'playwright-core';
import type { PageSession } from './browser.ts';

/**
 * Records Content-Security-Policy violations from before the page's scripts run. The event
 * is composed, so violations inside the widget's shadow root reach the window too.
 */
export async function recordCspViolations(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const violations: string[] = [];
    Object.assign(window, { __cspViolations: violations });
    window.addEventListener(
      'securitypolicyviolation',
      (e) => violations.push(`${e.violatedDirective} blocked ${e.blockedURI || 'inline'} ${e.sample}`),
      true,
    );
  });
}

/** The violations recorded, and those only the console reported. */
export async function cspViolations(session: PageSession): Promise<string[]> {
  const events = await session.page.evaluate(() => (window as unknown as { __cspViolations: string[] }).__cspViolations);
  const logged = session.console.filter((m) => m.text.includes('Content Security Policy')).map((m) => m.text);
  return [...events, ...logged];
}
