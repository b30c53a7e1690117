import { describe, expect, it } from 'vitest';
import { pickLocale } from '../../src/ui/i18n/pick-locale.ts';
import { textDirection } from '../../src/ui/i18n/text-direction.ts';

/**
 * Review of the locale fixes (pickLocale by language alone then script, text direction by a
 * tag's script). Each test failed before its fix ("Was:" says how).
 */

describe('pickLocale', () => {
  // Was: src/ui/i18n/pick-locale.ts:21 — the language alone ("zh", "sr") is taken before the
  // same-script match, but a bare language tag has a script of its own (zh → Hans, sr → Cyrl).
  // A flow offering the usual pair `zh` + `zh-Hant` shows a zh-TW / zh-HK visitor Simplified
  // Chinese, and a `sr` + `sr-Latn` flow shows a sr-Latn visitor Cyrillic, though the flow has
  // their script. The language alone should win only when its likely script is the visitor's.
  it('zh-TW takes zh-Hant over a plain zh (Simplified); sr-Latn-RS takes sr-Latn over sr (Cyrillic)', () => {
    expect(pickLocale(['zh', 'zh-Hant'], 'zh-TW', [])).toBe('zh-Hant');
    expect(pickLocale(['en', 'zh', 'zh-Hant'], undefined, ['zh-HK', 'en'])).toBe('zh-Hant');
    expect(pickLocale(['sr', 'sr-Latn'], undefined, ['sr-Latn-RS'])).toBe('sr-Latn');
  });
});

describe('textDirection', () => {
  // Was: src/ui/i18n/text-direction.ts:12 — the "script" is the first four-letter subtag anywhere
  // in the tag, so an extension or private-use subtag is read as one: Arabic with Latin digits
  // (`ar-u-nu-latn`, `fa-u-nu-latn`) now reads left to right (it was rtl before the change), and
  // English with Arabic digits (`en-u-nu-arab`) right to left. Only the subtag right after the
  // language (or after an extlang) is a script.
  it('a -u- or -x- subtag is no script: ar-u-nu-latn stays rtl, en-u-nu-arab stays ltr', () => {
    expect(textDirection('ar-u-nu-latn')).toBe('rtl');
    expect(textDirection('fa-x-test')).toBe('rtl');
    expect(textDirection('en-u-nu-arab')).toBe('ltr');
    // What the fix is for still holds.
    expect(textDirection('pa-Arab')).toBe('rtl');
    expect(textDirection('sd-Deva')).toBe('ltr');
  });
});
