import { describe, expect, inject, it } from 'vitest';
import { SCRIPT_TAG, demoFlowJson, widgetElement } from './support/embed-pages.ts';
import { STUDENT, inlineFlow, landingPage } from './support/pages.ts';
import { browserSuite } from './support/suite.ts';

const chromiumPath = inject('chromiumPath');

/**
 * Web Storage at its limits in Chromium with the built `dist/leadflow.js`: README "Delivery"
 * (a full quota: the lead "is kept in memory instead and the widget keeps working").
 */
describe.skipIf(!chromiumPath)('storage edges in a real browser', () => {
  const suite = browserSuite(chromiumPath);

  it('delivers the lead and shows the end screen when localStorage and sessionStorage are full', async () => {
    const element = widgetElement({ '': '#flow', webhook: suite.receiver.url, locale: 'de', 'min-fill-ms': 0, lazy: 'false' });
    // Filled before the script runs, as a page's own data (or another widget's) would have.
    const fill = `<script>for (const s of [localStorage, sessionStorage]) { let n = 0;
      for (let size = 1 << 20; size >= 1; size >>= 1) { const chunk = 'x'.repeat(size);
        for (;;) try { s.setItem('filler:' + n++, chunk); } catch { break; } } }</script>`;
    const url = suite.site.page('/storage-full.html', landingPage(fill + inlineFlow('flow', demoFlowJson()) + element + SCRIPT_TAG));
    const { page } = await suite.sessions.open();
    await page.goto(url);
    // Really full: the next write is refused.
    expect(await page.evaluate(() => { try { localStorage.setItem('probe', 'x'); return 'stored'; } catch (e) { return (e as DOMException).name; } })).toBe('QuotaExceededError');
    await page.getByRole('radio', { name: STUDENT }).check();
    await page.getByRole('button', { name: 'Absenden' }).click();
    await page.getByRole('heading', { name: 'Danke, dass Sie vorbeischauen!' }).waitFor();
    await expect.poll(() => suite.receiver.posts().filter((r) => r.path === '/webhook' && r.status === 200).length, { timeout: 5000 }).toBe(1);
    const leadflowKeys = await page.evaluate(() => [...Object.keys(localStorage), ...Object.keys(sessionStorage)].filter((key) => key.startsWith('leadflow:')));
    expect(leadflowKeys).toEqual([]);
  });
});
