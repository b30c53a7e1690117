import { useEffect, useRef } from 'preact/hooks';
import type { AnswerValue } from '../../engine/index.ts';
import { FieldError, Heading, Hint, InLanguage } from './parts.tsx';
import { customError, describedBy, fillInIssue, issueFor, type QuestionProps } from './question-props.ts';
import { TextField } from './text-field.tsx';
import { langOf } from '../i18n/messages.ts';
import { inLanguage } from '../i18n/text-direction.ts';

/** Long enough to see the choice register, short enough not to feel slow. */
const AUTO_ADVANCE_MS = 350;

/**
 * Single and multiple choice as native radios and checkboxes in a fieldset, so assistive
 * technology announces the group, and arrow keys and Space work as everywhere else.
 */
export function ChoiceQuestion({ model, step, messages, headingRef, idBase }: QuestionProps<'single_choice' | 'multiple_choice'>) {
  const multiple = step.type === 'multiple_choice';
  const value = model.state.value.answers[step.id];
  const chosen = Array.isArray(value) ? value : value === undefined ? [] : [String(value)];
  const issue = issueFor(model, step.id);
  const hintId = `${idBase}-hint`;
  const errorId = `${idBase}-error`;
  // Said before the visitor chooses (WCAG 3.2.2): a choice here carries them to the next step.
  const advanceId = !multiple && model.flow.autoAdvance ? `${idBase}-advance` : undefined;
  const { text, lang } = model;
  const otherId = `${step.id}_other`;
  const otherChosen = !multiple ? step.options.find((option) => option.other && chosen.includes(option.id)) : undefined;
  // Text typed for "other", set aside while another option is chosen.
  const setAside = useRef<AnswerValue | undefined>(undefined);
  // A pending auto-advance belongs to this showing of the step: leaving it (Next, then Back to
  // a new showing) cancels it, so it cannot carry the visitor on after they came back.
  const advance = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  useEffect(() => () => clearTimeout(advance.current), []);

  const choose = (option: string, checked: boolean) => {
    if (!multiple) {
      // Another option withdraws the text from the answers, but arrow keys choose every option
      // on their way: the text comes back when "other" does, as long as the step is shown.
      const answers = model.state.value.answers;
      if (!step.options.find((o) => o.id === option)?.other) {
        // Leaving "other": what it holds now, an emptied field too, is what comes back.
        if (otherChosen) setAside.current = answers[otherId];
        model.setAnswer(otherId, undefined);
      } else if (answers[otherId] === undefined) model.setAnswer(otherId, setAside.current);
      return model.setAnswer(step.id, option);
    }
    const next = checked ? [...chosen, option] : chosen.filter((c) => c !== option);
    // Keep the flow's option order, whatever order the visitor clicked in; none ticked is no answer.
    const ordered = step.options.map((o) => o.id).filter((id) => next.includes(id));
    model.setAnswer(step.id, ordered.length ? ordered : undefined);
  };

  return (
    <fieldset
      class="lf-fieldset"
      // Letter shortcuts: A picks the first option, B the second, … (as the letters shown). On
      // the whole question, so they work from its heading, where focus lands on a new step; not
      // in the "other" text field, where a letter is text.
      onKeyDown={(event) => {
        if ((event.target as HTMLInputElement).type === 'text') return;
        // Only the letters A–Z shown: "[" or "ä" is no shortcut, nor past Z. On a keyboard of
        // another script (Arabic, Hebrew, Russian) a letter key's letter is none of them: the
        // key it is on is (KeyA); "ä" sits on no such key.
        const letter = /^[a-z]$/i.test(event.key) ? event.key : /^\p{L}$/u.test(event.key) && /^Key(.)$/.exec(event.code)?.[1];
        const index = letter && !event.ctrlKey && !event.metaKey && !event.altKey ? letter.toUpperCase().charCodeAt(0) - 65 : -1;
        const option = step.options[index];
        if (!option) return;
        event.preventDefault();
        // A letter is a correction too: no click's advance carries the visitor on meanwhile.
        clearTimeout(advance.current);
        choose(option.id, !chosen.includes(option.id));
        // The options' inputs come first (the "other" field follows them).
        (event.currentTarget.querySelectorAll('input')[index] as HTMLInputElement).focus();
      }}
    >
      <legend class="lf-legend">
        <Heading headingRef={headingRef} lang={lang(step.title)} optional={step.required === false && messages}>{text(step.title)}</Heading>
      </legend>
      <Hint id={hintId} lang={lang(step.description)}>{text(step.description)}</Hint>
      {advanceId && (
        <Hint id={advanceId} lang={langOf(messages, 'autoAdvance')}>
          {messages.autoAdvance}
        </Hint>
      )}
      <FieldError id={errorId} issue={issue} messages={messages} locale={model.locale} custom={customError(model, step, issue)} />
      <div class="lf-options">
        {step.options.map((option) => (
          <label class="lf-option" key={option.id}>
            <input
              type={multiple ? 'checkbox' : 'radio'}
              name={`${idBase}-${step.id}`}
              value={option.id}
              checked={chosen.includes(option.id)}
              // A radio group is required as a whole; checkboxes say it through their error.
              required={!multiple && step.required !== false}
              aria-invalid={issue ? 'true' : 'false'}
              // On each input, not only the fieldset: focus lands on an input, and that is what gets read.
              aria-describedby={describedBy(step.description && hintId, advanceId, issue && errorId)}
              onChange={(event) => choose(option.id, event.currentTarget.checked)}
              // A click (not arrow keys, whose clicks have detail 0) may move on by itself.
              // Only a single click, never on "other" (its text comes first), never into sending
              // the lead (Next says Submit then: the visitor sends it), and only if the visitor is
              // still on this showing of the step when the moment has passed. Any other click but
              // a double click's second (on "other", arrow keys to another option) cancels one
              // pending: the visitor is still choosing, or typing the other text.
              onClick={(event) => {
                if (event.detail < 2 || option.other) clearTimeout(advance.current);
                if (!multiple && model.flow.autoAdvance && event.detail === 1 && !option.other)
                  advance.current = setTimeout(() => model.progress.peek().remaining > 1 && model.next(), AUTO_ADVANCE_MS);
              }}
            />
            {/* No referrer, like every other request of the widget: the page's address may hold a prefilled e-mail. */}
            {option.image && <img class="lf-option-image" src={option.image} alt="" referrerpolicy="no-referrer" />}
            <span class="lf-keyed">
              <InLanguage lang={lang(option.label)}>
                {option.icon && <span aria-hidden="true">{option.icon} </span>}
                {text(option.label)}
              </InLanguage>
            </span>
          </label>
        ))}
      </div>
      {otherChosen && (
        <TextField
          id={`${idBase}-other`}
          label={(label) => label}
          labelText={<span {...inLanguage(lang(otherChosen.label))}>{text(otherChosen.label)}</span>}
          required
          issue={issueFor(model, otherId)}
          custom={fillInIssue(issueFor(model, otherId), messages)}
          messages={messages}
          locale={model.locale}
          attributes={{ type: 'text' }}
          value={String(model.state.value.answers[otherId] ?? '')}
          onInput={(typed) => model.setAnswer(otherId, typed || undefined)}
        />
      )}
    </fieldset>
  );
}
