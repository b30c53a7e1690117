import { Heading, Hint } from './parts.tsx';
import type { QuestionProps } from './question-props.ts';
import { inLanguage } from '../i18n/text-direction.ts';

/**
 * The ending the rules chose (a thank-you and, optionally, one call to action), or a
 * statement between questions: text to read, with Next below it.
 */
export function EndScreen({ model, step, headingRef, idBase }: QuestionProps<'end' | 'statement'>) {
  const { text, lang } = model;
  // Left out where the answers would send it elsewhere (model.url gives '').
  const cta = 'cta' in step ? step.cta : undefined;
  const link = cta && model.url(cta.url);
  return (
    <div class="lf-end">
      <Heading headingRef={headingRef} lang={lang(step.title)}>{text(step.title)}</Heading>
      <Hint id={`${idBase}-hint`} lang={lang(step.description)}>{text(step.description)}</Hint>
      {cta && link && (
        <a class="lf-button" href={link} target="_blank" rel="noopener noreferrer" {...inLanguage(lang(cta.label))}>
          {text(cta.label)}
        </a>
      )}
    </div>
  );
}
