/**
 * Delivery: the lead payload, its id, and sending it to a webhook with retries. Browser code
 * without dependencies; fetch, clock, randomness and sleep are injected.
 */
export { createLeadId } from './lead-id.ts';
export { HttpError, NetworkError, TimeoutError, type DeliveryError } from './errors.ts';
export {
  DEFAULT_RETRY,
  isRetryableStatus,
  isRetryable,
  backoffDelay,
  parseRetryAfter,
  retryDelay,
  type RetryPolicy,
} from './retry-timing.ts';
export { buildLeadEnvelope, collectAttribution, type LeadData, type LeadEnvelope } from './payload.ts';
export {
  sendWebhook,
  deliverLead,
  type SendOptions,
  type DeliverOptions,
  type DeliveryOutcome,
} from './send-webhook.ts';
