import * as z from 'zod/mini';
import type { LoadIssueCode } from '../load/load-issues.ts';

/** What a failed constraint reports: an explained load issue (see load/load-issues.ts). */
export interface ConstraintIssue {
  code: LoadIssueCode;
  /** Whether the message quotes the offending value (short values only, like ids). */
  quote?: boolean;
  [param: string]: unknown;
}

/**
 * A constraint as one refinement that carries its JSON Schema keywords. zod's own checks
 * (regex, minLength, minimum, int) each add their class to the script-tag bundle, about 0.7
 * KiB gzip together; refinements share one. scripts/build.mjs copies `jsonSchema` into
 * dist/flow.schema.json, and load/schema-issues.ts reports `issue` as zod's checks would.
 */
function constraint<T>(test: (value: T) => boolean, issue: ConstraintIssue, jsonSchema: Record<string, unknown>) {
  return z.refine<T>(test, { params: { issue, jsonSchema } });
}

/** A text of at least `min` characters. */
export const minChars = (min: number) =>
  constraint<string>((v) => v.length >= min, { code: 'too_small', minimum: min, origin: 'string' }, { minLength: min });

/** A list of at least `min` items. */
export const minItems = (min: number) =>
  constraint<unknown[]>((v) => v.length >= min, { code: 'too_small', minimum: min, origin: 'array' }, { minItems: min });

/** A number of at least `min`. */
export const atLeast = (min: number) =>
  constraint<number>((v) => v >= min, { code: 'too_small', minimum: min, origin: 'number' }, { minimum: min });

/** A number of at most `max`. */
export const atMost = (max: number) =>
  constraint<number>((v) => v <= max, { code: 'too_big', maximum: max }, { maximum: max });

/**
 * A whole number, and an exact one: past 2^53 numbers are no longer whole numbers one by one
 * (and editors' checks of "a multiple of 1" give up there).
 */
export const whole = constraint<number>(Number.isSafeInteger, { code: 'not_whole' }, { type: 'integer' });

/**
 * A text matching `pattern`; `code` names the issue (`invalid_id`, `invalid_format`), `format`
 * says what is expected (leave it out of the script tag: `__LEADFLOW_EXPLAIN__ ? … : undefined`).
 * The JSON Schema gets the RegExp: scripts/build.mjs writes it out, flags included.
 */
export const matches = (pattern: RegExp, code: LoadIssueCode, format?: string) =>
  constraint<string>((v) => pattern.test(v), { code, quote: true, format }, { pattern });

/** A locale tag `Intl` accepts (`de`, `en-GB`), so formatting numbers in it cannot throw. */
export const localeTag = constraint<string>(
  (v) => {
    try {
      return Intl.getCanonicalLocales(v).length === 1;
    } catch {
      return false;
    }
  },
  { code: 'invalid_format', quote: true, format: __LEADFLOW_EXPLAIN__ ? 'use a language tag such as "de", "en" or "de-AT"' : undefined },
  // What Intl takes, roughly; in any case, as Intl does (`linting` asks for the usual form).
  { pattern: '^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$' },
);
