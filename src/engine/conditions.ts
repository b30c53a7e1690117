import type { Answers, AnswerValue, HiddenFields } from './answers.ts';
import { isAnswered } from './answers.ts';
import { operatorNames, type Condition, type OperatorName, type Predicate, type Scalar } from './schema/condition.ts';

/** What a condition can look at. The score is computed only if a condition asks for it. */
export interface ConditionContext {
  answers: Answers;
  hidden: HiddenFields;
  score: () => { total: number; tier: string };
}

type Subject = AnswerValue | undefined;

/** A selection "is" an option when it contains it; a single value when it equals it. */
const matches = (subject: Subject, operand: Scalar) =>
  Array.isArray(subject) ? subject.includes(String(operand)) : subject === operand;

const numeric = (compare: (a: number, b: number) => boolean) => (subject: Subject, operand: unknown) =>
  typeof subject === 'number' && compare(subject, operand as number);

/** The operators, keyed by name: a new operator in the schema must be added here to compile. */
export const operators: Record<OperatorName, (subject: Subject, operand: never) => boolean> = {
  is: (subject, operand: Scalar) => matches(subject, operand),
  not: (subject, operand: Scalar) => !matches(subject, operand),
  in: (subject, operand: Scalar[]) => operand.some((o) => matches(subject, o)),
  gt: numeric((a, b) => a > b),
  gte: numeric((a, b) => a >= b),
  lt: numeric((a, b) => a < b),
  lte: numeric((a, b) => a <= b),
  answered: (subject, operand: boolean) => isAnswered(subject) === operand,
};

function subjectOf(predicate: Predicate, context: ConditionContext): Subject {
  if ('answer' in predicate) return context.answers[predicate.answer];
  if ('hidden' in predicate) return context.hidden[predicate.hidden];
  return context.score()[predicate.score];
}

/**
 * Evaluates a JSON condition. Pure and total: an unanswered question matches no `is`, `in` or
 * comparison (but does match `not`: nothing is not "student").
 */
export function evaluateCondition(condition: Condition, context: ConditionContext): boolean {
  if ('all' in condition) return condition.all.every((c) => evaluateCondition(c, context));
  if ('any' in condition) return condition.any.some((c) => evaluateCondition(c, context));
  if (!('answer' in condition || 'hidden' in condition || 'score' in condition))
    return !evaluateCondition(condition.not, context);
  // Several operators must all hold (`{ "gte": 10, "lte": 50 }` is a range); none never holds.
  const used = operatorNames.filter((name) => condition[name] !== undefined);
  const subject = subjectOf(condition, context);
  return used.length > 0 && used.every((name) => operators[name](subject, condition[name] as never));
}
