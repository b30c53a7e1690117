import { describe, expect, it, vi } from 'vitest';
import { memoryStorage, webStorage } from '../../src/delivery/index.ts';
import { FakeStorage, quotaExceeded, securityError } from './support/fake-storage.ts';

const PREFIX = 'leadflow:outbox:';

describe('memoryStorage', () => {
  it('gets what was set, null for what was not', () => {
    const storage = memoryStorage();
    expect(storage.get('a')).toBeNull();
    storage.set('a', '1');
    storage.set('b', '2');
    storage.set('a', '3');
    expect(storage.get('a')).toBe('3');
    expect(storage.get('b')).toBe('2');
  });

  it('lists its keys and forgets removed ones', () => {
    const storage = memoryStorage();
    storage.set('a', '1');
    storage.set('b', '2');
    expect(storage.keys()).toEqual(['a', 'b']);
    storage.remove('a');
    storage.remove('never-set');
    expect(storage.keys()).toEqual(['b']);
    expect(storage.get('a')).toBeNull();
  });

  it('keeps separate instances apart', () => {
    const one = memoryStorage();
    const other = memoryStorage();
    one.set('a', '1');
    expect(other.get('a')).toBeNull();
    expect(other.keys()).toEqual([]);
  });
});

describe('webStorage', () => {
  it('stores under the leadflow:outbox: prefix', () => {
    const store = new FakeStorage();
    const storage = webStorage(() => store);

    storage.set('lead:1|https://a', 'one');
    expect(store.snapshot()).toEqual({ [`${PREFIX}lead:1|https://a`]: 'one' });
    expect(storage.get('lead:1|https://a')).toBe('one');

    storage.remove('lead:1|https://a');
    expect(store.snapshot()).toEqual({});
    expect(storage.get('lead:1|https://a')).toBeNull();
  });

  it("lists only its own keys, without the prefix, and leaves the page's other keys alone", () => {
    const store = new FakeStorage({ theme: 'dark', 'leadflow:draft': '{}', [`${PREFIX}lead:1`]: 'one' });
    const storage = webStorage(() => store);

    storage.set('lead:2', 'two');
    expect(storage.keys().sort()).toEqual(['lead:1', 'lead:2']);
    expect(storage.get('theme')).toBeNull();

    storage.remove('theme');
    storage.remove('lead:1');
    expect(store.snapshot()).toEqual({ theme: 'dark', 'leadflow:draft': '{}', [`${PREFIX}lead:2`]: 'two' });
  });

  it('sees what an earlier page load stored', () => {
    const store = new FakeStorage();
    webStorage(() => store).set('lead:1', 'one');
    expect(webStorage(() => store).get('lead:1')).toBe('one');
  });

  it('works from memory when even opening the storage throws (blocked cookies)', () => {
    const error = securityError();
    const open = vi.fn((): Storage => {
      throw error;
    });
    const onFallback = vi.fn();
    const storage = webStorage(open, onFallback);

    expect(storage.keys()).toEqual([]);
    storage.set('lead:1', 'one');
    storage.set('lead:2', 'two');
    storage.remove('lead:2');
    expect(storage.get('lead:1')).toBe('one');
    expect(storage.keys()).toEqual(['lead:1']);

    expect(onFallback).toHaveBeenCalledTimes(1);
    expect(onFallback).toHaveBeenCalledWith(error);
    // For good: the storage is not opened again on every call.
    expect(open).toHaveBeenCalledTimes(1);
  });

  it('falls back to memory at a full quota, keeping what was stored and what was being stored', () => {
    const store = new FakeStorage({ theme: 'dark', [`${PREFIX}lead:1`]: 'one' });
    const onFallback = vi.fn();
    const storage = webStorage(() => store, onFallback);
    expect(storage.get('lead:1')).toBe('one');

    const error = quotaExceeded();
    store.failing.set('setItem', error);
    storage.set('lead:2', 'two');

    expect(onFallback).toHaveBeenCalledTimes(1);
    expect(onFallback).toHaveBeenCalledWith(error);
    expect(storage.get('lead:1')).toBe('one');
    expect(storage.get('lead:2')).toBe('two');
    expect(storage.keys().sort()).toEqual(['lead:1', 'lead:2']);
    expect(storage.get('theme')).toBeNull();
  });

  it('stays in memory for good once it fell back, even when the storage would work again', () => {
    const store = new FakeStorage({ [`${PREFIX}lead:1`]: 'one' });
    const onFallback = vi.fn();
    const storage = webStorage(() => store, onFallback);

    store.failing.set('setItem', quotaExceeded());
    storage.set('lead:2', 'two');
    store.failing.clear();

    storage.set('lead:3', 'three');
    storage.remove('lead:1');
    expect(storage.keys().sort()).toEqual(['lead:2', 'lead:3']);
    expect(storage.get('lead:1')).toBeNull();
    // Nothing more is written to the Web Storage, but a removal reaches it: the copy it still
    // held of a lead delivered meanwhile would be sent again by the next page load. (Was: left.)
    expect(store.snapshot()).toEqual({});

    store.failing.set('getItem', securityError());
    expect(storage.get('lead:3')).toBe('three');
    expect(onFallback).toHaveBeenCalledTimes(1);
  });

  it('falls back to memory when reading throws, and keeps working', () => {
    const store = new FakeStorage({ [`${PREFIX}lead:1`]: 'one' });
    const onFallback = vi.fn();
    const storage = webStorage(() => store, onFallback);

    const error = securityError();
    store.failing.set('getItem', error);
    // Nothing can be read, so nothing is copied: the lead stays in the Web Storage for a later page.
    expect(storage.get('lead:1')).toBeNull();
    expect(onFallback).toHaveBeenCalledTimes(1);
    expect(onFallback).toHaveBeenCalledWith(error);

    storage.set('lead:2', 'two');
    expect(storage.get('lead:2')).toBe('two');
    expect(storage.keys()).toEqual(['lead:2']);
    expect(store.snapshot()).toEqual({ [`${PREFIX}lead:1`]: 'one' });
    expect(onFallback).toHaveBeenCalledTimes(1);
  });

  it('falls back when listing throws, copying the entries it can still read', () => {
    const store = new FakeStorage({ [`${PREFIX}lead:1`]: 'one', other: 'x' });
    const onFallback = vi.fn();
    const storage = webStorage(() => store, onFallback);
    storage.set('lead:2', 'two');

    // key() still answers, so the entries can be copied even though this listing failed.
    let calls = 0;
    const key = store.key.bind(store);
    store.key = (index: number) => {
      if (calls++ === 0) throw securityError();
      return key(index);
    };
    expect(storage.keys().sort()).toEqual(['lead:1', 'lead:2']);
    expect(storage.get('lead:2')).toBe('two');
    expect(onFallback).toHaveBeenCalledTimes(1);
  });

  it('after a fallback, a removal the Web Storage refuses is no error: memory holds the truth', () => {
    const store = new FakeStorage({ [`${PREFIX}lead:1`]: 'one' });
    const storage = webStorage(() => store);
    store.failing.set('setItem', quotaExceeded());
    storage.set('lead:2', 'two');
    store.failing.set('removeItem', securityError());
    expect(() => storage.remove('lead:1')).not.toThrow();
    expect(storage.keys()).toEqual(['lead:2']);
  });

  // Was: a page's stand-in for localStorage without key() and length stored the lead, but the
  // outbox could never list it again: it was never sent.
  it('falls back to memory for a storage that cannot list its keys, keeping what is being stored', () => {
    const stored = new Map<string, string>();
    const shim = { getItem: (k: string) => stored.get(k) ?? null, setItem: (k: string, v: string) => void stored.set(k, v), removeItem: (k: string) => void stored.delete(k) };
    const onFallback = vi.fn();
    const storage = webStorage(() => shim as unknown as Storage, onFallback);
    storage.set('lead:1', 'one');
    expect(storage.keys()).toEqual(['lead:1']);
    expect(storage.get('lead:1')).toBe('one');
    expect(onFallback).toHaveBeenCalledTimes(1);
  });

  it('falls back when removing throws', () => {
    const store = new FakeStorage({ [`${PREFIX}lead:1`]: 'one', [`${PREFIX}lead:2`]: 'two' });
    const onFallback = vi.fn();
    const storage = webStorage(() => store, onFallback);

    store.failing.set('removeItem', securityError());
    storage.remove('lead:1');

    expect(storage.keys()).toEqual(['lead:2']);
    expect(onFallback).toHaveBeenCalledTimes(1);
  });
});
