import * as z from 'zod/mini';
import { answerIssueCodes } from '../step-kinds.ts';
import { contactFieldKinds } from './step.ts';
import { localizedText } from './text.ts';

/** The languages LeadFlow has its own buttons and messages in (src/ui/i18n/messages.ts). */
export const builtInLanguages = ['de', 'en'] as const;

/**
 * The built-in strings a flow may give in its own words. Not the two shown before a flow is
 * there (while it loads, and when it cannot be loaded), which the flow cannot say.
 */
export const messageKeys = [
  'next',
  'back',
  'submit',
  'optional',
  'progress',
  'progressLabel',
  'error',
  'autoAdvance',
  'privacy',
  'close',
  'openForm',
  'choose',
  'noAnswer',
  'less',
  'more',
  'errorSummary',
  'fillIn',
] as const;

export type MessageKey = (typeof messageKeys)[number];

/** An object of optional texts, one per key: an unknown (misspelt) key is refused and named. */
const textsFor = <K extends string>(keys: readonly K[]) =>
  z.strictObject(Object.fromEntries(keys.map((key) => [key, z.optional(localizedText)])) as Record<K, z.ZodMiniOptional<typeof localizedText>>);

/**
 * The widget's own words in the flow's: buttons, hints, field names and error messages, e.g. a
 * French flow's `{ "next": { "fr": "Suivant" } }` (LeadFlow itself speaks German and English).
 * A text without the visitor's language gives way to the built-in one where LeadFlow has it.
 */
export const messages = z.strictObject({
  ...textsFor(messageKeys).def.shape,
  /** The labels of contact fields that have no `label` of their own, by kind. */
  fields: z.optional(textsFor(contactFieldKinds)),
  /**
   * Error messages by issue code, for every question; a step's own `errors` win over these,
   * unless they lack the visitor's language and these have it.
   */
  issues: z.optional(textsFor(answerIssueCodes)),
});

export type Messages = z.output<typeof messages>;
