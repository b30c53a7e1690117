import { describe, expect, it } from 'vitest';
import { load } from './fixtures.ts';
import { here, reload, reviewLoop, walk } from './support/walk.ts';

/**
 * Review of ed3dc28..19fd546: restoreFlow() after the "saved loops" change (fb66a8a). Each
 * test was a bug, fixed since (an `it.fails` is one still open).
 */


describe('restoreFlow() of a looped path on a flow edited since', () => {
  // Was: a visitor looped once ("No, start again"), answered "Private" the second time and is on
  // the review step; the marketer then takes the option "private" out of the flow (same id and
  // version, so the saved progress is kept). After a reload the visitor was put back on the
  // review step with `kind: "private"`, and "Yes" sent a lead with an answer the flow cannot
  // give: with a repeated step in the history, everything up to the last repeated one was taken
  // as it was. Each step of it is now checked on its own (its saved answers valid, the next step
  // one it can lead to), and the visitor resumes at the first that fails.
  it('sends a looped visitor back to a passed step whose saved answer the edited flow no longer accepts', () => {
    const flow = load(reviewLoop());
    const s = walk(flow, { kind: 'biz' }, { size: '40' }, { review: 'again' }, { kind: 'private' }, { private_q: 'for my club' });
    expect(here(flow, s)).toBe('review');

    const json = reviewLoop();
    json.steps[0].options = json.steps[0].options.filter((o: { id: string }) => o.id !== 'private');
    delete json.steps[0].next;
    const edited = load(json);
    const restored = reload(edited, s);
    // Starting afresh would do too: then the visitor is on "kind" as well.
    const where = restored ? here(edited, restored) : 'kind';
    expect(where).toBe('kind');
  });

  it('resumes a looped visitor at the step whose rule to loop back the edited flow no longer has', () => {
    const flow = load(reviewLoop());
    const s = walk(flow, { kind: 'biz' }, { size: '40' }, { review: 'again' }, { kind: 'club' }, { size: '12' });
    expect(here(flow, s)).toBe('review');

    const json = reviewLoop();
    delete json.steps[3].next;
    const edited = load(json);
    const restored = reload(edited, s)!;
    // The first pass's review step, with its answer kept: Next goes where the flow leads now.
    expect(restored.history).toEqual(['kind', 'size', 'review']);
    expect(restored.answers).toMatchObject({ kind: 'club', size: '12', review: 'again' });
  });

  it('resumes an unedited looped path where it was left', () => {
    const flow = load(reviewLoop());
    const s = walk(flow, { kind: 'private' }, { private_q: 'for my club' }, { review: 'again' }, { kind: 'biz' }, { size: '40' });
    expect(reload(flow, s)!.history).toEqual(['kind', 'private_q', 'review', 'kind', 'size', 'review']);
  });
});
