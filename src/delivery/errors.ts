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
    super('Webhook request failed', { cause });
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

/** Every failure a delivery attempt can end with. */
export type DeliveryError = HttpError | NetworkError | TimeoutError;
