import { describe, expect, it } from 'vitest';
import { closestMatch, suggestName } from '../../src/shared/did-you-mean.ts';

describe('closestMatch', () => {
  it('finds a misspelt name', () => {
    expect(closestMatch('end_studnt', ['end_hot', 'end_student', 'end_cold'])).toBe('end_student');
  });

  it('counts swapping two neighbours as one edit', () => {
    // Five letters allow one edit: "titel" is two edits away from "title" unless a swap is one.
    expect(closestMatch('titel', ['title', 'type'])).toBe('title');
    expect(closestMatch('tilte', ['title'])).toBe('title');
  });

  it('does not accept two unrelated edits in a short word', () => {
    expect(closestMatch('tixle', ['title'])).toBe('title');
    expect(closestMatch('tixlx', ['title'])).toBeUndefined();
  });

  it('prefers the closest candidate, whatever the order', () => {
    // "prices" is two edits away, within reach for a six-letter word; "pricing" is one.
    expect(closestMatch('pricng', ['prices', 'pricing'])).toBe('pricing');
    expect(closestMatch('pricng', ['pricing', 'prices'])).toBe('pricing');
  });

  it('ignores case but returns the name as it is spelt', () => {
    expect(closestMatch('Title', ['title'])).toBe('title');
    expect(closestMatch('utm_source', ['UTM_Source'])).toBe('UTM_Source');
  });

  it('returns undefined when nothing is close', () => {
    expect(closestMatch('budget', ['role', 'timeline'])).toBeUndefined();
    expect(closestMatch('role', [])).toBeUndefined();
  });
});

describe('suggestName', () => {
  it('suggests the closest name', () => {
    expect(suggestName('pricng', ['pricing', 'contact'])).toBe('did you mean "pricing"?');
  });

  it('lists what exists when nothing is close, up to eight names', () => {
    expect(suggestName('xyz', ['a', 'b'])).toBe('known: "a", "b"');
    const many = ['s1', 's2', 's3', 's4', 's5', 's6', 's7', 's8', 's9'];
    expect(suggestName('pricing', many)).toBe('known: "s1", "s2", "s3", "s4", "s5", "s6", "s7", "s8", …');
  });

  it('says when nothing is defined', () => {
    expect(suggestName('pricing', [])).toBe('none are defined yet');
  });
});
