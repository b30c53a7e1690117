import { describe, expect, it } from 'vitest';
import { inLanguage, isolated, textDirection } from '../../../src/ui/i18n/text-direction.ts';

describe('the direction of a flow locale', () => {
  it.each(['ar', 'ar-EG', 'he', 'fa-IR', 'ur', 'yi', 'ckb'])('%s is written right to left', (locale) => {
    expect(textDirection(locale)).toBe('rtl');
  });

  // Prefixes of right-to-left codes that are other languages: Aragonese, Hawaiian, Faroese, Uzbek.
  it.each(['de', 'en-GB', 'an', 'haw', 'fo', 'uz', 'arn'])('%s is written left to right', (locale) => {
    expect(textDirection(locale)).toBe('ltr');
  });
});

describe('a text in another language than the form', () => {
  it('carries the direction of its own language with its lang, and neither when it is the form’s own', () => {
    expect(inLanguage('en')).toEqual({ lang: 'en', dir: 'ltr' });
    expect(inLanguage('he-IL')).toEqual({ lang: 'he-IL', dir: 'rtl' });
    expect(inLanguage(undefined)).toEqual({ lang: undefined, dir: undefined });
  });
});

describe('a value piped into a sentence', () => {
  const FSI = '\u2068';
  const PDI = '\u2069';

  it('keeps its own direction in a right-to-left form, as <bdi> would', () => {
    expect(isolated('C++', 'he')).toBe(`${FSI}C++${PDI}`);
    expect(isolated('+49 30 1234567', 'ar-EG')).toBe(`${FSI}+49 30 1234567${PDI}`);
  });

  // A visitor's bidi controls must not reach past their own answer into the flow's text: a
  // U+202E would turn the rest of the sentence around, a U+2069 end the isolate early.
  it('leaves out bidi controls the visitor typed, in any form', () => {
    expect(isolated('\u202Egnissap', 'de')).toBe('gnissap');
    expect(isolated('Sam\u2069\u202E', 'he')).toBe(`${FSI}Sam${PDI}`);
  });

  it('stays as typed in a left-to-right form, right-to-left names included, and adds nothing to an empty value', () => {
    expect(isolated('Ada', 'de')).toBe('Ada');
    expect(isolated('שלום', 'en')).toBe('שלום');
    expect(isolated('', 'ar')).toBe('');
  });
});
