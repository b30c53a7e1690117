import { FieldError, Heading, Hint } from './parts.tsx';
import { customError, describedBy, issueFor, type QuestionProps } from './question-props.ts';
import { inLanguage } from '../i18n/text-direction.ts';

/**
 * A scale (1–5, 0–10 for NPS) as a row of radios in a fieldset: announced as a group of
 * choices, operated with the arrow keys; the end labels say what the numbers mean.
 */
export function RatingQuestion({ model, step, messages, headingRef, idBase }: QuestionProps<'rating'>) {
  const { text, lang } = model;
  const issue = issueFor(model, step.id);
  const value = model.state.value.answers[step.id];
  const hintId = `${idBase}-hint`;
  const scaleId = `${idBase}-scale`;
  const errorId = `${idBase}-error`;
  const ends = [text(step.minLabel), text(step.maxLabel)];
  // A loop, not Array.from with a map function, which MooTools replaces with one that ignores it.
  const points: number[] = [];
  for (let point = step.min; point <= step.max; point++) points.push(point);
  return (
    <fieldset class="lf-fieldset">
      <legend class="lf-legend">
        <Heading headingRef={headingRef} lang={lang(step.title)} optional={step.required === false && messages}>{text(step.title)}</Heading>
      </legend>
      <Hint id={hintId} lang={lang(step.description)}>{text(step.description)}</Hint>
      {(ends[0] || ends[1]) && (
        <p class="lf-hint lf-scale-ends" id={scaleId}>
          <span {...inLanguage(lang(step.minLabel))}>{ends[0] && `${step.min} = ${ends[0]}`}</span>
          <span {...inLanguage(lang(step.maxLabel))}>{ends[1] && `${step.max} = ${ends[1]}`}</span>
        </p>
      )}
      <FieldError id={errorId} issue={issue} messages={messages} locale={model.locale} custom={customError(model, step, issue)} />
      <div class="lf-scale">
        {points.map((point) => (
          <label class="lf-option lf-scale-point" key={point}>
            <input
              type="radio"
              name={`${idBase}-${step.id}`}
              value={point}
              checked={value === point}
              required={step.required !== false}
              aria-invalid={issue ? 'true' : 'false'}
              aria-describedby={describedBy(step.description && hintId, (ends[0] || ends[1]) && scaleId, issue && errorId)}
              onChange={() => model.setAnswer(step.id, point)}
            />
            <span>{point}</span>
          </label>
        ))}
      </div>
    </fieldset>
  );
}
