import { expect, it } from 'vitest';
import { evaluateCondition, setAnswer } from '../../src/engine/index.ts';
import { load } from './fixtures.ts';
import { here, reload, reviewLoop, walk } from './support/walk.ts';

// Was (a review of this stop's own change): the check of a looped path's earlier passes used the
// current answers, so a visitor on their second pass who had emptied a field to retype it was
// put back on the first pass after a reload. Only a step's last showing is checked now.
it('resumes an unedited looped path where it was left while the current step’s answer is being retyped', () => {
  const flow = load(reviewLoop());
  let s = walk(flow, { kind: 'biz' }, { size: '40' }, { review: 'again' }, { kind: 'club' });
  expect(here(flow, s)).toBe('size');
  s = setAnswer(s, 'size', undefined); // emptied, to type the new size
  expect(reload(flow, s)!.history).toEqual(['kind', 'size', 'review', 'kind', 'size']);
});

// Was (a review of this stop's own change): a consent true matched `is: "true"`, but a hidden
// field "true" did not match `is: true`. Both ways now.
it('matches a hidden field "true" with `is: true`, as a consent true matches `is: "true"`', () => {
  const context = (hidden: Record<string, string>, answers = {}) => ({ answers, hidden, score: () => ({}) });
  expect(evaluateCondition({ answer: 'consent', is: 'true' }, context({}, { consent: true }))).toBe(true);
  expect(evaluateCondition({ hidden: 'newsletter', is: true }, context({ newsletter: 'true' }))).toBe(true);
});
