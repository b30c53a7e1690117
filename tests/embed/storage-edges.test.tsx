import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { LeadEnvelope } from '../../src/delivery/index.ts';
import { createPageOutbox, type PageOutbox } from '../../src/embed/page-outbox.ts';
import { demoJsonCopy } from '../ui/fixtures.tsx';
import { STUDENT_END_DE, WEBHOOK, chooseStudent, cleanupMounted, host, mountWidget, shadowOf, sleep } from './support/harness.ts';

/**
 * What the widget keeps in Web Storage when that storage is full, cleared mid-visit, or holds
 * values LeadFlow did not write (another script, an older format): README "Resume",
 * "Attribution", "Delivery — no lead lost, none twice".
 */

/** The browser's fetch stubbed: every request recorded, answered `status`. */
function network(status = 204) {
  const posts: LeadEnvelope[] = [];
  const fetch = vi.fn(async (_input: RequestInfo | URL, init: RequestInit = {}) => {
    posts.push(JSON.parse(String(init.body)) as LeadEnvelope);
    return new Response(null, { status });
  });
  vi.stubGlobal('fetch', fetch);
  return { fetch, posts };
}

/** Fills `storage` to the last character: every further setItem throws QuotaExceededError. */
function fillToTheBrim(storage: Storage): void {
  let n = 0;
  for (let size = 1 << 20; size >= 1; size >>= 1) {
    const chunk = 'x'.repeat(size);
    for (;;)
      try {
        storage.setItem(`filler:${n++}`, chunk);
      } catch {
        break;
      }
  }
  expect(() => storage.setItem('filler:probe', 'x')).toThrow(/quota/i);
}

/** The page's outbox over the real localStorage, sending with the (stubbed) browser fetch. */
let outboxes: PageOutbox[] = [];
function browserOutbox(): PageOutbox {
  const outbox = createPageOutbox(window);
  outboxes.push(outbox);
  return outbox;
}

const leadflowKeys = (storage: Storage) => Object.keys(storage).filter((key) => key.startsWith('leadflow:'));

beforeEach(() => {
  vi.spyOn(console, 'error').mockImplementation(() => {});
  vi.spyOn(console, 'warn').mockImplementation(() => {});
});
afterEach(() => {
  cleanupMounted();
  outboxes.forEach((outbox) => outbox.dispose());
  outboxes = [];
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
  localStorage.clear();
  sessionStorage.clear();
});

describe('storage full (QuotaExceededError)', () => {
  // README: where storage is "a full quota" the lead "is kept in memory instead and the widget keeps working".
  it('delivers the lead from memory and shows the end screen when localStorage is full', async () => {
    const net = network();
    fillToTheBrim(localStorage);
    const { element, of } = host();
    await mountWidget(element, {}, browserOutbox()).ready;
    const q = await chooseStudent(element);
    await q.findByText(STUDENT_END_DE);
    await vi.waitFor(() => expect(net.posts.map((lead) => lead.type)).toEqual(['lead.submitted']));
    expect(of('delivered')).toHaveLength(1);
    expect(of('error')).toEqual([]);
    // Nothing of LeadFlow's got in: not the lead, nor a half-written entry.
    expect(leadflowKeys(localStorage)).toEqual([]);
  });

  // Progress and first-touch attribution are what the widget "may lose without harm" (session-store.ts).
  it('goes on and delivers when sessionStorage is full, with the current page as the first touch', async () => {
    history.replaceState(null, '', '/landing?utm_source=mail');
    try {
      const net = network();
      fillToTheBrim(sessionStorage);
      const { element } = host();
      await mountWidget(element, {}, browserOutbox()).ready;
      await chooseStudent(element);
      await vi.waitFor(() => expect(net.posts).toHaveLength(1));
      expect(net.posts[0]!.data.attribution).toEqual({ utm_source: 'mail', landingPage: `${location.origin}/landing` });
      expect(leadflowKeys(sessionStorage)).toEqual([]);
    } finally {
      history.replaceState(null, '', '/');
    }
  });
});

describe('storage cleared in the middle of a visit', () => {
  // A privacy extension (or "clear site data") empties sessionStorage while the visitor answers:
  // the visit goes on under the same lead id, and progress is written again at the next answer.
  it('writes progress again under the same lead id after sessionStorage was cleared', async () => {
    const net = network();
    const { element } = host();
    await mountWidget(element, {}, browserOutbox()).ready;
    const q = shadowOf(element);
    await q.findByRole('radio', { name: 'Ich bin Student:in' });
    const progressKey = () => leadflowKeys(sessionStorage).find((key) => key.startsWith('leadflow:progress:'));
    const before = JSON.parse(sessionStorage.getItem(progressKey()!)!) as { leadId: string };
    sessionStorage.clear();
    expect(progressKey()).toBeUndefined();
    const student = q.getByRole('radio', { name: 'Ich bin Student:in' });
    student.click();
    await vi.waitFor(() => expect(progressKey()).toBeDefined());
    expect((JSON.parse(sessionStorage.getItem(progressKey()!)!) as { leadId: string }).leadId).toBe(before.leadId);
    q.getByRole('button', { name: 'Absenden' }).click();
    await vi.waitFor(() => expect(net.posts).toHaveLength(1));
    expect(net.posts[0]!.data.id).toBe(before.leadId);
    // Finished: the progress (the visitor's answers) is gone again.
    expect(progressKey()).toBeUndefined();
  });
});

describe('foreign or older values under LeadFlow keys', () => {
  // Was: a value under `leadflow:touch` that LeadFlow did not write (another script, an older
  // format storing a plain string) is put into every lead unchecked, so `data.attribution` is no
  // longer the documented `Record<string, string>`. Cause: src/embed/attribution.ts, firstTouch(),
  // returns `stored.load()` as is; progress (start-widget.tsx) is checked, attribution is not.
  it('sends an object of strings as attribution when sessionStorage holds a foreign leadflow:touch', async () => {
    const net = network();
    sessionStorage.setItem('leadflow:touch', JSON.stringify('newsletter'));
    const { element } = host();
    await mountWidget(element, {}, browserOutbox()).ready;
    await chooseStudent(element);
    await vi.waitFor(() => expect(net.posts).toHaveLength(1));
    const { attribution } = net.posts[0]!.data;
    expect(typeof attribution === 'object' && attribution !== null && !Array.isArray(attribution)).toBe(true);
    expect(Object.values(attribution).every((value) => typeof value === 'string')).toBe(true);
  });

  // A damaged entry (not JSON) under the outbox's prefix is left alone and does not stop the
  // page's real leads.
  it('delivers a stored lead next to a damaged outbox entry, and leaves the damaged one alone', async () => {
    const net = network();
    localStorage.setItem(`leadflow:outbox:lead:broken|${WEBHOOK}`, '{"url": "');
    const { element } = host();
    await mountWidget(element, {}, browserOutbox()).ready;
    await chooseStudent(element);
    await vi.waitFor(() => expect(net.posts).toHaveLength(1));
    await vi.waitFor(() => expect(leadflowKeys(localStorage)).toEqual([`leadflow:outbox:lead:broken|${WEBHOOK}`]));
  });

  // Was: an outbox entry that has the envelope and url the outbox checks for, but no `nextAt` /
  // `createdAt` / `attempts` (an older format, another script), is never sent and never expires:
  // the visitor's e-mail stays in localStorage for good, against "after 7 days an undeliverable
  // lead is dropped". Cause: src/delivery/outbox.ts, read() accepts it, then flush() compares
  // `NaN` (now() - undefined > maxAgeMs, Math.max(undefined, …) <= now()) and schedule() skips it.
  it('sends or drops a stored lead whose entry lacks its timing fields, rather than keeping it forever', async () => {
    const net = network();
    const envelope = {
      type: 'lead.submitted',
      timestamp: '2020-01-01T00:00:00Z',
      data: { id: '0170c0ff-ee00-7000-8000-000000000001', flow: { id: 'saas-bant', version: 1 }, contact: { email: 'old.format@example.com' } },
    };
    const key = `leadflow:outbox:lead:${envelope.data.id}|${WEBHOOK}`;
    localStorage.setItem(key, JSON.stringify({ url: WEBHOOK, mode: 'cors', envelope }));
    browserOutbox();
    await sleep(100);
    expect(net.posts.length > 0 || localStorage.getItem(key) === null).toBe(true);
  });

  // The assignment is read raw; one that names no variant of the flow is replaced, not kept.
  it('replaces an A/B assignment that names no variant of the flow', async () => {
    network();
    localStorage.setItem('leadflow:variant:saas-bant', '{"old":"format"}');
    const flow = demoJsonCopy();
    flow.variants = [{ id: 'a', weight: 1 }, { id: 'b', weight: 1 }];
    const { element, of } = host();
    await mountWidget(element, { flow }, browserOutbox()).ready;
    const [ready] = of('ready');
    expect(['a', 'b']).toContain(ready!.variant);
    expect(localStorage.getItem('leadflow:variant:saas-bant')).toBe(ready!.variant);
  });
});
