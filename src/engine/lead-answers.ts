import type { Answers, AnswerValue } from './answers.ts';
import type { Flow } from './schema/flow.ts';
import type { Step } from './schema/step.ts';
import { questionsOf } from './step-kinds.ts';
import { resolveText } from './text.ts';

/** An answer as a CRM wants it: the stable value, and the label the visitor saw. */
export interface AnswerSummary {
  value: AnswerValue;
  label?: string | string[];
}

export interface LeadAnswers {
  /** Every answer except contact details, keyed by question id. */
  answers: Record<string, AnswerSummary>;
  /** Contact step fields, keyed by field id (`name`, `email`, …). */
  contact: Record<string, string>;
}

function labelOf(step: Step, value: AnswerValue, locale: string, fallbacks: readonly string[]): AnswerSummary['label'] {
  if (!('options' in step)) return undefined;
  const label = (id: string) => resolveText(step.options.find((o) => o.id === id)?.label, locale, fallbacks) || id;
  return Array.isArray(value) ? value.map(label) : label(String(value));
}

/**
 * Splits a lead's answers into contact details and the rest, and labels choices in the
 * visitor's locale, so a receiver needs no copy of the flow to read a lead.
 */
export function summarizeAnswers(flow: Flow, answers: Answers, locale: string): LeadAnswers {
  const fallbacks = flow.locales ?? [];
  const result: LeadAnswers = { answers: {}, contact: {} };
  for (const step of flow.steps) {
    for (const question of questionsOf(step)) {
      const value = answers[question];
      if (value === undefined) continue;
      if (step.type === 'contact') {
        result.contact[question] = String(value).trim();
        continue;
      }
      // The text typed for "other" (`<id>_other`) is its own label.
      const label = question === step.id ? labelOf(step, value, locale, fallbacks) : undefined;
      result.answers[question] = label === undefined ? { value } : { value, label };
    }
  }
  return result;
}
