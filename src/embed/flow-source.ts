import { fail, ok, type Result } from '../shared/result.ts';

/** A flow file that has not arrived after this long is reported, so `ready` settles (offline: once back online). */
const FETCH_TIMEOUT_MS = 15_000;

/**
 * Waits before fetching a flow file again after a failure that may pass (a dropped connection
 * on a train, a CDN's 503): a visitor gets the form a few seconds later instead of "try again
 * later". Not after a timeout (15 s is long enough), nor a 4xx other than 408 and 429.
 */
const RETRY_MS = [1000, 3000];

/**
 * The script tag LeadFlow runs from, when the page's parser ran it (not a module or an injected
 * script): the parser had read everything before that tag when it ran it. Known only while the
 * script runs, so taken when this module is set up.
 */
const ownScript = globalThis.document?.currentScript ?? null;

/** `Node.DOCUMENT_POSITION_*` as numbers, which the minifier can fold. */
const DISCONNECTED = 1;
const FOLLOWING = 4;

/** Whether `element` comes before `script` in the same document: the parser read all of it before reaching the script. */
const readBefore = (element: Element, script: Element | null) =>
  !!script && (element.compareDocumentPosition(script) & (FOLLOWING | DISCONNECTED)) === FOLLOWING;

/** A flow as read: its JSON (text or object), and the URL its variant files are relative to. */
export interface FlowSource {
  json: unknown;
  /** Where the file came from after any redirect, as a browser resolves links in it; else the page's base URL. */
  base: string;
}

/**
 * The flow's JSON (text or object) from where the snippet points: an object as is, `#id` from
 * an inline `<script type="application/json">`, anything else as a URL relative to the page.
 * What can go wrong (no such element, offline, 404) comes back as a message for the console.
 * Offline, the file is fetched again once `wait()` says the browser is back online (an inline
 * form that loads its flow only when scrolled to may be reached in a tunnel); after a failure
 * that may pass, again after `wait(ms)` (RETRY_MS). `false` from it (the widget unmounted
 * meanwhile) ends the wait with the failure. Without `wait` (variant files), once.
 * `from` is the widget's element (an `#id` is looked up in its shadow root first, for a page
 * built of web components) or its document; `parsedUpTo` is a script element the parser has
 * run (by default LeadFlow's own).
 */
export async function readFlowSource(
  source: string | object,
  from: Element | Document,
  fetcher: typeof fetch,
  parsedUpTo: Element | null = ownScript,
  wait?: (ms?: number) => Promise<boolean>,
): Promise<Result<FlowSource, string>> {
  const doc = from.ownerDocument ?? (from as Document);
  if (source == null) return fail(['the "flow" option is missing: set it to a flow URL, "#id" or the flow object']);
  if (typeof source !== 'string') return ok({ json: source, base: doc.baseURI });
  if (!source.trim()) return fail(['data-leadflow is empty: set it to a flow URL or "#id"']);
  if (source[0] === '#') {
    const byId = () => (from.getRootNode() as Partial<DocumentOrShadowRoot & NonElementParentNode>).getElementById?.(source.slice(1)) ?? doc.getElementById(source.slice(1));
    let script = byId();
    // While the page is still parsing, the inline flow may be further down, or half read. One
    // before LeadFlow's own script tag is whole: no need to wait for the rest of the page
    // before showing the form. (A node after it proves nothing: the parser puts a script between
    // </head> and <body> into <head>, after the whitespace it has already placed after <head>.)
    // The end of parsing as `readystatechange` tells it, not DOMContentLoaded: Cloudflare's Rocket
    // Loader, running this script, may never deliver that to a listener added by it.
    if (doc.readyState === 'loading' && !(script && readBefore(script, parsedUpTo))) {
      await new Promise((done) => doc.addEventListener('readystatechange', done, { once: true }));
      script = byId();
    }
    return script ? ok({ json: script.textContent, base: doc.baseURI }) : fail([`no element with id "${source.slice(1)}" holds the flow JSON`]);
  }
  // Named as fetched: relative to the page's base URL, which a `<base href>` may move elsewhere.
  let url = source;
  try {
    url = new URL(source, doc.baseURI).href;
    // Safari before 16 has no AbortSignal.timeout: there the fetch simply has no time limit. No
    // referrer: the page's address may hold a prefilled e-mail.
    const get = () => fetcher(url, { signal: AbortSignal.timeout?.(FETCH_TIMEOUT_MS), referrerPolicy: 'no-referrer' });
    let response: Response | undefined;
    for (let retry = 0; !response; retry++) {
      try {
        response = await get();
        if (retry < RETRY_MS.length && /^(5..|408|429)$/.test(`${response.status}`) && (await wait?.(RETRY_MS[retry]))) response = undefined;
      } catch (error) {
        // Offline: again once back online (that try counts for nothing); else after a pause.
        const offline = doc.defaultView?.navigator.onLine === false;
        if (!(offline ? await wait?.() : retry < RETRY_MS.length && (error as Error).name !== 'TimeoutError' && (await wait?.(RETRY_MS[retry])))) throw error;
        if (offline) retry--;
      }
    }
    return response.ok
      ? ok({ json: await response.text(), base: response.url || url })
      : fail([`fetching the flow from ${url} answered HTTP ${response.status}`]);
  } catch {
    return fail([`could not fetch the flow from ${url} (offline, too slow, or blocked by CORS or CSP?)`]);
  }
}
