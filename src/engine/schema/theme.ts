import * as z from 'zod/mini';
import { matches } from './constraints.ts';

/**
 * A CSS value for a custom property: a colour, a length, a font list. No `url(` or other
 * image functions, `;`, braces or angle brackets, so a flow file cannot load anything or
 * break out of the property.
 */
const cssValue = z.string().check(
  matches(
    /^(?![\s\S]*(?:url|image|image-set|cross-fade|element|src)\s*\()[^;{}<>\\]{1,100}$/i,
    'invalid_format',
    __LEADFLOW_EXPLAIN__ ? 'use a CSS colour, length or font list of up to 100 characters ("#2f5bea", "12px", "Inter, sans-serif"): no url() or image, no ; { } < > \\' : undefined,
  ),
);

/** The flow's look, as `--leadflow-*` custom properties the page may still override. */
export const theme = z.strictObject({
  /** Buttons, focus rings, selected options. @example "#2f5bea" */
  primary: z.optional(cssValue),
  text: z.optional(cssValue),
  background: z.optional(cssValue),
  font: z.optional(cssValue),
  /** @example "12px" */
  radius: z.optional(cssValue),
  /** Padding inside the widget. @example "24px" */
  spacing: z.optional(cssValue),
});

export type Theme = z.output<typeof theme>;
