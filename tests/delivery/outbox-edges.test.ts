import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { buildLeadEnvelope } from '../../src/delivery/index.ts';
import { LEAD_ID, NOW_MS, sampleLead, sampleEnvelope, WEBHOOK_URL } from './fixtures.ts';
import { closeOutboxes, openOutbox } from './support/open-outbox.ts';
import { after, webhookStub } from './support/webhook-stub.ts';

beforeEach(() => {
  vi.useFakeTimers({ now: NOW_MS });
});
afterEach(() => {
  closeOutboxes();
  vi.useRealTimers();
});

const partial = (revision: number, email: string) =>
  buildLeadEnvelope(sampleLead({ revision, contact: { email } }), new Date(NOW_MS), 'lead.partial');

/** Found by an audit after outbox.test.ts: the clock going back, newer versions of a lead arriving while an older one is out, and requests sent on leaving. */
describe('the outbox at the edges', () => {
  // `nextAt` is wall-clock time: with the clock set back an hour after a failed attempt, the
  // lead waited an hour, although no wait is meant to be longer than 60 s.
  it('retries within the capped backoff after the clock went back an hour', async () => {
    const webhook = webhookStub(500, 204);
    const { outbox } = openOutbox({ fetch: webhook.fetch });

    outbox.add(sampleEnvelope(), WEBHOOK_URL);
    await vi.advanceTimersByTimeAsync(0);
    expect(webhook.sent).toHaveLength(1);
    // The device clock is corrected one hour back (Date.now only; timers keep running).
    vi.setSystemTime(Date.now() - 3600_000);

    await vi.advanceTimersByTimeAsync(120_000);
    // The policy never waits more than 60 s (maxRetryAfterMs) before trying again.
    expect(webhook.sent).toHaveLength(2);
  });

  // add() dropped an older partial only when it was not in flight; one that was, and then
  // failed, was saved back and sent after the corrected revision (the old e-mail last).
  it('does not resend an older partial revision after a newer one was added while it was in flight', async () => {
    const webhook = webhookStub(after(1000, 500), 204, 204, 204);
    const { outbox } = openOutbox({ fetch: webhook.fetch });

    outbox.add(partial(1, 'wrong@example.com'), WEBHOOK_URL);
    await vi.advanceTimersByTimeAsync(100);
    expect(webhook.sent).toHaveLength(1); // revision 1 in flight
    outbox.add(partial(2, 'right@example.com'), WEBHOOK_URL);
    await vi.advanceTimersByTimeAsync(60_000);

    const ids = webhook.sent.map((sent) => sent.webhookId);
    // revision 2 must be the last word: revision 1 is not sent again after it.
    expect(ids.at(-1)).toBe(`${LEAD_ID}.partial.2`);
    expect(ids.filter((id) => id === `${LEAD_ID}.partial.1`)).toHaveLength(1);
  });

  // The same with lead.submitted, which makes every partial of the lead pointless.
  it('does not resend a partial that failed in flight once lead.submitted was added', async () => {
    const webhook = webhookStub(after(1000, 503), 204, 204, 204);
    const { outbox } = openOutbox({ fetch: webhook.fetch });

    outbox.add(partial(1, 'ada@example.com'), WEBHOOK_URL);
    await vi.advanceTimersByTimeAsync(100);
    outbox.add(sampleEnvelope(), WEBHOOK_URL);
    await vi.advanceTimersByTimeAsync(60_000);

    const ids = webhook.sent.map((sent) => sent.webhookId);
    expect(ids).toEqual([`${LEAD_ID}.partial.1`, LEAD_ID]);
    expect(outbox.pending()).toEqual([]);
  });

  // leave() sends outside `sending`: once the entry was due while that request was still out,
  // the outbox spun (a 0 ms timer and a Web Lock request, thousands of times).
  it('does not spin while a request started by leave() is still in flight', async () => {
    // First attempt: 503 with Retry-After 2; the leave() request takes 9 s.
    const webhook = webhookStub(() => new Response(null, { status: 503, headers: { 'retry-after': '2' } }), after(9000, 204));
    const { outbox, locks } = openOutbox({ fetch: webhook.fetch });

    outbox.add(sampleEnvelope(), WEBHOOK_URL);
    await vi.advanceTimersByTimeAsync(0);
    outbox.leave(); // the tab is hidden (switched away), then shown again
    await vi.advanceTimersByTimeAsync(9000);

    expect(webhook.sent).toHaveLength(2);
    // A handful of lock requests at most, not thousands.
    expect(locks.requests.length).toBeLessThanOrEqual(10);
  });

  // Was: a page being left rejects its fetches ("Failed to fetch") although the requests go on
  // and arrive (seen in Chromium, tests/e2e/lifecycle-edges.test.ts): the rejection came first,
  // then pagehide's leave() sent the lead again at once, two concurrent POSTs of one lead.
  it('does not send again on leaving what failed without an answer a moment before, but does later', async () => {
    const webhook = webhookStub(new TypeError('Failed to fetch'), new TypeError('Failed to fetch'), 204);
    const { outbox } = openOutbox({ fetch: webhook.fetch });

    outbox.add(sampleEnvelope(), WEBHOOK_URL);
    await vi.advanceTimersByTimeAsync(0);
    outbox.leave(); // pagehide, right after the rejection
    await vi.advanceTimersByTimeAsync(0);
    expect(webhook.sent).toHaveLength(1);

    // A tab hidden much later (the visitor still there, the retry not yet due) sends it.
    await vi.advanceTimersByTimeAsync(1000);
    outbox.leave();
    await vi.advanceTimersByTimeAsync(0);
    expect(webhook.sent).toHaveLength(2);
  });
});
