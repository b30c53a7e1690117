import { describe, expect, inject, it } from 'vitest';
import { SCRIPT_TAG, widgetElement } from './support/embed-pages.ts';
import { countNumberFormats, numberFormats } from './support/number-formats.ts';
import { inlineFlow, landingPage } from './support/pages.ts';
import { browserSuite } from './support/suite.ts';

const chromiumPath = inject('chromiumPath');

/** Review of 3bb5a74 in Chromium with the built dist/leadflow.js: the decimal mark learnt while idle. */
describe.skipIf(!chromiumPath)('stop review 5, in Chromium', () => {
  const suite = browserSuite(chromiumPath);

  const flow = (locale: string) => ({
    id: 'numbers',
    version: 1,
    locales: [locale],
    steps: [
      { id: 'seats', type: 'number', title: 'Seats?' },
      { id: 'done', type: 'end', title: 'Done' },
    ],
  });

  // Was: the first keystroke made the page's first formatter. Now the effect asks for an idle
  // callback (called unbound: `(window.requestIdleCallback ?? setTimeout)(…)`), which must
  // neither throw in Chromium nor leave the work to the first key.
  it.each([
    ['fr', '1,5', 1.5],
    ['de-CH', '1.5', 1.5],
  ])('%s: the mark is learnt before the first key, which then makes no formatter', async (locale, typed) => {
    const element = widgetElement({ '': '#flow', webhook: suite.receiver.url, locale, 'min-fill-ms': 0, lazy: 'false' });
    const { page } = await suite.sessions.open();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.addInitScript(countNumberFormats);
    await page.goto(suite.site.page(`/review5-${locale}.html`, landingPage(inlineFlow('flow', flow(locale)) + element + SCRIPT_TAG)));
    const field = page.getByRole('textbox', { name: /^Seats\?/ });
    await field.waitFor();
    // Two idle periods: the widget's idle callback, queued when the step appeared, has run.
    for (let i = 0; i < 2; i++) await page.evaluate(() => new Promise((resolve) => requestIdleCallback(resolve, { timeout: 1000 })));
    const formats = () => numberFormats(page);
    const before = await formats();
    await field.pressSequentially(typed);
    await expect.poll(() => field.inputValue()).toBe(typed);
    expect((await formats()) - before).toBe(0);
    expect(errors).toEqual([]);
  });
});
