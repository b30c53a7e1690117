import { createServer, type IncomingHttpHeaders, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach } from 'vitest';

export interface Hit {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/** How the server answers one request: a status, or no answer at all, or a dropped connection. */
export type Answer = { status: number; headers?: Record<string, string>; body?: string } | 'hang' | 'close';

const servers: Server[] = [];

// Registered once for every file that starts servers: none outlives its test.
afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

/** `handler` on 127.0.0.1 and a free port, closed after the test: its origin. */
export async function listen(handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<string> {
  const server = createServer(handler);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/**
 * A server on 127.0.0.1 answering each request as `answer` says (told which request it is and
 * the server's own origin, for a redirect to itself); every request recorded in `hits`.
 */
export async function scriptedServer(answer: (hit: Hit, at: { index: number; origin: string }) => Answer) {
  const hits: Hit[] = [];
  // Read by `answer` only once requests come, after it is set.
  let origin = '';
  origin = await listen((req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      const hit = { method: req.method ?? '', path: req.url ?? '', headers: req.headers, body };
      hits.push(hit);
      const what = answer(hit, { index: hits.length - 1, origin });
      if (what === 'hang') return;
      if (what === 'close') return void req.socket.destroy();
      res.writeHead(what.status, { connection: 'close', ...what.headers }).end(what.body ?? '');
    });
  });
  return { origin, url: `${origin}/hook`, hits };
}
