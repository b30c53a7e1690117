import { fireEvent, screen, waitFor } from '@testing-library/preact';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { cleanupMounted } from '../embed/support/harness.ts';
import { flowFrom, renderWidget } from './fixtures.tsx';
import { typedAnswer } from '../../src/ui/questions/typed-text.ts';
import { mountFlow } from './support/bad-input.ts';

/**
 * What a phone's keyboard and the browser's autofill are told about each field: the input type,
 * the keyboard (`inputmode`), the autofill token, capitals and autocorrection, and the label the
 * field is tied to. Real autofill, the honeypot and pastes in Chromium: tests/e2e/autofill-edges.test.ts.
 */

afterEach(() => cleanupMounted());

const END = { id: 'done', type: 'end', title: 'Danke, wir melden uns.' };
const CONTACT = {
  id: 'contact',
  type: 'contact',
  title: 'Wie erreichen wir Sie?',
  fields: [
    { id: 'name', kind: 'name', label: 'Name' },
    { id: 'first', kind: 'first_name', label: 'Vorname' },
    { id: 'last', kind: 'last_name', label: 'Nachname' },
    { id: 'email', kind: 'email', label: 'E-Mail' },
    { id: 'phone', kind: 'phone', label: 'Telefon' },
    { id: 'company', kind: 'company', label: 'Firma' },
    { id: 'job', kind: 'job_title', label: 'Position' },
  ],
};
const flowOf = (...steps: object[]) => flowFrom({ id: 'keyboards', version: 1, locales: ['de'], steps: [...steps, END] });

/** What a field tells the keyboard and autofill, `-` where it says nothing, and the label tied to it. */
const hints = (field: HTMLElement) =>
  [
    field.localName === 'input' ? `type=${field.getAttribute('type')}` : field.localName,
    ...['inputmode', 'autocomplete', 'autocapitalize'].map((name) => `${name}=${field.getAttribute(name) ?? '-'}`),
    `label=${(field as HTMLInputElement).labels?.[0]?.textContent}`,
  ].join(' ');

describe('phone keyboards and autofill hints', () => {
  // Checked and fine: every contact field kind has its WHATWG autofill token (name, given-name,
  // family-name, email, tel, organization, organization-title) and the input type that brings
  // the phone's e-mail or phone keyboard; names and the company capitalise each word, the e-mail
  // nothing; each field is tied to its own <label> (what autofill and password managers read).
  // The one-question kinds likewise: e-mail and phone with type, keyboard and token, a number
  // with the decimal keypad, a date with the date picker, no token where none fits.
  it('gives each field kind its type, keyboard, autofill token and label', async () => {
    const contact = renderWidget({ flow: flowOf(CONTACT) });
    await screen.findByRole('heading', { name: 'Wie erreichen wir Sie?' });
    expect(screen.getAllByRole('textbox').map(hints)).toMatchInlineSnapshot(`
      [
        "type=text inputmode=- autocomplete=name autocapitalize=words label=Name",
        "type=text inputmode=- autocomplete=given-name autocapitalize=words label=Vorname",
        "type=text inputmode=- autocomplete=family-name autocapitalize=words label=Nachname",
        "type=email inputmode=- autocomplete=email autocapitalize=- label=E-Mail",
        "type=tel inputmode=- autocomplete=tel autocapitalize=- label=Telefon",
        "type=text inputmode=- autocomplete=organization autocapitalize=words label=Firma",
        "type=text inputmode=- autocomplete=organization-title autocapitalize=- label=Position",
      ]
    `);
    contact.unmount();
    const one = (type: string, extra: object = {}) => ({ id: type, type, title: `Frage ${type}`, ...extra });
    const kinds = ['email', 'phone', 'number', 'short_text', 'long_text', 'date'];
    const shown: string[] = [];
    for (const kind of kinds) {
      const { unmount } = renderWidget({ flow: flowOf(one(kind)) });
      const heading = await screen.findByRole('heading', { name: `Frage ${kind}` });
      shown.push(`${kind}: ${hints(heading.closest('form')!.querySelector('.lf-input')!)}`);
      unmount();
    }
    expect(shown).toMatchInlineSnapshot(`
      [
        "email: type=email inputmode=email autocomplete=email autocapitalize=- label=Frage email",
        "phone: type=tel inputmode=tel autocomplete=tel autocapitalize=- label=Frage phone",
        "number: type=text inputmode=decimal autocomplete=- autocapitalize=- label=Frage number",
        "short_text: type=text inputmode=- autocomplete=- autocapitalize=- label=Frage short_text",
        "long_text: textarea inputmode=- autocomplete=- autocapitalize=- label=Frage long_text",
        "date: type=date inputmode=- autocomplete=- autocapitalize=- label=Frage date",
      ]
    `);
  });

  // Was: on an iPhone, autocorrection rewrote names and company names as they were typed
  // ("Acme" became "Acne", "Nguyen" "Nguyễn" or another word), and the visitor sent a wrong
  // name without noticing; the form meant to spare names the dictionary ("no spelling marks
  // under Mustermann") but `spellcheck=false` only hides the red underline: WebKit corrects
  // unless the field says `autocorrect="off"` (HTMLFormControlElement::shouldAutocorrect). Names
  // and company say so now (src/ui/questions/contact-step.tsx, `NAMED`).
  it('names and company names are not autocorrected by a phone keyboard (autocorrect="off")', async () => {
    renderWidget({ flow: flowOf(CONTACT) });
    await screen.findByRole('heading', { name: 'Wie erreichen wir Sie?' });
    const autocorrect = Object.fromEntries(
      ['Name', 'Vorname', 'Nachname', 'Firma'].map((label) => [label, screen.getByRole('textbox', { name: label }).getAttribute('autocorrect')]),
    );
    expect(autocorrect).toEqual({ Name: 'off', Vorname: 'off', Nachname: 'off', Firma: 'off' });
  });

  // Was: a phone number copied with "Copy link address" from a page's call link (long-press on
  // Android gives "tel:+49301234567") was refused with "Bitte geben Sie eine gültige
  // Telefonnummer ein", though it is the visitor's number; the same paste of a `mailto:` link
  // is taken without its scheme (tests/ui/answer-acceptance-edges.test.tsx). `typedAnswer`
  // takes `tel:` off too now, and a web page's no-break spaces become spaces a CRM can read.
  it('a phone number pasted from a call link ("tel:+49301234567") is taken and sent without "tel:"', async () => {
    const w = await mountFlow({
      id: 'tel-link',
      version: 1,
      locales: ['de'],
      webhook: 'https://hooks.example.test/lead',
      steps: [{ id: 'contact', type: 'contact', title: 'Kontakt', fields: [{ id: 'phone', kind: 'phone', label: 'Telefon' }] }, END],
    });
    fireEvent.input(await w.q.findByRole('textbox', { name: 'Telefon' }), { target: { value: 'tel:+49301234567' } });
    await userEvent.setup().click(w.q.getByRole('button', { name: 'Absenden' }));
    await waitFor(() => expect(w.q.queryByRole('heading', { name: END.title }) ?? w.root.querySelector('.lf-error')).not.toBeNull());
    expect(w.root.querySelector('.lf-error')?.textContent ?? 'no error').toBe('no error');
    await waitFor(() => expect(w.sent()).toHaveLength(1));
    expect(w.sent()[0]!.data.contact).toEqual({ phone: '+49301234567' });
  });

  it('a phone number copied from a web page with no-break spaces is sent with plain spaces', async () => {
    expect(typedAnswer('phone', '+49\u00a030\u202f1234567')).toBe('+49 30 1234567');
  });
});
