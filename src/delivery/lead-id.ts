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
  return dashed(Math.floor(now()).toString(16).padStart(12, '0'), bytes);
}

/**
 * A visit's id for analytics: a UUIDv4, all random. Not time-ordered like a lead id, whose
 * creation millisecond it would share: funnel events could be joined to the lead by it.
 */
export function createVisitId(fillRandom: (bytes: Uint8Array<ArrayBuffer>) => unknown = (bytes) => crypto.getRandomValues(bytes)): string {
  const bytes = new Uint8Array(16);
  fillRandom(bytes);
  bytes[6] = (bytes[6]! & 0x0f) | 0x40;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  return dashed('', bytes);
}

/** `hex` and then `bytes` in hex, as a UUID's five dashed groups. */
function dashed(hex: string, bytes: Uint8Array): string {
  for (const byte of bytes) hex += byte.toString(16).padStart(2, '0');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
