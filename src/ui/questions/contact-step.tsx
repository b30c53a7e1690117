import { resolveText, type ContactFieldKind } from '../../engine/index.ts';
import { FieldError, Heading, Hint } from './parts.tsx';
import { describedBy, inputKind, issueFor, type InputAttributes, type QuestionProps } from './question-props.ts';

/** Per field kind: input type and the autocomplete token that lets browsers fill it in. */
const fieldAttributes: Record<ContactFieldKind, InputAttributes> = {
  name: { type: 'text', autoComplete: 'name' },
  first_name: { type: 'text', autoComplete: 'given-name' },
  last_name: { type: 'text', autoComplete: 'family-name' },
  email: { type: 'email', autoComplete: 'email' },
  company: { type: 'text', autoComplete: 'organization' },
  phone: { type: 'tel', autoComplete: 'tel' },
  job_title: { type: 'text', autoComplete: 'organization-title' },
};

/** Several labelled fields on one step; each field is its own question. */
export function ContactStep({ model, step, messages, headingRef, idBase }: QuestionProps<'contact'>) {
  const text = (t: Parameters<typeof resolveText>[0]) => resolveText(t, model.locale, model.flow.locales);
  const answers = model.state.value.answers;
  return (
    <div class="lf-field-group">
      <Heading headingRef={headingRef}>{text(step.title)}</Heading>
      <Hint id={`${idBase}-hint`}>{text(step.description)}</Hint>
      {step.fields.map((field) => {
        const inputId = `${idBase}-${field.id}`;
        const errorId = `${inputId}-error`;
        const issue = issueFor(model, field.id);
        const value = answers[field.id];
        return (
          <div class="lf-field" key={field.id}>
            <label class="lf-label" for={inputId}>
              {text(field.label) || messages.fields[field.kind]}
              {field.required === false && <span class="lf-optional"> {messages.optional}</span>}
            </label>
            <FieldError id={errorId} issue={issue} messages={messages} locale={model.locale} />
            <input
              id={inputId}
              class="lf-input"
              {...inputKind(fieldAttributes[field.kind])}
              value={value === undefined ? '' : String(value)}
              aria-invalid={issue ? 'true' : undefined}
              aria-describedby={describedBy(issue && errorId)}
              onInput={(event) => model.setAnswer(field.id, event.currentTarget.value || undefined)}
            />
          </div>
        );
      })}
    </div>
  );
}
