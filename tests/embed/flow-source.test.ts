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
 * until `finish(text)` gives the flow the rest of its text and fires DOMContentLoaded.
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
