/**
 * A lead id: a UUIDv7 (RFC 9562) — 48-bit Unix milliseconds, version 7, variant `10`, the rest
 * random. Time-ordered ids sort by creation in a receiver's database and index well.
 *
 * Built from `crypto.getRandomValues` rather than `crypto.randomUUID`, because the latter only
 * exists in secure contexts and landing pages are still served over plain http.
 *
 * @example
 * createLeadId(); // "0192f3c4-5d6e-7a1b-8c2d-3e4f5a6b7c8d"
 */
export function createLeadId(
  now: () => number = Date.now,
  fillRandom: (bytes: Uint8Array<ArrayBuffer>) => unknown = (bytes) => crypto.getRandomValues(bytes),
): string {
  // 10 random bytes follow the 6 timestamp bytes; two of them carry the version and variant.
  const bytes = new Uint8Array(10);
  fillRandom(bytes);
  bytes[0] = (bytes[0]! & 0x0f) | 0x70;
  bytes[2] = (bytes[2]! & 0x3f) | 0x80;
  // Hex of the ms clock rather than bit shifts: shifts in JS truncate to 32 bits.
  let hex = Math.floor(now()).toString(16).padStart(12, '0');
  for (const byte of bytes) hex += byte.toString(16).padStart(2, '0');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * A visit's id for analytics: shaped like a lead id, but its time field is random too. A real
 * time would match the lead id's, made in the same millisecond: funnel events could be joined
 * to the lead, and so to the person, by it.
 */
export const createVisitId = (): string => createLeadId(() => Math.random() * 2 ** 48);
