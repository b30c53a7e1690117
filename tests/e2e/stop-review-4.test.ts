import { describe, expect, inject, it } from 'vitest';
import type { PageSession } from './support/browser.ts';
import { translatePage, translated as en } from './support/browser-tools.ts';
import { SCRIPT_TAG, demoFlowJson, widgetElement } from './support/embed-pages.ts';
import { inlineFlow, landingPage } from './support/pages.ts';
import { axTree, recordSpeech, speech, type AxNode } from './support/screen-reader.ts';
import { browserSuite } from './support/suite.ts';

const chromiumPath = inject('chromiumPath');

const SUMMARY = 'Bitte prüfen Sie Ihre Angaben (Fehler: 1).';

/** Two optional questions (Next needs no input on either), then the end. */
const TWO_OPTIONAL = {
  id: 'two-optional',
  version: 1,
  locales: ['de'],
  steps: [
    { id: 'first', type: 'short_text', title: 'Erste Frage', required: false },
    { id: 'second', type: 'short_text', title: 'Zweite Frage', required: false },
    { id: 'end', type: 'end', title: 'Danke' },
  ],
};

/** The texts under the nodes Chromium marks as a polite live region, as a screen reader gets them. */
function liveTexts(nodes: AxNode[]): string[] {
  const regions = nodes.filter((n) => n.props.live === 'polite');
  const under = (node: AxNode, root: AxNode): boolean => {
    for (let at: AxNode | undefined = node; at; at = nodes.find((n) => n.id === at!.parentId)) if (at === root) return true;
    return false;
  };
  return regions.flatMap((region) => nodes.filter((n) => n.role === 'StaticText' && under(n, region)).map((n) => n.name));
}

/** Review of 2c66ea2 (texts made anew for a page translator) in Chromium with the built dist/leadflow.js. */
describe.skipIf(!chromiumPath)('stop review 4, in Chromium', () => {
  const suite = browserSuite(chromiumPath, { shareContexts: true });

  async function open(path: string, flow: unknown = demoFlowJson()): Promise<PageSession> {
    const element = widgetElement({ '': '#flow', webhook: suite.receiver.url, locale: 'de', 'min-fill-ms': 0, lazy: 'false' });
    const session = await suite.sessions.open();
    await session.page.goto(suite.site.page(path, landingPage(inlineFlow('flow', flow) + element + SCRIPT_TAG)));
    await session.page.locator('.lf-title').waitFor();
    return session;
  }

  it('a Next refused three times: each summary is a change of the live region, and the accessibility tree holds the last one only', async () => {
    const { page } = await open('/review4-repeat.html');
    await recordSpeech(page);
    for (let i = 1; i <= 3; i++) {
      await page.getByRole('button', { name: 'Weiter' }).click();
      await expect.poll(async () => (await speech(page)).live.filter(Boolean).length).toBe(i);
      await expect.poll(async () => liveTexts(await axTree(page)).map((t) => t.trim())).toEqual([SUMMARY]);
    }
    expect((await speech(page)).live.filter(Boolean)).toEqual([SUMMARY, SUMMARY, SUMMARY]);
  });

  it('on a translated page, a repeated refusal still changes the live region (each summary translated)', async () => {
    const { page } = await open('/review4-repeat-translated.html');
    await translatePage(page);
    const region = page.locator('.lf-root > [aria-live="polite"]');
    const button = page.locator('.lf-nav button[type="submit"]');
    await button.click();
    await expect.poll(() => region.textContent()).toBe(en(SUMMARY));
    const first = await region.evaluateHandle((el) => el.firstElementChild);
    await button.click();
    await expect.poll(() => region.textContent()).toBe(`${en(SUMMARY)}\u00a0`);
    expect(await region.evaluate((el, old) => el.firstElementChild !== old && el.childElementCount === 1, first)).toBe(true);
  });

  it('a double click on Next moves one step, although its label turns into Absenden under the pointer', async () => {
    const { page } = await open('/review4-dblclick.html', TWO_OPTIONAL);
    await page.getByRole('heading', { name: 'Erste Frage (optional)' }).waitFor();
    await page.getByRole('button', { name: 'Weiter' }).dblclick();
    await page.getByRole('heading', { name: 'Zweite Frage (optional)' }).waitFor();
    expect(await page.getByRole('button', { name: 'Absenden' }).count()).toBe(1);
    expect(await page.getByRole('heading', { name: 'Danke' }).count()).toBe(0);
    // One more single click sends: the guard ignored only the repeat.
    await page.getByRole('button', { name: 'Absenden' }).click();
    await page.getByRole('heading', { name: 'Danke' }).waitFor();
  });

  it('the Next button is named by its label alone in the accessibility tree, before and after it turns into Absenden', async () => {
    const { page } = await open('/review4-name.html', TWO_OPTIONAL);
    const names = async () => (await axTree(page)).filter((n) => n.role === 'button').map((n) => n.name);
    expect(await names()).toContain('Weiter');
    await page.getByRole('button', { name: 'Weiter' }).click();
    await page.getByRole('heading', { name: 'Zweite Frage (optional)' }).waitFor();
    await expect.poll(names).toEqual(expect.arrayContaining(['Zurück', 'Absenden']));
  });
});
