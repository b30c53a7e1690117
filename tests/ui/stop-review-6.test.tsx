import { fireEvent, screen, waitFor } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { memoryStorage } from '../../src/delivery/index.ts';
import { mount } from '../../src/embed/mount.tsx';
import { createPageOutbox, type PageOutbox } from '../../src/embed/page-outbox.ts';
import type { LeadFlowHandle } from '../../src/embed/index.ts';
import { demoJsonCopy, expectStep, flowFrom, renderWidget } from './fixtures.tsx';

/**
 * Review of a025ee9..aeaced8 (answers and network audits): what the fixes broke or missed in the
 * widget. Each "Was:" is a bug the review found, fixed since; the rest pin what the fixes got right.
 */

const ROLE_DE = 'Welche Rolle haben Sie bei der Auswahl?';
const WEBHOOK = 'https://hooks.example.test/lead';

describe('e-mail answers copied from a mailto: link', () => {
  const emailFlow = () =>
    flowFrom({
      id: 'mail',
      version: 1,
      locales: ['en'],
      steps: [
        { id: 'mail', type: 'email', title: 'Your e-mail' },
        { id: 'done', type: 'end', title: 'Thanks' },
      ],
    });

  async function paste(value: string) {
    const { user, onComplete } = renderWidget({ flow: emailFlow(), locale: 'en' });
    fireEvent.input(await screen.findByRole('textbox', { name: 'Your e-mail' }), { target: { value } });
    await user.click(screen.getByRole('button', { name: 'Submit' }));
    return onComplete;
  }

  it('lets go of the scheme and the query', async () => {
    const onComplete = await paste('mailto:ada@example.com?subject=Hello');
    await expectStep('Thanks');
    expect(onComplete.mock.calls[0]![0].answers).toEqual({ mail: 'ada@example.com' });
  });

  // Was: "Copy link address" on a mailto: link gives the URL as the browser holds it, percent-
  // encoded: <a href="mailto:info@bücher.de"> copies as "mailto:info@b%C3%BCcher.de". The scheme
  // is let go but the encoding is kept, so an IDN domain is refused as no e-mail address (and a
  // non-ASCII local part, "j%C3%BCrgen@…", would be sent encoded). Cause:
  // src/ui/questions/typed-text.ts:34 keeps `$1` as is; it should decodeURIComponent it (in a try).
  it('decodes a percent-encoded address copied from a mailto: link', async () => {
    const onComplete = await paste('mailto:info@b%C3%BCcher.de');
    await waitFor(() => expect(onComplete).toHaveBeenCalled(), { timeout: 200 });
    expect(onComplete.mock.calls[0]![0].answers).toEqual({ mail: 'info@bücher.de' });
  });
});

describe('the keyboard of a number question', () => {
  const numberFlow = (limits: Record<string, number>) =>
    flowFrom({
      id: 'numbers',
      version: 1,
      locales: ['en'],
      steps: [
        { id: 'n', type: 'number', title: 'How many?', ...limits },
        { id: 'done', type: 'end', title: 'Thanks' },
      ],
    });
  const field = async () => (await screen.findByRole('textbox', { name: 'How many?' })) as HTMLInputElement;

  it('keeps the decimal keypad where no answer can be negative', async () => {
    renderWidget({ flow: numberFlow({ min: 0 }), locale: 'en' });
    expect((await field()).inputMode).toBe('decimal');
  });

  // Was: the keypad with a minus is given only for `min < 0`. A question with no `min` and a
  // negative `max` ("how many degrees below zero", `"max": -1`) takes nothing but negative
  // numbers, yet gets iOS's decimal pad, which has no minus: it cannot be answered there. Cause:
  // src/ui/questions/input-question.tsx:60 tests `(step.min ?? 0) < 0`; it should also take
  // `step.max < 0` (and, arguably, no `min` at all: the docs say a number's default is no limit).
  it('offers a minus where every answer is negative (max < 0)', async () => {
    renderWidget({ flow: numberFlow({ max: -1 }), locale: 'en' });
    expect(['decimal', 'numeric']).not.toContain((await field()).inputMode);
  });
});

describe('a flow file fetched while the browser is offline', () => {
  let online = true;
  let outbox: PageOutbox;
  const handles: LeadFlowHandle[] = [];
  beforeEach(() => {
    online = true;
    Object.defineProperty(navigator, 'onLine', { configurable: true, get: () => online });
    vi.spyOn(console, 'error').mockImplementation(() => {});
    outbox = createPageOutbox(window, { storage: memoryStorage(), fetch: (() => Promise.reject(new TypeError('no webhook here'))) as typeof fetch });
  });
  afterEach(() => {
    for (const handle of handles.splice(0)) handle.unmount();
    outbox.dispose();
    delete (navigator as { onLine?: boolean }).onLine;
    history.replaceState(null, '', '/');
  });

  /** A fetch that fails while offline and serves `files` by URL once online. */
  const network = (files: Record<string, unknown>, url?: (requested: string) => string) =>
    vi.fn<typeof fetch>(async (input) => {
      const requested = String(input);
      if (!online || !(requested in files)) throw new TypeError('Failed to fetch');
      const response = new Response(JSON.stringify(files[requested]));
      if (url) Object.defineProperty(response, 'url', { value: url(requested) });
      return response;
    });

  function mountOn(flow: string | object, fetcher: typeof fetch) {
    const element = document.createElement('div');
    document.body.append(element);
    const handle = mount(element, { flow, webhook: WEBHOOK, locale: 'de', lazy: false, fetch: fetcher }, outbox);
    handles.push(handle);
    return { element, handle };
  }

  /** Whether `promise` has settled after `ms` of real time. */
  const settledWithin = async (promise: Promise<unknown>, ms = 60) => {
    let done = false;
    void promise.then(() => (done = true));
    await new Promise((resolve) => setTimeout(resolve, ms));
    return done;
  };

  it('is fetched once more when the browser is back online, without a referrer, and shown', async () => {
    online = false;
    const fetcher = network({ 'https://flows.example/main.json': demoJsonCopy() });
    const { element, handle } = mountOn('https://flows.example/main.json', fetcher);
    await waitFor(() => expect(fetcher).toHaveBeenCalledTimes(1));
    online = true;
    window.dispatchEvent(new Event('online'));
    await handle.ready;
    expect(element.shadowRoot!.querySelector('h2')?.textContent).toBe(ROLE_DE);
    // A second `online` event fetches nothing more.
    window.dispatchEvent(new Event('online'));
    expect(fetcher).toHaveBeenCalledTimes(2);
    expect(fetcher.mock.calls.map(([, init]) => init?.referrerPolicy)).toEqual(['no-referrer', 'no-referrer']);
  });

  it('resolves variant files against where the flow file came from after a redirect, else where it was asked for', async () => {
    history.replaceState(null, '', '/?leadflow_variant=b');
    const main = { ...demoJsonCopy(), variants: [{ id: 'a', weight: 1 }, { id: 'b', weight: 1, flow: 'b.json' }] };
    const redirected = network({ 'https://flows.example/main.json': main, 'https://cdn.example/v2/b.json': demoJsonCopy() }, (requested) =>
      requested.replace('https://flows.example/', 'https://cdn.example/v2/'),
    );
    await mountOn('https://flows.example/main.json', redirected).handle.ready;
    expect(redirected.mock.calls.map(([input]) => String(input))).toEqual(['https://flows.example/main.json', 'https://cdn.example/v2/b.json']);
    // A fetch whose responses have no url (a Response made by a test or a service worker).
    const plain = network({ 'https://flows.example/main.json': main, 'https://flows.example/b.json': demoJsonCopy() });
    await mountOn('https://flows.example/main.json', plain).handle.ready;
    expect(plain.mock.calls.map(([input]) => String(input))).toEqual(['https://flows.example/main.json', 'https://flows.example/b.json']);
  });

  // Was: unmounted while it waits for the `online` event, the widget keeps waiting: `ready`
  // never settles (viewport.ts promises it settles when unmounted before loading), and when the
  // browser comes back online the unmounted widget fetches the flow again. Cause:
  // src/embed/flow-source.ts:67-72 waits for `online` with no way to stop it; mount.tsx's
  // `stops` (unmount) should remove the listener and settle the wait.
  it('settles `ready` and fetches nothing more once unmounted while waiting to be online', async () => {
    online = false;
    const fetcher = network({ 'https://flows.example/main.json': demoJsonCopy() });
    const { handle } = mountOn('https://flows.example/main.json', fetcher);
    await waitFor(() => expect(fetcher).toHaveBeenCalledTimes(1));
    handle.unmount();
    const settled = await settledWithin(handle.ready);
    online = true;
    window.dispatchEvent(new Event('online'));
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect({ settled, fetches: fetcher.mock.calls.length }).toEqual({ settled: true, fetches: 1 });
  });

  // Was: an inline (or object) flow assigned a variant that lives in its own file, on a visitor
  // who is offline: before 403a1da the variant file failed at once and the flow was shown as it
  // is ("the assigned variant could not be shown"), fillable offline (the outbox sends the lead
  // later). Now the variant fetch waits for `online`, and the visitor sees nothing at all until
  // then. Cause: src/embed/flow-source.ts:67-72 waits for every fetch, also mount.tsx:198/227
  // loadVariantFile's, though the flow itself is in hand.
  it('shows the flow without its variant file rather than nothing while offline', async () => {
    online = false;
    history.replaceState(null, '', '/?leadflow_variant=b');
    const fetcher = network({});
    const flow = { ...demoJsonCopy(), variants: [{ id: 'a', weight: 1 }, { id: 'b', weight: 1, flow: 'b.json' }] };
    const { element, handle } = mountOn(flow, fetcher);
    expect(await settledWithin(handle.ready)).toBe(true);
    expect(element.shadowRoot!.querySelector('h2')?.textContent).toBe(ROLE_DE);
  });
});
