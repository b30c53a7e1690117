import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ChangeNotifier } from './change-notifier.ts';
import { messageIdOf, validateEnvelope } from './envelope.ts';
import { CORS_HEADERS, sendJson } from './http.ts';
import { readJsonPost, sendError } from './json-post.ts';
import type { LeadStore } from './lead-store.ts';

/**
 * A stranger's strings on the developer's terminal: without control characters (no escape codes
 * that recolour or rewrite the screen, no line breaks that fake log lines, no direction
 * overrides that reorder it) and at most 300 characters long.
 */
const terminalSafe = (line: string) => {
  const clean = line.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g, '?');
  // Cut between whole characters as a reader sees them (an emoji, a flag), never inside one.
  const shown = Array.from(new Intl.Segmenter().segment(clean), (part) => part.segment);
  return shown.length > 300 ? `${shown.slice(0, 299).join('')}…` : clean;
};

export interface WebhookOptions {
  store: LeadStore;
  /** @default 262144 (256 KiB) */
  maxBodyBytes?: number;
  /** Told about every lead stored, e.g. to print it in the terminal. */
  onLead?: (summary: string) => void;
  /** Told whenever a lead is stored, e.g. so the dashboard updates. */
  changes?: ChangeNotifier;
  now?: () => Date;
}

/** `cors` mode posts JSON; `simple` mode posts the same JSON as text/plain to avoid a preflight. */
const ACCEPTED_TYPES = ['application/json', 'text/plain'];

/**
 * `POST /webhook`: takes a lead envelope, de-duplicates it by `webhook-id` (or the same id
 * derived from the body, for a simple-mode request or a beacon) and appends it to the store. Every answer has
 * the CORS headers, so a widget on another origin can read errors too.
 */
export async function handleWebhook(req: IncomingMessage, res: ServerResponse, options: WebhookOptions): Promise<void> {
  const { store, maxBodyBytes = 256 * 1024, onLead, changes, now = () => new Date() } = options;
  const body = await readJsonPost(req, res, { expected: 'a lead envelope', accepted: ACCEPTED_TYPES, maxBodyBytes });
  if (!body) return;
  const envelope = validateEnvelope(body.value);
  if (!envelope.ok) return sendError(res, 400, 'invalid_lead', { issues: envelope.issues });

  const { data, type } = envelope.value;
  const id = messageIdOf(envelope.value);
  const header = req.headers['webhook-id'];
  if (header !== undefined && header !== id)
    return sendError(res, 400, 'id_mismatch', { message: `the webhook-id header must be ${type === 'lead.partial' ? 'data.id + ".partial." + data.revision' : 'data.id'}` });

  const outcome = await store.add(id, envelope.value, now());
  if (outcome === 'duplicate') return sendJson(res, 200, { ok: true, id, duplicate: true }, CORS_HEADERS);
  changes?.notify('lead');
  const what = type === 'lead.partial' ? 'partial lead' : 'lead';
  onLead?.(terminalSafe(`${data.score.tier} ${what} (${data.score.total} points) from ${data.flow.id}@${data.flow.version}: ${data.id}`));
  sendJson(res, 200, { ok: true, id }, CORS_HEADERS);
}
