import * as z from 'zod/mini';
import { minItems, minChars, atLeast } from './constraints.ts';
import { condition } from './condition.ts';
import { scoring } from './scoring.ts';
import { messages } from './messages.ts';
import { theme } from './theme.ts';
import { step } from './step.ts';
import { variant } from './variant.ts';
import { id, integer, localeTag, localizedText } from './text.ts';

/**
 * Flow format v1: what a marketer writes. Shape only; references between parts (gotos,
 * answers named in conditions and scoring) are checked by `loadFlow`.
 */
export const flowSchema = z.strictObject({
  $schema: z.optional(z.string()),
  id,
  version: integer(atLeast(1)),
  title: z.optional(localizedText),
  /** Locales this flow is written in; the first is the fallback. @default ["en"] */
  locales: z.optional(z.array(localeTag).check(minItems(1))),
  /** Where leads are posted; a snippet's `data-leadflow-webhook` overrides it. */
  webhook: z.optional(z.string().check(minChars(1))),
  /**
   * More places to post to, each only when its condition holds (it sees the final score:
   * `{ "score": "route", "is": "sales_now" }`). Posted alongside `webhook`, with the same lead id.
   */
  webhooks: z.optional(z.array(z.strictObject({ url: z.string().check(minChars(1)), when: z.optional(condition) }))),
  /**
   * Send a `lead.partial` event as soon as the visitor completes a contact step, then
   * `lead.submitted` with the same lead id, so a visitor who leaves after giving contact
   * details is not lost. @default false
   */
  partialLeads: z.optional(z.boolean()),
  /** Names of hidden fields the host page may pass (`utm_source`, `plan`, …). */
  hidden: z.optional(z.array(id)),
  steps: z.array(step).check(minItems(1)),
  /**
   * Go on by itself a moment after a single choice is clicked (not when chosen with the arrow
   * keys, which move through the options). @default false
   */
  autoAdvance: z.optional(z.boolean()),
  /** Look: colours, font, corner radius, spacing; a page's `--leadflow-*` properties win over these. */
  theme: z.optional(theme),
  /**
   * The widget's buttons and messages in the flow's own words, for a language LeadFlow has no
   * strings in (`{ "next": { "fr": "Suivant" } }`) or to say them differently.
   */
  messages: z.optional(messages),
  scoring: z.optional(scoring),
  /**
   * Where funnel events are posted in batches (`view`, `start`, `step_view`, …; ids and times
   * only, no answers). A snippet's `data-leadflow-analytics` overrides it.
   */
  analytics: z.optional(z.string().check(minChars(1))),
  /** A/B test: each visitor is assigned one variant by weight, and keeps it. */
  variants: z.optional(z.array(variant).check(minItems(1))),
});

export type Flow = z.output<typeof flowSchema>;
