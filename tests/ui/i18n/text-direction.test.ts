import { describe, expect, it } from 'vitest';
import { textDirection } from '../../../src/ui/i18n/text-direction.ts';

describe('the direction of a flow locale', () => {
  it.each(['ar', 'ar-EG', 'he', 'fa-IR', 'ur', 'yi', 'ckb'])('%s is written right to left', (locale) => {
    expect(textDirection(locale)).toBe('rtl');
  });

  // Prefixes of right-to-left codes that are other languages: Aragonese, Hawaiian, Faroese, Uzbek.
  it.each(['de', 'en-GB', 'an', 'haw', 'fo', 'uz', 'arn'])('%s is written left to right', (locale) => {
    expect(textDirection(locale)).toBe('ltr');
  });
});
