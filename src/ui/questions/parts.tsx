import type { ComponentChildren, Ref } from 'preact';
import type { AnswerIssue } from '../../engine/index.ts';
import { fillMessage, type UiMessages } from '../i18n/messages.ts';

/** The step's heading: focusable by script only, so focus can land on it after a step change. */
export function Heading({ headingRef, children }: { headingRef: Ref<HTMLHeadingElement>; children: ComponentChildren }) {
  return (
    <h2 class="lf-title" tabIndex={-1} ref={headingRef}>
      {children}
    </h2>
  );
}

export function Hint({ id, children }: { id: string; children: ComponentChildren }) {
  return children ? (
    <p class="lf-hint" id={id}>
      {children}
    </p>
  ) : null;
}

/**
 * An inline error, placed before its field and referenced by it, so a screen reader reads
 * the error together with the label when focus moves to the field.
 */
export function FieldError(props: { id: string; issue: AnswerIssue | undefined; messages: UiMessages; locale: string; custom?: string | undefined }) {
  const { issue, messages } = props;
  if (!issue) return null;
  return (
    <p class="lf-error" id={props.id}>
      <span class="lf-sr-only">{messages.error} </span>
      {fillMessage(props.custom || messages.issues[issue.code], props.locale, issue.params)}
    </p>
  );
}
