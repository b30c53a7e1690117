import type { Browser } from 'playwright-core';
import { launchBrowser } from '../../e2e/support/browser.ts';

/**
 * The same headless system Chromium as the browser tests, with `gc()` exposed so a page could
 * force collection as the heap measurement does over CDP.
 */
export function launchChromium(executablePath: string): Promise<Browser> {
  return launchBrowser(executablePath, ['--js-flags=--expose-gc']);
}
