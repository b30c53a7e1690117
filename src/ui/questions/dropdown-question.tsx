import { FieldError, Heading, Hint } from './parts.tsx';
import { customError, describedBy, issueFor, type QuestionProps } from './question-props.ts';
import { langOf } from '../i18n/messages.ts';
import { inLanguage } from '../i18n/text-direction.ts';

/** A native `<select>` for long option lists: every platform's own picker, keyboard search included. */
export function DropdownQuestion({ model, step, messages, headingRef, idBase }: QuestionProps<'dropdown'>) {
  const { text, lang } = model;
  const issue = issueFor(model, step.id);
  const id = `${idBase}-select`;
  const hintId = step.description && `${idBase}-hint`;
  const errorId = `${idBase}-error`;
  const value = model.state.value.answers[step.id];
  return (
    <div class="lf-field">
      <label class="lf-label" for={id}>
        <Heading headingRef={headingRef} lang={lang(step.title)} optional={step.required === false && messages}>{text(step.title)}</Heading>
      </label>
      {hintId && <Hint id={hintId} lang={lang(step.description)}>{text(step.description)}</Hint>}
      <FieldError id={errorId} issue={issue} messages={messages} locale={model.locale} custom={customError(model, step, issue)} />
      <select
        id={id}
        class="lf-input"
        value={typeof value === 'string' ? value : ''}
        required={step.required !== false}
        aria-invalid={issue ? 'true' : 'false'}
        aria-describedby={describedBy(hintId, issue && errorId)}
        onChange={(event) => model.setAnswer(step.id, event.currentTarget.value || undefined)}
      >
        <option value="" {...inLanguage(step.placeholder ? lang(step.placeholder) : langOf(messages, 'choose'))}>{text(step.placeholder) || messages.choose}</option>
        {step.options.map((option) => (
          <option key={option.id} value={option.id} {...inLanguage(lang(option.label))}>
            {text(option.label)}
          </option>
        ))}
      </select>
    </div>
  );
}
