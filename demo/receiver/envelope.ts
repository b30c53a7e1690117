/**
 * The lead envelope as a third-party receiver sees it. Written from the documented contract,
 * not imported from src/, so the demo checks what the widget sends the way a real CRM would.
 */
export interface LeadEnvelope {
  /** `lead.partial` (contact step done, flow not finished) and later `lead.submitted` share `data.id`. */
  type: 'lead.submitted' | 'lead.partial';
  timestamp: string;
  data: {
    id: string;
    /** `lead.partial`: 1, 2, … each time the visitor completed the contact step again. */
    revision?: number;
    flow: { id: string; version: number };
    /** The A/B variant the visitor was assigned; absent (or null) when the flow runs no experiment. */
    variant?: string | null;
    locale?: string;
    answers: Record<string, { value: unknown; label?: string | string[] }>;
    contact: Record<string, string>;
    score: { total: number; tier: string; trace?: unknown[]; [key: string]: unknown };
    attribution?: Record<string, string>;
    meta?: Record<string, unknown>;
  };
}

export type Validation = { ok: true; value: LeadEnvelope } | { ok: false; issues: string[] };

/** Long enough for a UUID or any sane id; a bound so an id cannot bloat the log line. */
const MAX_ID_LENGTH = 128;
const ID = new RegExp(`^[\\w.:-]{1,${MAX_ID_LENGTH}}$`);

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Checks that a parsed body looks like a lead envelope. Deliberately shallow: enough to
 * refuse garbage with a precise message (`data.flow.version: expected a number`), not a
 * second copy of the widget's schema.
 */
export function validateEnvelope(body: unknown): Validation {
  const issues: string[] = [];
  const expect = (ok: boolean, path: string, what: string) => {
    if (!ok) issues.push(`${path}: expected ${what}`);
    return ok;
  };
  const object = (value: unknown, path: string): value is Record<string, unknown> =>
    expect(isObject(value), path, 'an object');

  if (!object(body, '(body)')) return { ok: false, issues };
  expect(body.type === 'lead.submitted' || body.type === 'lead.partial', 'type', '"lead.submitted" or "lead.partial"');
  expect(typeof body.timestamp === 'string' && !Number.isNaN(Date.parse(body.timestamp)), 'timestamp', 'an ISO 8601 date');
  const data = body.data;
  if (!object(data, 'data')) return { ok: false, issues };
  // Only what a header carries unchanged: the id becomes the `webhook-id` a relay forwards (CR/LF
  // would inject a header, spaces are trimmed from it, other characters make fetch throw).
  expect(typeof data.id === 'string' && ID.test(data.id), 'data.id', `1–${MAX_ID_LENGTH} letters, digits, "-", "_", "." or ":"`);
  // Part of a partial's message id (`<id>.partial.<revision>`).
  if (data.revision !== undefined) expect(Number.isInteger(data.revision) && (data.revision as number) >= 1, 'data.revision', 'a whole number from 1');
  if (object(data.flow, 'data.flow')) {
    expect(typeof data.flow.id === 'string' && data.flow.id !== '', 'data.flow.id', 'a non-empty string');
    expect(Number.isFinite(data.flow.version), 'data.flow.version', 'a number');
  }
  if (data.variant !== undefined && data.variant !== null) expect(typeof data.variant === 'string', 'data.variant', 'a string');
  if (data.locale !== undefined) expect(typeof data.locale === 'string', 'data.locale', 'a string');
  if (object(data.answers, 'data.answers'))
    for (const [key, answer] of Object.entries(data.answers))
      expect(isObject(answer) && 'value' in answer, `data.answers.${key}`, 'an object with a "value"');
  if (object(data.contact, 'data.contact'))
    for (const [key, value] of Object.entries(data.contact)) expect(typeof value === 'string', `data.contact.${key}`, 'a string');
  if (object(data.score, 'data.score')) {
    expect(Number.isFinite(data.score.total), 'data.score.total', 'a number');
    expect(typeof data.score.tier === 'string', 'data.score.tier', 'a string');
  }
  for (const key of ['attribution', 'meta']) if (data[key] !== undefined) object(data[key], `data.${key}`);
  return issues.length ? { ok: false, issues } : { ok: true, value: body as unknown as LeadEnvelope };
}

/**
 * The message id a receiver de-duplicates by: the `webhook-id` header's value, which is
 * `data.id` for `lead.submitted` and `<data.id>.partial.<data.revision>` for `lead.partial`. A simple-mode
 * request or a beacon carries no header, so it is derived from the body the same way.
 */
export const messageIdOf = (envelope: LeadEnvelope): string =>
  envelope.type === 'lead.partial' ? `${envelope.data.id}.partial.${envelope.data.revision ?? 1}` : envelope.data.id;
