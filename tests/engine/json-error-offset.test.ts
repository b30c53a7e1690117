import { describe, expect, it } from 'vitest';
import { jsonErrorOffset } from '../../src/engine/load/json-error-offset.ts';
import { formatIssue, loadFlow } from '../../src/engine/index.ts';

describe('jsonErrorOffset', () => {
  it.each([
    '{}',
    '[]',
    ' { "a": [1, -2.5e3, true, false, null, "x\\"y", {"b": []}] } ',
    '"just a string"',
    '0',
  ])('finds nothing wrong in %s', (text) => {
    expect(JSON.parse(text)).toBeDefined();
    expect(jsonErrorOffset(text)).toBe(-1);
  });

  it.each([
    ['a trailing comma in a list', '[1, 2,\n]', 7],
    ['a trailing comma in an object', '{"a": 1,}', 8],
    ['a missing comma', '{"a": 1 "b": 2}', 8],
    ['a misspelt literal', '[tru]', 1],
    ['an unquoted key', '{a: 1}', 1],
    ['an unterminated string', '["abc', 5],
    ['a raw newline inside a string', '["a\nb"]', 3],
    ['text after the value', '{} x', 3],
    ['an empty file', '', 0],
  ])('points at %s', (_name, text, offset) => {
    expect(() => JSON.parse(text)).toThrow();
    expect(jsonErrorOffset(text)).toBe(offset);
  });
});

describe('malformed flow files name the line and column, whatever V8 says', () => {
  it('for a trailing comma in a list, which V8 reports without a position', () => {
    const text = '{\n  "id": "x",\n  "steps": [\n    { "id": "a", "type": "end", "title": "A" },\n  ]\n}\n';
    const result = loadFlow(text);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(formatIssue(result.issues[0]!)).toContain('not valid JSON at line 5, column 3');
  });
});
