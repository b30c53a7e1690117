import { messageId, type LeadEnvelope } from './payload.ts';
import { HttpError, isDeliveryError, NetworkError, TimeoutError, UrlError, type DeliveryError } from './errors.ts';
import { DEFAULT_RETRY, isRetryable, parseRetryAfter, retryDelay, type RetryPolicy } from './retry-timing.ts';
import { toJson } from '../shared/to-json.ts';
import { hasCredentials } from '../shared/url-scheme.ts';

export interface SendOptions {
  /** The receiver's endpoint. */
  url: string;
  /**
   * `cors`: JSON with `webhook-id` / `webhook-timestamp` headers; cross-origin, the receiver
   * must answer a CORS preflight. `simple`: a `text/plain` body and no custom headers, so the
   * browser sends no preflight; the lead id is only in the body (`data.id`). Cross-origin, the
   * answer still needs `Access-Control-Allow-Origin`: one the page may not read is no answer.
   * @default 'cors'
   */
  mode?: 'cors' | 'simple';
  /**
   * `false`: never with keepalive. The browser refuses a keepalive request past the page's budget
   * as if the network had failed, and the page's own requests (a tag's beacons) share it.
   */
  keepalive?: boolean;
  /**
   * Abort an attempt that has not been answered after this long.
   * @default 10000
   */
  timeoutMs?: number;
  /** @default globalThis.fetch */
  fetch?: typeof fetch;
  /** Clock for `webhook-timestamp` and `Retry-After` dates. @default Date.now */
  now?: () => number;
}

export interface DeliverOptions extends SendOptions {
  /** @default DEFAULT_RETRY */
  retry?: RetryPolicy;
  /** @default a setTimeout promise */
  sleep?: (ms: number) => Promise<void>;
  /** @default Math.random */
  random?: () => number;
  /** Called before each wait; `retryIndex` 0 precedes the second attempt. */
  onRetry?: (error: DeliveryError, retryIndex: number, delayMs: number) => void;
}

export type DeliveryOutcome =
  | { ok: true; attempts: number }
  | { ok: false; attempts: number; error: DeliveryError; retryable: boolean };

// Browsers refuse keepalive bodies past 64 KiB (shared by all in-flight keepalive requests).
const KEEPALIVE_LIMIT = 60_000;
/**
 * Bytes of this page's keepalive requests still out: past the limit a request goes without
 * keepalive. Refused, it looked like a network failure — and a week-old lead resumed beside five
 * others was dropped on what was its last try.
 */
let keepaliveBytes = 0;

/**
 * One delivery attempt. Resolves on 2xx; rejects with `HttpError`, `NetworkError` or
 * `TimeoutError`.
 */
export function sendWebhook(envelope: LeadEnvelope, options: SendOptions): Promise<void> {
  const { mode = 'cors', now = Date.now } = options;
  const headers: Record<string, string> =
    mode === 'simple'
      ? SIMPLE_HEADERS
      : {
          'content-type': 'application/json',
          'webhook-id': messageId(envelope),
          'webhook-timestamp': String(Math.floor(now() / 1000)),
        };
  return postBody(toJson(envelope), headers, options);
}

/** A body a browser posts to another origin without a CORS preflight. */
export const SIMPLE_HEADERS = { 'content-type': 'text/plain;charset=UTF-8' };

/**
 * POSTs a body once, with keepalive when it fits (so it outlives a closing page) and no
 * cookies. Resolves on 2xx; rejects with `HttpError`, `NetworkError` or `TimeoutError`.
 */
export async function postBody(body: string, headers: Record<string, string>, options: Omit<SendOptions, 'mode'>): Promise<void> {
  const { url, timeoutMs = 10_000, fetch: request = fetch, now = Date.now } = options;
  // fetch would refuse it as if the network failed, and the lead would be retried for a week.
  if (hasCredentials(url)) throw new UrlError();
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  const size = options.keepalive === false ? KEEPALIVE_LIMIT : new TextEncoder().encode(body).length;
  const keepalive = keepaliveBytes + size < KEEPALIVE_LIMIT;
  if (keepalive) keepaliveBytes += size;
  let response: Response;
  try {
    response = await request(url, {
      method: 'POST',
      headers,
      body,
      credentials: 'omit',
      // The page's address may carry personal data in its query (`?email=` of a prefill link),
      // and a page's own policy may send it: none at all, which no page policy is stricter than
      // (the lead names its page in `meta.page`; CORS requests carry their Origin anyway).
      referrerPolicy: 'no-referrer',
      // Followed, a 301, 302 or 303 turns the POST into a GET without the lead, whose 200 would
      // look delivered: a redirect is refused instead (an HttpError with status 0, reported).
      redirect: 'manual',
      // keepalive lets the request outlive the page (the visitor closes the tab after submitting).
      keepalive,
      signal: controller.signal,
    });
  } catch (cause) {
    throw controller.signal.aborted ? new TimeoutError(timeoutMs, { cause }) : new NetworkError(cause);
  } finally {
    clearTimeout(timer);
    if (keepalive) keepaliveBytes -= size;
  }
  // A page script's broken fetch polyfill: said as such, not as a bug of ours deep inside.
  if (typeof response?.ok !== 'boolean') throw new TypeError('fetch gave no Response (has a script on the page replaced window.fetch? LeadFlow takes a `fetch` option)');
  if (!response.ok) throw new HttpError(response.status, parseRetryAfter(response.headers.get('retry-after'), now()));
}

/**
 * Delivers a lead, retrying what may succeed later (see `isRetryable`) up to
 * `retry.attempts` times. Every attempt sends the same envelope, so the receiver sees one
 * `webhook-id` and can drop duplicates. Failures are returned, never thrown.
 *
 * @example
 * const outcome = await deliverLead(envelope, { url: 'https://hooks.example/lead' });
 * if (!outcome.ok && outcome.retryable) keepForLater(envelope);
 */
export async function deliverLead(envelope: LeadEnvelope, options: DeliverOptions): Promise<DeliveryOutcome> {
  const { retry = DEFAULT_RETRY, random = Math.random, onRetry } = options;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  for (let attempts = 1; ; attempts++) {
    try {
      await sendWebhook(envelope, options);
      return { ok: true, attempts };
    } catch (error) {
      // Anything else (an envelope JSON cannot encode, a throwing fetch stub) is a bug: let it surface.
      if (!isDeliveryError(error)) throw error;
      const retryable = isRetryable(error);
      if (!retryable || attempts >= retry.attempts) return { ok: false, attempts, error, retryable };
      const delayMs = retryDelay(error, attempts - 1, retry, random);
      onRetry?.(error, attempts - 1, delayMs);
      await sleep(delayMs);
    }
  }
}
