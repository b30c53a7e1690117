import { describe, expect, it } from 'vitest';
import { isComplete, previousStep, progress, setAnswer, startFlow, type Flow, type FlowState } from '../../src/engine/index.ts';
import { load } from './fixtures.ts';
import { answer, here, next, reload, reviewLoop } from './support/walk.ts';

/** How many steps a state really has left: walked with Next until the ending (every step here is answered already). */
function stepsLeft(flow: Flow, state: FlowState): number {
  let s = state;
  let steps = 0;
  while (!isComplete(flow, s)) {
    s = next(flow, s);
    steps++;
  }
  return steps;
}

describe('progress() when the visitor went back before a scored answer', () => {
  // A score-gated follow-up: a big budget earns one more question after `team`.
  const gated = load({
    id: 'gated',
    version: 1,
    steps: [
      { id: 'kind', type: 'short_text', title: 'Company' },
      {
        id: 'budget',
        type: 'single_choice',
        title: 'Budget',
        options: [
          { id: 'big', label: 'Big' },
          { id: 'small', label: 'Small' },
        ],
      },
      { id: 'team', type: 'short_text', title: 'Team', next: [{ if: { score: 'total', gte: 40 }, goto: 'call' }, { goto: 'done' }] },
      { id: 'call', type: 'short_text', title: 'When shall we call?', required: false },
      { id: 'done', type: 'end', title: 'Thanks' },
    ],
    scoring: { criteria: [{ id: 'budget', answer: 'budget', options: { big: 50, small: 0 } }] },
  });

  // Was (found by a review of this change, fixed since): a visitor answers company, budget "big" and team, then goes Back twice to fix the
  // company name. Every answer is still there and Next three times leads to "When shall we
  // call?", but the progress bar says "Step 1 of 3" (it was "Step 1 of 4" on the way in) and the
  // `leadflow:step` event's `total` is 3. Cause: src/engine/navigation.ts:197 — progress() now
  // reads answers ahead of the path (`seen`) for `answer` conditions, but the score it hands to
  // `score` conditions is `pathAnswers(flow, state)`, the path's answers only; the estimate walks
  // through `budget` but scores without its answer (before this change the score read every
  // answer). The fix: score with the answers of the path plus those of the steps the estimate has
  // walked so far (recompute the score when `seen` grows, or collect path + seen answers).
  it('counts the question a score rule adds, with an answer typed on a step ahead of the visitor', () => {
    let s = startFlow(gated);
    s = answer(gated, s, { kind: 'ACME' });
    s = answer(gated, s, { budget: 'big' });
    s = setAnswer(s, 'team', 'ten people');
    expect(progress(gated, s).done + progress(gated, s).remaining).toBe(4);
    s = previousStep(gated, previousStep(gated, s));
    expect(here(gated, s)).toBe('kind');
    // Next from here: kind, budget, team, call, then the ending.
    expect(stepsLeft(gated, s)).toBe(4);
    expect(progress(gated, s).remaining).toBe(4);
  });
});

describe('restoreFlow() on a flow that loops', () => {
  // "Is everything right?" — "No, start again" goes back to the first step (a loop the engine
  // supports: FlowState counts how often a step is on the path).
  const review = load(reviewLoop());

  // Was (found by a review of this change, fixed since): a visitor goes through the flow as a business, says "No, start again" on the review,
  // answers as a private person the second time and reloads the page on the review step: they
  // land on the very first question instead of the review (every answer kept, but the whole
  // second pass is to be clicked through again). Before this change they came back on the review.
  // Cause: src/engine/navigation.ts:88-92 — restoreFlow replays the saved path with today's
  // answers, but a question on a loop has one answer for all its passes: the first pass of
  // `kind` now reads "private" and leads to `private_q`, not the saved `size`, so the replay
  // stops there. The fix: replay only from the last step that occurs twice in the saved history (the
  // passes before it were decided on answers since overwritten), checking the part before it
  // only for existing steps and valid transitions.
  it('brings a visitor who looped back and reloads to the step they were on', () => {
    let s = startFlow(review);
    s = answer(review, s, { kind: 'biz' });
    s = answer(review, s, { size: '40' });
    s = answer(review, s, { review: 'again' });
    expect(here(review, s)).toBe('kind');
    s = answer(review, s, { kind: 'private' });
    s = answer(review, s, { private_q: 'for my club' });
    expect(here(review, s)).toBe('review');
    const restored = reload(review, s)!;
    expect(restored.history).toEqual(s.history);
  });
});
