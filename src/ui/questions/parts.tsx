import type { ComponentChildren, Ref } from 'preact';
import type { AnswerIssue } from '../../engine/index.ts';
import { fillMessage, type UiMessages } from '../i18n/messages.ts';
import type { CustomError } from './question-props.ts';
import { inLanguage } from '../i18n/text-direction.ts';

/**
 * The step's heading: focusable by script only, so focus can land on it after a step change.
 * An optional question says so after its title (`optional`: the messages), seen and heard with
 * its name, as contact fields do: otherwise only a refused Next told a required one apart.
 */
export function Heading(props: { headingRef: Ref<HTMLHeadingElement>; lang?: string | undefined; optional?: UiMessages | false; children: ComponentChildren }) {
  const { optional } = props;
  return (
    <h2 class="lf-title" tabIndex={-1} ref={props.headingRef} {...inLanguage(props.lang)}>
      {props.children}
      {optional && <OptionalMark messages={optional} />}
    </h2>
  );
}

/**
 * A text that changes while its element stays, as an element made anew for each text. A page
 * translator (Chrome's) swaps each text node it translates for nodes of its own: a text node
 * updated in place would change out of sight, and the translator would never see it change.
 */
export const fresh = (text: string) => <span key={text}>{text}</span>;

/** "(optional)" after a question's or a field's name, in the language of the built-in strings. */
export const OptionalMark = ({ messages }: { messages: UiMessages }) => <span {...inLanguage(messages.lang)}> {messages.optional}</span>;

export function Hint({ id, lang, children }: { id: string; lang?: string | undefined; children: ComponentChildren }) {
  return children ? (
    <p class="lf-hint" id={id} {...inLanguage(lang)}>
      {children}
    </p>
  ) : null;
}

/**
 * An inline error, placed before its field and referenced by it, so a screen reader reads
 * the error together with the label when focus moves to the field.
 */
export function FieldError(props: { id: string; issue: AnswerIssue | undefined; messages: UiMessages; locale: string; custom?: CustomError | undefined }) {
  const { issue, messages } = props;
  if (!issue) return null;
  return (
    // A flow's own message says its language when it is a fallback; a built-in one may be English.
    <p class="lf-error" id={props.id} {...inLanguage(props.custom ? props.custom.lang : messages.lang)}>
      <span class="lf-sr-only" lang={messages.lang}>{messages.error} </span>
      {fresh(fillMessage(props.custom?.text || messages.issues[issue.code], props.locale, issue.params))}
    </p>
  );
}
