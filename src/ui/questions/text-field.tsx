import type { ComponentChildren } from 'preact';
import { TEXT_LIMITS, type AnswerIssue } from '../../engine/index.ts';
import { FieldError } from './parts.tsx';
import { describedBy, type CustomError, type InputAttributes } from './question-props.ts';
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
  /** The flow's own message for the issue, instead of the built-in one. */
  custom?: CustomError | undefined;
  messages: UiMessages;
  locale: string;
  attributes: InputAttributes;
  value: string;
  placeholder?: string | undefined;
  maxLength?: number | undefined;
  /** A `<textarea>` for long answers instead of a one-line input. */
  multiline?: boolean;
  /** Bounds for a date input (`YYYY-MM-DD`). */
  min?: string | undefined;
  max?: string | undefined;
  onInput: (value: string) => void;
  children?: ComponentChildren;
}

/**
 * A labelled one-line input with its error before it: the shape every text, e-mail, number
 * and contact field shares, so each is announced the same way (label, then error, then hint).
 */
export function TextField(props: TextFieldProps) {
  const errorId = `${props.id}-error`;
  const Control = (props.multiline ? 'textarea' : 'input') as 'input';
  return (
    <div class="lf-field">
      {props.label(<label class="lf-label" for={props.id}>{props.labelText}</label>)}
      <FieldError id={errorId} issue={props.issue} messages={props.messages} locale={props.locale} custom={props.custom} />
      <div class="lf-input-row">
        <Control
          id={props.id}
          class="lf-input"
          {...(props.multiline ? { rows: 5 } : (props.attributes as InputAttributes & { type: 'text' }))}
          value={props.value}
          placeholder={props.placeholder || undefined}
          // No more than a text answer holds (an e-mail, phone or website too): a long paste is
          // cut where it is made, not refused as `too_long` later.
          maxLength={props.maxLength ?? TEXT_LIMITS.short_text}
          min={props.min}
          max={props.max}
          required={props.required}
          // "false", not left out: Chromium reads an untouched required control as invalid.
          aria-invalid={props.issue ? 'true' : 'false'}
          aria-describedby={describedBy(props.hintId, props.issue && errorId)}
          onInput={(event: Event) => props.onInput((event.currentTarget as HTMLInputElement).value)}
        />
        {props.children}
      </div>
    </div>
  );
}
