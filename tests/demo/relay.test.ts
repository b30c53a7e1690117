import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createRelay } from '../../demo/relay/relay.ts';
import { signPayload, verifyPayload } from '../../demo/relay/sign.ts';

const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
const ORIGIN = 'https://landing.example';

describe('signPayload', () => {
  // The test vector published with the Standard Webhooks specification.
  it('signs the specification example as the specification says', () => {
    expect(signPayload(SECRET, 'msg_p5jXN8AQM9LWM0D4loKWxJek', 1614265330, '{"test": 2432232314}')).toBe(
      'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=',
    );
  });

  it('verifies its own signature among several, and refuses a changed body', () => {
    const signature = signPayload(SECRET, 'id', 1, '{}');
    expect(verifyPayload(SECRET, 'id', 1, '{}', `v1,bm9wZQ== ${signature}`, { now: 1000 })).toBe(true);
    expect(verifyPayload(SECRET, 'id', 1, '{"x":1}', signature, { now: 1000 })).toBe(false);
    // Signed more than five minutes before or after the receiver's clock: a replay, refused.
    expect(verifyPayload(SECRET, 'id', 1, '{}', signature, { now: 302_000 })).toBe(false);
    expect(verifyPayload(SECRET, 'id', 1, '{}', signature, { now: 300_000 })).toBe(true);
    expect(verifyPayload(SECRET, 'id', 1, '{}', signature)).toBe(false);
  });
});

interface Forwarded {
  headers: IncomingMessage['headers'];
  body: string;
}

const listen = (server: Server) =>
  new Promise<string>((resolve) => server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`)));

describe('the signing relay', () => {
  let target: Server;
  let relay: Server;
  let relayUrl: string;
  const forwarded: Forwarded[] = [];
  let targetStatus = 200;
  let targetDelayMs = 0;

  beforeAll(async () => {
    target = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk) => (body += chunk));
      req.on('end', () => {
        forwarded.push({ headers: req.headers, body });
        setTimeout(() => res.writeHead(targetStatus).end(), targetDelayMs);
      });
    });
    const targetUrl = await listen(target);
    const handle = createRelay({ target: targetUrl, secret: SECRET, origins: [ORIGIN] });
    relay = createServer((req, res) => void handle(req, res));
    relayUrl = await listen(relay);
  });

  afterAll(async () => {
    await new Promise((resolve) => relay.close(resolve));
    await new Promise((resolve) => target.close(resolve));
  });

  beforeEach(() => {
    forwarded.length = 0;
    targetStatus = 200;
    targetDelayMs = 0;
  });

  let counter = 0;
  const lead = () => ({
    type: 'lead.submitted',
    timestamp: '2026-11-27T10:00:00Z',
    data: { id: `lead-${++counter}`, flow: { id: 'demo', version: 1 }, answers: {}, contact: {}, score: { total: 72, tier: 'hot' } },
  });
  const post = (body: object, { origin = ORIGIN, id = (body as { data: { id: string } }).data.id } = {}) =>
    fetch(relayUrl, { method: 'POST', headers: { 'content-type': 'application/json', origin, 'webhook-id': id }, body: JSON.stringify(body) });

  it('forwards a lead signed per Standard Webhooks, which the target can verify', async () => {
    const body = lead();
    const response = await post(body);
    expect(response.status).toBe(200);
    expect(forwarded).toHaveLength(1);
    const [{ headers, body: sent }] = forwarded as [Forwarded];
    expect(headers['webhook-id']).toBe(body.data.id);
    expect(JSON.parse(sent)).toEqual(body);
    expect(verifyPayload(SECRET, body.data.id, Number(headers['webhook-timestamp']), sent, String(headers['webhook-signature']))).toBe(true);
  });

  it('refuses a page it does not know, and answers its preflight without allowing it', async () => {
    expect((await post(lead(), { origin: 'https://evil.example' })).status).toBe(403);
    const preflight = await fetch(relayUrl, { method: 'OPTIONS', headers: { origin: 'https://evil.example' } });
    expect(preflight.headers.get('access-control-allow-origin')).toBe('null');
    expect(forwarded).toHaveLength(0);
  });

  it('forwards a message once, however often and however concurrently it is posted', async () => {
    const body = lead();
    targetDelayMs = 50;
    const answers = await Promise.all([post(body), post(body), post(body)]);
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200]);
    expect((await post(body)).status).toBe(200);
    expect(forwarded).toHaveLength(1);
  });

  it('keeps lead.partial and lead.submitted of one lead apart', async () => {
    const submitted = lead();
    const partial = { ...submitted, type: 'lead.partial', data: { ...submitted.data, revision: 1 } };
    expect((await post(partial, { id: `${submitted.data.id}.partial.1` })).status).toBe(200);
    expect((await post(submitted)).status).toBe(200);
    expect(forwarded.map((f) => f.headers['webhook-id'])).toEqual([`${submitted.data.id}.partial.1`, submitted.data.id]);
  });

  it('asks the widget to retry while the target fails, and forwards the lead once it recovers', async () => {
    const body = lead();
    targetStatus = 500;
    expect((await post(body)).status).toBe(503);
    targetStatus = 429;
    expect((await post(body)).status).toBe(503);
    targetStatus = 200;
    expect((await post(body)).status).toBe(200);
    expect((await post(body)).status).toBe(200);
    expect(forwarded).toHaveLength(3);
  });

  it('tells the widget not to retry when the target refuses the lead', async () => {
    targetStatus = 400;
    expect((await post(lead())).status).toBe(422);
  });

  it('refuses a webhook-id that does not match the body', async () => {
    expect((await post(lead(), { id: 'other' })).status).toBe(400);
    expect(forwarded).toHaveLength(0);
  });
});
