import { FieldError, Heading, Hint } from './parts.tsx';
import { customError, describedBy, issueFor, type QuestionProps } from './question-props.ts';
import { langOf } from '../i18n/messages.ts';
import { inLanguage } from '../i18n/text-direction.ts';

/** A consent checkbox; a required consent blocks going on until it is ticked. */
export function ConsentQuestion({ model, step, messages, headingRef, idBase }: QuestionProps<'consent'>) {
  const issue = issueFor(model, step.id);
  const inputId = `${idBase}-input`;
  const hintId = `${idBase}-hint`;
  const errorId = `${idBase}-error`;
  const { text, lang } = model;
  return (
    <div class="lf-field">
      <Heading headingRef={headingRef} lang={lang(step.title)} optional={step.required === false && messages}>{text(step.title)}</Heading>
      <Hint id={hintId} lang={lang(step.description)}>{text(step.description)}</Hint>
      <FieldError id={errorId} issue={issue} messages={messages} locale={model.locale} custom={customError(model, step, issue)} />
      <label class="lf-option" for={inputId}>
        <input
          id={inputId}
          type="checkbox"
          checked={model.state.value.answers[step.id] === true}
          required={step.required !== false}
          aria-invalid={issue ? 'true' : 'false'}
          aria-describedby={describedBy(step.description && hintId, issue && errorId)}
          onChange={(event) => model.setAnswer(step.id, event.currentTarget.checked || undefined)}
        />
        <span {...inLanguage(lang(step.label))}>{text(step.label)}</span>
      </label>
      {step.privacyUrl && (
        <p class="lf-hint">
          <a href={step.privacyUrl} target="_blank" rel="noopener noreferrer" {...inLanguage(langOf(messages, 'privacy'))}>
            {messages.privacy}
          </a>
        </p>
      )}
    </div>
  );
}
