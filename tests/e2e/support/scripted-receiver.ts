import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readBody } from './webhook-receiver.ts';

/** One request as it reached a scripted receiver, preflights included. */
export interface ScriptedHit {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
  status?: number;
}

export interface ScriptedAnswer {
  status: number;
  headers?: Record<string, string>;
  body?: string;
}

export interface ScriptedReceiver {
  /** `http://127.0.0.1:PORT` */
  readonly origin: string;
  readonly hits: ScriptedHit[];
  posts(path?: string): ScriptedHit[];
  close(): Promise<void>;
}

/**
 * A receiver on 127.0.0.1 whose every answer, preflights included, is written by the test: a
 * real service's CORS habits (no preflight handler, `*`, a short Allow-Headers list), its status
 * codes, its redirects. Every request is recorded. Each answer closes its connection, so
 * Chromium never resends a request by itself on a reused one.
 */
export async function startScriptedReceiver(answer: (hit: ScriptedHit) => ScriptedAnswer): Promise<ScriptedReceiver> {
  const hits: ScriptedHit[] = [];
  const server = createServer((req, res) => {
    void (async () => {
      const hit: ScriptedHit = { method: req.method ?? '', path: req.url ?? '/', headers: req.headers, body: await readBody(req) };
      hits.push(hit);
      const { status, headers = {}, body = '' } = answer(hit);
      hit.status = status;
      res.writeHead(status, { connection: 'close', ...headers }).end(body);
    })().catch(() => res.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    hits,
    posts: (path) => hits.filter((h) => h.method === 'POST' && (path === undefined || h.path === path)),
    close() {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

/** The preflight answer the README asks for, with the origin echoed. */
export const fullCors = (origin: string | undefined): Record<string, string> => ({
  'access-control-allow-origin': origin ?? '*',
  'access-control-allow-methods': 'POST, OPTIONS',
  'access-control-allow-headers': 'content-type, webhook-id, webhook-timestamp',
  'access-control-expose-headers': 'Retry-After',
  'access-control-max-age': '0',
});
