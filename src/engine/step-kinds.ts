import { isAnswered, type Answers, type AnswerValue } from './answers.ts';
import type { ContactFieldKind, Step, StepOf, StepType } from './schema/step.ts';
import { isPersonalDomain, type DomainOverrides } from './scoring/personal-domains.ts';

/**
 * Why an answer was refused; the UI turns the code into a localized, friendly message, which a
 * step's `errors` may replace.
 */
export const answerIssueCodes = [
  'required',
  'consent_required',
  'invalid_email',
  'personal_email',
  'invalid_phone',
  'invalid_website',
  'not_a_number',
  'too_small',
  'too_big',
  'too_long',
  'too_few_selected',
  'too_many_selected',
  'unknown_option',
  'invalid_date',
  'date_too_early',
  'date_too_late',
  'not_in_steps',
] as const;
export type AnswerIssueCode = (typeof answerIssueCodes)[number];

export interface AnswerIssue {
  code: AnswerIssueCode;
  /** The question (or contact field) the issue belongs to. */
  question: string;
  params?: Readonly<Record<string, number>>;
}

/**
 * Deliberately loose: the only reliable e-mail check is sending one; this catches typos. The
 * domain is letters, digits and hyphens in any script (and the joiners Persian words need), so
 * what was pasted around an address (`<…>`, a list's `,`) is not sent along with it.
 */
const EMAIL = /^[^\s@]+@[\p{L}\p{M}\p{N}\u200c\u200d-]+(\.[\p{L}\p{M}\p{N}\u200c\u200d-]+)*\.[\p{L}\p{M}\p{N}-]{2,}$/u;
/** International format, light: digits with the usual separators (`(+34)` too), 6 to 15 digits. */
const PHONE = /^\(?\+?[\d\s().\/-]+$/;

export function isEmail(value: string): boolean {
  return EMAIL.test(value.trim());
}

/**
 * A web address as people type it: `acme.com`, `www.acme.de/de`, `https://acme.com`. Only
 * http(s), without a user name or password, on a host of domain labels (letters, digits and
 * hyphens: no `acme..com`, no `"` a CRM's HTML would choke on) with a top-level domain of
 * letters. An IP address or a `localhost` name is no company's site; a typo without a dot is
 * caught. A final dot (copied with a sentence's full stop) is allowed, as in DNS.
 */
export function isWebsite(value: string): boolean {
  const text = value.trim();
  try {
    const { username, password, hostname } = new URL(/^https?:\/\//i.test(text) ? text : `https://${text}`);
    const host = hostname.replace(/\.$/, '');
    return !/\s/.test(text) && !username && !password && !/(^|\.)localhost$/.test(host) && /^([a-z\d]([a-z\d-]*[a-z\d])?\.)+([a-z]{2,}|xn--[a-z\d-]+)$/.test(host);
  } catch {
    return false;
  }
}

export function isPhone(value: string): boolean {
  // 15 is E.164's most, which counts neither the `00` dialled before a country code nor `(0)`.
  const digits = value.replace('(0)', '').replace(/\D/g, '').replace(/^00/, '').length;
  return PHONE.test(value.trim()) && digits >= 6 && digits <= 15;
}

/** What is wrong with a given answer: an issue code and the numbers its message needs. */
type Problem = [code: AnswerIssueCode, params?: Record<string, number>];

/** One question a step asks: its id, whether it must be answered, and what an answer must satisfy. */
interface Question {
  id: string;
  /** Whether it must be answered; a function when that depends on another answer ("other" text). */
  required: boolean | ((answers: Answers) => boolean);
  /** The issue when a required answer is missing. @default "required" */
  missing?: AnswerIssueCode;
  /** `personal`: the flow's changes to the personal e-mail domains (`businessOnly`). */
  check?: (value: AnswerValue, personal?: DomainOverrides) => Problem | undefined;
}

const isRequired = (question: { required?: boolean | undefined }) => question.required !== false;

/** A number outside `[min, max]`, with the codes for either side. */
function outside(value: number, min: number | undefined, max: number | undefined, codes: [AnswerIssueCode, AnswerIssueCode]): Problem | undefined {
  if (min !== undefined && value < min) return [codes[0], { min }];
  if (max !== undefined && value > max) return [codes[1], { max }];
  return undefined;
}

/** A plausible address, and with `businessOnly` none at a personal e-mail provider. */
const emailProblem = (value: string, businessOnly: boolean | undefined, personal: DomainOverrides | undefined): Problem | undefined =>
  textChecks.email!(value) ?? (businessOnly && isPersonalDomain(value, personal) ? ['personal_email'] : undefined);

const textChecks: Partial<Record<ContactFieldKind, (value: string) => Problem | undefined>> = {
  email: (value) => (isEmail(value) ? undefined : ['invalid_email']),
  phone: (value) => (isPhone(value) ? undefined : ['invalid_phone']),
  website: (value) => (isWebsite(value) ? undefined : ['invalid_website']),
};

/**
 * Texts are capped even where the flow sets no limit: a pasted novel must not travel to a CRM.
 * The visitor gets the friendly `too_long` message with the limit.
 */
/** The most a text answer holds, whatever the flow's `maxLength` says. */
export const TEXT_LIMITS = { short_text: 500, long_text: 5000 } as const;

const length = (value: AnswerValue, max: number): Problem | undefined =>
  outside(String(value).trim().length, undefined, max, ['too_long', 'too_long']);

/** `YYYY-MM-DD` that is a real day; ISO dates compare as text. */
function dateProblem(step: StepOf<'date'>, value: AnswerValue): Problem | undefined {
  const text = String(value);
  const day = new Date(`${text}T00:00:00Z`);
  // A year before 1000 is a two-digit year typed into the browser's field ("4.5.26" is 0026).
  if (!/^[1-9]\d{3}-\d{2}-\d{2}$/.test(text) || Number.isNaN(day.getTime()) || day.toISOString().slice(0, 10) !== text) return ['invalid_date'];
  // The bound travels as a UTC timestamp (issue params are numbers); the UI writes it as a date.
  const bound = (iso: string) => Date.parse(`${iso}T00:00:00Z`);
  if (step.min && text < step.min) return ['date_too_early', { min: bound(step.min) }];
  return step.max && text > step.max ? ['date_too_late', { max: bound(step.max) }] : undefined;
}

/**
 * A finite number within `[min, max]`, on the `step` grid counted from `min` (or 0); off the
 * grid, the issue names the nearest number on it (from 10 in steps of 25, 50 is refused: 60).
 */
function numberProblem(step: StepOf<'number' | 'range'>, value: AnswerValue): Problem | undefined {
  if (typeof value !== 'number' || !Number.isFinite(value)) return ['not_a_number'];
  const range = outside(value, step.min, step.max, ['too_small', 'too_big']);
  if (range || !step.step) return range;
  const from = step.min ?? 0;
  const grid = (value - from) / step.step;
  const near = Math.round(grid);
  // Within a rounding error of the grid, which grows with the number: 0.1 + 0.2 is on a grid of
  // 0.1, and so is 142021.89 on one of 0.01 (off by 3e-9 steps in binary).
  if (Math.abs(grid - near) <= Math.max(1e-9, Math.abs(grid) * 1e-12)) return undefined;
  const nearest = from + near * step.step;
  return ['not_in_steps', { step: step.step, near: Number((step.max !== undefined && nearest > step.max ? nearest - step.step : nearest).toPrecision(15)) }];
}

const choice = (step: StepOf<'single_choice' | 'multiple_choice' | 'dropdown'>, value: AnswerValue): Problem | undefined => {
  const chosen = Array.isArray(value) ? value : [String(value)];
  // An option named twice is no second choice, nor one to send twice.
  if (new Set(chosen).size < chosen.length || !chosen.every((id) => step.options.some((o) => o.id === id))) return ['unknown_option'];
  if (step.type === 'multiple_choice') return outside(chosen.length, step.minSelected, step.maxSelected, ['too_few_selected', 'too_many_selected']);
  return undefined;
};

/**
 * Every step kind, keyed by its `type`, with the questions it asks: adding a kind to the
 * schema without adding it here is a compile error, not a runtime surprise.
 */
export const stepKinds: { [T in StepType]: (step: StepOf<T>) => Question[] } = {
  single_choice: (step) => {
    const main: Question = { id: step.id, required: isRequired(step), check: (value) => choice(step, value) };
    const other = step.options.find((option) => option.other);
    // "Other" asks for a text, needed once that option is chosen.
    return other
      ? [main, { id: `${step.id}_other`, required: (answers) => answers[step.id] === other.id, check: (value) => length(value, TEXT_LIMITS.short_text) }]
      : [main];
  },
  multiple_choice: (step) => [{ id: step.id, required: isRequired(step), check: (value) => choice(step, value) }],
  dropdown: (step) => [{ id: step.id, required: isRequired(step), check: (value) => choice(step, value) }],
  short_text: (step) => [
    { id: step.id, required: isRequired(step), check: (value) => length(value, Math.min(step.maxLength ?? Infinity, TEXT_LIMITS.short_text)) },
  ],
  long_text: (step) => [
    { id: step.id, required: isRequired(step), check: (value) => length(value, Math.min(step.maxLength ?? Infinity, TEXT_LIMITS.long_text)) },
  ],
  email: (step) => [
    { id: step.id, required: isRequired(step), check: (value, personal) => length(value, TEXT_LIMITS.short_text) ?? emailProblem(String(value), step.businessOnly, personal) },
  ],
  phone: (step) => [{ id: step.id, required: isRequired(step), check: (value) => length(value, TEXT_LIMITS.short_text) ?? textChecks.phone!(String(value)) }],
  website: (step) => [{ id: step.id, required: isRequired(step), check: (value) => length(value, TEXT_LIMITS.short_text) ?? textChecks.website!(String(value)) }],
  date: (step) => [{ id: step.id, required: isRequired(step), check: (value) => dateProblem(step, value) }],
  rating: (step) => [
    {
      id: step.id,
      required: isRequired(step),
      check: (value) => (Number.isInteger(value) ? outside(value as number, step.min, step.max, ['too_small', 'too_big']) : ['not_a_number']),
    },
  ],
  statement: () => [],
  number: (step) => [{ id: step.id, required: isRequired(step), check: (value) => numberProblem(step, value) }],
  range: (step) => [{ id: step.id, required: isRequired(step), check: (value) => numberProblem(step, value) }],
  // An unticked box is "not answered", so a required consent asks for the tick.
  consent: (step) => [
    { id: step.id, required: isRequired(step), missing: 'consent_required', check: (value) => (value === true ? undefined : ['consent_required']) },
  ],
  contact: (step) =>
    step.fields.map((field) => ({
      id: field.id,
      required: isRequired(field),
      check: (value, personal) =>
        length(value, TEXT_LIMITS.short_text) ?? (field.kind === 'email' ? emailProblem(String(value), field.businessOnly, personal) : textChecks[field.kind]?.(String(value))),
    })),
  end: () => [],
};

/** Dispatches through the registry; the cast is safe because `step.type` picks the entry. */
const questionsAskedBy = (step: Step): Question[] => (stepKinds[step.type] as (step: Step) => Question[])(step);

/** Question ids per step, built once: navigation asks for them at every step of the path. */
const questionIds = new WeakMap<Step, readonly string[]>();

/** Ids of the questions a step asks; a contact step asks one per field. */
export function questionsOf(step: Step): readonly string[] {
  let ids = questionIds.get(step);
  if (!ids) questionIds.set(step, (ids = questionsAskedBy(step).map((question) => question.id)));
  return ids;
}

/**
 * Issues with the answers given on a step; empty when the visitor may go on. `personal`: the
 * flow's `scoring.personalDomains`, for `businessOnly` e-mail questions.
 */
export function validateStep(step: Step, answers: Answers, personal?: DomainOverrides): AnswerIssue[] {
  return questionsAskedBy(step).flatMap((question): AnswerIssue[] => {
    const value = answers[question.id];
    const required = typeof question.required === 'function' ? question.required(answers) : question.required;
    if (!isAnswered(value)) return required ? [{ code: question.missing ?? 'required', question: question.id }] : [];
    const problem = question.check?.(value!, personal);
    return problem ? [{ code: problem[0], question: question.id, ...(problem[1] && { params: problem[1] }) }] : [];
  });
}
