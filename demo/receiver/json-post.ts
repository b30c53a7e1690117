import type { IncomingMessage, ServerResponse } from 'node:http';
import { CORS_HEADERS, mediaType, sendJson, sendText } from './http.ts';
import { readBody } from './read-body.ts';

export interface JsonPostOptions {
  /** What to post, as the 405 names it: `a lead envelope` gives "POST a lead envelope here". */
  expected: string;
  /** Media types accepted, the first named first in the 415: `['application/json', 'text/plain']`. */
  accepted: readonly string[];
  /** Bodies larger than this are answered with a 413. */
  maxBodyBytes: number;
}

/** Answers `{ ok: false, error, ...details }` with the CORS headers, so another origin can read it. */
export function sendError(res: ServerResponse, status: number, error: string, details: Record<string, unknown>): void {
  sendJson(res, status, { ok: false, error, ...details }, CORS_HEADERS);
}

/**
 * The part every JSON endpoint of the receiver shares: answers a CORS preflight (204), another
 * method (405), another media type (415), a body too large (413) or one that is not JSON (400
 * `invalid_json`) itself and gives undefined; otherwise gives the parsed body, still unchecked.
 */
export async function readJsonPost(req: IncomingMessage, res: ServerResponse, options: JsonPostOptions): Promise<{ value: unknown } | undefined> {
  const { expected, accepted, maxBodyBytes } = options;
  if (req.method === 'OPTIONS') {
    sendText(res, 204, '', CORS_HEADERS);
    return undefined;
  }
  if (req.method !== 'POST') {
    sendJson(res, 405, { ok: false, error: 'method_not_allowed', message: `POST ${expected} here` }, { ...CORS_HEADERS, allow: 'POST, OPTIONS' });
    return undefined;
  }
  if (!accepted.includes(mediaType(req))) {
    sendError(res, 415, 'unsupported_media_type', { message: `send ${accepted.join(' or ')}` });
    return undefined;
  }

  const body = await readBody(req, maxBodyBytes);
  if (!body.ok) {
    sendError(res, body.status, 'payload_too_large', { message: body.message });
    return undefined;
  }
  try {
    return { value: JSON.parse(body.text) };
  } catch (error) {
    sendError(res, 400, 'invalid_json', { message: (error as Error).message });
    return undefined;
  }
}
