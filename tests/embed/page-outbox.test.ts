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
