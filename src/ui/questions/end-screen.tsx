import { Heading, Hint } from './parts.tsx';
import type { QuestionProps } from './question-props.ts';

/**
 * The ending the rules chose (a thank-you and, optionally, one call to action), or a
 * statement between questions: text to read, with Next below it.
 */
export function EndScreen({ model, step, headingRef, idBase }: QuestionProps<'end' | 'statement'>) {
  const { text } = model;
  return (
    <div class="lf-end">
      <Heading headingRef={headingRef}>{text(step.title)}</Heading>
      <Hint id={`${idBase}-hint`}>{text(step.description)}</Hint>
      {'cta' in step && step.cta && (
        <a class="lf-button" href={step.cta.url} target="_blank" rel="noopener noreferrer">
          {text(step.cta.label)}
        </a>
      )}
    </div>
  );
}
