/**
 * The `website` question and contact field as a visitor meets them: the URL keyboard, autofill,
 * a friendly message in the visitor's language, and the address sent as typed.
 */
import { screen } from '@testing-library/preact';
import { describe, expect, it } from 'vitest';
import { expectStep, flowFrom, renderWidget } from './fixtures.tsx';

const TITLE = { de: 'Wie lautet Ihre Website?', en: 'What is your website?' };
const AFTER = 'Geschafft';
// As Testing Library reads it: the no-break space after "z." as a space.
const INVALID = { de: 'Bitte geben Sie eine gültige Webadresse ein, z. B. firma.de.', en: 'Enter a valid website address, like company.com.' };

const flowOf = (...steps: Array<Record<string, unknown>>) =>
  flowFrom({ id: 'site', version: 1, locales: ['de', 'en'], steps: [...steps, { id: 'done', type: 'end', title: AFTER }] });

const site = { id: 'site', type: 'website', title: TITLE, placeholder: 'acme.com' };

describe('a website question', () => {
  it('is a URL field labelled by the question: the URL keyboard, autofill, nothing capitalised or corrected', async () => {
    renderWidget({ flow: flowOf(site) });
    const field = (await screen.findByRole('textbox', { name: TITLE.de })) as HTMLInputElement;
    expect(field.type).toBe('url');
    expect(field.inputMode).toBe('url');
    expect(field.autocomplete).toBe('url');
    expect(field.getAttribute('autocapitalize')).toBe('none');
    expect(field.getAttribute('autocorrect')).toBe('off');
    expect(field.placeholder).toBe('acme.com');
    expect(field.required).toBe(true);
    // No more than an answer holds: a long paste is cut where it is made, not refused later.
    expect(field.maxLength).toBe(500);
  });

  it.each(['de', 'en'] as const)('in %s: explains an address it cannot be, and moves on with one typed without https://', async (locale) => {
    const { user, onComplete } = renderWidget({ flow: flowOf(site), locale });
    const field = await screen.findByRole('textbox', { name: TITLE[locale] });
    await user.type(field, 'acme');
    await user.click(screen.getByRole('button', { name: locale === 'de' ? 'Absenden' : 'Submit' }));
    expect(await screen.findByText(INVALID[locale])).toBeTruthy();
    expect(field.getAttribute('aria-invalid')).toBe('true');
    expect(document.activeElement).toBe(field);

    await user.type(field, '.com/de');
    expect(screen.queryByText(INVALID[locale])).toBeNull();
    await user.click(screen.getByRole('button', { name: locale === 'de' ? 'Absenden' : 'Submit' }));
    await expectStep(AFTER);
    expect(onComplete.mock.calls[0]![0].answers).toEqual({ site: 'acme.com/de' });
  });

  it('sends the address without the invisible marks a paste brings', async () => {
    const { user, onComplete } = renderWidget({ flow: flowOf(site) });
    const field = await screen.findByRole('textbox', { name: TITLE.de });
    await user.click(field);
    await user.paste('\u200bhttps://acme.com\u200e');
    await user.click(screen.getByRole('button', { name: 'Absenden' }));
    await expectStep(AFTER);
    expect(onComplete.mock.calls[0]![0].answers).toEqual({ site: 'https://acme.com' });
  });

  it("shows the flow's own message for invalid_website", async () => {
    const own = { de: 'Das sieht nicht nach einer Website aus.', en: 'That is no website.' };
    const { user } = renderWidget({ flow: flowOf({ ...site, errors: { invalid_website: own } }) });
    await user.type(await screen.findByRole('textbox', { name: TITLE.de }), 'localhost');
    await user.click(screen.getByRole('button', { name: 'Absenden' }));
    expect(await screen.findByText(own.de)).toBeTruthy();
    expect(screen.queryByText(INVALID.de)).toBeNull();
  });
});

describe('a website contact field', () => {
  const contact = {
    id: 'contact',
    type: 'contact',
    title: 'Wie erreichen wir Sie?',
    fields: [
      { id: 'email', kind: 'email' },
      { id: 'web', kind: 'website', required: false },
    ],
  };

  it('is named "Website" (optional), a URL field; refuses what is no address and sends one under its id', async () => {
    const { user, onComplete } = renderWidget({ flow: flowOf(contact) });
    await expectStep('Wie erreichen wir Sie?');
    const web = screen.getByRole('textbox', { name: 'Website (optional)' }) as HTMLInputElement;
    expect(web.type).toBe('url');
    expect(web.autocomplete).toBe('url');
    // Every contact field holds at most 500 characters, the e-mail too.
    expect([web.maxLength, (screen.getByRole('textbox', { name: 'E-Mail-Adresse' }) as HTMLInputElement).maxLength]).toEqual([500, 500]);
    await user.type(screen.getByRole('textbox', { name: 'E-Mail-Adresse' }), 'ada@acme.com');
    await user.type(web, 'acme');
    await user.click(screen.getByRole('button', { name: 'Absenden' }));
    expect(await screen.findByText(INVALID.de)).toBeTruthy();
    await user.type(web, '.de');
    await user.click(screen.getByRole('button', { name: 'Absenden' }));
    await expectStep(AFTER);
    expect(onComplete.mock.calls[0]![0].answers).toEqual({ email: 'ada@acme.com', web: 'acme.de' });
  });

  it('starts with the website given on an earlier step (WCAG 3.3.7: not asked twice)', async () => {
    const { user } = renderWidget({ flow: flowOf({ ...site, next: [{ goto: 'contact' }] }, contact) });
    await user.type(await screen.findByRole('textbox', { name: TITLE.de }), 'acme.com');
    await user.click(screen.getByRole('button', { name: 'Weiter' }));
    await expectStep('Wie erreichen wir Sie?');
    expect((screen.getByRole('textbox', { name: 'Website (optional)' }) as HTMLInputElement).value).toBe('acme.com');
  });
});
