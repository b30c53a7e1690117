import { describe, expect, it } from 'vitest';
import { isEmail, isPhone, questionsOf, validateStep, type AnswerValue, type Step, type StepOf } from '../../src/engine/index.ts';

const options = [
  { id: 'a', label: 'A' },
  { id: 'b', label: 'B' },
  { id: 'c', label: 'C' },
];

const singleChoice: StepOf<'single_choice'> = { id: 'pick', type: 'single_choice', title: 'Pick one', options };
const multipleChoice: StepOf<'multiple_choice'> = { id: 'picks', type: 'multiple_choice', title: 'Pick some', options };
const shortText: StepOf<'short_text'> = { id: 'company', type: 'short_text', title: 'Company' };
const email: StepOf<'email'> = { id: 'email', type: 'email', title: 'E-mail' };
const number: StepOf<'number'> = { id: 'team', type: 'number', title: 'Team size', min: 1, max: 500 };
const consent: StepOf<'consent'> = { id: 'privacy', type: 'consent', title: 'Privacy', label: 'I agree' };
const contact: StepOf<'contact'> = {
  id: 'contact',
  type: 'contact',
  title: 'Contact',
  fields: [
    { id: 'name', kind: 'name' },
    { id: 'work_email', kind: 'email' },
    { id: 'phone', kind: 'phone', required: false },
  ],
};
const end: StepOf<'end'> = { id: 'done', type: 'end', title: 'Thanks' };

/** The issues for one answer to a one-question step. */
const issuesFor = (step: Step, value: AnswerValue | undefined) =>
  validateStep(step, value === undefined ? {} : { [step.id]: value });

const optional = <S extends Step>(step: S): S => ({ ...step, required: false });

describe('required questions', () => {
  it.each<[string, Step, AnswerValue | undefined]>([
    ['single choice, nothing chosen', singleChoice, undefined],
    ['multiple choice, empty selection', multipleChoice, []],
    ['short text, only spaces', shortText, '   '],
    ['e-mail, empty', email, ''],
    ['number, nothing', number, undefined],
    ['number, NaN', number, Number.NaN],
  ])('refuses %s', (_name, step, value) => {
    expect(issuesFor(step, value)).toEqual([{ code: 'required', question: step.id }]);
  });

  it.each<[string, Step, AnswerValue | undefined]>([
    ['single choice', singleChoice, undefined],
    ['multiple choice', multipleChoice, []],
    ['short text', shortText, '   '],
    ['e-mail', email, ''],
    ['number', number, undefined],
  ])('accepts an unanswered %s marked required: false', (_name, step, value) => {
    expect(issuesFor(optional(step), value)).toEqual([]);
  });

  it('still checks an optional question that was answered', () => {
    expect(issuesFor(optional(email), 'not-an-address')).toEqual([{ code: 'invalid_email', question: 'email' }]);
    expect(issuesFor(optional(number), 0)).toEqual([{ code: 'too_small', question: 'team', params: { min: 1 } }]);
  });

  it('has nothing to check on an end step', () => {
    expect(validateStep(end, {})).toEqual([]);
  });
});

describe('choices', () => {
  it('accepts a known option and refuses an unknown one', () => {
    expect(issuesFor(singleChoice, 'b')).toEqual([]);
    expect(issuesFor(singleChoice, 'z')).toEqual([{ code: 'unknown_option', question: 'pick' }]);
    expect(issuesFor(multipleChoice, ['a', 'z'])).toEqual([{ code: 'unknown_option', question: 'picks' }]);
  });

  it('enforces minSelected and maxSelected', () => {
    const step = { ...multipleChoice, minSelected: 2, maxSelected: 2 };
    expect(issuesFor(step, ['a'])).toEqual([{ code: 'too_few_selected', question: 'picks', params: { min: 2 } }]);
    expect(issuesFor(step, ['a', 'b'])).toEqual([]);
    expect(issuesFor(step, ['a', 'b', 'c'])).toEqual([{ code: 'too_many_selected', question: 'picks', params: { max: 2 } }]);
  });
});

describe('e-mail', () => {
  it.each(['a.b+c@example.co.uk', 'max@example.de', '  padded@example.com  '])('accepts %j', (value) => {
    expect(isEmail(value)).toBe(true);
    expect(issuesFor(email, value)).toEqual([]);
  });

  it.each(['foo@bar', 'foo@', '@x.de', 'foo bar@x.de', 'foo@x .de', 'foo@@x.de', 'foo@x.d', 'foo@x..de'])('refuses %j', (value) => {
    expect(isEmail(value)).toBe(false);
    expect(issuesFor(email, value)).toEqual([{ code: 'invalid_email', question: 'email' }]);
  });
});

describe('phone', () => {
  it.each(['+49 30 1234567', '(030) 123-456', '030/1234567', '+1.555.123.4567'])('accepts %j', (value) => {
    expect(isPhone(value)).toBe(true);
  });

  it.each(['12345', '+49 30 1234 5678 9012 34', 'call me', '030-CALL-NOW', '+49 30 123456 ext 7'])('refuses %j', (value) => {
    expect(isPhone(value)).toBe(false);
  });
});

describe('number', () => {
  it('accepts a number inside the range, edges included', () => {
    for (const value of [1, 42, 500]) expect(issuesFor(number, value)).toEqual([]);
  });

  it.each<AnswerValue>(['12', true, ['12']])('refuses %j as not a number', (value) => {
    expect(issuesFor(number, value)).toEqual([{ code: 'not_a_number', question: 'team' }]);
  });

  it('reports a value outside the range with the limit it broke', () => {
    expect(issuesFor(number, 0.5)).toEqual([{ code: 'too_small', question: 'team', params: { min: 1 } }]);
    expect(issuesFor(number, 501)).toEqual([{ code: 'too_big', question: 'team', params: { max: 500 } }]);
  });

  it('has no limits unless the step sets them', () => {
    const unbounded: Step = { id: 'n', type: 'number', title: 'Any number' };
    expect(issuesFor(unbounded, -1e9)).toEqual([]);
  });
});

describe('consent', () => {
  it('must be ticked when required', () => {
    expect(issuesFor(consent, true)).toEqual([]);
    expect(issuesFor(consent, false)).toEqual([{ code: 'consent_required', question: 'privacy' }]);
    expect(issuesFor(consent, undefined)).toEqual([{ code: 'consent_required', question: 'privacy' }]);
    expect(issuesFor(consent, 'yes')).toEqual([{ code: 'consent_required', question: 'privacy' }]);
  });

  it('may stay unticked when not required', () => {
    expect(issuesFor(optional(consent), false)).toEqual([]);
  });
});

describe('short text', () => {
  it('enforces maxLength on the trimmed text', () => {
    const step = { ...shortText, maxLength: 5 };
    expect(issuesFor(step, 'Acme!')).toEqual([]);
    expect(issuesFor(step, '  Acme!  ')).toEqual([]);
    expect(issuesFor(step, 'Acme AG')).toEqual([{ code: 'too_long', question: 'company', params: { max: 5 } }]);
  });
});

describe('contact', () => {
  it('asks one question per field', () => {
    expect(questionsOf(contact)).toEqual(['name', 'work_email', 'phone']);
  });

  it('reports every field with a problem, each under its own id', () => {
    expect(validateStep(contact, { work_email: 'max@', phone: '12' })).toEqual([
      { code: 'required', question: 'name' },
      { code: 'invalid_email', question: 'work_email' },
      { code: 'invalid_phone', question: 'phone' },
    ]);
  });

  it('accepts valid fields and an empty optional one', () => {
    expect(validateStep(contact, { name: 'Max Muster', work_email: ' max@example.de ', phone: '' })).toEqual([]);
    expect(validateStep(contact, { name: 'Max Muster', work_email: 'max@example.de', phone: '+49 30 1234567' })).toEqual([]);
  });

  it('does not read the answer keyed by the step id', () => {
    expect(validateStep(contact, { contact: 'Max, max@example.de' })).toEqual([
      { code: 'required', question: 'name' },
      { code: 'required', question: 'work_email' },
    ]);
  });
});
