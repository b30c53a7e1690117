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
  type: 'text' | 'email' | 'tel' | 'url' | 'date';
  inputMode?: 'email' | 'decimal' | 'tel' | 'text' | 'url';
  autoComplete?: string;
  autoCapitalize?: 'words' | 'none';
  autoCorrect?: 'off';
  spellcheck?: boolean;
}

/** A web address: the keyboard with `.` and `/`, nothing capitalised or corrected. */
export const URL_FIELD: InputAttributes = { type: 'url', inputMode: 'url', autoComplete: 'url', autoCapitalize: 'none', autoCorrect: 'off', spellcheck: false };

/**
 * The flow's own message for an issue on this question (`errors` in the flow), over the
 * flow-wide `messages.issues` (which `model.messages` holds) — unless it lacks the visitor's
 * language and a built-in message (see ownTextWins) or the flow-wide one has it, or shows
 * nothing (white space only).
 */
export const customError = (model: FlowModel, step: { errors?: Record<string, LocalizedText> | undefined }, issue: AnswerIssue | undefined): CustomError | undefined => {
  const own = issue && step.errors?.[issue.code];
  const shown = own ? model.text(own) : '';
  const lang = model.lang(own);
  const { langs } = model.messages;
  const flowWide = `issues.${issue?.code}`;
  // The flow-wide message in the visitor's own language beats a step's in another one.
  const theirs = !!langs && Object.hasOwn(langs, flowWide) && !langs[flowWide];
  return shown.trim() && ownTextWins(own, model.locale) && !(lang && theirs) ? { text: shown, lang } : undefined;
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
