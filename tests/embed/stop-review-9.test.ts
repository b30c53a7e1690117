/**
 * Stop review 9 (jsdom, against src): the flow file's retries around unmount, and the
 * misconfiguration warnings on valid pages.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { mount } from '../../src/embed/mount.tsx';
import { readDataOptions } from '../../src/embed/options.ts';
import { cleanupMounted, host, mountWidget, pageOutbox, sleep } from './support/harness.ts';

afterEach(() => {
  cleanupMounted();
  vi.restoreAllMocks();
  document.body.replaceChildren();
});

const FLOW_URL = 'https://cdn.example.test/flows/demo.json';

/** A fetch whose every call waits for the test to answer it. */
function heldFetch() {
  const calls: string[] = [];
  const pending: Array<{ resolve: (r: Response) => void; reject: (e: unknown) => void }> = [];
  const fetcher = ((url: string) => {
    calls.push(String(url));
    return new Promise<Response>((resolve, reject) => pending.push({ resolve, reject }));
  }) as unknown as typeof fetch;
  return { fetcher, calls, pending };
}

/** Polls until `done()` or `ms` pass. */
async function until(done: () => boolean, ms: number) {
  const end = Date.now() + ms;
  while (!done() && Date.now() < end) await sleep(25);
}

describe('a flow file retry and unmount', () => {
  // Was: a single-page app that unmounts a popup (route change) while its flow file is on its
  // way still fetches the file again 1 s later (and 3 s later) if the first answer was a 503;
  // offline, the unmounted widget keeps an `online` listener and its `ready` never settles until
  // the browser is back online, when it fetches the file once more for a widget that is gone.
  // Cause: src/embed/mount.tsx `wait` registers its stop in `stops` even after unmount() has
  // emptied them, so nothing ends a wait that starts after unmount. Fixed: `wait` resolves false at
  // once when `unmounted`.
  it('does not fetch the flow file again after unmount when the in-flight try answers 503', async () => {
    const { fetcher, calls, pending } = heldFetch();
    const { element } = host();
    const handle = mount(element, { flow: FLOW_URL, webhook: 'https://hooks.example.test/lead', mode: 'popup', fetch: fetcher }, pageOutbox());
    await until(() => calls.length === 1, 2000);
    expect(calls).toHaveLength(1);
    handle.unmount();
    pending[0]!.resolve(new Response('busy', { status: 503 }));
    await until(() => calls.length > 1, 3000);
    expect(calls).toHaveLength(1);
  });

  it('settles `ready` and leaves no `online` listener after unmount when the in-flight try fails offline', async () => {
    vi.spyOn(navigator, 'onLine', 'get').mockReturnValue(false);
    const { fetcher, calls, pending } = heldFetch();
    const { element } = host();
    const handle = mount(element, { flow: FLOW_URL, webhook: 'https://hooks.example.test/lead', mode: 'popup', fetch: fetcher }, pageOutbox());
    await until(() => calls.length === 1, 2000);
    handle.unmount();
    let settled = false;
    void handle.ready.then(() => (settled = true));
    pending[0]!.reject(new TypeError('Failed to fetch'));
    await until(() => settled, 1000);
    vi.restoreAllMocks();
    window.dispatchEvent(new Event('online'));
    await sleep(50);
    expect({ settled, fetches: calls.length }).toEqual({ settled: true, fetches: 1 });
  });

  it('ends a wait that is already running when the widget is unmounted: no further fetch', async () => {
    const { fetcher, calls, pending } = heldFetch();
    const { element } = host();
    const handle = mount(element, { flow: FLOW_URL, webhook: 'https://hooks.example.test/lead', mode: 'popup', fetch: fetcher }, pageOutbox());
    await until(() => calls.length === 1, 2000);
    pending[0]!.resolve(new Response('busy', { status: 503 }));
    await sleep(50);
    handle.unmount();
    await handle.ready;
    await sleep(1300);
    expect(calls).toHaveLength(1);
  });
});

describe('warnings on valid pages', () => {
  const element = (attrs: Record<string, string>) => {
    const el = document.createElement('div');
    for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
    return el;
  };

  it('says nothing of attributes LeadFlow sets or documents, and names the likely one for a typo', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    readDataOptions(
      element({ 'data-leadflow': '/f.json', 'data-leadflow-state': 'open', 'data-leadflow-hidden-utm_source': 'x', 'data-leadflow-hidden': 'a=1', 'data-leadflow-bots': 'flag', 'data-leadflow-min-fill-ms': '2000', 'data-leadflow-lazy': 'false' }),
    );
    expect(warn).not.toHaveBeenCalled();
    readDataOptions(element({ 'data-leadflow': '/f.json', 'data-leadflow-webook': 'https://x.test' }));
    expect(warn.mock.calls.map(String)).toEqual(['LeadFlow: unknown data-leadflow-webook (data-leadflow-webhook?)']);
  });

  it('takes upper-case, protocol-relative, relative and ported webhooks, refuses javascript:, and a de-DE locale on a de flow without warnings', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const error = vi.spyOn(console, 'error').mockImplementation(() => {});
    for (const webhook of ['HTTPS://hooks.example.test/lead', '//hooks.example.test/lead', '/api/leads?x=1', './leads', 'http://localhost:3000/leads', 'https://hooks.example.test:8443/l']) {
      const h = host();
      await mountWidget(h.element, { webhook, locale: 'de-DE', mode: 'popup' }).ready;
      expect(h.of('error'), webhook).toEqual([]);
      expect(h.of('ready'), webhook).toHaveLength(1);
    }
    expect(warn).not.toHaveBeenCalled();
    const bad = host();
    await mountWidget(bad.element, { webhook: 'javascript:alert(1)', mode: 'popup' }).ready;
    expect(bad.of('error').map((e) => e.code)).toEqual(['invalid_webhook']);
    expect(error).toHaveBeenCalledTimes(1);
  });
});
