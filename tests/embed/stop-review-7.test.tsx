import { afterEach, describe, expect, it, vi } from 'vitest';
import { memoryStorage } from '../../src/delivery/index.ts';
import { createPageOutbox, type PageOutbox } from '../../src/embed/page-outbox.ts';
import { mount } from '../../src/embed/mount.tsx';
import type { LeadFlowOptions } from '../../src/embed/index.ts';
import { demoJsonCopy } from '../ui/fixtures.tsx';

const WEBHOOK = 'https://hooks.example.test/lead';
const ROLE_DE = 'Welche Rolle haben Sie bei der Auswahl?';
const LOADING_DE = 'Formular wird geladen …';

const cleanups: Array<() => void> = [];
afterEach(() => {
  cleanups.splice(0).forEach((undo) => undo());
  vi.useRealTimers();
  vi.restoreAllMocks();
});

/** A flow file whose answer the test lets go (or never does). */
function heldFetch() {
  let release!: (response: Response) => void;
  const calls: string[] = [];
  const fetcher = vi.fn((url: RequestInfo | URL) => {
    calls.push(String(url));
    return new Promise<Response>((resolve) => (release = resolve));
  }) as unknown as typeof fetch;
  return { fetcher, calls, release: () => release(new Response(JSON.stringify(demoJsonCopy()), { status: 200 })) };
}

function place(options: Partial<LeadFlowOptions>) {
  const element = document.createElement('div');
  document.body.append(element);
  const outbox: PageOutbox = createPageOutbox(window, { storage: memoryStorage() });
  const handle = mount(element, { flow: demoJsonCopy(), webhook: WEBHOOK, locale: 'de', minFillMs: 0, lazy: false, ...options }, outbox);
  cleanups.push(() => (handle.unmount(), outbox.dispose(), element.remove()));
  return { element, handle, root: element.shadowRoot! };
}

describe('stop review 7: the loading state (jsdom)', () => {
  it('an inline flow (#id) and a flow object show no loading status at any moment: the form is the first thing rendered', async () => {
    const script = document.createElement('script');
    script.type = 'application/json';
    script.id = 'sr7-flow';
    script.textContent = JSON.stringify(demoJsonCopy());
    document.body.append(script);
    cleanups.push(() => script.remove());
    for (const flow of ['#sr7-flow', demoJsonCopy()]) {
      const element = document.createElement('div');
      document.body.append(element);
      const statuses: string[] = [];
      let renders = 0;
      // Watch the shadow root from its creation: every node the widget ever inserts.
      const attach = element.attachShadow.bind(element);
      element.attachShadow = (init) => {
        const root = attach(init);
        new MutationObserver((records) => {
          renders++;
          for (const r of records) r.addedNodes.forEach((n) => n instanceof Element && n.querySelectorAll('[role=status]').length && statuses.push(n.outerHTML));
        }).observe(root, { childList: true, subtree: true });
        return root;
      };
      const outbox = createPageOutbox(window, { storage: memoryStorage() });
      const handle = mount(element, { flow, webhook: WEBHOOK, locale: 'de', minFillMs: 0, lazy: false }, outbox);
      cleanups.push(() => (handle.unmount(), outbox.dispose(), element.remove()));
      await handle.ready;
      expect(element.shadowRoot!.querySelector('h2')?.textContent).toBe(ROLE_DE);
      expect(statuses).toEqual([]);
      expect(renders).toBeGreaterThan(0);
    }
  });

  it('a URL flow: nothing said for a second, then a polite status; unmounted meanwhile, nothing more is rendered or reported', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const errors = vi.spyOn(console, 'error').mockImplementation(() => {});
    const held = heldFetch();
    const { root, handle, element } = place({ flow: '/sr7/slow.json', fetch: held.fetcher });
    await vi.waitFor(() => expect(held.calls).toHaveLength(1));
    const status = root.querySelector('[role=status]')!;
    expect(status.textContent).toBe('');
    vi.advanceTimersByTime(1001);
    await Promise.resolve();
    expect(root.querySelector('[role=status]')!.textContent).toBe(LOADING_DE);
    handle.unmount();
    held.release();
    await handle.ready;
    expect(root.querySelector('.lf-frame, [role=status], h2')).toBeNull();
    expect(errors).not.toHaveBeenCalled();
    // Mounted again: a fresh wait, its status empty again for a second.
    const again = heldFetch();
    const outbox = createPageOutbox(window, { storage: memoryStorage() });
    const second = mount(element, { flow: '/sr7/slow.json', fetch: again.fetcher, webhook: WEBHOOK, locale: 'de', lazy: false }, outbox);
    cleanups.push(() => (second.unmount(), outbox.dispose()));
    await vi.waitFor(() => expect(again.calls).toHaveLength(1));
    expect(root.querySelectorAll('[role=status]')).toHaveLength(1);
    expect(root.querySelector('[role=status]')!.textContent).toBe('');
    second.unmount();
    vi.advanceTimersByTime(1500);
    expect(root.querySelector('[role=status]')).toBeNull();
  });

  it('the load error replaces the loading status (an alert, no status left behind)', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => {});
    const fetcher = vi.fn(async () => new Response('nope', { status: 404 })) as unknown as typeof fetch;
    const { root, handle } = place({ flow: '/sr7/missing.json', fetch: fetcher });
    await handle.ready;
    expect(root.querySelector('[role=status]')).toBeNull();
    expect(root.querySelector('[role=alert]')?.textContent).toMatch(/kann gerade nicht geladen werden/);
  });
});
