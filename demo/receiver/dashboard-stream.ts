import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ChangeNotifier } from './change-notifier.ts';
import { isLoopback, sendText } from './http.ts';

export interface DashboardStream {
  /** `GET /dashboard/stream`: holds the response open and writes an event per change. */
  handle(req: IncomingMessage, res: ServerResponse): void;
  /** Ends every open stream, so a server can close without waiting for browsers to hang up. */
  close(): void;
}

/** How long a browser waits before reconnecting after the stream drops. */
const RETRY_MS = 2000;

/**
 * The dashboard's server-sent events: `event: change` with `{"what":"lead"}` or
 * `{"what":"analytics"}` whenever the notifier hears of a stored lead or batch. Only a
 * signal, never the data: the page fetches the numbers itself, through the same loopback
 * check as the page.
 */
export function createDashboardStream(changes: ChangeNotifier): DashboardStream {
  const open = new Set<ServerResponse>();
  const unsubscribe = changes.subscribe((what) => {
    const message = `event: change\ndata: ${JSON.stringify({ what })}\n\n`;
    for (const res of open) if (!res.destroyed) res.write(message);
  });
  let closed = false;

  return {
    handle(req, res) {
      if (!isLoopback(req.socket.remoteAddress))
        return sendText(res, 403, 'The demo shows its dashboard only on the machine it runs on.\n');
      if (closed) return sendText(res, 503, 'The demo server is shutting down.\n');
      res.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-store',
        'x-content-type-options': 'nosniff',
        // Vite and proxies must pass events on as they come, not buffer them.
        'x-accel-buffering': 'no',
      });
      if (req.method === 'HEAD') return void res.end();
      // Sent at once, so the browser sees the stream open (and the retry delay) before any change.
      res.write(`retry: ${RETRY_MS}\n: connected\n\n`);
      open.add(res);
      res.on('close', () => open.delete(res));
    },
    close() {
      closed = true;
      unsubscribe();
      for (const res of open) res.end();
      open.clear();
    },
  };
}
