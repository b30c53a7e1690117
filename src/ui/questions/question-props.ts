import type { Ref } from 'preact';
import type { AnswerIssue, LocalizedText, StepOf, StepType } from '../../engine/index.ts';
import { ownTextWins } from '../i18n/flow-messages.ts';
import { langOf, type UiMessages } from '../i18n/messages.ts';
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
  inputMode?: 'email' | 'decimal' | 'tel' | 'text';
  autoComplete?: string;
  autoCapitalize?: 'words';
  autoCorrect?: 'off';
  spellcheck?: boolean;
}


/**
 * The flow's own message for an issue on this question (`errors` in the flow), unless it lacks
 * the visitor's language and a built-in message has it (see ownTextWins). Over the flow-wide
 * `messages.issues`, which `model.messages` holds.
 */
export const customError = (model: FlowModel, step: { errors?: Record<string, LocalizedText> | undefined }, issue: AnswerIssue | undefined): CustomError | undefined => {
  const own = issue && step.errors?.[issue.code];
  return ownTextWins(own, model.locale) ? { text: model.text(own), lang: model.lang(own) } : undefined;
};

/**
 * The message for an empty required field that is no question of its own (a contact field, the
 * "other" text): "answer this question" would point at the step's question, answered or not.
 */
export const fillInIssue = (issue: AnswerIssue | undefined, messages: UiMessages): CustomError | undefined =>
  issue?.code === 'required' ? { text: messages.fillIn, lang: langOf(messages, 'fillIn') } : undefined;

/** A flow's own message, with its language when that is not the visitor's (a fallback). */
export interface CustomError {
  text: string;
  lang: string | undefined;
}
