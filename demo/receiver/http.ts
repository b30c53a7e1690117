import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * What a receiver must answer so a browser may post JSON with the `webhook-*` headers from
 * another origin (the preflight), and read `Retry-After` on a 429/503.
 */
export const CORS_HEADERS = {
  'access-control-allow-origin': '*',
  'access-control-allow-methods': 'POST, OPTIONS',
  'access-control-allow-headers': 'content-type, webhook-id, webhook-timestamp',
  'access-control-expose-headers': 'Retry-After',
  'access-control-max-age': '600',
} as const;

export type Headers = Record<string, string>;

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Headers = {}): void {
  send(res, status, JSON.stringify(body), { 'content-type': 'application/json; charset=utf-8', ...headers });
}

export function sendText(res: ServerResponse, status: number, text: string, headers: Headers = {}): void {
  send(res, status, text, { 'content-type': 'text/plain; charset=utf-8', ...headers });
}

export function send(res: ServerResponse, status: number, body: string | Buffer, headers: Headers): void {
  res.writeHead(status, { 'cache-control': 'no-store', 'x-content-type-options': 'nosniff', ...headers });
  res.end(res.req.method === 'HEAD' ? undefined : body);
}

/** The media type of a request, lower-cased and without parameters: `text/plain`. */
export function mediaType(req: IncomingMessage): string {
  return (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
}

/** Path and query of a request, whatever host it was sent to. */
export function requestUrl(req: IncomingMessage): URL {
  return new URL(req.url ?? '/', 'http://localhost');
}

/** `?format=json`, else an `Accept` that names JSON. */
export function wantsJson(req: IncomingMessage): boolean {
  const format = requestUrl(req).searchParams.get('format');
  if (format) return format === 'json';
  return (req.headers.accept ?? '').toLowerCase().includes('application/json');
}

/** Loopback addresses, as Node reports a client's address (IPv4, IPv6, IPv4-mapped IPv6). */
const isLoopback = (address = '') => /^(127\.|::1$|::ffff:127\.)/.test(address);

/**
 * A request from this machine for this machine: a loopback client that asked for `localhost`
 * or an IP address. The address alone is not enough: a page the developer visits can point its
 * own host name at 127.0.0.1 (DNS rebinding) and read the answer, and its requests then come
 * from this machine with that name in `Host`.
 */
export function isFromThisMachine(req: IncomingMessage): boolean {
  // `localhost.` with the DNS root's dot is `localhost`.
  const host = (req.headers.host ?? '').toLowerCase().replace(/:\d+$/, '').replace(/\.$/, '');
  // No Host at all is no browser (curl --http1.0, a test's bare request).
  const named = host === '' || host === 'localhost' || host.endsWith('.localhost') || /^(\d+\.\d+\.\d+\.\d+|\[[\d a-f:.]+\])$/.test(host);
  return named && isLoopback(req.socket.remoteAddress);
}

/**
 * A handler's last resort: the terminal says what went wrong, the client gets a 500 it can read
 * (with `headers`: a widget on another origin needs the CORS ones) and retries, or the
 * connection is closed when an answer has begun.
 */
export function sendCrash(res: ServerResponse, error: unknown, who: string, headers: Headers = {}): void {
  console.error(`${who}:`, error);
  if (!res.headersSent && !res.destroyed) sendJson(res, 500, { ok: false, error: 'internal_error' }, headers);
  else res.destroy();
}
