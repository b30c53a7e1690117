import { cleanup } from '@testing-library/preact';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { LeadEnvelope } from '../../src/embed/index.ts';
import { chooseStudent, cleanupMounted, host, mountWidget, shadowOf, STUDENT_END_DE } from './support/harness.ts';

/*
 * Time as a visitor's browser has it: a laptop that slept between two clicks, a clock corrected
 * back while the form was being filled, a reload the next day, a popup's `timer:` trigger.
 * Date is faked (vi.setSystemTime); where only Date is faked, timers run in real time.
 */

const T = Date.UTC(2026, 2, 28, 23, 59, 30); // half a minute before midnight UTC
const HOUR = 3600_000;

afterEach(() => {
  cleanupMounted();
  cleanup();
  vi.useRealTimers();
  vi.restoreAllMocks();
  localStorage.clear();
  sessionStorage.clear();
});

/** A webhook that takes every lead, recording the envelopes. */
function receiver() {
  const leads: LeadEnvelope[] = [];
  const fetch = vi.fn(async (_url: RequestInfo | URL, init?: RequestInit) => {
    leads.push(JSON.parse(String(init!.body)));
    return new Response(null, { status: 204 });
  });
  return { leads, fetch: fetch as unknown as typeof globalThis.fetch };
}

/**
 * The visitor sees the form at T and answers for `spentMs` (the wall clock and the page's
 * monotonic one both move); the wall clock is then set to `later` (a correction, or the hours a
 * laptop slept, which the monotonic clock does not count), and they finish.
 */
async function fillWithClock(later: number, bots: 'drop' | 'flag', spentMs = 20_000) {
  vi.useFakeTimers({ toFake: ['Date', 'performance'], now: T });
  const net = receiver();
  const { element } = host();
  // The default minimum fill time of 1.5 s, written out.
  await mountWidget(element, { minFillMs: 1500, bots, fetch: net.fetch }).ready;
  await shadowOf(element).findByRole('radio', { name: 'Ich bin Student:in' });
  vi.advanceTimersByTime(spentMs);
  vi.setSystemTime(later);
  const q = await chooseStudent(element, userEvent.setup());
  expect(await q.findByRole('heading', { level: 2, name: STUDENT_END_DE })).toBeTruthy();
  return net;
}

describe('the fill time (bot check) over time', () => {
  it('sends the lead of a visitor who took 20 s, with startedAt and completedAt in UTC', async () => {
    const net = await fillWithClock(T + 20_000, 'flag');
    await vi.waitFor(() => expect(net.leads).toHaveLength(1));
    const { meta } = net.leads[0]!.data;
    expect(meta.suspectedBot).toBeUndefined();
    expect(meta.startedAt).toBe('2026-03-28T23:59:30.000Z');
    expect(meta.completedAt).toBe('2026-03-28T23:59:50.000Z');
    expect(net.leads[0]!.timestamp).toBe('2026-03-28T23:59:50Z');
  });

  it('sends the lead of a visitor whose laptop slept ten hours (over midnight) before they submitted', async () => {
    const net = await fillWithClock(T + 10 * HOUR, 'drop');
    await vi.waitFor(() => expect(net.leads).toHaveLength(1));
    const { meta } = net.leads[0]!.data;
    expect(meta.suspectedBot).toBeUndefined();
    expect(Date.parse(meta.completedAt!) - Date.parse(meta.startedAt!)).toBe(10 * HOUR);
  });

  // Was: the fill time is `now - startedAt` on the wall clock (src/embed/submit-lead.ts,
  // botSigns; startedAt set in src/embed/start-widget.tsx). A visitor who spends 20 s on the
  // form while their clock is corrected an hour back (NTP after a wake-up, a time zone setting
  // fixed by hand) gets a negative fill time, which is "sooner than min-fill-ms": their lead is
  // silently dropped as a bot's (the default `bots: "drop"`). docs/delivery.md: a lead counts as
  // a bot's when sent "sooner than this after the first step was first seen" — a negative
  // difference says the clock moved, not that a bot was quick. Expected: the lead is sent.
  it('does not drop the lead of a visitor whose clock went back an hour while they filled in the form', async () => {
    const net = await fillWithClock(T - HOUR + 20_000, 'drop');
    await vi.waitFor(() => expect(net.leads).toHaveLength(1), { timeout: 1000 });
  });

  // Was: the same with `bots: "flag"`: the lead arrives marked `suspectedBot: { tooFast: true,
  // fillMs: -3580000 }`, and `meta.startedAt` is later than `meta.completedAt`. Expected: no
  // suspectedBot, and no negative fill time in the payload.
  it('does not flag, with a negative fill time, the lead of a visitor whose clock went back', async () => {
    const net = await fillWithClock(T - HOUR + 20_000, 'flag');
    await vi.waitFor(() => expect(net.leads).toHaveLength(1));
    expect(net.leads[0]!.data.meta.suspectedBot).toBeUndefined();
  });

  it('still flags a form filled in half a second, also when the clock jumped an hour ahead meanwhile', async () => {
    const net = await fillWithClock(T + HOUR, 'flag', 500);
    await vi.waitFor(() => expect(net.leads).toHaveLength(1));
    const signs = net.leads[0]!.data.meta.suspectedBot as { fillMs: number } | undefined;
    expect(signs).toEqual({ honeypot: false, tooFast: true, fillMs: expect.any(Number) });
    expect(signs!.fillMs).toBeLessThan(1500);
  });
});

describe('resuming the next day', () => {
  it('continues on the same step with the same lead id and start time after a reload a day later', async () => {
    vi.useFakeTimers({ toFake: ['Date'], now: T });
    const net = receiver();
    const { element } = host();
    element.id = 'form';
    const user = userEvent.setup();
    const first = mountWidget(element, { fetch: net.fetch });
    await first.ready;
    let q = shadowOf(element);
    await user.click(await q.findByRole('radio', { name: 'Ich entscheide' }));
    await user.click(q.getByRole('button', { name: 'Weiter' }));
    await q.findByRole('heading', { level: 2, name: 'Was möchten Sie verbessern?' });
    const saved = Object.keys(sessionStorage).find((key) => key.startsWith('leadflow:progress:'))!;
    const leadId = JSON.parse(sessionStorage.getItem(saved)!).leadId as string;
    first.unmount(); // the tab is reloaded the next morning (sessionStorage lives on)

    vi.setSystemTime(T + 9 * HOUR);
    await mountWidget(element, { fetch: net.fetch }).ready;
    q = shadowOf(element);
    await q.findByRole('heading', { level: 2, name: 'Was möchten Sie verbessern?' });
    await user.click(q.getByRole('button', { name: 'Zurück' }));
    await user.click(await q.findByRole('radio', { name: 'Ich bin Student:in' }));
    await user.click(q.getByRole('button', { name: 'Absenden' }));
    await vi.waitFor(() => expect(net.leads).toHaveLength(1));

    const { data } = net.leads[0]!;
    expect(data.id).toBe(leadId);
    // The UUIDv7's time field: when the visit began, yesterday.
    expect(parseInt(data.id.replaceAll('-', '').slice(0, 12), 16)).toBe(T);
    expect(data.meta.startedAt).toBe(new Date(T).toISOString());
    expect(data.meta.completedAt).toBe(new Date(T + 9 * HOUR).toISOString());
  });
});

describe('a popup\'s timer trigger', () => {
  let hidden = false;
  const setHidden = (value: boolean) => {
    hidden = value;
    document.dispatchEvent(new Event('visibilitychange'));
  };
  async function popupWithTimer() {
    vi.useFakeTimers({ now: T });
    hidden = false;
    vi.spyOn(document, 'visibilityState', 'get').mockImplementation(() => (hidden ? 'hidden' : 'visible'));
    const { element } = host();
    const handle = mountWidget(element, { mode: 'popup', trigger: 'timer:20', fetch: receiver().fetch });
    await vi.advanceTimersByTimeAsync(0);
    await handle.ready;
    const isOpen = () => element.getAttribute('data-leadflow-state') === 'open';
    return { isOpen };
  }

  it('counts only the time in view: 10 s, a night in the background, then 10 s more', async () => {
    const { isOpen } = await popupWithTimer();
    await vi.advanceTimersByTimeAsync(10_000);
    setHidden(true);
    // Laptop closed overnight: the clock moves on, timers do not run.
    vi.setSystemTime(Date.now() + 10 * HOUR);
    setHidden(false);
    await vi.advanceTimersByTimeAsync(9_000);
    expect(isOpen()).toBe(false);
    await vi.advanceTimersByTimeAsync(1_500);
    expect(isOpen()).toBe(true);
  });

  // Was: `timer:20` counts the time the page was in view with Date.now (src/embed/triggers.ts):
  // the clock set back an hour while the page was in view adds that hour to the time still to
  // wait once the visitor switches tabs and back. Expected (README: "`timer:<seconds>` the page
  // was in view"): the popup opens after 20 s in view, here 10 s after the visitor came back.
  it('opens after 20 s in view although the clock went back an hour meanwhile', async () => {
    const { isOpen } = await popupWithTimer();
    await vi.advanceTimersByTimeAsync(5_000);
    vi.setSystemTime(Date.now() - HOUR);
    await vi.advanceTimersByTimeAsync(5_000);
    setHidden(true);
    await vi.advanceTimersByTimeAsync(60_000);
    setHidden(false);
    await vi.advanceTimersByTimeAsync(11_000);
    expect(isOpen()).toBe(true);
  });
});
