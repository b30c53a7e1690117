import type { Ref } from 'preact';
import type { AnswerIssue, StepOf, StepType } from '../../engine/index.ts';
import type { UiMessages } from '../i18n/messages.ts';
import type { FlowModel } from '../model/flow-model.ts';

/** What every step view gets: the model to read and act on, and a place to put focus. */
export interface QuestionProps<T extends StepType = StepType> {
  model: FlowModel;
  step: StepOf<T>;
  messages: UiMessages;
  /** The step heading; the widget focuses it after each step change. */
  headingRef: Ref<HTMLHeadingElement>;
  /** A prefix for element ids; unique within the widget's shadow root. */
  idBase: string;
}

export const issueFor = (model: FlowModel, question: string): AnswerIssue | undefined =>
  model.issues.value.find((issue) => issue.question === question);

/** Space-separated ids for aria-describedby, or undefined when there are none. */
export const describedBy = (...ids: Array<string | false | undefined>): string | undefined =>
  ids.filter(Boolean).join(' ') || undefined;

/** Attributes that pick an input's kind, for the lookup tables of kinds. */
export interface InputAttributes {
  type: 'text' | 'email' | 'tel' | 'date';
  inputMode?: 'email' | 'decimal' | 'tel';
  autoComplete?: string;
}


/**
 * The flow's own message for an issue on this question, if it has one in the visitor's language
 * (`errors` in the flow): otherwise the built-in message in that language beats another's.
 */
export const customError = (model: FlowModel, step: { errors?: Record<string, unknown> | undefined }, issue: AnswerIssue | undefined) => {
  const own = issue && step.errors?.[issue.code];
  const speaks = (tag: string) => typeof own === 'object' && Object.hasOwn(own!, tag);
  return typeof own === 'string' || speaks(model.locale) || speaks(model.locale.split('-')[0]!) ? model.text(own as never) : undefined;
};
