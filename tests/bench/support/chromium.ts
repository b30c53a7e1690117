import { chromium, type Browser } from 'playwright-core';

/**
 * The system Chromium, headless (browsers are never downloaded). The flags keep it from
 * phoning home (updates, sync, field trials), let it run as root in containers, and expose
 * `gc()` so a page could force collection as the heap measurement does over CDP.
 */
export function launchChromium(executablePath: string): Promise<Browser> {
  return chromium.launch({
    executablePath,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--js-flags=--expose-gc',
    ],
  });
}
