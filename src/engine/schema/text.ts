import * as z from 'zod/mini';

/** A locale tag as used in text maps: `de`, `en`, `de-AT`. */
export const localeTag = z.string().check(z.regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/));

/** Visible text: one string for every locale, or a map `{ "de": "…", "en": "…" }`. */
export const localizedText = z.union([
  z.string().check(z.minLength(1)),
  z.record(localeTag, z.string()),
]);

export type LocalizedText = z.output<typeof localizedText>;

/** An id that the rest of the flow refers to: steps, questions, options, tiers. */
export const id = z.string().check(z.regex(/^[A-Za-z][\w-]*$/));
