import type { IncomingMessage, ServerResponse } from 'node:http';
import { messageIdOf, validateEnvelope } from '../receiver/envelope.ts';
import { CORS_HEADERS, sendCrash, sendJson, sendText } from '../receiver/http.ts';
import { readBody } from '../receiver/read-body.ts';
import { isRetryableStatus } from '../../src/delivery/retry-timing.ts';
import { signPayload } from './sign.ts';

export interface RelayOptions {
  /** Where signed leads are forwarded: your CRM's or automation tool's webhook. */
  target: string;
  /** The Standard Webhooks secret shared with the target (`whsec_…`); it never reaches a browser. */
  secret: string;
  /** Landing-page origins allowed to post (`https://www.example.com`; a page's address is read as its origin). */
  origins: readonly string[];
  /**
   * Message ids already forwarded: the last 100,000 in memory by default. With several instances,
   * a shared store (a Redis set, a table): its `has` and `add` may answer with promises.
   */
  seen?: SeenStore;
  /**
   * For a target that answers a POST it has taken with a redirect: a Google Apps Script web app
   * runs `doPost` (the lead is stored) and then answers `302` to a one-time address for a `GET`
   * on script.googleusercontent.com. A `302` or `303` to where this says counts as delivered;
   * any other redirect means the lead went nowhere (the same web app, not deployed for
   * "Anyone", sends an anonymous POST to Google's sign-in page without running `doPost`).
   * @example (to) => to.hostname === 'script.googleusercontent.com'
   */
  redirectMeansStored?: (to: URL) => boolean;
  fetch?: typeof fetch;
  now?: () => number;
}

/** Where the relay remembers the ids it has forwarded; a `Set<string>` is one. */
export interface SeenStore {
  has(id: string): boolean | Promise<boolean>;
  add(id: string): unknown;
}

/**
 * The last `limit` ids, in memory: a Set that only grew held every id anyone ever posted (a
 * forged Origin is one curl away), and V8 refuses a Set's 2^24th entry.
 */
export function recentIds(limit = 100_000): SeenStore {
  const ids = new Set<string>();
  return {
    has: (id) => ids.has(id),
    add(id) {
      if (ids.size >= limit) ids.delete(ids.values().next().value!);
      ids.add(id);
    },
  };
}

/** The target's answers that blame the relay's set-up, not the lead: unauthorized, forbidden, not found. */
const MISCONFIGURED = new Set([401, 403, 404]);

/**
 * A relay between the widget and a CRM: checks the origin and the envelope, drops a message it
 * has forwarded already (by `webhook-id`, or the same id from the body), signs it per Standard
 * Webhooks and forwards it. The answer tells the widget whether to retry: what the widget
 * itself retries (the target's 5xx, 408, 425, 429) and what says the relay is set up wrong
 * (401, 403, 404) become 503, any other answer that is no 2xx — a redirect too, which is not
 * followed — a 422 (final), so a lead is neither lost nor resent forever.
 */
export function createRelay(options: RelayOptions): (req: IncomingMessage, res: ServerResponse) => Promise<void> {
  // An empty key signs with an HMAC anyone can forge; an unset one would fail every lead later.
  if (typeof options.secret !== 'string' || !Buffer.from(options.secret.replace(/^whsec_/, ''), 'base64').length)
    throw new Error('createRelay: `secret` is empty; give the Standard Webhooks secret (whsec_…) shared with the target');
  // Checked now: a target fetch cannot use (an unset variable, `user:password@`, a relative
  // address) would fail every lead later, each one a silent 503 retried for a week.
  const target = URL.parse(options.target ?? '');
  if (!target || !/^https?:$/.test(target.protocol) || target.username || target.password)
    throw new Error(`createRelay: \`target\` "${options.target}" is no http(s) address without user:password@ (give credentials as the target asks, in its URL's query or a header)`);
  // As a browser writes Origin (lower case, no path, no default port): an entry written
  // otherwise matched nothing, and every lead got a final 403.
  const origins = options.origins.map((entry) => {
    const url = URL.parse(entry);
    if (!url || !/^https?:$/.test(url.protocol)) throw new Error(`createRelay: "${entry}" in \`origins\` is no page origin; write it as https://www.example.com`);
    return url.origin;
  });
  const settings = { ...options, origins };
  const { seen = recentIds() } = options;
  // Two deliveries of one message racing each other (two tabs, a retry) forward it once.
  const forwarding = new Map<string, Promise<Forwarded>>();
  return async (req, res) => {
    try {
      await relay(req, res, settings, seen, (id, forward) => {
        let pending = forwarding.get(id);
        if (!pending) {
          pending = forward().finally(() => forwarding.delete(id));
          forwarding.set(id, pending);
        }
        return pending;
      });
    } catch (error) {
      // The documented wiring is `void relay(req, res)`: a rejection here would end the process.
      sendCrash(res, error, 'relay', corsFor(req, origins));
    }
  };
}

/** The CORS headers of every answer: the page's origin when it is one allowed to post. */
function corsFor(req: IncomingMessage, origins: readonly string[]) {
  const origin = req.headers.origin ?? '';
  return { ...CORS_HEADERS, 'access-control-allow-origin': origins.includes(origin) ? origin : 'null', vary: 'Origin' };
}

/** How long the target may take; the widget gives up on the relay after 10 s. */
const FORWARD_TIMEOUT_MS = 8000;

/** The target's answer to a forward: its status, and when it asked to be tried again. */
interface Forwarded {
  status: number;
  retryAfter?: string | null;
}

type Once = (id: string, forward: () => Promise<Forwarded>) => Promise<Forwarded>;

async function relay(req: IncomingMessage, res: ServerResponse, options: RelayOptions, seen: SeenStore, once: Once): Promise<void> {
  const { target, secret, origins, now = Date.now } = options;
  const origin = req.headers.origin ?? '';
  const cors = corsFor(req, origins);
  if (req.method === 'OPTIONS') return sendText(res, 204, '', cors);
  if (req.method !== 'POST') return sendJson(res, 405, { ok: false, error: 'method_not_allowed' }, cors);
  if (!origins.includes(origin)) return sendJson(res, 403, { ok: false, error: 'origin_not_allowed' }, cors);

  const body = await readBody(req, 256 * 1024).catch(() => undefined);
  if (!body) return void res.destroy(); // the client hung up mid-body: nobody to answer
  // And hang up: the rest of a body that never ends would otherwise be read until the server's timeout.
  if (!body.ok) return sendJson(res, 413, { ok: false, error: 'payload_too_large' }, { ...cors, connection: 'close' });
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.text);
  } catch {
    return sendJson(res, 400, { ok: false, error: 'invalid_json' }, cors);
  }
  const envelope = validateEnvelope(parsed);
  if (!envelope.ok) return sendJson(res, 400, { ok: false, error: 'invalid_lead', issues: envelope.issues }, cors);
  let forwarded: string;
  try {
    // Nested deeper than the stack allows (JSON.parse copes, JSON.stringify does not).
    forwarded = JSON.stringify(envelope.value);
  } catch {
    return sendJson(res, 400, { ok: false, error: 'invalid_lead' }, cors);
  }
  const id = messageIdOf(envelope.value);
  const header = req.headers['webhook-id'];
  if (header !== undefined && header !== id) return sendJson(res, 400, { ok: false, error: 'id_mismatch' }, cors);
  if (await seen.has(id)) return sendJson(res, 200, { ok: true, id, duplicate: true }, cors);

  const { status, retryAfter } = await once(id, async () => {
    // Sign exactly the bytes that are forwarded, with the time of forwarding.
    const timestamp = Math.floor(now() / 1000);
    try {
      const response = await (options.fetch ?? fetch)(target, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'webhook-id': id,
          'webhook-timestamp': String(timestamp),
          'webhook-signature': signPayload(secret, id, timestamp, forwarded),
        },
        body: forwarded,
        // Followed, a 301, 302 or 303 would become a GET without the lead, and its 200 would
        // look delivered (the widget refuses redirects for the same reason).
        redirect: 'manual',
        // Under the widget's own 10 s, so a silent target is a 503 it retries, not its timeout.
        signal: AbortSignal.timeout(FORWARD_TIMEOUT_MS),
      });
      // Its body unread would keep the connection (and the body) until the timeout, per lead.
      await response.body?.cancel().catch(() => {});
      const status = storedByRedirect(response, target, options.redirectMeansStored) ? 200 : response.status;
      // Remembered before this forward ends, so a copy arriving meanwhile joins it, not a new one.
      if (status >= 200 && status < 300)
        await Promise.resolve()
          .then(() => seen.add(id))
          // A full or unreachable store must not turn a lead the target took into a 500 (retried,
          // forwarded again): the target de-duplicates by webhook-id too.
          .catch((error: unknown) => console.error(`relay: could not remember ${id} as forwarded:`, error));
      return { status, retryAfter: response.headers.get('retry-after') };
    } catch (error) {
      console.error(`relay: forwarding ${id} failed:`, error);
      return { status: 503 };
    }
  });
  if (status >= 200 && status < 300) return sendJson(res, 200, { ok: true, id }, cors);
  // The relay itself is refused: a secret rotated at the target, a hook moved or deleted. No lead
  // is wrong then, and a final answer would drop every one until someone noticed; retried, they
  // arrive once the owner fixes the relay (the widget keeps trying for a week).
  const misconfigured = MISCONFIGURED.has(status);
  if (misconfigured)
    console.error(`relay: the target answered ${id} with ${status}: check the relay's secret and target address (the widget will send the lead again)`);
  const retry = misconfigured || isRetryableStatus(status);
  // The target's own wish for when to try again (a 429's Retry-After) goes to the widget.
  const headers = retry && retryAfter ? { ...cors, 'retry-after': retryAfter } : cors;
  sendJson(res, retry ? 503 : 422, { ok: false, error: retry ? 'target_unavailable' : 'target_refused', status }, headers);
}

/** A `302` or `303` to where the target sends a POST it has taken (see `redirectMeansStored`). */
function storedByRedirect(response: Response, target: string, means: RelayOptions['redirectMeansStored']): boolean {
  const to = response.headers.get('location');
  if (!means || !to || (response.status !== 302 && response.status !== 303)) return false;
  try {
    return means(new URL(to, target));
  } catch {
    return false;
  }
}
