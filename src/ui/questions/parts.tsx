import type { ComponentChildren, Ref } from 'preact';
import type { AnswerIssue } from '../../engine/index.ts';
import { fillMessage, type UiMessages } from '../i18n/messages.ts';
import type { CustomError } from './question-props.ts';

/** The step's heading: focusable by script only, so focus can land on it after a step change. */
export function Heading({ headingRef, lang, children }: { headingRef: Ref<HTMLHeadingElement>; lang?: string | undefined; children: ComponentChildren }) {
  return (
    <h2 class="lf-title" tabIndex={-1} ref={headingRef} lang={lang}>
      {children}
    </h2>
  );
}

export function Hint({ id, lang, children }: { id: string; lang?: string | undefined; children: ComponentChildren }) {
  return children ? (
    <p class="lf-hint" id={id} lang={lang}>
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
    <p class="lf-error" id={props.id} lang={props.custom ? props.custom.lang : messages.lang}>
      <span class="lf-sr-only" lang={messages.lang}>{messages.error} </span>
      {fillMessage(props.custom?.text || messages.issues[issue.code], props.locale, issue.params)}
    </p>
  );
}
