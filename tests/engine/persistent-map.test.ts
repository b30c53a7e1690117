import { describe, expect, it } from 'vitest';
import { mapEntries, mapGet, mapSet, mapVersion } from '../../src/engine/persistent-map.ts';
import { forAll } from './support/random.ts';

describe('persistent map', () => {
  it('leaves every older version as it was', () => {
    const empty = mapVersion<number>([]);
    const one = mapSet(empty, 'a', 1);
    const two = mapSet(one, 'b', 2);
    const changed = mapSet(two, 'a', 10);
    const removed = mapSet(changed, 'b', undefined);
    expect(mapEntries(removed)).toEqual([['a', 10]]);
    expect(mapEntries(empty)).toEqual([]);
    expect(mapEntries(two)).toEqual([['a', 1], ['b', 2]]);
    expect(mapGet(one, 'b')).toBeUndefined();
    expect(mapGet(changed, 'a')).toBe(10);
    expect(mapEntries(removed)).toEqual([['a', 10]]);
  });

  it('keeps two versions made from the same one apart', () => {
    const base = mapSet(mapVersion<string>([['plan', 'team']]), 'seats', '5');
    const left = mapSet(base, 'plan', 'solo');
    const right = mapSet(base, 'seats', undefined);
    expect(Object.fromEntries(mapEntries(left))).toEqual({ plan: 'solo', seats: '5' });
    expect(Object.fromEntries(mapEntries(right))).toEqual({ plan: 'team' });
    expect(Object.fromEntries(mapEntries(base))).toEqual({ plan: 'team', seats: '5' });
    expect(mapGet(left, 'seats')).toBe('5');
  });

  it('reads a version 100,000 changes back without overflowing the stack', () => {
    const first = mapVersion<number>([]);
    let last = first;
    for (let i = 0; i < 100_000; i++) last = mapSet(last, `k${i % 7}`, i);
    expect(mapEntries(first)).toEqual([]);
    expect(mapGet(last, 'k0')).toBe(99_995);
  });

  it('agrees with plain copied objects over random changes to random versions', () => {
    forAll('persistent map = copied objects', 0x5eed, 200, (rng, note) => {
      const versions = [mapVersion<number>([])];
      const expected: Array<Record<string, number>> = [{}];
      const ops: unknown[] = [];
      note('ops', ops);
      for (let i = 0; i < 60; i++) {
        const from = rng.int(0, versions.length - 1);
        const key = rng.pick(['a', 'b', 'c', 'd']);
        const value = rng.chance(0.25) ? undefined : rng.int(0, 9);
        ops.push([from, key, value ?? null]);
        versions.push(mapSet(versions[from]!, key, value));
        const copy = { ...expected[from]! };
        if (value === undefined) delete copy[key];
        else copy[key] = value;
        expected.push(copy);
        const check = rng.int(0, versions.length - 1);
        expect(Object.fromEntries(mapEntries(versions[check]!))).toEqual(expected[check]);
        expect(mapGet(versions[check]!, key)).toBe(expected[check]![key]);
      }
      versions.forEach((version, i) => expect(Object.fromEntries(mapEntries(version))).toEqual(expected[i]));
    });
  });
});
