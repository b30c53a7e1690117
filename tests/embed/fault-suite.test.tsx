import userEvent from '@testing-library/user-event';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi, type MockInstance } from 'vitest';
import { memoryStorage, type OutboxStorage } from '../../src/delivery/index.ts';
import type { LeadFlowEvents } from '../../src/embed/index.ts';
import { createFaultyFetch, createReceiver, type Call, type FetchFault, type Receiver } from './support/fault-lab.ts';
import { FAST_RETRY, STUDENT_END_DE, WEBHOOK, chooseStudent, cleanupMounted, host, mountWidget, pageOutbox, sleep, submitAsStudent } from './support/harness.ts';

/**
 * Many visitors' leads through the faults a webhook meets in the wild. The receiver keeps each
 * `webhook-id` once and counts every arrival; every lead must be kept exactly once, and every
 * attempt of a lead must carry the same `webhook-id` and body. The figures of all tests are
 * printed in one line at the end (they go into the docs).
 */

// Anything not sent through an injected fetch (a flow file, a stray webhook call) is refused
// with a console.error, which the tests check for.
const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterAll(() => server.close());

let consoleError: MockInstance<typeof console.error>;
beforeEach(() => {
  consoleError = vi.spyOn(console, 'error').mockImplementation(() => {});
});
afterEach(() => cleanupMounted());

const figures = {
  leads: 0,
  /** Injected between page and receiver, per kind, counted per attempt that met one. */
  network: new Map<string, number>(),
  /** What happened to the page or the browser, per kind, counted per lead it hit. */
  page: new Map<string, number>(),
  lost: 0,
  duplicatesBeforeDedup: 0,
  attempts: 0,
  refused: 0,
};
const add = (map: Map<string, number>, kind: string, n = 1) => map.set(kind, (map.get(kind) ?? 0) + n);
const countFault = (kind: string, n = 1) => add(figures.page, kind, n);

/** Adds a finished run's numbers to the suite's figures. */
function record(run: { ids: readonly string[]; receiver: Receiver; calls: readonly Call[]; injected: ReadonlyMap<FetchFault, number> }) {
  figures.leads += run.ids.length;
  figures.lost += run.ids.filter((id) => !run.receiver.stored.has(id)).length;
  figures.duplicatesBeforeDedup += run.receiver.duplicates();
  figures.attempts += run.calls.length;
  for (const [kind, n] of run.injected) add(figures.network, kind, n);
}

afterAll(() => {
  const list = (map: Map<string, number>) => [...map].map(([kind, n]) => `${kind} ${n}`).join(', ');
  const total = (map: Map<string, number>) => [...map.values()].reduce((a, b) => a + b, 0);
  console.info(
    `LeadFlow fault suite: ${figures.leads} leads, ${figures.attempts} requests; ` +
      `${total(figures.network)} network faults (${list(figures.network)}); ` +
      `${total(figures.page)} page events (${list(figures.page)}); ` +
      `lost ${figures.lost}, duplicates before de-dup ${figures.duplicatesBeforeDedup}, after de-dup 0; ` +
      `refused by a 400 ${figures.refused} (reported once, not retried)`,
  );
});

/** A browser's storage that can watch what the outbox writes. */
function watchedStorage(onSet: (key: string, value: string) => void): OutboxStorage {
  const storage = memoryStorage();
  return {
    ...storage,
    set(key, value) {
      storage.set(key, value);
      onSet(key, value);
    },
  };
}

const leadKeys = (storage: OutboxStorage) => storage.keys().filter((key) => key.startsWith('lead:'));

/**
 * Every lead stored by the receiver exactly once under its own id, nothing else stored, each
 * attempt of a lead with the same `webhook-id` header and the same body, and never two
 * attempts of one lead on the wire at once.
 */
function expectDeliveredOnce(ids: readonly string[], receiver: Receiver, calls: readonly Call[], maxInFlight: ReadonlyMap<string, number>) {
  expect(new Set(ids).size).toBe(ids.length);
  expect([...receiver.stored.keys()].sort()).toEqual([...ids].sort());
  for (const id of ids) {
    const attempts = calls.filter((call) => JSON.parse(call.body).data.id === id);
    expect(attempts.length).toBeGreaterThan(0);
    expect(attempts.every((call) => call.webhookId === id && call.url === WEBHOOK)).toBe(true);
    expect(new Set(attempts.map((call) => call.body)).size).toBe(1);
    expect(attempts.at(-1)!.outcome).toBe('ok');
    expect(maxInFlight.get(id)).toBe(1);
  }
  const kept = receiver.arrivals.filter((arrival, i, all) => all.findIndex((a) => a.webhookId === arrival.webhookId) === i);
  expect(kept.map((a) => a.envelope.data.id).sort()).toEqual([...ids].sort());
}

/** The lead id a visitor's widget announced with `leadflow:submit`. */
function submittedId(of: ReturnType<typeof host>['of']): string {
  const submits = of('submit');
  expect(submits).toHaveLength(1);
  return submits[0]!.leadId;
}

/** Gives the lead `element` submits its fault plan, from `leadflow:submit`: before its first request. */
function planOnSubmit(element: HTMLElement, plans: Map<string, readonly FetchFault[]>, plan: readonly FetchFault[]) {
  const onSubmit = (event: Event) => plans.set((event as CustomEvent<LeadFlowEvents['submit']>).detail.leadId, plan);
  element.addEventListener('leadflow:submit', onSubmit, { once: true });
}

/**
 * One page load of a browser: an outbox over the browser's storage. `close` is that page going
 * away (a reload, a closed tab): its pagehide, then nothing of it runs any more. Requests it
 * started still reach the receiver, but their answers never reach the page, so whatever it had
 * not seen answered stays stored for the next page load.
 */
function openPage(storage: OutboxStorage, fetch: typeof globalThis.fetch, retry = FAST_RETRY) {
  let gone = false;
  const never = () => new Promise<Response>(() => {});
  const pageFetch = (input: RequestInfo | URL, init?: RequestInit): Promise<Response> =>
    gone
      ? never()
      : fetch(input, init).then(
          (response) => (gone ? never() : response),
          (error: unknown) => (gone ? never() : Promise.reject(error)),
        );
  const page = pageOutbox({ storage, fetch: pageFetch, retry });
  return {
    page,
    /**
     * `pagehide`: a real pagehide event on the window, for a test with no other page open;
     * `leave`: the same for this page alone (the outbox's pagehide handler), when other
     * simulated pages share the one jsdom window.
     */
    close(how: 'pagehide' | 'leave') {
      if (how === 'pagehide') window.dispatchEvent(new PageTransitionEvent('pagehide', { persisted: false }));
      else page.outbox.leave();
      gone = true;
      page.dispose();
    },
  };
}

describe('fault suite: 40 visitors, one browser each, against a flaky webhook', () => {
  /** Fault sequences, one per attempt; the attempt after the last gets through. */
  const PLANS: ReadonlyArray<readonly FetchFault[]> = [
    [],
    ['http500'],
    ['http500', 'http500'],
    ['http503-seconds'],
    ['http503-date'],
    ['http429'],
    ['http429', 'http503-seconds', 'http503-date'],
    ['reset'],
    ['reset', 'reset', 'http500'],
    ['abort'],
    ['lost-response'],
    ['lost-response', 'http503-date'],
    ['http500', 'lost-response', 'reset', 'abort'],
  ];
  const VISITORS = 40;
  /** These reload the page while the lead waits for its retry: the next page load resends it. */
  const reloads = (visitor: number) => visitor % 8 === 3;

  it('delivers every lead exactly once after de-duplication, with one webhook-id per lead', async () => {
    const receiver = createReceiver();
    const plans = new Map<string, readonly FetchFault[]>();
    const { fetch, calls, injected, maxInFlight } = createFaultyFetch(receiver, (id) => plans.get(id) ?? []);
    const ids: string[] = [];
    const browsers: Array<{ storage: OutboxStorage; element: HTMLElement; of: ReturnType<typeof host>['of']; reloaded: boolean }> = [];
    let reloadedPages = 0;
    const user = userEvent.setup();

    for (let visitor = 0; visitor < VISITORS; visitor++) {
      const { element, of } = host();
      const browser = { storage: memoryStorage(), element, of, reloaded: false };
      let page: ReturnType<typeof openPage>;
      if (reloads(visitor)) {
        browser.storage = watchedStorage((key, value) => {
          if (browser.reloaded || !key.startsWith('lead:') || JSON.parse(value).attempts < 1) return;
          // The first attempt failed and the retry is pending: the visitor reloads. The old page
          // goes (its pagehide sends the lead at once, an answer it never sees), and the new page
          // loads a moment later over the same storage.
          browser.reloaded = true;
          queueMicrotask(() => {
            page.close('leave');
            setTimeout(() => {
              reloadedPages++;
              openPage(browser.storage, fetch);
            });
          });
        });
      }
      browsers.push(browser);
      page = openPage(browser.storage, fetch);
      await mountWidget(element, {}, page.page).ready;
      planOnSubmit(element, plans, reloads(visitor) ? ['http503-seconds', 'http500'] : PLANS[visitor % PLANS.length]!);
      await submitAsStudent(element, user);
      ids.push(submittedId(of));
    }

    await vi.waitFor(
      () => {
        expect(receiver.stored.size).toBe(VISITORS);
        // A lead whose answer was lost is stored by the receiver but still in the browser: wait for its resend.
        for (const { storage } of browsers) expect(leadKeys(storage)).toEqual([]);
      },
      { timeout: 8000, interval: 10 },
    );
    record({ ids, receiver, calls, injected });
    countFault('reload during backoff', reloadedPages);

    expectDeliveredOnce(ids, receiver, calls, maxInFlight);
    expect(reloadedPages).toBe(browsers.filter((b) => b.reloaded).length);
    expect(reloadedPages).toBe(Array.from({ length: VISITORS }, (_, i) => i).filter(reloads).length);
    // Each lead took exactly as many attempts as faults it met, plus the one that got through.
    for (const id of ids) expect(calls.filter((c) => c.webhookId === id)).toHaveLength(plans.get(id)!.length + 1);
    // Only answers lost on the way back make duplicates, one each; a reloaded page's send on
    // leaving met a 500, so it added none.
    expect(receiver.duplicates()).toBe(injected.get('lost-response') ?? 0);
    expect(receiver.duplicates()).toBeGreaterThan(0);

    for (const [i, browser] of browsers.entries()) {
      // The visitor saw the ending at once (submitAsStudent waited for it), and it stays, whatever the network did.
      expect(browser.element.shadowRoot!.textContent).toContain(STUDENT_END_DE);
      expect(browser.of('error')).toEqual([]);
      // After a reload the widget that sent the lead is gone: only an unreloaded page can tell it.
      if (!browser.reloaded) expect(browser.of('delivered')).toEqual([{ leadId: ids[i], event: 'lead.submitted' }]);
    }
    expect(consoleError).not.toHaveBeenCalled();
  });
});

describe('fault suite: the browser goes away and comes back', () => {
  it('sends nothing while offline, and everything once the browser is back online', async () => {
    const onLine = vi.spyOn(Navigator.prototype, 'onLine', 'get').mockReturnValue(false);
    const receiver = createReceiver();
    const plans: ReadonlyArray<readonly FetchFault[]> = [[], ['reset'], ['http503-seconds'], []];
    const byId = new Map<string, readonly FetchFault[]>();
    const { fetch, calls, injected, maxInFlight } = createFaultyFetch(receiver, (id) => byId.get(id) ?? []);
    const ids: string[] = [];
    const storages: OutboxStorage[] = [];
    const user = userEvent.setup();
    for (const plan of plans) {
      const { element, of } = host();
      const storage = memoryStorage();
      storages.push(storage);
      await mountWidget(element, {}, pageOutbox({ storage, fetch, retry: FAST_RETRY })).ready;
      planOnSubmit(element, byId, plan);
      // The visitor sees the ending offline too.
      await submitAsStudent(element, user);
      ids.push(submittedId(of));
    }
    // Nothing happens while offline, so there is no event to await: a pause well past the
    // 50 ms send lock and the retry timings, long enough for a wrongly sent lead to show up.
    await sleep(100);
    expect(calls).toEqual([]);
    for (const storage of storages) expect(leadKeys(storage)).toHaveLength(1);

    onLine.mockReturnValue(true);
    window.dispatchEvent(new Event('online'));
    await vi.waitFor(
      () => {
        expect(receiver.stored.size).toBe(plans.length);
        for (const storage of storages) expect(leadKeys(storage)).toEqual([]);
      },
      { timeout: 3000, interval: 10 },
    );
    record({ ids, receiver, calls, injected });
    countFault('offline', plans.length);
    expectDeliveredOnce(ids, receiver, calls, maxInFlight);
    expect(calls).toHaveLength(plans.flat().length + plans.length);
    expect(consoleError).not.toHaveBeenCalled();
  });

  it('gives up on an attempt nobody answers after the 10 s timeout, and sends it again', async () => {
    // The page outbox uses the default 10 s timeout: fake timers (and clock) make it instant.
    // Installed before the outbox exists, so the outbox and its send lock read the fake clock.
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    try {
      const receiver = createReceiver();
      const plans: ReadonlyArray<readonly FetchFault[]> = [['timeout'], ['timeout', 'timeout'], ['timeout', 'http503-date']];
      const byId = new Map<string, readonly FetchFault[]>();
      const { fetch, calls, injected, maxInFlight } = createFaultyFetch(receiver, (id) => byId.get(id) ?? []);
      const user = userEvent.setup({ advanceTimers: vi.advanceTimersByTime });
      const visitors = [];
      for (const plan of plans) {
        const visitor = host();
        const storage = memoryStorage();
        await mountWidget(visitor.element, {}, pageOutbox({ storage, fetch, retry: FAST_RETRY })).ready;
        planOnSubmit(visitor.element, byId, plan);
        await chooseStudent(visitor.element, user);
        visitors.push({ ...visitor, storage });
      }
      const ids = visitors.map((v) => submittedId(v.of));

      // Just short of the timeout: one attempt each, hanging; nothing sent twice meanwhile.
      await vi.advanceTimersByTimeAsync(9_000);
      expect(calls.map((c) => c.outcome)).toEqual(['timeout', 'timeout', 'timeout']);
      expect(receiver.arrivals).toEqual([]);

      for (let second = 0; second < 60 && receiver.stored.size < plans.length; second++) await vi.advanceTimersByTimeAsync(1000);
      await vi.advanceTimersByTimeAsync(1000);
      record({ ids, receiver, calls, injected });
      expectDeliveredOnce(ids, receiver, calls, maxInFlight);
      for (const { storage } of visitors) expect(leadKeys(storage)).toEqual([]);
      for (const [i, id] of ids.entries()) expect(calls.filter((c) => c.webhookId === id)).toHaveLength(plans[i]!.length + 1);
      // Two timeouts in a row take two 10 s waits: the lead arrived after 20 s, not before.
      const twiceCalls = calls.filter((c) => c.webhookId === ids[1]);
      expect(twiceCalls.at(-1)!.at - twiceCalls[0]!.at).toBeGreaterThanOrEqual(20_000);
      for (const { of } of visitors) expect(of('error')).toEqual([]);
      expect(consoleError).not.toHaveBeenCalled();
    } finally {
      vi.useRealTimers();
    }
  });

  it('after a reload during a backoff, the next page load waits the backoff out before it resends', async () => {
    // The receiver asks for 1 s; the page honours up to 300 ms of it (FAST_RETRY's 5 ms would not show).
    const retry = { ...FAST_RETRY, maxRetryAfterMs: 300 };
    const receiver = createReceiver();
    const byId = new Map<string, readonly FetchFault[]>();
    // The send on leaving reaches the receiver, but the reloading page never sees the answer.
    const { fetch, calls, injected, maxInFlight } = createFaultyFetch(receiver, (id) => byId.get(id) ?? []);
    const storage = memoryStorage();
    const { element, of } = host();
    const first = openPage(storage, fetch, retry);
    await mountWidget(element, {}, first.page).ready;
    planOnSubmit(element, byId, ['http503-seconds', 'lost-response']);
    await chooseStudent(element);
    const id = submittedId(of);
    await vi.waitFor(() => expect(first.page.outbox.pending()[0]?.attempts).toBe(1), { interval: 5 });
    const failedAt = Date.now();
    const [stored] = first.page.outbox.pending();
    first.close('pagehide');
    expect(calls.map((c) => [c.outcome, c.keepalive])).toEqual([
      ['http503-seconds', true],
      ['lost-response', true],
    ]);

    const second = openPage(storage, fetch, retry);
    // Past the send lock's 50 ms, short of the 300 ms backoff: the new page holds the lead back.
    await sleep(150);
    expect(calls).toHaveLength(2);
    expect(second.page.outbox.pending()).toEqual([stored]);
    await vi.waitFor(() => expect(leadKeys(storage)).toEqual([]), { timeout: 3000, interval: 10 });
    expect(calls[2]!.at - failedAt).toBeGreaterThanOrEqual(250);
    record({ ids: [id], receiver, calls, injected });
    countFault('reload during backoff');
    expectDeliveredOnce([id], receiver, calls, maxInFlight);
    expect(receiver.arrivals.map((a) => a.webhookId)).toEqual([id, id]);
  });
});

describe('fault suite: the tab is closed', () => {
  it('right after submit: a keepalive request goes out in the pagehide, and the next page load delivers what is left', async () => {
    const receiver = createReceiver();
    // The closed page never sees an answer: 1 reaches the receiver, 2 arrives but its answer is
    // lost too, 3 meets a connection reset.
    const plans: ReadonlyArray<readonly FetchFault[]> = [[], ['lost-response'], ['reset']];
    const byId = new Map<string, readonly FetchFault[]>();
    const { fetch, calls, injected, maxInFlight } = createFaultyFetch(receiver, (id) => byId.get(id) ?? []);
    const user = userEvent.setup();
    const ids: string[] = [];
    const storages: OutboxStorage[] = [];
    const sentInPagehide: Call[][] = [];
    for (const plan of plans) {
      const { element, of } = host();
      const storage = memoryStorage();
      storages.push(storage);
      const tab = openPage(storage, fetch);
      await mountWidget(element, {}, tab.page).ready;
      planOnSubmit(element, byId, plan);
      // The visitor closes the tab the moment the lead is handed to the outbox.
      element.addEventListener(
        'leadflow:submit',
        () =>
          queueMicrotask(() => {
            const before = calls.length;
            tab.close('pagehide');
            sentInPagehide.push(calls.slice(before));
          }),
        { once: true },
      );
      await chooseStudent(element, user);
      ids.push(submittedId(of));
    }
    countFault('tab closed after submit', plans.length);
    // Each lead's request was started by the pagehide handler itself, with keepalive.
    expect(sentInPagehide.map((sent) => sent.map((c) => [c.webhookId, c.keepalive]))).toEqual(ids.map((id) => [[id, true]]));
    // Past the send lock's 50 ms: the closed pages sent nothing more.
    await sleep(100);
    expect(calls).toHaveLength(plans.length);
    // Without an answer, every lead is still stored in its browser.
    expect(storages.map((s) => leadKeys(s).length)).toEqual([1, 1, 1]);

    // The visitors come back: each browser's next page load sends what it holds.
    for (const storage of storages) openPage(storage, fetch);
    await vi.waitFor(
      () => {
        expect(receiver.stored.size).toBe(plans.length);
        for (const storage of storages) expect(leadKeys(storage)).toEqual([]);
      },
      { timeout: 3000, interval: 10 },
    );
    expect(calls.slice(plans.length).map((c) => c.webhookId)).toEqual(ids);
    record({ ids, receiver, calls, injected });
    expectDeliveredOnce(ids, receiver, calls, maxInFlight);
    // Two leads reached the receiver from the closed page already: the resends are duplicates.
    expect(receiver.duplicates()).toBe(2);
  });

  it('during a backoff: the lead is sent in the pagehide itself, not after the Retry-After', async () => {
    const retry = { ...FAST_RETRY, maxRetryAfterMs: 300 };
    const receiver = createReceiver();
    const byId = new Map<string, readonly FetchFault[]>();
    const { fetch, calls, injected, maxInFlight } = createFaultyFetch(receiver, (id) => byId.get(id) ?? []);
    const storage = memoryStorage();
    const { element, of } = host();
    const tab = openPage(storage, fetch, retry);
    await mountWidget(element, {}, tab.page).ready;
    // A 503 asking for 1 s, which this page honours for 300 ms; then the send on leaving gets through.
    planOnSubmit(element, byId, ['http503-seconds']);
    await chooseStudent(element);
    const id = submittedId(of);
    await vi.waitFor(() => expect(tab.page.outbox.pending()[0]?.attempts).toBe(1), { interval: 5 });
    expect(calls).toHaveLength(1);

    tab.close('pagehide');
    expect(calls).toHaveLength(2);
    expect(calls[1]!).toMatchObject({ webhookId: id, keepalive: true });
    countFault('tab closed during backoff');
    await vi.waitFor(() => expect(receiver.stored.has(id)).toBe(true), { interval: 5 });

    // The next page load does not know the lead arrived: it sends it again once the backoff is over, under the same id.
    openPage(storage, fetch, retry);
    await vi.waitFor(() => expect(leadKeys(storage)).toEqual([]), { timeout: 3000, interval: 10 });
    record({ ids: [id], receiver, calls, injected });
    expectDeliveredOnce([id], receiver, calls, maxInFlight);
    expect(receiver.arrivals.map((a) => a.webhookId)).toEqual([id, id]);
  });
});

describe('fault suite: two tabs of one browser', () => {
  it('share the stored leads without ever sending one lead twice at once', async () => {
    const receiver = createReceiver();
    const plans: ReadonlyArray<readonly FetchFault[]> = [['http500'], ['reset', 'http429'], [], ['http503-date'], ['lost-response'], ['abort', 'http500']];
    const byId = new Map<string, readonly FetchFault[]>();
    const { fetch, calls, injected, maxInFlight } = createFaultyFetch(receiver, (id) => byId.get(id) ?? []);
    const storage = memoryStorage();
    const tabs = [pageOutbox({ storage, fetch, retry: FAST_RETRY }), pageOutbox({ storage, fetch, retry: FAST_RETRY })];
    const user = userEvent.setup();
    const ids: string[] = [];
    for (const [i, plan] of plans.entries()) {
      const { element, of } = host();
      await mountWidget(element, {}, tabs[i % 2]).ready;
      planOnSubmit(element, byId, plan);
      await submitAsStudent(element, user);
      ids.push(submittedId(of));
    }
    await vi.waitFor(
      () => {
        expect(receiver.stored.size).toBe(plans.length);
        expect(leadKeys(storage)).toEqual([]);
      },
      { timeout: 5000, interval: 10 },
    );
    record({ ids, receiver, calls, injected });
    expectDeliveredOnce(ids, receiver, calls, maxInFlight);
    expect(calls).toHaveLength(plans.flat().length + plans.length);
    expect(receiver.duplicates()).toBe(1);
  });
});

describe('fault suite: a webhook that refuses the lead', () => {
  it('reports a 400 once as delivery_failed on the widget and in the console, and does not retry', async () => {
    const webhook = vi.fn<typeof fetch>(async () => new Response('bad request', { status: 400 }));
    const storage = memoryStorage();
    const { element, of } = host();
    const targets: Array<EventTarget | null> = [];
    const onError = (event: Event) => targets.push(event.target);
    document.addEventListener('leadflow:error', onError);
    try {
      await mountWidget(element, {}, pageOutbox({ storage, fetch: webhook, retry: FAST_RETRY })).ready;
      const q = await chooseStudent(element);
      const id = submittedId(of);
      await vi.waitFor(() => expect(of('error')).toHaveLength(1), { interval: 5 });
      // A retry would come within ms (FAST_RETRY): a pause well past it shows none comes.
      await sleep(100);

      expect(of('error')).toEqual([{ code: 'delivery_failed', message: expect.stringContaining('HTTP 400'), leadId: id, event: 'lead.submitted' }]);
      expect(of('error')[0]!.message).toContain(id);
      expect(targets).toEqual([element]);
      expect(consoleError).toHaveBeenCalledTimes(1);
      expect(String(consoleError.mock.calls[0]![0])).toMatch(/^LeadFlow: lead .* was refused by .* after 1 attempt\(s\): .*HTTP 400/);
      expect(webhook).toHaveBeenCalledTimes(1);
      expect(leadKeys(storage)).toEqual([]);
      expect(of('delivered')).toEqual([]);
      // The visitor is not bothered with it.
      expect(q.getByRole('heading', { level: 2, name: STUDENT_END_DE })).toBeTruthy();
      expect(q.queryByRole('alert')).toBeNull();
      figures.leads += 1;
      figures.refused += 1;
      figures.attempts += 1;
      add(figures.network, 'http400 (terminal)');
    } finally {
      document.removeEventListener('leadflow:error', onError);
    }
  });
});
