import { describe, expect, it } from 'vitest';
import { createLeadId, createVisitId } from '../../src/delivery/index.ts';

const UUID_V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const filled = (byte: number) => (bytes: Uint8Array) => bytes.fill(byte);
/** The 48-bit millisecond timestamp in the first 12 hex digits. */
const timeOf = (id: string) => parseInt(id.replace(/-/g, '').slice(0, 12), 16);

describe('createLeadId', () => {
  it('is a lowercase hyphenated UUIDv7', () => {
    expect(createLeadId()).toMatch(UUID_V7);
  });

  it('sets version 7 and variant 10 whatever the random bytes are', () => {
    expect(createLeadId(() => 0, filled(0x00))).toBe('00000000-0000-7000-8000-000000000000');
    expect(createLeadId(() => 0, filled(0xff))).toBe('00000000-0000-7fff-bfff-ffffffffffff');
  });

  it('encodes the injected clock in the first 48 bits', () => {
    const id = createLeadId(() => 0x0123_4567_89ab, filled(0x5a));
    expect(id).toBe('01234567-89ab-7a5a-9a5a-5a5a5a5a5a5a');
    expect(timeOf(createLeadId(() => Date.UTC(2026, 10, 27, 10, 0, 0, 123)))).toBe(Date.UTC(2026, 10, 27, 10, 0, 0, 123));
    expect(timeOf(createLeadId(() => 2 ** 48 - 1))).toBe(2 ** 48 - 1);
  });

  it('uses the real clock by default', () => {
    const before = Date.now();
    const id = createLeadId();
    expect(timeOf(id)).toBeGreaterThanOrEqual(before);
    expect(timeOf(id)).toBeLessThanOrEqual(Date.now());
  });

  it('differs between two calls in the same millisecond', () => {
    expect(createLeadId(() => 1)).not.toBe(createLeadId(() => 1));
  });

  it('sorts by time, regardless of the random part', () => {
    const times = [1, 255, 256, 65_535, 2 ** 32, 2 ** 32 + 1, Date.UTC(2026, 0, 1), 2 ** 47];
    // Later ids get smaller random bytes, so only the timestamp can put them in order.
    const ids = times.map((t, i) => createLeadId(() => t, filled(0xff - i)));
    expect([...ids].reverse().sort()).toEqual(ids);
  });
});

// Was: the analytics visit id was a lead id made in the same millisecond as the visit's lead
// id, so funnel events could be joined to the lead (and the person) by that prefix.
describe('createVisitId', () => {
  it('is shaped like a lead id, with no clock in it: its time field is random', () => {
    const ids = Array.from({ length: 100 }, () => createVisitId());
    for (const id of ids) expect(id).toMatch(UUID_V7);
    expect(new Set(ids).size).toBe(100);
    const now = Date.now();
    // Random over 2^48 ms (about 8,900 years): nearly never within a day of now.
    expect(ids.filter((id) => Math.abs(timeOf(id) - now) < 86_400_000).length).toBeLessThan(2);
  });
});
