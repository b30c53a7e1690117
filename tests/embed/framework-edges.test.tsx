import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { AnalyticsBatch, LeadEnvelope } from '../../src/delivery/index.ts';
import { mount, type LeadFlowHandle, type LeadFlowOptions } from '../../src/embed/index.ts';
import { demoJsonCopy } from '../ui/fixtures.tsx';
import { chooseStudent, host, shadowOf, sleep, STUDENT_END_DE, WEBHOOK } from './support/harness.ts';

/*
 * The ES module (`import { mount } from 'leadflow'`) as frameworks drive it: React StrictMode's
 * mount → unmount → mount, stale handles kept by effects, an app that unmounts the form from its
 * own onSubmit, and `await handle.ready` in an effect that is cleaned up early. Every mount here
 * is the module's own (no outbox passed), as an app calls it.
 */

const ANALYTICS = 'https://stats.example.test/collect';
const OPEN_STATE = 'data-leadflow-state';
const mounted: LeadFlowHandle[] = [];

/** The module's mount, torn down after the test. */
function appMount(element: HTMLElement, options: Partial<LeadFlowOptions> = {}): LeadFlowHandle {
  const handle = mount(element, { flow: demoJsonCopy(), webhook: WEBHOOK, locale: 'de', minFillMs: 0, ...options });
  mounted.push(handle);
  return handle;
}

/** The app's own fetch (an auth header, a proxy): records every POST and answers 204. */
function recordingFetch() {
  const posts: Array<{ url: string; body: unknown }> = [];
  const fetch = (async (input: RequestInfo | URL, init: RequestInit = {}) => {
    posts.push({ url: String(input), body: JSON.parse(String(init.body)) });
    return new Response(null, { status: 204 });
  }) as typeof globalThis.fetch;
  const leads = () => posts.filter((post) => post.url === WEBHOOK).map((post) => post.body as LeadEnvelope);
  const funnel = () => posts.filter((post) => post.url === ANALYTICS).flatMap((post) => (post.body as AnalyticsBatch).events.map((event) => event.type));
  return { fetch, leads, funnel };
}

afterEach(() => {
  for (const handle of mounted.splice(0)) handle.unmount();
  document.body.replaceChildren();
  sessionStorage.clear();
  localStorage.clear();
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

describe('React StrictMode: mount, unmount and mount again at once on the same element', () => {
  it('shows one form, counts one ready and one view, leaves one keeper node, and sends one lead under the id it announced', async () => {
    const net = recordingFetch();
    const { element, of } = host();
    // useEffect(() => { const h = mount(ref.current, options); return () => h.unmount(); }, []) in StrictMode.
    const first = appMount(element, { fetch: net.fetch, analytics: ANALYTICS });
    first.unmount();
    const second = appMount(element, { fetch: net.fetch, analytics: ANALYTICS });
    await Promise.all([first.ready, second.ready]);

    expect(of('ready')).toHaveLength(1);
    expect(of('view')).toHaveLength(1);
    expect(shadowOf(element).getAllByRole('heading', { level: 2 })).toHaveLength(1);
    // The one invisible child that keeps `div:empty` from hiding the widget, not two.
    expect(element.childNodes).toHaveLength(1);

    await chooseStudent(element);
    await shadowOf(element).findByText(STUDENT_END_DE);
    await vi.waitFor(() => expect(net.leads()).toHaveLength(1));
    expect(of('submit').map((detail) => detail.leadId)).toEqual([net.leads()[0]!.data.id]);

    second.unmount();
    expect(element.childNodes).toHaveLength(0);
  });
});

describe('a stale handle an app still holds', () => {
  // Was: unmount() of a handle whose widget was already replaced (mount() again on the element,
  // say after a locale switch) took `data-leadflow-state="open"` off the widget showing now: the
  // page's styles for the open state stopped applying, and the "no second popup on top" guard
  // no longer saw it. A handle unmounts once, and only its own widget.
  it("unmount() of a replaced widget's handle leaves the live popup open and marked open", async () => {
    const { element, of } = host();
    const stale = appMount(element, { mode: 'popup' });
    await stale.ready;
    const live = appMount(element, { mode: 'popup' });
    await live.ready;
    live.open();

    stale.unmount();
    expect(element.getAttribute(OPEN_STATE)).toBe('open');
    live.close();
    expect(of('close')).toHaveLength(1);
  });
});

describe('an app that removes the form from its own onSubmit', () => {
  // Was: a visit whose form the app unmounts in `onSubmit` (its own thank-you page) lost its
  // funnel `submit`: the unmount closed the funnel before the submit was recorded, so the
  // dashboard saw a view and a start but no conversion. It is recorded when the lead is stored,
  // before any page code runs.
  it('still posts the funnel submit when onSubmit unmounts the widget', async () => {
    const net = recordingFetch();
    const { element } = host();
    const handle: LeadFlowHandle = appMount(element, { fetch: net.fetch, analytics: ANALYTICS, onSubmit: () => handle.unmount() });
    await handle.ready;
    await chooseStudent(element);
    await vi.waitFor(() => expect(net.leads()).toHaveLength(1));
    window.dispatchEvent(new Event('pagehide'));

    await vi.waitFor(() => expect(net.funnel()).toContain('step_complete'));
    await vi.waitFor(() => expect(net.funnel()).toContain('submit'), { timeout: 1000 });
  });

  it('sends the lead once and does not throw when onSubmit throws', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => {});
    const net = recordingFetch();
    const { element, of } = host();
    const handle = appMount(element, {
      fetch: net.fetch,
      onSubmit: () => {
        throw new Error('the app’s router is broken');
      },
    });
    await handle.ready;
    await chooseStudent(element);
    await vi.waitFor(() => expect(net.leads()).toHaveLength(1));
    // The qualified event after it still fires, and the visitor sees the end.
    expect(of('qualified')).toHaveLength(1);
    expect(shadowOf(element).getByText(STUDENT_END_DE)).toBeTruthy();
    await sleep(50);
    expect(net.leads()).toHaveLength(1);
  });
});

describe('handle.ready', () => {
  // Was: `ready` of an inline widget unmounted while it still waited to come near the viewport
  // never settled, and an app's `await handle.ready` hung for good (the docs say it always
  // settles). The wait ends with the widget now.
  it('settles when the widget is unmounted before it came near the viewport', async () => {
    // A browser: an IntersectionObserver, and the element far below the fold.
    vi.stubGlobal(
      'IntersectionObserver',
      class {
        observe() {}
        disconnect() {}
      },
    );
    const { element, events } = host();
    element.getBoundingClientRect = () => DOMRect.fromRect({ x: 0, y: 5000, width: 600, height: 400 });
    const handle = appMount(element);
    handle.unmount();

    const outcome = await Promise.race([handle.ready.then(() => 'settled'), sleep(200).then(() => 'pending')]);
    expect(outcome).toBe('settled');
    expect(events).toEqual([]);
  });
});

describe('an app keeping the element while it re-renders around it', () => {
  it('mounting again with a new options object (a new flow object each render) keeps the visitor’s step and session', async () => {
    const net = recordingFetch();
    const { element, of } = host();
    const user = userEvent.setup();
    const first = appMount(element, { fetch: net.fetch });
    await first.ready;
    const q = shadowOf(element);
    await user.click(q.getByRole('radio', { name: 'Ich entscheide' }));
    await user.click(q.getByRole('button', { name: 'Weiter' }));
    await q.findByRole('heading', { level: 2, name: 'Was möchten Sie verbessern?' });

    // The parent re-rendered: the effect's cleanup, then the effect with the new options.
    first.unmount();
    await appMount(element, { fetch: net.fetch }).ready;
    expect(await q.findByRole('heading', { level: 2, name: 'Was möchten Sie verbessern?' })).toBeTruthy();
    const [before, after] = of('view');
    expect(after!.session).toBe(before!.session);
  });
});
