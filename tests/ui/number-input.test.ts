import { describe, expect, it } from 'vitest';
import { parseNumberInput } from '../../src/ui/questions/number-input.ts';

describe('parseNumberInput reads numbers the way the visitor writes them', () => {
  it.each([
    ['1.500', 1500],
    ['50.000', 50000],
    ['1.000.000', 1000000],
    ['1.500,5', 1500.5],
    ['1,5', 1.5],
    ['1.5', 1.5],
    ['1 500', 1500],
    ['-3', -3],
    [' 60 ', 60],
  ])('German: %s is %d', (typed, value) => {
    expect(parseNumberInput(typed, 'de')).toBe(value);
  });

  it.each([
    ['1,500', 1500],
    ['10,000', 10000],
    ['1,500.25', 1500.25],
    ['1.5', 1.5],
    ['1,5', 1.5],
    ["1'500", 1500],
  ])('English: %s is %d', (typed, value) => {
    expect(parseNumberInput(typed, 'en')).toBe(value);
  });

  it('keeps what is not a number as text, and nothing typed as no answer', () => {
    expect(parseNumberInput('abc', 'de')).toBe('abc');
    expect(parseNumberInput('1.2.3', 'de')).toBe('1.2.3');
    expect(parseNumberInput('12a', 'en')).toBe('12a');
    expect(parseNumberInput('   ', 'en')).toBeUndefined();
  });
});
