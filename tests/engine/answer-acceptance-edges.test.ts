import { describe, expect, it } from 'vitest';
import { isEmail, isPhone, prefillAnswers, validateStep, type AnswerValue, type Step } from '../../src/engine/index.ts';
import { load } from './fixtures.ts';

/**
 * Which answers real people give are taken, and which refused: e-mail addresses, phone numbers
 * written the ways of DACH, the US, the UK and France, dates, white space. A false refusal loses
 * a lead; a false acceptance sends the CRM an answer it cannot use.
 */

const emailStep: Step = { id: 'mail', type: 'email', title: 'E-Mail' };
const phoneStep: Step = { id: 'tel', type: 'phone', title: 'Telefon' };
const contact: Step = {
  id: 'contact',
  type: 'contact',
  title: 'Kontakt',
  fields: [
    { id: 'name', kind: 'name' },
    { id: 'email', kind: 'email' },
    { id: 'phone', kind: 'phone' },
  ],
};

/** Issue codes for one answer to a one-question step. */
const codes = (step: Step, value: AnswerValue) => validateStep(step, { [step.id]: value }).map((issue) => issue.code);
/** Issue codes for one contact field, the others answered well. */
const contactCodes = (field: 'name' | 'email' | 'phone', value: string) =>
  validateStep(contact, { name: 'Ada', email: 'ada@example.com', phone: '+49 30 1234567', [field]: value }).map((issue) => `${issue.question}:${issue.code}`);

describe('e-mail addresses people really have', () => {
  // Pinned: sub-addresses, subdomains, the long new TLDs, apostrophes (o'brien), hyphens and
  // digits, capitals, and an IDN TLD are taken by the e-mail step and the contact field alike.
  it.each([
    'ada+leads@example.com',
    'ada@eu.mail.example.co.uk',
    'ada@studio.photography',
    'ada@louvre.museum',
    'ada@firma.versicherung',
    "o'brien@example.ie",
    'anne-marie.o-neil99@my-firm1.de',
    'ADA.LOVELACE@EXAMPLE.COM',
    'a@b.de',
    'ada@пример.рф',
    'ada@example.xn--p1ai',
  ])('takes %j', (address) => {
    expect(isEmail(address)).toBe(true);
    expect(codes(emailStep, address)).toEqual([]);
    expect(contactCodes('email', address)).toEqual([]);
  });

  // Was: the domain part of the check takes any character but white space, "@" and ".", so an
  // address pasted with the brackets, quotes or punctuation around it (`<ada@example.de>` from a
  // mail header, `ada@example.de,` from a list, `(ada@example.de)` from a sentence) passes, and
  // the lead carries `example.de>` as the domain: mail to it bounces, a CRM dedupe misses it.
  // Cause: src/engine/step-kinds.ts, `EMAIL` (domain labels `[^\s@.]`), used by `isEmail`.
  it.each(['<ada@example.de>', '"ada@example.de"', '(ada@example.de)', 'ada@example.de,', 'ada@example.de;', 'ada@example.de>', 'ada@example.de)', 'ada@example.de/'])(
    'refuses %j, whose domain ends in punctuation',
    (pasted) => {
      expect(isEmail(pasted)).toBe(false);
    },
  );
});

describe('phone numbers as people in DACH, the US, the UK and France write them', () => {
  // Pinned: national and international forms, the German "(0)" and "00", dots, slashes and a
  // German extension after a hyphen ("-12", the "Durchwahl") are all taken.
  it.each([
    '030 1234567',
    '+49 (0)30 1234567',
    '+49(0)30/123456-78',
    '0049 30 1234567',
    '0151/12345678',
    '030 1234567-12',
    '+49 30 12345-0',
    '+43 1 5321234',
    '0043 664 1234567',
    '+41 44 668 18 00',
    '+41 (0)44 668 18 00',
    '044 668 18 00',
    '+1 (555) 123-4567',
    '555-123-4567',
    '020 7946 0958',
    '+44 (0)20 7946 0958',
    '07911 123456',
    '+33 1 23 45 67 89',
    '01.23.45.67.89',
    '+33 (0)1 23 45 67 89',
  ])('takes %j', (number) => {
    expect(isPhone(number)).toBe(true);
    expect(codes(phoneStep, number)).toEqual([]);
    expect(contactCodes('phone', number)).toEqual([]);
  });

  // Was: the country code in brackets, "(+34) 912 345 678", is how Spain, Italy and much of
  // Latin America write a number on a card or in a signature; the visitor is told to enter a
  // valid number, and the example "+49 30 1234567" does not say the brackets are the trouble.
  // Cause: src/engine/step-kinds.ts, `PHONE` (`^\+?[\d\s().\/-]+$`): a "+" only as the very
  // first character, so "(+" is refused although both characters are allowed.
  it.each(['(+34) 912 345 678', '(+39) 06 1234 5678', '(+49) 30 1234567'])('takes %j, the country code in brackets', (number) => {
    expect(isPhone(number)).toBe(true);
  });

  // Was: the 15-digit bound (E.164: country code and national number) counts the "00" exit
  // code and the "(0)" trunk digit too, so one number is taken or refused by how it is
  // written: "+49 (0)151 12345678" passes, "0049 (0)151 12345678" (16 digits typed, 13 that
  // dial) is refused.
  // Cause: src/engine/step-kinds.ts, `isPhone`, counts every digit (`value.replace(/\D/g, '')`).
  it.each([
    ['0049 (0)151 12345678', '+49 (0)151 12345678'],
    ['0049 (0)30 12345678-12', '+49 (0)30 12345678-12'],
  ])('takes %j as it takes %j', (withExitCode, withPlus) => {
    expect(isPhone(withPlus)).toBe(true);
    expect(isPhone(withExitCode)).toBe(true);
  });
});

describe('a phone number prefilled by link', () => {
  const flow = load({
    id: 'prefill-phone',
    version: 1,
    steps: [
      { id: 'tel', type: 'phone', title: 'Telefon', prefill: 'tel' },
      { id: 'contact', type: 'contact', title: 'Kontakt', fields: [{ id: 'phone', kind: 'phone', prefill: 'phone' }] },
      { id: 'done', type: 'end', title: 'Danke' },
    ],
  });

  // Pinned: an encoded plus is kept (the contrast to the bug below).
  it('keeps an encoded plus (%2B)', () => {
    expect(prefillAnswers(flow, new URLSearchParams('tel=%2B49%2030%201234567&phone=%2B49%2030%201234567'))).toEqual({
      tel: '+49 30 1234567',
      phone: '+49 30 1234567',
    });
  });

  // Was: a CRM or newsletter tool writes `?phone=+49 30 1234567` unencoded (as it writes plus
  // addresses, which the e-mail prefill repairs); URL decoding turns the "+" into a space, the
  // field shows " 49 30 1234567", which passes the check, and the lead carries "49 30 1234567":
  // no longer an international number (dialled from Germany it is a wrong local number).
  // Cause: src/engine/prefill.ts, `prefillers.phone` is the plain `text` and `fieldPrefillers`
  // has no `phone` entry, where e-mail has `emailText`.
  it('keeps the plus of a number the link left unencoded, in phone questions and contact fields alike', () => {
    expect(prefillAnswers(flow, new URLSearchParams('tel=+49 30 1234567&phone=+4930123456'))).toEqual({
      tel: '+49 30 1234567',
      phone: '+4930123456',
    });
  });
});

describe('dates', () => {
  const start: Step = { id: 'start', type: 'date', title: 'Wann möchten Sie starten?' };

  // Was: Chrome's date field takes the year as typed: a German visitor who types "4.5.26"
  // gets the year 0026, and the field's value is "0026-05-04". Without `min` the
  // question takes it, and the lead says the project starts in the year 26. A year before 1000
  // is no answer to any lead question; it should be refused (the visitor then sees the year).
  // Cause: src/engine/step-kinds.ts, `dateProblem`, checks only that the day exists.
  it.each(['0026-05-04', '0202-11-30'])('refuses %j, a two- or three-digit year', (day) => {
    expect(codes(start, day)).not.toEqual([]);
  });
});

describe('required answers of white space only', () => {
  // Pinned: a no-break space, an ideographic space (a Japanese IME's space bar), tabs and line
  // breaks are no answer, in every kind of text field, so the visitor is asked for one.
  const blanks = ['\u00a0\u00a0', '\u3000', '\n\t\n', ' \u2003 '];
  const textSteps: Step[] = [
    { id: 'note', type: 'short_text', title: 'Notiz' },
    { id: 'message', type: 'long_text', title: 'Nachricht' },
    emailStep,
    phoneStep,
  ];
  it.each(blanks)('refuses %j in a short text, long text, e-mail and phone question', (blank) => {
    for (const step of textSteps) expect(codes(step, blank), step.type).toEqual(['required']);
  });

  it.each(blanks)('refuses %j in each contact field', (blank) => {
    for (const field of ['name', 'email', 'phone'] as const) expect(contactCodes(field, blank)).toEqual([`${field}:required`]);
  });
});
