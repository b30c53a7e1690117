import * as z from 'zod/mini';

/** A locale tag as used in text maps: `de`, `en`, `de-AT`. */
export const localeTag = z.string().check(z.regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/));

/**
 * A map with any keys, all holding `value`. (`z.catchall` on an empty object, not `z.record`:
 * the same JSON Schema for half a kilobyte less in the script-tag bundle.)
 */
export const mapOf = <T extends z.core.SomeType>(value: T) => z.catchall(z.object({}), value);

/** Visible text: one string for every locale, or a map `{ "de": "…", "en": "…" }`. */
export const localizedText = z.union([z.string().check(z.minLength(1)), mapOf(z.string())]);

/**
 * A whole number. A refinement instead of `z.int()` keeps the browser bundle smaller; the
 * build marks it `"type": "integer"` in the JSON Schema (see scripts/build.mjs).
 */
export const isInteger = z.refine<number>(Number.isInteger, { message: 'must be a whole number' });
export const integer = (...checks: Array<z.core.$ZodCheck<number>>) => z.number().check(isInteger, ...checks);

export type LocalizedText = z.output<typeof localizedText>;

/** An id that the rest of the flow refers to: steps, questions, options, tiers. */
export const id = z.string().check(z.regex(/^[A-Za-z][\w-]*$/));
