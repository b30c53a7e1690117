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
