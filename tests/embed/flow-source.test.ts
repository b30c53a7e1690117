import { afterEach, describe, expect, it, vi } from 'vitest';
import { readFlowSource } from '../../src/embed/flow-source.ts';

const FLOW = '{"id":"inline"}';
/** The inline flow as read: its variant files are relative to the page. */
const READ = { ok: true, value: { json: FLOW, base: location.href } };
const unusedFetch = (() => Promise.reject(new Error('no fetch for an inline flow'))) as typeof fetch;

/**
 * A page as the HTML parser has built it after reading only `html` (the jsdom parser places
 * nodes as a browser's does): the flow's <script> holds the part of its text read so far, and
 * `#leadflow` is LeadFlow's own script tag if the part read has one. `readyState` is "loading"
 * until `finish(text)` gives the flow the rest of its text, says "interactive" with
 * readystatechange and fires DOMContentLoaded, as a browser does at the end of parsing.
 */
function halfParsed(html: string) {
  const doc = new DOMParser().parseFromString(html, 'text/html');
  let state: DocumentReadyState = 'loading';
  vi.spyOn(doc, 'readyState', 'get').mockImplementation(() => state);
  return {
    doc,
    ownScript: doc.getElementById('leadflow'),
    finish(text = FLOW) {
      const flow = doc.getElementById('flow');
      if (flow) flow.textContent = text;
      state = 'interactive';
      doc.dispatchEvent(new Event('readystatechange'));
      doc.dispatchEvent(new Event('DOMContentLoaded'));
    },
  };
}

/** Whether `promise` settles within a few microtask turns (it does not wait for anything). */
const settlesNow = async (promise: Promise<unknown>) => {
  let done = false;
  void promise.then(() => (done = true));
  for (let i = 0; i < 5; i++) await Promise.resolve();
  return done;
};

const FLOW_TAG = (text: string) => `<script id="flow" type="application/json">${text}</script>`;
const OWN_TAG = '<script id="leadflow" src="/leadflow.js"></script>';

afterEach(() => vi.restoreAllMocks());

describe('an inline flow while the page is still parsing', () => {
  it('is read at once when it comes before LeadFlow’s own script tag (the parser has read all of it)', async () => {
    const page = halfParsed(`<!doctype html><body>${FLOW_TAG(FLOW)}<div data-leadflow="#flow"></div>${OWN_TAG}`);
    await expect(readFlowSource('#flow', page.doc, unusedFetch, page.ownScript)).resolves.toEqual(READ);
  });

  it('is read at once from between </head> and <body>, where the parser puts it into <head>', async () => {
    const page = halfParsed(`<!doctype html><html><head><title>t</title></head>\n${FLOW_TAG(FLOW)}<body>${OWN_TAG}`);
    await expect(readFlowSource('#flow', page.doc, unusedFetch, page.ownScript)).resolves.toEqual(READ);
  });

  // The three cases below once read a half-read flow at once: a node after the flow (or after one
  // of its ancestors) was taken as proof that the parser had read it. The parser itself puts
  // nodes out of source order, and other scripts append nodes wherever they like.
  it('waits when it sits between </head> and <body> and LeadFlow’s async tag came earlier', async () => {
    const page = halfParsed(`<!doctype html><html><head>${OWN_TAG}</head>\n<script id="flow" type="application/json">{"id":`);
    const read = readFlowSource('#flow', page.doc, unusedFetch, page.ownScript);
    expect(await settlesNow(read)).toBe(false);
    page.finish();
    await expect(read).resolves.toEqual(READ);
  });

  it('waits when it comes after </body> and a comment (the comment is placed after <body>)', async () => {
    const page = halfParsed(`<!doctype html><html><head>${OWN_TAG}</head><body><p>hi</p></body>\n<!-- analytics -->\n<script id="flow" type="application/json">{"id":`);
    const read = readFlowSource('#flow', page.doc, unusedFetch, page.ownScript);
    expect(await settlesNow(read)).toBe(false);
    page.finish();
    await expect(read).resolves.toEqual(READ);
  });

  it('waits when another script appended a node to <body> after the half-read flow', async () => {
    const page = halfParsed(`<!doctype html><html><head>${OWN_TAG}</head><body><script id="flow" type="application/json">{"id":`);
    page.doc.body.append(page.doc.createElement('div'));
    const read = readFlowSource('#flow', page.doc, unusedFetch, page.ownScript);
    expect(await settlesNow(read)).toBe(false);
    page.finish();
    await expect(read).resolves.toEqual(READ);
  });

  it('waits when LeadFlow did not come from a script tag the parser ran (a module, an injected script)', async () => {
    const page = halfParsed(`<!doctype html><body>${FLOW_TAG('{"id":')}<div></div>`);
    const read = readFlowSource('#flow', page.doc, unusedFetch, null);
    expect(await settlesNow(read)).toBe(false);
    page.finish();
    await expect(read).resolves.toEqual(READ);
  });

  it('waits for a flow further down the page, then finds it', async () => {
    const page = halfParsed(`<!doctype html><body><div data-leadflow="#flow"></div>${OWN_TAG}`);
    const read = readFlowSource('#flow', page.doc, unusedFetch, page.ownScript);
    expect(await settlesNow(read)).toBe(false);
    page.doc.body.insertAdjacentHTML('beforeend', FLOW_TAG('{"id":'));
    page.finish();
    await expect(read).resolves.toEqual(READ);
  });

  it('does not take a script tag of another document as its own', async () => {
    const other = halfParsed(`<!doctype html><body>${OWN_TAG}`);
    const page = halfParsed(`<!doctype html><body>${FLOW_TAG('{"id":')}`);
    const read = readFlowSource('#flow', page.doc, unusedFetch, other.ownScript);
    expect(await settlesNow(read)).toBe(false);
    page.finish();
    await expect(read).resolves.toEqual(READ);
  });

  it('names the id when the page has finished and no element holds the flow', async () => {
    const page = halfParsed(`<!doctype html><body>${OWN_TAG}`);
    const read = readFlowSource('#missing', page.doc, unusedFetch, page.ownScript);
    page.finish();
    await expect(read).resolves.toEqual({ ok: false, issues: ['no element with id "missing" holds the flow JSON'] });
  });
});

describe('a flow file whose first fetch fails', () => {
  const URL_ = 'https://cdn.example/flows/bant.json';
  /** A fetch answering each call in turn: a status (with the flow as body), or a thrown error. */
  function fetchAnswering(...answers: Array<number | Error | DOMException>) {
    const calls: string[] = [];
    const fetcher = ((url: string) => {
      calls.push(url);
      const next = answers.shift()!;
      if (typeof next !== 'number') return Promise.reject(next);
      return Promise.resolve(new Response(next < 300 ? FLOW : 'busy', { status: next }));
    }) as unknown as typeof fetch;
    return { fetcher, calls };
  }
  /** `wait` as the widget passes it, recording each pause (undefined: until back online). */
  function waits(answer = true) {
    const asked: Array<number | undefined> = [];
    return { asked, wait: (ms?: number) => (asked.push(ms), Promise.resolve(answer)) };
  }
  const page = () => new DOMParser().parseFromString('<p>page</p>', 'text/html');

  it('is fetched again after 1 s and 3 s when the connection drops or the server is busy (5xx, 408, 429), and read when it comes', async () => {
    for (const failures of [[new TypeError('Failed to fetch'), 503], [429, 408], [500, new TypeError('Failed to fetch')]]) {
      const { fetcher, calls } = fetchAnswering(...failures, 200);
      const { asked, wait } = waits();
      await expect(readFlowSource(URL_, page(), fetcher, null, wait)).resolves.toEqual({ ok: true, value: { json: FLOW, base: URL_ } });
      expect(calls, String(failures)).toEqual([URL_, URL_, URL_]);
      expect(asked).toEqual([1000, 3000]);
    }
  });

  it('is given up on after three tries, and at once for a 404, a timeout or without `wait` (variant files)', async () => {
    const busy = fetchAnswering(503, 503, 503, 200);
    await expect(readFlowSource(URL_, page(), busy.fetcher, null, waits().wait)).resolves.toEqual({ ok: false, issues: [`fetching the flow from ${URL_} answered HTTP 503`] });
    expect(busy.calls).toHaveLength(3);

    const missing = fetchAnswering(404, 200);
    const notFound = waits();
    await expect(readFlowSource(URL_, page(), missing.fetcher, null, notFound.wait)).resolves.toEqual({ ok: false, issues: [`fetching the flow from ${URL_} answered HTTP 404`] });
    expect(notFound.asked).toEqual([]);

    const slow = fetchAnswering(new DOMException('signal timed out', 'TimeoutError'), 200);
    const timedOut = waits();
    await expect(readFlowSource(URL_, page(), slow.fetcher, null, timedOut.wait)).resolves.toMatchObject({ ok: false });
    expect(timedOut.asked).toEqual([]);

    const variant = fetchAnswering(503, 200);
    await expect(readFlowSource(URL_, page(), variant.fetcher, null)).resolves.toMatchObject({ ok: false });
    expect(variant.calls).toHaveLength(1);
  });

  it('stops waiting when the widget is unmounted meanwhile (`wait` answers false)', async () => {
    const { fetcher, calls } = fetchAnswering(new TypeError('Failed to fetch'), 200);
    await expect(readFlowSource(URL_, page(), fetcher, null, waits(false).wait)).resolves.toMatchObject({ ok: false });
    expect(calls).toHaveLength(1);
  });

  it('offline, waits until the browser is back online, as often as it drops, without counting those tries', async () => {
    // The test's own document: a parsed one has no window to ask.
    const doc = document;
    let online = false;
    vi.spyOn(navigator, 'onLine', 'get').mockImplementation(() => online);
    const offline = new TypeError('Failed to fetch');
    const { fetcher, calls } = fetchAnswering(offline, offline, offline, offline, 200);
    const asked: Array<number | undefined> = [];
    const wait = (ms?: number) => {
      asked.push(ms);
      // Back online after the third drop.
      if (asked.length === 3) online = true;
      return Promise.resolve(true);
    };
    await expect(readFlowSource(URL_, doc, fetcher, null, wait)).resolves.toMatchObject({ ok: true });
    expect(calls).toHaveLength(5);
    expect(asked).toEqual([undefined, undefined, undefined, 1000]);
  });
});
