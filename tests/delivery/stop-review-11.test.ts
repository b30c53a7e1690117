/** Stop review 11: a waiting partial is superseded only for the same address (outbox.ts `add`). */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { buildLeadEnvelope } from '../../src/delivery/index.ts';
import { LEAD_ID, NOW_MS, sampleLead, WEBHOOK_URL } from './fixtures.ts';
import { closeOutboxes, openOutbox } from './support/open-outbox.ts';
import { webhookStub } from './support/webhook-stub.ts';

beforeEach(() => {
  vi.useFakeTimers({ now: NOW_MS });
});
afterEach(() => {
  closeOutboxes();
  vi.useRealTimers();
});

const partial = (revision: number) => buildLeadEnvelope(sampleLead({ revision, contact: { email: `r${revision}@example.com` } }), new Date(NOW_MS), 'lead.partial');
const waiting = (keys: string[]) => keys.filter((key) => key.startsWith('lead:')).sort();

describe('outbox add: superseding partials per address', () => {
  it('keeps another target\'s partial whose address contains "|" and ends in this one\'s', async () => {
    const other = `https://a.example.test/h?next=|${WEBHOOK_URL}`;
    const webhook = webhookStub(500);
    const { outbox, storage } = openOutbox({ fetch: webhook.fetch });
    outbox.add(partial(1), other);
    outbox.add(partial(1), WEBHOOK_URL);
    await vi.advanceTimersByTimeAsync(10);
    outbox.add(partial(2), WEBHOOK_URL);
    expect(waiting(storage.keys())).toEqual(
      [`lead:${LEAD_ID}.partial.1|${other}`, `lead:${LEAD_ID}.partial.2|${WEBHOOK_URL}`].sort(),
    );
    // And the other way round: a newer partial for the "|" address drops only its own.
    outbox.add(partial(3), other);
    expect(waiting(storage.keys())).toEqual([`lead:${LEAD_ID}.partial.2|${WEBHOOK_URL}`, `lead:${LEAD_ID}.partial.3|${other}`].sort());
  });

  it('a submitted lead drops the partial for its own address and keeps the one for an address ending in it', async () => {
    const other = `https://b.example.test/x${WEBHOOK_URL}`;
    const webhook = webhookStub(500);
    const { outbox, storage } = openOutbox({ fetch: webhook.fetch });
    outbox.add(partial(1), other);
    outbox.add(partial(1), WEBHOOK_URL);
    await vi.advanceTimersByTimeAsync(10);
    outbox.add(buildLeadEnvelope(sampleLead({ revision: 2 }), new Date(NOW_MS), 'lead.submitted'), WEBHOOK_URL);
    expect(waiting(storage.keys())).toEqual([`lead:${LEAD_ID}.partial.1|${other}`, `lead:${LEAD_ID}|${WEBHOOK_URL}`].sort());
  });
});
