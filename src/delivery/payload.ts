import type { AnswerSummary, ScoreResult } from '../engine/index.ts';

/** One lead as the webhook receives it in `data`. Versioned with the flow, documented in the README. */
export interface LeadData {
  /** The lead's UUIDv7; also the `webhook-id` header, stable across retries, so receivers dedupe on it. */
  id: string;
  /**
   * `lead.partial` only: 1 for the first, one more each time the visitor completes the
   * contact step again (a corrected e-mail address), so each version has its own `webhook-id`.
   */
  revision?: number;
  flow: { id: string; version: number };
  /** The A/B variant the visitor saw (the flow's or the snippet's `variants`); absent without an experiment. */
  variant?: string;
  /** A variant that shows another flow file: that file's id and version (re-score with it). */
  variantFlow?: { id: string; version: number };
  locale: string;
  /** Every non-contact answer by question id, with the label the visitor saw. */
  answers: Record<string, AnswerSummary>;
  /** Contact fields by field id (`name`, `email`, …). */
  contact: Record<string, string>;
  /** The score and its trace: the "why" behind the tier. */
  score: ScoreResult;
  /** Allow-listed campaign parameters and the referrer; see {@link collectAttribution}. */
  attribution: Record<string, string>;
  /** Hidden fields: those the flow declares, read from the page URL, and whatever the snippet sets. */
  hidden: Record<string, string>;
  /** Where and when; the browser is in the request's own User-Agent header, so it is not repeated here. */
  /**
   * Where and when: `completedAt` on `lead.submitted`, `updatedAt` on `lead.partial`;
   * `suspectedBot` (`{ honeypot, tooFast, fillMs }`) when the snippet flags bots instead of dropping them;
   * `qa: true` when the variant was forced with `?leadflow_variant=`.
   */
  meta: { page?: string; startedAt?: string; completedAt?: string; updatedAt?: string; [k: string]: unknown };
}

/**
 * `lead.submitted` when the visitor finished; `lead.partial` (a flow setting) as soon as they
 * completed the contact step, with the same `data.id`, so a visitor who leaves then is not lost.
 */
export type LeadEventType = 'lead.submitted' | 'lead.partial';

/** The Standard Webhooks envelope around a lead. */
export interface LeadEnvelope {
  type: LeadEventType;
  /** ISO 8601 UTC without milliseconds: `2026-11-27T10:00:00Z`. */
  timestamp: string;
  data: LeadData;
}

export function buildLeadEnvelope(data: LeadData, now: Date, type: LeadEventType = 'lead.submitted'): LeadEnvelope {
  return { type, timestamp: now.toISOString().slice(0, 19) + 'Z', data };
}

/**
 * The message's `webhook-id`: the lead id for `lead.submitted`, `<lead id>.partial.<revision>`
 * for a partial event, so a receiver de-duplicating by `webhook-id` keeps every event of a lead.
 */
export const messageId = (envelope: LeadEnvelope): string =>
  envelope.type === 'lead.partial' ? `${envelope.data.id}.partial.${envelope.data.revision ?? 1}` : envelope.data.id;

/**
 * Parameters forwarded as attribution. An allow-list, never "every URL parameter": query
 * strings carry session tokens, e-mail addresses and reset links that must not reach a CRM.
 */
const ATTRIBUTION_KEYS = ['utm_source', 'utm_medium', 'utm_campaign', 'utm_term', 'utm_content', 'gclid', 'fbclid', 'msclkid', 'li_fat_id'];

/** Long enough for any real campaign value; a bound so a crafted link cannot bloat the payload. */
const MAX_LENGTH = 200;

// Truncates by code point, so an emoji at the edge is dropped whole rather than split in half.
const truncate = (value: string) => (value.length > MAX_LENGTH ? [...value].slice(0, MAX_LENGTH).join('') : value);

/**
 * Campaign attribution of the page a lead came from.
 *
 * @example
 * collectAttribution(location.href, document.referrer);
 * // { utm_source: "newsletter", gclid: "abc", referrer: "https://www.google.com/search" }
 */
export function collectAttribution(url: string, referrer: string): Record<string, string> {
  const attribution: Record<string, string> = {};
  let params: URLSearchParams | undefined;
  try {
    params = new URL(url).searchParams;
  } catch {
    // An unparsable page URL means no campaign data, not a lost lead.
  }
  for (const key of ATTRIBUTION_KEYS) {
    const value = params?.get(key);
    if (value) attribution[key] = truncate(value);
  }
  // Where the visitor came from, not what they did there: no query string, no fragment.
  const from = referrer.match(/^[^?#]*/)![0];
  if (from) attribution.referrer = truncate(from);
  return attribution;
}
