/**
 * Typed delivery failures. `name` is set explicitly because minifiers rename classes, and a
 * receiver of `leadflow:error` or a log line should still read `TimeoutError`.
 */

/** The webhook answered, but not with 2xx. */
export class HttpError extends Error {
  override readonly name = 'HttpError';
  readonly status: number;
  /** How long the receiver asked us to wait (from `Retry-After`), in ms. */
  readonly retryAfterMs: number | undefined;

  constructor(status: number, retryAfterMs?: number, options?: ErrorOptions) {
    // Status 0: a redirect, which is not followed (see postBody).
    super(status ? `Webhook answered HTTP ${status}` : 'Webhook answered with a redirect: use the address it redirects to', options);
    this.status = status;
    this.retryAfterMs = retryAfterMs;
  }
}

/** No answer at all: offline, DNS, TLS, connection reset, or a response hidden by CORS. */
export class NetworkError extends Error {
  override readonly name = 'NetworkError';

  constructor(cause: unknown) {
    // Analytics batches fail the same way: "request", not "webhook request".
    super('Request failed (offline, or blocked by CORS or the page\'s CSP connect-src?)', { cause });
  }
}

/** The webhook did not answer within `timeoutMs`; the request was aborted. */
export class TimeoutError extends Error {
  override readonly name = 'TimeoutError';
  readonly timeoutMs: number;

  constructor(timeoutMs: number, options?: ErrorOptions) {
    super(`Webhook did not answer within ${timeoutMs} ms`, options);
    this.timeoutMs = timeoutMs;
  }
}

/**
 * A webhook address no browser requests: one with a user name or password in it
 * (`https://user:pass@…`, which the Fetch standard refuses). As final as a `4xx`: it would
 * fail on every try, for a week, with nothing arriving anywhere.
 */
export class UrlError extends Error {
  override readonly name = 'UrlError';

  constructor() {
    super('browsers never request a webhook URL with user:password@ in it: use a token in its query');
  }
}

/** Every failure a delivery attempt can end with. */
export type DeliveryError = HttpError | NetworkError | TimeoutError | UrlError;

export const isDeliveryError = (error: unknown): error is DeliveryError =>
  error instanceof HttpError || error instanceof NetworkError || error instanceof TimeoutError || error instanceof UrlError;
