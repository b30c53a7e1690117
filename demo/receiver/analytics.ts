import type { IncomingMessage, ServerResponse } from 'node:http';
import { parseAnalyticsBatch } from './analytics-batch.ts';
import type { AnalyticsStore } from './analytics-store.ts';
import type { ChangeNotifier } from './change-notifier.ts';
import { CORS_HEADERS, mediaType, sendJson, sendText } from './http.ts';
import { readBody } from './read-body.ts';

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
  const fail = (status: number, error: string, details: Record<string, unknown>) =>
    sendJson(res, status, { ok: false, error, ...details }, CORS_HEADERS);

  if (req.method === 'OPTIONS') return sendText(res, 204, '', CORS_HEADERS);
  if (req.method !== 'POST')
    return sendJson(res, 405, { ok: false, error: 'method_not_allowed', message: 'POST an analytics.batch here' }, {
      ...CORS_HEADERS,
      allow: 'POST, OPTIONS',
    });
  if (!ACCEPTED_TYPES.includes(mediaType(req)))
    return fail(415, 'unsupported_media_type', { message: `send ${ACCEPTED_TYPES.join(' or ')}` });

  const body = await readBody(req, maxBodyBytes);
  if (!body.ok) return fail(body.status, 'payload_too_large', { message: body.message });
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.text);
  } catch (error) {
    return fail(400, 'invalid_json', { message: (error as Error).message });
  }
  const batch = parseAnalyticsBatch(parsed);
  if (!batch.ok) return fail(400, 'invalid_batch', { issues: batch.issues });

  const { id, events, skipped, skippedIssues } = batch.value;
  const counts = { accepted: events.length, skipped, ...(skipped > 0 && { issues: skippedIssues }) };
  // A batch of nothing but broken events leaves nothing to count; its retry is as broken.
  if (!events.length) return sendJson(res, 200, { ok: true, id, ...counts }, CORS_HEADERS);
  const outcome = await analyticsStore.add(id, events, now());
  if (outcome === 'duplicate') return sendJson(res, 200, { ok: true, id, ...counts, duplicate: true }, CORS_HEADERS);
  changes?.notify('analytics');
  sendJson(res, 200, { ok: true, id, ...counts }, CORS_HEADERS);
}
