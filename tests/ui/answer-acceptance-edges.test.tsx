import { fireEvent, screen, waitFor } from '@testing-library/preact';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { cleanupMounted } from '../embed/support/harness.ts';
import { expectStep, flowFrom, languageOfText, renderWidget } from './fixtures.tsx';
import { mountFlow, type Mounted } from './support/bad-input.ts';

/**
 * What real people type and paste into a mounted widget, what they see when it is refused, and
 * what reaches the webhook: names and companies, e-mail addresses pasted from a mail program or
 * a link, phone numbers from a link, negative numbers. A refusal says what to fix, in the
 * flow's language; a good answer arrives as the visitor meant it.
 */

afterEach(() => {
  cleanupMounted();
  history.replaceState(null, '', '/');
});

const WEBHOOK = 'https://hooks.example.test/lead';
const THANKS = { de: 'Danke, wir melden uns.', en: 'Thanks, we will be in touch.', fr: 'Merci, à bientôt.' } as const;
const SUBMIT = { de: 'Absenden', en: 'Submit', fr: 'Submit' } as const;
type Locale = keyof typeof THANKS;

/** One contact step with the given fields (labelled by their id), then an ending. */
const contactFlow = (locale: Locale, fields: Array<Record<string, unknown>>) => ({
  id: 'acceptance',
  version: 1,
  locales: [locale],
  webhook: WEBHOOK,
  steps: [
    { id: 'contact', type: 'contact', title: 'Kontakt', fields: fields.map((field) => ({ label: field.id, ...field })) },
    { id: 'done', type: 'end', title: THANKS[locale] },
  ],
});

/** The texts a field's aria-describedby points at: its error, once Next was refused. */
const describedText = (w: Mounted, field: HTMLElement) =>
  (field.getAttribute('aria-describedby') ?? '')
    .split(' ')
    .map((id) => w.root.getElementById(id)?.textContent ?? '')
    .join(' ');

/** Pastes each value into the field labelled by its key (a paste fires one input event), then submits. */
async function answer(w: Mounted, locale: Locale, values: Record<string, string>) {
  for (const [label, value] of Object.entries(values)) fireEvent.input(await w.q.findByRole('textbox', { name: new RegExp(`^${label}`) }), { target: { value } });
  await userEvent.setup().click(w.q.getByRole('button', { name: SUBMIT[locale] }));
}

/** Waits for the step to end either way: the ending with the lead sent, or an error shown. */
async function outcome(w: Mounted, locale: Locale): Promise<{ refused: boolean; contact: Array<Record<string, string>> }> {
  await waitFor(() => expect(w.q.queryByRole('heading', { name: THANKS[locale] }) ?? w.root.querySelector('.lf-error')).not.toBeNull());
  const refused = !w.q.queryByRole('heading', { name: THANKS[locale] });
  if (!refused) await waitFor(() => expect(w.sent()).toHaveLength(1));
  return { refused, contact: w.sent().map((lead) => lead.data.contact) };
}

describe('names and companies as people write them', () => {
  // Pinned: no name or company is refused for its letters or punctuation (diacritics, hyphens,
  // apostrophes, "&", one letter, CJK), and each reaches the webhook as typed, only the white
  // space around it gone.
  it.each([
    ['Zoë O’Brien-Łukasiewicz', 'Müller & Söhne GmbH & Co. KG', 'Head of Sales (D/A/CH)'],
    ['X', 'AT&T Inc.', 'CEO'],
    ['山田 太郎', '株式会社サンプル', '営業部長'],
    [" José  d'Almeida ", ' Ben & Jerry’s ', ' VP, Sales – EMEA '],
  ])('sends %j, %j, %j as typed', async (name, company, jobTitle) => {
    const w = await mountFlow(contactFlow('de', [{ id: 'name', kind: 'name' }, { id: 'company', kind: 'company' }, { id: 'job', kind: 'job_title' }]));
    await answer(w, 'de', { name, company, job: jobTitle });
    expect(await outcome(w, 'de')).toEqual({ refused: false, contact: [{ name: name.trim(), company: company.trim(), job: jobTitle.trim() }] });
  });
});

describe('a refusal says what to fix, in the flow’s language', () => {
  const fields = [
    { id: 'name', kind: 'name' },
    { id: 'email', kind: 'email' },
    { id: 'phone', kind: 'phone' },
  ];
  const good = { name: 'Ada', email: 'ada@example.com', phone: '+49 30 1234567' };

  // Pinned: the built-in message for each refusal, German for a German flow, English for an
  // English one and (there being no built-in French) English marked `lang="en"` in a French one;
  // the field keeps what was typed, and nothing is sent.
  it.each<[Locale, 'name' | 'email' | 'phone', string, string]>([
    ['de', 'name', '\u00a0 \u3000', 'Bitte füllen Sie dieses Feld aus.'],
    ['de', 'email', 'ada(at)example.com', 'Bitte geben Sie eine gültige E-Mail-Adresse ein, z.\u00a0B. name@firma.de.'],
    ['de', 'phone', '+49 30', 'Bitte geben Sie eine gültige Telefonnummer ein, z.\u00a0B. +49 30 1234567.'],
    ['en', 'name', '   ', 'Please fill in this field.'],
    ['en', 'email', 'ada@example', 'Enter a valid email address, like name@company.com.'],
    ['en', 'phone', 'call me', 'Enter a valid phone number, like +44 20 7946 0958.'],
    ['fr', 'email', 'ada@example', 'Enter a valid email address, like name@company.com.'],
  ])('%s: %s %j gets %j', async (locale, field, typed, message) => {
    const w = await mountFlow(contactFlow(locale, fields));
    await answer(w, locale, { ...good, [field]: typed });
    expect(await outcome(w, locale)).toEqual({ refused: true, contact: [] });
    const input = w.q.getByRole('textbox', { name: new RegExp(`^${field}`) }) as HTMLInputElement;
    expect(input.getAttribute('aria-invalid')).toBe('true');
    expect(describedText(w, input)).toBe(`${locale === 'de' ? 'Fehler:' : 'Error:'} ${message}`);
    // The message's own language where it is not the form's (the root says the form's).
    expect(languageOfText(w.root.querySelector('.lf-error')!)).toBe(locale === 'fr' ? 'en' : locale);
    expect(input.value).toBe(typed);
  });
});

describe('e-mail addresses as people paste them', () => {
  // Was: an address copied with "Copy link address" from a page's `mailto:` link (or from a mail
  // app's link target) is "mailto:ada@example.com". It is taken, and the
  // lead's contact.email is "mailto:ada@example.com": the CRM cannot mail it. The visitor meant
  // ada@example.com; the prefix should go (as invisible marks already do).
  // Cause: src/ui/questions/typed-text.ts, `typedAnswer`, keeps the prefix, and
  // src/engine/step-kinds.ts, `EMAIL`, takes "mailto:ada" as a local part (":" is no atext).
  it('sends a pasted "mailto:ada@example.com" as ada@example.com', async () => {
    const w = await mountFlow(contactFlow('de', [{ id: 'email', kind: 'email' }]));
    await answer(w, 'de', { email: 'mailto:ada@example.com' });
    expect(await outcome(w, 'de')).toEqual({ refused: false, contact: [{ email: 'ada@example.com' }] });
  });

  // Was: an address pasted with what surrounded it (angle brackets from a mail header, a comma
  // or semicolon from a list of recipients, quotes) is taken with it, and the lead carries
  // "<ada@example.de>" or "ada@example.de," as the e-mail. Either sent clean or refused with the
  // e-mail message would do; sent with the punctuation is wrong.
  // Cause: src/engine/step-kinds.ts, `EMAIL`: the domain takes any character but white space,
  // "@" and "." (and `typedAnswer` in src/ui/questions/typed-text.ts leaves them).
  it.each(['<ada@example.de>', 'ada@example.de,', 'ada@example.de;', '"ada@example.de"'])('never sends %j with its punctuation', async (pasted) => {
    const w = await mountFlow(contactFlow('de', [{ id: 'email', kind: 'email' }]));
    await answer(w, 'de', { email: pasted });
    const { contact } = await outcome(w, 'de');
    expect(contact.filter((lead) => lead.email !== 'ada@example.de')).toEqual([]);
  });

  // Pinned: a plus address in a link that did not encode its "+" (`?email=ada+news@…`) is shown
  // and sent with the plus.
  it('shows and sends a plus address prefilled by a link that left the "+" unencoded', async () => {
    history.replaceState(null, '', '/?email=ada+news@example.com');
    const w = await mountFlow(contactFlow('de', [{ id: 'email', kind: 'email', prefill: 'email' }]));
    expect(((await w.q.findByRole('textbox', { name: /^email/ })) as HTMLInputElement).value).toBe('ada+news@example.com');
    await answer(w, 'de', {});
    expect(await outcome(w, 'de')).toEqual({ refused: false, contact: [{ email: 'ada+news@example.com' }] });
  });
});

describe('a phone number prefilled by a link', () => {
  // Was: a CRM mailing links `?phone=+49 30 1234567` without encoding the "+" (as it does plus
  // addresses, which the e-mail prefill repairs). The field shows " 49 30 1234567", which
  // passes, and the lead's phone is "49 30 1234567": the country code reads as an area code.
  // Cause: src/engine/prefill.ts, `prefillers.phone` (plain `text`) and `fieldPrefillers`
  // (e-mail only): a leading space before digits is not turned back into "+".
  it('shows and sends the "+" of a number the link left unencoded', async () => {
    history.replaceState(null, '', '/?phone=+49 30 1234567');
    const w = await mountFlow(contactFlow('de', [{ id: 'phone', kind: 'phone', prefill: 'phone' }]));
    expect(((await w.q.findByRole('textbox', { name: /^phone/ })) as HTMLInputElement).value).toBe('+49 30 1234567');
    await answer(w, 'de', {});
    expect(await outcome(w, 'de')).toEqual({ refused: false, contact: [{ phone: '+49 30 1234567' }] });
  });
});

describe('negative numbers', () => {
  const CHANGE = 'Hur mycket ändrades er omsättning (tkr)?';
  const changeFlow = () =>
    flowFrom({
      id: 'negative',
      version: 1,
      locales: ['sv'],
      steps: [
        { id: 'change', type: 'number', title: CHANGE, min: -1500 },
        { id: 'done', type: 'end', title: 'Tack' },
      ],
    });

  // Was: a Swedish flow (also Finnish, Norwegian, Lithuanian…) asks for a change that may be
  // negative, at least -1500. Typing -2000 the visitor reads "Enter a number of −1 500 or more."
  // (Intl writes the minus as U+2212), types "−1 500" as shown, and reads "Enter a number." —
  // the same trap the Persian digits were fixed for (tests/ui/world-input-edges.test.tsx).
  // Cause: src/ui/questions/number-input.ts, `parseNumberInput`, reads only "-" as a minus.
  it('takes a negative number typed the way the widget writes its limit (−1 500)', async () => {
    const { user, onComplete } = renderWidget({ flow: changeFlow(), locale: 'sv' });
    const field = (await screen.findByRole('textbox', { name: CHANGE })) as HTMLInputElement;
    fireEvent.input(field, { target: { value: '-2000' } });
    await user.click(screen.getByRole('button', { name: 'Submit' }));
    const shown = new Intl.NumberFormat('sv').format(-1500);
    await waitFor(() => expect(field.getAttribute('aria-invalid')).toBe('true'));
    expect(screen.getByText(/Enter a number of/).textContent).toContain(shown);
    fireEvent.input(field, { target: { value: shown } });
    await user.click(screen.getByRole('button', { name: 'Submit' }));
    expect(screen.queryByText('Enter a number.')).toBeNull();
    await expectStep('Tack');
    expect(onComplete.mock.calls[0]![0].answers).toEqual({ change: -1500 });
  });

  // Was: the number field asks for `inputmode="decimal"`, whose keypad on iPhone and iPad has
  // digits and a decimal mark but no minus: where the flow allows negative answers (min < 0),
  // an iOS visitor cannot type one, and a required question with a negative answer cannot be
  // answered. Cause: src/ui/questions/input-question.tsx, `inputAttributes.number`, the same
  // for every number question whatever its `min`.
  it('offers a keypad with a minus where the answer may be negative', async () => {
    renderWidget({ flow: changeFlow(), locale: 'sv' });
    const field = (await screen.findByRole('textbox', { name: CHANGE })) as HTMLInputElement;
    expect(['decimal', 'numeric']).not.toContain(field.inputMode);
  });
});
