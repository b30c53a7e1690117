import type { ComponentType } from 'preact';
import type { StepType } from '../../engine/index.ts';
import { ChoiceQuestion } from './choice-question.tsx';
import { ConsentQuestion } from './consent-question.tsx';
import { ContactStep } from './contact-step.tsx';
import { DropdownQuestion } from './dropdown-question.tsx';
import { EndScreen } from './end-screen.tsx';
import { InputQuestion } from './input-question.tsx';
import type { QuestionProps } from './question-props.ts';
import { RangeQuestion } from './range-question.tsx';
import { RatingQuestion } from './rating-question.tsx';

/** The view of each step kind: a kind added to the schema must be added here to compile. */
export const stepViews: { [T in StepType]: ComponentType<QuestionProps<T>> } = {
  single_choice: ChoiceQuestion,
  multiple_choice: ChoiceQuestion,
  dropdown: DropdownQuestion,
  short_text: InputQuestion,
  long_text: InputQuestion,
  email: InputQuestion,
  phone: InputQuestion,
  website: InputQuestion,
  number: InputQuestion,
  date: InputQuestion,
  rating: RatingQuestion,
  range: RangeQuestion,
  consent: ConsentQuestion,
  contact: ContactStep,
  statement: EndScreen,
  end: EndScreen,
};
