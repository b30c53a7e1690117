import { isAnswered, type Answers, type AnswerValue } from './answers.ts';
import type { ContactFieldKind, Step, StepOf, StepType } from './schema/step.ts';

/** Why an answer was refused; the UI turns the code into a localized, friendly message. */
export type AnswerIssueCode =
  | 'required'
  | 'consent_required'
  | 'invalid_email'
  | 'invalid_phone'
  | 'not_a_number'
  | 'too_small'
  | 'too_big'
  | 'too_long'
  | 'too_few_selected'
  | 'too_many_selected'
  | 'unknown_option';

export interface AnswerIssue {
  code: AnswerIssueCode;
  /** The question (or contact field) the issue belongs to. */
  question: string;
  params?: Readonly<Record<string, number>>;
}

/** Deliberately loose: the only reliable e-mail check is sending one; this catches typos. */
const EMAIL = /^[^\s@]+@[^\s@.]+(\.[^\s@.]+)*\.[^\s@.]{2,}$/;
/** International format, light: digits with the usual separators, 6 to 15 digits. */
const PHONE = /^\+?[\d\s().\/-]+$/;

export function isEmail(value: string): boolean {
  return EMAIL.test(value.trim());
}

export function isPhone(value: string): boolean {
  const digits = value.replace(/\D/g, '').length;
  return PHONE.test(value.trim()) && digits >= 6 && digits <= 15;
}

interface StepKind<T extends StepType> {
  /** Ids of the questions this step asks; contact steps ask one per field. */
  questions(step: StepOf<T>): string[];
  /** Issues with the answers given on this step; empty when the visitor may go on. */
  validate(step: StepOf<T>, answers: Answers): AnswerIssue[];
}

const isRequired = (step: { required?: boolean | undefined }) => step.required !== false;

function requiredIssue(question: string, value: AnswerValue | undefined, required: boolean): AnswerIssue[] | undefined {
  if (isAnswered(value)) return undefined;
  return required ? [{ code: 'required', question }] : [];
}

const single = (step: { id: string }) => [step.id];

function textField<S extends StepOf<'short_text' | 'email'>>(check: (step: S, value: string) => AnswerIssue[]) {
  return (step: S, answers: Answers): AnswerIssue[] => {
    const value = answers[step.id];
    return requiredIssue(step.id, value, isRequired(step)) ?? check(step, String(value).trim());
  };
}

const contactFieldChecks: Partial<Record<ContactFieldKind, (question: string, value: string) => AnswerIssue[]>> = {
  email: (question, value) => (isEmail(value) ? [] : [{ code: 'invalid_email', question }]),
  phone: (question, value) => (isPhone(value) ? [] : [{ code: 'invalid_phone', question }]),
};

/**
 * Every step kind, keyed by its `type`: adding a kind to the schema without adding it here
 * is a compile error, not a runtime surprise.
 */
export const stepKinds: { [T in StepType]: StepKind<T> } = {
  single_choice: {
    questions: single,
    validate(step, answers) {
      const value = answers[step.id];
      const missing = requiredIssue(step.id, value, isRequired(step));
      if (missing) return missing;
      return step.options.some((o) => o.id === value) ? [] : [{ code: 'unknown_option', question: step.id }];
    },
  },
  multiple_choice: {
    questions: single,
    validate(step, answers) {
      const value = answers[step.id];
      const missing = requiredIssue(step.id, value, isRequired(step));
      if (missing) return missing;
      const chosen = Array.isArray(value) ? value : [];
      if (chosen.some((c) => !step.options.some((o) => o.id === c))) return [{ code: 'unknown_option', question: step.id }];
      if (step.minSelected !== undefined && chosen.length < step.minSelected)
        return [{ code: 'too_few_selected', question: step.id, params: { min: step.minSelected } }];
      if (step.maxSelected !== undefined && chosen.length > step.maxSelected)
        return [{ code: 'too_many_selected', question: step.id, params: { max: step.maxSelected } }];
      return [];
    },
  },
  short_text: {
    questions: single,
    validate: textField((step, value) =>
      step.maxLength !== undefined && value.length > step.maxLength
        ? [{ code: 'too_long', question: step.id, params: { max: step.maxLength } }]
        : [],
    ),
  },
  email: {
    questions: single,
    validate: textField((step, value) => contactFieldChecks.email!(step.id, value)),
  },
  number: {
    questions: single,
    validate(step, answers) {
      const value = answers[step.id];
      const missing = requiredIssue(step.id, value, isRequired(step));
      if (missing) return missing;
      if (typeof value !== 'number' || !Number.isFinite(value)) return [{ code: 'not_a_number', question: step.id }];
      if (step.min !== undefined && value < step.min) return [{ code: 'too_small', question: step.id, params: { min: step.min } }];
      if (step.max !== undefined && value > step.max) return [{ code: 'too_big', question: step.id, params: { max: step.max } }];
      return [];
    },
  },
  consent: {
    questions: single,
    validate(step, answers) {
      return isRequired(step) && answers[step.id] !== true ? [{ code: 'consent_required', question: step.id }] : [];
    },
  },
  contact: {
    questions: (step) => step.fields.map((f) => f.id),
    validate(step, answers) {
      return step.fields.flatMap((field) => {
        const value = answers[field.id];
        return (
          requiredIssue(field.id, value, isRequired(field)) ??
          contactFieldChecks[field.kind]?.(field.id, String(value).trim()) ??
          []
        );
      });
    },
  },
  end: {
    questions: () => [],
    validate: () => [],
  },
};

/** Dispatches through the registry; the casts are safe because `step.type` picks the entry. */
export function questionsOf(step: Step): string[] {
  return (stepKinds[step.type] as StepKind<StepType>).questions(step as never);
}

export function validateStep(step: Step, answers: Answers): AnswerIssue[] {
  return (stepKinds[step.type] as StepKind<StepType>).validate(step as never, answers);
}
