import type { ComponentChildren, Ref, VNode } from 'preact';
import type { AnswerIssue } from '../../engine/index.ts';
import { fillMessage, langOf, type UiMessages } from '../i18n/messages.ts';
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
    <h2 class="lf-title" tabIndex={-1} ref={props.headingRef}>
      <InLanguage lang={props.lang}>{props.children}</InLanguage>
      {optional && <OptionalMark messages={optional} />}
    </h2>
  );
}

/**
 * A text in another language than the form's, in its own direction inside its element (English
 * in an Arabic form, its full stop at its end). The element keeps the form's direction: a
 * dialog's heading its room beside the close button, an option its letter beside the radio.
 */
export const InLanguage = ({ lang, children }: { lang: string | undefined; children: ComponentChildren }) =>
  (lang ? <span {...inLanguage(lang)}>{children}</span> : children) as VNode;

/**
 * A text that changes while its element stays, as an element made anew for each text. A page
 * translator (Chrome's) swaps each text node it translates for nodes of its own: a text node
 * updated in place would change out of sight, and the translator would never see it change.
 * `lang` goes on that new element too: Preact sets `lang` as a property, so an element that
 * kept it would go from `lang="en"` to `lang=""` ("unknown"), not to the visitor's language.
 * `again` makes it new with the same text (a live region says it once more).
 */
export const fresh = (text: string, lang?: string, again = '') => (
  <span key={`${again}${lang}:${text}`} lang={lang}>
    {text}
  </span>
);

/** "(optional)" after a question's or a field's name, in the language of the built-in strings. */
export const OptionalMark = ({ messages }: { messages: UiMessages }) => (
  // The space outside: inside a left-to-right "(optional)" it would sit at the far end of a right-to-left line.
  <>
    {' '}
    <span {...inLanguage(langOf(messages, 'optional'))}>{messages.optional}</span>
  </>
);

export function Hint({ id, lang, children }: { id: string; lang?: string | undefined; children: ComponentChildren }) {
  return children ? (
    <p class="lf-hint" id={id}>
      <InLanguage lang={lang}>{children}</InLanguage>
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
    <p class="lf-error" id={props.id}>
      <span class="lf-sr-only" lang={langOf(messages, 'error')}>{messages.error} </span>
      <InLanguage lang={props.custom ? props.custom.lang : langOf(messages, `issues.${issue.code}`)}>{fresh(fillMessage(props.custom?.text || messages.issues[issue.code], props.locale, issue.params))}</InLanguage>
    </p>
  );
}
