import { fail, ok, type Result } from '../shared/result.ts';

/** A flow file that has not arrived after this long is reported, so `ready` always settles. */
const FETCH_TIMEOUT_MS = 15_000;

/**
 * The flow's JSON (text or object) from where the snippet points: an object as is, `#id` from
 * an inline `<script type="application/json">`, anything else as a URL relative to the page.
 * What can go wrong (no such element, offline, 404) comes back as a message for the console.
 */
/** Whether a node follows `element` in the document: the parser has then read all of it. */
function parsedPast(element: Node): boolean {
  for (let node: Node | null = element; node; node = node.parentNode) if (node.nextSibling) return true;
  return false;
}

export async function readFlowSource(source: string | object, doc: Document, fetcher: typeof fetch): Promise<Result<unknown, string>> {
  if (typeof source !== 'string') return ok(source);
  if (!source.trim()) return fail(['data-leadflow is empty: set it to a flow URL or "#id"']);
  if (source[0] === '#') {
    let script = doc.getElementById(source.slice(1));
    // While the page is still parsing, the inline flow may be further down, or half read: it is
    // whole once the parser has put anything after it. Then there is no need to wait for the
    // rest of the page (DOMContentLoaded) before showing the form.
    if (doc.readyState === 'loading' && !(script && parsedPast(script))) {
      await new Promise((done) => doc.addEventListener('DOMContentLoaded', done, { once: true }));
      script = doc.getElementById(source.slice(1));
    }
    return script ? ok(script.textContent) : fail([`no element with id "${source.slice(1)}" holds the flow JSON`]);
  }
  try {
    // Safari before 16 has no AbortSignal.timeout: there the fetch simply has no time limit.
    const response = await fetcher(new URL(source, doc.baseURI).href, { signal: AbortSignal.timeout?.(FETCH_TIMEOUT_MS) });
    return response.ok ? ok(await response.text()) : fail([`fetching the flow from ${source} answered HTTP ${response.status}`]);
  } catch {
    return fail([`could not fetch the flow from ${source} (offline, too slow, or blocked by CORS or CSP?)`]);
  }
}
