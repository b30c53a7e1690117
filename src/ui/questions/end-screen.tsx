import { Heading, Hint } from './parts.tsx';
import type { QuestionProps } from './question-props.ts';
import { inLanguage } from '../i18n/text-direction.ts';

/**
 * The ending the rules chose (a thank-you and, optionally, one call to action), or a
 * statement between questions: text to read, with Next below it.
 */
export function EndScreen({ model, step, headingRef, idBase }: QuestionProps<'end' | 'statement'>) {
  const { text, lang } = model;
  return (
    <div class="lf-end">
      <Heading headingRef={headingRef} lang={lang(step.title)}>{text(step.title)}</Heading>
      <Hint id={`${idBase}-hint`} lang={lang(step.description)}>{text(step.description)}</Hint>
      {'cta' in step && step.cta && model.url(step.cta.url) && (
        <a class="lf-button" href={model.url(step.cta.url)} target="_blank" rel="noopener noreferrer" {...inLanguage(lang(step.cta.label))}>
          {text(step.cta.label)}
        </a>
      )}
    </div>
  );
}
