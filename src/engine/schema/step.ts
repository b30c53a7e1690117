import * as z from 'zod/mini';
import { minItems, minChars, atLeast, matches } from './constraints.ts';
import { condition } from './condition.ts';
import { id, integer, localizedText, mapOf } from './text.ts';

/** `{ "if": CONDITION, "goto": STEP_ID }`; without `if` the rule always applies. */
export const nextRule = z.strictObject({ if: z.optional(condition), goto: id });

/**
 * The URL a browser actually follows: it drops tabs and newlines anywhere and control
 * characters or spaces in front, so `java\nscript:` would otherwise pass as a relative link.
 */
const asBrowserReadsIt = (url: string) => url.replace(/[\t\n\r]/g, '').replace(/^[\x00-\x20]+/, '');

/** A link the visitor may follow; `javascript:` and other schemes are refused by design. */
export const safeUrl = z.string().check(
  z.refine(
    (raw) => {
      const url = asBrowserReadsIt(raw);
      return !/^\s*[a-z][a-z0-9+.-]*:/i.test(url) || /^(https?|mailto|tel):/i.test(url);
    },
    {
      message: 'only http(s), mailto:, tel: or relative links are allowed',
      // The same rule for editors (dist/flow.schema.json), without the browser's tab and newline quirks.
      params: { jsonSchema: { pattern: '^(?![\\x00-\\x20]*[A-Za-z][A-Za-z0-9+.-]*:)|^[\\x00-\\x20]*(?:[Hh][Tt][Tt][Pp][Ss]?|[Mm][Aa][Ii][Ll][Tt][Oo]|[Tt][Ee][Ll]):' } },
    },
  ),
);

const base = {
  id,
  title: localizedText,
  description: z.optional(localizedText),
  next: z.optional(z.array(nextRule)),
};

/** Questions are required unless they say otherwise: a lead form asks only what it needs. */
/**
 * `prefill`: the name of a URL parameter whose value becomes the answer's starting value
 * (`?email=…` with `"prefill": "email"`); the visitor still sees and confirms it.
 */
const prefill = z.optional(id);

/**
 * Messages of the flow's own for this question, by issue code (`required`, `invalid_email`,
 * `too_long`, …), replacing the built-in ones: `{ "required": { "de": "Bitte wählen", "en": "Please choose" } }`.
 */
const errors = z.optional(mapOf(localizedText));

const question = { ...base, required: z.optional(z.boolean()), prefill, errors };

export const option = z.strictObject({
  id,
  label: localizedText,
  /** A short symbol before the label, e.g. an emoji: `"🚀"`. Decoration only; the label names the option. */
  icon: z.optional(z.string().check(minChars(1))),
  /** A picture on the option's card (http(s) or relative; decoration, the label names the option). */
  image: z.optional(safeUrl),
  /**
   * "Other": choosing it asks for a text, answered as the question `<step id>_other`. Single
   * choice only.
   */
  other: z.optional(z.boolean()),
});

const singleChoice = z.strictObject({
  ...question,
  type: z.literal('single_choice'),
  options: z.array(option).check(minItems(2)),
});

const multipleChoice = z.strictObject({
  ...question,
  type: z.literal('multiple_choice'),
  options: z.array(option).check(minItems(2)),
  minSelected: z.optional(integer(atLeast(0))),
  maxSelected: z.optional(integer(atLeast(1))),
});

const shortText = z.strictObject({
  ...question,
  type: z.literal('short_text'),
  placeholder: z.optional(localizedText),
  maxLength: z.optional(integer(atLeast(1))),
});

/**
 * Refuses an address at a personal e-mail provider (gmail.com, web.de, …: the list scoring's
 * `"domain": "personal"` reads, with the flow's `scoring.personalDomains`), for B2B forms.
 */
const businessOnly = z.optional(z.boolean());

const email = z.strictObject({
  ...question,
  type: z.literal('email'),
  placeholder: z.optional(localizedText),
  businessOnly,
});

const number = z.strictObject({
  ...question,
  type: z.literal('number'),
  min: z.optional(z.number()),
  max: z.optional(z.number()),
  /** The granularity accepted, e.g. 0.5 or 1000. @default any number */
  step: z.optional(z.number().check(atLeast(0))),
  unit: z.optional(localizedText),
});

const consent = z.strictObject({
  ...question,
  type: z.literal('consent'),
  label: localizedText,
  privacyUrl: z.optional(safeUrl),
});

/** Several lines of text: a message, a description of the problem. */
const longText = z.strictObject({
  ...question,
  type: z.literal('long_text'),
  placeholder: z.optional(localizedText),
  maxLength: z.optional(integer(atLeast(1))),
});

/** A phone number in international format (`+49 30 1234567`), checked lightly. */
const phone = z.strictObject({ ...question, type: z.literal('phone'), placeholder: z.optional(localizedText) });

/** A web address as people type it (`acme.com`, `https://www.acme.de/de`): a company's site. */
const website = z.strictObject({ ...question, type: z.literal('website'), placeholder: z.optional(localizedText) });

/** One of many options in a drop-down list, for lists too long for cards (countries, industries). */
const dropdown = z.strictObject({
  ...question,
  type: z.literal('dropdown'),
  options: z.array(option).check(minItems(2)),
  placeholder: z.optional(localizedText),
});

/** A calendar date, `YYYY-MM-DD`, optionally between `min` and `max`. */
const isoDate = z.string().check(matches(/^\d{4}-\d{2}-\d{2}$/, 'invalid_format', __LEADFLOW_EXPLAIN__ ? 'write the date as YYYY-MM-DD, e.g. "2024-02-01"' : undefined));
const date = z.strictObject({ ...question, type: z.literal('date'), min: z.optional(isoDate), max: z.optional(isoDate) });

/**
 * A scale of whole numbers: 1–5 stars, 0–10 for NPS. `minLabel` and `maxLabel` name the ends
 * ("not at all likely" … "extremely likely").
 */
const rating = z.strictObject({
  ...question,
  type: z.literal('rating'),
  min: integer(atLeast(0)),
  max: integer(atLeast(1)),
  minLabel: z.optional(localizedText),
  maxLabel: z.optional(localizedText),
});

/** A number picked on a slider between `min` and `max`, in steps of `step`. */
const range = z.strictObject({
  ...question,
  type: z.literal('range'),
  min: z.number(),
  max: z.number(),
  step: z.optional(z.number().check(atLeast(0))),
  unit: z.optional(localizedText),
});

/** Text to read, nothing to answer: an explanation between questions. */
const statement = z.strictObject({ ...base, type: z.literal('statement') });

/** The kinds of contact field; the kind picks the input type, autocomplete and validation. */
export const contactFieldKinds = ['name', 'first_name', 'last_name', 'email', 'company', 'phone', 'job_title', 'website'] as const;

const contactField = z.strictObject({
  id,
  kind: z.literal(contactFieldKinds),
  label: z.optional(localizedText),
  required: z.optional(z.boolean()),
  prefill,
  /** On an `email` field (the linter warns elsewhere). */
  businessOnly,
});

/** Several fields on one step (name, e-mail, company, phone): each field id is a question id. */
const contact = z.strictObject({
  ...base,
  type: z.literal('contact'),
  fields: z.array(contactField).check(minItems(1)),
});

/** An ending. Which ending a visitor sees is chosen by the `next` rules that lead to it. */
const end = z.strictObject({
  id,
  type: z.literal('end'),
  title: localizedText,
  description: z.optional(localizedText),
  cta: z.optional(z.strictObject({ label: localizedText, url: safeUrl })),
  /**
   * Where the page goes once the lead is delivered (a thank-you page, a booking calendar), at
   * most a few seconds after the ending shows. `{{answers.email}}` in it is the answer as given,
   * URL-encoded, as in `cta.url`.
   */
  redirect: z.optional(safeUrl),
});

/**
 * Discriminated by `type`: a step is checked against its own kind only. A plain union is
 * 0.5 KiB smaller but checks each step against every kind until one fits, which made the first,
 * cold load of a flow in the browser take 13 ms instead of 8 (docs/benchmarks.md).
 */
export const step = z.discriminatedUnion('type', [
  singleChoice,
  multipleChoice,
  dropdown,
  shortText,
  longText,
  email,
  phone,
  website,
  number,
  date,
  rating,
  range,
  consent,
  contact,
  statement,
  end,
]);

export type Step = z.output<typeof step>;
export type StepType = Step['type'];
export type StepOf<T extends StepType> = Extract<Step, { type: T }>;
export type NextRule = z.output<typeof nextRule>;
export type ContactField = z.output<typeof contactField>;
export type ContactFieldKind = (typeof contactFieldKinds)[number];
