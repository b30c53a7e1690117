import { useEffect, useState } from 'preact/hooks';
import { TEXT_LIMITS } from '../../engine/index.ts';
import { formatNumberInput, parseNumberInput, warmNumberInput } from './number-input.ts';
import { typedAnswer } from './typed-text.ts';
import { Heading, Hint, OptionalMark } from './parts.tsx';
import { customError, describedBy, issueFor, URL_FIELD, type InputAttributes, type QuestionProps } from './question-props.ts';
import { TextField } from './text-field.tsx';
import { inLanguage } from '../i18n/text-direction.ts';

type InputStep = 'short_text' | 'long_text' | 'email' | 'phone' | 'website' | 'number' | 'date';

const TEXT: InputAttributes = { type: 'text' };
/** A number that may be negative: the text keyboard (iOS's decimal keypad has no minus), left to right as every number. */
const SIGNED: InputAttributes = { type: 'text', inputMode: 'text' };

/** Per kind: the input's type and hints for mobile keyboards and autofill. */
const inputAttributes: Record<InputStep, InputAttributes> = {
  short_text: TEXT,
  long_text: TEXT,
  email: { type: 'email', inputMode: 'email', autoComplete: 'email' },
  phone: { type: 'tel', inputMode: 'tel', autoComplete: 'tel' },
  website: URL_FIELD,
  date: { type: 'date' },
  // Text, not type=number: browsers silently drop "1,5" from number inputs, so we parse it.
  number: { type: 'text', inputMode: 'decimal' },
};

/** A one-line answer; the heading wraps the label, so the question is both heading and label. */
export function InputQuestion({ model, step, messages, headingRef, idBase }: QuestionProps<InputStep>) {
  const stored = model.state.value.answers[step.id];
  // The visitor's own text is kept while typing ("1," on the way to "1,5"); a number coming
  // back after Back is written the visitor's way, so "2,125" is not re-read as 2125.
  const [raw, setRaw] = useState(() => (typeof stored === 'number' ? formatNumberInput(stored, model.locale) : String(stored ?? '')));
  useEffect(() => void (step.type === 'number' && warmNumberInput(model.locale)), [step.type, model.locale]);
  const { text, lang } = model;
  const issue = issueFor(model, step.id);
  const hintId = step.description && `${idBase}-hint`;
  const unit = step.type === 'number' && text(step.unit);
  const unitId = `${idBase}-unit`;
  return (
    <TextField
      id={`${idBase}-input`}
      label={(label) => (
        <>
          <Heading headingRef={headingRef} lang={lang(step.title)}>{label}</Heading>
          {hintId && <Hint id={hintId} lang={lang(step.description)}>{text(step.description)}</Hint>}
        </>
      )}
      // "(optional)" inside the label, so the field's name says it too.
      labelText={
        <>
          {text(step.title)}
          {step.required === false && <OptionalMark messages={messages} />}
        </>
      }
      // The unit is read with the field ("Euro"), not only seen beside it.
      hintId={describedBy(hintId, unit && unitId)}
      required={step.required !== false}
      issue={issue}
      custom={customError(model, step, issue)}
      messages={messages}
      locale={model.locale}
      // iOS's decimal keypad has no minus: a question that takes negative answers gets the keyboard.
      attributes={step.type === 'number' && Math.min(step.min ?? 0, step.max ?? 0) < 0 ? SIGNED : inputAttributes[step.type]}
      multiline={step.type === 'long_text'}
      value={raw}
      placeholder={'placeholder' in step ? text(step.placeholder) : undefined}
      // No more than the answer may hold, whatever the flow says: nothing typed is refused later.
      maxLength={step.type === 'short_text' || step.type === 'long_text' ? Math.min(step.maxLength ?? Infinity, TEXT_LIMITS[step.type]) : undefined}
      min={step.type === 'date' ? step.min : undefined}
      max={step.type === 'date' ? step.max : undefined}
      onInput={(value) => {
        setRaw(value);
        model.setAnswer(step.id, step.type === 'number' ? parseNumberInput(value, model.locale) : typedAnswer(step.type, value) || undefined);
      }}
    >
      {unit && <span id={unitId} {...inLanguage(lang(step.unit))}>{unit}</span>}
    </TextField>
  );
}
