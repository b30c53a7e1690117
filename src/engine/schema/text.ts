import * as z from 'zod/mini';
import { localeTag as isLocaleTag, matches, minChars, whole } from './constraints.ts';

/** A locale tag as used in text maps: `de`, `en`, `de-AT`. */
export const localeTag = z.string().check(isLocaleTag);

/**
 * A map with any keys, all holding `value`. (`z.catchall` on an empty object, not `z.record`:
 * the same JSON Schema for half a kilobyte less in the script-tag bundle.)
 */
export const mapOf = <T extends z.core.SomeType>(value: T) => z.catchall(z.object({}), value);

/** Visible text: one string for every locale, or a map `{ "de": "…", "en": "…" }`. */
export const localizedText = z.union([z.string().check(minChars(1)), mapOf(z.string())]);

/** A whole number, with more constraints if given. */
export const integer = (...checks: Array<z.core.$ZodCheck<number>>) => z.number().check(whole, ...checks);

export type LocalizedText = z.output<typeof localizedText>;

/**
 * An id that the rest of the flow refers to: steps, questions, options, hidden fields. Answers
 * are kept in plain objects keyed by id, so names every object inherits (`constructor`,
 * `toString`, …) are refused: `answers.constructor` would otherwise always look answered.
 */
export const id = z.string().check(
  matches(
    /^(?!(constructor|hasOwnProperty|isPrototypeOf|propertyIsEnumerable|toLocaleString|toString|valueOf)$)[A-Za-z][\w-]*$/,
    'invalid_id',
    __LEADFLOW_EXPLAIN__ ? 'start with a letter; use letters, digits, "_" or "-" only; names like "constructor" are reserved' : undefined,
  ),
);
