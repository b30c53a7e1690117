import { describe, expect, it } from 'vitest';
import { loadFlow } from '../../src/engine/index.ts';
import { unsafePatternReason } from '../../src/engine/safe-pattern.ts';

/** Hostile or broken flow input found by an audit after the loader's own tests: each test was a bug. */

describe('regular expressions that can hang the browser', () => {
  // Eight bounded repetitions of the same class in a row, then a character that never comes.
  // Each `\w{0,9}` is "short" (≤ 10), so src/engine/safe-pattern.ts counts none of them as a
  // long repetition, and its "same atom twice" rule only looks at unbounded ones. On a miss the
  // engine tries every way to split the text over the eight pieces: measured in Node, 6 pieces
  // over 100 letters took 1.6 s, 8 pieces more than 30 s; in Chromium a visitor typing 120
  // letters and pressing Next froze the page for over 15 s. `leadflow validate` said "ok".
  const HANGS = '\\w{0,9}'.repeat(8) + '!';
  const flow = {
    id: 'regex-hang',
    version: 1,
    webhook: 'https://hooks.example.test/lead',
    steps: [
      { id: 'note', type: 'short_text', title: 'Note', next: [{ if: { answer: 'note', matches: HANGS }, goto: 'done' }] },
      { id: 'done', type: 'end', title: 'Thanks' },
    ],
  };

  // src/engine/safe-pattern.ts now multiplies the ways bounded repetitions can split a text.
  it('refuses a chain of bounded repetitions of one class (\\w{0,9} × 8) when the flow loads', () => {
    expect(unsafePatternReason(HANGS)).toMatch(/hang/);
    const result = loadFlow(flow);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.issues[0]!.path).toEqual(['steps', 0, 'next', 0, 'if', 'matches']);
  });
  it('still takes everyday patterns with a few bounded repetitions (phone numbers, postcodes, VAT ids)', () => {
    for (const pattern of ['^\\+?\\(?\\d{1,3}\\)?[\\s.-]?\\d{2,4}[\\s.-]?\\d{3,8}$', '^\\d{5}$', '^DE\\d{9}$', '^[A-Z]{2}\\d{2}[A-Z0-9]{1,30}$'])
      expect(unsafePatternReason(pattern), pattern).toBeUndefined();
    expect(unsafePatternReason('\\w{0,9}'.repeat(4) + '!')).toBeUndefined();
    expect(unsafePatternReason('\\w{0,9}'.repeat(5) + '!')).toMatch(/too many ways/);
  });
});

describe('numbers JSON cannot hold', () => {
  // `1e400` is valid JSON and parses to Infinity; zod refuses it, and
  // src/engine/load/schema-issues.ts (invalid_type → load-issues.ts `describe`) words that as
  // "expected number, got a number", with no hint: the path was named, the mistake and the fix were not.
  it('explains that 1e400 is too large and says what to write instead', () => {
    const text = JSON.stringify({
      id: 'huge',
      version: 1,
      webhook: 'https://hooks.example.test/lead',
      steps: [
        { id: 'team', type: 'number', title: 'Team size', max: 12345 },
        { id: 'done', type: 'end', title: 'Thanks' },
      ],
    }).replace('12345', '1e400');
    const result = loadFlow(text);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const issue = result.issues[0]!;
    expect(issue.path).toEqual(['steps', 0, 'max']);
    expect(issue.message).not.toBe('expected number, got a number');
    expect(issue.hint).toBeTruthy();
  });
});
