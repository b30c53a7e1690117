import type { Answers, AnswerValue } from './answers.ts';
import type { Flow } from './schema/flow.ts';

/** Long enough for any real value; a bound so a crafted link cannot fill a field with megabytes. */
const MAX_PREFILL = 200;

/**
 * Starting answers from URL parameters, for the questions and contact fields that name one in
 * `prefill`. A choice takes only one of its option ids, a number only a number; the visitor
 * still sees every value and confirms it with Next.
 */
export function prefillAnswers(flow: Flow, params: URLSearchParams): Answers {
  const answers: Record<string, AnswerValue> = {};
  const take = (question: string, name: string | undefined, convert: (raw: string) => AnswerValue | undefined) => {
    const raw = name === undefined ? null : params.get(name);
    // By code point, so an emoji at the cut is dropped whole rather than split in half.
    const value = raw === null ? undefined : convert([...raw].slice(0, MAX_PREFILL).join(''));
    if (value !== undefined) answers[question] = value;
  };
  for (const step of flow.steps) {
    if (step.type === 'contact') for (const field of step.fields) take(field.id, field.prefill, (raw) => raw);
    else if (step.type === 'single_choice') take(step.id, step.prefill, (raw) => (step.options.some((o) => o.id === raw) ? raw : undefined));
    else if (step.type === 'multiple_choice')
      take(step.id, step.prefill, (raw) => {
        const chosen = raw.split(',').filter((id) => step.options.some((o) => o.id === id));
        return chosen.length ? chosen : undefined;
      });
    else if (step.type === 'number' || step.type === 'range') take(step.id, step.prefill, (raw) => (/^-?\d+(\.\d+)?$/.test(raw) ? Number(raw) : undefined));
    else if (step.type === 'dropdown') take(step.id, step.prefill, (raw) => (step.options.some((o) => o.id === raw) ? raw : undefined));
    else if (step.type === 'rating') take(step.id, step.prefill, (raw) => (/^\d+$/.test(raw) ? Number(raw) : undefined));
    // Never consent: a visitor gives it themselves, a link cannot.
    else if ('prefill' in step && step.type !== 'consent') take(step.id, step.prefill, (raw) => raw);
  }
  return answers;
}
