import type { IncomingMessage, ServerResponse } from 'node:http';
import { dirname } from 'node:path';
import { handleAnalytics } from './analytics.ts';
import { createAnalyticsStore, type AnalyticsStore } from './analytics-store.ts';
import { createChangeNotifier, type ChangeNotifier } from './change-notifier.ts';
import { handleDashboard, handleDashboardCss, handleDashboardScript } from './dashboard.ts';
import { createDashboardStream } from './dashboard-stream.ts';
import { CORS_HEADERS, requestUrl, sendCrash } from './http.ts';
import type { LeadStore } from './lead-store.ts';
import { handleLeads, handleLeadsCss } from './leads.ts';
import { serveBundle } from './serve-bundle.ts';
import { handleWebhook, type WebhookOptions } from './webhook.ts';

export interface ReceiverOptions extends Omit<WebhookOptions, 'store' | 'changes'> {
  store: LeadStore;
  /**
   * Where `POST /analytics` appends funnel events.
   * @default an `analytics.jsonl` next to the lead store's file
   */
  analyticsStore?: AnalyticsStore;
  /**
   * Hears of every stored lead and analytics batch; the dashboard's live stream listens.
   * @default a notifier of the receiver's own
   */
  changes?: ChangeNotifier;
  /** Where `leadflow.js` and its source map are read from. */
  distDir: string;
}

export type Middleware = (req: IncomingMessage, res: ServerResponse, next: (error?: unknown) => void) => void;

/** The middleware, and a way to end the dashboard's open streams before its server closes. */
export type Receiver = Middleware & {
  /**
   * Ends the dashboard's live streams. A plain `node:http` server waits for open responses
   * before it closes, so call this first; the Vite plugin does.
   */
  close(): void;
};

const READ_METHODS = new Set(['GET', 'HEAD']);

/**
 * The demo's server side as connect-style middleware (Vite's dev and preview servers, or a
 * plain `node:http` server): the script-tag bundle, the webhook, the analytics endpoint, the
 * leads page and the conversion dashboard. Any other request goes to `next`.
 */
export function createReceiver(options: ReceiverOptions): Receiver {
  const { store, distDir, maxBodyBytes, now } = options;
  const analyticsStore = options.analyticsStore ?? createAnalyticsStore(dirname(store.file));
  const changes = options.changes ?? createChangeNotifier();
  const stream = createDashboardStream(changes);
  const route = (req: IncomingMessage, res: ServerResponse): Promise<void> | void | false => {
    const path = requestUrl(req).pathname;
    if (path === '/webhook') return handleWebhook(req, res, { ...options, changes });
    if (path === '/analytics') return handleAnalytics(req, res, { analyticsStore, changes, maxBodyBytes, now });
    if (!READ_METHODS.has(req.method ?? '')) return false;
    if (path === '/leadflow.js' || path === '/leadflow.js.map') return serveBundle(res, distDir, path.slice(1));
    if (path === '/leads' || path === '/leads/') return handleLeads(req, res, store);
    if (path === '/leads.css') return handleLeadsCss(req, res);
    if (path === '/dashboard' || path === '/dashboard/') return handleDashboard(req, res, { store, analyticsStore });
    if (path === '/dashboard/stream') return stream.handle(req, res);
    if (path === '/dashboard.js') return handleDashboardScript(req, res);
    if (path === '/dashboard.css') return handleDashboardCss(req, res);
    return false;
  };
  const middleware: Middleware = (req, res, next) => {
    let handled: ReturnType<typeof route>;
    try {
      handled = route(req, res);
    } catch (error) {
      return next(error);
    }
    if (handled === false) return next();
    // With CORS headers like every other answer to a POST (the webhook, analytics).
    Promise.resolve(handled).catch((error: unknown) => sendCrash(res, error, 'LeadFlow demo receiver', req.method === 'POST' ? CORS_HEADERS : {}));
  };
  return Object.assign(middleware, { close: () => stream.close() });
}
