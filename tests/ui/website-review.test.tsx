/**
 * Review of the `website` question and contact field as visitors meet them (uncommitted
 * change): what they paste, the mobile keyboard on the contact field, the messages in German,
 * English, French and the flow's own words, and the website carried over to a contact step.
 */
import { screen, waitFor } from '@testing-library/preact';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { expectStep, flowFrom, languageOfText, renderWidget } from './fixtures.tsx';

type Json = Record<string, unknown>;

const AFTER = 'Geschafft';
const INVALID = { de: 'Bitte geben Sie eine gültige Webadresse ein, z. B. firma.de.', en: 'Enter a valid website address, like company.com.' };

const flowOf = (steps: Json[], extra: Json = {}) =>
  flowFrom({ id: 'site-review', version: 1, locales: ['de', 'en'], ...extra, steps: [...steps, { id: 'done', type: 'end', title: AFTER }] });

const site = { id: 'site', type: 'website', title: { de: 'Ihre Website?', en: 'Your website?', fr: 'Votre site ?' } };
const contact = (fields: Json[]) => ({ id: 'contact', type: 'contact', title: { de: 'Kontakt', en: 'Contact', fr: 'Coordonnées' }, fields });

/** The field's error, as a visitor reads it (without the screen-reader-only "Fehler:"). */
function errorOf(field: HTMLElement): HTMLElement {
  const id = (field.getAttribute('aria-describedby') ?? '').split(' ').find((ref) => ref.endsWith('-error'));
  expect(id, 'the field is described by its error').toBeDefined();
  return document.getElementById(id!)!;
}
const errorText = (field: HTMLElement) => errorOf(field).querySelector('.lf-error > :not(.lf-sr-only)')?.textContent ?? '';

/** The French set of docs/flow-format.md's "Messages", French texts only. */
function docsFrenchMessages(): Json {
  const doc = readFileSync(join(process.cwd(), 'docs', 'flow-format.md'), 'utf8');
  const block = /A whole set in French and Spanish[\s\S]*?```json\n([\s\S]*?)```/.exec(doc)![1]!;
  const french = (value: unknown): unknown =>
    value && typeof value === 'object'
      ? 'fr' in value
        ? { fr: (value as { fr: string }).fr }
        : Object.fromEntries(Object.entries(value).map(([key, child]) => [key, french(child)]))
      : value;
  return french((JSON.parse(block) as { messages: Json }).messages) as Json;
}

describe('what visitors paste into a website question', () => {
  it.each([
    ['a pasted mail-client link', '<https://acme.com>'],
    ['an IP address', '192.168.0.1'],
    ['localhost with a port', 'localhost:3000'],
    ['a script', 'javascript:alert(1)'],
    ['an e-mail address', 'ada@acme.com'],
    ['a company name', 'Acme GmbH'],
  ])('refuses %s (%j) with the message, on the field, and stays', async (_case, typed) => {
    const { user, onComplete } = renderWidget({ flow: flowOf([site]) });
    const field = await screen.findByRole('textbox', { name: 'Ihre Website?' });
    await user.click(field);
    await user.paste(typed);
    await user.click(screen.getByRole('button', { name: 'Absenden' }));
    await waitFor(() => expect(errorText(field)).toBe(INVALID.de.replace('z. B.', 'z.\u00a0B.')));
    expect(field.getAttribute('aria-invalid')).toBe('true');
    expect(onComplete).not.toHaveBeenCalled();
  });

  it('takes an address in capitals with a scheme, a port and a path, and sends it as typed (white space around it dropped)', async () => {
    const { user, onComplete } = renderWidget({ flow: flowOf([site]) });
    const field = await screen.findByRole('textbox', { name: 'Ihre Website?' });
    await user.click(field);
    await user.paste('  HTTPS://WWW.ACME.DE:8443/de/über-uns/  ');
    await user.click(screen.getByRole('button', { name: 'Absenden' }));
    await expectStep(AFTER);
    expect(onComplete.mock.calls[0]![0].answers).toEqual({ site: 'HTTPS://WWW.ACME.DE:8443/de/über-uns/' });
  });

  it('an optional website left empty moves on without an answer; one typed and cleared again too', async () => {
    const { user, onComplete } = renderWidget({ flow: flowOf([{ ...site, required: false }]) });
    const field = await screen.findByRole('textbox', { name: 'Ihre Website? (optional)' });
    await user.type(field, 'acme');
    await user.clear(field);
    await user.click(screen.getByRole('button', { name: 'Absenden' }));
    await expectStep(AFTER);
    expect(onComplete.mock.calls[0]![0].answers).toEqual({});
  });
});

describe('a website contact field', () => {
  it('in English: named "Website", the URL keyboard without capitals or corrections (spellcheck is a property jsdom lacks)', async () => {
    renderWidget({ flow: flowOf([contact([{ id: 'web', kind: 'website' }])]), locale: 'en' });
    await expectStep('Contact');
    const web = screen.getByRole('textbox', { name: 'Website' }) as HTMLInputElement;
    expect([web.type, web.inputMode, web.autocomplete, web.required]).toEqual(['url', 'url', 'url', true]);
    expect(web.getAttribute('autocapitalize')).toBe('none');
    expect(web.getAttribute('autocorrect')).toBe('off');
  });

  it('a pasted address with direction marks is sent without them, under the field id', async () => {
    const { user, onComplete } = renderWidget({ flow: flowOf([contact([{ id: 'web', kind: 'website', label: 'Firmen-Website' }])]) });
    await expectStep('Kontakt');
    await user.click(screen.getByRole('textbox', { name: 'Firmen-Website' }));
    await user.paste('\u200ewww.acme.de\u200f');
    await user.click(screen.getByRole('button', { name: 'Absenden' }));
    await expectStep(AFTER);
    expect(onComplete.mock.calls[0]![0].answers).toEqual({ web: 'www.acme.de' });
  });

  it('starts with the website a required question took earlier, cleaned of what the paste brought (WCAG 3.3.7), and a changed field wins', async () => {
    const flow = flowOf([{ ...site, next: [{ goto: 'contact' }] }, contact([{ id: 'web', kind: 'website', label: 'Firmen-Website' }])]);
    const { user, onComplete } = renderWidget({ flow });
    const question = await screen.findByRole('textbox', { name: 'Ihre Website?' });
    await user.click(question);
    await user.paste('\u200bacme.com');
    await user.click(screen.getByRole('button', { name: 'Weiter' }));
    await expectStep('Kontakt');
    const web = screen.getByRole('textbox', { name: 'Firmen-Website' }) as HTMLInputElement;
    expect(web.value).toBe('acme.com');
    await user.clear(web);
    await user.type(web, 'shop.acme.com');
    await user.click(screen.getByRole('button', { name: 'Absenden' }));
    await expectStep(AFTER);
    expect(onComplete.mock.calls[0]![0].answers).toEqual({ site: 'acme.com', web: 'shop.acme.com' });
  });
});

describe('the website messages in the flow’s words and languages', () => {
  it.each(['de', 'en'] as const)('in %s: the flow-wide messages.issues.invalid_website for the question and the field; a step’s own errors win', async (locale) => {
    const flowWide = { de: 'Das ist keine Website.', en: 'That is no website.' };
    const own = { de: 'Bitte die Firmen-Website.', en: 'Your company’s site, please.' };
    const flow = flowOf([{ ...site, errors: { invalid_website: own }, next: [{ goto: 'contact' }] }, contact([{ id: 'web', kind: 'website' }])], { messages: { issues: { invalid_website: flowWide } } });
    const { user } = renderWidget({ flow, locale });
    const question = await screen.findByRole('textbox', { name: site.title[locale] });
    await user.type(question, 'acme');
    await user.click(screen.getByRole('button', { name: locale === 'de' ? 'Weiter' : 'Next' }));
    await waitFor(() => expect(errorText(question)).toBe(own[locale]));
    await user.type(question, '.com');
    await user.click(screen.getByRole('button', { name: locale === 'de' ? 'Weiter' : 'Next' }));
    await expectStep(locale === 'de' ? 'Kontakt' : 'Contact');
    const web = screen.getByRole('textbox', { name: 'Website' });
    await user.clear(web);
    await user.type(web, 'acme');
    await user.click(screen.getByRole('button', { name: locale === 'de' ? 'Absenden' : 'Submit' }));
    await waitFor(() => expect(errorText(web)).toBe(flowWide[locale]));
  });

  it("in French with the docs' set: the field is « Site web », the message French and marked so", async () => {
    const flow = flowOf([contact([{ id: 'web', kind: 'website' }])], { locales: ['fr'], messages: docsFrenchMessages() });
    const { user } = renderWidget({ flow, locale: 'fr' });
    await expectStep('Coordonnées');
    const web = screen.getByRole('textbox', { name: 'Site web' });
    expect(languageOfText(screen.getByText('Site web'))).toBe('fr');
    await user.type(web, 'localhost');
    await user.click(screen.getByRole('button', { name: 'Envoyer' }));
    await waitFor(() => expect(errorText(web)).toBe('Veuillez saisir une adresse web valide, p.\u00a0ex. entreprise.fr.'));
    expect(languageOfText(errorOf(web))).toBe('fr');
  });

  it('in French without messages: the built-in English name and message, each marked English', async () => {
    const flow = flowOf([contact([{ id: 'web', kind: 'website' }])], { locales: ['fr'] });
    const { user } = renderWidget({ flow, locale: 'fr' });
    await expectStep('Coordonnées');
    const web = screen.getByRole('textbox', { name: 'Website' });
    expect(languageOfText(screen.getByText('Website'))).toBe('en');
    await user.type(web, 'acme');
    await user.click(screen.getByRole('button', { name: /Submit|Envoyer/ }));
    await waitFor(() => expect(errorText(web)).toBe(INVALID.en));
    expect(languageOfText(errorOf(web))).toBe('en');
  });
});
