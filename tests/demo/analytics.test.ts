import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoServer, type DemoServer } from './support/demo-server.ts';

let demo: DemoServer;
beforeAll(async () => {
  demo = await startDemoServer('leadflow-analytics-');
}, 30_000);
afterAll(() => demo?.close());

const view = (session = randomUUID()) => ({
  type: 'view',
  flow: { id: 'saas-bant', version: 1 },
  variant: 'control',
  session,
  stepId: 'role',
  index: 0,
  at: '2026-11-27T10:00:00.000Z',
});

const batchOf = (events: unknown[], id = randomUUID()) => ({ type: 'analytics.batch', id, sentAt: '2026-11-27T10:00:05.000Z', events });

/** As `navigator.sendBeacon(url, JSON.stringify(batch))` sends it: text/plain, no custom headers. */
const beacon = (body: unknown, contentType = 'text/plain;charset=UTF-8') =>
  fetch(`${demo.base}/analytics`, { method: 'POST', headers: { 'content-type': contentType }, body: typeof body === 'string' ? body : JSON.stringify(body) });

/** The stored lines of analytics.jsonl with this batch id. */
async function storedBatches(id: string): Promise<Array<{ receivedAt: string; id: string; events: Array<Record<string, unknown>> }>> {
  let text = '';
  try {
    text = await readFile(join(demo.dataDir, 'analytics.jsonl'), 'utf8');
  } catch {
    return [];
  }
  return text
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line))
    .filter((batch) => batch.id === id);
}

describe('POST /analytics', () => {
  it('stores a beacon’s batch in analytics.jsonl and says how many events it took', async () => {
    const events = [view(), { ...view(), type: 'start' }];
    const batch = batchOf(events);
    const response = await beacon(batch);
    expect(response.status).toBe(200);
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
    expect(await response.json()).toEqual({ ok: true, id: batch.id, accepted: 2, skipped: 0 });
    const [stored, ...more] = await storedBatches(batch.id);
    expect(more).toEqual([]);
    expect(stored).toEqual({ receivedAt: expect.any(String), id: batch.id, events });
  });

  it('accepts application/json too', async () => {
    const batch = batchOf([view()]);
    const response = await beacon(batch, 'application/json');
    expect(await response.json()).toEqual({ ok: true, id: batch.id, accepted: 1, skipped: 0 });
  });

  it('stores a retried batch once', async () => {
    const batch = batchOf([view(), view()]);
    expect(await (await beacon(batch)).json()).toEqual({ ok: true, id: batch.id, accepted: 2, skipped: 0 });
    const retry = await beacon({ ...batch, sentAt: '2026-11-27T10:00:35.000Z' });
    expect(retry.status).toBe(200);
    expect(await retry.json()).toEqual({ ok: true, id: batch.id, accepted: 2, skipped: 0, duplicate: true });
    expect(await storedBatches(batch.id)).toHaveLength(1);
  });

  it('leaves malformed events out, counting them, and keeps the rest', async () => {
    const good = view();
    const batch = batchOf([{ ...view(), flow: { id: 'saas-bant' } }, good, { ...view(), type: 'click' }]);
    const response = await beacon(batch);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchInlineSnapshot(
      { id: expect.any(String) },
      `
      {
        "accepted": 1,
        "id": Any<String>,
        "issues": [
          "events[0].flow.version: expected a number",
          "events[2].type: expected one of view, start, step_view, step_complete, abandon, submit",
        ],
        "ok": true,
        "skipped": 2,
      }
    `,
    );
    expect((await storedBatches(batch.id))[0]!.events).toEqual([good]);
  });

  it('stores nothing of a batch whose every event is malformed', async () => {
    const batch = batchOf([{ nonsense: true }]);
    expect(await (await beacon(batch)).json()).toMatchObject({ ok: true, accepted: 0, skipped: 1 });
    expect(await storedBatches(batch.id)).toEqual([]);
  });

  it('never stores personal data: keys outside the contract are dropped (qa is kept, when true)', async () => {
    const submit = {
      ...view(),
      type: 'submit',
      stepId: 'thanks',
      index: 4,
      durationMs: 48_000,
      tier: 'hot',
      route: 'sales',
      qualified: true,
      qa: true,
      email: 'ada@example.com',
      contact: { name: 'Ada Lovelace' },
      answers: { budget: { value: 50_000 } },
      flow: { id: 'saas-bant', version: 1, owner: 'ada@example.com' },
    };
    const batch = batchOf([submit, { ...view(), qa: false, userAgent: 'Mozilla/5.0', ip: '203.0.113.9' }]);
    expect(await (await beacon(batch)).json()).toMatchObject({ accepted: 2, skipped: 0 });
    const [stored] = await storedBatches(batch.id);
    expect(stored!.events.map((event) => Object.keys(event).sort())).toEqual([
      ['at', 'durationMs', 'flow', 'index', 'qa', 'qualified', 'route', 'session', 'stepId', 'tier', 'type', 'variant'],
      ['at', 'flow', 'index', 'session', 'stepId', 'type', 'variant'],
    ]);
    expect(stored!.events[0]!.flow).toEqual({ id: 'saas-bant', version: 1 });
    // Not the bare letters "ada": a random hex id can hold them (one did, in a CI run).
    expect(JSON.stringify(stored)).not.toMatch(/ada@|Lovelace|Mozilla|203\.0\.113/i);
  });

  it('answers malformed JSON and a wrong batch with a 400 saying what is wrong', async () => {
    const broken = await beacon('{"type": "analytics.ba');
    expect(broken.status).toBe(400);
    expect(broken.headers.get('access-control-allow-origin')).toBe('*');
    expect(await broken.json()).toMatchObject({ ok: false, error: 'invalid_json' });

    const wrong = await beacon({ type: 'analytics.batch', id: 'x', sentAt: 'now', events: 'many' });
    expect(wrong.status).toBe(400);
    expect(await wrong.json()).toEqual({
      ok: false,
      error: 'invalid_batch',
      issues: ['sentAt: expected an ISO 8601 date', 'events: expected an array'],
    });
  });

  it('refuses bodies over 256 KiB with a 413, other media types with a 415, other methods with a 405', async () => {
    const huge = batchOf(Array.from({ length: 2000 }, () => ({ ...view(), padding: 'x'.repeat(200) })));
    const tooLarge = await beacon(huge);
    expect(tooLarge.status).toBe(413);
    expect(await tooLarge.json()).toMatchObject({ error: 'payload_too_large' });
    expect(await storedBatches(huge.id)).toEqual([]);

    expect((await fetch(`${demo.base}/analytics`, { method: 'POST', body: new URLSearchParams({ a: '1' }) })).status).toBe(415);
    const get = await fetch(`${demo.base}/analytics`);
    expect(get.status).toBe(405);
    expect(get.headers.get('allow')).toBe('POST, OPTIONS');
  });

  it('answers a CORS preflight with 204 and the CORS headers', async () => {
    const response = await fetch(`${demo.base}/analytics`, {
      method: 'OPTIONS',
      headers: { origin: 'https://landing.example', 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
    });
    expect(response.status).toBe(204);
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
    expect(response.headers.get('access-control-allow-methods')).toBe('POST, OPTIONS');
    expect(response.headers.get('access-control-allow-headers')).toContain('content-type');
  });
});
