/**
 * `businessOnly` as a visitor meets it: a personal address is refused with a message asking for
 * a work address (in the visitor's language, or the flow's own), which clears once one is typed.
 */
import { screen } from '@testing-library/preact';
import { describe, expect, it } from 'vitest';
import { expectStep, flowFrom, renderWidget } from './fixtures.tsx';

const TITLE = { de: 'Wie lautet Ihre geschäftliche E-Mail-Adresse?', en: 'What is your work email?' };
const PERSONAL = { de: 'Bitte geben Sie Ihre geschäftliche E-Mail-Adresse ein.', en: 'Enter your work email address.' };
const AFTER = 'Geschafft';

const flowOf = (...steps: Array<Record<string, unknown>>) =>
  flowFrom({ id: 'b2b', version: 1, locales: ['de', 'en'], steps: [...steps, { id: 'done', type: 'end', title: AFTER }] });

const mail = { id: 'mail', type: 'email', title: TITLE, businessOnly: true };

describe('an e-mail question with businessOnly', () => {
  it.each(['de', 'en'] as const)('in %s: asks for a work address instead of a gmail one, and moves on with it', async (locale) => {
    const { user, onComplete } = renderWidget({ flow: flowOf(mail), locale });
    const field = await screen.findByRole('textbox', { name: TITLE[locale] });
    const submit = () => user.click(screen.getByRole('button', { name: locale === 'de' ? 'Absenden' : 'Submit' }));
    await user.type(field, 'ada.lovelace@gmail.com');
    await submit();
    expect(await screen.findByText(PERSONAL[locale])).toBeTruthy();
    expect(field.getAttribute('aria-invalid')).toBe('true');
    expect(document.activeElement).toBe(field);

    await user.clear(field);
    await user.type(field, 'ada@analytical-engines.example');
    // The message follows the input once shown: a work address clears it at once.
    expect(screen.queryByText(PERSONAL[locale])).toBeNull();
    await submit();
    await expectStep(AFTER);
    expect(onComplete.mock.calls[0]![0].answers).toEqual({ mail: 'ada@analytical-engines.example' });
  });

  it("shows the flow's own personal_email message (a step's errors, then the flow-wide messages)", async () => {
    const own = { de: 'Nur Firmenadressen, bitte.', en: 'Company addresses only, please.' };
    const { user } = renderWidget({ flow: flowOf({ ...mail, errors: { personal_email: own } }) });
    await user.type(await screen.findByRole('textbox', { name: TITLE.de }), 'ada@web.de');
    await user.click(screen.getByRole('button', { name: 'Absenden' }));
    expect(await screen.findByText(own.de)).toBeTruthy();
    expect(screen.queryByText(PERSONAL.de)).toBeNull();
  });

  it('on a contact step: the e-mail field names what is wrong, and the other fields are left alone', async () => {
    const contact = { id: 'contact', type: 'contact', title: 'Wie erreichen wir Sie?', fields: [{ id: 'name', kind: 'name' }, { id: 'email', kind: 'email', businessOnly: true }] };
    const { user, onComplete } = renderWidget({ flow: flowOf(contact) });
    await expectStep('Wie erreichen wir Sie?');
    await user.type(screen.getByRole('textbox', { name: 'Name' }), 'Ada Lovelace');
    const email = screen.getByRole('textbox', { name: 'E-Mail-Adresse' });
    await user.type(email, 'ada@gmx.de');
    await user.click(screen.getByRole('button', { name: 'Absenden' }));
    expect(await screen.findByText(PERSONAL.de)).toBeTruthy();
    expect(email.getAttribute('aria-invalid')).toBe('true');
    expect(screen.getByRole('textbox', { name: 'Name' }).getAttribute('aria-invalid')).toBe('false');
    await user.clear(email);
    await user.type(email, 'ada@acme.example');
    await user.click(screen.getByRole('button', { name: 'Absenden' }));
    await expectStep(AFTER);
    expect(onComplete.mock.calls[0]![0].answers).toEqual({ name: 'Ada Lovelace', email: 'ada@acme.example' });
  });
});
