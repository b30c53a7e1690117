/** A flow that could not be fetched, with what went wrong for the console. */
export class FlowSourceError extends Error {
  override name = 'FlowSourceError';
}

/**
 * The flow's JSON (text or object) from where the snippet points: an object as is, `#id` from
 * an inline `<script type="application/json">`, anything else as a URL relative to the page.
 */
export async function readFlowSource(source: string | object, doc: Document, fetcher: typeof fetch): Promise<unknown> {
  if (typeof source !== 'string') return source;
  if (!source.trim()) throw new FlowSourceError('the element has no flow: set data-leadflow to a URL or "#id"');
  if (source.startsWith('#')) {
    const script = doc.getElementById(source.slice(1));
    if (!script) throw new FlowSourceError(`no element with id "${source.slice(1)}" holds the flow JSON`);
    return script.textContent ?? '';
  }
  let response: Response;
  try {
    response = await fetcher(new URL(source, doc.baseURI).href, { credentials: 'same-origin' });
  } catch (cause) {
    throw new FlowSourceError(`could not fetch the flow from ${source}`, { cause });
  }
  if (!response.ok) throw new FlowSourceError(`fetching the flow from ${source} answered HTTP ${response.status}`);
  return response.text();
}
