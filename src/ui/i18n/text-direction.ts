/** Languages written right to left, by their primary subtag (CLDR). */
const RIGHT_TO_LEFT = /^(ar|ckb|dv|fa|he|ps|sd|ug|ur|yi)(-|$)/i;
/** Scripts written right to left: a tag that names its script (`pa-Arab`, `sd-Deva`) says it. */
const RIGHT_TO_LEFT_SCRIPT = /^(Adlm|Arab|Hebr|Mand|Nkoo|Rohg|Samr|Syrc|Thaa)$/i;

/**
 * The direction of the widget's text, set on its container: the page's own `dir` must not
 * reach it (CSS `all: initial` leaves `direction` alone), so a German form on an Arabic page
 * reads left to right, and an Arabic flow right to left on any page.
 */
export const textDirection = (locale: string): 'ltr' | 'rtl' => {
  // The script subtag comes right after the language (and any extended language subtags):
  // a four-letter part of `-u-nu-latn` or `-x-test` is none.
  const script = /^[a-z]{2,3}(?:-[a-z]{3}){0,3}-([a-z]{4})(?:-|$)/i.exec(locale)?.[1];
  return (script ? RIGHT_TO_LEFT_SCRIPT.test(script) : RIGHT_TO_LEFT.test(locale)) ? 'rtl' : 'ltr';
};

/**
 * `lang` and `dir` for a text whose language is not the form's (`undefined`: the form's own,
 * which needs neither). A text knows its language, so it also knows its direction: English
 * buttons or a fallback title in an Arabic form read left to right, their full stop at their
 * end, and an element with `dir` is isolated from the text around it. Not for rows of controls
 * (the nav, the progress bar): those follow the form's direction, Back where it reads first.
 */
export const inLanguage = (lang: string | undefined) => ({ lang, dir: lang ? textDirection(lang) : undefined });

/**
 * A value put into a sentence (a piped answer), shown in its own direction: in a right-to-left
 * text (by the text's language, a fallback's too) isolated as `<bdi>` would, as "C++" or
 * "+49 30 123" would read "++C" and "123 30 49+"; in a left-to-right one as typed (the marks
 * would be in the heading's accessible name, and the sentence keeps a right-to-left name in its
 * place). Bidi controls typed into it (U+202A–E, U+2066–9) are left out: a U+202E would turn the
 * rest of the sentence around, and a U+2069 end the isolate early. (Shown only: the lead keeps
 * what was typed.)
 */
export const isolated = (value: string, locale: string) => {
  const plain = value.replace(/[\u202a-\u202e\u2066-\u2069]/g, '');
  return plain && textDirection(locale) === 'rtl' ? `\u2068${plain}\u2069` : plain;
};
