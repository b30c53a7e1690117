import type { Page } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import type { LeadEnvelope } from '../../src/delivery/index.ts';
import { a11yPage, type FlowJson, type StepJson } from './support/a11y-pages.ts';
import { browserSuite } from './support/suite.ts';
import { theOnlyPost } from './support/webhook-receiver.ts';

const chromiumPath = inject('chromiumPath');

/**
 * A B2B contact step in Chromium with the built dist/leadflow.js: a work e-mail only
 * (`businessOnly`) and the company's `website`, as a visitor fills them in on a phone-sized
 * page in a right-to-left form too; and the lead the receiver gets.
 */
const b2bFlow = (locales: string[], title: Record<string, string>): FlowJson => ({
  id: 'b2b-contact',
  version: 1,
  title: 'Demo anfragen',
  locales,
  steps: [
    {
      id: 'contact',
      type: 'contact',
      title,
      fields: [
        { id: 'email', kind: 'email', businessOnly: true },
        { id: 'website', kind: 'website' },
      ],
    },
    { id: 'done', type: 'end', title: locales[0] === 'ar' ? 'شكرا' : 'Danke!' },
  ] as StepJson[],
});

describe.skipIf(!chromiumPath)('a work e-mail and a website, in Chromium', () => {
  const suite = browserSuite(chromiumPath, { shareContexts: true });
  let pages = 0;

  async function open(flow: FlowJson, locale: string): Promise<Page> {
    const { page } = await suite.sessions.open({ locale, viewport: { width: 320, height: 568 } });
    const html = a11yPage({ flow, webhook: suite.receiver.url, locale }).replace('<html lang="de">', `<html lang="${locale}">`);
    await page.goto(suite.site.page(`/b2b-${++pages}.html`, html));
    await page.locator('[data-leadflow] h2').waitFor();
    return page;
  }

  it('a gmail address is refused with the German message, a website without a dot too; fixed, one lead arrives with both', async () => {
    const page = await open(b2bFlow(['de'], { de: 'Wie erreichen wir Sie?' }), 'de');
    const form = page.locator('[data-leadflow]');
    const email = form.getByRole('textbox', { name: 'E-Mail-Adresse', exact: true });
    const website = form.getByRole('textbox', { name: 'Website', exact: true });
    // The URL keyboard, autofill, nothing capitalised, corrected or underlined.
    expect(
      await website.evaluate((el: HTMLInputElement) => [el.type, el.inputMode, el.autocomplete, el.getAttribute('autocapitalize'), el.getAttribute('autocorrect'), el.spellcheck]),
    ).toEqual(['url', 'url', 'url', 'none', 'off', false]);

    await email.fill('ada.lovelace@gmail.com');
    await website.fill('nordlicht');
    await form.getByRole('button', { name: 'Absenden', exact: true }).click();
    await expect
      .poll(() => form.locator('.lf-error').allTextContents())
      .toEqual(['Fehler: Bitte geben Sie Ihre geschäftliche E-Mail-Adresse ein.', 'Fehler: Bitte geben Sie eine gültige Webadresse ein, z.\u00a0B. firma.de.']);
    expect(await email.getAttribute('aria-invalid')).toBe('true');
    expect(await website.getAttribute('aria-invalid')).toBe('true');

    await email.fill('ada@nordlicht-maschinen.example');
    await website.fill('www.nordlicht-maschinen.example/de');
    await form.getByRole('button', { name: 'Absenden', exact: true }).click();
    await form.getByRole('heading', { name: 'Danke!' }).waitFor();
    const { data } = (await theOnlyPost(suite.receiver)).body as LeadEnvelope;
    expect(data.contact).toEqual({ email: 'ada@nordlicht-maschinen.example', website: 'www.nordlicht-maschinen.example/de' });
  });

  it('in a right-to-left form the website is typed left to right, like the e-mail', async () => {
    const page = await open(b2bFlow(['ar'], { ar: 'كيف نتواصل معك؟' }), 'ar');
    const directions = await page.evaluate(() =>
      [...document.querySelector('[data-leadflow]')!.shadowRoot!.querySelectorAll('input')].map((input) => `${input.type}: ${getComputedStyle(input).direction}`),
    );
    expect(directions).toEqual(expect.arrayContaining(['email: ltr', 'url: ltr']));
  });
});
