import { describe, expect, it } from 'vitest';
import {
  backoffDelay,
  DEFAULT_RETRY,
  HttpError,
  isRetryable,
  isRetryableStatus,
  NetworkError,
  parseRetryAfter,
  retryDelay,
  TimeoutError,
  type RetryPolicy,
} from '../../src/delivery/index.ts';

const policy: RetryPolicy = { attempts: 5, baseMs: 1000, capMs: 5000, maxRetryAfterMs: 60_000 };
const NOW = Date.UTC(2026, 10, 27, 10, 0, 0);

describe('DEFAULT_RETRY', () => {
  it('is 4 tries, 1 s base, 30 s cap, Retry-After honoured up to a minute', () => {
    expect(DEFAULT_RETRY).toEqual({ attempts: 4, baseMs: 1000, capMs: 30_000, maxRetryAfterMs: 60_000 });
    expect(Object.isFrozen(DEFAULT_RETRY)).toBe(true);
  });
});

describe('backoffDelay', () => {
  it('is 0 when random gives 0', () => {
    expect(backoffDelay(0, policy, () => 0)).toBe(0);
    expect(backoffDelay(3, policy, () => 0)).toBe(0);
  });

  it.each([
    [0, 1000],
    [1, 2000],
    [2, 4000],
    [3, 5000],
    [10, 5000],
    [2000, 5000],
  ])('stays just under min(cap, base·2^%i) = %i', (retryIndex, bound) => {
    const delay = backoffDelay(retryIndex, policy, () => 0.999);
    expect(delay).toBeLessThan(bound);
    expect(delay).toBeCloseTo(bound * 0.999);
  });

  it('uses Math.random by default, within the bound', () => {
    const delay = backoffDelay(1, policy);
    expect(delay).toBeGreaterThanOrEqual(0);
    expect(delay).toBeLessThan(2000);
  });
});

describe('parseRetryAfter', () => {
  it.each([
    ['0', 0],
    ['2', 2000],
    [' 120 ', 120_000],
    ['Fri, 27 Nov 2026 10:00:30 GMT', 30_000],
    ['Friday, 27-Nov-26 10:01:00 GMT', 60_000],
    ['Fri, 27 Nov 2026 10:00:00 GMT', 0],
  ])('reads %j as %i ms', (header, ms) => {
    expect(parseRetryAfter(header, NOW)).toBe(ms);
  });

  it.each([null, '', 'soon', '-1', '1.5', '2s', 'foo 2030', 'Thu, 26 Nov 2026 10:00:00 GMT'])(
    'ignores %j (absent, malformed or in the past)',
    (header) => {
      expect(parseRetryAfter(header, NOW)).toBeUndefined();
    },
  );
});

describe('isRetryable', () => {
  it.each([408, 425, 429, 500, 502, 503, 504, 599])('retries HTTP %i', (status) => {
    expect(isRetryableStatus(status)).toBe(true);
    expect(isRetryable(new HttpError(status))).toBe(true);
  });

  it.each([400, 401, 403, 404, 409, 410, 413, 422, 499, 600, 302])('does not retry HTTP %i', (status) => {
    expect(isRetryableStatus(status)).toBe(false);
    expect(isRetryable(new HttpError(status))).toBe(false);
  });

  it('retries network failures and timeouts, not unknown errors', () => {
    expect(isRetryable(new NetworkError(new TypeError('fetch failed')))).toBe(true);
    expect(isRetryable(new TimeoutError(10_000))).toBe(true);
    expect(isRetryable(new TypeError('fetch failed'))).toBe(false);
    expect(isRetryable('500')).toBe(false);
  });
});

describe('retryDelay', () => {
  it("honours the receiver's Retry-After", () => {
    expect(retryDelay(new HttpError(429, 2000), 0, policy, () => 0.5)).toBe(2000);
    expect(retryDelay(new HttpError(503, 0), 3, policy, () => 0.5)).toBe(0);
  });

  it('bounds Retry-After by maxRetryAfterMs', () => {
    expect(retryDelay(new HttpError(503, 3_600_000), 0, policy, () => 0.5)).toBe(60_000);
  });

  it('falls back to backoff without Retry-After', () => {
    expect(retryDelay(new HttpError(500), 2, policy, () => 0.5)).toBe(2000);
    expect(retryDelay(new TimeoutError(50), 1, policy, () => 0.5)).toBe(1000);
  });
});

describe('typed errors', () => {
  it('carry a readable name, their details and the cause', () => {
    const cause = new TypeError('fetch failed');
    expect(new HttpError(503, 1000)).toMatchObject({ name: 'HttpError', status: 503, retryAfterMs: 1000, message: 'Webhook answered HTTP 503' });
    expect(new NetworkError(cause)).toMatchObject({ name: 'NetworkError', cause });
    expect(new TimeoutError(50, { cause })).toMatchObject({ name: 'TimeoutError', timeoutMs: 50, cause });
    expect(new TimeoutError(50)).toBeInstanceOf(Error);
  });
});
