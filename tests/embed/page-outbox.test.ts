import { afterEach, describe, expect, it, vi } from 'vitest';
import { DEFAULT_RETRY, memoryStorage } from '../../src/delivery/index.ts';
import { emitterFor } from '../../src/embed/events.ts';
import { createPageOutbox } from '../../src/embed/page-outbox.ts';
import { sampleEnvelope, WEBHOOK_URL } from '../delivery/fixtures.ts';

const stops: Array<() => void> = [];
afterEach(() => stops.splice(0).forEach((stop) => stop()));

/** A store holding a lead that an earlier page load could not send (it went away offline). */
async function leftBehind() {
  const storage = memoryStorage();
  const offline = vi.fn(() => Promise.reject(new TypeError('Failed to fetch')));
  // Due again at once: with the default backoff (up to 1 s of random delay) the next page's
  // outbox would wait for it, longer than the checks below do.
  const first = createPageOutbox(window, { storage, fetch: offline, retry: { ...DEFAULT_RETRY, baseMs: 0 } });
  first.send(sampleEnvelope(), [WEBHOOK_URL], 'cors', emitterFor(document));
  await vi.waitFor(() => expect(offline).toHaveBeenCalled());
  first.dispose();
  return storage;
}

const online = () => vi.fn(() => Promise.resolve(new Response(null, { status: 204 })));

describe('leads an earlier page load left behind', () => {
  it('are sent right after start-up, in a task of their own, not while the page sets up its widgets', async () => {
    const storage = await leftBehind();
    const fetch = online();
    const reads = vi.spyOn(storage, 'keys');
    const page = createPageOutbox(window, { storage, fetch });
    stops.push(() => page.dispose());
    // Nothing of it happens while the script sets up: not even a look into the store.
    await Promise.resolve();
    expect(reads).not.toHaveBeenCalled();
    await vi.waitFor(() => expect(fetch).toHaveBeenCalledTimes(1));
    expect(fetch.mock.calls[0]).toEqual([WEBHOOK_URL, expect.objectContaining({ method: 'POST' })]);
  });

  it('are not sent by an outbox disposed before it got to them', async () => {
    const storage = await leftBehind();
    const fetch = online();
    createPageOutbox(window, { storage, fetch }).dispose();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(fetch).not.toHaveBeenCalled();
  });
});

describe('an outbox whose widget is gone (retire)', () => {
  it('goes on retrying a lead still on its way, without listening to the page any more', async () => {
    let answer!: (response: Response) => void;
    const fetch = vi.fn(() => new Promise<Response>((resolve) => (answer = resolve)));
    const page = createPageOutbox(window, { storage: memoryStorage(), fetch, retry: { ...DEFAULT_RETRY, baseMs: 0 } });
    stops.push(() => page.dispose());
    page.send(sampleEnvelope(), [WEBHOOK_URL], 'cors', emitterFor(document));
    await vi.waitFor(() => expect(fetch).toHaveBeenCalledTimes(1));
    page.retire();
    answer(new Response(null, { status: 503 }));
    // Retried while the page is open, though its widget is gone.
    await vi.waitFor(() => expect(fetch).toHaveBeenCalledTimes(2));
    answer(new Response(null, { status: 204 }));
    await vi.waitFor(() => expect(page.outbox.pending()).toEqual([]));
    // Not listening: coming back online no longer makes it look for work.
    const keys = vi.spyOn(page.outbox, 'flush');
    window.dispatchEvent(new Event('online'));
    expect(keys).not.toHaveBeenCalled();
  });
});

describe('two outboxes of a page over one store (a widget with its own retry timing beside the page)', () => {
  // Was: only the first outbox of a store sends on leaving (no lock then), and it skipped the
  // requests it had out itself, not those another outbox of the same page had out: a lead the
  // widget's outbox was still sending when the tab was hidden went out again from the page's
  // (a Chromium run under load saw one lead POSTed twice). The page's outboxes of one store
  // now share what they have out.
  it('leaving does not send again a lead the other one has on its way', async () => {
    const storage = memoryStorage();
    const pageFetch = online();
    const page = createPageOutbox(window, { storage, fetch: pageFetch });
    stops.push(() => page.dispose());
    let answer!: (response: Response) => void;
    const widgetFetch = vi.fn(() => new Promise<Response>((resolve) => (answer = resolve)));
    const widget = createPageOutbox(window, { storage, fetch: widgetFetch, retry: { ...DEFAULT_RETRY, baseMs: 0 } });
    stops.push(() => widget.dispose());
    widget.send(sampleEnvelope(), [WEBHOOK_URL], 'cors', emitterFor(document));
    await vi.waitFor(() => expect(widgetFetch).toHaveBeenCalledTimes(1));

    window.dispatchEvent(new Event('pagehide'));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(pageFetch).not.toHaveBeenCalled();

    answer(new Response(null, { status: 204 }));
    await vi.waitFor(() => expect(widget.outbox.pending()).toEqual([]));
    expect(pageFetch).not.toHaveBeenCalled();
  });

  it('leaving still sends a stored lead nobody has on its way', async () => {
    const storage = memoryStorage();
    const pageFetch = online();
    const page = createPageOutbox(window, { storage, fetch: pageFetch });
    stops.push(() => page.dispose());
    const offline = vi.fn(() => Promise.reject(new TypeError('Failed to fetch')));
    const widget = createPageOutbox(window, { storage, fetch: offline, retry: { ...DEFAULT_RETRY, baseMs: 60_000, capMs: 60_000 } });
    stops.push(() => widget.dispose());
    widget.send(sampleEnvelope(), [WEBHOOK_URL], 'cors', emitterFor(document));
    await vi.waitFor(() => expect(offline).toHaveBeenCalledTimes(1));
    // Past the moment a failure counts as the page's own teardown (UNANSWERED_MS).
    await new Promise((resolve) => setTimeout(resolve, 1100));
    window.dispatchEvent(new Event('pagehide'));
    await vi.waitFor(() => expect(pageFetch).toHaveBeenCalledTimes(1));
  });
});
