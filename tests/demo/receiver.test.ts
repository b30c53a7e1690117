import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoServer, type DemoServer } from './support/demo-server.ts';

const bundle = fileURLToPath(new URL('../../dist/leadflow.js', import.meta.url));

let demo: DemoServer;
beforeAll(async () => {
  demo = await startDemoServer('leadflow-demo-');
}, 30_000);
afterAll(() => demo?.close());

function envelope(data: { id?: string; contact?: Record<string, string>; answers?: object; flowId?: string } = {}) {
  return {
    type: 'lead.submitted',
    timestamp: '2026-11-27T10:00:00Z',
    data: {
      id: data.id ?? randomUUID(),
      flow: { id: data.flowId ?? 'saas-bant', version: 1 },
      locale: 'de',
      answers: data.answers ?? { role: { value: 'sign_off', label: 'Ich entscheide' }, team_size: { value: 12 } },
      contact: data.contact ?? { name: 'Erika Muster', email: 'erika@muster.example', company: 'Muster GmbH' },
      score: { total: 72, tier: 'hot', trace: [{ criterion: 'authority', points: 30 }] },
      attribution: { utm_source: 'newsletter' },
      meta: { completedAt: '2026-11-27T10:00:00.000Z' },
    },
  };
}

type Envelope = ReturnType<typeof envelope>;

/** A lead as the widget posts it in `cors` mode: JSON with the Standard Webhooks headers. */
const postJson = (lead: Envelope, headers: Record<string, string> = {}) =>
  fetch(`${demo.base}/webhook`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'webhook-id': lead.data.id, 'webhook-timestamp': '1795860000', ...headers },
    body: JSON.stringify(lead),
  });

/** A lead as the widget posts it in `simple` mode: text/plain, no custom headers. */
const postSimple = (lead: Envelope) =>
  fetch(`${demo.base}/webhook`, { method: 'POST', headers: { 'content-type': 'text/plain;charset=UTF-8' }, body: JSON.stringify(lead) });

const storedLeads = async (): Promise<Array<{ receivedAt: string; id: string; envelope: Envelope }>> =>
  (await fetch(`${demo.base}/leads?format=json`)).json();

const storedCount = async (id: string) => (await storedLeads()).filter((lead) => lead.id === id).length;

describe('POST /webhook', () => {
  it('stores a lead, lists it on /leads and appends it to leads.jsonl', async () => {
    const lead = envelope();
    const response = await postJson(lead);
    expect(response.status).toBe(200);
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
    expect(await response.json()).toEqual({ ok: true, id: lead.data.id });

    const listed = (await storedLeads()).find((stored) => stored.id === lead.data.id);
    expect(listed?.envelope).toEqual(lead);
    expect(Number.isNaN(Date.parse(listed!.receivedAt))).toBe(false);

    const lines = (await readFile(join(demo.dataDir, 'leads.jsonl'), 'utf8')).trim().split('\n').map((line) => JSON.parse(line));
    expect(lines.filter((line) => line.id === lead.data.id)).toEqual([listed]);
  });

  it('stores a lead delivered twice with the same webhook-id once', async () => {
    const lead = envelope();
    expect(await (await postJson(lead)).json()).toEqual({ ok: true, id: lead.data.id });
    const retry = await postJson(lead, { 'webhook-timestamp': '1795860030' });
    expect(retry.status).toBe(200);
    expect(await retry.json()).toEqual({ ok: true, id: lead.data.id, duplicate: true });
    expect(await storedCount(lead.data.id)).toBe(1);
  });

  it('accepts a simple-mode text/plain body and de-duplicates it by data.id', async () => {
    const lead = envelope();
    const first = await postSimple(lead);
    expect(first.status).toBe(200);
    expect(await first.json()).toEqual({ ok: true, id: lead.data.id });
    expect(await (await postSimple(lead)).json()).toEqual({ ok: true, id: lead.data.id, duplicate: true });
    // The same lead arriving once per transport (a retry after a switch) is still one lead.
    expect(await (await postJson(lead)).json()).toMatchObject({ duplicate: true });
    expect(await storedCount(lead.data.id)).toBe(1);
  });

  it('answers malformed JSON with a 400 and a JSON error', async () => {
    const response = await fetch(`${demo.base}/webhook`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"type": "lead.sub' });
    expect(response.status).toBe(400);
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
    expect(await response.json()).toMatchObject({ ok: false, error: 'invalid_json' });
  });

  it('refuses JSON that is not a lead envelope, saying which fields are wrong', async () => {
    const lead = envelope();
    const broken = { ...lead, type: 'order.created', data: { ...lead.data, flow: { id: 'saas-bant', version: '1' }, score: null } };
    const response = await postJson(broken as unknown as Envelope);
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchInlineSnapshot(`
      {
        "error": "invalid_lead",
        "issues": [
          "type: expected "lead.submitted" or "lead.partial"",
          "data.flow.version: expected a number",
          "data.score: expected an object",
        ],
        "ok": false,
      }
    `);
    expect(await storedCount(lead.data.id)).toBe(0);
  });

  it('refuses a webhook-id header that differs from data.id', async () => {
    const lead = envelope();
    const response = await postJson(lead, { 'webhook-id': 'someone-else' });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: 'id_mismatch' });
  });

  it('refuses bodies over 256 KiB with a 413 and other media types with a 415', async () => {
    const huge = envelope({ contact: { name: 'x'.repeat(300 * 1024), email: 'a@b.example' } });
    const tooLarge = await postJson(huge);
    expect(tooLarge.status).toBe(413);
    expect(await tooLarge.json()).toMatchObject({ error: 'payload_too_large' });
    expect(await storedCount(huge.data.id)).toBe(0);

    const form = await fetch(`${demo.base}/webhook`, { method: 'POST', body: new URLSearchParams({ a: '1' }) });
    expect(form.status).toBe(415);
  });

  it('answers a CORS preflight with 204 and the headers a cross-origin widget needs', async () => {
    const response = await fetch(`${demo.base}/webhook`, {
      method: 'OPTIONS',
      headers: {
        origin: 'https://landing.example',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type, webhook-id, webhook-timestamp',
      },
    });
    expect(response.status).toBe(204);
    expect(Object.fromEntries([...response.headers].filter(([name]) => name.startsWith('access-control-')))).toEqual({
      'access-control-allow-origin': '*',
      'access-control-allow-methods': 'POST, OPTIONS',
      'access-control-allow-headers': 'content-type, webhook-id, webhook-timestamp',
      'access-control-expose-headers': 'Retry-After',
      'access-control-max-age': '600',
    });
  });
});

describe('GET /leads', () => {
  it('answers JSON, newest first, for Accept: application/json', async () => {
    const older = envelope();
    const newer = envelope();
    await postJson(older);
    await postJson(newer);
    const response = await fetch(`${demo.base}/leads`, { headers: { accept: 'application/json' } });
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    const ids = ((await response.json()) as Array<{ id: string }>).map((lead) => lead.id);
    expect(ids.indexOf(newer.data.id)).toBeLessThan(ids.indexOf(older.data.id));
    expect(ids.indexOf(newer.data.id)).toBe(0);
  });

  it('shows an HTML page, updated as leads arrive, that escapes what visitors typed', async () => {
    const attack = '<script>alert(1)</script>';
    await postJson(
      envelope({
        flowId: `flow${attack}`,
        contact: { name: attack, email: `mallory@${attack}.example`, company: `"><img src=x onerror=alert(1)>` },
        answers: { [`q${attack}`]: { value: 'x', label: attack } },
      }),
    );
    const response = await fetch(`${demo.base}/leads`, { headers: { accept: 'text/html' } });
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    expect(response.headers.get('content-security-policy')).toContain("default-src 'none'");
    const html = await response.text();
    // The dashboard's script from this origin swaps in what `?fragment=main` gives when a lead
    // arrives; without scripts the page reloads itself. No inline script can run.
    expect(html).toContain('<script src="/dashboard.js" defer></script>');
    expect(html).toContain('<main id="dashboard" data-source="/leads?fragment=main">');
    expect(html).toMatch(/<noscript><meta http-equiv="refresh" content="\d+"><\/noscript>/);
    expect(response.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(html.replace('<script src="/dashboard.js" defer></script>', '')).not.toMatch(/<script|<img/i);
    const fragment = await (await fetch(`${demo.base}/leads?fragment=main`)).text();
    expect(fragment).not.toMatch(/<html|<script|<img/i);
    expect(fragment).toContain('&#60;script&#62;alert(1)&#60;/script&#62;');
    expect(html).toContain('&#60;script&#62;alert(1)&#60;/script&#62;');
    expect(html).toContain('&#34;&#62;&#60;img src=x onerror=alert(1)&#62;');
    // Names are personal data the page does not need; e-mail addresses show their domain only.
    expect(html).not.toContain('mallory@');
    expect(html).not.toContain('Erika Muster');
    expect(html).toContain('muster.example');
  });
});

describe('the demo site', () => {
  it.skipIf(!existsSync(bundle))('serves dist/leadflow.js as /leadflow.js', async () => {
    const response = await fetch(`${demo.base}/leadflow.js`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/javascript/);
    expect(await response.text()).toBe(await readFile(bundle, 'utf8'));
  });

  it('serves the landing pages with the public snippet under a strict CSP', async () => {
    for (const [path, locale] of [['/', 'de'], ['/en/', 'en']] as const) {
      const response = await fetch(`${demo.base}${path}`);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-security-policy')).toContain("script-src 'self'");
      const html = await response.text();
      expect(html).toContain(`<html lang="${locale}"`);
      expect(html).toMatch(/<div data-leadflow="\/flows\/saas-bant.json" data-leadflow-webhook="\/webhook"[^>]*><\/div>/);
      expect(html).toContain(`data-leadflow-locale="${locale}"`);
      expect(html).toContain('<script src="/leadflow.js" async></script>');
    }
    expect((await fetch(`${demo.base}/flows/saas-bant.json`)).status).toBe(200);
  });
});
