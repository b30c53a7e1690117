import { HttpError, NetworkError, TimeoutError } from './errors.ts';

/** When and how often a failed delivery is tried again. Pure data: tests pass their own. */
export interface RetryPolicy {
  /**
   * Total tries of an analytics batch, including the first. Leads do not stop at a count: the
   * outbox tries them while the page is open until they are delivered, refused or expired.
   * @default 4
   */
  readonly attempts: number;
  /**
   * Upper bound of the first retry's random delay; doubles with every retry.
   * @default 1000
   */
  readonly baseMs: number;
  /**
   * The backoff never exceeds this.
   * @default 30000
   */
  readonly capMs: number;
  /**
   * A receiver's `Retry-After` is honoured up to this long, so a misconfigured header cannot
   * park a lead for hours while the visitor is still on the page.
   * @default 60000
   */
  readonly maxRetryAfterMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = Object.freeze({ attempts: 4, baseMs: 1000, capMs: 30_000, maxRetryAfterMs: 60_000 });

/**
 * The statuses worth retrying, listed explicitly: 408 Request Timeout, 425 Too Early,
 * 429 Too Many Requests and every 5xx. Any other status (400, 401, 404, 422, …) means the
 * request itself is wrong, and sending it again cannot help.
 */
export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 425 || status === 429 || (status >= 500 && status <= 599);
}

/** Whether a failed attempt may succeed if tried again. Unknown errors are not retried. */
export function isRetryable(error: unknown): boolean {
  if (error instanceof HttpError) return isRetryableStatus(error.status);
  return error instanceof NetworkError || error instanceof TimeoutError;
}

/**
 * "Full jitter" exponential backoff: a random delay below `min(cap, base · 2^retryIndex)`, so
 * many widgets failing at once (a receiver outage) do not retry in lockstep.
 * `retryIndex` 0 is the wait before the second attempt.
 */
export function backoffDelay(retryIndex: number, policy: RetryPolicy, random: () => number = Math.random): number {
  return random() * Math.min(policy.capMs, policy.baseMs * 2 ** retryIndex);
}

/**
 * A `Retry-After` header (RFC 9110: delay-seconds or an HTTP-date) in ms from `now`, or
 * undefined when absent, malformed or in the past.
 */
export function parseRetryAfter(header: string | null, now: number): number | undefined {
  const value = header?.trim();
  if (!value) return undefined;
  if (/^\d+$/.test(value)) return Number(value) * 1000;
  // Date.parse accepts almost anything ("foo 1" is a date in 2001); every HTTP-date has hh:mm:ss.
  if (!/\d\d:\d\d:\d\d/.test(value)) return undefined;
  const delay = Date.parse(value) - now;
  return delay >= 0 ? delay : undefined;
}

/** How long to wait before retry number `retryIndex`: the receiver's wish if it said one. */
export function retryDelay(error: unknown, retryIndex: number, policy: RetryPolicy, random: () => number = Math.random): number {
  const asked = error instanceof HttpError ? error.retryAfterMs : undefined;
  return asked === undefined ? backoffDelay(retryIndex, policy, random) : Math.min(asked, policy.maxRetryAfterMs);
}
