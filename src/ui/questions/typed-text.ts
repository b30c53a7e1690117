import { emailAddress, withoutFormatMarks } from '../../shared/format-marks.ts';

/**
 * What a visitor typed or pasted, as the answer should hold it. Keyboards and clipboards bring
 * characters a check in ASCII does not expect: Persian (۱۲۳), Arabic-Indic (١٢٣) or full-width
 * (１２３) digits, and invisible format marks (a zero-width space from a web page, the
 * direction marks Windows and chat apps wrap phone numbers in).
 */

/**
 * Any decimal digit as 0–9 (each script's digits are a run of ten code points, zero first), and
 * full-width ASCII (an IME's `１，５`) as ASCII. Not NFKC on everything: "10²" is no 102.
 */
export const asciiDigits = (text: string): string =>
  text.replace(/[\uff01-\uff5e]/g, (wide) => String.fromCharCode(wide.charCodeAt(0) - 0xfee0)).replace(/\p{Nd}/gu, (digit) => {
    const code = digit.codePointAt(0)!;
    let zero = code;
    while (/\p{Nd}/u.test(String.fromCodePoint(zero - 1))) zero--;
    return String((code - zero) % 10);
  });

export { withoutFormatMarks };

/**
 * E-mail, phone and website answers as a receiver can use them (an address or a number copied
 * from a `mailto:` or `tel:` link without its scheme; a web page's no-break spaces in a number
 * as spaces; without the invisible marks a paste brings); other text as typed. (A website's
 * `mailto:` goes too: what is left is no web address either way.)
 */
export const typedAnswer = (kind: string, text: string): string =>
  kind === 'phone'
    ? asciiDigits(withoutFormatMarks(text)).replace(/[\u2010-\u2015]/g, '-').replace(/^\s*tel:/i, '').replace(/\s/g, ' ')
    : kind === 'email' || kind === 'website'
      ? emailAddress(text)
      : text;
