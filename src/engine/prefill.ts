import type { Answers, AnswerValue } from './answers.ts';
import type { Flow } from './schema/flow.ts';
import type { ContactFieldKind, Step, StepOf, StepType } from './schema/step.ts';
import { validateStep } from './step-kinds.ts';
import { emailAddress, withoutFormatMarks } from '../shared/format-marks.ts';

/** Long enough for any real value; a bound so a crafted link cannot fill a field with megabytes. */
const MAX_PREFILL = 200;

type Convert = (raw: string) => AnswerValue | undefined;

const text: Convert = (raw) => raw;
/**
 * An address never holds a space, but URL decoding turns a `+` written unencoded
 * (`?email=ada+news@example.com`, as newsletter tools write plus addresses) into one. Kept as
 * the field keeps a typed one: no invisible marks, no `mailto:`.
 */
const emailText: Convert = (raw) => emailAddress(raw).trim().replaceAll(' ', '+');
/**
 * The same for a phone number's `+` (`?phone=+49 30 1234567` arrives as " 49 30 …", `(+34)…` as
 * "( 34)…"); a country code never starts with 0, a national number does.
 */
const phoneText: Convert = (raw) => raw.replace(/^(\(?) (?=[1-9])/, '$1+');
/** A web address as the field would keep it typed: a direction mark in a link is not seen, and would be sent. */
const websiteText: Convert = (raw) => withoutFormatMarks(raw).trim();
const number: Convert = (raw) => (/^-?\d+(\.\d+)?$/.test(raw) ? Number(raw) : undefined);
const optionOf = (step: StepOf<'single_choice' | 'dropdown'>): Convert => (raw) => (step.options.some((o) => o.id === raw) ? raw : undefined);
/**
 * Only a value the step accepts: a date field, rating or slider cannot show another
 * (`?start=04.05.2026`, `?nps=42`), and the visitor would be stopped by what they cannot see.
 */
const accepted =
  (step: Step, convert: Convert): Convert =>
  (raw) => {
    const answer = convert(raw);
    return answer !== undefined && !validateStep(step, { [step.id]: answer }).length ? answer : undefined;
  };

/**
 * How a URL parameter becomes each kind's answer, keyed by type: a kind added to the schema
 * must be added here to compile. `undefined`: the kind takes no prefill.
 */
const prefillers: { [T in StepType]: ((step: StepOf<T>) => Convert) | undefined } = {
  single_choice: optionOf,
  dropdown: optionOf,
  multiple_choice: (step) => (raw) => {
    // Each option once: `?pain=a,a` chooses `a`.
    const chosen = [...new Set(raw.split(','))].filter((id) => step.options.some((o) => o.id === id));
    return chosen.length ? chosen : undefined;
  },
  number: () => number,
  range: (step) => accepted(step, number),
  rating: (step) => accepted(step, (raw) => (/^\d+$/.test(raw) ? Number(raw) : undefined)),
  short_text: () => text,
  long_text: () => text,
  email: () => emailText,
  phone: () => phoneText,
  website: () => websiteText,
  date: (step) => accepted(step, text),
  // Never consent: a visitor gives it themselves, a link cannot.
  consent: undefined,
  contact: () => text,
  statement: undefined,
  end: undefined,
};

/** Contact fields whose kind reads a parameter its own way; the others take it as text. */
const fieldPrefillers: Partial<Record<ContactFieldKind, Convert>> = { email: emailText, phone: phoneText, website: websiteText };

/**
 * Starting answers from URL parameters, for the questions and contact fields that name one in
 * `prefill`. A choice takes only one of its option ids, a number only a number; the visitor
 * still sees every value and confirms it with Next.
 */
export function prefillAnswers(flow: Flow, params: URLSearchParams): Answers {
  const answers: Record<string, AnswerValue> = {};
  const take = (question: string, name: string | undefined, convert: Convert) => {
    const raw = name === undefined ? null : params.get(name);
    // By code point, so an emoji at the cut is dropped whole rather than split in half.
    const value = raw === null ? undefined : convert([...raw].slice(0, MAX_PREFILL).join(''));
    if (value !== undefined) answers[question] = value;
  };
  for (const step of flow.steps) {
    const convert = (prefillers[step.type] as ((step: Step) => Convert) | undefined)?.(step);
    if (!convert) continue;
    if (step.type === 'contact') for (const field of step.fields) take(field.id, field.prefill, fieldPrefillers[field.kind] ?? convert);
    else if ('prefill' in step) take(step.id, step.prefill, convert);
  }
  return answers;
}
