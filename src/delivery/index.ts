/**
 * Delivery: the lead payload, its id, and sending it to a webhook with retries. Browser code
 * without dependencies; fetch, clock, randomness and sleep are injected.
 */
export { createLeadId, createVisitId } from './lead-id.ts';
export { HttpError, NetworkError, TimeoutError, UrlError, type DeliveryError } from './errors.ts';
export {
  DEFAULT_RETRY,
  isRetryableStatus,
  isRetryable,
  backoffDelay,
  parseRetryAfter,
  retryDelay,
  type RetryPolicy,
} from './retry-timing.ts';
export { buildLeadEnvelope, collectAttribution, messageId, type LeadData, type LeadEnvelope, type LeadEventType } from './payload.ts';
export { createOutbox, type Outbox, type OutboxEntry, type OutboxEvent, type OutboxOptions } from './outbox.ts';
export { memoryStorage, webStorage, type OutboxStorage } from './outbox-storage.ts';
export { storageLease, webLocks, type SendLock } from './send-lock.ts';
export {
  sendWebhook,
  deliverLead,
  type SendOptions,
  type DeliverOptions,
  type DeliveryOutcome,
} from './send-webhook.ts';
export { createAnalyticsQueue, type AnalyticsBatch, type AnalyticsQueue, type AnalyticsQueueOptions } from './analytics-queue.ts';
