import { afterEach, describe, expect, it, vi } from 'vitest';
import { readFlowSource } from '../../src/embed/flow-source.ts';

const FLOW = '{"id":"inline"}';
const unusedFetch = (() => Promise.reject(new Error('no fetch for an inline flow'))) as typeof fetch;

/** The page as the parser has read it so far: `document.readyState` stays "loading" until `finish()`. */
function parsing() {
  let state: DocumentReadyState = 'loading';
  vi.spyOn(document, 'readyState', 'get').mockImplementation(() => state);
  return {
    finish() {
      state = 'interactive';
      document.dispatchEvent(new Event('DOMContentLoaded'));
    },
  };
}

function flowScript(text = FLOW): HTMLScriptElement {
  const script = document.createElement('script');
  script.type = 'application/json';
  script.id = 'flow';
  script.textContent = text;
  return script;
}

const settled = async (promise: Promise<unknown>) => {
  let done = false;
  void promise.then(() => (done = true));
  for (let i = 0; i < 5; i++) await Promise.resolve();
  return done;
};

afterEach(() => {
  vi.restoreAllMocks();
  document.body.replaceChildren();
});

describe('an inline flow while the page is still parsing', () => {
  it('is read at once when the parser has gone past it (the script tag comes after it)', async () => {
    parsing();
    document.body.append(flowScript(), document.createElement('div'));
    await expect(readFlowSource('#flow', document, unusedFetch)).resolves.toEqual({ ok: true, value: FLOW });
  });

  it('waits for DOMContentLoaded when nothing follows it yet (its text may be half read)', async () => {
    const page = parsing();
    const script = flowScript('{"id":');
    document.body.append(script);
    const read = readFlowSource('#flow', document, unusedFetch);
    expect(await settled(read)).toBe(false);
    script.textContent = FLOW;
    page.finish();
    await expect(read).resolves.toEqual({ ok: true, value: FLOW });
  });

  it('waits for DOMContentLoaded when the flow is further down the page, then finds it', async () => {
    const page = parsing();
    const read = readFlowSource('#flow', document, unusedFetch);
    expect(await settled(read)).toBe(false);
    document.body.append(flowScript(), document.createElement('footer'));
    page.finish();
    await expect(read).resolves.toEqual({ ok: true, value: FLOW });
  });

  it('names the id when the page has finished and no element holds the flow', async () => {
    const page = parsing();
    const read = readFlowSource('#missing', document, unusedFetch);
    page.finish();
    await expect(read).resolves.toEqual({ ok: false, issues: ['no element with id "missing" holds the flow JSON'] });
  });
});
