import { describe, expect, it } from 'vitest';
import { asciiDigits, typedAnswer, withoutFormatMarks } from '../../src/ui/questions/typed-text.ts';

describe('asciiDigits', () => {
  it.each([
    ['Persian', '۰۱۲۳۴۵۶۷۸۹'],
    ['Arabic-Indic', '٠١٢٣٤٥٦٧٨٩'],
    ['Devanagari', '०१२३४५६७८९'],
    ['Thai', '๐๑๒๓๔๕๖๗๘๙'],
    ['full-width', '０１２３４５６７８９'],
    ['ASCII', '0123456789'],
  ])('reads %s digits as 0–9', (_script, digits) => {
    expect(asciiDigits(digits)).toBe('0123456789');
  });

  // Five runs of ten back to back (bold, double-struck, sans-serif, …): each counts from its own zero.
  it('reads mathematical digits, whose runs follow one another, each from its own zero', () => {
    expect(asciiDigits('𝟎𝟗𝟘𝟡𝟢𝟫𝟬𝟵𝟶𝟿')).toBe('0909090909');
  });

  it('leaves everything else as it is', () => {
    expect(asciiDigits('+49 (0) 30-12 ab')).toBe('+49 (0) 30-12 ab');
  });
});

describe('typedAnswer', () => {
  it('drops invisible marks from e-mail and phone answers, and keeps joiners, which are part of the text', () => {
    expect(withoutFormatMarks('\u202a+49 30 1234567\u202c\u200b')).toBe('+49 30 1234567');
    expect(withoutFormatMarks('👩\u200d💻 می\u200cخواهم')).toBe('👩\u200d💻 می\u200cخواهم');
    expect(typedAnswer('email', 'ada@gmx.de\u200e')).toBe('ada@gmx.de');
    expect(typedAnswer('phone', '۰۹۱۲\u2011۳۴۵')).toBe('0912-345');
  });

  it('keeps other text as typed', () => {
    expect(typedAnswer('short_text', 'Zürich\u200b ۱۲')).toBe('Zürich\u200b ۱۲');
  });
});
