import { afterEach, describe, expect, it } from 'vitest';
import { toJson } from '../../src/shared/to-json.ts';

describe('toJson', () => {
  afterEach(() => {
    delete (Array.prototype as { toJSON?: unknown }).toJSON;
  });

  // Was: with Prototype.js 1.6 on the page, JSON.stringify wrote every list as a string.
  it('writes lists as lists while a page has Array.prototype.toJSON, and leaves the page its method', () => {
    // Like Prototype's: a list becomes a string (it writes the JSON text itself).
    const pages = function (this: unknown[]) {
      return `list of ${this.length}`;
    };
    Object.defineProperty(Array.prototype, 'toJSON', { value: pages, configurable: true, writable: true });
    expect(JSON.stringify({ need: ['a', 'b'] })).toBe('{"need":"list of 2"}');
    expect(toJson({ need: ['a', 'b'], trace: [{ points: 1 }] })).toBe('{"need":["a","b"],"trace":[{"points":1}]}');
    expect((Array.prototype as { toJSON?: unknown }).toJSON).toBe(pages);
  });

  it('is JSON.stringify where the page left arrays alone', () => {
    expect(toJson({ a: [1, { b: 'c' }] })).toBe(JSON.stringify({ a: [1, { b: 'c' }] }));
  });
});
