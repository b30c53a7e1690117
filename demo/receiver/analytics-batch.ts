/**
 * Funnel analytics as a third-party receiver sees them. Written from the documented contract,
 * not imported from src/, so the demo checks what the widget sends the way a real analytics
 * backend would (like envelope.ts does for leads).
 */
export type FunnelEventType = 'view' | 'start' | 'step_view' | 'step_complete' | 'abandon' | 'submit';

export interface FunnelEvent {
  type: FunnelEventType;
  flow: { id: string; version: number };
  /** The A/B variant, or null when the flow runs no experiment. */
  variant: string | null;
  /**
   * A random id of one visit: one run through a flow in one widget, kept across reloads, a new
   * one after completing. No personal data.
   */
  session: string;
  /** The step shown, completed or left; for `submit` the ending. */
  stepId: string;
  /** The step's 0-based position on the visitor's path. */
  index: number;
  at: string;
  /** `step_complete`: time on the step; `submit`: time from the first view to the submit. */
  durationMs?: number;
  /** `abandon` only. */
  reason?: 'hidden' | 'closed';
  /** `submit` only. */
  tier?: string;
  route?: string;
  qualified?: boolean;
  /** A QA visit (the variant forced with `?leadflow_variant=`); stored only when true. */
  qa?: true;
  /** `abandon` only: the visit ended in a suspected bot's lead; stored only when true. */
  bot?: true;
}

export interface AnalyticsBatch {
  /** The same on every retry of the batch: what the receiver de-duplicates by. */
  id: string;
  sentAt: string;
  /** The events that passed validation, with only the listed fields. */
  events: FunnelEvent[];
  /** How many events were malformed and left out. */
  skipped: number;
  /** Why, `events[3].index: expected a whole number ≥ 0`; at most {@link MAX_REPORTED_ISSUES}. */
  skippedIssues: string[];
}

export type BatchValidation = { ok: true; value: AnalyticsBatch } | { ok: false; issues: string[] };
export type EventValidation = { ok: true; value: FunnelEvent } | { ok: false; issues: string[] };

const EVENT_TYPES: ReadonlySet<string> = new Set<FunnelEventType>(['view', 'start', 'step_view', 'step_complete', 'abandon', 'submit']);
const ABANDON_REASONS: ReadonlySet<string> = new Set(['hidden', 'closed']);

/** Ids, step ids, tiers and routes are short; a bound keeps a stranger from storing an essay. */
const MAX_TEXT_LENGTH = 128;
/** A batch with hundreds of broken events needs a few examples, not hundreds of lines. */
export const MAX_REPORTED_ISSUES = 10;

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const isText = (value: unknown): value is string => typeof value === 'string' && value.length > 0 && value.length <= MAX_TEXT_LENGTH;
const isDate = (value: unknown): value is string => typeof value === 'string' && !Number.isNaN(Date.parse(value));
const TEXT = `a string of 1–${MAX_TEXT_LENGTH} characters`;

/**
 * Checks one funnel event and returns a copy holding only the documented fields, and only
 * those that belong to its type (`reason` on an `abandon`, `tier` on a `submit`; `qa` on any,
 * only when true): whatever else a sender adds (an e-mail address, answers) is never stored.
 * A missing `variant` reads as null, the documented "no experiment".
 */
export function parseFunnelEvent(input: unknown, path = 'event'): EventValidation {
  const issues: string[] = [];
  const expect = (ok: boolean, field: string, what: string) => {
    if (!ok) issues.push(`${path}.${field}: expected ${what}`);
    return ok;
  };
  if (!isObject(input)) return { ok: false, issues: [`${path}: expected an object`] };
  const { type, flow, variant = null, session, stepId, index, at, durationMs, reason, tier, route, qualified, qa, bot } = input;
  expect(typeof type === 'string' && EVENT_TYPES.has(type), 'type', `one of ${[...EVENT_TYPES].join(', ')}`);
  if (!isObject(flow)) expect(false, 'flow', 'an object');
  else {
    expect(isText(flow.id), 'flow.id', TEXT);
    expect(Number.isFinite(flow.version), 'flow.version', 'a number');
  }
  expect(variant === null || isText(variant), 'variant', `null or ${TEXT}`);
  expect(isText(session), 'session', TEXT);
  expect(isText(stepId), 'stepId', TEXT);
  expect(Number.isInteger(index) && (index as number) >= 0, 'index', 'a whole number ≥ 0');
  expect(isDate(at), 'at', 'an ISO 8601 date');
  if (durationMs !== undefined) expect(Number.isFinite(durationMs) && (durationMs as number) >= 0, 'durationMs', 'a number ≥ 0');
  if (type === 'abandon' && reason !== undefined) expect(typeof reason === 'string' && ABANDON_REASONS.has(reason), 'reason', '"hidden" or "closed"');
  if (type === 'submit') {
    if (tier !== undefined) expect(isText(tier), 'tier', TEXT);
    if (route !== undefined) expect(isText(route), 'route', TEXT);
    if (qualified !== undefined) expect(typeof qualified === 'boolean', 'qualified', 'a boolean');
  }
  if (qa !== undefined) expect(typeof qa === 'boolean', 'qa', 'a boolean');
  if (bot !== undefined) expect(typeof bot === 'boolean', 'bot', 'a boolean');
  if (issues.length) return { ok: false, issues };

  const checkedFlow = flow as { id: string; version: number };
  const event: FunnelEvent = {
    type: type as FunnelEventType,
    flow: { id: checkedFlow.id, version: checkedFlow.version },
    variant: variant as string | null,
    session: session as string,
    stepId: stepId as string,
    index: index as number,
    at: at as string,
  };
  if (durationMs !== undefined && (type === 'step_complete' || type === 'submit')) event.durationMs = durationMs as number;
  if (type === 'abandon' && reason !== undefined) event.reason = reason as FunnelEvent['reason'];
  if (type === 'submit') Object.assign(event, definedOnly({ tier, route, qualified }));
  // `qa: false` is every other visit: storing it would only lengthen each line.
  if (qa === true) event.qa = true;
  if (type === 'abandon' && bot === true) event.bot = true;
  return { ok: true, value: event };
}

const definedOnly = (fields: Record<string, unknown>) =>
  Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined));

/**
 * Checks an `analytics.batch` body. A wrong envelope (type, id, sentAt, events) refuses the
 * whole batch; a malformed event is left out and counted, so one bad event does not cost the
 * visitor's other events.
 */
export function parseAnalyticsBatch(body: unknown): BatchValidation {
  if (!isObject(body)) return { ok: false, issues: ['(body): expected an object'] };
  const issues: string[] = [];
  if (body.type !== 'analytics.batch') issues.push('type: expected "analytics.batch"');
  if (!isText(body.id)) issues.push(`id: expected ${TEXT}`);
  if (!isDate(body.sentAt)) issues.push('sentAt: expected an ISO 8601 date');
  if (!Array.isArray(body.events)) issues.push('events: expected an array');
  if (issues.length) return { ok: false, issues };

  const events: FunnelEvent[] = [];
  const skippedIssues: string[] = [];
  let skipped = 0;
  (body.events as unknown[]).forEach((input, i) => {
    const parsed = parseFunnelEvent(input, `events[${i}]`);
    if (parsed.ok) return events.push(parsed.value);
    skipped++;
    skippedIssues.push(...parsed.issues.slice(0, MAX_REPORTED_ISSUES - skippedIssues.length));
  });
  return { ok: true, value: { id: body.id as string, sentAt: body.sentAt as string, events, skipped, skippedIssues } };
}
