import * as z from 'zod/mini';
import { atLeast, atMost, minChars } from './constraints.ts';
import { theme } from './theme.ts';
import { id, localizedText, mapOf } from './text.ts';

/**
 * One arm of an A/B test. Either it changes parts of this flow (`title`, `theme`,
 * `autoAdvance`, and per step id any of the step's own properties, e.g. another `title` or
 * `options`), or it names another flow file (`flow`) shown instead. A variant with neither is
 * the control. Weights are relative: 1 and 3 show the second to three visitors in four.
 */
export const variant = z.strictObject({
  id,
  // Bounded, so weights laid end to end stay a finite number to draw from.
  weight: z.number().check(atLeast(0), atMost(1_000_000)),
  /** URL of another flow file, resolved against the flow file's own URL. */
  flow: z.optional(z.string().check(minChars(1))),
  title: z.optional(localizedText),
  theme: z.optional(theme),
  autoAdvance: z.optional(z.boolean()),
  /** By step id: the step's properties this variant replaces, `{ "budget": { "title": "…" } }`. */
  steps: z.optional(mapOf(z.catchall(z.object({}), z.unknown()))),
});

export type Variant = z.output<typeof variant>;
