import type { Answers, AnswerValue, HiddenFields } from './answers.ts';
import { isAnswered } from './answers.ts';
import { testPattern } from './safe-pattern.ts';
import { operatorNames, type Condition, type OperatorName, type Predicate, type Scalar } from './schema/condition.ts';
import { emailDomain, isPersonalDomain, normalizeDomain, type DomainOverrides } from './scoring/personal-domains.ts';

/** The score facts a condition can ask about (`{ "score": "route", "is": "sales_now" }`). */
export type ScoreFacts = Partial<Record<'total' | 'fit' | 'intent' | 'tier' | 'signals' | 'route' | 'qualified', Subject | boolean>>;

/** What a condition can look at. The score is computed only if a condition asks for it. */
export interface ConditionContext {
  answers: Answers;
  /** One answer, where looking it up is cheaper than gathering `answers` (navigation). */
  answer?: (question: string) => AnswerValue | undefined;
  hidden: HiddenFields;
  score: () => ScoreFacts;
  /** The flow's changes to the built-in personal e-mail domains, for `"domain": "personal"`. */
  personalDomains?: DomainOverrides;
}

type Subject = AnswerValue | undefined;

/**
 * A selection "is" an option when it contains it; a single value when it equals it, a
 * number also when one side writes it as text (a hidden field `"3"` is 3, a rating 9 is
 * `"9"`, as scoring's option keys write it), `true` also `"true"` (a consent, a hidden field).
 */
const includes = (subject: Subject, operand: Scalar): boolean =>
  Array.isArray(subject)
    ? subject.includes(String(operand))
    : subject === operand ||
      ((typeof operand === 'number' || typeof subject === 'number') && numberOf(subject) === numberOf(operand)) ||
      String(subject) === String(operand) && (typeof subject === 'boolean' || typeof operand === 'boolean');

/**
 * Hidden fields arrive as text from a URL or an attribute: a plain decimal text (`"3"`, `"-2.5"`)
 * compares as that number; `"0x10"`, `"1e3"` or `"Infinity"` do not.
 */
const numberOf = (subject: Subject | Scalar) =>
  typeof subject === 'number' ? subject : typeof subject === 'string' && /^\s*-?\d+(\.\d+)?\s*$/.test(subject) ? Number(subject) : NaN;

const numeric = (compare: (a: number, b: number) => boolean) => (subject: Subject, operand: unknown) =>
  compare(numberOf(subject), operand as number);

/** The operators, keyed by name: a new operator in the schema must be added here to compile. */
export const operators: Record<OperatorName, (subject: Subject, operand: never, context: ConditionContext) => boolean> = {
  is: (subject, operand: Scalar) => includes(subject, operand),
  not: (subject, operand: Scalar) => !includes(subject, operand),
  in: (subject, operand: Scalar[]) => operand.some((o) => includes(subject, o)),
  gt: numeric((a, b) => a > b),
  gte: numeric((a, b) => a >= b),
  lt: numeric((a, b) => a < b),
  lte: numeric((a, b) => a <= b),
  answered: (subject, operand: boolean) => isAnswered(subject) === operand,
  domain(subject, operand: 'personal' | string[], context) {
    const domain = typeof subject === 'string' ? emailDomain(subject) : undefined;
    if (!domain) return false;
    if (operand === 'personal') return isPersonalDomain(domain, context.personalDomains);
    // A listed domain covers its subdomains: "rival.com" also catches "eu.rival.com".
    return operand.some((d) => (d = normalizeDomain(d)) === domain || domain.endsWith('.' + d));
  },
  matches: (subject, operand: string) => typeof subject === 'string' && testPattern(operand, subject),
};

function subjectOf(predicate: Predicate, context: ConditionContext): Subject {
  if ('answer' in predicate) return context.answer ? context.answer(predicate.answer) : context.answers[predicate.answer];
  if ('hidden' in predicate) return context.hidden[predicate.hidden];
  return context.score()[predicate.score] as Subject;
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
  return used.length > 0 && used.every((name) => operators[name](subject, condition[name] as never, context));
}
