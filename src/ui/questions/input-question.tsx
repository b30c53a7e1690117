import { useState } from 'preact/hooks';
import { resolveText, type LocalizedText } from '../../engine/index.ts';
import { parseNumberInput } from './number-input.ts';
import { FieldError, Heading, Hint } from './parts.tsx';
import { describedBy, inputKind, issueFor, type InputAttributes, type QuestionProps } from './question-props.ts';

type InputStep = 'short_text' | 'email' | 'number';

/** Per kind: the input's type and hints for mobile keyboards and autofill. */
const inputAttributes: Record<InputStep, InputAttributes> = {
  short_text: { type: 'text' },
  email: { type: 'email', inputMode: 'email', autoComplete: 'email' },
  // Text, not type=number: browsers silently drop "1,5" from number inputs, so we parse it.
  number: { type: 'text', inputMode: 'decimal' },
};

/** A one-line answer; the heading wraps the label, so the question is both heading and label. */
export function InputQuestion({ model, step, messages, headingRef, idBase }: QuestionProps<InputStep>) {
  const stored = model.state.value.answers[step.id];
  // The visitor's own text is kept while typing ("1," on the way to "1,5").
  const [raw, setRaw] = useState(stored === undefined ? '' : String(stored));
  const issue = issueFor(model, step.id);
  const inputId = `${idBase}-input`;
  const hintId = `${idBase}-hint`;
  const errorId = `${idBase}-error`;
  const text = (t: LocalizedText | undefined) => resolveText(t, model.locale, model.flow.locales);
  const placeholder = 'placeholder' in step ? text(step.placeholder) : undefined;
  const unit = step.type === 'number' ? text(step.unit) : '';

  const onInput = (value: string) => {
    setRaw(value);
    model.setAnswer(step.id, step.type === 'number' ? parseNumberInput(value) : value || undefined);
  };

  return (
    <div class="lf-field">
      <Heading headingRef={headingRef}>
        <label for={inputId}>{text(step.title)}</label>
      </Heading>
      <Hint id={hintId}>{text(step.description)}</Hint>
      <FieldError id={errorId} issue={issue} messages={messages} locale={model.locale} />
      <div class="lf-input-row">
        <input
          id={inputId}
          class="lf-input"
          {...inputKind(inputAttributes[step.type])}
          value={raw}
          placeholder={placeholder || undefined}
          maxLength={step.type === 'short_text' ? step.maxLength : undefined}
          aria-invalid={issue ? 'true' : undefined}
          aria-describedby={describedBy(step.description && hintId, issue && errorId)}
          onInput={(event) => onInput(event.currentTarget.value)}
        />
        {unit && <span class="lf-unit">{unit}</span>}
      </div>
    </div>
  );
}
