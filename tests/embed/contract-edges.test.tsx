import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { LeadEnvelope } from '../../src/delivery/index.ts';
import { loadFlow, scoreLead, type FunnelEvent } from '../../src/engine/index.ts';
import { mount } from '../../src/embed/index.ts';
import { demoJsonCopy } from '../ui/fixtures.tsx';
import { FAST_RETRY, STUDENT_END_DE, WEBHOOK, chooseStudent, cleanupMounted, host, mountWidget, pageOutbox, shadowOf, sleep } from './support/harness.ts';

/**
 * The webhook, the DOM events and the options against README and docs/, at the edges an audit
 * found: each test failed before its fix ("Was:" says what the code did).
 */

interface Post {
  url: string;
  headers: Headers;
  body: string;
}

/** A fetch that serves `files` for GETs and records POSTs, answering `statuses[n]` (204 after). */
function recorder(files: Record<string, unknown> = {}, statuses: number[] = []) {
  const posts: Post[] = [];
  const fetch = vi.fn(async (input: RequestInfo | URL, init: RequestInit = {}) => {
    const url = String(input);
    if ((init.method ?? 'GET') === 'GET')
      return files[url] === undefined ? new Response('not found', { status: 404 }) : new Response(JSON.stringify(files[url]));
    posts.push({ url, headers: new Headers(init.headers), body: String(init.body) });
    return new Response(null, { status: statuses[posts.length - 1] ?? 204 });
  }) as unknown as typeof globalThis.fetch;
  const leads = () => posts.filter((p) => p.url === WEBHOOK).map((p) => JSON.parse(p.body) as LeadEnvelope);
  return { fetch, posts, leads };
}

/** The 48-bit Unix-ms prefix of a UUIDv7. */
const uuidTime = (id: string) => parseInt(id.replace(/-/g, '').slice(0, 12), 16);

beforeEach(() => {
  vi.spyOn(console, 'error').mockImplementation(() => {});
  vi.spyOn(console, 'warn').mockImplementation(() => {});
});
afterEach(() => {
  cleanupMounted();
  vi.restoreAllMocks();
});

describe('contract: the webhook request', () => {
  it('sends exactly the headers a receiver is told to allow in its preflight, and the same bytes on a retry', async () => {
    const net = recorder({}, [503]);
    const { element } = host();
    await mountWidget(element, { fetch: net.fetch, retry: FAST_RETRY }).ready;
    await chooseStudent(element);
    await vi.waitFor(() => expect(net.posts).toHaveLength(2));
    const [first, second] = net.posts;
    // README "CORS": Access-Control-Allow-Headers: content-type, webhook-id, webhook-timestamp
    expect([...first!.headers.keys()].sort()).toEqual(['content-type', 'webhook-id', 'webhook-timestamp']);
    expect(second!.body).toBe(first!.body);
    expect(second!.headers.get('webhook-id')).toBe(JSON.parse(first!.body).data.id);
    expect(first!.headers.get('webhook-timestamp')).toMatch(/^\d{10}$/);
  });
});

describe('contract: what analytics can learn', () => {
  // Was: README "Conversion insights" promises funnel events carry "Never answers, contact
  // details or the lead id, so analytics cannot be joined back to a person", and the `session`
  // is "a random id of the visit". But start-widget.tsx created the session (`memory.visit =
  // createLeadId()`) and the lead id (`leadId: createLeadId()`) in the same call, and both were
  // UUIDv7s whose first 48 bits are the creation millisecond: the analytics endpoint (or GTM)
  // and the CRM could join a session to its lead, and so to the person, by that prefix.
  // Hurt: visitors (privacy promise), site owners who forward funnel events to third parties.
  it('gives the analytics session no creation time it shares with the lead id', async () => {
    const net = recorder();
    const { element, of } = host();
    // One clock reading for the widget's start, so the result does not hinge on a millisecond tick.
    const clock = vi.spyOn(Date, 'now').mockReturnValue(Date.now());
    await mountWidget(element, { fetch: net.fetch }).ready;
    clock.mockRestore();
    await chooseStudent(element);
    await shadowOf(element).findByText(STUDENT_END_DE);
    await vi.waitFor(() => expect(net.leads()).toHaveLength(1));
    const session = (of('view')[0] as FunnelEvent).session;
    const leadId = net.leads()[0]!.data.id;
    expect(session).not.toBe(leadId);
    expect(uuidTime(session)).not.toBe(uuidTime(leadId));
  });
});

describe('contract: delivery after unmount', () => {
  // Was: docs/delivery.md step 4: retried failures — "It keeps trying while the page is open";
  // options.ts LeadFlowHandle.unmount(): "a lead being sent is still delivered". A widget
  // with its own outbox (every `mount()` from the ES module, and LeadFlow.mount with `fetch` or
  // `retry`) disposed that outbox on unmount (mount.tsx `stops.push(() => own?.dispose())`);
  // outbox.ts then never scheduled the retry of a request that was in flight. A single-page
  // app that navigates to its thank-you route right after submit left a lead that hit one 503
  // in localStorage until some later full page load (or never, see the 7-day expiry).
  // Hurt: sales (lead late or lost), page owners of SPAs.
  it('retries a lead that failed while the widget was being unmounted, as the page is still open', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const bodies: string[] = [];
    const fetch = (async (_url: RequestInfo | URL, init: RequestInit = {}) => {
      bodies.push(String(init.body));
      if (bodies.length === 1) {
        await gate;
        return new Response(null, { status: 503 });
      }
      return new Response(null, { status: 204 });
    }) as unknown as typeof globalThis.fetch;
    const element = document.createElement('div');
    document.body.append(element);
    // The ES module's mount: no page outbox passed, so the widget owns one.
    const handle = mount(element, { flow: demoJsonCopy(), webhook: WEBHOOK, locale: 'de', minFillMs: 0, fetch, retry: FAST_RETRY });
    await handle.ready;
    await chooseStudent(element);
    await vi.waitFor(() => expect(bodies).toHaveLength(1));
    handle.unmount(); // the SPA's route change
    release(); // ...and the in-flight attempt answers 503
    await vi.waitFor(() => expect(bodies).toHaveLength(2), { timeout: 1000 });
    expect(bodies[1]).toBe(bodies[0]);
  });

  // Was: README "Events": "they bubble and are composed, so a listener on `document` hears
  // every widget"; docs/delivery.md: delivery events "fire on the widget that sent the lead".
  // page-outbox.ts kept the sending widget's emitter (`owners`) and fired on its element even
  // after that element left the page (install.ts unmounts removed elements), so a page-level
  // `document.addEventListener('leadflow:error', …)` never heard `delivery_failed` (or
  // `leadflow:delivered`) for a lead whose widget an SPA removed right after submit.
  // Hurt: host pages monitoring delivery failures; the failure is only in the console.
  it('lets document listeners hear delivery_failed of a lead whose widget was removed after submit', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const fetch = (async () => {
      await gate;
      return new Response(null, { status: 400 });
    }) as unknown as typeof globalThis.fetch;
    const heard: Array<{ code: string }> = [];
    const listener = (event: Event) => heard.push((event as CustomEvent).detail);
    document.addEventListener('leadflow:error', listener);
    try {
      const onError = vi.fn();
      const page = pageOutbox({ fetch });
      const { element } = host();
      const handle = mountWidget(element, { onError }, page);
      await handle.ready;
      await chooseStudent(element);
      await sleep(100);
      element.remove();
      handle.unmount();
      release();
      // The widget's own callback does hear it: the failure happened.
      await vi.waitFor(() => expect(onError).toHaveBeenCalledWith(expect.objectContaining({ code: 'delivery_failed' })));
      expect(heard).toEqual([expect.objectContaining({ code: 'delivery_failed' })]);
    } finally {
      document.removeEventListener('leadflow:error', listener);
    }
  });
});

describe('contract: bots in a popup', () => {
  // Was: README options: `minFillMs` — "sent sooner than this after the first step, a lead
  // counts as a bot's"; options.ts: "Sent sooner than this after the first step was shown";
  // docs/delivery.md "Bots": "the time from the first step to sending". start-widget.tsx set
  // `startedAt` when the widget was mounted, and a popup, slider or bubble is mounted (and its
  // flow loaded) at page load, long before its first step is shown. So a bot that opened the
  // popup and submitted within milliseconds was never `tooFast`, and `meta.startedAt`/`fillMs`
  // reported the page-load time instead of when the visitor started.
  // Hurt: receivers (bot leads in the CRM, wrong fill times), marketers relying on the check.
  it('counts the fill time of a popup from when its first step was shown', async () => {
    const net = recorder();
    const { element } = host();
    const handle = mountWidget(element, { mode: 'popup', minFillMs: 1000, bots: 'flag', fetch: net.fetch });
    await handle.ready;
    await sleep(1100); // the popup waits, closed, for its opener
    const openedAt = Date.now();
    handle.open();
    const q = shadowOf(element);
    const user = userEvent.setup();
    await user.click(await q.findByLabelText('Ich bin Student:in'));
    await user.click(q.getByText('Absenden'));
    await vi.waitFor(() => expect(net.leads()).toHaveLength(1));
    const { meta } = net.leads()[0]!.data;
    expect(Date.parse(meta.startedAt!)).toBeGreaterThanOrEqual(openedAt);
    expect(meta.suspectedBot).toMatchObject({ tooFast: true });
  });
});

describe('contract: re-scoring a variant file lead', () => {
  // Was: README "A/B tests": "the lead names the file's own flow as `data.variantFlow`
  // (re-score with that)"; docs/qualification.md: `configVersion` is `flowId@version:fingerprint`
  // "so a server re-scoring leads can tell which configuration produced a score". variant-choice.ts
  // renamed the file's flow to the experiment's id/version before scoring, so
  // `data.score.configVersion` said `saas-bant@1:…` while re-scoring with `data.variantFlow`'s
  // file gives `saas-bant-short@3:…`: the server saw a changed configuration for every such
  // lead (or re-scores with the experiment's flow, which is the wrong one).
  // Hurt: sales/ops servers that re-score and compare configVersion.
  it('gives a variant file lead the configVersion that re-scoring with data.variantFlow gives', async () => {
    const short = { ...demoJsonCopy(), id: 'saas-bant-short', version: 3 };
    const base = { ...demoJsonCopy(), variants: [{ id: 'short', weight: 1, flow: 'short.json' }] };
    const net = recorder({ 'https://cdn.example.test/flows/ab.json': base, 'https://cdn.example.test/flows/short.json': short });
    const { element } = host();
    await mountWidget(element, { flow: 'https://cdn.example.test/flows/ab.json', fetch: net.fetch }).ready;
    await chooseStudent(element);
    await vi.waitFor(() => expect(net.leads()).toHaveLength(1));
    const { data } = net.leads()[0]!;
    expect(data.variantFlow).toEqual({ id: 'saas-bant-short', version: 3 });
    const file = loadFlow(short);
    if (!file.ok) throw new Error('fixture does not load');
    // README "Re-scoring a received lead":
    const answers = { ...Object.fromEntries(Object.entries(data.answers).map(([id, a]) => [id, a.value])), ...data.contact };
    const again = scoreLead(file.value, answers, { hidden: data.hidden });
    expect(again.total).toBe(data.score.total);
    expect(data.score.configVersion).toBe(again.configVersion);
  });
});
