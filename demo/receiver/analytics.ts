import type { IncomingMessage, ServerResponse } from 'node:http';
import { parseAnalyticsBatch } from './analytics-batch.ts';
import type { AnalyticsStore } from './analytics-store.ts';
import type { ChangeNotifier } from './change-notifier.ts';
import { CORS_HEADERS, sendJson } from './http.ts';
import { readJsonPost, sendError } from './json-post.ts';

export interface AnalyticsOptions {
  analyticsStore: AnalyticsStore;
  /** @default 262144 (256 KiB), as for the webhook */
  maxBodyBytes?: number;
  /** Told whenever a batch is stored, e.g. so the dashboard updates. */
  changes?: ChangeNotifier;
  now?: () => Date;
}

/** `navigator.sendBeacon` with a string posts text/plain, which needs no preflight; fetch may post JSON. */
const ACCEPTED_TYPES = ['text/plain', 'application/json'];

/**
 * `POST /analytics`: takes an `analytics.batch` of funnel events, de-duplicates it by its id
 * and appends the well-formed events to the store. Answers
 * `{ ok, id, accepted, skipped }` (+ `duplicate: true` for a retry, whose counts describe
 * the body just received; nothing new is stored). Every answer has the CORS headers.
 */
export async function handleAnalytics(req: IncomingMessage, res: ServerResponse, options: AnalyticsOptions): Promise<void> {
  const { analyticsStore, maxBodyBytes = 256 * 1024, changes, now = () => new Date() } = options;
  const body = await readJsonPost(req, res, { expected: 'an analytics.batch', accepted: ACCEPTED_TYPES, maxBodyBytes });
  if (!body) return;
  const batch = parseAnalyticsBatch(body.value);
  if (!batch.ok) return sendError(res, 400, 'invalid_batch', { issues: batch.issues });

  const { id, events, skipped, skippedIssues } = batch.value;
  const counts = { accepted: events.length, skipped, ...(skipped > 0 && { issues: skippedIssues }) };
  // A batch of nothing but broken events leaves nothing to count; its retry is as broken.
  if (!events.length) return sendJson(res, 200, { ok: true, id, ...counts }, CORS_HEADERS);
  const outcome = await analyticsStore.add(id, events, now());
  if (outcome === 'duplicate') return sendJson(res, 200, { ok: true, id, ...counts, duplicate: true }, CORS_HEADERS);
  changes?.notify('analytics');
  sendJson(res, 200, { ok: true, id, ...counts }, CORS_HEADERS);
}
