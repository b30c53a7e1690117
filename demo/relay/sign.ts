import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * The Standard Webhooks signature: HMAC-SHA256 of `${id}.${timestamp}.${body}` with the
 * base64 key after `whsec_`, as `v1,<base64>` in the `webhook-signature` header.
 */
export function signPayload(secret: string, id: string, timestamp: number, body: string): string {
  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
  return `v1,${createHmac('sha256', key).update(`${id}.${timestamp}.${body}`).digest('base64')}`;
}

export interface VerifyOptions {
  /** The receiver's clock, in milliseconds. @default Date.now() */
  now?: number;
  /**
   * How far `webhook-timestamp` may be from `now`: a captured request replayed later is refused
   * (the Standard Webhooks specification's advice). @default 300 (five minutes)
   */
  toleranceSeconds?: number;
}

/**
 * Checks a `webhook-signature` header (it may list several space-separated signatures) and that
 * the message was signed within `toleranceSeconds` of now.
 */
export function verifyPayload(secret: string, id: string, timestamp: number, body: string, header: string, { now = Date.now(), toleranceSeconds = 300 }: VerifyOptions = {}): boolean {
  if (!(Math.abs(now / 1000 - timestamp) <= toleranceSeconds)) return false;
  const expected = Buffer.from(signPayload(secret, id, timestamp, body));
  return header.split(' ').some((candidate) => {
    const given = Buffer.from(candidate);
    return given.length === expected.length && timingSafeEqual(given, expected);
  });
}
