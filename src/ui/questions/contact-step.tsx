import { useEffect, useState } from 'preact/hooks';
import type { ContactFieldKind } from '../../engine/index.ts';
import { Heading, Hint, OptionalMark } from './parts.tsx';
import { fillInIssue, issueFor, URL_FIELD, type InputAttributes, type QuestionProps } from './question-props.ts';
import { TextField } from './text-field.tsx';
import { typedAnswer } from './typed-text.ts';
import { langOf } from '../i18n/messages.ts';
import { inLanguage } from '../i18n/text-direction.ts';

/**
 * Names as people write them: each word capitalised by a phone's keyboard (not only the first),
 * no spelling marks under "Mustermann", and no "Acne" for "Acme": Safari's autocorrect is off
 * only with `autocorrect="off"`. (Camel-cased, so Preact writes the attribute: its property is
 * a boolean, which "off" would turn on.)
 */
const NAMED = { autoCapitalize: 'words', autoCorrect: 'off', spellcheck: false } as const;

/** Per field kind: input type and the autocomplete token that lets browsers fill it in. */
const fieldAttributes: Record<ContactFieldKind, InputAttributes> = {
  name: { type: 'text', autoComplete: 'name', ...NAMED },
  first_name: { type: 'text', autoComplete: 'given-name', ...NAMED },
  last_name: { type: 'text', autoComplete: 'family-name', ...NAMED },
  email: { type: 'email', autoComplete: 'email' },
  company: { type: 'text', autoComplete: 'organization', ...NAMED },
  phone: { type: 'tel', autoComplete: 'tel' },
  job_title: { type: 'text', autoComplete: 'organization-title' },
  website: URL_FIELD,
};

const asIs = (label: preact.ComponentChildren) => label;

/** Several labelled fields on one step; each field is its own question. */
export function ContactStep({ model, step, messages, headingRef, idBase }: QuestionProps<'contact'>) {
  const { text, lang } = model;
  const answers = model.state.value.answers;
  // What the visitor typed, as typed: the answer may be cleaned (a phone's digits), and writing
  // that back into the field would move the caret and break an IME's composition.
  const [typed, setTyped] = useState<Record<string, string>>({});
  const hintId = step.description && `${idBase}-hint`;
  // An address or number the visitor gave on an earlier step is not asked for twice (WCAG
  // 3.3.7): an empty field starts with it, to check or change.
  useEffect(() => {
    const { answers: given, history } = model.state.peek();
    for (const field of step.fields) {
      // The latest such step: not findLast (Chrome 97, Firefox 104); the mapped array is ours to reverse.
      const earlier = history
        .map((id) => model.flow.steps.find((s) => s.id === id))
        .reverse()
        .find((s) => s?.type === field.kind && typeof given[s.id] === 'string');
      if (earlier && given[field.id] === undefined) model.setAnswer(field.id, given[earlier.id]);
    }
  }, []);
  return (
    <div class="lf-field-group">
      <Heading headingRef={headingRef} lang={lang(step.title)}>{text(step.title)}</Heading>
      <Hint id={`${idBase}-hint`} lang={lang(step.description)}>{text(step.description)}</Hint>
      {step.fields.map((field) => (
        <TextField
          key={field.id}
          id={`${idBase}-${field.id}`}
          label={asIs}
          labelText={
            <>
              <span {...inLanguage(field.label ? lang(field.label) : langOf(messages, `fields.${field.kind}`))}>{text(field.label) || messages.fields[field.kind]}</span>
              {field.required === false && <OptionalMark messages={messages} />}
            </>
          }
          issue={issueFor(model, field.id)}
          custom={fillInIssue(issueFor(model, field.id), messages)}
          messages={messages}
          locale={model.locale}
          hintId={hintId}
          required={field.required !== false}
          attributes={fieldAttributes[field.kind]}
          value={typed[field.id] ?? String(answers[field.id] ?? '')}
          onInput={(value) => {
            setTyped((all) => ({ ...all, [field.id]: value }));
            model.setAnswer(field.id, typedAnswer(field.kind, value) || undefined);
          }}
        />
      ))}
    </div>
  );
}
