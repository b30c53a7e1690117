import { expect } from 'vitest';
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  rawBody: string;
  /** The JSON body, or undefined when there was none or it was not JSON. */
  body: unknown;
  /** The status answered; undefined while the request hangs. */
  status?: number;
}

/** A CRM endpoint on another origin than the page, so the browser must send a CORS preflight. */
export interface WebhookReceiver {
  /** `http://127.0.0.1:PORT` */
  readonly origin: string;
  /** The endpoint: `${origin}/webhook`. */
  readonly url: string;
  /** Every request in arrival order, preflights included. */
  readonly requests: readonly ReceivedRequest[];
  /** The POSTs only. */
  posts(): ReceivedRequest[];
  /** Answers the next `count` POSTs with `status` (CORS headers included), then 200 again. */
  failNextPosts(count: number, status?: number): void;
  /** Never answers a POST (until `reset` or `close`): a receiver that is down but accepts connections. */
  hangPosts(): void;
  /** Forgets requests and behaviour, and drops hanging requests; for the next test. */
  reset(): void;
  close(): Promise<void>;
}

/** What a receiver must answer so a page on another origin may POST JSON with `webhook-*` headers. */
export function corsHeaders(req: IncomingMessage): Record<string, string> {
  return {
    'access-control-allow-origin': req.headers.origin ?? '*',
    'access-control-allow-methods': 'POST, OPTIONS',
    'access-control-allow-headers': 'content-type, webhook-id, webhook-timestamp',
    // No preflight caching, so every test sees its own preflight.
    'access-control-max-age': '0',
    vary: 'Origin',
  };
}

export async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

export async function startWebhookReceiver(): Promise<WebhookReceiver> {
  let requests: ReceivedRequest[] = [];
  let failuresLeft = 0;
  let failureStatus = 500;
  let hang = false;
  const hanging = new Set<ServerResponse>();

  const answer = (res: ServerResponse, record: ReceivedRequest, status: number, headers: Record<string, string>, body = '') => {
    record.status = status;
    res.writeHead(status, headers);
    res.end(body);
  };

  const server = createServer((req, res) => {
    void (async () => {
      const rawBody = await readBody(req);
      const record: ReceivedRequest = {
        method: req.method ?? '',
        path: req.url ?? '/',
        headers: req.headers,
        rawBody,
        body: parseJson(rawBody),
      };
      requests.push(record);
      const cors = corsHeaders(req);
      if (req.method === 'OPTIONS') return answer(res, record, 204, cors);
      if (req.method !== 'POST' || record.path !== '/webhook') return answer(res, record, 404, cors);
      if (hang) {
        hanging.add(res);
        return;
      }
      if (failuresLeft > 0) {
        failuresLeft--;
        return answer(res, record, failureStatus, { ...cors, 'content-type': 'application/json' }, '{"error":"try again"}');
      }
      answer(res, record, 200, { ...cors, 'content-type': 'application/json' }, '{"ok":true}');
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const dropHanging = () => {
    for (const res of hanging) res.destroy();
    hanging.clear();
  };

  return {
    origin,
    url: `${origin}/webhook`,
    get requests() {
      return requests;
    },
    posts: () => requests.filter((r) => r.method === 'POST'),
    failNextPosts(count, status = 500) {
      failuresLeft = count;
      failureStatus = status;
    },
    hangPosts() {
      hang = true;
    },
    reset() {
      dropHanging();
      requests = [];
      failuresLeft = 0;
      hang = false;
    },
    close() {
      dropHanging();
      server.closeAllConnections();
      return new Promise((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
    },
  };
}

/**
 * Waits for the first POST, then a little longer: a second one would be a duplicate lead.
 * Fails unless exactly one arrived. Funnel batches (`/analytics`) are no leads: an earlier
 * test's page may still retry one on this receiver.
 */
export async function theOnlyPost(receiver: WebhookReceiver): Promise<ReceivedRequest> {
  const leads = () => receiver.posts().filter((post) => !post.path.startsWith('/analytics'));
  await expect.poll(() => leads().length, { timeout: 10_000 }).toBeGreaterThan(0);
  await new Promise((resolve) => setTimeout(resolve, 500));
  const posts = leads();
  // Said with each POST's path and message id, so a second one can be told apart (a duplicate of
  // the lead, or another page's).
  expect(posts, `POSTs the receiver got: ${JSON.stringify(posts.map((p) => [p.path, p.headers['webhook-id']]))}`).toHaveLength(1);
  return posts[0]!;
}
