import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ChangeNotifier } from './change-notifier.ts';
import { isFromThisMachine, sendText } from './http.ts';

export interface DashboardStream {
  /** `GET /dashboard/stream`: holds the response open and writes an event per change. */
  handle(req: IncomingMessage, res: ServerResponse): void;
  /** Ends every open stream, so a server can close without waiting for browsers to hang up. */
  close(): void;
}

/** How long a browser waits before reconnecting after the stream drops. */
const RETRY_MS = 2000;

export interface DashboardStreamOptions {
  /**
   * How often each open stream gets a `: ping` comment. Proxies and some browsers drop a
   * connection that stays silent for long; a comment keeps it open and is ignored by EventSource.
   * @default 15000
   */
  heartbeatMs?: number;
}

/**
 * The dashboard's server-sent events: `event: change` with `{"what":"lead"}` or
 * `{"what":"analytics"}` whenever the notifier hears of a stored lead or batch. Only a
 * signal, never the data: the page fetches the numbers itself, through the same loopback
 * check as the page. Between changes a `: ping` comment every `heartbeatMs` keeps the
 * connection from looking idle.
 */
export function createDashboardStream(changes: ChangeNotifier, options: DashboardStreamOptions = {}): DashboardStream {
  const { heartbeatMs = 15_000 } = options;
  /** Each open stream and its heartbeat. */
  const open = new Map<ServerResponse, ReturnType<typeof setInterval>>();
  const unsubscribe = changes.subscribe((what) => {
    const message = `event: change\ndata: ${JSON.stringify({ what })}\n\n`;
    for (const res of open.keys()) if (!res.destroyed) res.write(message);
  });
  let closed = false;

  return {
    handle(req, res) {
      if (!isFromThisMachine(req))
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
      const heartbeat = setInterval(() => {
        if (!res.destroyed) res.write(': ping\n\n');
      }, heartbeatMs);
      open.set(res, heartbeat);
      res.on('close', () => {
        clearInterval(heartbeat);
        open.delete(res);
      });
    },
    close() {
      closed = true;
      unsubscribe();
      for (const [res, heartbeat] of open) {
        clearInterval(heartbeat);
        res.end();
      }
      open.clear();
    },
  };
}
