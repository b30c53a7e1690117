import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLeadStore } from '../../demo/receiver/lead-store.ts';
import { createReceiver, type Receiver } from '../../demo/receiver/middleware.ts';

/**
 * The demo receiver at the edges, found by an audit after the other receiver tests: each test
 * was a bug, its comment says what went wrong. A plain node:http server on 127.0.0.1 only.
 */
let server: Server;
let receiver: Receiver;
let base = '';
let dataDir = '';
const logged: string[] = [];

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'leadflow-audit-'));
  receiver = createReceiver({ store: createLeadStore(dataDir), distDir: join(dataDir, 'dist'), onLead: (summary) => logged.push(summary) });
  server = createServer((req, res) =>
    receiver(req, res, (error) => {
      res.statusCode = error ? 500 : 404;
      res.end();
    }),
  );
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  receiver.close();
  await new Promise((done) => server.close(done));
  await rm(dataDir, { recursive: true, force: true });
});

const envelope = (data: Record<string, unknown>) => ({
  type: 'lead.submitted',
  timestamp: new Date().toISOString(),
  data: { id: 'lead-1', flow: { id: 'saas-bant', version: 1 }, answers: {}, contact: { email: 'ada@acme.example' }, score: { total: 10, tier: 'warm' }, ...data },
});

const post = (body: unknown) =>
  fetch(`${base}/webhook`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

describe('demo receiver', () => {
  // Was (demo/receiver/webhook.ts onLead summary + envelope.ts): the terminal line
  // "LeadFlow demo received a <tier> lead … from <flow.id>@…: <data.id>" is built from
  // unchecked strings: anyone who can POST /webhook writes control characters (ANSI escapes,
  // fake log lines) and, for `score.tier` and `flow.id`, any length up to 256 KiB into the
  // developer's terminal.
  it('keeps control characters and huge strings out of the terminal line of a stored lead', async () => {
    // (An id with control characters is refused outright now: it would go into a header.)
    expect((await post(envelope({ id: 'a\u001b[2Jb' }))).status).toBe(400);
    const response = await post(envelope({ id: 'lead-ctl', flow: { id: 'f\u001b[31m', version: 1 }, score: { total: 1, tier: `${'x'.repeat(10_000)}\nFAKE LOG LINE` } }));
    expect(response.status).toBe(200);
    const line = logged.at(-1)!;
    expect(line).not.toMatch(/[\u0000-\u001f\u007f]/);
    expect(line.length).toBeLessThan(1000);
  });

  // Was (demo/receiver/lead-store.ts isStoredLead, leads-page.ts row, dashboard-page.ts
  // leadRow): jsonl-file.ts promises "damaged or foreign lines are skipped", but a line with an
  // `id` and any `envelope` passes the guard; rendering it throws (data undefined /
  // receivedAt undefined), so /leads and /dashboard answer 500 for every lead from then on.
  it('skips a foreign line in leads.jsonl instead of breaking /leads and /dashboard', async () => {
    await post(envelope({ id: 'lead-ok' }));
    await writeFile(join(dataDir, 'leads.jsonl'), '{"id":"x","envelope":{}}\n', { flag: 'a' });
    const leads = await fetch(`${base}/leads`);
    const dashboard = await fetch(`${base}/dashboard`);
    expect([leads.status, dashboard.status]).toEqual([200, 200]);
    expect(await leads.text()).toContain('acme.example');
  });
});

/** Found by a review of the fixes above: each test was a bug, its comment says what went wrong. */
describe('demo receiver, after a review of those fixes', () => {
  // Bug (demo/receiver/webhook.ts, terminalSafe): the 300-character cap slices UTF-16 units
  // (`clean.slice(0, 299)`), so an emoji straddling the cut leaves a lone high surrogate on the
  // developer's terminal (shown as U+FFFD) — the same bug this commit fixed in graph's labels.
  it('keeps surrogate pairs whole when capping the terminal line', async () => {
    const prefix = 'warm lead (10 points) from ';
    const flowId = 'f'.repeat(298 - prefix.length) + '😀'.repeat(10);
    const response = await post(envelope({ id: 'lead-emoji', flow: { id: flowId, version: 1 } }));
    expect(response.status).toBe(200);
    const line = logged.at(-1)!;
    expect(line.endsWith('…')).toBe(true);
    expect(line).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/);
  });

  // Bug (demo/receiver/lead-store.ts, isStoredLead): the guard promises a foreign line is
  // "skipped, never shown half", but it only checks id, receivedAt, data.flow and data.score;
  // a hand-edited line with `contact.email` not a string passes it and emailDomain() throws, so
  // /leads and /dashboard answer 500 for every lead again (the failure this commit set out to fix).
  it('skips a foreign line whose contact.email is not a string', async () => {
    await post(envelope({ id: 'lead-ok2' }));
    await writeFile(
      join(dataDir, 'leads.jsonl'),
      '{"id":"y","receivedAt":"2026-01-01T00:00:00.000Z","envelope":{"type":"lead.submitted","data":{"id":"y","flow":{"id":"f","version":1},"score":{"total":1,"tier":"warm"},"answers":{},"contact":{"email":1}}}}\n',
      { flag: 'a' },
    );
    const leads = await fetch(`${base}/leads`);
    const dashboard = await fetch(`${base}/dashboard`);
    expect([leads.status, dashboard.status]).toEqual([200, 200]);
  });
});
