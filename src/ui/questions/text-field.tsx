import type { ComponentChildren } from 'preact';
import type { AnswerIssue } from '../../engine/index.ts';
import { FieldError } from './parts.tsx';
import { describedBy, type InputAttributes } from './question-props.ts';
import type { UiMessages } from '../i18n/messages.ts';

export interface TextFieldProps {
  id: string;
  /** The label; for a one-question step it is the step heading that wraps it. */
  label: (labelElement: ComponentChildren) => ComponentChildren;
  labelText: ComponentChildren;
  hintId?: string | false | undefined;
  /** Exposed to assistive technology; the form has `noValidate`, so browsers show no bubbles. */
  required: boolean;
  issue: AnswerIssue | undefined;
  messages: UiMessages;
  locale: string;
  attributes: InputAttributes;
  value: string;
  placeholder?: string | undefined;
  maxLength?: number | undefined;
  onInput: (value: string) => void;
  children?: ComponentChildren;
}

/**
 * A labelled one-line input with its error before it: the shape every text, e-mail, number
 * and contact field shares, so each is announced the same way (label, then error, then hint).
 */
export function TextField(props: TextFieldProps) {
  const errorId = `${props.id}-error`;
  return (
    <div class="lf-field">
      {props.label(<label class="lf-label" for={props.id}>{props.labelText}</label>)}
      <FieldError id={errorId} issue={props.issue} messages={props.messages} locale={props.locale} />
      <div class="lf-input-row">
        <input
          id={props.id}
          class="lf-input"
          {...(props.attributes as InputAttributes & { type: 'text' })}
          value={props.value}
          placeholder={props.placeholder || undefined}
          maxLength={props.maxLength}
          required={props.required}
          aria-invalid={props.issue ? 'true' : undefined}
          aria-describedby={describedBy(props.hintId, props.issue && errorId)}
          onInput={(event) => props.onInput(event.currentTarget.value)}
        />
        {props.children}
      </div>
    </div>
  );
}
