import { waitFor, within } from '@testing-library/preact';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { version } from '../../package.json';
import { install, readDataOptions, type LeadFlowApi } from '../../src/embed/index.ts';
import { demoJsonCopy } from '../ui/fixtures.tsx';

const WEBHOOK = 'https://hooks.example.test/lead';
const ROLE_DE = 'Welche Rolle haben Sie bei der Auswahl?';

/*
 * install() watches the whole document for as long as the page lives and has no way to stop,
 * so this file installs once (as the script tag does) and every test adds its own elements.
 */
let api: LeadFlowApi;
let existing: HTMLElement[];

/** A snippet element as a landing page would paste it, pointing at the inline flow. */
function snippet(attributes: Record<string, string> = {}): HTMLElement {
  const element = document.createElement('div');
  element.setAttribute('data-leadflow', '#install-flow');
  element.setAttribute('data-leadflow-webhook', WEBHOOK);
  element.setAttribute('data-leadflow-locale', 'de');
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, value);
  return element;
}

function addFlowScript() {
  const script = document.createElement('script');
  script.type = 'application/json';
  script.id = 'install-flow';
  script.textContent = JSON.stringify(demoJsonCopy());
  document.head.append(script);
}

/** Counts `leadflow:ready` on an element: one per mount that got as far as showing the flow. */
function countReady(element: HTMLElement) {
  const counter = { count: 0 };
  element.addEventListener('leadflow:ready', () => counter.count++);
  return counter;
}

const shadowOf = (element: HTMLElement) => within(element.shadowRoot as unknown as HTMLElement);

async function expectMounted(element: HTMLElement) {
  await waitFor(() => expect(element.shadowRoot).not.toBeNull());
  return shadowOf(element).findByRole('heading', { level: 2, name: ROLE_DE });
}

/** Lets queued microtasks and one macrotask run: MutationObserver callbacks and a "#id" mount. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

/** Whether the elements on the page at install time were mounted (checked before any test empties the page). */
let mountedAtInstall: Promise<unknown>;

beforeAll(() => {
  addFlowScript();
  existing = [snippet(), snippet()];
  document.body.append(...existing);
  api = install(window);
  mountedAtInstall = Promise.all(existing.map(expectMounted));
});

describe('install', () => {
  it('sets window.LeadFlow with the package version, mount and load', () => {
    expect((window as { LeadFlow?: LeadFlowApi }).LeadFlow).toBe(api);
    expect(api.version).toBe(version);
    expect(typeof api.mount).toBe('function');
    expect(typeof api.load).toBe('function');
  });

  it('mounts the [data-leadflow] elements already on the page', async () => {
    const headings = (await mountedAtInstall) as HTMLElement[];
    expect(headings).toHaveLength(2);
  });

  // A single-page app removes a route's widgets with the route; a moved widget stays.
  it('unmounts a widget whose element leaves the page, and keeps one that is only moved', async () => {
    const gone = snippet();
    const moved = snippet();
    const holder = document.createElement('section');
    document.body.append(gone, moved, holder);
    await expectMounted(gone);
    await expectMounted(moved);
    gone.remove();
    holder.append(moved);
    await settle();
    expect(gone.shadowRoot!.querySelector('h2')).toBeNull();
    expect(shadowOf(moved).getByRole('heading', { level: 2, name: ROLE_DE })).toBeTruthy();
  });

  // Was: only the removed node itself and its `[data-leadflow]` descendants were looked at, so a
  // widget an app mounted through the API on a plain element inside a section it then removed
  // (a route change) stayed mounted, listening to the page; one inside a moved
  // section did not get its top layer and focus back.
  it('unmounts an API-mounted widget whose section leaves the page, and keeps one in a moved section', async () => {
    const [goneSection, movedSection, holder] = [document.createElement('section'), document.createElement('section'), document.createElement('div')];
    const [gone, moved] = [document.createElement('div'), document.createElement('div')];
    goneSection.append(gone);
    movedSection.append(moved);
    document.body.append(goneSection, movedSection, holder);
    for (const element of [gone, moved]) api.mount(element, { flow: demoJsonCopy(), webhook: WEBHOOK, locale: 'de' });
    await expectMounted(gone);
    await expectMounted(moved);
    goneSection.remove();
    holder.append(movedSection);
    await settle();
    expect(gone.shadowRoot!.querySelector('h2')).toBeNull();
    expect(shadowOf(moved).getByRole('heading', { level: 2, name: ROLE_DE })).toBeTruthy();
  });

  it('mounts an element added later', async () => {
    const element = snippet();
    const ready = countReady(element);
    document.body.append(element);

    await expectMounted(element);
    expect(ready.count).toBe(1);
  });

  it('mounts an element added later inside another element', async () => {
    const section = document.createElement('section');
    const element = snippet();
    section.append(element);
    document.body.append(section);
    await expectMounted(element);
  });

  it('leaves elements without data-leadflow alone', async () => {
    const other = document.createElement('div');
    other.setAttribute('data-leadflow-webhook', WEBHOOK);
    document.body.append(other);
    await settle();
    expect(other.shadowRoot).toBeNull();
  });

  it('returns the installed API on a second install and mounts nothing twice', async () => {
    const element = snippet();
    const ready = countReady(element);
    document.body.append(element);
    await expectMounted(element);
    const shown = shadowOf(element).getByRole('radio', { name: 'Ich entscheide' });

    expect(install(window)).toBe(api);
    api.load();
    await settle();

    expect(ready.count).toBe(1);
    expect(shown.isConnected).toBe(true);
    expect(shadowOf(element).getAllByRole('heading', { level: 2 })).toHaveLength(1);
  });

  it('does not remount an element that is moved on the page', async () => {
    const element = snippet();
    const ready = countReady(element);
    document.body.append(element);
    await expectMounted(element);

    const wrapper = document.createElement('div');
    document.body.append(wrapper);
    wrapper.append(element);
    await settle();
    expect(ready.count).toBe(1);
  });

  it('mounts through the API with options that replace an earlier mount of the element', async () => {
    const element = document.createElement('div');
    document.body.append(element);
    const ready = countReady(element);
    const handle = api.mount(element, { flow: demoJsonCopy(), webhook: WEBHOOK, locale: 'en' });
    await handle.ready;
    expect(shadowOf(element).getByRole('heading', { level: 2, name: 'What is your role in choosing a tool?' })).toBeTruthy();

    await api.mount(element, { flow: demoJsonCopy(), webhook: WEBHOOK, locale: 'de' }).ready;
    expect(shadowOf(element).getAllByRole('heading', { level: 2 }).map((h) => h.textContent)).toEqual([ROLE_DE]);
    expect(ready.count).toBe(2);
  });

  it('drops an earlier mount of the element that was still loading its flow', async () => {
    const element = document.createElement('div');
    document.body.append(element);
    const ready = countReady(element);
    let arrive!: (response: Response) => void;
    const slow = api.mount(element, {
      flow: '/flows/slow.json',
      webhook: WEBHOOK,
      locale: 'en',
      fetch: () => new Promise<Response>((resolve) => (arrive = resolve)),
    });
    // The first mount's flow is on its way when the second mount replaces it.
    await vi.waitFor(() => expect(arrive).toBeTypeOf('function'));
    await api.mount(element, { flow: demoJsonCopy(), webhook: WEBHOOK, locale: 'de' }).ready;

    arrive(new Response(JSON.stringify(demoJsonCopy())));
    await slow.ready;
    expect(ready.count).toBe(1);
    expect(shadowOf(element).getAllByRole('heading', { level: 2 }).map((h) => h.textContent)).toEqual([ROLE_DE]);
  });

  it('does not mount an element again by load() once mounted through the API', async () => {
    const element = snippet();
    const ready = countReady(element);
    const holder = document.createElement('div');
    holder.append(element);
    await api.mount(element, readDataOptions(element)).ready;
    document.body.append(holder);
    api.load(holder);
    await settle();
    expect(ready.count).toBe(1);
  });
});

describe('readDataOptions', () => {
  it('maps the data-leadflow-* attributes to options', () => {
    const element = document.createElement('div');
    element.setAttribute('data-leadflow', '/flows/demo.json');
    element.setAttribute('data-leadflow-webhook', WEBHOOK);
    element.setAttribute('data-leadflow-locale', 'de-AT');
    element.setAttribute('data-leadflow-transport', 'simple');
    element.setAttribute('data-leadflow-hidden', 'plan=pro&team=sales%20ops');
    element.setAttribute('data-leadflow-bots', 'flag');
    element.setAttribute('data-leadflow-min-fill-ms', '800');
    element.setAttribute('data-leadflow-mode', 'slider');

    expect(readDataOptions(element)).toEqual({
      flow: '/flows/demo.json',
      webhook: WEBHOOK,
      locale: 'de-AT',
      transport: 'simple',
      hidden: { plan: 'pro', team: 'sales ops' },
      bots: 'flag',
      minFillMs: 800,
      mode: 'slider',
      trigger: undefined,
      lazy: true,
      resume: true,
      dataLayer: false,
    });
  });

  it('leaves unset attributes undefined, and defaults to the cors transport, dropping bots, 1.5 s minimum fill time', () => {
    const element = document.createElement('div');
    element.setAttribute('data-leadflow', '#flow');
    expect(readDataOptions(element)).toEqual({
      flow: '#flow',
      webhook: undefined,
      locale: undefined,
      transport: 'cors',
      hidden: undefined,
      bots: 'drop',
      minFillMs: 1500,
      // Unset, as a mode mount() does not know is kept as written: mount() shows both inline.
      mode: undefined,
      trigger: undefined,
      lazy: true,
      resume: true,
      dataLayer: false,
    });
  });

  it('falls back to the defaults for an unknown bot policy or a minimum fill time that is not a number', () => {
    const element = document.createElement('div');
    element.setAttribute('data-leadflow', '#flow');
    element.setAttribute('data-leadflow-bots', 'allow');
    element.setAttribute('data-leadflow-min-fill-ms', 'soon');
    expect(readDataOptions(element)).toMatchObject({ bots: 'drop', minFillMs: 1500 });
  });

  // Was: a blank `data-leadflow-min-fill-ms` (a CMS field left empty, " ") read as 0 — the bot
  // check off, without a word — and "Infinity" or a negative number were taken too.
  it('takes a minimum fill time of a number from 0 only, and says when it is not', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const read = (value: string) => {
      const element = document.createElement('div');
      element.setAttribute('data-leadflow', '#flow');
      element.setAttribute('data-leadflow-min-fill-ms', value);
      return readDataOptions(element).minFillMs;
    };
    expect([' ', '', 'Infinity', '-5', '0', '2500'].map(read)).toEqual([1500, 1500, 1500, 1500, 0, 2500]);
    expect(warn.mock.calls.map(([message]) => message)).toEqual(
      [' ', '', 'Infinity', '-5'].map((value) => `LeadFlow: data-leadflow-min-fill-ms="${value}" is not a number ≥ 0, the default is used`),
    );
    warn.mockRestore();
  });

  it('reads a true/false attribute written without a value as true, as HTML does', () => {
    const element = document.createElement('div');
    element.setAttribute('data-leadflow', '#flow');
    element.setAttribute('data-leadflow-datalayer', '');
    element.setAttribute('data-leadflow-lazy', '');
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    expect(readDataOptions(element)).toMatchObject({ dataLayer: true, lazy: true });
    expect(warn).not.toHaveBeenCalled();
    warn.mockRestore();
  });

  it('falls back to cors for an unknown transport', () => {
    const element = document.createElement('div');
    element.setAttribute('data-leadflow', '#flow');
    element.setAttribute('data-leadflow-transport', 'beacon');
    expect(readDataOptions(element).transport).toBe('cors');
  });
});

describe('an element its owner unmounted', () => {
  it('stays unmounted: load() does not bring it back, another mount() does', async () => {
    const element = snippet();
    document.body.append(element);
    const ready = countReady(element);
    const handle = api.mount(element, readDataOptions(element));
    await handle.ready;
    handle.unmount();
    api.load();
    await settle();
    expect(ready.count).toBe(1);
    expect(shadowOf(element).queryAllByRole('heading')).toEqual([]);

    await api.mount(element, readDataOptions(element)).ready;
    expect(ready.count).toBe(2);
  });
});

describe('calls with a selector the browser cannot read', () => {
  it('neither throw into the page nor stop the rest of the queue', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const element = snippet();
    element.id = 'later';
    document.body.append(element);
    await expectMounted(element);
    expect(() => api.q.push(['open', '#2024-offer'], ['unmount', '#later'])).not.toThrow();
    expect(warn).toHaveBeenCalledWith('LeadFlow: "#2024-offer" is not a valid selector');
    // The call after the bad one still ran: the widget is gone.
    expect(element.shadowRoot!.querySelector('h2')).toBeNull();
  });
});
