import type { IncomingMessage } from 'node:http';
import { describe, expect, it, vi } from 'vitest';
import { isFromThisMachine } from '../../demo/receiver/http.ts';
import { createRelay } from '../../demo/relay/relay.ts';
import { leadEnvelope, startHandler } from './support/security.ts';

/**
 * Review of a025ee9..aeaced8 (demo security audit): what the fixes broke or missed in the demo
 * receiver and relay. Each "Was:" is a bug the review found, fixed since; the rest pin what the fixes got right.
 */

/** A request as node:http gives it: a Host header (or none) and the client's address. */
const request = (host: string | undefined, remoteAddress = '127.0.0.1') =>
  ({ headers: host === undefined ? {} : { host }, socket: { remoteAddress } }) as unknown as IncomingMessage;

describe('isFromThisMachine (the Host check against DNS rebinding)', () => {
  it('takes local names and addresses from a loopback client, any port, any case', () => {
    for (const host of ['localhost:5173', 'LOCALHOST:5173', 'app.localhost:5173', '127.0.0.1:5173', '127.0.0.1', '[::1]:5173', '[::1]', '[::ffff:127.0.0.1]:5173', undefined])
      for (const client of ['127.0.0.1', '::1', '::ffff:127.0.0.1']) expect(isFromThisMachine(request(host, client)), `${host} from ${client}`).toBe(true);
  });

  it('refuses another name even from this machine, and any name from another machine', () => {
    expect(isFromThisMachine(request('rebind.attacker.example:5173'))).toBe(false);
    expect(isFromThisMachine(request('localhost.attacker.example'))).toBe(false);
    expect(isFromThisMachine(request('localhost:5173', '192.168.1.20'))).toBe(false);
    expect(isFromThisMachine(request('192.168.1.20:5173', '192.168.1.20'))).toBe(false);
  });

  // Was: "localhost." (the fully qualified form, with the root's trailing dot) is refused, though
  // it is the same name as "localhost" and no page can point it anywhere else (RFC 6761): a
  // developer who opens http://localhost.:5173/leads gets a 403. Cause: demo/receiver/http.ts:57
  // compares the name without dropping a trailing dot (`.replace(/\.$/, '')` after the port).
  it('takes "localhost." with the trailing dot of a fully qualified name', () => {
    expect(isFromThisMachine(request('localhost.:5173'))).toBe(true);
    expect(isFromThisMachine(request('app.localhost.:5173'))).toBe(true);
  });
});

describe('the relay’s last-resort answer', () => {
  const ORIGIN = 'https://landing.example';
  /** A `seen` store that fails (the docs suggest a shared store: Redis, a table). */
  class FailingStore extends Set<string> {
    override has(): boolean {
      throw new Error('store unreachable (secret connection string)');
    }
  }

  async function postThroughFailingStore() {
    const error = vi.spyOn(console, 'error').mockImplementation(() => {});
    const relay = createRelay({ target: 'http://127.0.0.1:9/never', secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', origins: [ORIGIN], seen: new FailingStore() });
    const server = await startHandler(relay);
    try {
      const response = await fetch(server.base, { method: 'POST', headers: { origin: ORIGIN, 'content-type': 'application/json' }, body: JSON.stringify(leadEnvelope()) });
      const body = await response.text();
      return { response, body, settled: await Promise.all(server.settled), logged: error.mock.calls.length };
    } finally {
      error.mockRestore();
      await server.close();
    }
  }

  it('answers a failure once with a 500 that says nothing of the error, and the handler resolves', async () => {
    const { response, body, settled, logged } = await postThroughFailingStore();
    expect(response.status).toBe(500);
    expect(body).toBe('{"ok":false,"error":"internal_error"}');
    expect(settled).toEqual(['resolved']);
    expect(logged).toBe(1);
  });

  // Was: the relay's 500 carries no CORS headers, so the widget on the landing page cannot read
  // it and sees a CORS error instead; the same commit gave the receiver's 500 its CORS headers for
  // exactly that reason (demo/receiver/middleware.ts:78-79) but not the relay's. Cause:
  // demo/relay/relay.ts:59 `sendJson(res, 500, …)` without the `cors` headers every other answer
  // of relay() gets.
  it('gives its 500 the CORS headers of every other answer to the landing page', async () => {
    const { response } = await postThroughFailingStore();
    expect(response.headers.get('access-control-allow-origin')).toBe(ORIGIN);
  });
});
