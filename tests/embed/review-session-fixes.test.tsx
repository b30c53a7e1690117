import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { memoryStorage } from '../../src/delivery/index.ts';
import { emitterFor } from '../../src/embed/events.ts';
import { createPageOutbox } from '../../src/embed/page-outbox.ts';
import { sampleEnvelope, WEBHOOK_URL } from '../delivery/fixtures.ts';

/**
 * Review of the contract audit fixes (an unmounted widget's outbox goes on delivering: `retire`):
 * bugs the fix introduced. Each test failed before its fix; "Was:" says what went wrong. A
 * retired outbox now only retries what it holds: it no longer listens to the page.
 */

const stops: Array<() => void> = [];
beforeEach(() => {
  vi.spyOn(console, 'error').mockImplementation(() => {});
});
afterEach(() => {
  stops.splice(0).forEach((stop) => stop());
  vi.restoreAllMocks();
});

/** A receiver that answers the first POST with 503 and `Retry-After: 60`, every later one with 204. */
function receiver() {
  const bodies: string[] = [];
  const fetch = vi.fn(async (_url: RequestInfo | URL, init: RequestInit = {}) => {
    bodies.push(String(init.body));
    return bodies.length === 1 ? new Response(null, { status: 503, headers: { 'retry-after': '60' } }) : new Response(null, { status: 204 });
  }) as unknown as typeof globalThis.fetch;
  return { fetch, bodies };
}

/**
 * A widget with its own outbox (the ES module's `mount`, or `fetch` / `retry` options) sent a
 * lead that got a 503 with a minute's Retry-After; the single-page app then unmounted it
 * (`retire`) and mounted the same widget again, whose new outbox reads the same store.
 */
async function remounted() {
  const storage = memoryStorage();
  const net = receiver();
  const first = createPageOutbox(window, { storage, fetch: net.fetch });
  stops.push(() => first.dispose());
  const widget = document.createElement('div'); // removed from the page by the app
  first.send(sampleEnvelope(), [WEBHOOK_URL], 'cors', emitterFor(widget));
  await vi.waitFor(() => expect(first.outbox.pending()[0]?.attempts).toBe(1));
  first.retire();
  const second = createPageOutbox(window, { storage, fetch: net.fetch });
  stops.push(() => second.dispose());
  return { storage, net, first, second };
}

describe('an unmounted widget’s outbox (retire) beside the next one', () => {
  // Was: src/embed/mount.tsx:69 now calls `own?.retire()` instead of `dispose()`, and
  // src/embed/page-outbox.ts keeps a retired outbox's `pagehide` / `visibilitychange` listeners
  // until it sees its store empty. When the widget is mounted again (an SPA route back), two
  // outboxes on one store each run `outbox.leave()` on pagehide — or on every tab switch
  // (visibilitychange → hidden) — and `leave()` sends every stored lead without the lock: the
  // same lead is POSTed twice, and `leadflow:delivered` reaches document twice (once from the
  // retired widget's detached element, once from the new outbox's document fallback). Before
  // this change the old outbox was disposed and the lead went out once. Now a retired outbox
  // takes no part in leaving the page.
  it('sends a pending lead once when the page is hidden, not once per outbox', async () => {
    const { net } = await remounted();
    const delivered = vi.fn();
    document.addEventListener('leadflow:delivered', delivered);
    stops.push(() => document.removeEventListener('leadflow:delivered', delivered));
    window.dispatchEvent(new Event('pagehide'));
    await vi.waitFor(() => expect(net.bodies.length).toBeGreaterThanOrEqual(2));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(net.bodies).toHaveLength(2); // the 503, then one delivery
    expect(delivered).toHaveBeenCalledTimes(1);
  });

  // Was: src/embed/page-outbox.ts `stopWhenDone` ran only from this outbox's own delivery
  // events. A lead another outbox delivers (the remounted widget's, or another tab's, both reading
  // the same localStorage) leaves the retired outbox empty but never stopped: its window /
  // document listeners stay for the life of the page (one more set per unmount), and it keeps
  // joining `leave()` and `online` flushes for leads that are not its own. Now it stops
  // listening when retired, and its retry timer ends by itself once the store is empty.
  it('stops once its lead was delivered by another outbox', async () => {
    const { storage, first } = await remounted();
    // Another outbox (the next widget, another tab) delivered it and removed it from the store.
    for (const key of storage.keys()) storage.remove(key);
    expect(first.outbox.pending()).toEqual([]);
    const flush = vi.spyOn(first.outbox, 'flush');
    window.dispatchEvent(new Event('online'));
    expect(flush).not.toHaveBeenCalled();
  });
});
