import { fireEvent, screen, waitFor } from '@testing-library/preact';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { cleanupMounted } from '../embed/support/harness.ts';
import { expectStep, flowFrom, renderWidget } from './fixtures.tsx';
import { mountFlow } from './support/bad-input.ts';

/**
 * What visitors around the world type, paste and pick, and what their time zone does to it: the
 * digits of their script, numbers grouped their way, phone numbers and e-mail addresses pasted
 * with invisible characters, dates read in any time zone. A good answer from any locale is
 * accepted and sent exactly; a bad one gets a friendly message.
 */

afterEach(() => cleanupMounted());

const WEBHOOK = 'https://hooks.example.test/lead';

/** One number question in `locale`, then an ending. */
function numberFlow(locale: string, title: string, limits: Record<string, number> = {}) {
  return flowFrom({
    id: 'world-number',
    version: 1,
    locales: [locale],
    steps: [
      { id: 'team', type: 'number', title, ...limits },
      { id: 'done', type: 'end', title: 'OK' },
    ],
  });
}

/** The error a refused field is described by. */
async function errorOf(field: HTMLElement): Promise<string> {
  await waitFor(() => expect(field.getAttribute('aria-invalid')).toBe('true'));
  const ids = field.getAttribute('aria-describedby')?.split(' ') ?? [];
  return ids.map((id) => document.getElementById(id)?.textContent ?? '').join(' ');
}

describe('numbers written with the digits of the visitor’s script', () => {
  // Was: a Persian flow (`"locales": ["fa"]`, shown right to left as the README promises) asks
  // for a team size of at most 5000. The visitor typed "۶۰۰۰" with their keyboard's Persian
  // digits and read "Enter a number." — they did. Typed in ASCII the widget itself answers
  // "Enter a number of ۵٬۰۰۰ or less." (Intl writes fa numbers in Persian digits), and "۵٬۰۰۰"
  // typed exactly as shown was refused again: only ASCII digits were read. Every script's
  // decimal digits are read now, and the Arabic-script group and decimal marks (٬ ٫).
  it('takes a number typed in Persian digits, including the way the widget writes its limit (۵٬۰۰۰)', async () => {
    const TITLE = 'تیم فروش شما چند نفر است؟';
    const { user, onComplete } = renderWidget({ flow: numberFlow('fa', TITLE, { max: 5000 }), locale: 'fa' });
    const field = await screen.findByRole('textbox', { name: TITLE });
    await user.type(field, '6000');
    await user.click(screen.getByRole('button', { name: 'Submit' }));
    // The widget's own message writes the limit in Persian digits.
    expect(await errorOf(field)).toContain('۵٬۰۰۰');
    await user.clear(field);
    await user.type(field, '۵٬۰۰۰');
    await user.click(screen.getByRole('button', { name: 'Submit' }));
    await expectStep('OK');
    expect(onComplete.mock.calls[0]![0].answers).toEqual({ team: 5000 });
  });

  // Was: a Japanese visitor whose IME is in full-width mode (the default for Japanese input on
  // desktop) typed "１２０" into a number question and read "Enter a number."; full-width
  // digits and marks are read as ASCII ones now (NFKC).
  it('takes a number typed in full-width digits (１２０) by a Japanese IME', async () => {
    const TITLE = '営業チームは何人ですか？';
    const { user, onComplete } = renderWidget({ flow: numberFlow('ja', TITLE), locale: 'ja' });
    await user.type(await screen.findByRole('textbox', { name: TITLE }), '１２０');
    await user.click(screen.getByRole('button', { name: 'Submit' }));
    await expectStep('OK');
    expect(onComplete.mock.calls[0]![0].answers).toEqual({ team: 120 });
  });

  // Was: an Indian English flow (`"locales": ["en-IN"]`) asks for a budget of at most ten lakh;
  // typing 2000000 the visitor read "Enter a number of 10,00,000 or less." (Intl's en-IN
  // grouping), typed "10,00,000" as shown, and read "Enter a number.": group marks were taken
  // only before groups of three digits. Groups of two before the last three are read now.
  it('takes an Indian amount grouped in lakhs (10,00,000), as the widget writes it', async () => {
    const TITLE = 'What is your budget in rupees?';
    const { user, onComplete } = renderWidget({ flow: numberFlow('en-IN', TITLE, { max: 1_000_000 }), locale: 'en-IN' });
    const field = await screen.findByRole('textbox', { name: TITLE });
    await user.type(field, '2000000');
    await user.click(screen.getByRole('button', { name: 'Submit' }));
    expect(await errorOf(field)).toContain('10,00,000');
    await user.clear(field);
    await user.type(field, '10,00,000');
    await user.click(screen.getByRole('button', { name: 'Submit' }));
    await expectStep('OK');
    expect(onComplete.mock.calls[0]![0].answers).toEqual({ team: 1_000_000 });
  });

  // Pinned: what is no number for any locale is refused with the friendly message, and the
  // visitor's text stays in the field to fix (nothing typed is lost).
  it('refuses "€ 1.500", "1.5k" and "1e3" with "Bitte geben Sie eine Zahl ein." and keeps the text', async () => {
    const TITLE = 'Wie hoch ist Ihr Budget?';
    const { user } = renderWidget({ flow: numberFlow('de', TITLE), locale: 'de' });
    const field = (await screen.findByRole('textbox', { name: TITLE })) as HTMLInputElement;
    for (const typed of ['€ 1.500', '1.5k', '1e3']) {
      fireEvent.input(field, { target: { value: typed } });
      await user.click(screen.getByRole('button', { name: 'Absenden' }));
      expect(await errorOf(field)).toContain('Bitte geben Sie eine Zahl ein.');
      expect(field.value).toBe(typed);
    }
  });
});

/** A contact step (e-mail, optional phone) that sends personal addresses to their own ending. */
const contactFlow = (locale = 'de') => ({
  id: 'world-contact',
  version: 1,
  locales: [locale],
  webhook: WEBHOOK,
  steps: [
    {
      id: 'contact',
      type: 'contact',
      title: 'Wie erreichen wir Sie?',
      fields: [
        { id: 'email', kind: 'email', label: 'E-Mail' },
        { id: 'phone', kind: 'phone', label: 'Telefon', required: false },
      ],
      next: [{ if: { answer: 'email', domain: 'personal' }, goto: 'private' }],
    },
    { id: 'work', type: 'end', title: 'Danke, wir melden uns.' },
    { id: 'private', type: 'end', title: 'Danke! Privatadresse erkannt.' },
  ],
});

/** Pastes `email` (and `phone`) into the contact step (the input event a paste fires) and sends it. */
async function sendContact(w: Awaited<ReturnType<typeof mountFlow>>, email: string, phone?: string) {
  fireEvent.input(await w.q.findByRole('textbox', { name: 'E-Mail' }), { target: { value: email } });
  if (phone !== undefined) fireEvent.input(w.q.getByRole('textbox', { name: /Telefon/ }), { target: { value: phone } });
  await userEvent.setup().click(w.q.getByRole('button', { name: 'Absenden' }));
}

describe('e-mail addresses as visitors paste them', () => {
  // Was: an address copied from a web page, PDF or chat often carries a zero-width space
  // (U+200B, used to allow line breaks) or a left-to-right mark (U+200E, from right-to-left
  // text). "ada@gmx.de\u200B" looked like ada@gmx.de, passed the e-mail check and reached the
  // webhook with the invisible character (mail to it bounces); the personal-address rule no
  // longer saw gmx.de. E-mail and phone answers are kept without format characters now.
  it('sends a pasted address with a zero-width space as the clean address, and sees that it is personal', async () => {
    const w = await mountFlow(contactFlow());
    await sendContact(w, 'ada@gmx.de\u200b');
    await expectStep('Danke! Privatadresse erkannt.', w.q);
    await waitFor(() => expect(w.sent()).toHaveLength(1));
    expect(w.sent()[0]!.data.contact).toEqual({ email: 'ada@gmx.de' });
  });

  // Pinned: international and unusual but valid addresses are taken and sent exactly as typed
  // (no lower-casing, no punycode), with only the surrounding spaces gone; the personal-address
  // rule ignores case and a pasted space.
  it.each([
    ['jörg@müller.de', 'jörg@müller.de', 'Danke, wir melden uns.'],
    ['user@xn--mller-kva.de', 'user@xn--mller-kva.de', 'Danke, wir melden uns.'],
    ['Ada.Lovelace+leads@Firma.DE', 'Ada.Lovelace+leads@Firma.DE', 'Danke, wir melden uns.'],
    [' ADA@GMX.DE\u00a0', 'ADA@GMX.DE', 'Danke! Privatadresse erkannt.'],
  ])('sends %j as %j', async (typed, sent, ending) => {
    const w = await mountFlow(contactFlow());
    await sendContact(w, typed);
    await expectStep(ending, w.q);
    await waitFor(() => expect(w.sent()).toHaveLength(1));
    expect(w.sent()[0]!.data.contact).toEqual({ email: sent });
  });
});

describe('phone numbers as visitors paste them', () => {
  // Was: a number copied from Windows contacts, Outlook, Teams or WhatsApp Desktop comes wrapped
  // in invisible embedding marks: "\u202A+49 30 1234567\u202C". It looked exactly like the
  // example in the message, yet the visitor was told to enter a valid phone number and could
  // not see what to fix (same with U+200E, or a non-breaking hyphen U+2011 from a web page).
  // Format characters are dropped from phone answers now, and Unicode dashes read as "-".
  it('takes a phone number pasted with invisible direction marks and sends it without them', async () => {
    const w = await mountFlow(contactFlow());
    await sendContact(w, 'ada@firma.de', '\u202a+49 30 1234567\u202c');
    await expectStep('Danke, wir melden uns.', w.q);
    await waitFor(() => expect(w.sent()).toHaveLength(1));
    expect(w.sent()[0]!.data.contact).toEqual({ email: 'ada@firma.de', phone: '+49 30 1234567' });
  });

  // Was: an Iranian visitor typed their mobile number with the Persian digits of their keyboard,
  // "۰۹۱۲ ۳۴۵ ۶۷۸۹", and was told to enter a valid phone number (Arabic-Indic and full-width
  // digits too). Phone answers are kept in 0–9 now, so the CRM gets a number it can dial.
  it('takes a phone number typed in Persian digits and sends it in digits a dialler reads', async () => {
    const w = await mountFlow(contactFlow());
    await sendContact(w, 'ada@firma.de', '۰۹۱۲ ۳۴۵ ۶۷۸۹');
    await expectStep('Danke, wir melden uns.', w.q);
    await waitFor(() => expect(w.sent()).toHaveLength(1));
    expect(w.sent()[0]!.data.contact.phone).toBe('0912 345 6789');
  });

  // Pinned: the ways Germans and others write a number with a trunk prefix or an exit code, and
  // with no-break spaces, are taken and sent as typed (a space may become a plain one).
  it.each(['+49 (0) 30 1234567', '0049 30 1234567', '+49\u00a030\u202f1234567', '(030) 123-45-67'])('takes %j', async (typed) => {
    const w = await mountFlow(contactFlow());
    await sendContact(w, 'ada@firma.de', typed);
    await expectStep('Danke, wir melden uns.', w.q);
    await waitFor(() => expect(w.sent()).toHaveLength(1));
    expect(w.sent()[0]!.data.contact.phone?.replace(/\s/g, ' ')).toBe(typed.replace(/\s/g, ' '));
  });
});

describe('dates in any time zone', () => {
  const original = process.env.TZ;
  afterEach(() => {
    if (original === undefined) delete process.env.TZ;
    else process.env.TZ = original;
  });

  const START = 'Wann möchten Sie starten?';
  const dateFlow = () => ({
    id: 'world-date',
    version: 1,
    locales: ['de'],
    webhook: WEBHOOK,
    steps: [
      { id: 'start', type: 'date', title: START, min: '2026-03-01', max: '2026-03-29' },
      { id: 'done', type: 'end', title: 'Danke!', description: 'Start am {{answers.start}}.' },
    ],
  });

  // Pinned: the bounds and the day picked are calendar dates, not instants. West of UTC (Los
  // Angeles, where midnight UTC of 1 March is still 28 February) and 14 hours east of it
  // (Kiritimati), the message names 1 March, the ending pipes 1 March, and the webhook gets the
  // day the visitor picked, on the day Europe changes to summer time too. (Formatting in the
  // visitor's zone instead of UTC, or `new Date(y, m, d)`, would shift them by a day.)
  it.each(['America/Los_Angeles', 'Pacific/Kiritimati'])('keeps every date the same day in %s', async (zone) => {
    process.env.TZ = zone;
    const w = await mountFlow(dateFlow());
    const { q } = w;
    const user = userEvent.setup();
    const field = (await q.findByLabelText(START)) as HTMLInputElement;
    fireEvent.input(field, { target: { value: '2026-02-28' } });
    await user.click(q.getByRole('button', { name: 'Absenden' }));
    expect((await q.findByText(/Bitte wählen Sie ein Datum/)).closest('p')).toHaveProperty('textContent', 'Fehler: Bitte wählen Sie ein Datum ab dem 1. März 2026.');
    fireEvent.input(field, { target: { value: '2026-03-30' } });
    await user.click(q.getByRole('button', { name: 'Absenden' }));
    expect((await q.findByText(/Bitte wählen Sie ein Datum bis/)).closest('p')).toHaveProperty('textContent', 'Fehler: Bitte wählen Sie ein Datum bis zum 29. März 2026.');
    fireEvent.input(field, { target: { value: '2026-03-29' } });
    await user.click(q.getByRole('button', { name: 'Absenden' }));
    await expectStep('Danke!', q);
    expect(q.getByText(/^Start am/).textContent).toBe('Start am 29. März 2026.');
    await waitFor(() => expect(w.sent()).toHaveLength(1));
    expect(w.sent()[0]!.data.answers).toEqual({ start: { value: '2026-03-29' } });
  });
});
