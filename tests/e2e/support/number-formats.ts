import type { Page } from 'playwright-core';

/**
 * An init script counting `Intl.NumberFormat` constructions from before the widget loads (in
 * `window.__formats`): `page.addInitScript(countNumberFormats)`, then `numberFormats(page)`.
 */
export function countNumberFormats(): void {
  const counts = { formats: 0 };
  const Original = Intl.NumberFormat;
  Intl.NumberFormat = new Proxy(Original, {
    construct(target, args: [string?, Intl.NumberFormatOptions?]) {
      counts.formats++;
      return new target(...args);
    },
    apply(target, _self, args: [string?, Intl.NumberFormatOptions?]) {
      counts.formats++;
      return target(...args);
    },
  });
  Object.assign(window, { __formats: counts });
}

/** How many number formatters the page has made so far (see `countNumberFormats`). */
export const numberFormats = (page: Page): Promise<number> =>
  page.evaluate(() => (window as unknown as { __formats: { formats: number } }).__formats.formats);
