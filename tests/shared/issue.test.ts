import { describe, expect, it } from 'vitest';
import { formatIssue, formatPath } from '../../src/shared/issue.ts';

describe('formatPath', () => {
  it('writes keys with dots and indexes in brackets', () => {
    expect(formatPath(['steps', 3, 'next', 0, 'goto'])).toBe('steps[3].next[0].goto');
  });

  it('quotes keys that are not plain names', () => {
    expect(formatPath(['scoring', 'criteria', 0, 'options', 'sign off'])).toBe('scoring.criteria[0].options["sign off"]');
    expect(formatPath(['hidden', '1st'])).toBe('hidden["1st"]');
    expect(formatPath(['labels', 'de-AT'])).toBe('labels["de-AT"]');
    expect(formatPath(['say "hi"'])).toBe('["say \\"hi\\""]');
  });

  it('starts a path with an index or a plain key as is', () => {
    expect(formatPath([0, 'id'])).toBe('[0].id');
    expect(formatPath(['$schema'])).toBe('$schema');
  });

  it('names the root', () => {
    expect(formatPath([])).toBe('(root)');
  });
});

describe('formatIssue', () => {
  it('puts the path, the message and the hint on one line', () => {
    const issue = { code: 'unknown_step', path: ['steps', 3, 'next', 0, 'goto'], message: 'unknown step "pricng"', hint: 'did you mean "pricing"?' };
    expect(formatIssue(issue)).toBe('steps[3].next[0].goto: unknown step "pricng" — did you mean "pricing"?');
  });

  it('leaves out a missing hint', () => {
    expect(formatIssue({ code: 'invalid_type', path: [], message: 'expected object, got null' })).toBe('(root): expected object, got null');
  });
});
