import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { install, mount, type LeadFlowApi } from '../../src/embed/index.ts';
import { demoJsonCopy } from '../ui/fixtures.tsx';

/*
 * The embed API (window.LeadFlow) around popups and odd arguments, found by an audit after
 * install.test.ts: each test was a bug, its comment says what went wrong. install() watches
 * the document for the page's lifetime, so this file installs once (as tests/embed/install.test.ts
 * does) and every test adds, and removes, its own elements.
 */

const WEBHOOK = 'https://hooks.example.test/lead';
let api: LeadFlowApi;
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));
const added: HTMLElement[] = [];

/** A popup mounted through the API, with the `leadflow:*` events it fires recorded. */
async function popup(id: string) {
  const element = document.createElement('div');
  element.id = id;
  document.body.append(element);
  added.push(element);
  const names: string[] = [];
  for (const name of ['view', 'step_view', 'abandon', 'close']) element.addEventListener(`leadflow:${name}`, () => names.push(name));
  const handle = api.mount(element, { flow: demoJsonCopy(), webhook: WEBHOOK, locale: 'de', mode: 'popup' });
  await handle.ready;
  return { element, handle, names };
}

beforeAll(() => {
  api = install(window);
});

afterEach(() => {
  for (const element of added.splice(0)) {
    api.unmount(element);
    element.remove();
  }
  localStorage.clear();
  vi.restoreAllMocks();
});

describe('LeadFlow API: a selector that matches nothing', () => {
  // Was (src/embed/install.ts, find()): `doc.querySelector('#missing')` returns null, and a null
  // element falls through to the "no target" branch, so the first popup on the page answers
  // for any selector that names nothing. README: "LeadFlow.open('#demo-popup'); // or
  // LeadFlow.open() for the first popup on the page" – only the call without a target means that.
  it('LeadFlow.open("#missing") does not open the first popup of the page (install.ts find() falls back to overlays[0])', async () => {
    vi.spyOn(console, 'warn').mockImplementation(() => {});
    const { element, names } = await popup('audit-pop-open');
    api.open('#missing');
    await settle();
    expect(element.getAttribute('data-leadflow-state')).toBeNull();
    expect(names).toEqual([]);
  });

  // Was, the same way (src/embed/install.ts, find()): unmount('#missing') removes the first popup.
  it('LeadFlow.unmount("#missing") leaves the first popup of the page mounted (install.ts find() falls back to overlays[0])', async () => {
    const { element } = await popup('audit-pop-unmount');
    const before = element.shadowRoot!.querySelectorAll('dialog').length;
    expect(before).toBe(1);
    api.unmount('#missing');
    expect(element.shadowRoot!.querySelectorAll('dialog')).toHaveLength(1);
  });
});

describe('LeadFlow API: odd arguments must not throw into the page', () => {
  // Was (src/embed/install.ts, unmount()): find() catches the invalid selector, but the overlay
  // filter afterwards calls `el.matches('#2024-offer')`, which throws a SyntaxError once any
  // popup, slider or bubble is mounted. (install.test.ts only checks it with no overlay present.)
  it('LeadFlow.unmount("#2024-offer") with a popup on the page does not throw (install.ts overlays filter uses el.matches)', async () => {
    vi.spyOn(console, 'warn').mockImplementation(() => {});
    await popup('audit-pop-badsel');
    expect(() => api.unmount('#2024-offer')).not.toThrow();
  });

  // Was (src/embed/mount.tsx): mount() guards attachShadow with try/catch to report
  // `mount_failed`, but the report itself reads `element.localName` and dispatches on the null
  // element, so the README's own `LeadFlow.mount(document.querySelector('#form'), …)` throws a
  // TypeError into the page when #form is missing (install.ts then also does handles.set(null)).
  it('LeadFlow.mount(null, options) does not throw (mount.tsx report() dereferences the element)', () => {
    vi.spyOn(console, 'error').mockImplementation(() => {});
    expect(() => api.mount(null as unknown as HTMLElement, { flow: demoJsonCopy(), webhook: WEBHOOK })).not.toThrow();
  });

  // Was (src/embed/install.ts, q.push): `for (const [method, ...args] of calls)` destructures
  // outside the try, so one entry that is not an array throws and the calls after it never run,
  // against the code's own "One bad call must not keep the rest of the queue from running".
  it('LeadFlow.q.push with a malformed entry neither throws nor stops the calls after it (install.ts q.push destructures outside try)', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => {});
    const { element } = await popup('audit-pop-queue');
    expect(() => api.q.push(null as unknown as [string], ['open', '#audit-pop-queue'])).not.toThrow();
    expect(element.getAttribute('data-leadflow-state')).toBe('open');
  });
});

describe('LeadFlow API: a widget after unmount', () => {
  // Was (src/embed/install.ts keeps the handle after unmount; src/embed/mount.tsx open()/close()
  // do not check `unmounted`): opening an unmounted popup by element or selector marks its host
  // `data-leadflow-state="open"` (which also stops every other popup's triggers: "a trigger never
  // opens a popup while another is open"), and close() then fires `leadflow:close` and stores
  // `leadflow:closed:<flow>` for a widget that no longer exists.
  it('LeadFlow.open/close of an unmounted popup neither mark it open nor fire leadflow:close (mount.tsx open/close ignore `unmounted`)', async () => {
    vi.spyOn(console, 'warn').mockImplementation(() => {});
    const { element, handle, names } = await popup('audit-pop-dead');
    handle.open();
    await settle();
    api.unmount(element);
    names.length = 0;
    api.open('#audit-pop-dead');
    expect(element.getAttribute('data-leadflow-state')).toBeNull();
    api.close('#audit-pop-dead');
    expect(names).toEqual([]);
    expect(localStorage.getItem('leadflow:closed:saas-bant')).toBeNull();
  });
});

describe('mounting an element twice', () => {
  // Was: mount() (the ES module's, or the script tag's and the module's on one element) reused
  // the shadow root and only emptied it: the first widget lived on unseen, with its triggers,
  // listeners and funnel events. The element's widget is now replaced: the first handle is
  // unmounted, whichever copy of LeadFlow made it.
  it('unmounts the widget an element holds before mounting another one there', async () => {
    const { element, handle: first } = await popup('audit-pop-twice');
    const second = mount(element, { flow: demoJsonCopy(), webhook: WEBHOOK, locale: 'de', mode: 'popup' });
    await second.ready;
    first.open();
    await settle();
    expect(element.getAttribute('data-leadflow-state')).toBeNull();
    second.open();
    await settle();
    expect(element.getAttribute('data-leadflow-state')).toBe('open');
    second.close();
    second.unmount();
  });
});

/** Found by a review of the fixes above: each test was a bug, its comment says what went wrong. */
describe('the embed API, after a review of those fixes', () => {
  // Was (install.ts): a popup unmounted through its own handle (handle.unmount(), README) stayed
  // the first overlay; as an unmounted widget ignores open(), LeadFlow.open() (and an empty
  // [data-leadflow-open]) silently did nothing although a live popup was on the page.
  it('LeadFlow.open() without a target opens the first popup still mounted, not an unmounted one', async () => {
    const first = await popup('r5-first');
    const second = await popup('r5-second');
    first.handle.unmount();
    api.open();
    await settle();
    expect(second.element.getAttribute('data-leadflow-state')).toBe('open');
  });

  // Was (install.ts): close() read querySelector's null as "no target" and closed every open
  // popup, while open() and unmount() with the same null do nothing.
  it('LeadFlow.close(null) (a querySelector that found nothing) leaves an open popup open', async () => {
    const { element, handle } = await popup('r5-close');
    handle.open();
    await settle();
    expect(element.getAttribute('data-leadflow-state')).toBe('open');
    api.close(document.querySelector('#r5-missing') as unknown as string);
    expect(element.getAttribute('data-leadflow-state')).toBe('open');
  });
});

describe('the embed API, leftovers of those audits', () => {
  const element = (id: string) => {
    const el = document.createElement('div');
    el.id = id;
    document.body.append(el);
    added.push(el);
    return el;
  };

  // Was: `LeadFlow.mount(el)` threw a TypeError into the page (options.mode of undefined).
  it('LeadFlow.mount(element) without options says which flow is missing instead of throwing', async () => {
    const error = vi.spyOn(console, 'error').mockImplementation(() => {});
    const handle = api.mount(element('left-no-options'), undefined as never);
    await handle.ready;
    expect(error.mock.calls.map(([message]) => String(message)).join('\n')).toMatch(/flow/);
  });

  // Was: a mode from JavaScript was not checked the way the snippet's attribute was: "modal"
  // made a dialog of no known kind, neither modal nor in the page.
  it.each([
    ['from JavaScript', (el: HTMLElement) => api.mount(el, { flow: demoJsonCopy(), webhook: WEBHOOK, locale: 'de', mode: 'modal' as never })],
    ['from the snippet', (el: HTMLElement) => {
      el.setAttribute('data-leadflow-mode', 'modal');
      el.setAttribute('data-leadflow-webhook', WEBHOOK);
      el.setAttribute('data-leadflow-locale', 'de');
      el.setAttribute('data-leadflow-lazy', 'false');
      el.setAttribute('data-leadflow', '#left-flow');
      api.load(el);
      return undefined;
    }],
  ])('an unknown mode %s shows the widget inline, with a warning naming it', async (_where, mountIt) => {
    const flow = Object.assign(document.createElement('script'), { type: 'application/json', id: 'left-flow', textContent: JSON.stringify(demoJsonCopy()) });
    document.body.append(flow);
    added.push(flow);
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const el = element('left-mode');
    await mountIt(el)?.ready;
    await vi.waitFor(() => expect(el.shadowRoot?.querySelector('h2')).toBeTruthy());
    expect(el.shadowRoot!.querySelector('dialog')).toBeNull();
    expect(warn).toHaveBeenCalledWith('LeadFlow: unknown mode "modal", shown inline (inline,popup,slider,bubble)');
  });

  // Was: queued before the page was parsed, an open() whose target never turned up was dropped
  // without a word (one made after parsing warns).
  it('LeadFlow.open("#missing") queued while the page loads warns once the page is parsed and nothing is there', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    Object.defineProperty(document, 'readyState', { value: 'loading', configurable: true });
    try {
      api.open('#left-missing');
      expect(warn).not.toHaveBeenCalled();
    } finally {
      delete (document as { readyState?: unknown }).readyState;
    }
    document.dispatchEvent(new Event('DOMContentLoaded'));
    expect(warn).toHaveBeenCalledWith('LeadFlow: nothing to open at #left-missing');
  });
});

describe('an opener of an inline widget whose flow is still loading', () => {
  // Was: the focus moved to the form's heading once its flow had loaded, even when the visitor
  // had meanwhile gone on to another field of the page: their typing landed in the form.
  it('moves focus into the form only if the visitor is still where they were', async () => {
    let deliver: (() => void) | undefined;
    const requested = () => vi.waitFor(() => expect(deliver).toBeTypeOf('function'));
    const slow = (async () => {
      await new Promise<void>((resolve) => (deliver = resolve));
      return new Response(JSON.stringify(demoJsonCopy()));
    }) as unknown as typeof fetch;
    const mountAt = (id: string) => {
      const element = document.createElement('div');
      element.id = id;
      document.body.append(element);
      added.push(element);
      return api.mount(element, { flow: 'https://cdn.example.test/flow.json', webhook: WEBHOOK, locale: 'de', lazy: false, fetch: slow });
    };
    const field = document.createElement('input');
    document.body.append(field);
    added.push(field);

    const handle = mountAt('slow-inline');
    handle.open();
    field.focus(); // the visitor goes on while the flow loads
    await requested();
    deliver!();
    deliver = undefined;
    await handle.ready;
    await settle();
    expect(document.activeElement).toBe(field);

    // Still where they were: the form takes the focus, as before.
    const again = mountAt('slow-inline-2');
    field.blur();
    again.open();
    await requested();
    deliver!();
    await again.ready;
    await settle();
    expect(document.activeElement).toBe(document.getElementById('slow-inline-2'));
  });
});
