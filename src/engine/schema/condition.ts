import * as z from 'zod/mini';
import { minItems } from './constraints.ts';
import { id } from './text.ts';

/** A value an answer can be compared with: an option id, a text, a number or a yes/no. */
export const scalar = z.union([z.string(), z.number(), z.boolean()]);
export type Scalar = z.output<typeof scalar>;

/**
 * The operators of a predicate, at most one per predicate. `is`/`not`/`in` compare values
 * (for a multiple choice: whether the selection contains them); `gt`…`lte` compare numbers;
 * `answered: true` holds once the question has a non-empty answer. A hidden field's text
 * compares as a number when it is one (`"3"` ≥ 2).
 */
const operators = {
  is: z.optional(scalar),
  not: z.optional(scalar),
  in: z.optional(z.array(scalar)),
  gt: z.optional(z.number()),
  gte: z.optional(z.number()),
  lt: z.optional(z.number()),
  lte: z.optional(z.number()),
  answered: z.optional(z.boolean()),
  /** An e-mail's domain: `"personal"` (the built-in list with the flow's changes) or a list (`["rival.com"]`, subdomains included). */
  domain: z.optional(z.union([z.literal('personal'), z.array(z.string())])),
  /** A regular expression, case-insensitive; patterns that could hang are refused when the flow loads. */
  matches: z.optional(z.string()),
};
export type OperatorName = keyof typeof operators;
export const operatorNames = Object.keys(operators) as OperatorName[];

/** `{ "answer": "role", "is": "student" }` — a question's answer, by question id. */
const answerPredicate = z.strictObject({ answer: id, ...operators });
/** `{ "hidden": "utm_source", "is": "linkedin" }` — a hidden field set by the embedding page. */
const hiddenPredicate = z.strictObject({ hidden: id, ...operators });
/** What a score predicate can look at: the score so far, its parts, tier, signals and route. */
export const scoreFacts = ['total', 'fit', 'intent', 'tier', 'signals', 'route', 'qualified'] as const;
/** `{ "score": "total", "gte": 61 }`, `{ "score": "route", "is": "sales_now" }` — the score so far. */
const scorePredicate = z.strictObject({ score: z.literal(scoreFacts), ...operators });

export type Predicate =
  | z.output<typeof answerPredicate>
  | z.output<typeof hiddenPredicate>
  | z.output<typeof scorePredicate>;

export type Condition =
  | Predicate
  | { all: Condition[] }
  | { any: Condition[] }
  | { not: Condition };

/**
 * Branching is data, never code: the widget runs under a strict CSP with no `eval`.
 * Getters make the schema recursive without a forward declaration.
 */
export const condition: z.ZodMiniType<Condition> = z.union([
  answerPredicate,
  hiddenPredicate,
  scorePredicate,
  z.strictObject({
    get all() {
      return z.array(condition).check(minItems(1));
    },
  }),
  z.strictObject({
    get any() {
      return z.array(condition).check(minItems(1));
    },
  }),
  z.strictObject({
    get not() {
      return condition;
    },
  }),
]);
